#include "figures.h"

#include <algorithm>
#include <cmath>
#include <QJsonArray>
#include <QSet>

namespace Paddock {

namespace {

// (now - W, now]: a row exactly W old belongs to the previous window, so that consecutive
// windows never count it twice.
class Window {
public:
    Window(const QDateTime& now, int seconds)
        : m_now(now)
        , m_start(now.addSecs(-seconds))
        , m_seconds(seconds)
    {
    }

    bool contains(const QDateTime& t) const { return t.isValid() && m_now.isValid() && t > m_start && t <= m_now; }
    double perSecond(qint64 count) const { return m_seconds > 0 ? double(count) / m_seconds : 0.0; }

private:
    QDateTime m_now;
    QDateTime m_start;
    int m_seconds;
};

std::optional<double> msBetween(const QDateTime& from, const QDateTime& to)
{
    if (!from.isValid() || !to.isValid())
        return std::nullopt;
    return double(from.msecsTo(to));
}

std::optional<double> secondsBetween(const QDateTime& from, const QDateTime& to)
{
    const auto ms = msBetween(from, to);
    return ms ? std::optional<double>(*ms / 1000.0) : std::nullopt;
}

std::optional<double> percentileOfSorted(const QList<double>& sorted, double fraction)
{
    if (sorted.isEmpty() || std::isnan(fraction))
        return std::nullopt;
    const double position = std::clamp(fraction, 0.0, 1.0) * double(sorted.size() - 1);
    const auto lower = qsizetype(std::floor(position));
    const auto upper = qsizetype(std::ceil(position));
    return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - double(lower));
}

// For people: one decimal, no trailing zeros ("12.3", "41"), more only where one decimal would
// look equal to the threshold it is compared with ("30.001 s" against 30 s).
QString number(double value, double threshold = std::numeric_limits<double>::quiet_NaN())
{
    auto format = [](double v, int decimals) {
        QString text = QString::number(v, 'f', decimals);
        if (text.contains(QLatin1Char('.'))) {
            while (text.endsWith(QLatin1Char('0')))
                text.chop(1);
            if (text.endsWith(QLatin1Char('.')))
                text.chop(1);
        }
        return text == QLatin1String("-0") ? QStringLiteral("0") : text;
    };
    QString text = format(value, 1);
    if (!std::isnan(threshold) && value != threshold && text == format(threshold, 1))
        text = format(value, 3);
    return text;
}

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

struct DeliveryTally {
    qint64 processed = 0;
    qint64 failed = 0;
    QList<double> cacheLatencies;
};

struct HeartbeatTally {
    QList<HeartbeatRow> inWindow;
    const HeartbeatRow* latest = nullptr;
};

template<typename NameOf>
FlushProgress flushProgress(const FlushRequestRow& request, const QDateTime& now, const NameOf& nameOf)
{
    FlushProgress progress;
    progress.request = request;
    progress.targets = request.targets.size();
    for (const FlushTargetRow& target : request.targets) {
        FlushTargetProgress item;
        item.serverId = target.serverId;
        item.serverName = nameOf(target.serverId);
        if (!target.processedAt.isValid()) {
            item.state = FlushTargetProgress::State::Pending;
            item.pendingForS = secondsBetween(request.requestedAt, now);
            ++progress.pending;
        } else {
            item.ackMs = msBetween(request.requestedAt, target.processedAt);
            if (target.errorMessage.isNull()) {
                item.state = FlushTargetProgress::State::Acknowledged;
                ++progress.acknowledged;
                if (item.ackMs && (!progress.slowestAckMs || *item.ackMs > *progress.slowestAckMs))
                    progress.slowestAckMs = item.ackMs;
            } else {
                item.state = FlushTargetProgress::State::Failed;
                item.error = target.errorMessage;
                ++progress.failed;
            }
        }
        progress.perTarget.append(item);
    }
    std::sort(progress.perTarget.begin(), progress.perTarget.end(),
        [](const FlushTargetProgress& a, const FlushTargetProgress& b) {
            return a.serverName != b.serverName ? a.serverName < b.serverName : a.serverId < b.serverId;
        });
    return progress;
}

} // namespace

