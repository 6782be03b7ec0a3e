#include "farmhistory.h"

#include "farmreader.h"

#include <QMap>
#include <QSet>

namespace Paddock {

namespace {

qint64 secondOf(const QDateTime& t)
{
    return t.toMSecsSinceEpoch() / 1000;
}

float asFloat(const std::optional<double>& value)
{
    return value ? float(*value) : NAN;
}

} // namespace

TimeSeries::TimeSeries(int capacitySeconds)
    : m_buckets(size_t(std::max(1, capacitySeconds)))
{
}

SeriesBucket* TimeSeries::bucket(qint64 second)
{
    const qint64 capacity = qint64(m_buckets.size());
    if (m_newest != std::numeric_limits<qint64>::min() && second <= m_newest - capacity)
        return nullptr;
    if (m_newest == std::numeric_limits<qint64>::min() || second > m_newest)
        m_newest = second;
    SeriesBucket& slot = m_buckets[size_t(((second % capacity) + capacity) % capacity)];
    if (!slot.valid || slot.second != second) {
        slot = SeriesBucket();
        slot.second = second;
        slot.valid = true;
    }
    return &slot;
}

const SeriesBucket* TimeSeries::at(qint64 second) const
{
    const qint64 capacity = qint64(m_buckets.size());
    if (m_newest == std::numeric_limits<qint64>::min() || second > m_newest || second <= m_newest - capacity)
        return nullptr;
    const SeriesBucket& slot = m_buckets[size_t(((second % capacity) + capacity) % capacity)];
    return slot.valid && slot.second == second ? &slot : nullptr;
}

void TimeSeries::clearFrom(qint64 second)
{
    if (m_newest == std::numeric_limits<qint64>::min() || second > m_newest)
        return;
    qint64 newest = std::numeric_limits<qint64>::min();
    for (SeriesBucket& slot : m_buckets) {
        if (slot.valid && slot.second >= second)
            slot = SeriesBucket();
        else if (slot.valid)
            newest = std::max(newest, slot.second);
    }
    m_newest = newest;
}

QList<SeriesBucket> TimeSeries::range(qint64 from, qint64 to) const
{
    QList<SeriesBucket> result;
    if (m_newest == std::numeric_limits<qint64>::min())
        return result;
    from = std::max(from, m_newest - qint64(m_buckets.size()) + 1);
    to = std::min(to, m_newest);
    for (qint64 second = from; second <= to; ++second) {
        if (const SeriesBucket* b = at(second))
            result.append(*b);
    }
    return result;
}

FarmHistory::FarmHistory(int retentionS)
    : m_retentionS(retentionS)
{
}

void FarmHistory::setRetention(int retentionS)
{
    m_retentionS = retentionS;
    clear();
}

void FarmHistory::clear()
{
    m_series.clear();
}

void FarmHistory::clearFrom(qint64 second)
{
    for (TimeSeries& series : m_series)
        series.clearFrom(second);
}

QList<SeriesUpdate> FarmHistory::updatesFor(const ReadDelta& delta, const FarmData& data)
{
    // Keyed by (scope, second) so that one update per bucket leaves the engine.
    QMap<QPair<QString, qint64>, SeriesUpdate> updates;
    auto at = [&updates](const QString& scope, qint64 second) -> SeriesUpdate& {
        SeriesUpdate& update = updates[{ scope, second }];
        update.scope = scope;
        update.second = second;
        return update;
    };

    for (const TaskRow& task : delta.tasks) {
        const qint64 second = secondOf(task.createdAt);
        ++at(farmScope(), second).created;
        ++at(typeScope(task.type), second).created;
        if (task.creatorServerId)
            ++at(serverScope(*task.creatorServerId), second).created;
    }

    QSet<qint64> touchedSeconds;
    for (const DeliveryRow& delivery : delta.deliveries) {
        const qint64 second = secondOf(delivery.processedAt);
        touchedSeconds.insert(second);
        for (const QString& scope : { farmScope(), serverScope(delivery.serverId), typeScope(delivery.taskType) }) {
            SeriesUpdate& update = at(scope, second);
            ++update.processed;
            if (delivery.failed())
                ++update.failed;
        }
    }

    // Latency percentiles of each touched second, from the raw rows the reader still holds (the
    // window): a late delivery re-computes its second instead of skewing it.
    if (!touchedSeconds.isEmpty()) {
        QHash<QPair<QString, qint64>, QList<double>> latencies;
        for (const DeliveryRow& delivery : data.deliveries) {
            const qint64 second = secondOf(delivery.processedAt);
            if (!touchedSeconds.contains(second) || delivery.failed() || !isCacheTaskType(delivery.taskType))
                continue;
            const double ms = double(delivery.createdAt.msecsTo(delivery.processedAt));
            latencies[{ farmScope(), second }].append(ms);
            latencies[{ serverScope(delivery.serverId), second }].append(ms);
        }
        for (auto it = latencies.cbegin(); it != latencies.cend(); ++it)
            at(it.key().first, it.key().second).latency = LatencyStats::of(it.value());
    }

    // Storage probes: counts per second, and the probe latency of each touched second from the
    // raw probes of the window.
    QSet<QPair<qint64, qint64>> touchedProbes;
    for (const ProbeRow& probe : delta.probes) {
        const qint64 second = secondOf(probe.probedAt);
        SeriesUpdate& update = at(storageScope(probe.storageId), second);
        ++update.processed;
        if (!probe.ok)
            ++update.failed;
        touchedProbes.insert({ probe.storageId, second });
    }
    if (!touchedProbes.isEmpty()) {
        QHash<QPair<qint64, qint64>, QList<double>> latencies;
        for (const ProbeRow& probe : data.probes) {
            const QPair<qint64, qint64> key { probe.storageId, secondOf(probe.probedAt) };
            if (probe.latencyMs && touchedProbes.contains(key))
                latencies[key].append(*probe.latencyMs);
        }
        for (auto it = latencies.cbegin(); it != latencies.cend(); ++it)
            at(storageScope(it.key().first), it.key().second).latency = LatencyStats::of(it.value());
    }

    // The backlog is a level, sampled at the moment of the read.
    const qint64 now = secondOf(data.now);
    qint64 total = 0;
    QSet<qint64> withBacklog;
    for (const BacklogRow& row : data.backlog) {
        at(serverScope(row.serverId), now).backlog = row.pending;
        withBacklog.insert(row.serverId);
        total += row.pending;
    }
    for (const ServerRow& server : data.servers) {
        if (!withBacklog.contains(server.id))
            at(serverScope(server.id), now).backlog = 0;
    }
    at(farmScope(), now).backlog = total;

    return updates.values();
}

void FarmHistory::apply(const QList<SeriesUpdate>& updates)
{
    for (const SeriesUpdate& update : updates) {
        auto it = m_series.find(update.scope);
        if (it == m_series.end())
            it = m_series.insert(update.scope, TimeSeries(m_retentionS));
        SeriesBucket* bucket = it->bucket(update.second);
        if (!bucket)
            continue; // older than the retention
        bucket->created += update.created;
        bucket->processed += update.processed;
        bucket->failed += update.failed;
        if (update.backlog)
            bucket->backlog = qint32(std::min<qint64>(*update.backlog, std::numeric_limits<qint32>::max()));
        if (update.latency) {
            bucket->latencyCount = qint32(update.latency->count);
            bucket->p50 = asFloat(update.latency->p50);
            bucket->p95 = asFloat(update.latency->p95);
            bucket->p99 = asFloat(update.latency->p99);
            bucket->max = asFloat(update.latency->max);
        }
    }
}

const TimeSeries* FarmHistory::series(const QString& scope) const
{
    const auto it = m_series.constFind(scope);
    return it == m_series.constEnd() ? nullptr : &*it;
}

QStringList FarmHistory::scopes() const
{
    return m_series.keys();
}

qint64 FarmHistory::newest() const
{
    const TimeSeries* farm = series(farmScope());
    return farm ? farm->newest() : 0;
}

} // namespace Paddock
