#pragma once

#include <QString>

namespace Paddock {

// `paddock schema install|check|upgrade`; returns the process exit status.
struct CommandLine;

int runSchemaCommand(const CommandLine& commandLine);

} // namespace Paddock
