#pragma once

#include "commandline.h"

namespace Paddock {

class Settings;

// `paddock report`, `paddock watch` and `paddock flush`: the engine and the figures of the window,
// without the window. Each returns the process exit status.
int runReportCommand(const CommandLine& commandLine, const Settings& settings);
int runWatchCommand(const CommandLine& commandLine, const Settings& settings);
int runFlushCommand(const CommandLine& commandLine, const Settings& settings);

} // namespace Paddock
