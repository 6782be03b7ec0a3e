#include "farmhistory.h"

#include "farmreader.h"

#include <atomic>
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

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

constexpr qint64 NoSecond = std::numeric_limits<qint64>::min();

bool isContractTaskType(const QString& type)
{
    static const QSet<QString> types { QStringLiteral("TOUCH_CACHE_ITEM"), QStringLiteral("REMOVE_CACHE_ITEM"),
        QStringLiteral("CLEAR_CACHE_ITEMS"), QStringLiteral("CLEAR_FULL_PAGE_CACHE"),
        QStringLiteral("INVALIDATE_OBJECT"), QStringLiteral("CLEAR_CACHE"), QStringLiteral("UPDATE_METAFILE"),
        QStringLiteral("DELETE_METAFILE"), QStringLiteral("RESTART_APPLICATION") };
    return types.contains(type);
}

// The other task types with a series of their own: the busiest few in the window, each with a
// real share of the tasks. A farm that puts keys in its task types (one task each) gets none, so
// the series stay bounded however many types it invents.
QSet<QString> busiestOtherTypes(const QList<TaskRow>& tasks)
{
    QHash<QString, qint64> counts;
    for (const TaskRow& task : tasks) {
        if (!isContractTaskType(task.type))
            ++counts[task.type];
    }
    const qint64 least = std::max<qint64>(FarmHistory::MinTypeTasks, tasks.size() / 100);
    QList<QPair<qint64, QString>> ranked;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.value() >= least)
            ranked.append({ it.value(), it.key() });
    }
    std::sort(ranked.begin(), ranked.end(),
        [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    QSet<QString> busiest;
    for (qsizetype i = 0; i < std::min<qsizetype>(ranked.size(), FarmHistory::OtherTypeSeries); ++i)
        busiest.insert(ranked[i].second);
    return busiest;
}

} // namespace

TimeSeries::TimeSeries(int capacitySeconds, int resolutionS)
    : m_capacityS(std::max(1, capacitySeconds))
    , m_resolutionS(std::max(1, resolutionS))
{
    // Enough slots that the chunks of the retained buckets never share one.
    m_ring.resize(size_t(capacityBuckets() / ChunkBuckets + 2));
}

TimeSeries::TimeSeries(const TimeSeries& other)
    : m_capacityS(other.m_capacityS)
    , m_resolutionS(other.m_resolutionS)
    , m_newest(other.m_newest)
{
    m_ring.resize(other.m_ring.size());
    for (size_t i = 0; i < other.m_ring.size(); ++i) {
        if (other.m_ring[i])
            m_ring[i] = std::make_unique<Chunk>(*other.m_ring[i]);
    }
}

TimeSeries& TimeSeries::operator=(const TimeSeries& other)
{
    if (this != &other)
        *this = TimeSeries(other);
    return *this;
}

qint64 TimeSeries::keyOf(qint64 second) const
{
    return floorDiv(second, m_resolutionS);
}

qint64 TimeSeries::capacityBuckets() const
{
    return (qint64(m_capacityS) + m_resolutionS - 1) / m_resolutionS;
}

TimeSeries::Chunk* TimeSeries::chunkOf(qint64 key) const
{
    const qint64 number = floorDiv(key, ChunkBuckets);
    const qint64 slots = qint64(m_ring.size());
    Chunk* chunk = m_ring[size_t(((number % slots) + slots) % slots)].get();
    return chunk && chunk->number == number ? chunk : nullptr;
}

SeriesBucket* TimeSeries::bucket(qint64 second)
{
    const qint64 key = keyOf(second);
    if (m_newest != NoSecond && key <= keyOf(m_newest) - capacityBuckets())
        return nullptr;
    if (m_newest == NoSecond || second > m_newest)
        m_newest = second;
    const qint64 number = floorDiv(key, ChunkBuckets);
    const qint64 slots = qint64(m_ring.size());
    std::unique_ptr<Chunk>& slot = m_ring[size_t(((number % slots) + slots) % slots)];
    if (!slot)
        slot = std::make_unique<Chunk>();
    if (slot->number != number || slot->used == 0) {
        slot->number = number;
        slot->used = 0;
    }
    const int index = int(key - number * ChunkBuckets);
    SeriesBucket& bucket = slot->buckets[index];
    if (!(slot->used & (quint64(1) << index))) {
        slot->used |= quint64(1) << index;
        bucket = SeriesBucket();
        bucket.second = key * m_resolutionS;
        bucket.valid = true;
    }
    return &bucket;
}

