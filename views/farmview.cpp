#include "farmview.h"

#include "applystages.h"
#include "cachetab.h"
#include "databasetab.h"
#include "deliverybrowser.h"
#include "eventtimeline.h"
#include "instancelatencybars.h"
#include "instancemodel.h"
#include "instancespanel.h"
#include "settings.h"
#include "statusstyle.h"
#include "topologyview.h"
#include "viewtabs.h"

#include <QGraphicsOpacityEffect>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace Paddock {

FarmView::FarmView(Settings* settings, InstanceProxyModel* instances, EventModel* events, StorageModel* storage,
    FlushModel* flushes, QWidget* parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_instanceProxy(instances)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 4);
    m_mainSplitter = new QSplitter(Qt::Vertical, this);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_topSplitter = new QSplitter(Qt::Horizontal, m_mainSplitter);
    m_topSplitter->setObjectName(QStringLiteral("topSplitter"));
    createMapAndInstances();
    m_tabs = new ViewTabs(events, storage, flushes, m_mainSplitter);
    connectTabs();
    nameTabTables();
    m_mainSplitter->addWidget(m_topSplitter);
    m_mainSplitter->addWidget(m_tabs);
    m_mainSplitter->setStretchFactor(0, 3);
    m_mainSplitter->setStretchFactor(1, 2);
    layout->addWidget(m_mainSplitter);
}

// A table without a name of its own is named after its tab, for screen readers.
void FarmView::nameTabTables()
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        const QString tab = m_tabs->tabText(i).remove(QLatin1Char('&'));
        const QList<QTableView*> tables = m_tabs->widget(i)->findChildren<QTableView*>();
        for (QTableView* table : tables) {
            if (table->accessibleName().isEmpty())
                table->setAccessibleName(tab);
        }
    }
}

void FarmView::createMapAndInstances()
{
    m_topology = new TopologyView(m_topSplitter);
    m_topology->setObjectName(QStringLiteral("topology"));
    m_topology->setHeartbeatThresholds(
        m_settings->thresholds().notRespondingAfterS / 3.0, m_settings->thresholds().notRespondingAfterS);
    connect(m_topology, &TopologyView::selectionChanged, this, &FarmView::selectServers);
    connect(m_topology, &TopologyView::serverActivated, this, &FarmView::serverActivated);
    connect(m_topology, &TopologyView::databaseActivated, this,
        [this] { m_tabs->setCurrentWidget(m_tabs->databasePage()); });
    m_topSplitter->addWidget(m_topology);

    m_instances = new InstancesPanel(m_instanceProxy, m_topSplitter);
    QTableView* table = m_instances->table();
    connect(table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &FarmView::onTableSelectionChanged);
    connect(table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        Q_EMIT serverActivated(index.data(InstanceModel::ServerIdRole).toLongLong());
    });
    m_topSplitter->addWidget(m_instances);
    m_topSplitter->setStretchFactor(0, 2);
    m_topSplitter->setStretchFactor(1, 3);
}

void FarmView::connectTabs()
{
    connect(m_tabs->latencyBars(), &InstanceLatencyBars::serverClicked, this,
        [this](qint64 id) { selectServers(QSet<qint64> { id }); });
    // "N more": every instance, slowest first by the bars' figure, in the instances table.
    connect(m_tabs->latencyBars(), &InstanceLatencyBars::moreClicked, this, [this] {
        const InstanceLatencyBars::Metric metric = m_tabs->latencyBars()->shownMetric();
        m_instances->showSlowestBy(metric == InstanceLatencyBars::Metric::P99 ? InstanceModel::LatencyP99
                : metric == InstanceLatencyBars::Metric::Max                  ? InstanceModel::LatencyMax
                                                                              : InstanceModel::LatencyP95);
    });
    connect(m_tabs->events(), &EventTimeline::eventActivated, this, [this](qint64 serverId, const QDateTime&) {
        if (serverId > 0)
            selectServers(QSet<qint64> { serverId });
    });
}

void FarmView::showExplanation(SummaryPolicy::Tile tile)
{
    switch (tile) {
    case SummaryPolicy::InstancesTile:
        m_instanceProxy->sort(InstanceModel::Status, Qt::AscendingOrder);
        m_instances->table()->setFocus();
        break;
    case SummaryPolicy::CreatedTile:
    case SummaryPolicy::ProcessedTile:
        m_tabs->setCurrentWidget(m_tabs->throughputPage());
        break;
    case SummaryPolicy::BacklogTile:
        m_tabs->setCurrentWidget(m_tabs->deliveries());
        break;
    case SummaryPolicy::P95Tile:
    case SummaryPolicy::P99Tile:
        m_tabs->setCurrentWidget(m_tabs->latencyPage());
        break;
    case SummaryPolicy::StorageTile:
        m_tabs->setCurrentWidget(m_tabs->storagePage());
        break;
    case SummaryPolicy::RedisTile:
        m_tabs->setCurrentWidget(m_tabs->cachePage());
        break;
    case SummaryPolicy::ConnectionTile:
        m_tabs->setCurrentWidget(m_tabs->databasePage());
        break;
    }
}

