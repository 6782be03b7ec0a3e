#include "redisfigures.h"

#include "displayformat.h"
#include "figures.h"
#include "instancedegrade.h"

#include <algorithm>

namespace Paddock {

QString statusName(RedisStatus status)
{
    switch (status) {
    case RedisStatus::Ok:
        return QStringLiteral("ok");
    case RedisStatus::Degraded:
        return QStringLiteral("degraded");
    case RedisStatus::Failing:
        return QStringLiteral("failing");
    case RedisStatus::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

namespace Redis {

namespace {

// A counter's growth between two samples: a counter that went down means Redis restarted in
// between, and then only what it counted since (the newer value) is known.
qint64 growth(qint64 first, qint64 last)
{
    return last >= first ? last - first : last;
}

// Rates, hit ratio and evictions between the oldest and newest answered samples of the window.
void measureRates(RedisFigures& figures, const RedisSample& first, const RedisSample& last)
{
    const bool restarted = last.uptimeS < first.uptimeS;
    double spanS = double(last.atMs - first.atMs) / 1000.0;
    if (restarted)
        spanS = std::min(spanS, double(last.uptimeS));
    figures.sampledS = spanS;
    if (spanS <= 0.0)
        return;
    const auto grew = [&](qint64 RedisSample::*counter) {
        return restarted ? last.*counter : growth(first.*counter, last.*counter);
    };
    const qint64 hits = grew(&RedisSample::keyspaceHits);
    const qint64 misses = grew(&RedisSample::keyspaceMisses);
    figures.evictedKeys = grew(&RedisSample::evictedKeys);
    figures.hitsPerS = double(hits) / spanS;
    figures.missesPerS = double(misses) / spanS;
    figures.evictedKeysPerS = double(figures.evictedKeys) / spanS;
    figures.expiredKeysPerS = double(grew(&RedisSample::expiredKeys)) / spanS;
    figures.opsPerS = double(grew(&RedisSample::commandsProcessed)) / spanS;
    if (hits + misses > 0)
        figures.hitRatio = double(hits) / double(hits + misses);
}

QString namesInWords(const QStringList& names)
{
    constexpr int Shown = 3;
    QString text = names.mid(0, Shown).join(QStringLiteral(", "));
    if (names.size() > Shown)
        text += QStringLiteral(" and %1 more").arg(names.size() - Shown);
    return text;
}

void judge(RedisFigures& figures, const RedisThresholds& thresholds)
{
    if (figures.evictedKeys > 0)
        figures.reasons.append(QStringLiteral("%1 keys evicted in the last %2")
                                   .arg(Format::integer(figures.evictedKeys), Format::duration(figures.sampledS)));
    const qint64 used = figures.usedMemoryBytes.value_or(0);
    const qint64 limit = figures.maxMemoryBytes.value_or(0);
    if (limit > 0 && double(used) > thresholds.memoryFraction * double(limit))
        figures.reasons.append(QStringLiteral("memory %1 of maxmemory %2 (over %3 %)")
                                   .arg(Format::bytes(used), Format::bytes(limit))
                                   .arg(thresholds.memoryFraction * 100.0, 0, 'f', 0));
    if (figures.pingP99Ms && *figures.pingP99Ms > thresholds.pingP99Ms)
        figures.reasons.append(
            QStringLiteral("PING p99 %1 > %2")
                .arg(Format::milliseconds(*figures.pingP99Ms), Format::milliseconds(thresholds.pingP99Ms)));
    if (!figures.instancesMissing.isEmpty())
        figures.reasons.append(namesInWords(figures.instancesMissing) + QStringLiteral(" not connected"));
    figures.status = figures.reasons.isEmpty() ? RedisStatus::Ok : RedisStatus::Degraded;
}

} // namespace

RedisFigures figures(const QString& address, const QList<RedisSample>& samples, int windowS, qint64 nowMs,
    const QStringList& running, const RedisThresholds& thresholds)
{
    RedisFigures figures;
    figures.address = address;
    if (samples.isEmpty()) {
        figures.reasons.append(QStringLiteral("not read yet"));
        return figures;
    }
    const RedisSample& newest = samples.constLast();
    figures.sampledAt = QDateTime::fromMSecsSinceEpoch(newest.atMs, Qt::UTC);
    if (!newest.ok) {
        figures.status = RedisStatus::Failing;
        figures.reasons.append(newest.error);
        return figures;
    }
    figures.version = newest.version;
    figures.role = newest.role;
    figures.usedMemoryBytes = newest.usedMemory;
    figures.maxMemoryBytes = newest.maxMemory;
    figures.connectedClients = newest.connectedClients;
    figures.backplaneSubscribers = newest.backplaneSubscribers;
    figures.cannotSee = newest.cannotSee;
    const bool clientsSeen = std::none_of(newest.cannotSee.cbegin(), newest.cannotSee.cend(),
        [](const QString& what) { return what.startsWith(QLatin1String("CLIENT LIST")); });
    for (const QString& name : running) {
        if (newest.clientNames.contains(name))
            figures.instancesConnected.append(name);
        else if (clientsSeen)
            figures.instancesMissing.append(name);
    }
    const qint64 from = nowMs - qint64(windowS) * 1000;
    const RedisSample* first = nullptr;
    QList<double> pings;
    for (const RedisSample& sample : samples) {
        if (!sample.ok || sample.atMs < from)
            continue;
        if (!first)
            first = &sample;
        if (sample.pingMs)
            pings.append(*sample.pingMs);
    }
    if (first && first != &newest)
        measureRates(figures, *first, newest);
    std::sort(pings.begin(), pings.end());
    figures.pingP50Ms = Figures::percentile(pings, 0.5);
    figures.pingP99Ms = Figures::percentile(pings, 0.99);
    judge(figures, thresholds);
    return figures;
}

QStringList runningInstances(const FarmSnapshot& snapshot)
{
    QStringList names;
    for (const ServerFigures& server : snapshot.servers) {
        if (server.status == ServerStatus::Healthy || server.status == ServerStatus::Degraded)
            names.append(server.server.name);
    }
    return names;
}

void apply(FarmSnapshot& snapshot, RedisFigures redis)
{
    const bool answers = redis.status == RedisStatus::Ok || redis.status == RedisStatus::Degraded;
    if (answers) {
        const QString reason = QStringLiteral("no connection to Redis %1").arg(redis.address);
        degradeRunningInstances(snapshot, [&redis, &reason](const ServerFigures& server) {
            return redis.instancesMissing.contains(server.server.name) ? reason : QString();
        });
    }
    snapshot.redis = std::move(redis);
}

RedisPoint point(const RedisSample* previous, const RedisSample& current)
{
    RedisPoint point;
    point.atMs = current.atMs;
    point.ok = current.ok;
    if (!current.ok)
        return point;
    point.usedMemory = double(current.usedMemory);
    point.maxMemory = current.maxMemory > 0 ? double(current.maxMemory) : NAN;
    point.pingMs = current.pingMs.value_or(NAN);
    if (!previous || !previous->ok || current.atMs <= previous->atMs)
        return point;
    RedisFigures rates;
    measureRates(rates, *previous, current);
    point.hitsPerS = rates.hitsPerS.value_or(NAN);
    point.missesPerS = rates.missesPerS.value_or(NAN);
    point.evictedPerS = rates.evictedKeysPerS.value_or(NAN);
    point.opsPerS = rates.opsPerS.value_or(NAN);
    return point;
}

} // namespace Redis

} // namespace Paddock