const SeriesBucket* TimeSeries::at(qint64 second) const
{
    if (m_newest == NoSecond || second > m_newest)
        return nullptr;
    const qint64 key = keyOf(second);
    if (key <= keyOf(m_newest) - capacityBuckets())
        return nullptr;
    const Chunk* chunk = chunkOf(key);
    const int index = chunk ? int(key - chunk->number * ChunkBuckets) : 0;
    return chunk && (chunk->used & (quint64(1) << index)) ? &chunk->buckets[index] : nullptr;
}

void TimeSeries::clearFrom(qint64 second)
{
    if (m_newest == NoSecond || second > m_newest)
        return;
    const qint64 fromKey = keyOf(second);
    qint64 newest = NoSecond;
    for (std::unique_ptr<Chunk>& chunk : m_ring) {
        if (!chunk)
            continue;
        for (int i = 0; i < ChunkBuckets; ++i) {
            if (!(chunk->used & (quint64(1) << i)))
                continue;
            if (chunk->number * ChunkBuckets + i >= fromKey)
                chunk->used &= ~(quint64(1) << i);
            else
                newest = std::max(newest, chunk->buckets[i].second);
        }
    }
    m_newest = newest;
}

QList<SeriesBucket> TimeSeries::range(qint64 from, qint64 to) const
{
    QList<SeriesBucket> result;
    if (m_newest == NoSecond)
        return result;
    const qint64 last = keyOf(std::min(to, m_newest));
    for (qint64 key = std::max(keyOf(from), keyOf(m_newest) - capacityBuckets() + 1); key <= last; ++key) {
        const Chunk* chunk = chunkOf(key);
        const int index = chunk ? int(key - chunk->number * ChunkBuckets) : 0;
        if (chunk && (chunk->used & (quint64(1) << index)))
            result.append(chunk->buckets[index]);
    }
    return result;
}

void TimeSeries::dropBefore(qint64 second)
{
    const qint64 key = keyOf(second);
    for (std::unique_ptr<Chunk>& chunk : m_ring) {
        if (chunk && (chunk->number + 1) * ChunkBuckets <= key)
            chunk.reset();
    }
}

void TimeSeries::merge(SeriesBucket& into, const SeriesBucket& from)
{
    into.created += from.created;
    into.processed += from.processed;
    into.failed += from.failed;
    if (from.backlog >= 0)
        into.backlog = from.backlog;
    const auto worst = [](float a, float b) { return std::isnan(a) ? b : std::isnan(b) ? a : std::max(a, b); };
    into.latencyCount = std::max(into.latencyCount, from.latencyCount);
    into.p50 = worst(into.p50, from.p50);
    into.p95 = worst(into.p95, from.p95);
    into.p99 = worst(into.p99, from.p99);
    into.max = worst(into.max, from.max);
}

TimeSeries TimeSeries::coarsened(int resolutionS) const
{
    TimeSeries result(m_capacityS, resolutionS);
    for (const SeriesBucket& bucket : range(NoSecond / 2, std::numeric_limits<qint64>::max()))
        if (SeriesBucket* into = result.bucket(bucket.second))
            merge(*into, bucket);
    if (m_newest != NoSecond)
        result.m_newest = m_newest;
    return result;
}

qint64 TimeSeries::heldBuckets() const
{
    qint64 held = 0;
    for (const std::unique_ptr<Chunk>& chunk : m_ring)
        held += chunk ? ChunkBuckets : 0;
    return held;
}

FarmHistory::FarmHistory(int retentionS)
    : m_retentionS(retentionS)
{
    // Revisions of two histories never come close: a reader moved from one to the other (a new
    // engine at the old one's address) starts again.
    static std::atomic<quint64> histories { 0 };
    m_revision = (histories.fetch_add(1) + 1) << 32;
}

void FarmHistory::setRetention(int retentionS)
{
    m_retentionS = retentionS;
    clear();
}

