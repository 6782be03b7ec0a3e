#pragma once

#include "databasehealth.h"
#include "farmdata.h"
#include "redisfigures.h"
#include "scheduledfigures.h"

#include <optional>
#include <QJsonObject>
#include <QMap>

namespace Paddock {

// Thresholds of the status rules (DESIGN.md section 3); the defaults are the documented ones.
struct Thresholds {
    double notRespondingAfterS = 30.0;
    double oldestPendingS = 10.0;
    qint64 backlog = 1000;
    double clockSkewMs = 2000.0;
    DatabaseThresholds database; // DESIGN.md section 7
};

// p50/p95/p99 by linear interpolation between closest ranks (percentile_cont), max; every value
// is nullopt when count is 0.
struct LatencyStats {
    qint64 count = 0;
    std::optional<double> p50;
    std::optional<double> p95;
    std::optional<double> p99;
    std::optional<double> max;

    static LatencyStats of(QList<double> valuesMs);
    QJsonObject toJson() const;
};

enum class ServerStatus { Disabled, Stopped, NotResponding, Degraded, Healthy };
QString statusName(ServerStatus status); // "disabled", "stopped", "not-responding", "degraded", "healthy"

enum class StorageStatus { Ok, Partial, Failing, Unknown }; // Unknown: no probe at all
QString statusName(StorageStatus status); // "ok", "partial", "failing", "unknown"

struct ServerFigures {
    ServerRow server;
    ServerStatus status = ServerStatus::Healthy;
    QStringList reasons; // why degraded / not responding, for people ("backlog 1500 > 1000")
    std::optional<double> lastHeartbeatAgeS;
    std::optional<double> clockSkewMs;
    qint64 backlog = 0;
    std::optional<double> oldestPendingAgeS;
    double deliveriesProcessedPerS = 0.0;
    qint64 deliveriesProcessed = 0;
    qint64 deliveriesFailed = 0;
    std::optional<double> cacheHitRatio;
    std::optional<qint64> cacheItems; // from the latest heartbeat
    std::optional<qint64> memoryBytes;
    LatencyStats cacheLatency;
    // Running another version than the farm's prevailing one, for people: "13.0.1 while 9 others run
    // 13.0.2" (VersionSkew). A mark, not a status.
    std::optional<QString> versionSkew;
    // Set when the figures could not be refreshed in time: the status is unknown, and `status` is
    // what was last seen, at this time (see Figures::aged).
    QDateTime lastSeenAt;
    bool isUnknown() const { return lastSeenAt.isValid(); }
};

// What the status rules say of one instance: its status and why, for people.
struct ServerVerdict {
    ServerStatus status = ServerStatus::Healthy;
    QStringList reasons;
};

struct StorageFigures {
    StorageRow storage;
    StorageStatus status = StorageStatus::Unknown;
    std::optional<double> probeLatencyP95Ms;
    QStringList failingServers; // names, sorted
    QStringList probingServers; // names of the instances with a latest probe, sorted
};

struct FlushTargetProgress {
    qint64 serverId = 0;
    QString serverName;
    enum class State { Pending, Acknowledged, Failed } state = State::Pending;
    std::optional<double> ackMs; // requested_at -> processed_at
    std::optional<double> pendingForS; // now - requested_at, while pending
    QString error;
};

QString statusName(FlushTargetProgress::State state); // "pending", "acknowledged", "failed"

struct FlushProgress {
    FlushRequestRow request;
    qint64 targets = 0;
    qint64 acknowledged = 0;
    qint64 failed = 0;
    qint64 pending = 0;
    std::optional<double> slowestAckMs;
    QList<FlushTargetProgress> perTarget; // sorted by server name
    bool done() const { return pending == 0; }
};

struct FarmFigures {
    qint64 servers = 0;
    QMap<QString, qint64> byStatus; // every status name, zeros included
    double tasksCreatedPerS = 0.0;
    qint64 tasksCreated = 0;
    double deliveriesProcessedPerS = 0.0;
    qint64 deliveriesProcessed = 0;
    qint64 deliveriesFailed = 0;
    qint64 backlog = 0;
    LatencyStats cacheLatency;
    QMap<QString, double> tasksCreatedPerSByType;
    QMap<QString, double> deliveriesProcessedPerSByType;
    QMap<QString, qint64> versions; // the running instances by version (VersionSkew)
};

// Where a snapshot's figures come from and how old they are (DESIGN.md section 8).
struct DataSource {
    QString state = QStringLiteral("connected"); // connected | not-answering | reconnecting | recording
    double dataAgeS = 0.0;
};

struct FarmSnapshot {
    QDateTime generatedAt; // DB clock
    int windowS = 60;
    int schemaVersion = 0;
    bool standby = false; // read on a hot standby
    std::optional<qint64> replayLagMs; // on a standby: how far its replay was behind (0: caught up)
    FarmFigures farm;
    QList<ServerFigures> servers; // sorted by name
    QList<StorageFigures> storage; // sorted by name
    QList<FlushProgress> flushes; // newest first
    QMap<QString, qint64> ignoredRows; // rows set aside by the reader's rules, by reason
    std::optional<RedisFigures> redis; // the farm's Redis, when one is configured (DESIGN.md section 6)
    std::optional<DatabaseFigures> database; // the database server's own health (DESIGN.md section 7)
    QList<ScheduledFigures> scheduled; // sorted by name (DESIGN.md section 9)

    // The `paddock report --json` object of DESIGN.md sections 3 and 8.
    QJsonObject toJson(const DataSource& source = {}) const;
    // Nagios-style: 0 all healthy, 1 something degraded (the database and scheduled tasks included), 2
    // an instance not responding, a storage, the Redis or a scheduled task failing.
    int exitStatus() const;
};

bool isCacheTaskType(const QString& type);

// The one definition of every figure. Pure: no I/O, no clock other than data.now.
class Figures {
public:
    static FarmSnapshot compute(const FarmData& data, int windowS, const Thresholds& thresholds = {});
    // The snapshot as it stands elapsedS after it was taken: ages counted on by the real clock. With
    // unknown (the data is older than its deadline), no instance is healthy any more: each keeps its
    // last status only as "last seen", at lastSeenAt.
    static FarmSnapshot aged(FarmSnapshot snapshot, double elapsedS, bool unknown, const QDateTime& lastSeenAt);

    // The pieces, public so that each is tested on its own.
    static std::optional<double> percentile(QList<double> sortedOrNot, double fraction);
    static std::optional<double> median(QList<double> values);
    static std::optional<double> cacheHitRatio(const QList<HeartbeatRow>& heartbeatsOfOneServer);
    static StorageStatus storageStatus(const QList<ProbeRow>& latestProbesOfOneStorage);
    // The status rules of DESIGN.md section 3 for one instance, from its figures (status and reasons
    // unset), its last heartbeat and its failing storage ("storage X failing: error", by name).
    static ServerVerdict serverStatus(const ServerFigures& figures, const QDateTime& lastHeartbeat,
        const QStringList& storageFailures, const QDateTime& now, const Thresholds& thresholds);
};

} // namespace Paddock
