#pragma once

#include "historychart.h"
#include "scheduledtimeline.h"

namespace Paddock {

class RunTimeline;
class ScheduledRunHistory;

// The Scheduled tab's timeline of runs as one of the charts: the same window (5 min, 15 min, 1 h),
// live or paused, the same keys and header as the charts over the history (HistoryChart), the
// runs drawn by RunTimeline from the engine's ScheduledRunHistory. A replayed recording has no
// runs (the flight recorder keeps the figures, not the runs): the timeline says so.
class RunTimelineChart : public HistoryChart {
    Q_OBJECT

public:
    explicit RunTimelineChart(QWidget* parent = nullptr);

    // The engine's runs (it must outlive the pointer; null: none, the engine is gone).
    void setRunHistory(const ScheduledRunHistory* runs);
    // The instances (names, statuses: who abandoned a run) and the tasks, as of the latest update.
    void setSnapshot(const FarmSnapshot& snapshot);
    RunTimeline* timeline() const { return m_timeline; }

Q_SIGNALS:
    // A run was clicked: its instance.
    void instanceChosen(qint64 serverId);

protected:
    void rebuild(const Window& window) override;

private:
    RunTimeline* m_timeline = nullptr;
    const ScheduledRunHistory* m_runs = nullptr;
    ScheduledTimeline::Input m_input;
};

} // namespace Paddock
