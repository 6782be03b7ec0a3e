#pragma once

#include "figures.h"
#include "latencyheatmap.h"

#include <array>
#include <cmath>
#include <memory>
#include <QHash>
#include <QList>
#include <QString>
#include <vector>

namespace Paddock {

struct ReadDelta;

// One second of one series. Counts add up; backlog and latency are absolute values.
struct SeriesBucket {
    qint64 second = 0; // seconds since the epoch (DB clock)
    qint32 created = 0;
    qint32 processed = 0;
    qint32 failed = 0;
    qint32 backlog = -1; // -1: not sampled in this second
    qint32 latencyCount = 0;
    float p50 = NAN;
    float p95 = NAN;
    float p99 = NAN;
    float max = NAN;
    bool valid = false;
};

// A change to one second of one series, computed on the engine's thread from a ReadDelta.
struct SeriesUpdate {
    QString scope; // "farm", "server:<id>", "type:<TYPE>" or "storage:<id>"
    qint64 second = 0;
    qint32 created = 0; // increments
    qint32 processed = 0;
    qint32 failed = 0;
    std::optional<qint64> backlog; // absolute
    std::optional<LatencyStats> latency; // absolute, recomputed from the raw rows of that second
    // Increments: the second's new cache invalidations by latency bucket (farm and instance scopes).
    QList<LatencyCell> latencyCells {};
};

// The buckets of one series over its retention: one a second, or one per `resolution` seconds.
// Memory follows the data: buckets are held in chunks of 64, allocated when a second in them is
// first written and reused (or freed by dropBefore) once they fall out of the retention.
class TimeSeries {
public:
    static constexpr int ChunkBuckets = 64;

    explicit TimeSeries(int capacitySeconds = 3600, int resolutionS = 1);
    TimeSeries(TimeSeries&&) noexcept = default;
    TimeSeries& operator=(TimeSeries&&) noexcept = default;
    TimeSeries(const TimeSeries& other);
    TimeSeries& operator=(const TimeSeries& other);

    int capacity() const { return m_capacityS; } // seconds
    int resolution() const { return m_resolutionS; } // seconds a bucket
    qint64 newest() const { return m_newest; } // the newest second written
    // The bucket holding `second` (its `second` is where it starts), created (and the ring
    // advanced) if needed; nullptr when older than the retention.
    SeriesBucket* bucket(qint64 second);
    const SeriesBucket* at(qint64 second) const;
    // Forgets the buckets of `second` and after (the whole bucket that holds `second`).
    void clearFrom(qint64 second);
    // The held buckets that hold a second of [from, to], oldest first.
    QList<SeriesBucket> range(qint64 from, qint64 to) const;
    // Frees every chunk all of whose seconds are older than `second`.
    void dropBefore(qint64 second);
    // The same series in buckets of `resolutionS` seconds (a multiple of this one's): counts add up,
    // the backlog is the latest sample, latencies the worst second's.
    TimeSeries coarsened(int resolutionS) const;
    qint64 heldBuckets() const; // allocated, whether used or not
    // Folds `from` into `into`: counts add up, a sampled backlog replaces, latencies keep the worst.
    static void merge(SeriesBucket& into, const SeriesBucket& from);

private:
    struct Chunk {
        qint64 number = 0; // floor(bucket key / ChunkBuckets)
        quint64 used = 0; // a bit per bucket
        SeriesBucket buckets[ChunkBuckets];
    };
    qint64 keyOf(qint64 second) const;
    qint64 capacityBuckets() const;
    Chunk* chunkOf(qint64 key) const; // nullptr when not held