void FarmHistory::clear()
{
    noteChange(NoSecond);
    m_series.clear();
    m_heatmaps.clear();
    m_serverSeries = 0;
    m_instanceResolutionS = 1;
    m_prunedAt = NoSecond;
}

void FarmHistory::clearFrom(qint64 second)
{
    noteChange(second);
    for (TimeSeries& series : m_series)
        series.clearFrom(second);
    for (LatencyHeatmap& heatmap : m_heatmaps)
        heatmap.clearFrom(second);
}

int FarmHistory::instanceResolutionFor(qint64 instances, int retentionS)
{
    for (int resolution : { 1, 2, 3, 5, 10, 15, 20, 30, 60, 120, 300 }) {
        if (instances * ((qint64(retentionS) + resolution - 1) / resolution) <= InstanceBucketBudget)
            return resolution;
    }
    return 600;
}

void FarmHistory::fitInstanceSeries(qint64 instances)
{
    const int resolution = std::max(m_instanceResolutionS, instanceResolutionFor(instances, m_retentionS));
    if (resolution == m_instanceResolutionS)
        return;
    // Coarser only, never finer again (until clear()): a series is never split.
    noteChange(NoSecond);
    m_instanceResolutionS = resolution;
    for (auto it = m_series.begin(); it != m_series.end(); ++it) {
        if (isServerScope(it.key()))
            *it = it->coarsened(resolution);
    }
    for (auto it = m_heatmaps.begin(); it != m_heatmaps.end(); ++it) {
        if (isServerScope(it.key()))
            *it = it->coarsened(resolution);
    }
}

namespace {

// One update per (scope, second) bucket, made as the rows of a read are counted into it.
class SeriesCollector {
public:
    SeriesUpdate& at(const QString& scope, qint64 second)
    {
        SeriesUpdate& update = m_updates[{ scope, second }];
        update.scope = scope;
        update.second = second;
        return update;
    }
    QList<SeriesUpdate> updates() const { return m_updates.values(); }

private:
    QMap<QPair<QString, qint64>, SeriesUpdate> m_updates;
};

// Latency percentiles of each touched second, from the raw rows the reader still holds (the
// window): a late delivery re-computes its second instead of skewing it.
void addDeliveryLatencies(SeriesCollector& series, const FarmData& data, const QSet<qint64>& touchedSeconds)
{
    if (touchedSeconds.isEmpty())
        return;
    QHash<QPair<QString, qint64>, QList<double>> latencies;
    for (const DeliveryRow& delivery : data.deliveries) {
        const qint64 second = secondOf(delivery.processedAt);
        if (!touchedSeconds.contains(second) || delivery.failed() || !isCacheTaskType(delivery.taskType))
            continue;
        const double ms = double(delivery.createdAt.msecsTo(delivery.processedAt));
        latencies[{ FarmHistory::farmScope(), second }].append(ms);
        latencies[{ FarmHistory::serverScope(delivery.serverId), second }].append(ms);
    }
    for (auto it = latencies.cbegin(); it != latencies.cend(); ++it)
        series.at(it.key().first, it.key().second).latency = LatencyStats::of(it.value());
}

// The latency bucket of each new successful cache invalidation, counted in its second for the farm
// and its instance. Counts are increments, like the processed ones: a delivery processed again is
// not in the delta (FarmReader keeps it once), so it stays counted once, at its first processing.
void addLatencyCells(SeriesCollector& series, const ReadDelta& delta)
{
    const auto count = [](QList<LatencyCell>& cells, int bucket) {
        for (LatencyCell& cell : cells) {
            if (cell.bucket == bucket) {
                ++cell.count;
                return;
            }
        }
        cells.append(LatencyCell { bucket, 1 });
    };
    for (const DeliveryRow& delivery : delta.deliveries) {
        if (delivery.failed() || !isCacheTaskType(delivery.taskType) || !delivery.createdAt.isValid())
            continue;
        const qint64 second = secondOf(delivery.processedAt);
        const int bucket = LatencyBuckets::of(double(delivery.createdAt.msecsTo(delivery.processedAt)));
        count(series.at(FarmHistory::farmScope(), second).latencyCells, bucket);
        count(series.at(FarmHistory::serverScope(delivery.serverId), second).latencyCells, bucket);
    }
}

// Storage probes: counts per second, and the probe latency of each touched second from the raw
// probes of the window.
void addProbes(SeriesCollector& series, const ReadDelta& delta, const FarmData& data)
{
    QSet<QPair<qint64, qint64>> touchedProbes;
    for (const ProbeRow& probe : delta.probes) {
        const qint64 second = secondOf(probe.probedAt);
        SeriesUpdate& update = series.at(FarmHistory::storageScope(probe.storageId), second);
        ++update.processed;
        if (!probe.ok)
            ++update.failed;
        touchedProbes.insert({ probe.storageId, second });
    }
    if (touchedProbes.isEmpty())
        return;
    QHash<QPair<qint64, qint64>, QList<double>> latencies;
    for (const ProbeRow& probe : data.probes) {
        const QPair<qint64, qint64> key { probe.storageId, secondOf(probe.probedAt) };
        if (probe.latencyMs && touchedProbes.contains(key))
            latencies[key].append(*probe.latencyMs);
    }
    for (auto it = latencies.cbegin(); it != latencies.cend(); ++it)
        series.at(FarmHistory::storageScope(it.key().first), it.key().second).latency = LatencyStats::of(it.value());
}

// The backlog is a level, sampled at the moment of the read.
void addBacklog(SeriesCollector& series, const FarmData& data)
{
    const qint64 now = secondOf(data.now);
    qint64 total = 0;
    QSet<qint64> withBacklog;
    for (const BacklogRow& row : data.backlog) {
        series.at(FarmHistory::serverScope(row.serverId), now).backlog = row.pending;
        withBacklog.insert(row.serverId);
        total += row.pending;
    }
    for (const ServerRow& server : data.servers) {
        if (!withBacklog.contains(server.id))
            series.at(FarmHistory::serverScope(server.id), now).backlog = 0;
    }
    series.at(FarmHistory::farmScope(), now).backlog = total;
}

} // namespace

