#pragma once

#include "redisaddress.h"

#include <optional>
#include <QList>
#include <QString>
#include <QStringList>
#include <spdlog/common.h>

namespace Paddock {

// One fault on demand (--silence, --slow, --outage, --skew, --leave, --join, --redis-slow,
// --redis-evict, --redis-drop, --lock, --long-transaction, --deploy, --crash-during-run,
// --unsafe-scheduler, --duplicate-name) or of a scenario.
struct FaultEvent {
    enum class Kind {
        Silence,
        Slow,
        Outage,
        Skew,
        Leave,
        Join,
        RedisSlow,
        RedisEvict,
        RedisDrop,
        Lock,
        LongTransaction,
        Deploy,
        CrashDuringRun,
        UnsafeScheduler,
        DuplicateName
    };

    Kind kind = Kind::Silence;
    double at = 0; // seconds since the farm started
    double duration = 0; // silence, outage: 0 lasts until the end; redis-slow, lock, long-transaction: above 0
    QString target; // the instance; the storage of an outage; the name a joining instance gets; none for
                    // redis-slow and redis-evict (the whole Redis server), long-transaction and deploy
    QStringList instances; // outage: the instances that lose the storage, empty = all; deploy: the instances
                           // it restarts, in their order (the plan fills it in)
    QString version; // deploy: the version the instances restart on
    double factor = 1; // slow: processing latency × factor
    int skewMs = 0; // skew: heartbeat sent_at = now + skewMs
    QString spec; // as written, for messages

    // A deploy restarts one instance every DeploySpacingS; each is down RestartPauseS between its
    // stop_server and its register_server.
    static constexpr double DeploySpacingS = 5;
    static constexpr double RestartPauseS = 1;

    static QString optionName(Kind kind); // "silence", "slow", …
    QString describe() const; // "silence web-03", "outage media for 120s on web-01, web-04", …
    bool affects(const QString& instance) const;
    bool isRedis() const { return kind == Kind::RedisSlow || kind == Kind::RedisEvict || kind == Kind::RedisDrop; }
    // Played from a control session of the simulator's own (DbFaults).
    bool isDatabase() const { return kind == Kind::Lock || kind == Kind::LongTransaction; }
};

// What the user asked for on the command line; parsing never touches the network.
struct SimConfig {
    enum class Mode { Run, DryRun, Help, Manual, Version, Error };
    enum class Scenario { Steady, Incident };

    Mode mode = Mode::Run;
    QString connect; // libpq connection string or URI; empty = PG* environment
    QString controlConnect; // the control sessions' (--lock, --long-transaction); empty = connect
    std::optional<RedisAddress> redis; // --redis: every instance keeps its cache there
    int instances = 6;
    int zones = 2;
    int storages = 2;
    double taskRate = 20; // tasks per second across the farm
    double heartbeatInterval = 2;
    double pollInterval = 1;
    double duration = 0; // 0 = until stopped
    quint64 seed = 0;
    bool seedGiven = false;
    Scenario scenario = Scenario::Steady;
    spdlog::level::level_enum logLevel = spdlog::level::info;
    QList<FaultEvent> faults; // from the command line, in the order given
    QString helpText;
    QString manualPage; // --man: paddock-sim(1) in roff
    QString error;

    static SimConfig parse(const QStringList& arguments);

    // "90", "90s", "1.5", "2m", "1m30s", "500ms", "1h" as seconds; nullopt when malformed or negative.
    static std::optional<double> parseTime(const QString& text);
    // One fault spec without its option, e.g. parseFault(Kind::Slow, "web-02@30:25"). On failure
    // *error says what is wrong, naming the option and the spec.
    static std::optional<FaultEvent> parseFault(FaultEvent::Kind kind, const QString& spec, QString* error);
    // The version every instance runs until a --deploy.
    static constexpr const char* DefaultVersion = "13.0.1";

    static QString scenarioName(Scenario scenario);
    // Seconds for people: "20s", "1.5s", "0.25s".
    static QString formatTime(double seconds);
};

} // namespace Paddock
