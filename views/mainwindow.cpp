#include "mainwindow.h"

#include "connectiondialog.h"
#include "deliverybrowser.h"
#include "displayformat.h"
#include "engine.h"
#include "eventmodel.h"
#include "eventtimeline.h"
#include "export.h"
#include "flushdialog.h"
#include "flushmodel.h"
#include "flushprogresspanel.h"
#include "freshness.h"
#include "glyphdelegate.h"
#include "instancedetaildialog.h"
#include "instancelatencybars.h"
#include "instancemodel.h"
#include "latencychart.h"
#include "logging.h"
#include "pgconnection.h"
#include "plaintooltips.h"
#include "preparedview.h"
#include "probelatencychart.h"
#include "recordingbar.h"
#include "settings.h"
#include "statusstyle.h"
#include "storagemodel.h"
#include "summarytile.h"
#include "throughputchart.h"
#include "topologyview.h"

#include <future>
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QGraphicsOpacityEffect>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QSaveFile>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <time.h>

namespace Paddock {

namespace {

enum Tile { InstancesTile, CreatedTile, ProcessedTile, BacklogTile, P95Tile, P99Tile, StorageTile, ConnectionTile };

// The parts of one apply and how long each took: the debug log names the slowest.
class ApplyStages {
public:
    ApplyStages()
        : m_cpuStart(threadCpuNs())
    {
        m_timer.start();
    }
    // The time this thread ran: on a machine busy with other work the wall time of an apply
    // includes the time it waited for a core.
    double cpuMs() const { return double(threadCpuNs() - m_cpuStart) / 1e6; }
    void mark(const char* part)
    {
        const qint64 now = m_timer.nsecsElapsed();
        m_parts.append({ part, double(now - m_last) / 1e6 });
        m_last = now;
    }
    double totalMs() const { return double(m_timer.nsecsElapsed()) / 1e6; }
    std::string slowest(int count) const
    {
        QList<std::pair<const char*, double>> parts = m_parts;
        std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        std::string text;
        for (qsizetype i = 0; i < std::min<qsizetype>(count, parts.size()); ++i)
            text += fmt::format("{}{} {:.1f} ms", i == 0 ? "" : ", ", parts[i].first, parts[i].second);
        return text;
    }

private:
    static qint64 threadCpuNs()
    {
        timespec now {};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
        return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
    }

    QElapsedTimer m_timer;
    qint64 m_cpuStart = 0;
    qint64 m_last = 0;
    QList<std::pair<const char*, double>> m_parts;
};

SummaryTile::Level worse(SummaryTile::Level a, SummaryTile::Level b)
{
    return int(a) > int(b) ? a : b;
}

// A warning whose text shows as written: errors can quote what instances wrote, and file names.
void warnPlainly(QWidget* parent, const QString& title, const QString& text)
{
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Ok, parent);
    box.setTextFormat(Qt::PlainText);
    box.exec();
}

} // namespace

// Widgets of the views that are wired in place (charts, map, panels).
struct MainWindow::Widgets {
    TopologyView* topology = nullptr;
    ThroughputChart* throughput = nullptr;
    QWidget* latency = nullptr;
    LatencyChart* latencyChart = nullptr;
    InstanceLatencyBars* latencyBars = nullptr;
    QWidget* storagePanel = nullptr;
    QTableView* storageTable = nullptr;
    ProbeLatencyChart* probeChart = nullptr;
    EventTimeline* events = nullptr;
    DeliveryBrowser* deliveries = nullptr;
    QWidget* flushPanel = nullptr;
    QTableView* flushTable = nullptr;
    FlushProgressPanel* flushProgress = nullptr;
    QList<QPointer<InstanceDetailDialog>> details;
    QList<ChartMarker> markers;
    QTimer* ticker = nullptr;
    QGraphicsOpacityEffect* staleEffect = nullptr;
    QWidget* centre = nullptr;
};

MainWindow::MainWindow(Settings* settings, QWidget* parent)
    : QMainWindow(parent)
    , w(std::make_unique<Widgets>())
    , m_settings(settings)
{
    setWindowTitle(tr("Paddock"));
    QIcon icon;
    for (int size : { 32, 64, 128, 256 })
        icon.addFile(QStringLiteral(":/icons/paddock-%1.png").arg(size), QSize(size, size));
    setWindowIcon(icon);
    m_instances = new InstanceModel(this);
    m_instanceProxy = new InstanceProxyModel(this);
    m_instanceProxy->setSourceModel(m_instances);
    m_events = new EventModel(this);
    m_storage = new StorageModel(this);
    m_flushes = new FlushModel(this);

    createActions();
    createCentre();

    w->ticker = new QTimer(this);
    w->ticker->setInterval(1000);
    connect(w->ticker, &QTimer::timeout, this, &MainWindow::tick);
    w->ticker->start();

    m_ignoredLabel = new QLabel(this);
    m_ignoredLabel->setTextFormat(Qt::PlainText);
    m_ignoredLabel->hide();
    statusBar()->addPermanentWidget(m_ignoredLabel);
    m_recorderLabel = new QLabel(this);
    m_recorderLabel->setObjectName(QStringLiteral("recorderLabel"));
    statusBar()->addPermanentWidget(m_recorderLabel);
    m_connectionLabel = new QLabel(tr("not connected"), this);
    statusBar()->addPermanentWidget(m_connectionLabel);
    updateTiles();
    updateBanner();
    updateFlushAction();
    restoreLayout();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
    QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
    QMenu* farmMenu = menuBar()->addMenu(tr("F&arm"));
    QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
    QToolBar* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    m_connectAction = fileMenu->addAction(tr("&Connect…"), this, &MainWindow::showConnectDialog);
    m_connectAction->setShortcut(QKeySequence::Open);
    QAction* exportView = fileMenu->addAction(tr("Export current view as &PNG…"), this, &MainWindow::exportCurrentView);
    exportView->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    QAction* exportCsv = fileMenu->addAction(tr("Export table as &CSV…"), this, &MainWindow::exportTable);
    exportCsv->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    QAction* snapshot = fileMenu->addAction(tr("&Incident snapshot…"), this, &MainWindow::exportIncidentSnapshot);
    snapshot->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    fileMenu->addSeparator();
    QAction* openRecording = fileMenu->addAction(tr("&Open recording…"), this, &MainWindow::showOpenRecordingDialog);
    openRecording->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_browseRecordingAction
        = fileMenu->addAction(tr("&Browse this farm's recording"), this, &MainWindow::browseRecording);
    m_browseRecordingAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_browseRecordingAction->setStatusTip(
        tr("Opens what was recorded of this farm in a second window, with a time slider"));
    m_saveRecordingAction = fileMenu->addAction(tr("Save recording &as…"), this, &MainWindow::saveRecordingAs);
    m_saveRecordingAction->setStatusTip(tr("A single-file copy of the recording, to hand the incident over"));
    fileMenu->addSeparator();
    QAction* quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    m_refreshAction = viewMenu->addAction(tr("&Refresh now"), this, [this] {
        if (m_engine)
            m_engine->refreshNow();
        if (w->deliveries && w->deliveries->isVisible())
            w->deliveries->reload();
    });
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    m_liveAction = viewMenu->addAction(tr("&Live"));
    m_liveAction->setCheckable(true);
    m_liveAction->setChecked(true);
    m_liveAction->setShortcut(QKeySequence(Qt::Key_L));
    m_liveAction->setToolTip(tr("Charts follow the newest data (L); unchecked, they stay where you scrolled"));
    connect(m_liveAction, &QAction::toggled, this, &MainWindow::setLive);
    QAction* pause = viewMenu->addAction(tr("&Pause / resume charts"), this, [this] { setLive(!m_live); });
    pause->setShortcut(QKeySequence(Qt::Key_P));
    viewMenu->addSeparator();
    m_windowGroup = new QActionGroup(this);
    const QList<QPair<int, QString>> windows { { 300, tr("Last &5 minutes") }, { 900, tr("Last &15 minutes") },
        { 3600, tr("Last &hour") } };
    int key = Qt::Key_5;
    for (const auto& [seconds, label] : windows) {
        QAction* action = viewMenu->addAction(label);
        action->setCheckable(true);
        action->setChecked(seconds == m_chartWindowS);
        action->setData(seconds);
        action->setShortcut(QKeySequence(Qt::ALT | Qt::Key(key)));
        key = key == Qt::Key_5 ? Qt::Key_6 : Qt::Key_7;
        m_windowGroup->addAction(action);
        connect(action, &QAction::triggered, this, [this, seconds = seconds] { setChartWindow(seconds); });
    }
    viewMenu->addSeparator();
    // Moving through a recording; enabled in a replay window only.
    const QList<std::tuple<QString, QKeySequence, std::function<void()>>> moves {
        { tr("Recording: 10 s back"), QKeySequence(Qt::ALT | Qt::Key_Left), [this] { m_recordingBar->step(-10); } },
        { tr("Recording: 10 s on"), QKeySequence(Qt::ALT | Qt::Key_Right), [this] { m_recordingBar->step(10); } },
        { tr("Recording: 1 min back"), QKeySequence(Qt::ALT | Qt::SHIFT | Qt::Key_Left),
            [this] { m_recordingBar->step(-60); } },
        { tr("Recording: 1 min on"), QKeySequence(Qt::ALT | Qt::SHIFT | Qt::Key_Right),
            [this] { m_recordingBar->step(60); } },
        { tr("Recording: to the start"), QKeySequence(Qt::ALT | Qt::Key_Home), [this] { m_recordingBar->toStart(); } },
        { tr("Recording: to the end"), QKeySequence(Qt::ALT | Qt::Key_End), [this] { m_recordingBar->toEnd(); } },
    };
    for (const auto& [text, keys, slot] : moves) {
        QAction* action = viewMenu->addAction(text, this, slot);
        action->setShortcut(keys);
        m_replayActions.append(action);
    }
    viewMenu->addSeparator();
    QAction* find = viewMenu->addAction(tr("&Find"), this, [this] {
        // In the events, search the events; anywhere else, the instances.
        if (m_tabs->currentWidget() == w->events && w->events->isAncestorOf(QApplication::focusWidget())) {
            w->events->focusSearch();
            return;
        }
        m_instanceFilter->setFocus();
        m_instanceFilter->selectAll();
    });
    find->setShortcut(QKeySequence::Find);
    QAction* showMap = viewMenu->addAction(tr("Focus the &map"), this, [this] {
        if (w->topology)
            w->topology->setFocus();
    });
    showMap->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));

    m_flushAction = farmMenu->addAction(tr("&Flush cache…"), this, &MainWindow::requestFlush);
    m_flushAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));

    QAction* shortcuts = helpMenu->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    shortcuts->setShortcut(QKeySequence::HelpContents);
    helpMenu->addAction(tr("&About Paddock"), this, [this] {
        QMessageBox::about(this, tr("About Paddock"),
            tr("<b>Paddock %1</b><p>A dashboard for web farms that synchronise through PostgreSQL.</p>")
                .arg(QStringLiteral(PADDOCK_VERSION)));
    });

    toolbar->addAction(m_connectAction);
    toolbar->addAction(m_refreshAction);
    toolbar->addAction(m_liveAction);
    toolbar->addSeparator();
    toolbar->addAction(m_flushAction);
    toolbar->addSeparator();
    toolbar->addAction(snapshot);
}

