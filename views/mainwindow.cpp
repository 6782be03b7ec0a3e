#include "mainwindow.h"

#include "applystages.h"
#include "colourscheme.h"
#include "connectiondialog.h"
#include "deliverybrowser.h"
#include "engine.h"
#include "eventmodel.h"
#include "eventtimeline.h"
#include "exportactions.h"
#include "farmview.h"
#include "flushdialog.h"
#include "flushmodel.h"
#include "ignoredrowslabel.h"
#include "instancedetailwindows.h"
#include "instancemodel.h"
#include "instancespanel.h"
#include "logging.h"
#include "passwordprompt.h"
#include "pgconnection.h"
#include "plainwarning.h"
#include "preparedview.h"
#include "recordingbar.h"
#include "recordingcontroller.h"
#include "settings.h"
#include "shortcutsdialog.h"
#include "statusstyle.h"
#include "storagemodel.h"
#include "summarystrip.h"
#include "topologyview.h"
#include "trayalerts.h"
#include "viewtabs.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace Paddock {

MainWindow::MainWindow(Settings* settings, QWidget* parent)
    : QMainWindow(parent)
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
    m_recording = new RecordingController(settings, this);
    connect(m_recording, &RecordingController::replayWindowRequested, this, &MainWindow::openReplayWindow);
    m_exports = new ExportActions(this, [this] { return m_update.snapshot.toJson(); });
    m_details = new InstanceDetailWindows(m_events, this);
    m_colours = new ColourScheme(settings, this);
    m_alerts = new TrayAlerts(this, TrayNotifier::createIfAvailable());
    connect(m_alerts, &TrayAlerts::selectRequested, this, &MainWindow::selectServers);
    connect(m_alerts, &TrayAlerts::quitRequested, this, &QWidget::close);
    connect(m_colours, &ColourScheme::schemeChanged, m_alerts, &TrayAlerts::refreshIcon);
    // The detail windows' charts follow, as the window's do.
    connect(this, &MainWindow::updateApplied, this, [this] {
        if (m_engine)
            m_details->refreshCharts(m_engine->history(), m_update.snapshot.generatedAt.toMSecsSinceEpoch());
    });

    createActions();
    createCentre();

    auto* ticker = new QTimer(this);
    ticker->setInterval(1000);
    connect(ticker, &QTimer::timeout, this, &MainWindow::tick);
    ticker->start();

    m_ignoredLabel = new IgnoredRowsLabel(this);
    statusBar()->addPermanentWidget(m_ignoredLabel);
    statusBar()->addPermanentWidget(m_recording->createLabel(this));
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
    QAction* snapshot = m_exports->addActions(fileMenu);
    fileMenu->addSeparator();
    m_recording->addFileActions(fileMenu);
    fileMenu->addSeparator();
    QAction* quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    createViewActions(viewMenu);

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

void MainWindow::createViewActions(QMenu* menu)
{
    m_refreshAction = menu->addAction(tr("&Refresh now"), this, [this] {
        if (m_engine)
            m_engine->refreshNow();
        if (m_tabs->deliveries()->isVisible())
            m_tabs->deliveries()->reload();
    });
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    m_liveAction = menu->addAction(tr("&Live"));
    m_liveAction->setCheckable(true);
    m_liveAction->setChecked(true);
    m_liveAction->setShortcut(QKeySequence(Qt::Key_L));
    m_liveAction->setToolTip(tr("Charts follow the newest data (L); unchecked, they stay where you scrolled"));
    connect(m_liveAction, &QAction::toggled, this, &MainWindow::setLive);
    QAction* pause = menu->addAction(tr("&Pause / resume charts"), this, [this] { setLive(!m_live); });
    pause->setShortcut(QKeySequence(Qt::Key_P));
    menu->addSeparator();
    createChartWindowActions(menu);
    menu->addSeparator();
    // Moving through a recording; enabled in a replay window only.
    m_recording->addMoveActions(menu);
    menu->addSeparator();
    QAction* find = menu->addAction(tr("&Find"), this, [this] {
        // In the events, search the events; anywhere else, the instances.
        EventTimeline* events = m_tabs->events();
        if (m_tabs->currentWidget() == events && events->isAncestorOf(QApplication::focusWidget())) {
            events->focusSearch();
            return;
        }
        m_view->instances()->focusFilter();
    });
    find->setShortcut(QKeySequence::Find);
    QAction* showMap = menu->addAction(tr("Focus the &map"), this, [this] { m_view->topology()->setFocus(); });
    showMap->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    menu->addSeparator();
    m_colours->addActions(menu);
}

