#include "engine.h"
#include "engineworker.h"
#include "logging.h"
#include "recording.h"

// The engine's flight recorder: recording live updates, replaying a recording, copying it.
namespace Paddock {

namespace {

const std::shared_ptr<spdlog::logger>& log()
{
    return Log::engine();
}

// The recorder checks its limits every this many appends: a cheap check, a rare delete.
constexpr int LimitCheckInterval = 30;
constexpr int ReplayCheckMs = 2000;

} // namespace

void EngineWorker::openRecorder()
{
    const QString& path = m_settings.recordingPath;
    if (path.isEmpty())
        return;
    m_recordingInfo = {};
    m_recordingInfo.path = path;
    QString error;
    m_recording = Recording::open(path, Recording::Mode::ReadWrite, &error);
    if (!m_recording) {
        log()->warn("not recording: {}", error.toStdString());
        m_recordingInfo.error = error;
        tell(&Engine::takeRecordingInfo, m_recordingInfo);
        return;
    }
    m_recording->enforceLimits(m_settings.recordingLimits);
    updateRecordingInfo(*m_recording);
    if (!m_settings.preloadRecording)
        return;
    // Until the database answers (and if it never does), the window shows what was recorded.
    QElapsedTimer timer;
    timer.start();
    std::optional<EngineUpdate> recorded
        = m_recording->stateAt({}, m_settings.retentionS, m_settings.recordingEvents, &error);
    if (!recorded) {
        log()->info("nothing to show from the recording yet: {}", error.toStdString());
        return;
    }
    recorded->sequence = ++m_sequence;
    recorded->refreshMs = timer.elapsed();
    log()->info("showing the recording up to {} ({} ms to read)",
        recorded->snapshot.generatedAt.toString(Qt::ISODateWithMs).toStdString(), recorded->refreshMs);
    send(std::move(*recorded));
}

void EngineWorker::record(const EngineUpdate& update)
{
    if (!m_recording)
        return;
    QElapsedTimer timer;
    timer.start();
    QString error;
    const bool ok = m_recording->append(update, &error);
    if (!ok)
        log()->warn("recording update {} failed: {}", update.sequence, error.toStdString());
    else
        log()->debug("recorded update {} in {} ms", update.sequence, timer.elapsed());
    // The window hears of the recorder when its state changes and every few appends, not each time.
    const bool failedBefore = !m_recordingInfo.error.isEmpty();
    m_recordingInfo.error = ok ? QString() : error;
    if (++m_appendsSinceCheck >= LimitCheckInterval || ok == failedBefore) {
        m_appendsSinceCheck = 0;
        m_recording->enforceLimits(m_settings.recordingLimits);
        updateRecordingInfo(*m_recording);
    }
}

void EngineWorker::updateRecordingInfo(const Recording& recording)
{
    RecordingInfo info = recording.info();
    info.writing = recording.mode() == Recording::Mode::ReadWrite && m_recordingInfo.error.isEmpty();
    info.error = m_recordingInfo.error;
    if (info == m_recordingInfo)
        return;
    m_recordingInfo = info;
    tell(&Engine::takeRecordingInfo, m_recordingInfo);
}

void EngineWorker::openReplay()
{
    QString error;
    m_state.target = m_settings.replayPath;
    m_replay = Recording::open(m_settings.replayPath, Recording::Mode::ReadOnly, &error, Recording::Check::Full);
    if (!m_replay) {
        log()->warn("cannot replay: {}", error.toStdString());
        setState(ConnectionState::State::Stopped, error);
        return;
    }
    setState(ConnectionState::State::Replay, QString(QLatin1String("")));
    updateRecordingInfo(*m_replay);
    if (m_seekGeneration->load() == 0) // no seek queued: open at the end
        seek(0, 0);
    m_replayTimer.start(ReplayCheckMs);
}

void EngineWorker::checkReplayGrowth()
{
    if (m_replay)
        updateRecordingInfo(*m_replay);
}

void EngineWorker::seek(qint64 atMs, quint64 generation)
{
    if (!m_replay || generation < m_seekGeneration->load())
        return; // closed, or a later seek is queued behind this one
    QElapsedTimer timer;
    timer.start();
    QString error;
    std::optional<EngineUpdate> update
        = m_replay->stateAt(atMs ? QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC) : QDateTime(), m_settings.retentionS,
            m_settings.recordingEvents, &error);
    if (!update) {
        tell(&Engine::refreshFailed, error);
        return;
    }
    update->sequence = ++m_sequence;
    update->refreshMs = timer.elapsed();
    send(std::move(*update));
}

void EngineWorker::copyRecording(int requestId, const QString& target)
{
    Recording* recording = m_replay ? m_replay.get() : m_recording.get();
    QString error = recording ? QString() : QStringLiteral("there is no recording to copy");
    if (recording)
        recording->copyTo(target, &error);
    tell(&Engine::recordingCopied, requestId, target, error);
}

} // namespace Paddock