void MainWindow::createTiles(QWidget* strip)
{
    auto* layout = new QHBoxLayout(strip);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->setSpacing(6);
    const QStringList titles { tr("Instances"), tr("Tasks created"), tr("Deliveries"), tr("Backlog"), tr("Cache p95"),
        tr("Cache p99"), tr("Storage"), tr("Connection") };
    for (const QString& title : titles) {
        auto* tile = new SummaryTile(title, strip);
        layout->addWidget(tile);
        m_tiles.append(tile);
    }
    // Each tile opens the view that explains it.
    auto showTab = [this](QWidget* page) {
        if (page)
            m_tabs->setCurrentWidget(page);
    };
    connect(m_tiles[InstancesTile], &SummaryTile::clicked, this, [this] {
        m_instanceProxy->sort(InstanceModel::Status, Qt::AscendingOrder);
        m_instanceTable->setFocus();
    });
    connect(m_tiles[CreatedTile], &SummaryTile::clicked, this, [this, showTab] { showTab(w->throughput); });
    connect(m_tiles[ProcessedTile], &SummaryTile::clicked, this, [this, showTab] { showTab(w->throughput); });
    connect(m_tiles[BacklogTile], &SummaryTile::clicked, this, [this, showTab] { showTab(w->deliveries); });
    connect(m_tiles[P95Tile], &SummaryTile::clicked, this, [this, showTab] { showTab(w->latency); });
    connect(m_tiles[P99Tile], &SummaryTile::clicked, this, [this, showTab] { showTab(w->latency); });
    connect(m_tiles[StorageTile], &SummaryTile::clicked, this, [this, showTab] { showTab(w->storagePanel); });
    connect(m_tiles[ConnectionTile], &SummaryTile::clicked, this, &MainWindow::showConnectDialog);
}

