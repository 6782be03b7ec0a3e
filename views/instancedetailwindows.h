#pragma once

#include "enginetypes.h"

#include <QObject>
#include <QPointer>

class QWidget;

namespace Paddock {

class Engine;
class EventModel;
class FarmHistory;
class InstanceDetailDialog;
class LatencyChart;
class ThroughputChart;

// The detail windows of instances, opened from the map or the table: one per instance (asked for
// again, the open one comes to the front), each with the instance's own charts, all following the
// window's updates.
class InstanceDetailWindows : public QObject {
    Q_OBJECT

public:
    // `window`: the windows' parent.
    InstanceDetailWindows(EventModel* events, QWidget* window);

    // The instance's window, showing `update`; its charts read the history of `engine`.
    void open(qint64 serverId, Engine* engine, const EngineUpdate& update);
    void setSnapshot(const FarmSnapshot& snapshot, const QList<ProbeRow>& latestProbes);
    void refreshCharts(const FarmHistory& history, qint64 nowMs);

private:
    struct Open {
        QPointer<InstanceDetailDialog> dialog;
        ThroughputChart* throughput = nullptr;
        LatencyChart* latency = nullptr;
    };

    EventModel* m_events;
    QWidget* m_window;
    QList<Open> m_open;
};

} // namespace Paddock
