#include "figures.h"

#include "versionskew.h"

#include <algorithm>
#include <cmath>
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

namespace {

// Name lookups by id; an id the tables no longer hold reads "#id".
class Names {
public:
    explicit Names(const FarmData& data)
    {
        for (const ServerRow& server : data.servers)
            m_servers.insert(server.id, server.name);
        for (const StorageRow& storage : data.storages)
            m_storages.insert(storage.id, storage.name);
    }
    QString server(qint64 id) const { return nameIn(m_servers, id); }
    QString storage(qint64 id) const { return nameIn(m_storages, id); }

private:
    static QString nameIn(const QHash<qint64, QString>& names, qint64 id)
    {
        const auto it = names.constFind(id);
        return it != names.cend() ? *it : QStringLiteral("#%1").arg(id);
    }

    QHash<qint64, QString> m_servers;
    QHash<qint64, QString> m_storages;
};

// The window's rows counted once, by instance: what each instance's figures are read from.
struct Tallies {
    QHash<qint64, DeliveryTally> deliveries;
    QHash<qint64, BacklogRow> backlog;
    QHash<qint64, HeartbeatTally> heartbeats;
    QHash<qint64, QList<const ProbeRow*>> failedProbes;
};

void countTasks(const FarmData& data, const Window& window, FarmFigures& farm)
{
    QMap<QString, qint64> tasksByType;
    for (const TaskRow& task : data.tasks) {
        if (!window.contains(task.createdAt))
            continue;
        ++farm.tasksCreated;
        ++tasksByType[task.type];
    }
    farm.tasksCreatedPerS = window.perSecond(farm.tasksCreated);
    for (auto it = tasksByType.cbegin(); it != tasksByType.cend(); ++it)
        farm.tasksCreatedPerSByType.insert(it.key(), window.perSecond(it.value()));
}

QHash<qint64, DeliveryTally> countDeliveries(const FarmData& data, const Window& window, FarmFigures& farm)
{
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
    farm.deliveriesProcessedPerS = window.perSecond(farm.deliveriesProcessed);
    farm.cacheLatency = LatencyStats::of(farmCacheLatencies);
    for (auto it = deliveriesByType.cbegin(); it != deliveriesByType.cend(); ++it)
        farm.deliveriesProcessedPerSByType.insert(it.key(), window.perSecond(it.value()));
    return deliveriesByServer;
}

QHash<qint64, BacklogRow> mergeBacklog(const FarmData& data, FarmFigures& farm)
{
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
    return backlogByServer;
}

Tallies tally(const FarmData& data, const Window& window, FarmFigures& farm)
{
    Tallies tallies;
    countTasks(data, window, farm);
    tallies.deliveries = countDeliveries(data, window, farm);
    tallies.backlog = mergeBacklog(data, farm);
    for (const HeartbeatRow& heartbeat : data.heartbeats) {
        HeartbeatTally& tally = tallies.heartbeats[heartbeat.serverId];
        if (window.contains(heartbeat.receivedAt))
            tally.inWindow.append(heartbeat);
        if (!tally.latest || heartbeat.receivedAt > tally.latest->receivedAt)
            tally.latest = &heartbeat;
    }
    for (const ProbeRow& probe : data.latestProbes) {
        if (!probe.ok)
            tallies.failedProbes[probe.serverId].append(&probe);
    }
    return tallies;
}

// One instance's figures, before the status rules judge them.
ServerFigures measure(const ServerRow& server, const FarmData& data, const Window& window, const Tallies& tallies)
{
    ServerFigures figures;
    figures.server = server;
    figures.lastHeartbeatAgeS = secondsBetween(data.lastHeartbeat.value(server.id), data.now);

    const HeartbeatTally heartbeats = tallies.heartbeats.value(server.id);
    if (heartbeats.latest) {
        figures.cacheItems = heartbeats.latest->cacheItems;
        figures.memoryBytes = heartbeats.latest->memoryBytes;
    }
    QList<double> skews;
    for (const HeartbeatRow& heartbeat : heartbeats.inWindow) {
        if (const auto skew = msBetween(heartbeat.receivedAt, heartbeat.sentAt))
            skews.append(*skew);
    }
    figures.clockSkewMs = Figures::median(skews);
    figures.cacheHitRatio = Figures::cacheHitRatio(heartbeats.inWindow);

    const BacklogRow backlog = tallies.backlog.value(server.id);
    figures.backlog = backlog.pending;
    if (backlog.pending > 0)
        figures.oldestPendingAgeS = secondsBetween(backlog.oldestCreatedAt, data.now);

    const DeliveryTally deliveries = tallies.deliveries.value(server.id);
    figures.deliveriesProcessed = deliveries.processed;
    figures.deliveriesProcessedPerS = window.perSecond(deliveries.processed);
    figures.deliveriesFailed = deliveries.failed;
    figures.cacheLatency = LatencyStats::of(deliveries.cacheLatencies);
    return figures;
}

// "storage X failing[: error]" for each failed latest probe of one instance, by storage name.
QStringList storageFailures(QList<const ProbeRow*> failedProbes, const Names& names)
{
    std::sort(failedProbes.begin(), failedProbes.end(), [&names](const ProbeRow* a, const ProbeRow* b) {
        return names.storage(a->storageId) < names.storage(b->storageId);
    });
    QStringList failures;
    for (const ProbeRow* probe : std::as_const(failedProbes)) {
        failures << (probe->error.isEmpty()
                ? QStringLiteral("storage %1 failing").arg(names.storage(probe->storageId))
                : QStringLiteral("storage %1 failing: %2").arg(names.storage(probe->storageId), probe->error));
    }
    return failures;
}

QStringList notRespondingReasons(
    const ServerFigures& figures, const QDateTime& lastHeartbeat, const QDateTime& now, const Thresholds& thresholds)
{
    QStringList reasons;
    if (lastHeartbeat.isValid()) {
        if (figures.lastHeartbeatAgeS && *figures.lastHeartbeatAgeS > thresholds.notRespondingAfterS)
            reasons << QStringLiteral("no heartbeat for %1 s")
                           .arg(number(*figures.lastHeartbeatAgeS, thresholds.notRespondingAfterS));
    } else if (const auto registeredAgo = secondsBetween(figures.server.registeredAt, now)) {
        if (*registeredAgo > thresholds.notRespondingAfterS)
            reasons << QStringLiteral("no heartbeat since registration %1 s ago")
                           .arg(number(*registeredAgo, thresholds.notRespondingAfterS));
    }
    return reasons;
}

QStringList degradedReasons(const ServerFigures& figures, const QDateTime& lastHeartbeat,
    const QStringList& storageFailures, const QDateTime& now, const Thresholds& thresholds)
{
    QStringList reasons;
    if (figures.oldestPendingAgeS && *figures.oldestPendingAgeS > thresholds.oldestPendingS)
        reasons << QStringLiteral("oldest pending %1 s > %2 s")
                       .arg(number(*figures.oldestPendingAgeS, thresholds.oldestPendingS),
                           number(thresholds.oldestPendingS));
    if (figures.backlog > thresholds.backlog)
        reasons << QStringLiteral("backlog %1 > %2").arg(figures.backlog).arg(thresholds.backlog);
    reasons << storageFailures;
    // Stopped and still heartbeating: it receives no tasks and no flushes since the stop, yet
    // looks alive. Either it came back without registering again, or someone stopped it (a
    // login that may act for it) while it runs.
    const QDateTime stoppedAt = figures.server.stoppedAt;
    if (stoppedAt.isValid() && lastHeartbeat.isValid() && lastHeartbeat > stoppedAt) {
        const auto stoppedAgo = secondsBetween(stoppedAt, now);
        reasons << (stoppedAgo ? QStringLiteral("stopped %1 s ago but still heartbeating: receives no tasks")
                                     .arg(number(*stoppedAgo, 10.0))
                               : QStringLiteral("stopped but still heartbeating: receives no tasks"));
    }
    if (figures.clockSkewMs && std::abs(*figures.clockSkewMs) > thresholds.clockSkewMs) {
        reasons << (*figures.clockSkewMs > 0
                ? QStringLiteral("clock skew %1 ms > %2 ms")
                      .arg(number(*figures.clockSkewMs, thresholds.clockSkewMs), number(thresholds.clockSkewMs))
                : QStringLiteral("clock skew %1 ms < -%2 ms")
                      .arg(number(*figures.clockSkewMs, -thresholds.clockSkewMs), number(thresholds.clockSkewMs)));
    }
    return reasons;
}

StorageFigures storageFigures(const StorageRow& storage, const FarmData& data, const Window& window,
    const QSet<qint64>& countedServers, const Names& names)
{
    StorageFigures figures;
    figures.storage = storage;
    QList<ProbeRow> latest;
    for (const ProbeRow& probe : data.latestProbes) {
        if (probe.storageId != storage.id || !countedServers.contains(probe.serverId))
            continue;
        latest.append(probe);
        figures.probingServers.append(names.server(probe.serverId));
        if (!probe.ok)
            figures.failingServers.append(names.server(probe.serverId));
    }
    figures.status = Figures::storageStatus(latest);
    figures.probingServers.sort();
    figures.failingServers.sort();

    QList<double> latencies;
    for (const ProbeRow& probe : data.probes) {
        if (probe.storageId == storage.id && probe.latencyMs && window.contains(probe.probedAt))
            latencies.append(*probe.latencyMs);
    }
    figures.probeLatencyP95Ms = Figures::percentile(latencies, 0.95);
    return figures;
}

// Counts the instances by status; returns those whose probes still count for storage.
QSet<qint64> countByStatus(const QList<ServerFigures>& servers, FarmFigures& farm)
{
    for (ServerStatus status : { ServerStatus::Healthy, ServerStatus::Degraded, ServerStatus::NotResponding,
             ServerStatus::Stopped, ServerStatus::Disabled })
        farm.byStatus.insert(statusName(status), 0);
    QSet<qint64> countedServers;
    for (const ServerFigures& figures : servers) {
        ++farm.byStatus[statusName(figures.status)];
        // An instance that left the farm (disabled or stopped) must not keep a storage red forever;
        // neither does a probe from an instance that is no longer in the server table.
        if (figures.status != ServerStatus::Disabled && figures.status != ServerStatus::Stopped)
            countedServers.insert(figures.server.id);
    }
    return countedServers;
}

} // namespace