void MainWindow::createCentre()
{
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    auto* strip = new QWidget(central);
    createTiles(strip);
    layout->addWidget(strip);

    m_banner = new QLabel(central);
    m_banner->setTextFormat(Qt::PlainText); // it quotes the database's error messages
    m_banner->setWordWrap(true);
    m_banner->setMargin(6);
    m_banner->setAutoFillBackground(true);
    QPalette bannerPalette = m_banner->palette();
    bannerPalette.setColor(QPalette::Window, StatusStyle::forStatus(QStringLiteral("degraded")).colour);
    bannerPalette.setColor(QPalette::WindowText, Qt::black);
    m_banner->setPalette(bannerPalette);
    m_banner->hide();
    layout->addWidget(m_banner);

    m_recordingBar = new RecordingBar(central);
    m_recordingBar->hide();
    connect(m_recordingBar, &RecordingBar::seekRequested, this, [this](const QDateTime& at) {
        if (m_engine && isReplay())
            m_engine->seek(at);
    });
    layout->addWidget(m_recordingBar);

    w->centre = new QWidget(central);
    auto* centreLayout = new QVBoxLayout(w->centre);
    centreLayout->setContentsMargins(4, 0, 4, 4);
    m_mainSplitter = new QSplitter(Qt::Vertical, w->centre);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_topSplitter = new QSplitter(Qt::Horizontal, m_mainSplitter);
    m_topSplitter->setObjectName(QStringLiteral("topSplitter"));

    w->topology = new TopologyView(m_topSplitter);
    w->topology->setObjectName(QStringLiteral("topology"));
    w->topology->setHeartbeatThresholds(
        m_settings->thresholds().notRespondingAfterS / 3.0, m_settings->thresholds().notRespondingAfterS);
    connect(w->topology, &TopologyView::selectionChanged, this, &MainWindow::selectServers);
    connect(w->topology, &TopologyView::serverActivated, this, &MainWindow::openInstanceDetail);
    m_topSplitter->addWidget(w->topology);

    auto* instancesPanel = new QWidget(m_topSplitter);
    auto* instancesLayout = new QVBoxLayout(instancesPanel);
    instancesLayout->setContentsMargins(0, 0, 0, 0);
    m_instanceFilter = new QLineEdit(instancesPanel);
    m_instanceFilter->setPlaceholderText(tr("Filter instances by name, zone, host or status (Ctrl+F)"));
    m_instanceFilter->setClearButtonEnabled(true);
    connect(m_instanceFilter, &QLineEdit::textChanged, m_instanceProxy, &InstanceProxyModel::setFilterText);
    m_instanceTable = new QTableView(instancesPanel);
    PlainToolTips::install(m_instanceTable);
    m_instanceTable->setObjectName(QStringLiteral("instanceTable"));
    m_instanceTable->setModel(m_instanceProxy);
    m_instanceTable->setSortingEnabled(true);
    m_instanceTable->sortByColumn(InstanceModel::Status, Qt::AscendingOrder);
    m_instanceTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_instanceTable->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_instanceTable->verticalHeader()->hide();
    m_instanceTable->horizontalHeader()->setSectionsMovable(true);
    m_instanceTable->horizontalHeader()->setStretchLastSection(false);
    // Fitting the columns to their contents measures a sample of rows, not all 10,000.
    m_instanceTable->horizontalHeader()->setResizeContentsPrecision(200);
    m_instanceTable->setAlternatingRowColors(true);
    m_instanceTable->setWordWrap(false);
    // Status as glyph + colour + word, so that it reads without colour too.
    m_instanceTable->setItemDelegateForColumn(InstanceModel::Status,
        new GlyphDelegate(
            [](const QModelIndex& index) -> std::optional<GlyphDelegate::Glyph> {
                const StatusStyle style = StatusStyle::forStatus(index.data(InstanceModel::StatusRole).toString());
                return GlyphDelegate::Glyph { style.glyph, style.colour };
            },
            m_instanceTable));
    connect(m_instanceTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &MainWindow::onTableSelectionChanged);
    connect(m_instanceTable, &QTableView::doubleClicked, this,
        [this](const QModelIndex& index) { openInstanceDetail(index.data(InstanceModel::ServerIdRole).toLongLong()); });
    instancesLayout->addWidget(m_instanceFilter);
    instancesLayout->addWidget(m_instanceTable);
    m_topSplitter->addWidget(instancesPanel);
    m_topSplitter->setStretchFactor(0, 2);
    m_topSplitter->setStretchFactor(1, 3);

    m_tabs = new QTabWidget(m_mainSplitter);
    m_tabs->setObjectName(QStringLiteral("viewTabs"));
    w->throughput = new ThroughputChart(m_tabs);
    w->latency = new QWidget(m_tabs);
    {
        auto* latencyLayout = new QHBoxLayout(w->latency);
        latencyLayout->setContentsMargins(0, 0, 0, 0);
        auto* splitter = new QSplitter(Qt::Horizontal, w->latency);
        w->latencyChart = new LatencyChart(splitter);
        w->latencyBars = new InstanceLatencyBars(splitter);
        splitter->addWidget(w->latencyChart);
        splitter->addWidget(w->latencyBars);
        splitter->setStretchFactor(0, 3);
        splitter->setStretchFactor(1, 2);
        latencyLayout->addWidget(splitter);
        connect(w->latencyBars, &InstanceLatencyBars::serverClicked, this,
            [this](qint64 id) { selectServers(QSet<qint64> { id }); });
        // "N more": every instance, slowest first by the bars' figure, in the instances table.
        connect(w->latencyBars, &InstanceLatencyBars::moreClicked, this, [this] {
            const InstanceLatencyBars::Metric metric = w->latencyBars->metric();
            m_instanceTable->sortByColumn(metric == InstanceLatencyBars::Metric::P99 ? InstanceModel::LatencyP99
                    : metric == InstanceLatencyBars::Metric::Max                     ? InstanceModel::LatencyMax
                                                                                     : InstanceModel::LatencyP95,
                Qt::DescendingOrder);
            m_instanceTable->scrollToTop();
            m_instanceTable->setFocus();
        });
    }
    w->storagePanel = new QWidget(m_tabs);
    {
        auto* storageLayout = new QVBoxLayout(w->storagePanel);
        storageLayout->setContentsMargins(0, 0, 0, 0);
        auto* splitter = new QSplitter(Qt::Vertical, w->storagePanel);
        w->storageTable = new QTableView(splitter);
        PlainToolTips::install(w->storageTable);
        w->storageTable->setObjectName(QStringLiteral("storageTable"));
        w->storageTable->setModel(m_storage);
        w->storageTable->verticalHeader()->hide();
        w->storageTable->setAlternatingRowColors(true);
        // Each cell a probe: ok or failed at a glance, by glyph and colour.
        w->storageTable->setItemDelegate(new GlyphDelegate(
            [](const QModelIndex& index) -> std::optional<GlyphDelegate::Glyph> {
                if (index.column() == StorageModel::Status) {
                    const StatusStyle style = StatusStyle::forStatus(index.data(StorageModel::StatusRole).toString());
                    return GlyphDelegate::Glyph { style.glyph, style.colour };
                }
                if (index.column() < StorageModel::FixedColumnCount)
                    return std::nullopt;
                const QVariant ok = index.data(StorageModel::ProbeOkRole);
                if (!ok.isValid())
                    return std::nullopt;
                const StatusStyle style
                    = StatusStyle::forStatus(ok.toBool() ? QStringLiteral("ok") : QStringLiteral("failing"));
                return GlyphDelegate::Glyph { style.glyph, style.colour };
            },
            w->storageTable));
        w->probeChart = new ProbeLatencyChart(splitter);
        splitter->addWidget(w->storageTable);
        splitter->addWidget(w->probeChart);
        storageLayout->addWidget(splitter);
    }
    w->events = new EventTimeline(m_events, m_tabs);
    connect(w->events, &EventTimeline::eventActivated, this, [this](qint64 serverId, const QDateTime&) {
        if (serverId > 0)
            selectServers(QSet<qint64> { serverId });
    });
    w->deliveries = new DeliveryBrowser(m_tabs);
    w->flushPanel = new QWidget(m_tabs);
    {
        auto* flushLayout = new QVBoxLayout(w->flushPanel);
        flushLayout->setContentsMargins(0, 0, 0, 0);
        auto* splitter = new QSplitter(Qt::Horizontal, w->flushPanel);
        w->flushTable = new QTableView(splitter);
        PlainToolTips::install(w->flushTable);
        w->flushTable->setObjectName(QStringLiteral("flushTable"));
        w->flushTable->setModel(m_flushes);
        w->flushTable->verticalHeader()->hide();
        w->flushTable->setSelectionBehavior(QAbstractItemView::SelectRows);
        w->flushTable->setSelectionMode(QAbstractItemView::SingleSelection);
        w->flushTable->horizontalHeader()->setStretchLastSection(true);
        w->flushProgress = new FlushProgressPanel(splitter);
        splitter->addWidget(w->flushTable);
        splitter->addWidget(w->flushProgress);
        flushLayout->addWidget(splitter);
        connect(w->flushTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid()) {
                    w->flushProgress->setFlushId(m_flushes->flushIdAt(current.row()));
                    w->flushProgress->setSnapshot(m_update.snapshot);
                }
            });
    }
    // Find and Refresh are window-wide here: the panels' own shortcuts for them (meant for when
    // they live in a dialog) would make the keys ambiguous, so the window's actions route them.
    for (QWidget* panel : std::initializer_list<QWidget*> { w->events, w->deliveries }) {
        const QList<QShortcut*> shortcuts = panel->findChildren<QShortcut*>();
        for (QShortcut* shortcut : shortcuts) {
            if (shortcut->key() == QKeySequence(QKeySequence::Find)
                || shortcut->key() == QKeySequence(QKeySequence::Refresh))
                shortcut->setEnabled(false);
        }
    }
    m_tabs->addTab(w->throughput, tr("&Throughput"));
    m_tabs->addTab(w->latency, tr("&Latency"));
    m_tabs->addTab(w->storagePanel, tr("&Storage"));
    m_tabs->addTab(w->events, tr("E&vents"));
    m_tabs->addTab(w->deliveries, tr("&Backlog && failures"));
    m_tabs->addTab(w->flushPanel, tr("Fl&ushes"));
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto* action = new QAction(this);
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(action, &QAction::triggered, this, [this, i] { m_tabs->setCurrentIndex(i); });
        addAction(action);
    }

    m_mainSplitter->addWidget(m_topSplitter);
    m_mainSplitter->addWidget(m_tabs);
    m_mainSplitter->setStretchFactor(0, 3);
    m_mainSplitter->setStretchFactor(1, 2);
    centreLayout->addWidget(m_mainSplitter);
    layout->addWidget(w->centre, 1);
    setCentralWidget(central);
}

