#include "figures.h"

#include <cmath>
#include <QJsonArray>

// The `paddock report --json` form of the figures (DESIGN.md sections 3 and 8).
namespace Paddock {

namespace {

QJsonValue jsonValue(const std::optional<double>& value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonValue jsonValue(const std::optional<qint64>& value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonValue jsonText(const QString& text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue jsonTime(const QDateTime& time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}

QJsonObject jsonObject(const QMap<QString, double>& map)
{
    QJsonObject object;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

QJsonObject jsonObject(const QMap<QString, qint64>& map)
{
    QJsonObject object;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

QJsonObject farmJson(const FarmFigures& farm)
{
    return QJsonObject {
        { QStringLiteral("servers"), farm.servers },
        { QStringLiteral("by_status"), jsonObject(farm.byStatus) },
        { QStringLiteral("tasks_created"), farm.tasksCreated },
        { QStringLiteral("tasks_created_per_s"), farm.tasksCreatedPerS },
        { QStringLiteral("tasks_created_per_s_by_type"), jsonObject(farm.tasksCreatedPerSByType) },
        { QStringLiteral("deliveries_processed"), farm.deliveriesProcessed },
        { QStringLiteral("deliveries_processed_per_s"), farm.deliveriesProcessedPerS },
        { QStringLiteral("deliveries_processed_per_s_by_type"), jsonObject(farm.deliveriesProcessedPerSByType) },
        { QStringLiteral("deliveries_failed"), farm.deliveriesFailed },
        { QStringLiteral("backlog"), farm.backlog },
        { QStringLiteral("cache_latency_ms"), farm.cacheLatency.toJson() },
        { QStringLiteral("versions"), jsonObject(farm.versions) },
    };
}

QJsonObject serverJson(const ServerFigures& figures)
{
    return QJsonObject {
        { QStringLiteral("name"), figures.server.name },
        { QStringLiteral("display_name"), jsonText(figures.server.displayName) },
        { QStringLiteral("zone"), jsonText(figures.server.zone) },
        { QStringLiteral("host"), jsonText(figures.server.host) },
        { QStringLiteral("version"), jsonText(figures.server.version) },
        { QStringLiteral("version_skew"),
            figures.versionSkew ? QJsonValue(*figures.versionSkew) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("status"), statusName(figures.status) },
        { QStringLiteral("reasons"), QJsonArray::fromStringList(figures.reasons) },
        { QStringLiteral("last_heartbeat_age_s"), jsonValue(figures.lastHeartbeatAgeS) },
        { QStringLiteral("clock_skew_ms"), jsonValue(figures.clockSkewMs) },
        { QStringLiteral("backlog"), figures.backlog },
        { QStringLiteral("oldest_pending_age_s"), jsonValue(figures.oldestPendingAgeS) },
        { QStringLiteral("deliveries_processed"), figures.deliveriesProcessed },
        { QStringLiteral("deliveries_processed_per_s"), figures.deliveriesProcessedPerS },
        { QStringLiteral("deliveries_failed"), figures.deliveriesFailed },
        { QStringLiteral("cache_hit_ratio"), jsonValue(figures.cacheHitRatio) },
        { QStringLiteral("cache_items"), jsonValue(figures.cacheItems) },
        { QStringLiteral("memory_bytes"), jsonValue(figures.memoryBytes) },
        { QStringLiteral("cache_latency_ms"), figures.cacheLatency.toJson() },
    };
}

QJsonObject storageJson(const StorageFigures& figures)
{
    return QJsonObject {
        { QStringLiteral("name"), figures.storage.name },
        { QStringLiteral("kind"), jsonText(figures.storage.kind) },
        { QStringLiteral("status"), statusName(figures.status) },
        { QStringLiteral("probe_latency_ms_p95"), jsonValue(figures.probeLatencyP95Ms) },
        { QStringLiteral("failing_servers"), QJsonArray::fromStringList(figures.failingServers) },
        { QStringLiteral("probing_servers"), QJsonArray::fromStringList(figures.probingServers) },
    };
}

QJsonObject flushJson(const FlushProgress& progress)
{
    QJsonArray perTarget;
    for (const FlushTargetProgress& target : progress.perTarget) {
        perTarget.append(QJsonObject {
            { QStringLiteral("name"), target.serverName },
            { QStringLiteral("state"), statusName(target.state) },
            { QStringLiteral("ack_ms"), jsonValue(target.ackMs) },
            { QStringLiteral("pending_for_s"), jsonValue(target.pendingForS) },
            { QStringLiteral("error"), jsonText(target.error) },
        });
    }
    return QJsonObject {
        { QStringLiteral("id"), progress.request.id },
        { QStringLiteral("requested_by"), progress.request.requestedBy },
        { QStringLiteral("requested_at"), jsonTime(progress.request.requestedAt) },
        { QStringLiteral("scope"), progress.request.scope },
        { QStringLiteral("reason"), jsonText(progress.request.reason) },
        { QStringLiteral("targets"), progress.targets },
        { QStringLiteral("acknowledged"), progress.acknowledged },
        { QStringLiteral("failed"), progress.failed },
        { QStringLiteral("pending"), progress.pending },
        { QStringLiteral("slowest_ack_ms"), jsonValue(progress.slowestAckMs) },
        { QStringLiteral("per_target"), perTarget },
    };
}

} // namespace

QJsonObject LatencyStats::toJson() const
{
    return QJsonObject { { QStringLiteral("count"), count }, { QStringLiteral("p50"), jsonValue(p50) },
        { QStringLiteral("p95"), jsonValue(p95) }, { QStringLiteral("p99"), jsonValue(p99) },
        { QStringLiteral("max"), jsonValue(max) } };
}

namespace Redis {

QJsonObject toJson(const RedisFigures& figures)
{
    return QJsonObject {
        { QStringLiteral("address"), figures.address },
        { QStringLiteral("status"), statusName(figures.status) },
        { QStringLiteral("reasons"), QJsonArray::fromStringList(figures.reasons) },
        { QStringLiteral("version"), jsonText(figures.version) },
        { QStringLiteral("role"), jsonText(figures.role) },
        { QStringLiteral("ping_ms_p50"), jsonValue(figures.pingP50Ms) },
        { QStringLiteral("ping_ms_p99"), jsonValue(figures.pingP99Ms) },
        { QStringLiteral("hit_ratio"), jsonValue(figures.hitRatio) },
        { QStringLiteral("hits_per_s"), jsonValue(figures.hitsPerS) },
        { QStringLiteral("misses_per_s"), jsonValue(figures.missesPerS) },
        { QStringLiteral("evicted_keys_per_s"), jsonValue(figures.evictedKeysPerS) },
        { QStringLiteral("expired_keys_per_s"), jsonValue(figures.expiredKeysPerS) },
        { QStringLiteral("ops_per_s"), jsonValue(figures.opsPerS) },
        { QStringLiteral("used_memory_bytes"), jsonValue(figures.usedMemoryBytes) },
        { QStringLiteral("maxmemory_bytes"), jsonValue(figures.maxMemoryBytes) },
        { QStringLiteral("connected_clients"), jsonValue(figures.connectedClients) },
        { QStringLiteral("instances_connected"), QJsonArray::fromStringList(figures.instancesConnected) },
        { QStringLiteral("instances_missing"), QJsonArray::fromStringList(figures.instancesMissing) },
        { QStringLiteral("backplane_subscribers"), jsonValue(figures.backplaneSubscribers) },
        { QStringLiteral("cannot_see"), QJsonArray::fromStringList(figures.cannotSee) },
        { QStringLiteral("sampled_s"), figures.sampledS },
    };
}

} // namespace Redis

namespace Database {

namespace {

QJsonArray pidArray(const QList<qint64>& pids)
{
    QJsonArray array;
    for (qint64 pid : pids)
        array.append(pid);
    return array;
}

QJsonObject sessionJson(const DatabaseSession& session)
{
    const SessionRow& row = session.row;
    return QJsonObject {
        { QStringLiteral("pid"), row.pid },
        { QStringLiteral("instance"), jsonText(session.instance) },
        { QStringLiteral("application_name"), row.applicationName },
        { QStringLiteral("user"), row.user },
        { QStringLiteral("client_addr"), jsonText(row.clientAddr) },
        { QStringLiteral("state"), jsonText(row.state) },
        { QStringLiteral("wait_event"),
            row.waitEventType.isEmpty() ? QJsonValue(QJsonValue::Null)
                                        : QJsonValue(row.waitEventType + QLatin1Char(':') + row.waitEvent) },
        { QStringLiteral("transaction_age_s"), jsonValue(session.transactionAgeS) },
        { QStringLiteral("waiting_s"), jsonValue(session.waitingS) },
        { QStringLiteral("blocked_by"), pidArray(row.blockedBy) },
        { QStringLiteral("blocking"), session.blocking },
        { QStringLiteral("query"), jsonText(row.query) },
    };
}

} // namespace

QJsonObject toJson(const DatabaseFigures& figures)
{
    QJsonObject byInstance;
    for (auto it = figures.sessionsByInstance.cbegin(); it != figures.sessionsByInstance.cend(); ++it)
        byInstance.insert(it.key(), it.value());
    QJsonArray tables;
    for (const RelationRow& table : figures.tables) {
        tables.append(QJsonObject { { QStringLiteral("name"), table.name }, { QStringLiteral("bytes"), table.bytes },
            { QStringLiteral("live_rows"), jsonValue(table.liveRows) },
            { QStringLiteral("dead_rows"), jsonValue(table.deadRows) },
            { QStringLiteral("last_vacuum"), jsonTime(table.lastVacuum) } });
    }
    QJsonArray standbys;
    for (const StandbyRow& standby : figures.standbys) {
        standbys.append(QJsonObject { { QStringLiteral("name"), standby.name },
            { QStringLiteral("client_addr"), jsonText(standby.clientAddr) },
            { QStringLiteral("state"), jsonText(standby.state) },
            { QStringLiteral("replay_lag_s"), jsonValue(standby.replayLagS) } });
    }
    QJsonArray notable;
    for (const DatabaseSession& session : figures.notable)
        notable.append(sessionJson(session));
    return QJsonObject {
        { QStringLiteral("role"), figures.role },
        { QStringLiteral("status"), statusName(figures.status) },
        { QStringLiteral("reasons"), QJsonArray::fromStringList(figures.reasons) },
        { QStringLiteral("replay_lag_s"), jsonValue(figures.replayLagS) },
        { QStringLiteral("connections"), figures.connections },
        { QStringLiteral("max_connections"), figures.maxConnections },
        { QStringLiteral("sessions_by_instance"), byInstance },
        { QStringLiteral("blocked_sessions"), figures.blockedSessions },
        { QStringLiteral("blocked_instances"), QJsonArray::fromStringList(figures.blockedInstances) },
        { QStringLiteral("oldest_transaction_age_s"), jsonValue(figures.oldestTransactionAgeS) },
        { QStringLiteral("oldest_transaction_pid"), jsonValue(figures.oldestTransactionPid) },
        { QStringLiteral("tables"), tables },
        { QStringLiteral("standbys"), standbys },
        { QStringLiteral("sessions"), notable },
        { QStringLiteral("cannot_see"), QJsonArray::fromStringList(figures.cannotSee) },
    };
}

} // namespace Database

namespace Scheduled {

QJsonObject toJson(const ScheduledFigures& figures)
{
    const auto names = [](const QStringList& list) {
        return list.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(list.join(QStringLiteral(", ")));
    };
    return QJsonObject {
        { QStringLiteral("name"), figures.task.name },
        { QStringLiteral("status"), statusName(figures.status) },
        { QStringLiteral("reasons"), QJsonArray::fromStringList(figures.reasons) },
        { QStringLiteral("enabled"), figures.task.enabled },
        { QStringLiteral("interval_s"), figures.task.intervalS },
        { QStringLiteral("timeout_s"), figures.task.timeoutS },
        { QStringLiteral("last_server"), jsonText(figures.lastServer) },
        { QStringLiteral("last_started_at"), jsonTime(figures.lastStartedAt) },
        { QStringLiteral("last_duration_s"), jsonValue(figures.lastDurationS) },
        { QStringLiteral("last_outcome"), jsonText(figures.lastOutcome) },
        { QStringLiteral("last_error"), jsonText(figures.lastError) },
        { QStringLiteral("next_due_at"), jsonTime(figures.nextDueAt) },
        { QStringLiteral("late_s"), jsonValue(figures.lateS) },
        { QStringLiteral("running_on"), names(figures.runningOn) },
        { QStringLiteral("running_for_s"), jsonValue(figures.runningForS) },
        { QStringLiteral("abandoned_on"), QJsonArray::fromStringList(figures.abandonedOn) },
        { QStringLiteral("runs_in_window"), figures.runsInWindow },
        { QStringLiteral("missed_in_window"), figures.missedInWindow },
        { QStringLiteral("duplicates_in_window"), figures.duplicatesInWindow },
        { QStringLiteral("failed_in_window"), figures.failedInWindow },
    };
}

} // namespace Scheduled

QJsonObject FarmSnapshot::toJson(const DataSource& source) const
{
    QJsonArray serverArray;
    for (const ServerFigures& figures : servers)
        serverArray.append(serverJson(figures));
    QJsonArray storageArray;
    for (const StorageFigures& figures : storage)
        storageArray.append(storageJson(figures));
    QJsonArray flushArray;
    for (const FlushProgress& progress : flushes)
        flushArray.append(flushJson(progress));
    QJsonArray scheduledArray;
    for (const ScheduledFigures& figures : scheduled)
        scheduledArray.append(Scheduled::toJson(figures));
    QJsonObject ignored;
    for (auto it = ignoredRows.cbegin(); it != ignoredRows.cend(); ++it)
        ignored.insert(it.key(), it.value());
    return QJsonObject {
        { QStringLiteral("generated_at"), jsonTime(generatedAt) },
        { QStringLiteral("window_s"), windowS },
        { QStringLiteral("schema_version"), schemaVersion },
        { QStringLiteral("farm"), farmJson(farm) },
        { QStringLiteral("servers"), serverArray },
        { QStringLiteral("storage"), storageArray },
        { QStringLiteral("flushes"), flushArray },
        { QStringLiteral("scheduled"), scheduledArray },
        { QStringLiteral("ignored_rows"), ignored },
        { QStringLiteral("redis"), redis ? QJsonValue(Redis::toJson(*redis)) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("database"),
            database ? QJsonValue(Database::toJson(*database)) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("source"),
            QJsonObject { { QStringLiteral("state"), source.state },
                // A standby's replay lag counts into the age of what it shows.
                { QStringLiteral("data_age_s"),
                    std::round((source.dataAgeS + double(replayLagMs.value_or(0)) / 1000.0) * 1000.0) / 1000.0 },
                { QStringLiteral("standby"), standby },
                { QStringLiteral("replay_lag_s"),
                    replayLagMs ? QJsonValue(double(*replayLagMs) / 1000.0) : QJsonValue(QJsonValue::Null) } } },
    };
}

} // namespace Paddock