QList<SeriesUpdate> FarmHistory::updatesFor(const ReadDelta& delta, const FarmData& data)
{
    SeriesCollector series;
    const QSet<QString> busiest = busiestOtherTypes(data.tasks);
    const auto typeScopeOf = [&busiest](const QString& type) {
        return isContractTaskType(type) || busiest.contains(type) ? typeScope(type) : otherTypesScope();
    };
    for (const TaskRow& task : delta.tasks) {
        const qint64 second = secondOf(task.createdAt);
        ++series.at(farmScope(), second).created;
        ++series.at(typeScopeOf(task.type), second).created;
        if (task.creatorServerId)
            ++series.at(serverScope(*task.creatorServerId), second).created;
    }
    QSet<qint64> touchedSeconds;
    for (const DeliveryRow& delivery : delta.deliveries) {
        const qint64 second = secondOf(delivery.processedAt);
        touchedSeconds.insert(second);
        for (const QString& scope : { farmScope(), serverScope(delivery.serverId), typeScopeOf(delivery.taskType) }) {
            SeriesUpdate& update = series.at(scope, second);
            ++update.processed;
            if (delivery.failed())
                ++update.failed;
        }
    }
    addDeliveryLatencies(series, data, touchedSeconds);
    addLatencyCells(series, delta);
    addProbes(series, delta, data);
    addBacklog(series, data);
    return series.updates();
}

