#include "cachemodel.h"

#include <algorithm>
#include <cmath>

namespace Paddock {

namespace {
constexpr double BytesPerItem = 2048;
constexpr double BaseMemory = 200.0 * 1024 * 1024;
constexpr double ItemLifetimeS = 1800;
} // namespace

CacheModel::CacheModel(quint64 seed)
    : m_random(seed)
    , m_workingSet(m_random.uniform(1'200, 2'500))
    , m_lookupRate(m_random.uniform(250, 450))
    , m_hitCeiling(m_random.uniform(0.93, 0.97))
{
}

void CacheModel::advance(double seconds)
{
    if (seconds <= 0)
        return;
    const double traffic = std::max(0.2, m_random.normal(1.0, 0.1));
    const double lookups = m_lookupRate * traffic * seconds;
    // The popular items are cached first: the hit ratio rises fast, then levels off.
    const double hitRatio = m_hitCeiling * (1.0 - std::exp(-m_items / m_workingSet));
    const double hits = lookups * hitRatio;
    const double misses = lookups - hits;
    m_hits += std::llround(hits);
    m_misses += std::llround(misses);
    const double expired = m_items * std::min(1.0, seconds / ItemLifetimeS);
    m_items = std::clamp(
        m_items + 0.9 * misses - expired + m_random.normal(0, 3 * std::sqrt(seconds)), 0.0, 20 * m_workingSet);
    m_garbage += misses * BytesPerItem * 4;
    // The garbage collector runs now and then: memory saws up and drops.
    if (m_garbage > 60.0 * 1024 * 1024 || m_random.chance(std::min(1.0, seconds / 30)))
        m_garbage = 0;
    m_pendingLookups = 0;
}

qint64 CacheModel::lookups(double seconds)
{
    if (seconds <= 0)
        return 0;
    const double traffic = std::max(0.2, m_random.normal(1.0, 0.1));
    m_pendingLookups += m_lookupRate * traffic * seconds;
    const auto count = qint64(m_pendingLookups);
    m_pendingLookups -= double(count);
    if (m_garbage > 60.0 * 1024 * 1024 || m_random.chance(std::min(1.0, seconds / 30)))
        m_garbage = 0;
    return count;
}

void CacheModel::record(qint64 hits, qint64 misses)
{
    m_hits += hits;
    m_misses += misses;
    // Every value read from Redis or the database is deserialised: garbage for the collector.
    m_garbage += double(hits + misses) * BytesPerItem;
}

void CacheModel::setItems(qint64 items)
{
    m_items = double(items);
    m_itemsInRedis = true;
}

void CacheModel::removeItems(qint64 count)
{
    m_items = std::max(0.0, m_items - double(count));
}

void CacheModel::clear()
{
    m_items = 0;
}

void CacheModel::restart()
{
    m_items = 0;
    m_hits = 0;
    m_misses = 0;
    m_garbage = 0;
    m_pendingLookups = 0;
}

qint64 CacheModel::memoryBytes() const
{
    return qint64(BaseMemory + (m_itemsInRedis ? 0 : m_items * BytesPerItem) + m_garbage);
}

} // namespace Paddock