LatencyStats LatencyStats::of(QList<double> valuesMs)
{
    LatencyStats stats;
    stats.count = valuesMs.size();
    if (valuesMs.isEmpty())
        return stats;
    std::sort(valuesMs.begin(), valuesMs.end());
    stats.p50 = percentileOfSorted(valuesMs, 0.50);
    stats.p95 = percentileOfSorted(valuesMs, 0.95);
    stats.p99 = percentileOfSorted(valuesMs, 0.99);
    stats.max = valuesMs.last();
    return stats;
}

QJsonObject LatencyStats::toJson() const
{
    return QJsonObject { { QStringLiteral("count"), count }, { QStringLiteral("p50"), jsonValue(p50) },
        { QStringLiteral("p95"), jsonValue(p95) }, { QStringLiteral("p99"), jsonValue(p99) },
        { QStringLiteral("max"), jsonValue(max) } };
}

QString statusName(ServerStatus status)
{
    switch (status) {
    case ServerStatus::Disabled:
        return QStringLiteral("disabled");
    case ServerStatus::Stopped:
        return QStringLiteral("stopped");
    case ServerStatus::NotResponding:
        return QStringLiteral("not-responding");
    case ServerStatus::Degraded:
        return QStringLiteral("degraded");
    case ServerStatus::Healthy:
        return QStringLiteral("healthy");
    }
    return {};
}

