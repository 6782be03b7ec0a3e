#include "viewtabs.h"

#include "applystages.h"
#include "cachetab.h"
#include "databasetab.h"
#include "deliverybrowser.h"
#include "eventtimeline.h"
#include "flushmodel.h"
#include "flushprogresspanel.h"
#include "glyphdelegate.h"
#include "instancelatencybars.h"
#include "latencychart.h"
#include "plaintooltips.h"
#include "probelatencychart.h"
#include "runtimelinechart.h"
#include "scheduledtab.h"
#include "statusstyle.h"
#include "storagemodel.h"
#include "throughputchart.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace Paddock {

namespace {

// Each cell a probe: ok or failed at a glance, by glyph and colour.
std::optional<GlyphDelegate::Glyph> storageGlyph(const QModelIndex& index)
{
    if (index.column() == StorageModel::Status) {
        const StatusStyle style = StatusStyle::forStatus(index.data(StorageModel::StatusRole).toString());
        return GlyphDelegate::Glyph { style.glyph, style.colour };
    }
    if (index.column() < StorageModel::FixedColumnCount)
        return std::nullopt;
    const QVariant ok = index.data(StorageModel::ProbeOkRole);
    if (!ok.isValid())
        return std::nullopt;
    const StatusStyle style = StatusStyle::forStatus(ok.toBool() ? QStringLiteral("ok") : QStringLiteral("failing"));
    return GlyphDelegate::Glyph { style.glyph, style.colour };
}

} // namespace

ViewTabs::ViewTabs(EventModel* events, StorageModel* storage, FlushModel* flushes, QWidget* parent)
    : QTabWidget(parent)
{
    setObjectName(QStringLiteral("viewTabs"));
    m_throughput = new ThroughputChart(this);
    m_latencyPage = createLatencyPage();
    m_storagePage = createStoragePage(storage);
    m_events = new EventTimeline(events, this);
    m_deliveries = new DeliveryBrowser(this);
    m_flushPage = createFlushPage(flushes);
    m_cache = new CacheTab(this);
    m_database = new DatabaseTab(this);
    m_scheduled = new ScheduledTab(this);
    connect(m_scheduled, &ScheduledTab::instanceChosen, this, &ViewTabs::instanceChosen);
    // Find and Refresh are window-wide here: the panels' own shortcuts for them (meant for when
    // they live in a dialog) would make the keys ambiguous, so the window's actions route them.
    for (QWidget* panel : std::initializer_list<QWidget*> { m_events, m_deliveries }) {
        const QList<QShortcut*> shortcuts = panel->findChildren<QShortcut*>();
        for (QShortcut* shortcut : shortcuts) {
            if (shortcut->key() == QKeySequence(QKeySequence::Find)
                || shortcut->key() == QKeySequence(QKeySequence::Refresh))
                shortcut->setEnabled(false);
        }
    }
    addTab(m_throughput, tr("&Throughput"));
    addTab(m_latencyPage, tr("&Latency"));
    addTab(m_storagePage, tr("&Storage"));
    addTab(m_events, tr("E&vents"));
    addTab(m_deliveries, tr("&Backlog && failures"));
    addTab(m_flushPage, tr("Fl&ushes"));
    addTab(m_cache, tr("&Cache"));
    addTab(m_database, tr("&Database"));
    addTab(m_scheduled, tr("Sch&eduled"));
}

QWidget* ViewTabs::createLatencyPage()
{
    auto* page = new QWidget(this);
    auto* layout = new QHBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* splitter = new QSplitter(Qt::Horizontal, page);
    m_latencyChart = new LatencyChart(splitter);
    m_latencyBars = new InstanceLatencyBars(splitter);
    splitter->addWidget(m_latencyChart);
    splitter->addWidget(m_latencyBars);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter);
    return page;
}

QWidget* ViewTabs::createStoragePage(StorageModel* storage)
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* splitter = new QSplitter(Qt::Vertical, page);
    auto* table = new QTableView(splitter);
    PlainToolTips::install(table);
    table->setObjectName(QStringLiteral("storageTable"));
    table->setModel(storage);
    table->verticalHeader()->hide();
    table->setAlternatingRowColors(true);
    table->setItemDelegate(new GlyphDelegate(storageGlyph, table));
    m_probeChart = new ProbeLatencyChart(splitter);
    splitter->addWidget(table);
    splitter->addWidget(m_probeChart);
    layout->addWidget(splitter);
    return page;
}

