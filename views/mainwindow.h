#pragma once

#include "enginetypes.h"
#include "freshness.h"
#include "summarypolicy.h"

#include <memory>
#include <QDateTime>
#include <QElapsedTimer>
#include <QMainWindow>
#include <QPointer>
#include <QSet>

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QTableView;

namespace Paddock {

class ApplyStages;
class ColourScheme;
class Engine;
class EventModel;
class ExportActions;
class FarmView;
class FlushDialog;
class FlushModel;
class IgnoredRowsLabel;
class InstanceDetailWindows;
class InstanceModel;
class InstanceProxyModel;
class RecordingBar;
class RecordingController;
class Settings;
class StorageModel;
class SummaryStrip;
class SummaryTile;
class TrayAlerts;
class ViewTabs;

// The dashboard: farm-at-a-glance tiles, the topology map and the instances side by side, and
// the charts, storage, events, deliveries and flushes below. It only consumes the engine's
// signals and models: no SQL here, and nothing that waits on the network.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(Settings* settings, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Starts watching a farm; replaces any previous connection. The farm is recorded (settings).
    // `readConninfo`: read the figures there (a hot standby) instead of `conninfo`.
    void connectTo(
        const QString& conninfo, bool readOnly, const QString& readConninfo = {}, const QString& redisUrl = {});
    // Shows a flight recording instead, read-only, at `at` (null: its end); replaces any connection.
    void openRecording(const QString& path, const QDateTime& at = {});
    // Shows a feed of updates made elsewhere, given to engine()->deliver() (the window benchmark).
    void openFeed(const QString& title);
    bool isReplay() const;
    Engine* engine() const { return m_engine.get(); }

    bool isReadOnly() const { return m_readOnly; }
    // Why flushing is unavailable, or empty when it is available.
    QString flushUnavailableReason() const;
    bool isStale() const { return m_stale; }
    QString bannerText() const;
    QString ignoredRowsText() const;
    QSet<qint64> selectedServers() const;

    bool saveScreenshot(const QString& fileName, QString* error = nullptr);

    // The pieces, for tests.
    QTableView* instanceTable() const;
    InstanceModel* instanceModel() const { return m_instances; }
    QAction* flushAction() const { return m_flushAction; }
    QList<SummaryTile*> tiles() const;
    RecordingBar* recordingBar() const { return m_recordingBar; }
    QString recorderText() const;
    QWidget* topologyWidget() const;
    TrayAlerts* alerts() const { return m_alerts; }
    ColourScheme* colourScheme() const { return m_colours; }

public Q_SLOTS:
    // What the engine reports; public so that tests can play a sequence of states and updates.
    void applyUpdate(const Paddock::EngineUpdate& update);
    void applyConnectionState(const Paddock::ConnectionState& state);
    void selectServers(const QSet<qint64>& ids);

    void showConnectDialog();
    void requestFlush();
    void showShortcuts();
    // What was recorded of this farm, in a replay window of its own.
    void browseRecording();

Q_SIGNALS:
    void selectionChanged(const QSet<qint64>& ids);
    void updateApplied();
    // How long applyUpdate took, on this thread (the benchmark's and the debug log's figure).
    void updateTimed(quint64 sequence, double applyMs);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createViewActions(QMenu* menu);
    void createChartWindowActions(QMenu* menu);
    void createCentre();
    void showExplanation(SummaryPolicy::Tile tile);

    void startEngine(EngineSettings settings);
    void connectEngine();
    void onFlushDone(qint64 flushId, const QString& error);
    void openReplayWindow(const QString& path);

    void showInViews(const EngineUpdate& update, ApplyStages& stages);

    Freshness::Input freshnessInput() const;
    // Ages count on by the real clock between refreshes; data older than the engine's deadline is
    // greyed and no instance is shown healthy on it.
    void updateFreshness();
    void setStale(bool stale);
    SummaryPolicy::Input summaryInput() const;
    void updateTiles();
    void updateBanner();
    void updateFlushAction();
    void tick();

    void openInstanceDetail(qint64 serverId);
    void setLive(bool live);
    void setChartWindow(int seconds);
    void refreshCharts();

    void restoreLayout();
    void saveLayout();

    Settings* m_settings;
    std::unique_ptr<Engine> m_engine;
    QString m_conninfo;
    bool m_readOnly = false;
    bool m_stale = false;
    bool m_showingAged = false; // the models show Figures::aged() of m_update, not m_update itself
    bool m_live = true;
    int m_chartWindowS = 900;
    ConnectionState m_state;
    QDateTime m_lastDataAt; // local clock, when the last update arrived
    EngineUpdate m_update;
    QElapsedTimer m_tickClock;
    QPointer<FlushDialog> m_flushDialog; // open while it asks for a flush and shows the answer

    InstanceModel* m_instances = nullptr;
    InstanceProxyModel* m_instanceProxy = nullptr;
    EventModel* m_events = nullptr;
    StorageModel* m_storage = nullptr;
    FlushModel* m_flushes = nullptr;

    RecordingController* m_recording = nullptr;
    ExportActions* m_exports = nullptr;
    InstanceDetailWindows* m_details = nullptr;
    ColourScheme* m_colours = nullptr;
    TrayAlerts* m_alerts = nullptr;

    SummaryStrip* m_summary = nullptr;
    RecordingBar* m_recordingBar = nullptr;
    FarmView* m_view = nullptr;
    ViewTabs* m_tabs = nullptr; // m_view's
    QLabel* m_connectionLabel = nullptr;
    IgnoredRowsLabel* m_ignoredLabel = nullptr;

    QAction* m_connectAction = nullptr;
    QAction* m_refreshAction = nullptr;
    QAction* m_liveAction = nullptr;
    QAction* m_flushAction = nullptr;
    QActionGroup* m_windowGroup = nullptr;
};

} // namespace Paddock
