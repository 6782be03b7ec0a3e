#pragma once

#include <memory>
#include <QString>
#include <spdlog/spdlog.h>

namespace Paddock::Log {

// Sets up the named loggers (paddock.db, paddock.schema, paddock.sim, …) on stderr.
void init(spdlog::level::level_enum level);
// Parses "trace|debug|info|warn|error|off"; false when unknown.
bool parseLevel(const QString& name, spdlog::level::level_enum* level);

std::shared_ptr<spdlog::logger> get(const char* name);
inline std::shared_ptr<spdlog::logger> db()
{
    return get("paddock.db");
}
inline std::shared_ptr<spdlog::logger> schema()
{
    return get("paddock.schema");
}

} // namespace Paddock::Log