void MainWindow::createChartWindowActions(QMenu* menu)
{
    m_windowGroup = new QActionGroup(this);
    const QList<QPair<int, QString>> windows { { 300, tr("Last &5 minutes") }, { 900, tr("Last &15 minutes") },
        { 3600, tr("Last &hour") } };
    int key = Qt::Key_5;
    for (const auto& [seconds, label] : windows) {
        QAction* action = menu->addAction(label);
        action->setCheckable(true);
        action->setChecked(seconds == m_chartWindowS);
        action->setData(seconds);
        action->setShortcut(QKeySequence(Qt::ALT | Qt::Key(key)));
        key = key == Qt::Key_5 ? Qt::Key_6 : Qt::Key_7;
        m_windowGroup->addAction(action);
        connect(action, &QAction::triggered, this, [this, seconds = seconds] { setChartWindow(seconds); });
    }
}

void MainWindow::createCentre()
{
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    m_summary = new SummaryStrip(central);
    connect(m_summary, &SummaryStrip::tileClicked, this, &MainWindow::showExplanation);
    layout->addWidget(m_summary);
    m_recordingBar = m_recording->createBar(central);
    layout->addWidget(m_recordingBar);
    m_view = new FarmView(m_settings, m_instanceProxy, m_events, m_storage, m_flushes, central);
    m_tabs = m_view->tabs();
    connect(m_view, &FarmView::selectionChanged, this, [this](const QSet<qint64>& ids) {
        refreshCharts();
        Q_EMIT selectionChanged(ids);
    });
    connect(m_view, &FarmView::serverActivated, this, &MainWindow::openInstanceDetail);
    connect(m_tabs, &ViewTabs::flushChosen, this,
        [this](qint64 flushId) { m_tabs->showFlush(flushId, m_update.snapshot); });
    connect(m_tabs, &ViewTabs::instanceChosen, this, [this](qint64 serverId) { selectServers({ serverId }); });
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto* action = new QAction(this);
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(action, &QAction::triggered, this, [this, i] { m_tabs->setCurrentIndex(i); });
        addAction(action);
    }
    layout->addWidget(m_view, 1);
    setCentralWidget(central);

    m_exports->setViews(m_tabs, { m_view->topology(), instanceTable() });
    m_exports->setDefaultTable({ m_instanceProxy, QStringLiteral("instances") });
    m_exports->addPageTable(m_tabs->storagePage(), { m_storage, QStringLiteral("storage") });
    m_exports->addPageTable(m_tabs->flushPage(), { m_flushes, QStringLiteral("flushes") });
}

// Each tile opens the view that explains it.
void MainWindow::showExplanation(SummaryPolicy::Tile tile)
{
    if (tile == SummaryPolicy::ConnectionTile)
        showConnectDialog();
    else
        m_view->showExplanation(tile);
}

void MainWindow::connectTo(const QString& conninfo, bool readOnly, const QString& readConninfo, const QString& redisUrl)
{
    m_conninfo = conninfo;
    m_recording->setReplay({});
    m_readOnly = readOnly;
    EngineSettings settings = m_settings->engineSettings(conninfo);
    settings.readConninfo = readConninfo;
    settings.redisUrl = redisUrl;
    settings.recordingPath = m_settings->recordingPathFor(conninfo);
    settings.preloadRecording = true;
    settings.passwordPrompt = passwordPrompt(this);
    setWindowTitle(
        tr("Paddock \u2014 %1%2").arg(PgConnection::redact(conninfo), readOnly ? tr(" (read-only)") : QString()));
    startEngine(std::move(settings));
    m_alerts->watch(m_settings->alertsEnabled(conninfo));
}

