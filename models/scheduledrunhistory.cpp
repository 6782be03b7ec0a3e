#include "scheduledrunhistory.h"

#include "figures.h"

#include <QSet>

namespace Paddock {

void ScheduledRunHistory::take(
    const QList<ScheduledRunRow>& runs, const FarmSnapshot& snapshot, bool reload, int retentionS)
{
    ++m_revision;
    if (!snapshot.generatedAt.isValid())
        return;
    const qint64 nowMs = snapshot.generatedAt.toMSecsSinceEpoch();
    const qint64 windowStartMs = nowMs - qint64(snapshot.windowS) * 1000;
    if (reload || m_lastReadMs == 0 || windowStartMs > m_lastReadMs || nowMs < m_lastReadMs)
        m_completeFromMs = windowStartMs;
    m_lastReadMs = nowMs;

    QSet<qint64> read;
    read.reserve(runs.size());
    for (const ScheduledRunRow& run : runs) {
        m_runs.insert(run.id, run);
        read.insert(run.id);
    }
    const qint64 oldestMs = nowMs - qint64(retentionS) * 1000;
    for (auto it = m_runs.begin(); it != m_runs.end();) {
        const bool gone = !it->finished() && !read.contains(it.key());
        const bool old = it->finished() && it->finishedAt.toMSecsSinceEpoch() < oldestMs;
        if (gone || old)
            it = m_runs.erase(it);
        else
            ++it;
    }
}

void ScheduledRunHistory::clear()
{
    m_runs.clear();
    m_completeFromMs = 0;
    m_lastReadMs = 0;
    ++m_revision;
}

} // namespace Paddock
