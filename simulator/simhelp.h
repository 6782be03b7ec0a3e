#pragma once

#include "programhelp.h"

namespace Paddock {

// What `paddock-sim --help` and paddock-sim(1) say besides the options: the faults, Redis, the
// scenarios, the farm it plays, the exit status and the environment.
ProgramHelp simulatorHelp(const QList<QCommandLineOption>& options);

} // namespace Paddock