void MainWindow::connectTo(const QString& conninfo, bool readOnly, const QString& readConninfo)
{
    m_conninfo = conninfo;
    m_replayPath.clear();
    m_readOnly = readOnly;
    EngineSettings settings = m_settings->engineSettings(conninfo);
    settings.readConninfo = readConninfo;
    settings.recordingPath = m_settings->recordingPathFor(conninfo);
    settings.preloadRecording = true;
    // The engine's thread waits for the answer, never the window for the engine: the wait ends
    // when the engine closes (its interrupt), and an answer given after that is dropped.
    settings.passwordPrompt = [window = QPointer<MainWindow>(this)](
                                  const QString& prompt, const PgInterrupt& interrupt) {
        auto answer = std::make_shared<std::promise<QString>>();
        std::future<QString> future = answer->get_future();
        QMetaObject::invokeMethod(
            qApp, [window, answer, prompt] { answer->set_value(window ? window->askPassword(prompt) : QString()); },
            Qt::QueuedConnection);
        while (future.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
            if (interrupt && interrupt->load())
                return QString();
        }
        return future.get();
    };
    setWindowTitle(
        tr("Paddock \u2014 %1%2").arg(PgConnection::redact(conninfo), readOnly ? tr(" (read-only)") : QString()));
    startEngine(std::move(settings));
}

void MainWindow::openRecording(const QString& path, const QDateTime& at)
{
    m_conninfo.clear();
    m_replayPath = path;
    m_replayAt = at;
    m_readOnly = true;
    EngineSettings settings = m_settings->engineSettings(QString());
    settings.replayPath = path;
    setWindowTitle(tr("Paddock \u2014 recording %1 (read-only)").arg(QFileInfo(path).fileName()));
    startEngine(std::move(settings));
}

void MainWindow::openFeed(const QString& title)
{
    m_conninfo.clear();
    m_replayPath.clear();
    m_readOnly = true;
    EngineSettings settings = m_settings->engineSettings(QString());
    settings.detached = true;
    setWindowTitle(tr("Paddock \u2014 %1 (read-only)").arg(title));
    startEngine(std::move(settings));
}

void MainWindow::startEngine(EngineSettings settings)
{
    m_engine.reset();
    m_instances->clear();
    m_storage->clear();
    m_flushes->clear();
    m_events->clear();
    m_update = {};
    m_state = {};
    m_lastDataAt = {};
    m_selected.clear();
    for (HistoryChart* chart : std::initializer_list<HistoryChart*> { w->throughput, w->latencyChart, w->probeChart }) {
        chart->clearHistory();
        chart->setReplay(isReplay());
    }
    w->topology->clear();
    w->markers.clear();
    m_recordingBar->setVisible(isReplay());
    m_recordingBar->setRange({}, {});
    m_engine = std::make_unique<Engine>(settings);
    w->deliveries->setEngine(m_engine.get());
    connect(m_engine.get(), &Engine::updated, this, &MainWindow::applyUpdate);
    connect(m_engine.get(), &Engine::connectionStateChanged, this, &MainWindow::applyConnectionState);
    connect(m_engine.get(), &Engine::recordingChanged, this, &MainWindow::applyRecordingInfo);
    connect(m_engine.get(), &Engine::refreshFailed, this,
        [this](const QString& error) { statusBar()->showMessage(tr("Refresh failed: %1").arg(error), 10000); });
    connect(m_engine.get(), &Engine::resynced, this,
        [this](const QString& reason) { statusBar()->showMessage(tr("Resync: %1").arg(reason), 15000); });
    connect(m_engine.get(), &Engine::flushDone, this, [this](int, qint64 flushId, const QString& error, bool) {
        if (!error.isEmpty()) {
            warnPlainly(this, tr("Flush refused"), error);
            return;
        }
        statusBar()->showMessage(tr("Flush #%1 requested: following the acknowledgements").arg(flushId), 10000);
        m_tabs->setCurrentWidget(w->flushPanel);
    });
    connect(m_engine.get(), &Engine::recordingCopied, this, [this](int, const QString& target, const QString& error) {
        if (!error.isEmpty())
            warnPlainly(this, tr("Save recording"), tr("Could not save %1: %2").arg(target, error));
        else
            statusBar()->showMessage(tr("Recording saved to %1").arg(target), 10000);
    });
    m_engine->start();
    if (isReplay() && m_replayAt.isValid())
        m_engine->seek(m_replayAt);
    applyRecordingInfo({});
    updateFlushAction();
    updateTiles();
}

QString MainWindow::askPassword(const QString& prompt)
{
    bool ok = false;
    const QString password = QInputDialog::getText(this, tr("Password"), prompt, QLineEdit::Password, QString(), &ok);
    return ok ? password : QString();
}

