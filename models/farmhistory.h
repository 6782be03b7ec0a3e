#pragma once

#include "figures.h"

#include <cmath>
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
};

// A fixed ring of per-second buckets: memory stays flat however long Paddock runs.
class TimeSeries {
public:
    explicit TimeSeries(int capacitySeconds = 3600);

    int capacity() const { return int(m_buckets.size()); }
    qint64 newest() const { return m_newest; }
    // The bucket of `second`, created (and the ring advanced) if needed; nullptr when older than the ring.
    SeriesBucket* bucket(qint64 second);
    const SeriesBucket* at(qint64 second) const;
    // Forgets the buckets of `second` and after.
    void clearFrom(qint64 second);
    // The held buckets in [from, to], oldest first.
    QList<SeriesBucket> range(qint64 from, qint64 to) const;

private:
    std::vector<SeriesBucket> m_buckets;
    qint64 m_newest = std::numeric_limits<qint64>::min();
};

// Every series of the farm, bounded by the retention.
class FarmHistory {
public:
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

    const TimeSeries* series(const QString& scope) const;
    QStringList scopes() const;
    qint64 newest() const;

    static QString farmScope() { return QStringLiteral("farm"); }
    static QString serverScope(qint64 serverId) { return QStringLiteral("server:%1").arg(serverId); }
    static QString typeScope(const QString& type) { return QStringLiteral("type:") + type; }
    // Probes of one storage: processed = probes, failed = failed probes, latency = probe latency.
    static QString storageScope(qint64 storageId) { return QStringLiteral("storage:%1").arg(storageId); }

private:
    int m_retentionS;
    QHash<QString, TimeSeries> m_series;
};

} // namespace Paddock
