#pragma once

#include <QString>

namespace Paddock {

// `paddock schema install|check|upgrade`; returns the process exit status.
int runSchemaCommand(const QString& subcommand, const QString& conninfo);

} // namespace Paddock
