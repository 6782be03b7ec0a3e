#pragma once

#include <memory>
#include <QString>
#include <spdlog/spdlog.h>

namespace Paddock::Log {

// Sets the level of every logger, those made later included, and the line pattern on stderr.
void init(spdlog::level::level_enum level);
// Parses "trace|debug|info|warn|error|off"; false when unknown.
bool parseLevel(const QString& name, spdlog::level::level_enum* level);
// The level a program runs at: the command line's `--log-level` (null when not given) wins over
// PADDOCK_LOG_LEVEL, which wins over the program's default. False with a one-line reason when the
// one that decides is not a level.
bool chooseLevel(
    const QString& commandLine, spdlog::level::level_enum fallback, spdlog::level::level_enum* level, QString* error);

// The named loggers on stderr, made once. Before init() they log at PADDOCK_LOG_LEVEL (tests,
// early start-up), else warn.
enum class Channel { Db, Schema, Engine, Recorder, Ui, Sim }; // in the order of logger()'s table
const std::shared_ptr<spdlog::logger>& logger(Channel channel);
inline const std::shared_ptr<spdlog::logger>& db() // paddock.db: libpq sessions
{
    return logger(Channel::Db);
}
inline const std::shared_ptr<spdlog::logger>& schema() // paddock.schema: migrations
{
    return logger(Channel::Schema);
}
inline const std::shared_ptr<spdlog::logger>& engine() // paddock.engine: reads, the live engine
{
    return logger(Channel::Engine);
}
inline const std::shared_ptr<spdlog::logger>& recorder() // paddock.recorder: the flight recorder
{
    return logger(Channel::Recorder);
}
inline const std::shared_ptr<spdlog::logger>& ui() // paddock.ui: the window
{
    return logger(Channel::Ui);
}
inline const std::shared_ptr<spdlog::logger>& sim() // paddock.sim: the simulator
{
    return logger(Channel::Sim);
}

} // namespace Paddock::Log