ServerVerdict Figures::serverStatus(const ServerFigures& figures, const QDateTime& lastHeartbeat,
    const QStringList& storageFailures, const QDateTime& now, const Thresholds& thresholds)
{
    const ServerRow& server = figures.server;
    if (!server.enabled)
        return { ServerStatus::Disabled, { QStringLiteral("disabled") } };
    // A heartbeat after stopped_at: the later rules judge it, degraded at least.
    if (server.stoppedAt.isValid() && (!lastHeartbeat.isValid() || server.stoppedAt >= lastHeartbeat))
        return { ServerStatus::Stopped, { QStringLiteral("stopped") } };
    const QStringList notResponding = notRespondingReasons(figures, lastHeartbeat, now, thresholds);
    const QStringList degraded = degradedReasons(figures, lastHeartbeat, storageFailures, now, thresholds);
    // What piled up meanwhile helps the triage, so the degraded conditions are listed too.
    if (!notResponding.isEmpty())
        return { ServerStatus::NotResponding, notResponding + degraded };
    if (!degraded.isEmpty())
        return { ServerStatus::Degraded, degraded };
    return { ServerStatus::Healthy, {} };
}

FarmSnapshot Figures::compute(const FarmData& data, int windowS, const Thresholds& thresholds)
{
    const Window window(data.now, windowS);
    const Names names(data);

    FarmSnapshot snapshot;
    snapshot.generatedAt = data.now;
    snapshot.windowS = windowS;
    snapshot.schemaVersion = data.schemaVersion;
    snapshot.standby = data.standby;
    snapshot.replayLagMs = data.replayLagMs;
    snapshot.ignoredRows = data.ignoredRows;
    FarmFigures& farm = snapshot.farm;
    const Tallies tallies = tally(data, window, farm);

    for (const ServerRow& server : data.servers) {
        ServerFigures figures = measure(server, data, window, tallies);
        const ServerVerdict verdict = serverStatus(figures, data.lastHeartbeat.value(server.id),
            storageFailures(tallies.failedProbes.value(server.id), names), data.now, thresholds);
        figures.status = verdict.status;
        figures.reasons = verdict.reasons;
        snapshot.servers.append(figures);
    }
    const QSet<qint64> countedServers = countByStatus(snapshot.servers, farm);
    VersionSkew::mark(snapshot.servers, farm);
    farm.servers = data.servers.size();
    std::sort(snapshot.servers.begin(), snapshot.servers.end(),
        [](const ServerFigures& a, const ServerFigures& b) { return a.server.name < b.server.name; });

    for (const StorageRow& storage : data.storages)
        snapshot.storage.append(storageFigures(storage, data, window, countedServers, names));
    std::sort(snapshot.storage.begin(), snapshot.storage.end(),
        [](const StorageFigures& a, const StorageFigures& b) { return a.storage.name < b.storage.name; });

    const auto serverName = [&names](qint64 id) { return names.server(id); };
    for (const FlushRequestRow& request : data.flushes)
        snapshot.flushes.append(flushProgress(request, data.now, serverName));
    std::sort(snapshot.flushes.begin(), snapshot.flushes.end(), [](const FlushProgress& a, const FlushProgress& b) {
        if (a.request.requestedAt != b.request.requestedAt)
            return a.request.requestedAt > b.request.requestedAt;
        return a.request.id > b.request.id;
    });
    Scheduled::apply(snapshot, data);
    if (data.database) {
        QStringList instances;
        instances.reserve(snapshot.servers.size());
        for (const ServerFigures& server : std::as_const(snapshot.servers))
            instances.append(server.server.name);
        Database::apply(
            snapshot, Database::figures(*data.database, data.now, instances, thresholds.database), thresholds.database);
    }
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
    for (ScheduledFigures& scheduled : snapshot.scheduled) {
        age(scheduled.lateS);
        age(scheduled.runningForS);
    }
    if (snapshot.database) {
        age(snapshot.database->oldestTransactionAgeS);
        for (QList<DatabaseSession>* sessions : { &snapshot.database->notable, &snapshot.database->sessions }) {
            for (DatabaseSession& session : *sessions) {
                age(session.transactionAgeS);
                age(session.waitingS);
            }
        }
    }
    return snapshot;
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
    const auto redisIs = [this](RedisStatus status) { return redis && redis->status == status; };
    const auto anyScheduled = [this](ScheduledStatus status) {
        return std::any_of(
            scheduled.cbegin(), scheduled.cend(), [status](const ScheduledFigures& s) { return s.status == status; });
    };
    if (anyServer(ServerStatus::NotResponding) || anyStorage(StorageStatus::Failing) || redisIs(RedisStatus::Failing)
        || anyScheduled(ScheduledStatus::Failing))
        return 2;
    const bool databaseDegraded = database && database->status == DatabaseStatus::Degraded;
    if (anyServer(ServerStatus::Degraded) || anyStorage(StorageStatus::Partial) || redisIs(RedisStatus::Degraded)
        || databaseDegraded || anyScheduled(ScheduledStatus::Degraded))
        return 1;
    return 0;
}

} // namespace Paddock