void FarmHistory::apply(const QList<SeriesUpdate>& updates)
{
    // New instances first: the budget may ask for coarser buckets before they are written.
    qint64 newServers = 0;
    qint64 newest = NoSecond;
    qint64 oldest = std::numeric_limits<qint64>::max();
    for (const SeriesUpdate& update : updates) {
        newest = std::max(newest, update.second);
        oldest = std::min(oldest, update.second);
        if (isServerScope(update.scope) && !m_series.contains(update.scope))
            ++newServers;
    }
    if (newServers > 0)
        fitInstanceSeries(m_serverSeries + newServers);
    if (!updates.isEmpty())
        noteChange(oldest);
    for (const SeriesUpdate& update : updates) {
        auto it = m_series.find(update.scope);
        if (it == m_series.end()) {
            const bool server = isServerScope(update.scope);
            it = m_series.insert(update.scope, TimeSeries(m_retentionS, server ? m_instanceResolutionS : 1));
            if (server)
                ++m_serverSeries;
        }
        SeriesBucket* bucket = it->bucket(update.second);
        if (!bucket)
            continue; // older than the retention
        applyCells(update);
        SeriesBucket change;
        change.created = update.created;
        change.processed = update.processed;
        change.failed = update.failed;
        if (update.backlog)
            change.backlog = qint32(std::min<qint64>(*update.backlog, std::numeric_limits<qint32>::max()));
        if (update.latency) {
            change.latencyCount = qint32(update.latency->count);
            change.p50 = asFloat(update.latency->p50);
            change.p95 = asFloat(update.latency->p95);
            change.p99 = asFloat(update.latency->p99);
            change.max = asFloat(update.latency->max);
        }
        if (it->resolution() > 1) {
            TimeSeries::merge(*bucket, change);
            continue;
        }
        // A second of its own: the latency is that second's, recomputed from all its rows.
        bucket->created += change.created;
        bucket->processed += change.processed;
        bucket->failed += change.failed;
        if (update.backlog)
            bucket->backlog = change.backlog;
        if (update.latency) {
            bucket->latencyCount = change.latencyCount;
            bucket->p50 = change.p50;
            bucket->p95 = change.p95;
            bucket->p99 = change.p99;
            bucket->max = change.max;
        }
    }
    if (newest != NoSecond && (m_prunedAt == NoSecond || newest - m_prunedAt >= 60)) {
        prune(newest);
        m_prunedAt = newest;
    }
}

void FarmHistory::applyCells(const SeriesUpdate& update)
{
    if (update.latencyCells.isEmpty())
        return;
    auto it = m_heatmaps.find(update.scope);
    if (it == m_heatmaps.end()) {
        const int resolution = isServerScope(update.scope) ? m_instanceResolutionS : 1;
        it = m_heatmaps.insert(update.scope, LatencyHeatmap(m_retentionS, resolution));
    }
    for (const LatencyCell& cell : update.latencyCells)
        it->add(update.second, cell.bucket, cell.count);
}

void FarmHistory::noteChange(qint64 oldestSecond)
{
    ++m_revision;
    m_changes[m_revision % ChangeLog] = oldestSecond;
}

qint64 FarmHistory::oldestChangeSince(quint64 revision) const
{
    if (revision > m_revision || m_revision - revision >= quint64(ChangeLog))
        return NoSecond; // another history, or further back than the log
    qint64 oldest = std::numeric_limits<qint64>::max();
    for (quint64 r = revision + 1; r <= m_revision; ++r)
        oldest = std::min(oldest, m_changes[r % ChangeLog]);
    return oldest;
}

void FarmHistory::prune(qint64 second)
{
    const qint64 oldest = second - m_retentionS;
    for (auto it = m_series.begin(); it != m_series.end();) {
        if (it->newest() < oldest) {
            if (isServerScope(it.key()))
                --m_serverSeries;
            it = m_series.erase(it);
            continue;
        }
        it->dropBefore(oldest);
        ++it;
    }
    for (auto it = m_heatmaps.begin(); it != m_heatmaps.end();) {
        if (it->newest() < oldest) {
            it = m_heatmaps.erase(it);
            continue;
        }
        it->dropBefore(oldest);
        ++it;
    }
}

qint64 FarmHistory::heldBuckets() const
{
    qint64 held = 0;
    for (const TimeSeries& series : m_series)
        held += series.heldBuckets();
    return held;
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

const LatencyHeatmap* FarmHistory::heatmap(const QString& scope) const
{
    const auto it = m_heatmaps.constFind(scope);
    return it == m_heatmaps.constEnd() ? nullptr : &*it;
}

QStringList FarmHistory::heatmapScopes() const
{
    return m_heatmaps.keys();
}

qint64 FarmHistory::heatmapBytes() const
{
    // The maps, their scopes' text and the hash's entries (a node and a span slot each, about).
    qint64 bytes = 0;
    for (auto it = m_heatmaps.cbegin(); it != m_heatmaps.cend(); ++it)
        bytes += it->heldBytes() + qint64(sizeof(QString)) + 2 * it.key().capacity() + 16;
    return bytes + qint64(m_heatmaps.capacity()) * 2;
}

qint64 FarmHistory::newest() const
{
    const TimeSeries* farm = series(farmScope());
    return farm ? farm->newest() : 0;
}

} // namespace Paddock
