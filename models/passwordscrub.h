#pragma once

namespace Paddock {

// Hides, in place, the passwords a connection string given on the command line carries, so that
// the process list (ps, /proc/PID/cmdline) does not show them for the life of the process. Each
// character of a password becomes 'x'; the string keeps its length (the process list reads the
// memory the arguments were passed in). Recognised: the conninfo keyword (password=secret,
// password = 'sec ret'), the URI's user information (postgresql://user:secret@host) and its
// parameter (?password=secret). Returns whether anything was hidden.
bool hidePasswords(char* argument);

} // namespace Paddock
