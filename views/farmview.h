#pragma once

#include "enginetypes.h"
#include "summarypolicy.h"
#include "timechart.h"

#include <QHash>
#include <QSet>
#include <QWidget>

class QSplitter;

namespace Paddock {

class ApplyStages;
class EventModel;
class FlushModel;
class InstanceProxyModel;
class InstancesPanel;
class Settings;
struct WindowLayout;
class StorageModel;
class TopologyView;
class ViewTabs;

// The farm under the tiles: the topology map and the instances side by side, the views below them,
// one selection of instances across them all, and the moments marked on the charts. Greyed, not
// hidden, while the data is stale.
class FarmView : public QWidget {
    Q_OBJECT

public:
    FarmView(Settings* settings, InstanceProxyModel* instances, EventModel* events, StorageModel* storage,
        FlushModel* flushes, QWidget* parent = nullptr);

    TopologyView* topology() const { return m_topology; }
    InstancesPanel* instances() const { return m_instances; }
    ViewTabs* tabs() const { return m_tabs; }

    QSet<qint64> selectedServers() const { return m_selected; }
    // In the table, on the map and in the charts.
    void selectServers(const QSet<qint64>& ids);
    // The names the charts give the selected instances.
    void setServerNames(const QHash<qint64, QString>& names) { m_serverNames = names; }

    // The view that explains a tile of the summary; the connection's is the window's.
    void showExplanation(SummaryPolicy::Tile tile);

    // Its part of the window's layout: the splitters, the instances' columns, the tab in front.
    void saveLayout(WindowLayout& layout) const;
    // Only what was saved.
    void restoreLayout(const WindowLayout& layout);
    // First data and no saved columns: as wide as what they show.
    void fitColumns();

    // A new engine: no selection, no markers, no history.
    void clear(bool replay);
    void setStale(bool stale);
    // The parts of an update shown here, each marked in `stages`.
    void showUpdate(const EngineUpdate& update, ApplyStages& stages);

    void addMarker(const QDateTime& time, const QString& label, const QColor& colour);
    // What the events timeline shows as status changes, joins and leaves, the charts mark.
    void markStatusChanges(const FarmSnapshot& before, const FarmSnapshot& after);
    void clearMarkers();

Q_SIGNALS:
    void selectionChanged(const QSet<qint64>& ids);
    // Double-clicked in the table or on the map.
    void serverActivated(qint64 serverId);

private:
    void createMapAndInstances();
    void connectTabs();
    void nameTabTables();
    void onTableSelectionChanged();
    void showSelection();

    Settings* m_settings;
    InstanceProxyModel* m_instanceProxy;
    QSet<qint64> m_selected;
    bool m_syncingSelection = false;
    bool m_columnsRestored = false;
    QHash<qint64, QString> m_serverNames;
    QList<ChartMarker> m_markers;

    QSplitter* m_mainSplitter = nullptr;
    QSplitter* m_topSplitter = nullptr;
    TopologyView* m_topology = nullptr;
    InstancesPanel* m_instances = nullptr;
    ViewTabs* m_tabs = nullptr;
};

} // namespace Paddock
