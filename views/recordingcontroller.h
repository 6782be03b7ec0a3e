#pragma once

#include "enginetypes.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>

class QAction;
class QLabel;
class QMainWindow;
class QMenu;
class QWidget;

namespace Paddock {

class Engine;
class RecordingBar;
class Settings;

// The flight recording as the window uses it. In a live window: the recorder's state in the status
// bar, the recording browsed in a replay window of its own, a copy saved to hand over. In a replay
// window: the time slider and the keys that move through the recording.
class RecordingController : public QObject {
    Q_OBJECT

public:
    RecordingController(Settings* settings, QMainWindow* window);

    // File menu: open a recording, browse this farm's, save it as.
    void addFileActions(QMenu* menu);
    // View menu: the moves through a recording.
    void addMoveActions(QMenu* menu);
    // The time slider, hidden but in a replay window; `parent` places it.
    RecordingBar* createBar(QWidget* parent);
    // The recorder's state, for the status bar.
    QLabel* createLabel(QWidget* parent);

    // What the window shows from now on: the recording at `path` from `at` (null: its end), or a
    // farm (empty path).
    void setReplay(const QString& path, const QDateTime& at = {});
    bool isReplay() const { return !m_replayPath.isEmpty(); }
    QString replayPath() const { return m_replayPath; }

    // A new engine, before it starts: its recorder is followed from its first word.
    void attach(Engine* engine);
    // The engine started: a replay moves to where it opens.
    void started();
    // The moment the window shows, as the engine read it from the recording.
    void showPosition(const QDateTime& at);

    QString recorderText() const;

public Q_SLOTS:
    void showOpenDialog();
    void browse();
    void saveAs();

Q_SIGNALS:
    // Show this recording in a replay window of its own; the live window keeps watching meanwhile.
    void replayWindowRequested(const QString& path);

private:
    void applyInfo(const RecordingInfo& info);
    void onCopied(const QString& target, const QString& error);
    void updateActions();

    Settings* m_settings;
    QMainWindow* m_window;
    QPointer<Engine> m_engine;
    QString m_replayPath;
    QDateTime m_replayAt;
    RecordingBar* m_bar = nullptr;
    QLabel* m_label = nullptr;
    QAction* m_browseAction = nullptr;
    QAction* m_saveAction = nullptr;
    QList<QAction*> m_moveActions; // enabled in a replay window only
};

} // namespace Paddock
