#include "logging.h"

#include <array>
#include <mutex>
#include <optional>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace Paddock::Log {

namespace {

std::mutex g_mutex; // guards g_level and the making of loggers
std::optional<spdlog::level::level_enum> g_level; // set by init()

spdlog::level::level_enum environmentLevel()
{
    spdlog::level::level_enum level = spdlog::level::warn;
    if (qEnvironmentVariableIsSet("PADDOCK_LOG_LEVEL") && parseLevel(qEnvironmentVariable("PADDOCK_LOG_LEVEL"), &level))
        return level;
    return spdlog::level::warn;
}

std::shared_ptr<spdlog::logger> make(const char* name)
{
    std::lock_guard lock(g_mutex);
    if (auto logger = spdlog::get(name))
        return logger;
    auto logger = spdlog::stderr_color_mt(name);
    logger->set_level(g_level.value_or(environmentLevel()));
    return logger;
}

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

bool chooseLevel(
    const QString& commandLine, spdlog::level::level_enum fallback, spdlog::level::level_enum* level, QString* error)
{
    if (!commandLine.isNull()) {
        if (parseLevel(commandLine, level))
            return true;
        *error = QStringLiteral("unknown log level \"%1\"").arg(commandLine);
        return false;
    }
    if (qEnvironmentVariableIsSet("PADDOCK_LOG_LEVEL")) {
        const QString fromEnvironment = qEnvironmentVariable("PADDOCK_LOG_LEVEL");
        if (parseLevel(fromEnvironment, level))
            return true;
        *error = QStringLiteral("unknown log level \"%1\" in PADDOCK_LOG_LEVEL").arg(fromEnvironment);
        return false;
    }
    *level = fallback;
    return true;
}

const std::shared_ptr<spdlog::logger>& logger(Channel channel)
{
    // Made once, together: a log line costs no lookup and no lock.
    static const std::array<std::shared_ptr<spdlog::logger>, 6> loggers { make("paddock.db"), make("paddock.schema"),
        make("paddock.engine"), make("paddock.recorder"), make("paddock.ui"), make("paddock.sim") };
    return loggers[std::size_t(channel)];
}

} // namespace Paddock::Log
