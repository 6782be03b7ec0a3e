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