    int m_capacityS;
    int m_resolutionS;
    std::vector<std::unique_ptr<Chunk>> m_ring;
    qint64 m_newest = std::numeric_limits<qint64>::min();
};

// Every series of the farm, bounded by the retention, and by a budget for the per-instance series:
// a farm of many instances keeps each instance's series in coarser buckets (instanceResolution)
// rather than holding hundreds of megabytes. Series not written for longer than the retention (an
// instance gone, a task type no longer seen) are released. Beside them, the cache-invalidation
// latency buckets of the farm and of each instance (heatmap()), kept the same way.
class FarmHistory {
public:
    // Per-instance buckets held at most, about 70 MB: 1 s buckets up to about 400 instances for an
    // hour, 30 s buckets at 10,000.
    static constexpr qint64 InstanceBucketBudget = 1'500'000;
    // Task types outside the contract's with a series of their own: the busiest this many, each
    // with at least MinTypeTasks tasks (and 1 %) in the window; the rest add up in otherTypesScope().
    static constexpr int OtherTypeSeries = 8;
    static constexpr qint64 MinTypeTasks = 10;

    explicit FarmHistory(int retentionS = 3600);

    int retention() const { return m_retentionS; }
    void setRetention(int retentionS); // clears
    void clear();
    // Forgets every series from `second` on (a reload recounts those seconds).
    void clearFrom(qint64 second);

    // Engine side: what a refresh changed, as updates. `data` is the reader's state after the refresh.
    static QList<SeriesUpdate> updatesFor(const ReadDelta& delta, const FarmData& data);
    // Owner side: folds updates in.
    void apply(const QList<SeriesUpdate>& updates);
    // Releases the series not written since before `second` - retention, and the chunks of the
    // others that fell out of it. apply() does it once a minute of data.
    void prune(qint64 second);

    // Every change is counted: a reader that kept what it drew up to revision r redraws only from
    // oldestChangeSince(r) on (the oldest second changed since; min() when the log no longer reaches
    // back that far or everything changed, e.g. a clear or coarser instance buckets).
    quint64 revision() const { return m_revision; }
    qint64 oldestChangeSince(quint64 revision) const;

    const TimeSeries* series(const QString& scope) const;
    QStringList scopes() const;
    // The latency buckets of the farm or of one instance (nullptr: none in the retention).
    const LatencyHeatmap* heatmap(const QString& scope) const;
    QStringList heatmapScopes() const;
    qint64 heatmapBytes() const; // held by all of them
    qint64 newest() const;
    // Seconds per bucket of the per-instance series (1 until the farm outgrows the budget).
    int instanceResolution() const { return m_instanceResolutionS; }
    // The resolution the budget allows for `instances` per-instance series over `retentionS`.
    static int instanceResolutionFor(qint64 instances, int retentionS);
    qint64 heldBuckets() const;

    static QString farmScope() { return QStringLiteral("farm"); }
    static QString serverScope(qint64 serverId) { return QStringLiteral("server:%1").arg(serverId); }
    static bool isServerScope(const QString& scope) { return scope.startsWith(QLatin1String("server:")); }
    static QString typeScope(const QString& type) { return QStringLiteral("type:") + type; }
    static QString otherTypesScope() { return QStringLiteral("type:(other types)"); }
    // Probes of one storage: processed = probes, failed = failed probes, latency = probe latency.
    static QString storageScope(qint64 storageId) { return QStringLiteral("storage:%1").arg(storageId); }

private:
    static constexpr int ChangeLog = 64; // applies remembered: 16 s at the engine's fastest pace
    void fitInstanceSeries(qint64 instances);
    void noteChange(qint64 oldestSecond);
    void applyCells(const SeriesUpdate& update);

    int m_retentionS;
    int m_instanceResolutionS = 1;
    qint64 m_serverSeries = 0;
    qint64 m_prunedAt = std::numeric_limits<qint64>::min();
    QHash<QString, TimeSeries> m_series;
    QHash<QString, LatencyHeatmap> m_heatmaps;
    quint64 m_revision = 0;
    std::array<qint64, ChangeLog> m_changes {}; // the oldest second of revision r at r % ChangeLog
};

} // namespace Paddock
