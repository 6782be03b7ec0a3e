#include "pendingcounts.h"

#include <algorithm>

namespace Paddock {

PendingCounts::Walk PendingCounts::mustWalk(bool watched, bool outside, qint64 nowMs) const
{
    if (!m_exact)
        return Walk::First;
    if (!watched)
        return Walk::Unwatched;
    if (outside)
        return Walk::Outside;
    if (m_unplaceable > 0)
        return Walk::OutOfRange;
    if (m_countWhole)
        return Walk::Asked;
    if (nowMs - m_walkedAtMs >= CheckEveryMs || nowMs < m_walkedAtMs)
        return Walk::Check;
    return Walk::No;
}

const char* PendingCounts::reason(Walk walk)
{
    switch (walk) {
    case Walk::No:
        return "kept";
    case Walk::First:
        return "first read";
    case Walk::Asked:
        return "counted whole on request";
    case Walk::Outside:
        return "a write outside the protocol";
    case Walk::Unwatched:
        return "no webfarm.outside_write to read";
    case Walk::OutOfRange:
        return "creation times out of range";
    case Walk::Check:
        return "periodic check";
    case Walk::Unaccounted:
        return "deliveries the kept counts could not account for";
    }
    return "";
}

QList<qint64> PendingCounts::walked(const QList<Walked>& rows, qint64 nowMs)
{
    QHash<qint64, Instance> instances;
    qint64 total = 0;
    qint64 unplaceable = 0;
    qint64 outOfRange = 0;
    for (const Walked& row : rows) {
        Instance& instance = instances[row.serverId];
        instance.pending = row.pending;
        instance.unplaceable = row.unplaceable;
        if (row.oldestMs)
            instance.oldest.push_back(*row.oldestMs);
        total += row.pending;
        unplaceable += row.unplaceable;
        outOfRange += row.outOfRange;
    }
    QList<qint64> drifted;
    if (m_exact) {
        for (auto it = instances.cbegin(); it != instances.cend(); ++it) {
            if (m_instances.value(it.key()).pending != it->pending)
                drifted.append(it.key());
        }
        for (auto it = m_instances.cbegin(); it != m_instances.cend(); ++it) {
            if (it->pending != 0 && !instances.contains(it.key()))
                drifted.append(it.key());
        }
        std::sort(drifted.begin(), drifted.end());
    }
    m_instances = std::move(instances);
    m_total = total;
    m_unplaceable = unplaceable;
    m_outOfRange = outOfRange;
    m_exact = true;
    m_walkedAtMs = nowMs;
    ++m_walks;
    return drifted;
}

void PendingCounts::insert(Instance& instance, qint64 createdMs)
{
    auto& oldest = instance.oldest;
    // Incomplete, the list holds the smallest times: a time not below its last may come after
    // times the list does not know, so only one below its last can join.
    if (!instance.all() && (oldest.empty() || createdMs >= oldest.back()))
        return;
    oldest.insert(std::upper_bound(oldest.begin(), oldest.end(), createdMs), createdMs);
    if (oldest.size() > size_t(Kept))
        oldest.pop_back();
}

bool PendingCounts::apply(const QList<Change>& arrived, const QList<Change>& processed)
{
    // Arrivals before the processed: a delivery created and processed between two reads is in both.
    for (const Change& change : arrived) {
        if (change.unplaceable || change.count < 0)
            return false;
        Instance& instance = m_instances[change.serverId];
        for (qint64 created : change.createdMs) {
            insert(instance, created);
            // Counted as it joins, so that the list's completeness stays true of each step.
            ++instance.pending;
        }
        // The arrivals later than the Kept oldest of them: none of them can be among the kept.
        instance.pending += change.count - qint64(change.createdMs.size());
        m_total += change.count;
    }
    for (const Change& change : processed) {
        if (change.unplaceable)
            return false;
        Instance& instance = m_instances[change.serverId];
        instance.pending -= change.count;
        m_total -= change.count;
        if (instance.pending < 0)
            return false;
        auto& oldest = instance.oldest;
        for (qint64 created : change.createdMs) {
            const auto at = std::lower_bound(oldest.begin(), oldest.end(), created);
            if (at != oldest.end() && *at == created)
                oldest.erase(at);
            else if (at != oldest.end())
                return false; // older than a kept one yet not kept: the list was wrong
        }
        if (instance.pending == 0)
            m_instances.remove(change.serverId);
    }
    return true;
}

QList<qint64> PendingCounts::needOldest() const
{
    QList<qint64> servers;
    for (auto it = m_instances.cbegin(); it != m_instances.cend(); ++it) {
        if (it->pending > 0 && it->oldest.empty())
            servers.append(it.key());
    }
    std::sort(servers.begin(), servers.end());
    return servers;
}

void PendingCounts::setOldest(qint64 serverId, const QList<qint64>& oldestMs)
{
    auto it = m_instances.find(serverId);
    if (it == m_instances.end())
        return;
    it->oldest.assign(oldestMs.cbegin(), oldestMs.cend());
    std::sort(it->oldest.begin(), it->oldest.end());
    if (it->oldest.size() > size_t(Kept))
        it->oldest.resize(Kept);
}

QList<BacklogRow> PendingCounts::backlog() const
{
    QList<BacklogRow> rows;
    rows.reserve(m_instances.size());
    for (auto it = m_instances.cbegin(); it != m_instances.cend(); ++it) {
        BacklogRow row;
        row.serverId = it.key();
        row.pending = it->pending;
        if (!it->oldest.empty())
            row.oldestCreatedAt = QDateTime::fromMSecsSinceEpoch(it->oldest.front(), Qt::UTC);
        rows.append(row);
    }
    std::sort(
        rows.begin(), rows.end(), [](const BacklogRow& a, const BacklogRow& b) { return a.serverId < b.serverId; });
    return rows;
}

} // namespace Paddock
