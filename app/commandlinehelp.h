#pragma once

#include "programhelp.h"

namespace Paddock {

// What `paddock --help` and paddock(1) say besides the options: the commands, connections, times,
// exit statuses, environment, files and settings.
ProgramHelp paddockHelp(const QList<QCommandLineOption>& options);

} // namespace Paddock
