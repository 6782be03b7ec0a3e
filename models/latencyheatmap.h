#pragma once

#include <algorithm>
#include <array>
#include <limits>
#include <memory>
#include <QList>
#include <QString>
#include <vector>

namespace Paddock {

// Cache-invalidation latency (DESIGN.md section 3) in logarithmic buckets, the rows of the Latency
// tab's heatmap. The edges read as people say durations: 1-2-5 in each decade up to 20 s, then the
// clock's 30 s, 1 min, 2 min and 5 min:
//
//   1 ms, 2 ms, 5 ms, 10 ms, 20 ms, 50 ms, 100 ms, 200 ms, 500 ms,
//   1 s, 2 s, 5 s, 10 s, 20 s, 30 s, 1 min, 2 min, 5 min
//
// Bucket i holds the latencies in [edge i, edge i + 1): a value on an edge belongs to the bucket
// that starts there. Below 1 ms counts in the first bucket (1-2 ms), 5 min and over in the last
// (2-5 min), so that every delivery is somewhere on the chart. docs/latency-heatmap.md says the same.
namespace LatencyBuckets {

constexpr int Count = 17;
constexpr std::array<double, Count + 1> EdgesMs { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1'000, 2'000, 5'000, 10'000,
    20'000, 30'000, 60'000, 120'000, 300'000 };

// The bucket of a latency in milliseconds (NaN: the first).
int of(double ms);
// An edge as written on the axis: "1 ms", "500 ms", "1 s", "30 s", "1 min", "5 min".
QString edgeText(int edge);
// A bucket as written in a tooltip: "100–200 ms", "30 s–1 min"; the first "under 2 ms", the last
// "2 min and over" (they also hold what lies beyond the scale).
QString rangeText(int bucket);

} // namespace LatencyBuckets

// How many deliveries of one second (or one bucket of seconds) fell into one latency bucket.
struct LatencyCell {
    int bucket = 0;
    qint64 count = 0;
    bool operator==(const LatencyCell&) const = default;
};

// The latency buckets of one scope (the farm, or one instance) over its retention: per second, or
// per `resolution` seconds. Sparse: a second keeps only its non-empty buckets, held in chunks of 64
// seconds that are allocated when first written and freed once they fall out of the retention (as
// TimeSeries does), so that memory follows the deliveries, not the seconds.
class LatencyHeatmap {
public:
    static constexpr int ChunkSlots = 64;

    explicit LatencyHeatmap(int capacitySeconds = 3600, int resolutionS = 1);
    LatencyHeatmap(LatencyHeatmap&&) noexcept = default;
    LatencyHeatmap& operator=(LatencyHeatmap&&) noexcept = default;
    LatencyHeatmap(const LatencyHeatmap& other);
    LatencyHeatmap& operator=(const LatencyHeatmap& other);

    int capacity() const { return m_capacityS; } // seconds
    int resolution() const { return m_resolutionS; } // seconds a time bucket
    qint64 newest() const { return m_newest; } // the newest second written

    // Adds `count` deliveries to a latency bucket of the time bucket that holds `second`; false (and
    // nothing changed) when that is older than the retention.
    bool add(qint64 second, int bucket, qint64 count);
    // The count of one cell (0 when empty or out of the retention).
    qint64 count(qint64 second, int bucket) const;
    // Calls f(start, bucket, count) for each non-empty cell of the time buckets that hold a second of
    // [from, to], oldest first, `start` being where its time bucket starts.
    template<typename F> void forEachCell(qint64 from, qint64 to, F f) const;
    // Forgets the cells of `second` and after (the whole time bucket that holds `second`).
    void clearFrom(qint64 second);
    // Frees every chunk all of whose seconds are older than `second`.
    void dropBefore(qint64 second);
    // The same cells in time buckets of `resolutionS` seconds: counts add up.
    LatencyHeatmap coarsened(int resolutionS) const;

    qint64 cellCount() const; // non-empty cells held
    qint64 heldBytes() const; // what this object holds on the heap and in itself

private:
    struct Cell {
        quint8 slot = 0; // the time bucket within the chunk
        quint8 bucket = 0;
        quint32 count = 0;
    };
    struct Chunk {
        qint64 number = 0; // floor(time bucket key / ChunkSlots)
        std::vector<Cell> cells; // sorted by slot, then bucket
    };
    static constexpr qint64 NoSecond = std::numeric_limits<qint64>::min();
    static qint64 floorDiv(qint64 a, qint64 b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }
    qint64 keyOf(qint64 second) const { return floorDiv(second, m_resolutionS); }
    qint64 capacityKeys() const { return (qint64(m_capacityS) + m_resolutionS - 1) / m_resolutionS; }
    const Chunk* chunkOf(qint64 key) const; // nullptr when not held

    int m_capacityS;
    int m_resolutionS;
    std::vector<std::unique_ptr<Chunk>> m_ring;
    qint64 m_newest;
};

template<typename F> void LatencyHeatmap::forEachCell(qint64 from, qint64 to, F f) const
{
    if (m_newest == NoSecond)
        return;
    const qint64 newestKey = keyOf(m_newest);
    const qint64 firstKey = std::max(keyOf(from), newestKey - capacityKeys() + 1);
    const qint64 lastKey = std::min(keyOf(to), newestKey);
    for (qint64 number = floorDiv(firstKey, ChunkSlots); number <= floorDiv(lastKey, ChunkSlots); ++number) {
        const Chunk* chunk = chunkOf(number * ChunkSlots);
        if (!chunk)
            continue;
        for (const Cell& cell : chunk->cells) {
            const qint64 key = number * ChunkSlots + cell.slot;
            if (key >= firstKey && key <= lastKey)
                f(key * m_resolutionS, int(cell.bucket), qint64(cell.count));
        }
    }
}

// The cells of the window of a heatmap chart, summed over the scopes shown and merged into columns:
// each column `secondsPerColumn` seconds wide (columns start at multiples of it, so that they do
// not shift as a live window moves), its counts added up over those seconds.
struct HeatmapGrid {
    qint64 firstS = 0; // where column 0 starts
    int secondsPerColumn = 1;
    int columns = 0;
    std::vector<qint64> counts; // columns × LatencyBuckets::Count, column-major
    qint64 maxCount = 0; // of one cell
    qint64 total = 0;

    qint64 at(int column, int bucket) const { return counts[size_t(column) * LatencyBuckets::Count + size_t(bucket)]; }
    qint64 columnStart(int column) const { return firstS + qint64(column) * secondsPerColumn; }
    int columnOf(qint64 second) const; // -1 outside the grid

    // The seconds [fromS, toS] of `maps` in at most `maxColumns` columns (a column is as wide as the
    // coarsest map's time buckets at least).
    static HeatmapGrid of(const QList<const LatencyHeatmap*>& maps, qint64 fromS, qint64 toS, int maxColumns);
    // The seconds a column of that grid spans, and the grid in columns of a width chosen so.
    static int columnWidthFor(const QList<const LatencyHeatmap*>& maps, qint64 fromS, qint64 toS, int maxColumns);
    static HeatmapGrid ofWidth(
        const QList<const LatencyHeatmap*>& maps, qint64 fromS, qint64 toS, int secondsPerColumn);
};

} // namespace Paddock
