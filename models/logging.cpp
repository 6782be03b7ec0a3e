#include "logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <mutex>

namespace Paddock::Log {

namespace {
    std::mutex g_mutex;
    spdlog::level::level_enum g_level = spdlog::level::warn;
}

void init(spdlog::level::level_enum level)
{
    std::lock_guard lock(g_mutex);
    g_level = level;
    spdlog::set_level(level);
    spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %n: %v");
    spdlog::apply_all([level](const std::shared_ptr<spdlog::logger>& logger) { logger->set_level(level); });
}

bool parseLevel(const QString& name, spdlog::level::level_enum* level)
{
    const auto parsed = spdlog::level::from_str(name.toLower().toStdString());
    // from_str answers "off" for anything it does not know.
    if (parsed == spdlog::level::off && name.toLower() != QLatin1String("off"))
        return false;
    *level = parsed;
    return true;
}

std::shared_ptr<spdlog::logger> get(const char* name)
{
    std::lock_guard lock(g_mutex);
    if (auto logger = spdlog::get(name))
        return logger;
    auto logger = spdlog::stderr_color_mt(name);
    logger->set_level(g_level);
    return logger;
}

} // namespace Paddock::Log
