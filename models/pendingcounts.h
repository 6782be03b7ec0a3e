#pragma once

#include "farmdata.h"

#include <optional>
#include <QHash>
#include <QList>
#include <vector>

namespace Paddock {

// The backlog of every instance, kept from one refresh to the next instead of counted whole at each
// (docs/backlog.md). A count of every pending delivery (a "walk", the cost of which grows with the
// backlog) sets it exactly. In between, the deliveries of the tasks a refresh reads for the first
// time add to it and the deliveries it reads as newly processed take from it: rows the refresh
// reads anyway, so the cost follows the farm's throughput, not its backlog. For the oldest pending
// age it keeps the creation times of each instance's oldest pending deliveries, up to Kept of them,
// and asks the index for more when they are used up.
//
// Whatever the rule cannot account for makes the refresh walk: a write to a delivery outside the
// protocol functions (a new row in webfarm.outside_write), a creation time out of range, a count
// below zero, a schema without that table. Every CheckEveryMs the counts are checked against a
// walk. A walk also reads the index entries of the deliveries processed since the table was last
// vacuumed (a thousand a second in a busy farm), so even a small backlog is cheaper kept than
// walked. Not thread-safe; copy it to change it tentatively.
class PendingCounts {
public:
    // Creation times kept per instance: one index probe per Kept deliveries an instance processes.
    static constexpr int Kept = 128;
    static constexpr qint64 CheckEveryMs = 5 * 60 * 1000;

    // One instance's pending deliveries, counted whole.
    struct Walked {
        qint64 serverId = 0;
        qint64 pending = 0;
        qint64 unplaceable = 0; // of them, without a creation time an age can be taken from
        qint64 outOfRange = 0; // of those, with one out of range (the others have none)
        std::optional<qint64> oldestMs;
    };
    // Deliveries of one instance that arrived since the previous read, or one that was processed.
    struct Change {
        qint64 serverId = 0;
        qint64 count = 1;
        QList<qint64> createdMs; // arrivals: the Kept oldest creation times; processed: its own
        bool unplaceable = false; // a creation time out of range or missing among them
    };

    // `countWhole`: walk at every refresh, as a comparison for benchmarks.
    explicit PendingCounts(bool countWhole = false)
        : m_countWhole(countWhole)
    {
    }

    enum class Walk { No, First, Asked, Outside, Unwatched, OutOfRange, Check, Unaccounted };

    // Why the refresh must walk. `watched`: the schema notes writes outside the protocol and the
    // role may read them; `outside`: the refresh read such a write, committed since the previous.
    Walk mustWalk(bool watched, bool outside, qint64 nowMs) const;
    // The walk's rows replace everything. Returns the instances whose count differed from the one
    // kept (a check that found a drift; empty after a first walk).
    QList<qint64> walked(const QList<Walked>& rows, qint64 nowMs);
    // Arrivals first, then the processed: false when they cannot be accounted for (walk instead;
    // the state is then unusable until walked).
    bool apply(const QList<Change>& arrived, const QList<Change>& processed);
    // Instances whose kept oldest times are used up while deliveries are still pending.
    QList<qint64> needOldest() const;
    // The up to Kept oldest creation times of one instance's pending deliveries, from the index.
    void setOldest(qint64 serverId, const QList<qint64>& oldestMs);

    QList<BacklogRow> backlog() const;
    qint64 total() const { return m_total; }
    qint64 outOfRange() const { return m_outOfRange; }
    int walks() const { return m_walks; }
    static const char* reason(Walk walk);

private:
    struct Instance {
        qint64 pending = 0;
        qint64 unplaceable = 0; // of pending; only after a walk (a refresh that finds some walks)
        std::vector<qint64> oldest; // ascending; all of the placeable ones when it holds as many
        bool all() const { return qint64(oldest.size()) == pending - unplaceable; }
    };
    static void insert(Instance& instance, qint64 createdMs);

    bool m_countWhole;
    QHash<qint64, Instance> m_instances;
    qint64 m_total = 0;
    qint64 m_unplaceable = 0;
    qint64 m_outOfRange = 0;
    bool m_exact = false;
    qint64 m_walkedAtMs = 0;
    int m_walks = 0;
};

} // namespace Paddock