void FarmView::saveLayout(WindowLayout& layout) const
{
    layout.mainSplitter = m_mainSplitter->saveState();
    layout.topSplitter = m_topSplitter->saveState();
    layout.instanceColumns = m_instances->table()->horizontalHeader()->saveState();
    layout.currentView = m_tabs->currentIndex();
}

void FarmView::restoreLayout(const WindowLayout& layout)
{
    if (!layout.mainSplitter.isEmpty())
        m_mainSplitter->restoreState(layout.mainSplitter);
    if (!layout.topSplitter.isEmpty())
        m_topSplitter->restoreState(layout.topSplitter);
    if (!layout.instanceColumns.isEmpty())
        m_columnsRestored = m_instances->table()->horizontalHeader()->restoreState(layout.instanceColumns);
    if (layout.currentView)
        m_tabs->setCurrentIndex(std::clamp(*layout.currentView, 0, m_tabs->count() - 1));
}

void FarmView::fitColumns()
{
    if (!m_columnsRestored)
        m_instances->fitColumns();
}

void FarmView::onTableSelectionChanged()
{
    if (m_syncingSelection)
        return;
    QSet<qint64> ids;
    const QModelIndexList rows = m_instances->table()->selectionModel()->selectedRows();
    for (const QModelIndex& row : rows)
        ids.insert(row.data(InstanceModel::ServerIdRole).toLongLong());
    if (ids == m_selected)
        return;
    m_selected = ids;
    showSelection();
}

void FarmView::selectServers(const QSet<qint64>& ids)
{
    if (ids == m_selected)
        return;
    m_selected = ids;
    m_syncingSelection = true;
    QItemSelection selection;
    for (int row = 0; row < m_instanceProxy->rowCount(); ++row) {
        const QModelIndex index = m_instanceProxy->index(row, 0);
        if (ids.contains(index.data(InstanceModel::ServerIdRole).toLongLong()))
            selection.select(index, index);
    }
    m_instances->table()->selectionModel()->select(
        selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_syncingSelection = false;
    showSelection();
}

// On the map and in the charts; the table has it already.
void FarmView::showSelection()
{
    m_topology->setSelectedServers(m_selected);
    QList<qint64> ids(m_selected.cbegin(), m_selected.cend());
    std::sort(ids.begin(), ids.end());
    QStringList names;
    for (qint64 id : std::as_const(ids))
        names.append(m_serverNames.value(id, QStringLiteral("#%1").arg(id)));
    m_tabs->setSelectedServers(ids, names);
    Q_EMIT selectionChanged(m_selected);
}

void FarmView::clear(bool replay)
{
    m_selected.clear();
    m_serverNames.clear();
    m_tabs->clearHistory(replay);
    m_topology->clear();
    m_markers.clear();
}

void FarmView::setStale(bool stale)
{
    // Grey, not hidden: the last data stays readable while the banner says how old it is.
    if (stale) {
        auto* effect = new QGraphicsOpacityEffect(this);
        effect->setOpacity(0.55);
        setGraphicsEffect(effect);
    } else {
        setGraphicsEffect(nullptr);
    }
    m_topology->setStale(stale);
}

void FarmView::showUpdate(const EngineUpdate& update, ApplyStages& stages)
{
    m_topology->setState(update.snapshot, update.latestProbes);
    stages.mark("topology");
    m_tabs->showUpdate(update, stages);
    for (const FlushProgress& flush : update.snapshot.flushes)
        addMarker(flush.request.requestedAt, tr("flush #%1").arg(flush.request.id), QColor(0x56, 0xb4, 0xe9));
}

void FarmView::addMarker(const QDateTime& time, const QString& label, const QColor& colour)
{
    const qint64 ms = time.toMSecsSinceEpoch();
    for (const ChartMarker& marker : std::as_const(m_markers)) {
        if (marker.ms == ms && marker.label == label)
            return;
    }
    m_markers.append({ ms, label, colour });
    // Bounded like the history: markers older than the retention are of no use.
    const qint64 oldest = ms - qint64(m_settings->retentionS()) * 1000;
    m_markers.removeIf([oldest](const ChartMarker& marker) { return marker.ms < oldest; });
    m_tabs->setMarkers(m_markers);
}

void FarmView::markStatusChanges(const FarmSnapshot& before, const FarmSnapshot& after)
{
    QHash<qint64, ServerStatus> statuses;
    for (const ServerFigures& server : before.servers)
        statuses.insert(server.server.id, server.status);
    for (const ServerFigures& server : after.servers) {
        const auto it = statuses.constFind(server.server.id);
        if (it == statuses.constEnd())
            addMarker(after.generatedAt, tr("%1 joined").arg(server.server.name),
                StatusStyle::forStatus(QStringLiteral("healthy")).colour);
        else if (*it != server.status)
            addMarker(after.generatedAt, tr("%1 %2").arg(server.server.name, statusName(server.status)),
                StatusStyle::forStatus(statusName(server.status)).colour);
    }
}

void FarmView::clearMarkers()
{
    m_markers.clear();
}

} // namespace Paddock