QString statusName(FlushTargetProgress::State state)
{
    switch (state) {
    case FlushTargetProgress::State::Pending:
        return QStringLiteral("pending");
    case FlushTargetProgress::State::Acknowledged:
        return QStringLiteral("acknowledged");
    case FlushTargetProgress::State::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

QString statusName(StorageStatus status)
{
    switch (status) {
    case StorageStatus::Ok:
        return QStringLiteral("ok");
    case StorageStatus::Partial:
        return QStringLiteral("partial");
    case StorageStatus::Failing:
        return QStringLiteral("failing");
    case StorageStatus::Unknown:
        return QStringLiteral("unknown");
    }
    return {};
}

bool isCacheTaskType(const QString& type)
{
    static const QSet<QString> cacheTypes { QStringLiteral("TOUCH_CACHE_ITEM"), QStringLiteral("REMOVE_CACHE_ITEM"),
        QStringLiteral("CLEAR_CACHE_ITEMS"), QStringLiteral("CLEAR_FULL_PAGE_CACHE"),
        QStringLiteral("INVALIDATE_OBJECT"), QStringLiteral("CLEAR_CACHE") };
    return cacheTypes.contains(type);
}

std::optional<double> Figures::percentile(QList<double> sortedOrNot, double fraction)
{
    std::sort(sortedOrNot.begin(), sortedOrNot.end());
    return percentileOfSorted(sortedOrNot, fraction);
}

std::optional<double> Figures::median(QList<double> values)
{
    return percentile(std::move(values), 0.5);
}

std::optional<double> Figures::cacheHitRatio(const QList<HeartbeatRow>& heartbeatsOfOneServer)
{
    QList<HeartbeatRow> counted;
    for (const HeartbeatRow& heartbeat : heartbeatsOfOneServer) {
        if (heartbeat.cacheHits && heartbeat.cacheMisses)
            counted.append(heartbeat);
    }
    if (counted.size() < 2)
        return std::nullopt;
    std::stable_sort(counted.begin(), counted.end(),
        [](const HeartbeatRow& a, const HeartbeatRow& b) { return a.receivedAt < b.receivedAt; });

    bool restarted = false;
    for (qsizetype i = 1; i < counted.size(); ++i) {
        if (*counted[i].cacheHits < *counted[i - 1].cacheHits || *counted[i].cacheMisses < *counted[i - 1].cacheMisses)
            restarted = true;
    }
    const HeartbeatRow& last = counted.last();
    // Cumulative counters since the instance started: after a restart the last values are the only
    // ones that describe one run.
    // In double: counters near the top of bigint must not overflow the sum.
    const double hits
        = restarted ? double(*last.cacheHits) : double(*last.cacheHits) - double(*counted.first().cacheHits);
    const double misses
        = restarted ? double(*last.cacheMisses) : double(*last.cacheMisses) - double(*counted.first().cacheMisses);
    if (hits < 0 || misses < 0 || hits + misses <= 0)
        return std::nullopt;
    return hits / (hits + misses);
}

StorageStatus Figures::storageStatus(const QList<ProbeRow>& latestProbesOfOneStorage)
{
    if (latestProbesOfOneStorage.isEmpty())
        return StorageStatus::Unknown;
    const auto failed = std::count_if(latestProbesOfOneStorage.cbegin(), latestProbesOfOneStorage.cend(),
        [](const ProbeRow& probe) { return !probe.ok; });
    if (failed == 0)
        return StorageStatus::Ok;
    return failed == latestProbesOfOneStorage.size() ? StorageStatus::Failing : StorageStatus::Partial;
}

FarmSnapshot Figures::compute(const FarmData& data, int windowS, const Thresholds& thresholds)
{
    const Window window(data.now, windowS);

    QHash<qint64, const ServerRow*> serverById;
    for (const ServerRow& server : data.servers)
        serverById.insert(server.id, &server);
    const auto nameOf = [&serverById](qint64 id) {
        const ServerRow* server = serverById.value(id);
        return server ? server->name : QStringLiteral("#%1").arg(id);
    };
    QHash<qint64, const StorageRow*> storageById;
    for (const StorageRow& storage : data.storages)
        storageById.insert(storage.id, &storage);

    FarmSnapshot snapshot;
    snapshot.generatedAt = data.now;
    snapshot.windowS = windowS;
    snapshot.schemaVersion = data.schemaVersion;
    snapshot.standby = data.standby;
    snapshot.replayLagMs = data.replayLagMs;
    snapshot.ignoredRows = data.ignoredRows;
    FarmFigures& farm = snapshot.farm;

    QMap<QString, qint64> tasksByType;
    for (const TaskRow& task : data.tasks) {
        if (!window.contains(task.createdAt))
            continue;
        ++farm.tasksCreated;
        ++tasksByType[task.type];
    }

    QMap<QString, qint64> deliveriesByType;
    QList<double> farmCacheLatencies;
    QHash<qint64, DeliveryTally> deliveriesByServer;
    for (const DeliveryRow& delivery : data.deliveries) {
        if (!window.contains(delivery.processedAt))
            continue;
        DeliveryTally& tally = deliveriesByServer[delivery.serverId];
        ++farm.deliveriesProcessed;
        ++tally.processed;
        ++deliveriesByType[delivery.taskType];
        if (delivery.failed()) {
            ++farm.deliveriesFailed;
            ++tally.failed;
        } else if (isCacheTaskType(delivery.taskType)) {
            if (const auto latency = msBetween(delivery.createdAt, delivery.processedAt)) {
                farmCacheLatencies.append(*latency);
                tally.cacheLatencies.append(*latency);
            }
        }
    }
    farm.tasksCreatedPerS = window.perSecond(farm.tasksCreated);
    farm.deliveriesProcessedPerS = window.perSecond(farm.deliveriesProcessed);
    farm.cacheLatency = LatencyStats::of(farmCacheLatencies);
    for (auto it = tasksByType.cbegin(); it != tasksByType.cend(); ++it)
        farm.tasksCreatedPerSByType.insert(it.key(), window.perSecond(it.value()));
    for (auto it = deliveriesByType.cbegin(); it != deliveriesByType.cend(); ++it)
        farm.deliveriesProcessedPerSByType.insert(it.key(), window.perSecond(it.value()));

    QHash<qint64, BacklogRow> backlogByServer;
    for (const BacklogRow& row : data.backlog) {
        farm.backlog += row.pending;
        BacklogRow& merged = backlogByServer[row.serverId];
        merged.serverId = row.serverId;
        merged.pending += row.pending;
        if (row.oldestCreatedAt.isValid()
            && (!merged.oldestCreatedAt.isValid() || row.oldestCreatedAt < merged.oldestCreatedAt))
            merged.oldestCreatedAt = row.oldestCreatedAt;
    }

    QHash<qint64, HeartbeatTally> heartbeatsByServer;
    for (const HeartbeatRow& heartbeat : data.heartbeats) {
        HeartbeatTally& tally = heartbeatsByServer[heartbeat.serverId];
        if (window.contains(heartbeat.receivedAt))
            tally.inWindow.append(heartbeat);
        if (!tally.latest || heartbeat.receivedAt > tally.latest->receivedAt)
            tally.latest = &heartbeat;
    }

    QHash<qint64, QList<const ProbeRow*>> failedProbesByServer;
    for (const ProbeRow& probe : data.latestProbes) {
        if (!probe.ok)
            failedProbesByServer[probe.serverId].append(&probe);
    }
    const auto storageName = [&storageById](qint64 id) {
        const StorageRow* storage = storageById.value(id);
        return storage ? storage->name : QStringLiteral("#%1").arg(id);
    };

    for (const ServerRow& server : data.servers) {
        ServerFigures figures;
        figures.server = server;

        const QDateTime lastHeartbeat = data.lastHeartbeat.value(server.id);
        figures.lastHeartbeatAgeS = secondsBetween(lastHeartbeat, data.now);

        const HeartbeatTally heartbeats = heartbeatsByServer.value(server.id);
        if (heartbeats.latest) {
            figures.cacheItems = heartbeats.latest->cacheItems;
            figures.memoryBytes = heartbeats.latest->memoryBytes;
        }
        QList<double> skews;
        for (const HeartbeatRow& heartbeat : heartbeats.inWindow) {
            if (const auto skew = msBetween(heartbeat.receivedAt, heartbeat.sentAt))
                skews.append(*skew);
        }
        figures.clockSkewMs = median(skews);
        figures.cacheHitRatio = cacheHitRatio(heartbeats.inWindow);

        const BacklogRow backlog = backlogByServer.value(server.id);
        figures.backlog = backlog.pending;
        if (backlog.pending > 0)
            figures.oldestPendingAgeS = secondsBetween(backlog.oldestCreatedAt, data.now);

        const DeliveryTally deliveries = deliveriesByServer.value(server.id);
        figures.deliveriesProcessed = deliveries.processed;
        figures.deliveriesProcessedPerS = window.perSecond(deliveries.processed);
        figures.deliveriesFailed = deliveries.failed;
        figures.cacheLatency = LatencyStats::of(deliveries.cacheLatencies);

        QStringList notResponding;
        if (lastHeartbeat.isValid()) {
            if (figures.lastHeartbeatAgeS && *figures.lastHeartbeatAgeS > thresholds.notRespondingAfterS)
                notResponding << QStringLiteral("no heartbeat for %1 s")
                                     .arg(number(*figures.lastHeartbeatAgeS, thresholds.notRespondingAfterS));
        } else if (const auto registeredAgo = secondsBetween(server.registeredAt, data.now)) {
            if (*registeredAgo > thresholds.notRespondingAfterS)
                notResponding << QStringLiteral("no heartbeat since registration %1 s ago")
                                     .arg(number(*registeredAgo, thresholds.notRespondingAfterS));
        }

        QStringList degraded;
        if (figures.oldestPendingAgeS && *figures.oldestPendingAgeS > thresholds.oldestPendingS)
            degraded << QStringLiteral("oldest pending %1 s > %2 s")
                            .arg(number(*figures.oldestPendingAgeS, thresholds.oldestPendingS),
                                number(thresholds.oldestPendingS));
        if (figures.backlog > thresholds.backlog)
            degraded << QStringLiteral("backlog %1 > %2").arg(figures.backlog).arg(thresholds.backlog);
        QList<const ProbeRow*> failedProbes = failedProbesByServer.value(server.id);
        std::sort(failedProbes.begin(), failedProbes.end(), [&storageName](const ProbeRow* a, const ProbeRow* b) {
            return storageName(a->storageId) < storageName(b->storageId);
        });
        for (const ProbeRow* probe : std::as_const(failedProbes)) {
            degraded << (probe->error.isEmpty()
                    ? QStringLiteral("storage %1 failing").arg(storageName(probe->storageId))
                    : QStringLiteral("storage %1 failing: %2").arg(storageName(probe->storageId), probe->error));
        }
        // Stopped and still heartbeating: it receives no tasks and no flushes since the stop, yet
        // looks alive. Either it came back without registering again, or someone stopped it (a
        // login that may act for it) while it runs.
        if (server.stoppedAt.isValid() && lastHeartbeat.isValid() && lastHeartbeat > server.stoppedAt) {
            const auto stoppedAgo = secondsBetween(server.stoppedAt, data.now);
            degraded << (stoppedAgo ? QStringLiteral("stopped %1 s ago but still heartbeating: receives no tasks")
                                          .arg(number(*stoppedAgo, 10.0))
                                    : QStringLiteral("stopped but still heartbeating: receives no tasks"));
        }
        if (figures.clockSkewMs && std::abs(*figures.clockSkewMs) > thresholds.clockSkewMs) {
            degraded << (*figures.clockSkewMs > 0
                    ? QStringLiteral("clock skew %1 ms > %2 ms")
                          .arg(number(*figures.clockSkewMs, thresholds.clockSkewMs), number(thresholds.clockSkewMs))
                    : QStringLiteral("clock skew %1 ms < -%2 ms")
                          .arg(number(*figures.clockSkewMs, -thresholds.clockSkewMs), number(thresholds.clockSkewMs)));
        }

        if (!server.enabled) {
            figures.status = ServerStatus::Disabled;
            figures.reasons << QStringLiteral("disabled");
        } else if (server.stoppedAt.isValid() && (!lastHeartbeat.isValid() || server.stoppedAt >= lastHeartbeat)) {
            // A heartbeat after stopped_at: the later rules judge it, degraded at least (above).
            figures.status = ServerStatus::Stopped;
            figures.reasons << QStringLiteral("stopped");
        } else if (!notResponding.isEmpty()) {
            // What piled up meanwhile helps the triage, so the degraded conditions are listed too.
            figures.status = ServerStatus::NotResponding;
            figures.reasons = notResponding + degraded;
        } else if (!degraded.isEmpty()) {
            figures.status = ServerStatus::Degraded;
            figures.reasons = degraded;
        } else {
            figures.status = ServerStatus::Healthy;
        }
        snapshot.servers.append(figures);
    }

    for (ServerStatus status : { ServerStatus::Healthy, ServerStatus::Degraded, ServerStatus::NotResponding,
             ServerStatus::Stopped, ServerStatus::Disabled })
        farm.byStatus.insert(statusName(status), 0);
    QSet<qint64> countedServers;
    for (const ServerFigures& figures : std::as_const(snapshot.servers)) {
        ++farm.byStatus[statusName(figures.status)];
        // An instance that left the farm (disabled or stopped) must not keep a storage red forever;
        // neither does a probe from an instance that is no longer in the server table.
        if (figures.status != ServerStatus::Disabled && figures.status != ServerStatus::Stopped)
            countedServers.insert(figures.server.id);
    }
    farm.servers = data.servers.size();
    std::sort(snapshot.servers.begin(), snapshot.servers.end(),
        [](const ServerFigures& a, const ServerFigures& b) { return a.server.name < b.server.name; });

    for (const StorageRow& storage : data.storages) {
        StorageFigures figures;
        figures.storage = storage;
        QList<ProbeRow> latest;
        for (const ProbeRow& probe : data.latestProbes) {
            if (probe.storageId != storage.id || !countedServers.contains(probe.serverId))
                continue;
            latest.append(probe);
            figures.probingServers.append(nameOf(probe.serverId));
            if (!probe.ok)
                figures.failingServers.append(nameOf(probe.serverId));
        }
        figures.status = storageStatus(latest);
        figures.probingServers.sort();
        figures.failingServers.sort();

        QList<double> latencies;
        for (const ProbeRow& probe : data.probes) {
            if (probe.storageId == storage.id && probe.latencyMs && window.contains(probe.probedAt))
                latencies.append(*probe.latencyMs);
        }
        figures.probeLatencyP95Ms = percentile(latencies, 0.95);
        snapshot.storage.append(figures);
    }
    std::sort(snapshot.storage.begin(), snapshot.storage.end(),
        [](const StorageFigures& a, const StorageFigures& b) { return a.storage.name < b.storage.name; });

    for (const FlushRequestRow& request : data.flushes)
        snapshot.flushes.append(flushProgress(request, data.now, nameOf));
    std::sort(snapshot.flushes.begin(), snapshot.flushes.end(), [](const FlushProgress& a, const FlushProgress& b) {
        if (a.request.requestedAt != b.request.requestedAt)
            return a.request.requestedAt > b.request.requestedAt;
        return a.request.id > b.request.id;
    });

    return snapshot;
}

FarmSnapshot Figures::aged(FarmSnapshot snapshot, double elapsedS, bool unknown, const QDateTime& lastSeenAt)
{
    auto age = [elapsedS](std::optional<double>& value) {
        if (value)
            *value += elapsedS;
    };
    for (ServerFigures& server : snapshot.servers) {
        age(server.lastHeartbeatAgeS);
        age(server.oldestPendingAgeS);
        if (unknown)
            server.lastSeenAt = lastSeenAt;
    }
    for (FlushProgress& flush : snapshot.flushes) {
        for (FlushTargetProgress& target : flush.perTarget)
            age(target.pendingForS);
    }
    return snapshot;
}

QJsonObject FarmSnapshot::toJson(const DataSource& source) const
{
    QJsonObject byStatus;
    for (auto it = farm.byStatus.cbegin(); it != farm.byStatus.cend(); ++it)
        byStatus.insert(it.key(), it.value());
    const QJsonObject farmObject {
        { QStringLiteral("servers"), farm.servers },
        { QStringLiteral("by_status"), byStatus },
        { QStringLiteral("tasks_created"), farm.tasksCreated },
        { QStringLiteral("tasks_created_per_s"), farm.tasksCreatedPerS },
        { QStringLiteral("tasks_created_per_s_by_type"), jsonObject(farm.tasksCreatedPerSByType) },
        { QStringLiteral("deliveries_processed"), farm.deliveriesProcessed },
        { QStringLiteral("deliveries_processed_per_s"), farm.deliveriesProcessedPerS },
        { QStringLiteral("deliveries_processed_per_s_by_type"), jsonObject(farm.deliveriesProcessedPerSByType) },
        { QStringLiteral("deliveries_failed"), farm.deliveriesFailed },
        { QStringLiteral("backlog"), farm.backlog },
        { QStringLiteral("cache_latency_ms"), farm.cacheLatency.toJson() },
    };

    QJsonArray serverArray;
    for (const ServerFigures& figures : servers) {
        serverArray.append(QJsonObject {
            { QStringLiteral("name"), figures.server.name },
            { QStringLiteral("display_name"), jsonText(figures.server.displayName) },
            { QStringLiteral("zone"), jsonText(figures.server.zone) },
            { QStringLiteral("host"), jsonText(figures.server.host) },
            { QStringLiteral("version"), jsonText(figures.server.version) },
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
        });
    }

    QJsonArray storageArray;
    for (const StorageFigures& figures : storage) {
        storageArray.append(QJsonObject {
            { QStringLiteral("name"), figures.storage.name },
            { QStringLiteral("kind"), jsonText(figures.storage.kind) },
            { QStringLiteral("status"), statusName(figures.status) },
            { QStringLiteral("probe_latency_ms_p95"), jsonValue(figures.probeLatencyP95Ms) },
            { QStringLiteral("failing_servers"), QJsonArray::fromStringList(figures.failingServers) },
            { QStringLiteral("probing_servers"), QJsonArray::fromStringList(figures.probingServers) },
        });
    }

    QJsonArray flushArray;
    for (const FlushProgress& progress : flushes) {
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
        flushArray.append(QJsonObject {
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
        });
    }

    QJsonObject ignored;
    for (auto it = ignoredRows.cbegin(); it != ignoredRows.cend(); ++it)
        ignored.insert(it.key(), it.value());
    return QJsonObject {
        { QStringLiteral("generated_at"), jsonTime(generatedAt) },
        { QStringLiteral("window_s"), windowS },
        { QStringLiteral("schema_version"), schemaVersion },
        { QStringLiteral("farm"), farmObject },
        { QStringLiteral("servers"), serverArray },
        { QStringLiteral("storage"), storageArray },
        { QStringLiteral("flushes"), flushArray },
        { QStringLiteral("ignored_rows"), ignored },
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

int FarmSnapshot::exitStatus() const
{
    const auto anyServer = [this](ServerStatus status) {
        return std::any_of(
            servers.cbegin(), servers.cend(), [status](const ServerFigures& s) { return s.status == status; });
    };
    const auto anyStorage = [this](StorageStatus status) {
        return std::any_of(
            storage.cbegin(), storage.cend(), [status](const StorageFigures& s) { return s.status == status; });
    };
    if (anyServer(ServerStatus::NotResponding) || anyStorage(StorageStatus::Failing))
        return 2;
    if (anyServer(ServerStatus::Degraded) || anyStorage(StorageStatus::Partial))
        return 1;
    return 0;
}

} // namespace Paddock
