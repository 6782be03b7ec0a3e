#include "syntheticfarm.h"

#include "farmhistory.h"

#include <algorithm>
#include <cmath>

namespace Paddock::Bench {

namespace {

const QStringList TaskTypes { QStringLiteral("TOUCH_CACHE_ITEM"), QStringLiteral("REMOVE_CACHE_ITEM"),
    QStringLiteral("CLEAR_CACHE_ITEMS"), QStringLiteral("CLEAR_FULL_PAGE_CACHE"), QStringLiteral("INVALIDATE_OBJECT"),
    QStringLiteral("UPDATE_METAFILE"), QStringLiteral("DELETE_METAFILE") };
// Relative weight of each type among the tasks created.
const double TypeShare[] = { 0.45, 0.2, 0.05, 0.02, 0.18, 0.06, 0.04 };

constexpr int FlushEveryS = 60;
constexpr int FlushAckSpreadMs = 20000;

double uniform(QRandomGenerator& random, double low, double high)
{
    return low + random.generateDouble() * (high - low);
}

// A count with `expected` as its mean: the whole part, and one more with the fraction's chance.
qint32 countAround(QRandomGenerator& random, double expected)
{
    const double whole = std::floor(expected);
    return qint32(whole) + (random.generateDouble() < expected - whole ? 1 : 0);
}

LatencyStats latency(QRandomGenerator& random, qint64 count, double typicalMs)
{
    LatencyStats stats;
    stats.count = count;
    if (count == 0)
        return stats;
    stats.p50 = typicalMs * uniform(random, 0.8, 1.2);
    stats.p95 = *stats.p50 * uniform(random, 1.8, 2.5);
    stats.p99 = *stats.p95 * uniform(random, 1.1, 1.4);
    stats.max = *stats.p99 * uniform(random, 1.0, 1.6);
    return stats;
}

double typicalLatencyMs(ServerStatus status)
{
    return status == ServerStatus::Degraded ? 900.0 : 40.0;
}

// The heatmap's buckets of `count` deliveries around `typicalMs`: most in its bucket, a tail in the
// next one, added to the farm's.
QList<LatencyCell> latencyCells(QRandomGenerator& random, qint64 count, double typicalMs, QList<LatencyCell>& farm)
{
    QList<LatencyCell> cells;
    const int bucket = LatencyBuckets::of(typicalMs);
    const qint64 tail = std::min<qint64>(count, countAround(random, double(count) * 0.15));
    for (const LatencyCell& cell : { LatencyCell { bucket, count - tail }, LatencyCell { bucket + 1, tail } }) {
        if (cell.count <= 0)
            continue;
        cells.append(cell);
        const auto sum
            = std::find_if(farm.begin(), farm.end(), [&](const LatencyCell& c) { return c.bucket == cell.bucket; });
        if (sum == farm.end())
            farm.append(cell);
        else
            sum->count += cell.count;
    }
    return cells;
}

} // namespace

SyntheticFarm::SyntheticFarm(const Shape& shape)
    : m_shape(shape)
    , m_random(shape.seed)
    , m_now(QDateTime(QDate(2026, 12, 1), QTime(9, 0), Qt::UTC))
{
    if (m_shape.zones <= 0)
        m_shape.zones = std::clamp(m_shape.instances / 100, 3, 20);
    const int width = QString::number(m_shape.instances).size();
    for (int i = 0; i < m_shape.instances; ++i) {
        ServerRow server;
        server.id = i + 1;
        server.name = QStringLiteral("web-%1").arg(i + 1, width, 10, QLatin1Char('0'));
        server.displayName = server.name.toUpper();
        server.host = QStringLiteral("10.%1.%2.%3").arg(i / 65536).arg((i / 256) % 256).arg(i % 256);
        server.zone = QStringLiteral("zone-%1").arg(i % m_shape.zones + 1, 2, 10, QLatin1Char('0'));
        server.version = QStringLiteral("13.0.4");
        server.registeredAt = m_now.addDays(-30);
        server.startedAt = m_now.addSecs(-3600 - i);
        m_servers.append(server);
        // About 2 % degraded and 1 % not responding from the start; the rest healthy.
        const int roll = int(m_random.bounded(100));
        m_status.append(roll < 2 ? ServerStatus::Degraded
                : roll < 3       ? ServerStatus::NotResponding
                                 : ServerStatus::Healthy);
        m_backlog.append(m_status.last() == ServerStatus::Degraded ? 1500 : qint64(m_random.bounded(20)));
        m_processed.append(0);
        m_failed.append(0);
    }
    for (int i = 0; i < m_shape.storages; ++i) {
        StorageRow storage;
        storage.id = i + 1;
        storage.name = QStringLiteral("media-%1").arg(i + 1);
        storage.kind = i == 0 ? QStringLiteral("nfs") : QStringLiteral("s3");
        storage.location = QStringLiteral("//storage/%1").arg(storage.name);
        m_storages.append(storage);
    }
}

void SyntheticFarm::changeStatuses()
{
    // About one change a second per 200 instances: a status flips, the backlog follows.
    const double perStep = std::max(0.25, double(m_shape.instances) / 800.0);
    for (int n = countAround(m_random, perStep); n > 0; --n) {
        const int i = int(m_random.bounded(m_shape.instances));
        const ServerStatus before = m_status[i];
        const ServerStatus after = before != ServerStatus::Healthy ? ServerStatus::Healthy
            : m_random.bounded(3) == 0                             ? ServerStatus::NotResponding
                                                                   : ServerStatus::Degraded;
        m_status[i] = after;
        m_backlog[i] = after == ServerStatus::Degraded ? 1500 : qint64(m_random.bounded(20));
        EventRow event;
        event.serverId = m_servers[i].id;
        event.loggedAt = m_now;
        event.code = after == ServerStatus::Healthy ? QStringLiteral("RECOVERED") : QStringLiteral("WARNING");
        event.message = QStringLiteral("%1 is %2").arg(m_servers[i].name, statusName(after));
        m_events.append(event);
    }
}

ServerFigures SyntheticFarm::serverFigures(int i, double perInstancePerS)
{
    ServerFigures f;
    f.server = m_servers[i];
    f.status = m_status[i];
    const bool silent = f.status == ServerStatus::NotResponding;
    if (f.status == ServerStatus::Degraded)
        f.reasons.append(QStringLiteral("backlog %1 > 1000").arg(m_backlog[i]));
    if (silent)
        f.reasons.append(QStringLiteral("no heartbeat for 45 s"));
    f.lastHeartbeatAgeS = silent ? 45.0 : uniform(m_random, 0.0, 5.0);
    f.clockSkewMs = uniform(m_random, -50.0, 50.0);
    f.backlog = m_backlog[i];
    if (f.backlog > 0)
        f.oldestPendingAgeS = f.status == ServerStatus::Degraded ? 25.0 : uniform(m_random, 0.0, 2.0);
    f.deliveriesProcessedPerS = silent ? 0.0 : perInstancePerS;
    f.deliveriesProcessed = m_processed[i];
    f.deliveriesFailed = m_failed[i];
    f.cacheHitRatio = uniform(m_random, 0.9, 0.99);
    f.cacheItems = 20000 + m_random.bounded(5000);
    f.memoryBytes = (512 + qint64(m_random.bounded(256))) * 1024 * 1024;
    f.cacheLatency = latency(m_random, silent ? 0 : qint64(perInstancePerS * 60), typicalLatencyMs(f.status));
    return f;
}

QList<StorageFigures> SyntheticFarm::storageFigures()
{
    QStringList names;
    names.reserve(m_servers.size());
    for (const ServerRow& server : std::as_const(m_servers))
        names.append(server.name);
    QList<StorageFigures> storages;
    for (const StorageRow& storage : std::as_const(m_storages)) {
        StorageFigures f;
        f.storage = storage;
        f.probingServers = names;
        // The second storage fails on every 50th instance.
        if (storage.id == 2) {
            for (int i = 0; i < m_servers.size(); i += 50)
                f.failingServers.append(m_servers[i].name);
        }
        f.status = f.failingServers.isEmpty() ? StorageStatus::Ok : StorageStatus::Partial;
        f.probeLatencyP95Ms = uniform(m_random, 5.0, 30.0);
        storages.append(f);
    }
    return storages;
}

FlushProgress SyntheticFarm::flushProgress()
{
    // A farm-wide flush every minute; its instances acknowledge over 20 s.
    const qint64 second = m_now.toSecsSinceEpoch();
    if (m_flush.id == 0 || second - m_flush.requestedAt.toSecsSinceEpoch() >= FlushEveryS) {
        m_flush = {};
        m_flush.id = second / FlushEveryS;
        m_flush.requestedAt = m_now;
        m_flush.requestedBy = QStringLiteral("ops");
        m_flush.scope = QStringLiteral("farm");
        m_flush.reason = QStringLiteral("deploy");
    }
    FlushProgress flush;
    flush.request = m_flush;
    const qint64 sinceMs = m_flush.requestedAt.msecsTo(m_now);
    for (int i = 0; i < m_servers.size(); ++i) {
        FlushTargetProgress target;
        target.serverId = m_servers[i].id;
        target.serverName = m_servers[i].name;
        const double ackMs = double((i * 7919) % FlushAckSpreadMs) + 50.0;
        if (m_status[i] != ServerStatus::NotResponding && ackMs <= double(sinceMs)) {
            target.state = FlushTargetProgress::State::Acknowledged;
            target.ackMs = ackMs;
            ++flush.acknowledged;
            flush.slowestAckMs = std::max(flush.slowestAckMs.value_or(0.0), ackMs);
        } else {
            target.pendingForS = double(sinceMs) / 1000.0;
            ++flush.pending;
        }
        flush.perTarget.append(target);
    }
    flush.targets = flush.perTarget.size();
    return flush;
}

FarmSnapshot SyntheticFarm::snapshot()
{
    FarmSnapshot s;
    s.generatedAt = m_now;
    s.windowS = 60;
    s.schemaVersion = 5;
    const double deliveredTo = m_shape.deliveredTo > 0 ? m_shape.deliveredTo : std::max(1, m_shape.instances - 1);
    const double perInstancePerS = m_shape.tasksPerS * deliveredTo / double(m_shape.instances);
    for (const QString& name : { QStringLiteral("disabled"), QStringLiteral("stopped"),
             QStringLiteral("not-responding"), QStringLiteral("degraded"), QStringLiteral("healthy") })
        s.farm.byStatus.insert(name, 0);
    s.servers.reserve(m_servers.size());
    for (int i = 0; i < m_servers.size(); ++i) {
        const ServerFigures f = serverFigures(i, perInstancePerS);
        ++s.farm.byStatus[statusName(f.status)];
        s.farm.backlog += f.backlog;
        s.farm.deliveriesProcessed += f.deliveriesProcessed;
        s.farm.deliveriesFailed += f.deliveriesFailed;
        s.servers.append(f);
    }
    s.farm.servers = m_servers.size();
    s.farm.tasksCreated = m_tasks;
    s.farm.tasksCreatedPerS = m_shape.tasksPerS;
    s.farm.deliveriesProcessedPerS = perInstancePerS * m_shape.instances;
    s.farm.cacheLatency = latency(m_random, qint64(s.farm.deliveriesProcessedPerS * 60), 45.0);
    for (int t = 0; t < TaskTypes.size(); ++t) {
        s.farm.tasksCreatedPerSByType.insert(TaskTypes[t], m_shape.tasksPerS * TypeShare[t]);
        s.farm.deliveriesProcessedPerSByType.insert(TaskTypes[t], s.farm.deliveriesProcessedPerS * TypeShare[t]);
    }
    s.storage = storageFigures();
    s.flushes.append(flushProgress());
    s.scheduled = scheduledFigures();
    return s;
}

QList<ScheduledFigures> SyntheticFarm::scheduledFigures()
{
    QList<ScheduledFigures> result;
    for (int t = 0; t < 20; ++t) {
        ScheduledFigures f;
        f.task.id = t + 1;
        f.task.name = QStringLiteral("task-%1").arg(t + 1, 2, 10, QLatin1Char('0'));
        f.task.intervalS = qint64(10) << (t % 6);
        f.lastServer = m_servers[m_random.bounded(int(m_servers.size()))].name;
        f.lastStartedAt = m_now.addSecs(-m_random.bounded(int(f.task.intervalS)));
        f.nextDueAt = f.lastStartedAt.addSecs(f.task.intervalS);
        if (m_random.bounded(10) < 3) {
            f.lastOutcome = QStringLiteral("running");
            f.runningOn = { f.lastServer };
            f.runningForS = double(f.lastStartedAt.secsTo(m_now));
        } else {
            f.lastOutcome = QStringLiteral("ok");
            f.lastDurationS = 0.5 + m_random.bounded(5.0);
        }
        if (t == 7) {
            f.status = ScheduledStatus::Failing;
            f.lastOutcome = QStringLiteral("failed");
            f.lastError = QStringLiteral("SMTP 554: message refused");
            f.reasons = { QStringLiteral("the last run failed: SMTP 554: message refused") };
        }
        f.runsInWindow = 60 / f.task.intervalS + 1;
        result.append(f);
    }
    return result;
}

QList<SeriesUpdate> SyntheticFarm::series(int stepMs)
{
    const double stepS = double(stepMs) / 1000.0;
    const qint64 second = m_now.toSecsSinceEpoch();
    const double deliveredTo = m_shape.deliveredTo > 0 ? m_shape.deliveredTo : std::max(1, m_shape.instances - 1);
    const double perInstance = m_shape.tasksPerS * deliveredTo / double(m_shape.instances) * stepS;
    QList<SeriesUpdate> updates;
    updates.reserve(m_servers.size() + TaskTypes.size() + m_storages.size() + 1);

    SeriesUpdate farm;
    farm.scope = FarmHistory::farmScope();
    farm.second = second;
    farm.created = countAround(m_random, m_shape.tasksPerS * stepS);
    m_tasks += farm.created;
    qint64 backlog = 0;
    QList<double> farmLatency;
    for (int i = 0; i < m_servers.size(); ++i) {
        SeriesUpdate server;
        server.scope = FarmHistory::serverScope(m_servers[i].id);
        server.second = second;
        if (m_status[i] != ServerStatus::NotResponding) {
            server.processed = countAround(m_random, perInstance);
            server.failed = m_random.bounded(1000) == 0 ? 1 : 0;
            server.latency = latency(m_random, server.processed, typicalLatencyMs(m_status[i]));
            server.latencyCells
                = latencyCells(m_random, server.processed, typicalLatencyMs(m_status[i]), farm.latencyCells);
        }
        if (m_status[i] == ServerStatus::Degraded)
            m_backlog[i] += 1 + m_random.bounded(5);
        server.backlog = m_backlog[i];
        backlog += m_backlog[i];
        m_processed[i] += server.processed;
        m_failed[i] += server.failed;
        farm.processed += server.processed;
        farm.failed += server.failed;
        updates.append(server);
    }
    farm.backlog = backlog;
    farm.latency = latency(m_random, farm.processed, 45.0);
    updates.append(farm);
    for (int t = 0; t < TaskTypes.size(); ++t) {
        SeriesUpdate type;
        type.scope = FarmHistory::typeScope(TaskTypes[t]);
        type.second = second;
        type.created = countAround(m_random, double(farm.created) * TypeShare[t]);
        type.processed = countAround(m_random, double(farm.processed) * TypeShare[t]);
        updates.append(type);
    }
    // Every instance probes every storage each 10 s.
    for (const StorageRow& storage : std::as_const(m_storages)) {
        SeriesUpdate probes;
        probes.scope = FarmHistory::storageScope(storage.id);
        probes.second = second;
        probes.processed = countAround(m_random, double(m_servers.size()) * stepS / 10.0);
        probes.failed = storage.id == 2 ? countAround(m_random, double(probes.processed) / 50.0) : 0;
        probes.latency = latency(m_random, probes.processed, 8.0);
        updates.append(probes);
    }
    return updates;
}

QList<ProbeRow> SyntheticFarm::latestProbes()
{
    QList<ProbeRow> probes;
    probes.reserve(m_servers.size() * m_storages.size());
    for (const StorageRow& storage : std::as_const(m_storages)) {
        for (int i = 0; i < m_servers.size(); ++i) {
            ProbeRow probe;
            probe.storageId = storage.id;
            probe.serverId = m_servers[i].id;
            probe.probedAt = m_now.addMSecs(-qint64(m_random.bounded(10000)));
            probe.ok = !(storage.id == 2 && i % 50 == 0);
            probe.latencyMs = uniform(m_random, 2.0, 20.0);
            probe.freeBytes = 500LL * 1024 * 1024 * 1024;
            if (!probe.ok)
                probe.error = QStringLiteral("timed out after 5000 ms");
            probes.append(probe);
        }
    }
    return probes;
}

QList<RedisPoint> SyntheticFarm::redisPoints()
{
    constexpr double GiB = 1024.0 * 1024.0 * 1024.0;
    QList<RedisPoint> points;
    const qint64 now = m_now.toSecsSinceEpoch();
    for (qint64 s = m_redisSecond ? m_redisSecond + 1 : now; s <= now; ++s) {
        const double t = double(s % 3600);
        RedisPoint point;
        point.atMs = s * 1000;
        // Four samples in every quarter of an hour get no answer.
        point.ok = s % 900 < 450 || s % 900 >= 454;
        if (point.ok) {
            point.hitsPerS = 800.0 + 150.0 * std::sin(t / 60.0) + uniform(m_random, -40.0, 40.0);
            point.missesPerS = point.hitsPerS * (0.07 + 0.03 * std::sin(t / 200.0)) + uniform(m_random, 0.0, 8.0);
            // Memory fills up over ten minutes, then evictions make room.
            const bool evicting = s % 600 >= 480;
            point.evictedPerS = evicting ? 20.0 + uniform(m_random, -5.0, 5.0) : 0.0;
            point.opsPerS = (point.hitsPerS + point.missesPerS) * 1.3;
            point.maxMemory = 2.0 * GiB;
            point.usedMemory = GiB * (1.2 + 0.7 * double(std::min<qint64>(s % 600, 480)) / 480.0);
            point.pingMs = m_random.bounded(200) == 0 ? uniform(m_random, 3.0, 8.0) : uniform(m_random, 0.2, 0.6);
        }
        points.append(point);
        m_redisWindow.append(point);
    }
    m_redisSecond = now;
    while (!m_redisWindow.isEmpty() && m_redisWindow.first().atMs <= (now - 60) * 1000)
        m_redisWindow.removeFirst();
    return points;
}

RedisFigures SyntheticFarm::redisFigures(const FarmSnapshot& snapshot) const
{
    RedisFigures redis;
    redis.address = QStringLiteral("cache-01:6379");
    redis.sampledAt = m_now;
    if (m_redisWindow.isEmpty() || !m_redisWindow.last().ok) {
        redis.status = RedisStatus::Failing;
        redis.reasons.append(QStringLiteral("no answer within 6.0 s"));
        return redis;
    }
    redis.version = QStringLiteral("7.2.4");
    redis.role = QStringLiteral("master");
    double hits = 0.0;
    double misses = 0.0;
    double evicted = 0.0;
    double ops = 0.0;
    QList<double> pings;
    for (const RedisPoint& point : m_redisWindow) {
        if (!point.ok || std::isnan(point.hitsPerS))
            continue;
        hits += point.hitsPerS;
        misses += point.missesPerS;
        evicted += point.evictedPerS;
        ops += point.opsPerS;
        pings.append(point.pingMs);
    }
    const double span = double(pings.size());
    redis.hitsPerS = hits / span;
    redis.missesPerS = misses / span;
    redis.hitRatio = hits / (hits + misses);
    redis.evictedKeysPerS = evicted / span;
    redis.evictedKeys = qint64(evicted);
    redis.opsPerS = ops / span;
    redis.expiredKeysPerS = 3.0;
    std::sort(pings.begin(), pings.end());
    redis.pingP50Ms = Figures::percentile(pings, 0.5);
    redis.pingP99Ms = Figures::percentile(pings, 0.99);
    redis.usedMemoryBytes = qint64(m_redisWindow.last().usedMemory);
    redis.maxMemoryBytes = qint64(m_redisWindow.last().maxMemory);
    // One running instance, in the middle of the farm, has no connection.
    const QStringList running = Redis::runningInstances(snapshot);
    for (qsizetype i = 0; i < running.size(); ++i)
        (i == running.size() / 2 ? redis.instancesMissing : redis.instancesConnected).append(running[i]);
    redis.connectedClients = redis.instancesConnected.size() + 2;
    redis.backplaneSubscribers = redis.instancesConnected.size();
    if (redis.evictedKeys > 0)
        redis.reasons.append(QStringLiteral("%1 keys evicted in the last 1 min 0 s").arg(redis.evictedKeys));
    if (double(*redis.usedMemoryBytes) > 0.9 * double(*redis.maxMemoryBytes))
        redis.reasons.append(QStringLiteral("memory over 90 % of maxmemory"));
    if (!redis.instancesMissing.isEmpty())
        redis.reasons.append(redis.instancesMissing.first() + QStringLiteral(" not connected"));
    redis.status = redis.reasons.isEmpty() ? RedisStatus::Ok : RedisStatus::Degraded;
    return redis;
}

DatabaseRows SyntheticFarm::databaseRows() const
{
    DatabaseRows rows;
    rows.login = QStringLiteral("farm_dashboard");
    rows.maxConnections = std::max<qint64>(200, qint64(m_servers.size()) * 2);
    rows.seesAllSessions = true;
    qint64 pid = 10000;
    for (const ServerRow& server : m_servers) {
        SessionRow session;
        session.pid = ++pid;
        session.applicationName = QStringLiteral("webapp ") + server.name;
        session.user = QStringLiteral("farm_instance");
        session.clientAddr = QStringLiteral("10.0.%1.%2").arg(server.id / 250).arg(server.id % 250);
        session.state = server.id % 7 == 0 ? QStringLiteral("active") : QStringLiteral("idle");
        session.query = QStringLiteral("SELECT * FROM webfarm.fetch_tasks($1, $2)");
        rows.sessions.append(session);
    }
    // An administrator's long UPDATE, and the instance in the middle waiting on it.
    SessionRow admin;
    admin.pid = 4711;
    admin.applicationName = QStringLiteral("psql");
    admin.user = QStringLiteral("admin");
    admin.clientAddr = QStringLiteral("10.9.0.9");
    admin.state = QStringLiteral("idle in transaction");
    admin.xactStart = m_now.addSecs(-75);
    admin.query = QStringLiteral("UPDATE webfarm.server_task SET error_message = NULL WHERE server_id = 42");
    rows.sessions.append(admin);
    if (!rows.sessions.isEmpty()) {
        SessionRow& waiter = rows.sessions[rows.sessions.size() / 2];
        waiter.blockedBy = { admin.pid };
        waiter.lockWaitStart = m_now.addSecs(-12);
        waiter.state = QStringLiteral("active");
        waiter.waitEventType = QStringLiteral("Lock");
        waiter.waitEvent = QStringLiteral("transactionid");
    }
    const qint64 grown = m_sequence * 4096;
    for (const QString& table : { QStringLiteral("heartbeat"), QStringLiteral("server"), QStringLiteral("server_log"),
             QStringLiteral("server_task"), QStringLiteral("storage_probe"), QStringLiteral("task") }) {
        rows.tables.append({ table, 8 * 1024 * 1024 + grown * (table.size() % 5), 10000, grown / 64, {} });
    }
    rows.tablesRead = m_sequence % 10 == 1;
    return rows;
}

EngineUpdate SyntheticFarm::next(int stepMs)
{
    m_now = m_now.addMSecs(stepMs);
    changeStatuses();
    EngineUpdate update;
    update.sequence = ++m_sequence;
    update.initial = m_sequence == 1;
    update.series = series(stepMs);
    update.snapshot = snapshot();
    if (m_shape.redis) {
        update.redisPoints = redisPoints();
        Redis::apply(update.snapshot, redisFigures(update.snapshot));
    }
    if (m_shape.database) {
        QStringList names;
        for (const ServerFigures& server : std::as_const(update.snapshot.servers))
            names.append(server.server.name);
        Database::apply(update.snapshot, Database::figures(databaseRows(), m_now, names));
    }
    update.latestProbes = latestProbes();
    update.newEvents = std::exchange(m_events, {});
    for (const ServerRow& server : std::as_const(m_servers))
        update.serverNames.insert(server.id, server.name);
    update.refreshMs = 20;
    return update;
}

} // namespace Paddock::Bench
