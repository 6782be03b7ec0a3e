#pragma once

#include "enginetypes.h"

#include <memory>
#include <QDateTime>
#include <QElapsedTimer>
#include <QMainWindow>
#include <QSet>

class QAction;
class QActionGroup;
class QLabel;
class QLineEdit;
class QSplitter;
class QTabWidget;
class QTableView;

namespace Paddock {

class Engine;
class RecordingBar;
class EventModel;
class FlushModel;
class Freshness;
class InstanceModel;
class InstanceProxyModel;
class Settings;
class StorageModel;
class SummaryTile;

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
    void connectTo(const QString& conninfo, bool readOnly, const QString& readConninfo = {});
    // Shows a flight recording instead, read-only, at `at` (null: its end); replaces any connection.
    void openRecording(const QString& path, const QDateTime& at = {});
    // Shows a feed of updates made elsewhere, given to engine()->deliver() (the window benchmark).
    void openFeed(const QString& title);
    bool isReplay() const { return !m_replayPath.isEmpty(); }
    Engine* engine() const { return m_engine.get(); }

    bool isReadOnly() const { return m_readOnly; }
    // Why flushing is unavailable, or empty when it is available.
    QString flushUnavailableReason() const;
    bool isStale() const { return m_stale; }
    QString bannerText() const;
    QString ignoredRowsText() const;
    QSet<qint64> selectedServers() const { return m_selected; }

    bool saveScreenshot(const QString& fileName, QString* error = nullptr);

    // The pieces, for tests.
    QTableView* instanceTable() const { return m_instanceTable; }
    InstanceModel* instanceModel() const { return m_instances; }
    QAction* flushAction() const { return m_flushAction; }
    QList<SummaryTile*> tiles() const { return m_tiles; }
    RecordingBar* recordingBar() const { return m_recordingBar; }
    QString recorderText() const;
    QWidget* topologyWidget() const;

public Q_SLOTS:
    // What the engine reports; public so that tests can play a sequence of states and updates.
    void applyUpdate(const Paddock::EngineUpdate& update);
    void applyConnectionState(const Paddock::ConnectionState& state);
    void selectServers(const QSet<qint64>& ids);

    void showConnectDialog();
    void requestFlush();
    void exportCurrentView();
    void exportTable();
    void exportIncidentSnapshot();
    void showShortcuts();
    void showOpenRecordingDialog();
    void browseRecording();
    void saveRecordingAs();

Q_SIGNALS:
    void selectionChanged(const QSet<qint64>& ids);
    void updateApplied();
    // How long applyUpdate took, on this thread (the benchmark's and the debug log's figure).
    void updateTimed(quint64 sequence, double applyMs);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void startEngine(EngineSettings settings);
    void applyRecordingInfo(const RecordingInfo& info);
    void updateRecordingActions();
    void createTiles(QWidget* strip);
    void createCentre();
    void updateTiles();
    void updateBanner();
    void updateFlushAction();
    void setStale(bool stale);
    // Ages count on by the real clock between refreshes; data older than the engine's deadline is
    // greyed and no instance is shown healthy on it.
    void updateFreshness();
    Freshness freshness() const;
    void showIgnoredRows(const QMap<QString, qint64>& ignored);
    void tick();
    void onTableSelectionChanged();
    void openInstanceDetail(qint64 serverId);
    void setLive(bool live);
    void setChartWindow(int seconds);
    void refreshCharts();
    void applySelectionToCharts();
    void addMarker(const QDateTime& time, const QString& label, const QColor& colour);
    void restoreLayout();
    void saveLayout();
    QString askPassword(const QString& prompt);

    struct Widgets;
    std::unique_ptr<Widgets> w;
    Settings* m_settings;
    std::unique_ptr<Engine> m_engine;
    QString m_conninfo;
    QString m_replayPath; // the recording shown, in a replay window
    QDateTime m_replayAt; // where a replay opens
    bool m_readOnly = false;
    bool m_stale = false;
    bool m_showingAged = false; // the models show Figures::aged() of m_update, not m_update itself
    bool m_live = true;
    int m_chartWindowS = 900;
    ConnectionState m_state;
    QDateTime m_lastDataAt; // local clock, when the last update arrived
    EngineUpdate m_update;
    QSet<qint64> m_selected;
    bool m_syncingSelection = false;
    bool m_columnsRestored = false;
    QElapsedTimer m_tickClock;

    InstanceModel* m_instances = nullptr;
    InstanceProxyModel* m_instanceProxy = nullptr;
    EventModel* m_events = nullptr;
    StorageModel* m_storage = nullptr;
    FlushModel* m_flushes = nullptr;

    QTableView* m_instanceTable = nullptr;
    QLineEdit* m_instanceFilter = nullptr;
    QTabWidget* m_tabs = nullptr;
    QSplitter* m_mainSplitter = nullptr;
    QSplitter* m_topSplitter = nullptr;
    QLabel* m_banner = nullptr;
    QLabel* m_connectionLabel = nullptr;
    QLabel* m_recorderLabel = nullptr;
    QLabel* m_ignoredLabel = nullptr; // rows the reader's rules set aside

    RecordingBar* m_recordingBar = nullptr;
    QList<SummaryTile*> m_tiles;

    QAction* m_connectAction = nullptr;
    QAction* m_refreshAction = nullptr;
    QAction* m_liveAction = nullptr;
    QAction* m_flushAction = nullptr;
    QAction* m_browseRecordingAction = nullptr;
    QAction* m_saveRecordingAction = nullptr;
    QList<QAction*> m_replayActions; // moving through a recording
    QActionGroup* m_windowGroup = nullptr;
};

} // namespace Paddock
