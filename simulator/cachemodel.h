#pragma once

#include "simrandom.h"

#include <QtGlobal>

namespace Paddock {

// The cache of one instance as its heartbeat reports it: cumulative hits and misses since the start,
// items and the memory that follows them. Every miss caches an item and invalidations remove some,
// so the items settle where misses balance invalidations; a cold cache (after a start or a flush)
// mostly misses and takes a minute or two to warm up again.
class CacheModel {
public:
    explicit CacheModel(quint64 seed);

    void advance(double seconds);
    // With the cache in Redis (--redis) the lookups are real: how many the traffic of these seconds
    // makes, then what Redis answered and how many keys it holds. The items then live in Redis, not
    // in the process's memory.
    qint64 lookups(double seconds);
    void record(qint64 hits, qint64 misses);
    void setItems(qint64 items);
    void removeItems(qint64 count);
    void clear();
    void restart(); // a new process: everything starts from zero

    qint64 items() const { return qint64(m_items); }
    qint64 hits() const { return m_hits; }
    qint64 misses() const { return m_misses; }
    qint64 memoryBytes() const;

private:
    SimRandom m_random;
    double m_workingSet; // items: with this many cached, 63 % of the reachable hit ratio
    double m_lookupRate; // per second
    double m_hitCeiling; // the hit ratio of a full cache
    double m_items = 0;
    qint64 m_hits = 0;
    qint64 m_misses = 0;
    double m_garbage = 0; // bytes not yet collected
    double m_pendingLookups = 0; // the fraction of a lookup carried to the next call
    bool m_itemsInRedis = false;
};

} // namespace Paddock