void MainWindow::applyUpdate(const EngineUpdate& update)
{
    ApplyStages stages;
    const bool recorded = update.origin == EngineUpdate::Origin::Recording;
    // A recorded state (a seek, or the recording shown until the database answers) is a whole new
    // picture: its events replace the list. So does the first live read after a recorded state.
    const bool replaces = update.initial && (recorded || m_update.origin == EngineUpdate::Origin::Recording);
    if (replaces) {
        m_events->clear();
        w->markers.clear();
    }
    const bool first = m_update.sequence == 0 || replaces;
    if (!first) {
        // What the events timeline shows as status changes, joins and leaves, the charts mark.
        QHash<qint64, ServerStatus> before;
        for (const ServerFigures& server : m_update.snapshot.servers)
            before.insert(server.server.id, server.status);
        for (const ServerFigures& server : update.snapshot.servers) {
            const auto it = before.constFind(server.server.id);
            if (it == before.constEnd())
                addMarker(update.snapshot.generatedAt, tr("%1 joined").arg(server.server.name),
                    StatusStyle::forStatus(QStringLiteral("healthy")).colour);
            else if (*it != server.status)
                addMarker(update.snapshot.generatedAt, tr("%1 %2").arg(server.server.name, statusName(server.status)),
                    StatusStyle::forStatus(statusName(server.status)).colour);
        }
    }
    stages.mark("markers");
    m_update = update;
    m_lastDataAt = recorded ? update.snapshot.generatedAt : QDateTime::currentDateTimeUtc();
    const FarmSnapshot& snapshot = update.snapshot;
    if (recorded) {
        for (const EventRow& event : update.newEvents) {
            if (event.code == QLatin1String("CONNECTION_LOST"))
                addMarker(
                    event.loggedAt, tr("connection lost"), StatusStyle::forStatus(QStringLiteral("failing")).colour);
        }
        if (isReplay())
            m_recordingBar->setPosition(snapshot.generatedAt);
    }
    const std::shared_ptr<const PreparedView> prepared = update.prepared ? update.prepared : PreparedView::of(update);
    m_instances->setRows(prepared->instances);
    stages.mark("instances");
    m_showingAged = false;
    showIgnoredRows(snapshot.ignoredRows);
    m_events->appendEvents(update.newEvents, update.serverNames);
    m_events->noteSnapshot(snapshot);
    stages.mark("events");
    m_storage->setState(prepared->storage);
    stages.mark("storage");
    m_flushes->setFlushes(snapshot.flushes);
    stages.mark("flushes");
    w->topology->setState(snapshot, update.latestProbes);
    stages.mark("topology");
    w->latencyBars->setSnapshot(snapshot);
    stages.mark("latency bars");
    w->events->setServers(update.serverNames);
    w->deliveries->setServers(update.serverNames);
    stages.mark("names");
    QList<StorageRow> storages;
    for (const StorageFigures& storage : snapshot.storage)
        storages.append(storage.storage);
    w->probeChart->setStorages(storages);
    if (w->flushProgress->flushId() == 0 && !snapshot.flushes.isEmpty())
        w->flushProgress->setFlushId(snapshot.flushes.first().request.id);
    w->flushProgress->setSnapshot(snapshot);
    stages.mark("flush progress");
    for (const FlushProgress& flush : snapshot.flushes)
        addMarker(flush.request.requestedAt, tr("flush #%1").arg(flush.request.id), QColor(0x56, 0xb4, 0xe9));
    for (const QPointer<InstanceDetailDialog>& dialog : std::as_const(w->details)) {
        if (dialog)
            dialog->setSnapshot(snapshot, update.latestProbes);
    }
    stages.mark("details");
    refreshCharts();
    stages.mark("charts");
    updateFreshness();
    updateBanner();
    updateTiles();
    updateFlushAction();
    stages.mark("tiles");
    if (first && !m_columnsRestored) {
        // First data and no saved layout: columns as wide as what they show, the reasons wider.
        m_instanceTable->resizeColumnsToContents();
        m_instanceTable->setColumnWidth(InstanceModel::Why,
            std::max(m_instanceTable->columnWidth(InstanceModel::Why),
                fontMetrics().horizontalAdvance(QLatin1Char('x')) * 40));
    }
    stages.mark("columns");
    // Measured so that a slow window is visible in the log (PADDOCK_LOG_LEVEL=debug), with its
    // slowest parts.
    const double applyMs = stages.totalMs();
    Log::ui()->debug("update {} applied in {:.1f} ms, {:.1f} ms on the CPU ({} instances, read {} ms; {})",
        update.sequence, applyMs, stages.cpuMs(), update.snapshot.servers.size(), update.refreshMs, stages.slowest(5));
    Q_EMIT updateTimed(update.sequence, applyMs);
    Q_EMIT updateApplied();
}

void MainWindow::applyConnectionState(const ConnectionState& state)
{
    const ConnectionState previous = m_state;
    m_state = state;
    if (state.isLost() && previous.state == ConnectionState::State::Connected) {
        m_events->appendLocalEvent(state.since, QStringLiteral("CONNECTION_LOST"), state.error);
        addMarker(state.since, tr("connection lost"), StatusStyle::forStatus(QStringLiteral("failing")).colour);
    }
    if (state.state == ConnectionState::State::Connected && previous.isLost())
        m_events->appendLocalEvent(QDateTime::currentDateTimeUtc(), QStringLiteral("CONNECTION_RESTORED"),
            tr("reconnected after %1 attempts").arg(previous.attempt));
    updateFreshness();
    updateBanner();
    updateTiles();
    updateFlushAction();
}

void MainWindow::showIgnoredRows(const QMap<QString, qint64>& ignored)
{
    qint64 total = 0;
    QStringList reasons;
    for (auto it = ignored.cbegin(); it != ignored.cend(); ++it) {
        total += it.value();
        reasons.append(QStringLiteral("%1 %2").arg(it.value()).arg(it.key()));
    }
    m_ignoredLabel->setVisible(total > 0);
    m_ignoredLabel->setText(tr("\u26a0 %n row(s) ignored", nullptr, int(total)));
    m_ignoredLabel->setToolTip(PlainToolTips::literal(
        tr("Rows that instances wrote and no figure can use, set aside by a written rule (docs/bad-rows.md):\n%1")
            .arg(reasons.join(QLatin1Char('\n')))));
}

QString MainWindow::ignoredRowsText() const
{
    return m_ignoredLabel->isVisible() ? m_ignoredLabel->text() : QString();
}

Freshness MainWindow::freshness() const
{
    Freshness::Input input;
    input.state = m_state;
    input.replay = isReplay() || !m_engine;
    input.haveData = m_update.sequence > 0;
    input.recorded = m_update.origin == EngineUpdate::Origin::Recording;
    input.recorderWriting = m_engine && m_engine->recordingInfo().writing;
    input.lastDataAt = m_lastDataAt;
    input.deadlineMs = m_engine ? m_engine->settings().deadlineMs() : 0;
    input.replayLagMs = m_update.snapshot.replayLagMs;
    input.now = QDateTime::currentDateTimeUtc();
    return Freshness(input);
}

void MainWindow::updateFreshness()
{
    const Freshness now = freshness();
    setStale(now.isStale());
    if (isReplay() || m_update.sequence == 0)
        return;
    // A live farm refreshes every second or faster: the models are redrawn with counted-on ages
    // only when the data has aged by a second or more.
    const bool unknown = now.isUnknown();
    const double elapsedS = std::max(0.0, now.dataAgeS());
    if (!unknown && elapsedS < 1.0 && !m_showingAged)
        return;
    const FarmSnapshot shown = Figures::aged(m_update.snapshot, elapsedS, unknown,
        m_update.snapshot.generatedAt.isValid() ? m_update.snapshot.generatedAt : m_lastDataAt);
    m_showingAged = elapsedS >= 1.0 || unknown;
    m_instances->setSnapshot(shown);
    w->topology->setState(shown, m_update.latestProbes);
}

void MainWindow::setStale(bool stale)
{
    if (stale == m_stale)
        return;
    m_stale = stale;
    // Grey, not hidden: the last data stays readable while the banner says how old it is.
    if (stale) {
        w->staleEffect = new QGraphicsOpacityEffect(w->centre);
        w->staleEffect->setOpacity(0.55);
        w->centre->setGraphicsEffect(w->staleEffect);
    } else {
        w->centre->setGraphicsEffect(nullptr);
        w->staleEffect = nullptr;
    }
    for (SummaryTile* tile : std::as_const(m_tiles))
        tile->setStale(stale && tile != m_tiles[ConnectionTile]);
    w->topology->setStale(stale);
}

void MainWindow::addMarker(const QDateTime& time, const QString& label, const QColor& colour)
{
    const qint64 ms = time.toMSecsSinceEpoch();
    for (const ChartMarker& marker : std::as_const(w->markers)) {
        if (marker.ms == ms && marker.label == label)
            return;
    }
    w->markers.append({ ms, label, colour });
    // Bounded like the history: markers older than the retention are of no use.
    const qint64 oldest = ms - qint64(m_settings->retentionS()) * 1000;
    w->markers.removeIf([oldest](const ChartMarker& marker) { return marker.ms < oldest; });
    for (HistoryChart* chart : std::initializer_list<HistoryChart*> { w->throughput, w->latencyChart })
        chart->setMarkers(w->markers);
}

QString MainWindow::bannerText() const
{
    return m_banner->isVisible() || m_stale ? m_banner->text() : QString();
}

void MainWindow::updateBanner()
{
    const QString text = freshness().banner();
    m_banner->setText(text);
    m_banner->setVisible(!text.isEmpty());
}