void MainWindow::openRecording(const QString& path, const QDateTime& at)
{
    m_conninfo.clear();
    m_recording->setReplay(path, at);
    m_readOnly = true;
    EngineSettings settings = m_settings->engineSettings(QString());
    settings.replayPath = path;
    m_alerts->stop();
    setWindowTitle(tr("Paddock \u2014 recording %1 (read-only)").arg(QFileInfo(path).fileName()));
    startEngine(std::move(settings));
    // A replay window is laid out as the last replay window was left, not as the live one.
    restoreLayout();
}

void MainWindow::openFeed(const QString& title)
{
    m_conninfo.clear();
    m_recording->setReplay({});
    m_readOnly = true;
    EngineSettings settings = m_settings->engineSettings(QString());
    settings.detached = true;
    m_alerts->stop();
    setWindowTitle(tr("Paddock \u2014 %1 (read-only)").arg(title));
    startEngine(std::move(settings));
}

bool MainWindow::isReplay() const
{
    return m_recording->isReplay();
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
    m_view->clear(isReplay());
    m_engine = std::make_unique<Engine>(std::move(settings));
    m_recording->attach(m_engine.get());
    m_tabs->deliveries()->setEngine(m_engine.get());
    connectEngine();
    m_engine->start();
    m_recording->started();
    m_refreshAction->setText(isReplay() ? tr("&Reload the recording's range") : tr("&Refresh now"));
    m_liveAction->setText(isReplay() ? tr("&Follow the slider") : tr("&Live"));
    updateFlushAction();
    updateTiles();
}

void MainWindow::connectEngine()
{
    connect(m_engine.get(), &Engine::updated, this, &MainWindow::applyUpdate);
    connect(m_engine.get(), &Engine::connectionStateChanged, this, &MainWindow::applyConnectionState);
    connect(m_engine.get(), &Engine::refreshFailed, this,
        [this](const QString& error) { statusBar()->showMessage(tr("Refresh failed: %1").arg(error), 10000); });
    connect(m_engine.get(), &Engine::resynced, this,
        [this](const QString& reason) { statusBar()->showMessage(tr("Resync: %1").arg(reason), 15000); });
    connect(m_engine.get(), &Engine::flushDone, this,
        [this](int, qint64 flushId, const QString& error, bool) { onFlushDone(flushId, error); });
}

void MainWindow::onFlushDone(qint64 flushId, const QString& error)
{
    if (!error.isEmpty()) {
        // The flush dialog shows a refusal in place, where the user is looking; told here only when
        // the dialog was closed before the database answered.
        if (!m_flushDialog || !m_flushDialog->isVisible())
            warnPlainly(this, tr("Flush refused"), error);
        return;
    }
    statusBar()->showMessage(tr("Flush #%1 requested: following the acknowledgements").arg(flushId), 10000);
    m_tabs->setCurrentWidget(m_tabs->flushPage());
}

void MainWindow::openReplayWindow(const QString& path)
{
    // Its own window: the live one keeps watching (and reconnecting) meanwhile.
    auto* window = new MainWindow(m_settings);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->resize(size());
    window->show();
    window->openRecording(path);
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
        m_view->clearMarkers();
    }
    const bool first = m_update.sequence == 0 || replaces;
    if (!first)
        m_view->markStatusChanges(m_update.snapshot, update.snapshot);
    stages.mark("markers");
    m_update = update;
    m_view->setServerNames(update.serverNames);
    m_lastDataAt = recorded ? update.snapshot.generatedAt : QDateTime::currentDateTimeUtc();
    if (recorded) {
        for (const EventRow& event : update.newEvents) {
            if (event.code == QLatin1String("CONNECTION_LOST"))
                m_view->addMarker(
                    event.loggedAt, tr("connection lost"), StatusStyle::forStatus(QStringLiteral("failing")).colour);
        }
        m_recording->showPosition(update.snapshot.generatedAt);
    }
    showInViews(update, stages);
    m_alerts->observeUpdate(update);
    updateFreshness();
    updateBanner();
    updateTiles();
    updateFlushAction();
    stages.mark("tiles");
    if (first)
        m_view->fitColumns();
    stages.mark("columns");
    // Measured so that a slow window is visible in the log (PADDOCK_LOG_LEVEL=debug), with its
    // slowest parts.
    const double applyMs = stages.totalMs();
    Log::ui()->debug("update {} applied in {:.1f} ms, {:.1f} ms on the CPU ({} instances, read {} ms; {})",
        update.sequence, applyMs, stages.cpuMs(), update.snapshot.servers.size(), update.refreshMs, stages.slowest(5));
    Q_EMIT updateTimed(update.sequence, applyMs);
    Q_EMIT updateApplied();
}

