#include "latencyheatmap.h"

#include "displayformat.h"

#include <algorithm>
#include <cmath>

namespace Paddock {

namespace {

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

} // namespace

namespace LatencyBuckets {

int of(double ms)
{
    // The last edge below or at the value; the scale's ends take what lies beyond them.
    if (std::isnan(ms))
        return 0;
    const auto after = std::upper_bound(EdgesMs.cbegin(), EdgesMs.cend(), ms);
    const int index = int(after - EdgesMs.cbegin()) - 1;
    return std::clamp(index, 0, Count - 1);
}

QString edgeText(int edge)
{
    const double ms = EdgesMs[size_t(std::clamp(edge, 0, Count))];
    if (ms >= 60'000)
        return QStringLiteral("%1 min").arg(Format::number(ms / 60'000, 0));
    if (ms >= 1'000)
        return QStringLiteral("%1 s").arg(Format::number(ms / 1'000, 0));
    return QStringLiteral("%1 ms").arg(Format::number(ms, 0));
}

QString rangeText(int bucket)
{
    bucket = std::clamp(bucket, 0, Count - 1);
    if (bucket == 0)
        return QStringLiteral("under %1").arg(edgeText(1));
    if (bucket == Count - 1)
        return QStringLiteral("%1 and over").arg(edgeText(bucket));
    // "100–200 ms" when both ends share a unit, "30 s–1 min" when they do not.
    const QString from = edgeText(bucket);
    const QString to = edgeText(bucket + 1);
    const QString fromUnit = from.section(QLatin1Char(' '), 1);
    if (fromUnit == to.section(QLatin1Char(' '), 1))
        return from.section(QLatin1Char(' '), 0, 0) + QChar(0x2013) + to;
    return from + QChar(0x2013) + to;
}

} // namespace LatencyBuckets

LatencyHeatmap::LatencyHeatmap(int capacitySeconds, int resolutionS)
    : m_capacityS(std::max(1, capacitySeconds))
    , m_resolutionS(std::max(1, resolutionS))
    , m_newest(std::numeric_limits<qint64>::min())
{
    // Enough slots that the chunks of the retained time buckets never share one.
    m_ring.resize(size_t(capacityKeys() / ChunkSlots + 2));
}

LatencyHeatmap::LatencyHeatmap(const LatencyHeatmap& other)
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

LatencyHeatmap& LatencyHeatmap::operator=(const LatencyHeatmap& other)
{
    if (this != &other)
        *this = LatencyHeatmap(other);
    return *this;
}

const LatencyHeatmap::Chunk* LatencyHeatmap::chunkOf(qint64 key) const
{
    const qint64 number = floorDiv(key, ChunkSlots);
    const qint64 slots = qint64(m_ring.size());
    const Chunk* chunk = m_ring[size_t(((number % slots) + slots) % slots)].get();
    return chunk && chunk->number == number ? chunk : nullptr;
}

bool LatencyHeatmap::add(qint64 second, int bucket, qint64 count)
{
    const qint64 key = keyOf(second);
    if (m_newest != NoSecond && key <= keyOf(m_newest) - capacityKeys())
        return false;
    if (count <= 0 || bucket < 0 || bucket >= LatencyBuckets::Count)
        return true;
    if (m_newest == NoSecond || second > m_newest)
        m_newest = second;
    const qint64 number = floorDiv(key, ChunkSlots);
    const qint64 slots = qint64(m_ring.size());
    std::unique_ptr<Chunk>& chunk = m_ring[size_t(((number % slots) + slots) % slots)];
    if (!chunk)
        chunk = std::make_unique<Chunk>();
    if (chunk->number != number || chunk->cells.empty()) {
        // A chunk that fell out of the retention is reused; the one before is complete: give back
        // what its vector grew beyond its cells.
        chunk->number = number;
        chunk->cells.clear();
        std::unique_ptr<Chunk>& previous = m_ring[size_t((((number - 1) % slots) + slots) % slots)];
        if (previous && previous->number == number - 1)
            previous->cells.shrink_to_fit();
    }
    const Cell wanted { quint8(key - number * ChunkSlots), quint8(bucket), 0 };
    const auto position = std::lower_bound(chunk->cells.begin(), chunk->cells.end(), wanted,
        [](const Cell& a, const Cell& b) { return a.slot != b.slot ? a.slot < b.slot : a.bucket < b.bucket; });
    auto it = position;
    if (it == chunk->cells.end() || it->slot != wanted.slot || it->bucket != wanted.bucket)
        it = chunk->cells.insert(position, wanted);
    // Saturates rather than wraps: four billion deliveries in one cell is beyond any farm.
    it->count = quint32(std::min<qint64>(qint64(it->count) + count, std::numeric_limits<quint32>::max()));
    return true;
}

qint64 LatencyHeatmap::count(qint64 second, int bucket) const
{
    qint64 result = 0;
    forEachCell(second, second, [&](qint64, int b, qint64 count) {
        if (b == bucket)
            result = count;
    });
    return result;
}

void LatencyHeatmap::clearFrom(qint64 second)
{
    if (m_newest == NoSecond || second > m_newest)
        return;
    const qint64 fromKey = keyOf(second);
    qint64 newestKey = NoSecond;
    for (std::unique_ptr<Chunk>& chunk : m_ring) {
        if (!chunk)
            continue;
        const qint64 base = chunk->number * ChunkSlots;
        std::erase_if(chunk->cells, [&](const Cell& cell) { return base + cell.slot >= fromKey; });
        if (!chunk->cells.empty())
            newestKey = std::max(newestKey, base + chunk->cells.back().slot);
    }
    m_newest = newestKey == NoSecond ? NoSecond : newestKey * m_resolutionS;
}

void LatencyHeatmap::dropBefore(qint64 second)
{
    const qint64 key = keyOf(second);
    for (std::unique_ptr<Chunk>& chunk : m_ring) {
        if (chunk && (chunk->number + 1) * ChunkSlots <= key)
            chunk.reset();
    }
}

LatencyHeatmap LatencyHeatmap::coarsened(int resolutionS) const
{
    LatencyHeatmap result(m_capacityS, resolutionS);
    if (m_newest == NoSecond)
        return result;
    forEachCell(
        NoSecond / 2, m_newest, [&](qint64 start, int bucket, qint64 count) { result.add(start, bucket, count); });
    result.m_newest = m_newest;
    return result;
}

qint64 LatencyHeatmap::cellCount() const
{
    qint64 cells = 0;
    for (const std::unique_ptr<Chunk>& chunk : m_ring)
        cells += chunk ? qint64(chunk->cells.size()) : 0;
    return cells;
}

qint64 LatencyHeatmap::heldBytes() const
{
    qint64 bytes = qint64(sizeof(*this)) + qint64(m_ring.capacity() * sizeof(m_ring[0]));
    for (const std::unique_ptr<Chunk>& chunk : m_ring)
        bytes += chunk ? qint64(sizeof(Chunk) + chunk->cells.capacity() * sizeof(Cell)) : 0;
    return bytes;
}

int HeatmapGrid::columnOf(qint64 second) const
{
    if (second < firstS)
        return -1;
    const qint64 column = (second - firstS) / secondsPerColumn;
    return column < columns ? int(column) : -1;
}

int HeatmapGrid::columnWidthFor(const QList<const LatencyHeatmap*>& maps, qint64 fromS, qint64 toS, int maxColumns)
{
    int width = 1;
    for (const LatencyHeatmap* map : maps)
        width = std::max(width, map ? map->resolution() : 1);
    // As wide as the coarsest time buckets, in whole multiples of them, so that none straddles two columns.
    const qint64 seconds = std::max<qint64>(1, toS - fromS + 1);
    const qint64 needed = (seconds + std::max(1, maxColumns) - 1) / std::max(1, maxColumns);
    return int((std::max<qint64>(width, needed) + width - 1) / width * width);
}

HeatmapGrid HeatmapGrid::of(const QList<const LatencyHeatmap*>& maps, qint64 fromS, qint64 toS, int maxColumns)
{
    return ofWidth(maps, fromS, toS, columnWidthFor(maps, fromS, toS, maxColumns));
}

HeatmapGrid HeatmapGrid::ofWidth(
    const QList<const LatencyHeatmap*>& maps, qint64 fromS, qint64 toS, int secondsPerColumn)
{
    HeatmapGrid grid;
    if (toS < fromS)
        return grid;
    const int width = std::max(1, secondsPerColumn);
    grid.secondsPerColumn = width;
    grid.firstS = floorDiv(fromS, width) * width;
    grid.columns = int(floorDiv(toS, width) - floorDiv(fromS, width) + 1);
    grid.counts.assign(size_t(grid.columns) * LatencyBuckets::Count, 0);
    for (const LatencyHeatmap* map : maps) {
        if (!map)
            continue;
        map->forEachCell(fromS, toS, [&grid](qint64 start, int bucket, qint64 count) {
            const int column = grid.columnOf(std::max(start, grid.firstS));
            if (column < 0)
                return;
            qint64& cell = grid.counts[size_t(column) * LatencyBuckets::Count + size_t(bucket)];
            cell += count;
            grid.total += count;
            grid.maxCount = std::max(grid.maxCount, cell);
        });
    }
    return grid;
}

} // namespace Paddock