void MainWindow::applyRecordingInfo(const RecordingInfo& info)
{
    if (isReplay()) {
        if (info.last.isValid()) {
            m_recordingBar->setRange(info.first, info.last);
            m_recordingBar->setDescription(
                tr("Recording of %1:").arg(info.farm.isEmpty() ? QFileInfo(info.path).fileName() : info.farm));
        }
        m_recorderLabel->setText(info.snapshots
                ? tr("%n snapshot(s), %1", nullptr, int(info.snapshots)).arg(Format::bytes(info.bytes))
                : QString());
    } else if (!info.error.isEmpty()) {
        m_recorderLabel->setText(tr("\u26a0 not recording"));
        m_recorderLabel->setToolTip(info.error);
    } else if (info.writing) {
        m_recorderLabel->setText(tr("\u25cf recording %1").arg(Format::bytes(info.bytes)));
        m_recorderLabel->setToolTip(
            tr("Every refresh is kept in %1, from %2")
                .arg(info.path,
                    info.first.isValid() ? info.first.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                                         : tr("now")));
    } else {
        m_recorderLabel->clear();
        m_recorderLabel->setToolTip(QString());
    }
    updateRecordingActions();
}

QString MainWindow::recorderText() const
{
    return m_recorderLabel->text();
}

void MainWindow::updateRecordingActions()
{
    const bool haveRecording = m_engine && !m_engine->recordingInfo().path.isEmpty()
        && (isReplay() || m_engine->recordingInfo().error.isEmpty());
    m_browseRecordingAction->setEnabled(haveRecording && !isReplay());
    m_saveRecordingAction->setEnabled(haveRecording);
    for (QAction* action : std::as_const(m_replayActions))
        action->setEnabled(isReplay());
    m_refreshAction->setText(isReplay() ? tr("&Reload the recording's range") : tr("&Refresh now"));
    m_liveAction->setText(isReplay() ? tr("&Follow the slider") : tr("&Live"));
}

void MainWindow::showOpenRecordingDialog()
{
    const QString directory = m_settings->recordingDirectory();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open a flight recording"), directory, tr("Paddock recordings (*.paddock-recording);;All files (*)"));
    if (path.isEmpty())
        return;
    // Its own window: the live one keeps watching (and reconnecting) meanwhile.
    auto* window = new MainWindow(m_settings);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->resize(size());
    window->show();
    window->openRecording(path);
}

void MainWindow::browseRecording()
{
    if (!m_engine || m_engine->recordingInfo().path.isEmpty())
        return;
    auto* window = new MainWindow(m_settings);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->resize(size());
    window->show();
    window->openRecording(m_engine->recordingInfo().path);
}

void MainWindow::saveRecordingAs()
{
    if (!m_engine)
        return;
    const QString target = QFileDialog::getSaveFileName(this, tr("Save the recording as"),
        defaultExportName(QStringLiteral("recording"), QStringLiteral("paddock-recording")),
        tr("Paddock recordings (*.paddock-recording)"));
    if (target.isEmpty())
        return;
    statusBar()->showMessage(tr("Saving the recording to %1…").arg(target));
    m_engine->copyRecording(target);
}

void MainWindow::tick()
{
    // How late the one-second tick runs is how long the event loop was busy.
    const qint64 elapsed = m_tickClock.isValid() ? m_tickClock.restart() : (m_tickClock.start(), 1000);
    if (elapsed > 1100)
        Log::ui()->debug("event loop was busy: tick {} ms late", elapsed - 1000);
    updateFreshness();
    updateBanner();
    updateTiles();
}

