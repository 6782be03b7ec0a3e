#pragma once

#include "enginetypes.h"
#include "timechart.h"

#include <QTabWidget>

class QTableView;

namespace Paddock {

class ApplyStages;
class CacheTab;
class DatabaseTab;
class DeliveryBrowser;
class EventModel;
class EventTimeline;
class FarmHistory;
class FlushModel;
class FlushProgressPanel;
class HistoryChart;
class InstanceLatencyBars;
class LatencyChart;
class ProbeLatencyChart;
class ScheduledRunHistory;
class ScheduledTab;
class StorageModel;
class ThroughputChart;

// The views under the map and the instances, as tabs: throughput, latency (the chart and the
// slowest instances), storage (the probes and their latency), events, backlog and failures,
// flushes (the requests and the progress of one), the farm's Redis (the cache), the database
// server itself and the scheduled tasks. They show what the window hands them.
class ViewTabs : public QTabWidget {
    Q_OBJECT

public:
    ViewTabs(EventModel* events, StorageModel* storage, FlushModel* flushes, QWidget* parent = nullptr);

    QWidget* throughputPage() const;
    QWidget* latencyPage() const { return m_latencyPage; }
    QWidget* storagePage() const { return m_storagePage; }
    QWidget* flushPage() const { return m_flushPage; }
    CacheTab* cachePage() const { return m_cache; }
    DatabaseTab* databasePage() const { return m_database; }
    ScheduledTab* scheduledPage() const { return m_scheduled; }
    EventTimeline* events() const { return m_events; }
    DeliveryBrowser* deliveries() const { return m_deliveries; }
    InstanceLatencyBars* latencyBars() const { return m_latencyBars; }

    // The charts over time: forget the engine's history; follow the newest data or stay; the span
    // shown; news in the history, the Redis samples, the database's points and the scheduled runs
    // (all the Engine's); the moments marked on throughput and latency.
    void clearHistory(bool replay);
    void setLive(bool live);
    void setWindowSeconds(int seconds);
    void refreshCharts(const FarmHistory& history, const QList<RedisPoint>& redis, const QList<DatabasePoint>& database,
        const ScheduledRunHistory& runs, qint64 nowMs);
    void setMarkers(const QList<ChartMarker>& markers);
    // The instances the charts draw and the bars highlight.
    void setSelectedServers(const QList<qint64>& ids, const QStringList& names);

    // The parts of an update shown here, each marked in `stages`.
    void showUpdate(const EngineUpdate& update, ApplyStages& stages);
    void showFlush(qint64 flushId, const FarmSnapshot& snapshot);

Q_SIGNALS:
    // A flush chosen in the flushes table.
    void flushChosen(qint64 flushId);
    // An instance chosen on the Scheduled tab (a run clicked, a task activated).
    void instanceChosen(qint64 serverId);

private:
    QWidget* createLatencyPage();
    QWidget* createStoragePage(StorageModel* storage);
    QWidget* createFlushPage(FlushModel* flushes);
    QList<HistoryChart*> historyCharts() const;

    ThroughputChart* m_throughput = nullptr;
    QWidget* m_latencyPage = nullptr;
    LatencyChart* m_latencyChart = nullptr;
    InstanceLatencyBars* m_latencyBars = nullptr;
    QWidget* m_storagePage = nullptr;
    ProbeLatencyChart* m_probeChart = nullptr;
    EventTimeline* m_events = nullptr;
    DeliveryBrowser* m_deliveries = nullptr;
    QWidget* m_flushPage = nullptr;
    FlushProgressPanel* m_flushProgress = nullptr;
    CacheTab* m_cache = nullptr;
    DatabaseTab* m_database = nullptr;
    ScheduledTab* m_scheduled = nullptr;
};

} // namespace Paddock