void MainWindow::showInViews(const EngineUpdate& update, ApplyStages& stages)
{
    const FarmSnapshot& snapshot = update.snapshot;
    const std::shared_ptr<const PreparedView> prepared = update.prepared ? update.prepared : PreparedView::of(update);
    m_instances->setRows(prepared->instances);
    stages.mark("instances");
    m_showingAged = false;
    m_ignoredLabel->setIgnoredRows(snapshot.ignoredRows);
    m_events->appendEvents(update.newEvents, update.serverNames);
    m_events->noteSnapshot(snapshot);
    stages.mark("events");
    m_storage->setState(prepared->storage);
    stages.mark("storage");
    m_flushes->setFlushes(snapshot.flushes);
    stages.mark("flushes");
    m_view->showUpdate(update, stages);
    m_details->setSnapshot(snapshot, update.latestProbes);
    stages.mark("details");
    refreshCharts();
    stages.mark("charts");
}

void MainWindow::applyConnectionState(const ConnectionState& state)
{
    const ConnectionState previous = m_state;
    m_state = state;
    if (state.isLost() && previous.state == ConnectionState::State::Connected) {
        m_events->appendLocalEvent(state.since, QStringLiteral("CONNECTION_LOST"), state.error);
        m_view->addMarker(state.since, tr("connection lost"), StatusStyle::forStatus(QStringLiteral("failing")).colour);
    }
    if (state.state == ConnectionState::State::Connected && previous.isLost())
        m_events->appendLocalEvent(QDateTime::currentDateTimeUtc(), QStringLiteral("CONNECTION_RESTORED"),
            tr("reconnected after %1 attempts").arg(previous.attempt));
    m_alerts->observeConnection(state);
    updateFreshness();
    updateBanner();
    updateTiles();
    updateFlushAction();
}

QString MainWindow::ignoredRowsText() const
{
    return m_ignoredLabel->shownText();
}

Freshness::Input MainWindow::freshnessInput() const
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
    return input;
}

void MainWindow::updateFreshness()
{
    const Freshness now(freshnessInput());
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
    m_view->topology()->setState(shown, m_update.latestProbes);
}

void MainWindow::setStale(bool stale)
{
    if (stale == m_stale)
        return;
    m_stale = stale;
    m_view->setStale(stale);
    m_summary->setStale(stale);
}

SummaryPolicy::Input MainWindow::summaryInput() const
{
    SummaryPolicy::Input input;
    input.freshness = freshnessInput();
    input.snapshot = m_update.snapshot;
    input.agesCounted = m_showingAged;
    input.stale = m_stale;
    input.replayWindow = isReplay();
    input.recordingPath = m_recording->replayPath();
    input.haveEngine = m_engine != nullptr;
    input.thresholds = m_settings->thresholds();
    input.pollIntervalMs = m_settings->pollIntervalMs();
    return input;
}

void MainWindow::updateTiles()
{
    const SummaryPolicy summary(summaryInput());
    m_summary->showTiles(summary);
    m_connectionLabel->setText(summary.connectionText());
}

void MainWindow::updateBanner()
{
    m_summary->showBanner(SummaryPolicy(summaryInput()).banner());
}

