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
};

} // namespace Paddock
