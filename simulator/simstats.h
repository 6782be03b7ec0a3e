#pragma once

#include <atomic>
#include <QtGlobal>

namespace Paddock {

// Farm-wide counters, written by every instance thread and read by the summary.
struct SimStats {
    std::atomic<qint64> tasksCreated { 0 };
    std::atomic<qint64> deliveriesProcessed { 0 }; // including the failed ones
    std::atomic<qint64> deliveriesFailed { 0 };
    std::atomic<qint64> heartbeats { 0 };
    std::atomic<qint64> probes { 0 };
    std::atomic<qint64> redisHits { 0 }; // with --redis: GETs that found their key
    std::atomic<qint64> redisMisses { 0 }; // and those that did not, or found no Redis
    std::atomic<qint64> scheduledRuns { 0 }; // scheduled runs finished, by hand or claimed
    std::atomic<qint64> scheduledFailed { 0 }; // and those of them that failed
    // The longest any instance call waited for its answer, in microseconds, and the call: what a
    // lock taken by a migration or maintenance costs the farm.
    std::atomic<qint64> slowestCallUs { 0 };

    void noteCall(qint64 us)
    {
        qint64 slowest = slowestCallUs.load();
        while (us > slowest && !slowestCallUs.compare_exchange_weak(slowest, us)) { }
    }
    // Instances creating tasks right now: the farm-wide task rate is shared among them.
    std::atomic<int> creators { 0 };
};

} // namespace Paddock