QWidget* ViewTabs::createFlushPage(FlushModel* flushes)
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* splitter = new QSplitter(Qt::Horizontal, page);
    auto* table = new QTableView(splitter);
    PlainToolTips::install(table);
    table->setObjectName(QStringLiteral("flushTable"));
    table->setModel(flushes);
    table->verticalHeader()->hide();
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->horizontalHeader()->setStretchLastSection(true);
    m_flushProgress = new FlushProgressPanel(splitter);
    splitter->addWidget(table);
    splitter->addWidget(m_flushProgress);
    layout->addWidget(splitter);
    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this, flushes](const QModelIndex& current) {
            if (current.isValid())
                Q_EMIT flushChosen(flushes->flushIdAt(current.row()));
        });
    return page;
}

QWidget* ViewTabs::throughputPage() const
{
    return m_throughput;
}

QList<HistoryChart*> ViewTabs::historyCharts() const
{
    QList<HistoryChart*> charts { m_throughput, m_latencyChart, m_probeChart };
    for (CacheChart* chart : m_cache->charts())
        charts.append(chart);
    for (DatabaseChart* chart : m_database->charts())
        charts.append(chart);
    charts.append(m_scheduled->timelineChart());
    return charts;
}

void ViewTabs::clearHistory(bool replay)
{
    m_cache->setRedisPoints(nullptr);
    m_cache->setRedis(std::nullopt);
    m_database->setDatabasePoints(nullptr);
    m_database->setDatabase(std::nullopt);
    m_scheduled->timelineChart()->setRunHistory(nullptr);
    for (HistoryChart* chart : historyCharts()) {
        chart->clearHistory();
        chart->setReplay(replay);
    }
}

void ViewTabs::setLive(bool live)
{
    for (HistoryChart* chart : historyCharts())
        chart->setLive(live);
}

void ViewTabs::setWindowSeconds(int seconds)
{
    for (HistoryChart* chart : historyCharts())
        chart->setWindowSeconds(seconds);
}

void ViewTabs::refreshCharts(const FarmHistory& history, const QList<RedisPoint>& redis,
    const QList<DatabasePoint>& database, const ScheduledRunHistory& runs, qint64 nowMs)
{
    m_cache->setRedisPoints(&redis);
    m_database->setDatabasePoints(&database);
    m_scheduled->timelineChart()->setRunHistory(&runs);
    for (HistoryChart* chart : historyCharts())
        chart->refresh(history, nowMs);
}

void ViewTabs::setMarkers(const QList<ChartMarker>& markers)
{
    m_throughput->setMarkers(markers);
    m_latencyChart->setMarkers(markers);
}

void ViewTabs::setSelectedServers(const QList<qint64>& ids, const QStringList& names)
{
    m_throughput->setServers(ids, names);
    m_latencyChart->setServers(ids, names);
    m_latencyBars->setSelectedServers(ids);
    if (names.size() == 1)
        m_database->showInstance(names.constFirst());
}

void ViewTabs::showUpdate(const EngineUpdate& update, ApplyStages& stages)
{
    const FarmSnapshot& snapshot = update.snapshot;
    m_latencyBars->setSnapshot(snapshot);
    stages.mark("latency bars");
    m_events->setServers(update.serverNames);
    m_latencyChart->setServerNames(update.serverNames);
    m_deliveries->setServers(update.serverNames);
    stages.mark("names");
    QList<StorageRow> storages;
    for (const StorageFigures& storage : snapshot.storage)
        storages.append(storage.storage);
    m_probeChart->setStorages(storages);
    if (m_flushProgress->flushId() == 0 && !snapshot.flushes.isEmpty())
        m_flushProgress->setFlushId(snapshot.flushes.first().request.id);
    m_flushProgress->setSnapshot(snapshot);
    stages.mark("flush progress");
    m_cache->setRedis(snapshot.redis);
    stages.mark("cache");
    m_database->setDatabase(snapshot.database);
    stages.mark("database");
    m_scheduled->setSnapshot(snapshot);
    stages.mark("scheduled");
}

void ViewTabs::showFlush(qint64 flushId, const FarmSnapshot& snapshot)
{
    m_flushProgress->setFlushId(flushId);
    m_flushProgress->setSnapshot(snapshot);
}

} // namespace Paddock
