#include "logging.h"

#include <mutex>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace Paddock::Log {

namespace {
std::mutex g_mutex;
spdlog::level::level_enum g_level = spdlog::level::warn;
} // namespace

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
    // PADDOCK_LOG_LEVEL sets the level before init() runs (tests, early start-up).
    static const bool fromEnvironment = [] {
        spdlog::level::level_enum level;
        if (qEnvironmentVariableIsSet("PADDOCK_LOG_LEVEL") && parseLevel(qEnvironmentVariable("PADDOCK_LOG_LEVEL"), &level))
            g_level = level;
        return true;
    }();
    Q_UNUSED(fromEnvironment)
    if (auto logger = spdlog::get(name))
        return logger;
    auto logger = spdlog::stderr_color_mt(name);
    logger->set_level(g_level);
    return logger;
}

} // namespace Paddock::Log
