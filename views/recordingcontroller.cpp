#include "recordingcontroller.h"

#include "displayformat.h"
#include "engine.h"
#include "export.h"
#include "plainwarning.h"
#include "recordingbar.h"
#include "settings.h"

#include <functional>
#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QStatusBar>

namespace Paddock {

RecordingController::RecordingController(Settings* settings, QMainWindow* window)
    : QObject(window)
    , m_settings(settings)
    , m_window(window)
{
}

void RecordingController::addFileActions(QMenu* menu)
{
    QAction* open = menu->addAction(tr("&Open recording…"), this, &RecordingController::showOpenDialog);
    open->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_browseAction = menu->addAction(tr("&Browse this farm's recording"), this, &RecordingController::browse);
    m_browseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_browseAction->setStatusTip(tr("Opens what was recorded of this farm in a second window, with a time slider"));
    m_saveAction = menu->addAction(tr("Save recording &as…"), this, &RecordingController::saveAs);
    m_saveAction->setStatusTip(tr("A single-file copy of the recording, to hand the incident over"));
}

void RecordingController::addMoveActions(QMenu* menu)
{
    const QList<std::tuple<QString, QKeySequence, std::function<void()>>> moves {
        { tr("Recording: 10 s back"), QKeySequence(Qt::ALT | Qt::Key_Left), [this] { m_bar->step(-10); } },
        { tr("Recording: 10 s on"), QKeySequence(Qt::ALT | Qt::Key_Right), [this] { m_bar->step(10); } },
        { tr("Recording: 1 min back"), QKeySequence(Qt::ALT | Qt::SHIFT | Qt::Key_Left), [this] { m_bar->step(-60); } },
        { tr("Recording: 1 min on"), QKeySequence(Qt::ALT | Qt::SHIFT | Qt::Key_Right), [this] { m_bar->step(60); } },
        { tr("Recording: to the start"), QKeySequence(Qt::ALT | Qt::Key_Home), [this] { m_bar->toStart(); } },
        { tr("Recording: to the end"), QKeySequence(Qt::ALT | Qt::Key_End), [this] { m_bar->toEnd(); } },
    };
    for (const auto& [text, keys, slot] : moves) {
        QAction* action = menu->addAction(text, this, slot);
        action->setShortcut(keys);
        m_moveActions.append(action);
    }
}

RecordingBar* RecordingController::createBar(QWidget* parent)
{
    m_bar = new RecordingBar(parent);
    m_bar->hide();
    connect(m_bar, &RecordingBar::seekRequested, this, [this](const QDateTime& at) {
        if (m_engine && isReplay())
            m_engine->seek(at);
    });
    return m_bar;
}

QLabel* RecordingController::createLabel(QWidget* parent)
{
    m_label = new QLabel(parent);
    m_label->setObjectName(QStringLiteral("recorderLabel"));
    return m_label;
}

void RecordingController::setReplay(const QString& path, const QDateTime& at)
{
    m_replayPath = path;
    m_replayAt = at;
}

void RecordingController::attach(Engine* engine)
{
    m_engine = engine;
    m_bar->setVisible(isReplay());
    m_bar->setRange({}, {});
    connect(engine, &Engine::recordingChanged, this, &RecordingController::applyInfo);
    connect(engine, &Engine::recordingCopied, this,
        [this](int, const QString& target, const QString& error) { onCopied(target, error); });
}

void RecordingController::started()
{
    if (isReplay() && m_replayAt.isValid())
        m_engine->seek(m_replayAt);
    applyInfo({});
}

void RecordingController::showPosition(const QDateTime& at)
{
    if (isReplay())
        m_bar->setPosition(at);
}

QString RecordingController::recorderText() const
{
    return m_label->text();
}

void RecordingController::applyInfo(const RecordingInfo& info)
{
    if (isReplay()) {
        if (info.last.isValid()) {
            m_bar->setRange(info.first, info.last);
            m_bar->setDescription(
                tr("Recording of %1:").arg(info.farm.isEmpty() ? QFileInfo(info.path).fileName() : info.farm));
        }
        m_label->setText(info.snapshots
                ? tr("%n snapshot(s), %1", nullptr, int(info.snapshots)).arg(Format::bytes(info.bytes))
                : QString());
    } else if (!info.error.isEmpty()) {
        m_label->setText(tr("\u26a0 not recording"));
        m_label->setToolTip(info.error);
    } else if (info.writing) {
        m_label->setText(tr("\u25cf recording %1").arg(Format::bytes(info.bytes)));
        m_label->setToolTip(
            tr("Every refresh is kept in %1, from %2")
                .arg(info.path,
                    info.first.isValid() ? info.first.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                                         : tr("now")));
    } else {
        m_label->clear();
        m_label->setToolTip(QString());
    }
    updateActions();
}

void RecordingController::updateActions()
{
    const bool haveRecording = m_engine && !m_engine->recordingInfo().path.isEmpty()
        && (isReplay() || m_engine->recordingInfo().error.isEmpty());
    m_browseAction->setEnabled(haveRecording && !isReplay());
    m_saveAction->setEnabled(haveRecording);
    for (QAction* action : std::as_const(m_moveActions))
        action->setEnabled(isReplay());
}

void RecordingController::showOpenDialog()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open a flight recording"),
        m_settings->recordingDirectory(), tr("Paddock recordings (*.paddock-recording);;All files (*)"));
    if (!path.isEmpty())
        Q_EMIT replayWindowRequested(path);
}

void RecordingController::browse()
{
    if (!m_engine || m_engine->recordingInfo().path.isEmpty())
        return;
    Q_EMIT replayWindowRequested(m_engine->recordingInfo().path);
}

void RecordingController::saveAs()
{
    if (!m_engine)
        return;
    const QString target = QFileDialog::getSaveFileName(m_window, tr("Save the recording as"),
        defaultExportName(QStringLiteral("recording"), QStringLiteral("paddock-recording")),
        tr("Paddock recordings (*.paddock-recording)"));
    if (target.isEmpty())
        return;
    m_window->statusBar()->showMessage(tr("Saving the recording to %1…").arg(target));
    m_engine->copyRecording(target);
}

void RecordingController::onCopied(const QString& target, const QString& error)
{
    if (!error.isEmpty())
        warnPlainly(m_window, tr("Save recording"), tr("Could not save %1: %2").arg(target, error));
    else
        m_window->statusBar()->showMessage(tr("Recording saved to %1").arg(target), 10000);
}

} // namespace Paddock