void MainWindow::updateTiles()
{
    using Level = SummaryTile::Level;
    // What the tables show: ages counted on while the data is not refreshed.
    const FarmSnapshot s = m_showingAged
        ? Figures::aged(m_update.snapshot,
            double(std::max<qint64>(0, m_lastDataAt.msecsTo(QDateTime::currentDateTimeUtc()))) / 1000.0, false, {})
        : m_update.snapshot;
    const bool haveData = m_update.sequence > 0;
    const Thresholds thresholds = m_settings->thresholds();
    if (!haveData) {
        for (SummaryTile* tile : std::as_const(m_tiles))
            tile->setValue(QString(), tr("waiting for data"), Level::Neutral);
    } else {
        const qint64 notResponding = s.farm.byStatus.value(QStringLiteral("not-responding"));
        const qint64 degraded = s.farm.byStatus.value(QStringLiteral("degraded"));
        const qint64 healthy = s.farm.byStatus.value(QStringLiteral("healthy"));
        QStringList parts;
        if (notResponding)
            parts << tr("%1 \u2716 not responding").arg(notResponding);
        if (degraded)
            parts << tr("%1 \u25b2 degraded").arg(degraded);
        parts << tr("%1 healthy").arg(healthy);
        if (m_stale)
            m_tiles[InstancesTile]->setValue(QString::number(s.farm.servers),
                tr("unknown \u00b7 last seen %1").arg(parts.join(QStringLiteral(", "))), Level::Neutral);
        else
            m_tiles[InstancesTile]->setValue(QString::number(s.farm.servers), parts.join(QStringLiteral(" \u00b7 ")),
                notResponding  ? Level::Critical
                    : degraded ? Level::Warning
                               : Level::Ok);

        m_tiles[CreatedTile]->setValue(Format::rate(s.farm.tasksCreatedPerS),
            tr("%1 in %2 s").arg(s.farm.tasksCreated).arg(s.windowS), Level::Neutral);
        m_tiles[ProcessedTile]->setValue(Format::rate(s.farm.deliveriesProcessedPerS),
            s.farm.deliveriesFailed ? tr("%1 failed in %2 s").arg(s.farm.deliveriesFailed).arg(s.windowS)
                                    : tr("none failed"),
            s.farm.deliveriesFailed ? Level::Warning : Level::Ok);

        Level backlogLevel = Level::Ok;
        std::optional<double> oldest;
        QString oldestName;
        for (const ServerFigures& server : s.servers) {
            if (server.oldestPendingAgeS && (!oldest || *server.oldestPendingAgeS > *oldest)) {
                oldest = server.oldestPendingAgeS;
                oldestName = server.server.name;
            }
            // Instances that left keep their pending deliveries, but they are nobody's emergency.
            if (server.status == ServerStatus::Stopped || server.status == ServerStatus::Disabled)
                continue;
            if (server.backlog > thresholds.backlog
                || (server.oldestPendingAgeS && *server.oldestPendingAgeS > thresholds.oldestPendingS))
                backlogLevel = server.status == ServerStatus::NotResponding ? Level::Critical
                                                                            : worse(backlogLevel, Level::Warning);
        }
        m_tiles[BacklogTile]->setValue(QString::number(s.farm.backlog),
            oldest ? tr("oldest %1 (%2)").arg(Format::duration(oldest), oldestName) : tr("nothing pending"),
            backlogLevel);

        // Latency beyond the oldest-pending threshold is the same stale-cache condition the status rules flag.
        const double limitMs = thresholds.oldestPendingS * 1000.0;
        auto latencyLevel = [limitMs](const std::optional<double>& value) {
            return !value ? Level::Neutral : *value > limitMs ? Level::Warning : Level::Ok;
        };
        const QString count = tr("%1 invalidations in %2 s").arg(s.farm.cacheLatency.count).arg(s.windowS);
        m_tiles[P95Tile]->setValue(
            Format::milliseconds(s.farm.cacheLatency.p95), count, latencyLevel(s.farm.cacheLatency.p95));
        m_tiles[P99Tile]->setValue(Format::milliseconds(s.farm.cacheLatency.p99),
            tr("max %1").arg(Format::milliseconds(s.farm.cacheLatency.max)), latencyLevel(s.farm.cacheLatency.p99));

        Level storageLevel = s.storage.isEmpty() ? Level::Neutral : Level::Ok;
        QStringList storageParts;
        for (const StorageFigures& storage : s.storage) {
            if (storage.status == StorageStatus::Failing) {
                storageLevel = Level::Critical;
                storageParts << tr("%1 failing").arg(storage.storage.name);
            } else if (storage.status == StorageStatus::Partial) {
                storageLevel = worse(storageLevel, Level::Warning);
                storageParts << tr("%1 partial (%2)")
                                    .arg(storage.storage.name, storage.failingServers.join(QStringLiteral(", ")));
            }
        }
        m_tiles[StorageTile]->setValue(tr("%n storage(s)", nullptr, int(s.storage.size())),
            storageParts.isEmpty() ? tr("all probes ok") : storageParts.join(QStringLiteral("; ")), storageLevel);
    }

    // The connection tile is about freshness, with or without data.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const double ageS = m_lastDataAt.isValid()
        ? double(m_lastDataAt.msecsTo(now) + m_update.snapshot.replayLagMs.value_or(0)) / 1000.0
        : -1;
    QString age = ageS >= 0 ? tr("data %1 old").arg(Format::duration(ageS)) : tr("no data yet");
    if (ageS >= 0 && m_update.snapshot.standby)
        age += tr(" · standby, replay %1 behind")
                   .arg(Format::duration(double(m_update.snapshot.replayLagMs.value_or(0)) / 1000.0));
    Level connectionLevel = Level::Neutral;
    const Freshness fresh = freshness();
    const bool overdue = fresh.isOverdue() || fresh.isBehind();
    QString value = m_state.stateName();
    switch (m_state.state) {
    case ConnectionState::State::Connected:
        connectionLevel = overdue                                ? Level::Critical
            : ageS > 5.0 * m_settings->pollIntervalMs() / 1000.0 ? Level::Warning
                                                                 : Level::Ok;
        value = fresh.isBehind()    ? tr("behind")
            : overdue               ? tr("no answer")
            : m_state.notifications ? tr("live")
                                    : tr("polling");
        break;
    case ConnectionState::State::Reconnecting:
        connectionLevel = Level::Critical;
        value = tr("lost");
        break;
    case ConnectionState::State::NotAnswering:
        connectionLevel = Level::Critical;
        value = tr("no answer");
        break;
    case ConnectionState::State::Connecting:
        connectionLevel = Level::Neutral;
        break;
    case ConnectionState::State::Replay:
        connectionLevel = Level::Neutral;
        value = tr("recording");
        break;
    case ConnectionState::State::Idle:
    case ConnectionState::State::Stopped:
        value = m_engine ? value : tr("none");
        break;
    }
    if (isReplay()) {
        m_tiles[ConnectionTile]->setValue(value,
            m_update.sequence
                ? tr("as of %1").arg(m_update.snapshot.generatedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")))
                : tr("opening"),
            m_state.state == ConnectionState::State::Stopped ? Level::Critical : Level::Neutral);
        m_connectionLabel->setText(tr("%1 \u00b7 read-only").arg(QFileInfo(m_replayPath).fileName()));
        return;
    }
    m_tiles[ConnectionTile]->setValue(value, age, connectionLevel);
    m_connectionLabel->setText(m_state.target.isEmpty()
            ? m_state.stateName()
            : QStringLiteral("%1 \u00b7 %2 \u00b7 %3").arg(m_state.target, m_state.stateName(), age));
}

QString MainWindow::flushUnavailableReason() const
{
    if (isReplay())
        return tr("This window shows a recording: flushing needs a live connection (File \u203a Connect).");
    if (m_readOnly)
        return tr("Read-only mode: Paddock was started with --read-only or a read-only profile.");
    if (!m_engine || m_state.state != ConnectionState::State::Connected)
        return tr("Not connected to a farm.");
    if (!m_state.canFlush)
        return tr("The connecting role cannot flush caches: it needs the webfarm_operator role.");
    return {};
}

void MainWindow::updateFlushAction()
{
    const QString reason = flushUnavailableReason();
    m_flushAction->setEnabled(reason.isEmpty());
    m_flushAction->setToolTip(
        reason.isEmpty() ? tr("Flush caches on the farm or on the selected instances (Ctrl+Shift+F)") : reason);
    m_flushAction->setStatusTip(m_flushAction->toolTip());
}

void MainWindow::requestFlush()
{
    if (!m_engine)
        return;
    FlushDialog dialog(this);
    dialog.setSnapshot(m_update.snapshot);
    QList<qint64> selected(m_selected.cbegin(), m_selected.cend());
    std::sort(selected.begin(), selected.end());
    dialog.setSelectedServers(selected);
    dialog.setRequester(m_state.target.section(QLatin1Char('@'), 0, 0));
    dialog.setReadOnlyReason(flushUnavailableReason());
    dialog.setEngine(m_engine.get());
    connect(&dialog, &FlushDialog::flushRequested, this, [this](qint64 flushId) {
        w->flushProgress->setFlushId(flushId);
        w->flushProgress->setSnapshot(m_update.snapshot);
        m_tabs->setCurrentWidget(w->flushPanel);
        m_engine->refreshNow();
    });
    dialog.exec();
}

void MainWindow::onTableSelectionChanged()
{
    if (m_syncingSelection)
        return;
    QSet<qint64> ids;
    const QModelIndexList rows = m_instanceTable->selectionModel()->selectedRows();
    for (const QModelIndex& row : rows)
        ids.insert(row.data(InstanceModel::ServerIdRole).toLongLong());
    if (ids == m_selected)
        return;
    m_selected = ids;
    w->topology->setSelectedServers(m_selected);
    applySelectionToCharts();
    Q_EMIT selectionChanged(m_selected);
}

void MainWindow::applySelectionToCharts()
{
    QList<qint64> ids(m_selected.cbegin(), m_selected.cend());
    std::sort(ids.begin(), ids.end());
    QStringList names;
    for (qint64 id : std::as_const(ids))
        names.append(m_update.serverNames.value(id, QStringLiteral("#%1").arg(id)));
    w->throughput->setServers(ids, names);
    w->latencyChart->setServers(ids, names);
    w->latencyBars->setSelectedServers(ids);
    refreshCharts();
}

void MainWindow::selectServers(const QSet<qint64>& ids)
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
    m_instanceTable->selectionModel()->select(
        selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_syncingSelection = false;
    w->topology->setSelectedServers(m_selected);
    applySelectionToCharts();
    Q_EMIT selectionChanged(m_selected);
}

void MainWindow::openInstanceDetail(qint64 serverId)
{
    if (!m_engine || serverId <= 0)
        return;
    for (const QPointer<InstanceDetailDialog>& dialog : std::as_const(w->details)) {
        if (dialog && dialog->serverId() == serverId) {
            dialog->raise();
            dialog->activateWindow();
            return;
        }
    }
    auto* dialog = new InstanceDetailDialog(serverId, m_engine.get(), m_events, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The instance's own charts: its deliveries and its cache-invalidation latency.
    auto* charts = new QVBoxLayout(dialog->chartArea());
    charts->setContentsMargins(0, 0, 0, 0);
    auto* throughput = new ThroughputChart(dialog->chartArea());
    auto* latency = new LatencyChart(dialog->chartArea());
    const QString name = m_update.serverNames.value(serverId);
    throughput->setServers({ serverId }, { name });
    throughput->setMode(ThroughputChart::Mode::Servers);
    latency->setServers({ serverId }, { name });
    latency->setMode(LatencyChart::Mode::Servers);
    charts->addWidget(throughput);
    charts->addWidget(latency);
    auto refresh = [this, throughput, latency] {
        if (!m_engine)
            return;
        const qint64 now = m_update.snapshot.generatedAt.toMSecsSinceEpoch();
        throughput->refresh(m_engine->history(), now);
        latency->refresh(m_engine->history(), now);
    };
    connect(this, &MainWindow::updateApplied, dialog, refresh);
    dialog->setSnapshot(m_update.snapshot, m_update.latestProbes);
    refresh();
    w->details.append(dialog);
    w->details.removeIf([](const QPointer<InstanceDetailDialog>& d) { return d.isNull(); });
    dialog->show();
}

void MainWindow::setLive(bool live)
{
    m_live = live;
    if (m_liveAction->isChecked() != live)
        m_liveAction->setChecked(live);
    for (HistoryChart* chart : std::initializer_list<HistoryChart*> { w->throughput, w->latencyChart, w->probeChart })
        chart->setLive(live);
    refreshCharts();
}

void MainWindow::setChartWindow(int seconds)
{
    m_chartWindowS = seconds;
    for (HistoryChart* chart : std::initializer_list<HistoryChart*> { w->throughput, w->latencyChart, w->probeChart })
        chart->setWindowSeconds(seconds);
    refreshCharts();
}

void MainWindow::refreshCharts()
{
    if (!m_engine || m_update.sequence == 0)
        return;
    // The charts rebuild on their own coalescing timers; this only tells them there is news.
    const qint64 now = m_update.snapshot.generatedAt.toMSecsSinceEpoch();
    for (HistoryChart* chart : std::initializer_list<HistoryChart*> { w->throughput, w->latencyChart, w->probeChart })
        chart->refresh(m_engine->history(), now);
}

QWidget* MainWindow::topologyWidget() const
{
    return w->topology;
}

bool MainWindow::saveScreenshot(const QString& fileName, QString* error)
{
    const QPixmap pixmap = grab();
    if (pixmap.isNull() || !pixmap.save(fileName)) {
        if (error)
            *error = tr("could not write %1").arg(fileName);
        return false;
    }
    return true;
}

void MainWindow::exportCurrentView()
{
    // The view with the keyboard focus, else the open tab.
    QWidget* view = m_tabs->currentWidget();
    for (QWidget* candidate = QApplication::focusWidget(); candidate; candidate = candidate->parentWidget()) {
        if (candidate == w->topology || candidate == m_instanceTable || candidate == m_tabs->currentWidget()) {
            view = candidate;
            break;
        }
    }
    const QString fileName = QFileDialog::getSaveFileName(this, tr("Export view as PNG"),
        defaultExportName(QStringLiteral("view"), QStringLiteral("png")), tr("PNG images (*.png)"));
    if (fileName.isEmpty())
        return;
    QString error;
    if (!exportPng(view, fileName, &error))
        warnPlainly(this, tr("Export"), error);
    else
        statusBar()->showMessage(tr("Saved %1").arg(fileName), 8000);
}

void MainWindow::exportTable()
{
    // The focused table, else the instances.
    const QAbstractItemModel* model = m_instanceProxy;
    QString what = QStringLiteral("instances");
    if (auto* table = qobject_cast<QTableView*>(QApplication::focusWidget())) {
        model = table->model();
        what = table->objectName().isEmpty() ? QStringLiteral("table") : table->objectName();
    } else if (m_tabs->currentWidget() == w->storagePanel) {
        model = m_storage;
        what = QStringLiteral("storage");
    } else if (m_tabs->currentWidget() == w->flushPanel) {
        model = m_flushes;
        what = QStringLiteral("flushes");
    }
    const QString fileName = QFileDialog::getSaveFileName(
        this, tr("Export table as CSV"), defaultExportName(what), tr("CSV files (*.csv)"));
    if (fileName.isEmpty())
        return;
    QString error;
    if (!exportCsv(model, fileName, &error))
        warnPlainly(this, tr("Export"), error);
    else
        statusBar()->showMessage(tr("Saved %1").arg(fileName), 8000);
}

void MainWindow::exportIncidentSnapshot()
{
    const QString directory = QFileDialog::getExistingDirectory(this, tr("Save the incident snapshot in"));
    if (directory.isEmpty())
        return;
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-ddTHH-mm-ss"));
    const QString png = QDir(directory).filePath(QStringLiteral("paddock-incident-%1.png").arg(stamp));
    const QString json = QDir(directory).filePath(QStringLiteral("paddock-incident-%1.json").arg(stamp));
    QString error;
    if (!saveScreenshot(png, &error)) {
        warnPlainly(this, tr("Incident snapshot"), error);
        return;
    }
    QSaveFile file(json);
    if (!file.open(QIODevice::WriteOnly)
        || file.write(QJsonDocument(m_update.snapshot.toJson()).toJson(QJsonDocument::Indented)) < 0
        || !file.commit()) {
        warnPlainly(this, tr("Incident snapshot"), tr("could not write %1: %2").arg(json, file.errorString()));
        return;
    }
    statusBar()->showMessage(tr("Incident snapshot saved: %1 and %2").arg(png, json), 10000);
}

void MainWindow::showShortcuts()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Keyboard shortcuts"));
    auto* list = new QTreeWidget(&dialog);
    list->setHeaderLabels({ tr("Action"), tr("Shortcut") });
    list->setRootIsDecorated(false);
    QList<QAction*> actions = findChildren<QAction*>();
    std::sort(actions.begin(), actions.end(), [](const QAction* a, const QAction* b) {
        return a->text().remove(QLatin1Char('&')) < b->text().remove(QLatin1Char('&'));
    });
    for (QAction* action : std::as_const(actions)) {
        if (action->shortcut().isEmpty())
            continue;
        QString text = action->text().remove(QLatin1Char('&'));
        if (text.isEmpty())
            text = tr("Show view %1").arg(action->shortcut().toString(QKeySequence::NativeText).right(1));
        list->addTopLevelItem(new QTreeWidgetItem({ text, action->shortcut().toString(QKeySequence::NativeText) }));
    }
    list->resizeColumnToContents(0);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(list);
    layout->addWidget(buttons);
    dialog.resize(460, 420);
    dialog.exec();
}

void MainWindow::showConnectDialog()
{
    ConnectionDialog dialog(m_settings, this);
    if (!m_conninfo.isEmpty())
        dialog.setConninfo(m_conninfo);
    if (dialog.exec() == QDialog::Accepted)
        connectTo(dialog.conninfo(), dialog.readOnly() || m_readOnly);
}

void MainWindow::restoreLayout()
{
    QSettings& store = m_settings->store();
    restoreGeometry(store.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(store.value(QStringLiteral("window/state")).toByteArray());
    m_mainSplitter->restoreState(store.value(QStringLiteral("window/main_splitter")).toByteArray());
    m_topSplitter->restoreState(store.value(QStringLiteral("window/top_splitter")).toByteArray());
    m_columnsRestored = m_instanceTable->horizontalHeader()->restoreState(
        store.value(QStringLiteral("window/instance_columns")).toByteArray());
    m_tabs->setCurrentIndex(
        std::clamp(store.value(QStringLiteral("window/current_view"), 0).toInt(), 0, m_tabs->count() - 1));
    const int window = store.value(QStringLiteral("window/chart_window_s"), m_chartWindowS).toInt();
    for (QAction* action : m_windowGroup->actions()) {
        if (action->data().toInt() == window) {
            action->setChecked(true);
            m_chartWindowS = window;
        }
    }
    setChartWindow(m_chartWindowS);
}

void MainWindow::saveLayout()
{
    QSettings& store = m_settings->store();
    store.setValue(QStringLiteral("window/geometry"), saveGeometry());
    store.setValue(QStringLiteral("window/state"), saveState());
    store.setValue(QStringLiteral("window/main_splitter"), m_mainSplitter->saveState());
    store.setValue(QStringLiteral("window/top_splitter"), m_topSplitter->saveState());
    store.setValue(QStringLiteral("window/instance_columns"), m_instanceTable->horizontalHeader()->saveState());
    store.setValue(QStringLiteral("window/chart_window_s"), m_chartWindowS);
    store.setValue(QStringLiteral("window/current_view"), m_tabs->currentIndex());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

} // namespace Paddock
