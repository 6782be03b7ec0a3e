#pragma once

#include <optional>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace Paddock {

// The raw rows the figures are computed from (DESIGN.md section 3). The engine keeps these up to
// date from the database; tests build them by hand. All timestamps are on the DB clock except
// Heartbeat::sentAt (the instance's clock).

struct ServerRow {
    qint64 id = 0;
    QString name;
    QString displayName;
    QString host;
    QString zone;
    QString version;
    bool enabled = true;
    QDateTime registeredAt;
    QDateTime startedAt;
    QDateTime stoppedAt; // null while running
};

struct HeartbeatRow {
    qint64 serverId = 0;
    QDateTime sentAt; // instance clock
    QDateTime receivedAt; // DB clock
    std::optional<qint64> cacheItems;
    std::optional<qint64> cacheHits;
    std::optional<qint64> cacheMisses;
    std::optional<qint64> memoryBytes;
};

// One processed delivery (server_task with processed_at set) joined with its task.
struct DeliveryRow {
    qint64 taskId = 0;
    qint64 serverId = 0;
    QString taskType;
    QDateTime createdAt; // task.created_at
    QDateTime processedAt;
    QString errorMessage; // null when processed without error
    std::optional<qint64> flushRequestId;

    bool failed() const { return !errorMessage.isNull(); }
};

struct TaskRow {
    qint64 id = 0;
    QString type;
    QDateTime createdAt;
    std::optional<qint64> creatorServerId;
    std::optional<qint64> flushRequestId;
};

// The pending deliveries of one instance, aggregated.
struct BacklogRow {
    qint64 serverId = 0;
    qint64 pending = 0;
    QDateTime oldestCreatedAt; // null when nothing is pending
};

struct StorageRow {
    qint64 id = 0;
    QString name;
    QString kind;
    QString location;
};

struct ProbeRow {
    qint64 storageId = 0;
    qint64 serverId = 0;
    QDateTime probedAt;
    bool ok = true;
    std::optional<double> latencyMs;
    std::optional<qint64> freeBytes;
    QString error;
};

struct FlushTargetRow {
    qint64 serverId = 0;
    QDateTime processedAt; // null while pending
    QString errorMessage; // null unless it failed
};

struct FlushRequestRow {
    qint64 id = 0;
    QDateTime requestedAt;
    QString requestedBy;
    QString clientAddr;
    QString applicationName;
    QString scope;
    QList<qint64> serverIds;
    QStringList cacheKeys;
    QString reason;
    std::optional<qint64> taskId;
    QList<FlushTargetRow> targets;
};

// One client session of the database server (pg_stat_activity), as the monitor's login may see
// it: another login's session shows its state, times and query only with pg_read_all_stats
// (`visible`). Times on the DB clock.
struct SessionRow {
    qint64 pid = 0;
    QString applicationName;
    QString user;
    QString clientAddr;
    QString database;
    bool visible = true;
    bool own = false; // the session that read this
    QString state; // active, idle, idle in transaction, ...; empty when not visible
    QString waitEventType;
    QString waitEvent;
    QDateTime backendStart;
    QDateTime xactStart; // null outside a transaction (or not visible)
    QDateTime stateChange;
    QString query; // its first line, cut; empty when not visible
    QList<qint64> blockedBy; // pg_blocking_pids(): empty unless it waits on a lock held by others
    QDateTime lockWaitStart; // pg_locks.waitstart of the lock it waits for
};

// One table of the webfarm schema (a partitioned one with its partitions summed).
struct RelationRow {
    QString name;
    qint64 bytes = 0; // pg_total_relation_size
    std::optional<qint64> liveRows;
    std::optional<qint64> deadRows;
    QDateTime lastVacuum; // manual or auto, whichever is later
};

// One standby streaming from this server (pg_stat_replication).
struct StandbyRow {
    QString name; // its application_name
    QString clientAddr;
    QString state;
    std::optional<double> replayLagS;
};

// The database server's own state, read at each refresh (DESIGN.md section 7).
struct DatabaseRows {
    QString login; // the monitor's own (current_user)
    qint64 maxConnections = 0;
    bool seesAllSessions = false; // pg_read_all_stats (pg_monitor) held by the login
    bool tablesRead = false; // the table sizes are read less often than the rest
    QList<SessionRow> sessions; // client backends of the whole server
    QList<RelationRow> tables; // by name
    QList<StandbyRow> standbys;
};

struct EventRow;

// One row of webfarm.scheduled_task (DESIGN.md section 9).
struct ScheduledTaskRow {
    qint64 id = 0;
    QString name;
    qint64 intervalS = 0;
    bool enabled = true;
    QDateTime nextRunAt;
    qint64 timeoutS = 3600;
};

// One row of webfarm.scheduled_run: one execution of a scheduled task.
struct ScheduledRunRow {
    qint64 id = 0;
    qint64 taskId = 0;
    qint64 serverId = 0;
    QDateTime dueAt; // the slot it ran for; null for a manual run
    QDateTime startedAt;
    QDateTime finishedAt; // null while it runs
    QString error; // null unless it failed
    bool manual = false;

    bool finished() const { return finishedAt.isValid(); }
    bool failed() const { return !error.isNull(); }
};

struct FarmData {
    QDateTime now; // DB clock when the data was read: the end of the window
    int schemaVersion = 0;
    bool standby = false; // read on a hot standby
    // On a standby: how far behind its replay is (0 caught up with a live primary); the data is that
    // much older than `now`.
    std::optional<qint64> replayLagMs;
    QList<ServerRow> servers;
    QHash<qint64, QDateTime> lastHeartbeat; // server id -> latest received_at, ever
    QList<HeartbeatRow> heartbeats; // at least those received in the window
    QList<TaskRow> tasks; // at least those created in the window
    QList<DeliveryRow> deliveries; // at least those processed in the window
    QList<BacklogRow> backlog; // one per instance with pending deliveries
    QList<StorageRow> storages;
    QList<ProbeRow> latestProbes; // the latest probe of each (storage, server)
    QList<ProbeRow> probes; // at least those made in the window
    QList<FlushRequestRow> flushes; // the recent ones, newest first
    QMap<QString, qint64> ignoredRows; // rows set aside by RowRules, by reason
    std::optional<DatabaseRows> database; // none when the reader was told not to look
    // Scheduled tasks (schema version 7 and later; empty before): every task, and the runs that
    // started in the window, those not finished, and each task's latest runs before the window.
    QList<ScheduledTaskRow> scheduledTasks;
    QList<ScheduledRunRow> scheduledRuns;
    // The DUPLICATE_NAME events of the instances' latest registrations (tests may add STOPPED ones).
    QList<EventRow> registrationEvents; // EventRow: below
};

} // namespace Paddock

namespace Paddock {

// One row of webfarm.server_log: an instance event.
struct EventRow {
    qint64 serverId = 0;
    QDateTime loggedAt;
    QString code;
    QString message;
};

} // namespace Paddock
