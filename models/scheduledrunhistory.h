#pragma once

#include "farmdata.h"

#include <QHash>

namespace Paddock {

struct FarmSnapshot;

// The scheduled runs the Scheduled tab's timeline draws, kept on the engine's side for as long as
// the charts keep their series (the engine reads only its own, shorter window): every run a read
// brought, by id, the later row winning (a run's row changes when it finishes). A finished run goes
// once it finished longer ago than the retention; an unfinished one stays while the reads still
// bring it (every read brings every unfinished run, and again the runs the last one found
// unfinished), and goes when they stop (its row was deleted).
class ScheduledRunHistory {
public:
    // One live read: its runs, its snapshot (its time and window), whether it reloaded its window.
    void take(const QList<ScheduledRunRow>& runs, const FarmSnapshot& snapshot, bool reload, int retentionS);
    void clear();

    const QHash<qint64, ScheduledRunRow>& runs() const { return m_runs; }
    // Since when every run is known (ms since the epoch, DB clock): the start of the first read's
    // window, moved on when a reload or a gap between two reads longer than the window may have
    // let runs pass unseen. A slot before it without a run may have run unseen: it is not missed.
    qint64 completeFromMs() const { return m_completeFromMs; }
    // Changes with every read taken or clear().
    quint64 revision() const { return m_revision; }

private:
    QHash<qint64, ScheduledRunRow> m_runs;
    qint64 m_completeFromMs = 0;
    qint64 m_lastReadMs = 0;
    quint64 m_revision = 0;
};

} // namespace Paddock