QString MainWindow::bannerText() const
{
    return m_summary->isBannerVisible() || m_stale ? m_summary->bannerText() : QString();
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
    m_flushDialog = &dialog;
    dialog.setSnapshot(m_update.snapshot);
    const QSet<qint64> ids = m_view->selectedServers();
    QList<qint64> selected(ids.cbegin(), ids.cend());
    std::sort(selected.begin(), selected.end());
    dialog.setSelectedServers(selected);
    dialog.setRequester(m_state.target.section(QLatin1Char('@'), 0, 0));
    dialog.setReadOnlyReason(flushUnavailableReason());
    dialog.setEngine(m_engine.get());
    connect(&dialog, &FlushDialog::flushRequested, this, [this](qint64 flushId) {
        m_tabs->showFlush(flushId, m_update.snapshot);
        m_tabs->setCurrentWidget(m_tabs->flushPage());
        m_engine->refreshNow();
    });
    dialog.exec();
}

void MainWindow::selectServers(const QSet<qint64>& ids)
{
    m_view->selectServers(ids);
}

QSet<qint64> MainWindow::selectedServers() const
{
    return m_view->selectedServers();
}

void MainWindow::openInstanceDetail(qint64 serverId)
{
    if (m_engine && serverId > 0)
        m_details->open(serverId, m_engine.get(), m_update);
}

void MainWindow::setLive(bool live)
{
    m_live = live;
    if (m_liveAction->isChecked() != live)
        m_liveAction->setChecked(live);
    m_tabs->setLive(live);
    refreshCharts();
}

void MainWindow::setChartWindow(int seconds)
{
    m_chartWindowS = seconds;
    m_tabs->setWindowSeconds(seconds);
    refreshCharts();
}

void MainWindow::refreshCharts()
{
    if (!m_engine || m_update.sequence == 0)
        return;
    // The charts rebuild on their own coalescing timers; this only tells them there is news.
    m_tabs->refreshCharts(m_engine->history(), m_engine->redisHistory(), m_engine->databaseHistory(),
        m_engine->scheduledRunHistory(), m_update.snapshot.generatedAt.toMSecsSinceEpoch());
}

QTableView* MainWindow::instanceTable() const
{
    return m_view->instances()->table();
}

QList<SummaryTile*> MainWindow::tiles() const
{
    return m_summary->tiles();
}

QString MainWindow::recorderText() const
{
    return m_recording->recorderText();
}

QWidget* MainWindow::topologyWidget() const
{
    return m_view->topology();
}

bool MainWindow::saveScreenshot(const QString& fileName, QString* error)
{
    return ExportActions::saveScreenshot(this, fileName, error);
}

void MainWindow::showShortcuts()
{
    ShortcutsDialog dialog(findChildren<QAction*>(), this);
    dialog.exec();
}

void MainWindow::showConnectDialog()
{
    ConnectionDialog dialog(m_settings, this);
    if (!m_conninfo.isEmpty())
        dialog.setConninfo(m_conninfo);
    if (dialog.exec() == QDialog::Accepted)
        connectTo(dialog.conninfo(), dialog.readOnly() || m_readOnly, {}, dialog.redisUrl());
}

void MainWindow::browseRecording()
{
    m_recording->browse();
}

// Only what was saved is restored: a replay window without a layout of its own keeps the one it
// opened with.
void MainWindow::restoreLayout()
{
    const WindowLayout layout
        = m_settings->windowLayout(isReplay() ? Settings::WindowRole::Replay : Settings::WindowRole::Live);
    if (!layout.geometry.isEmpty())
        restoreGeometry(layout.geometry);
    if (!layout.state.isEmpty())
        restoreState(layout.state);
    m_view->restoreLayout(layout);
    const QList<QAction*> windows = m_windowGroup->actions();
    for (QAction* action : windows) {
        if (layout.chartWindowS && action->data().toInt() == *layout.chartWindowS) {
            action->setChecked(true);
            m_chartWindowS = *layout.chartWindowS;
        }
    }
    setChartWindow(m_chartWindowS);
}

void MainWindow::saveLayout()
{
    WindowLayout layout;
    layout.geometry = saveGeometry();
    layout.state = saveState();
    m_view->saveLayout(layout);
    layout.chartWindowS = m_chartWindowS;
    m_settings->setWindowLayout(isReplay() ? Settings::WindowRole::Replay : Settings::WindowRole::Live, layout);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

} // namespace Paddock
