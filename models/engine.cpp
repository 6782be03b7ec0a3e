#include "engine.h"

#include "engineworker.h"
#include "logging.h"

namespace Paddock {

QString ConnectionState::stateName() const
{
    switch (state) {
    case State::Idle:
        return QStringLiteral("idle");
    case State::Connecting:
        return QStringLiteral("connecting");
    case State::Connected:
        return QStringLiteral("connected");
    case State::Reconnecting:
        return QStringLiteral("reconnecting");
    case State::NotAnswering:
        return QStringLiteral("not-answering");
    case State::Stopped:
        return QStringLiteral("stopped");
    case State::Replay:
        return QStringLiteral("replay");
    }
    return {};
}

EngineUpdate coalesced(EngineUpdate older, EngineUpdate newer)
{
    newer.prepared.reset();
    // A reload or a recorded state starts its picture afresh: nothing before it is kept.
    if (newer.initial || newer.origin != older.origin)
        return newer;
    older.series.append(newer.series);
    newer.series = std::move(older.series);
    older.newEvents.append(newer.newEvents);
    newer.newEvents = std::move(older.newEvents);
    newer.initial = older.initial;
    newer.rowsRead += older.rowsRead;
    return newer;
}

Engine::Engine(EngineSettings settings, QObject* parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_history(m_settings.retentionS)
{
    qRegisterMetaType<Paddock::ConnectionState>();
    qRegisterMetaType<Paddock::EngineUpdate>();
    qRegisterMetaType<Paddock::FlushOrder>();
    qRegisterMetaType<Paddock::RecordingInfo>();
    qRegisterMetaType<Paddock::DeliveryQuery>();
    qRegisterMetaType<QList<Paddock::DeliveryDetailRow>>();

    if (m_settings.detached)
        return;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("paddock-engine"));
    m_worker = new EngineWorker(m_settings, m_seekGeneration, m_interrupt);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &EngineWorker::updated, this, &Engine::deliver);
    connect(m_worker, &EngineWorker::stateChanged, this, [this](const ConnectionState& state) {
        m_state = state;
        Q_EMIT connectionStateChanged(state);
    });
    connect(m_worker, &EngineWorker::recordingChanged, this, [this](const RecordingInfo& info) {
        m_recordingInfo = info;
        Q_EMIT recordingChanged(info);
    });
    connect(m_worker, &EngineWorker::recordingCopied, this, &Engine::recordingCopied);
    connect(m_worker, &EngineWorker::refreshFailed, this, &Engine::refreshFailed);
    connect(m_worker, &EngineWorker::resynced, this, &Engine::resynced);
    connect(m_worker, &EngineWorker::flushDone, this, &Engine::flushDone);
    connect(m_worker, &EngineWorker::deliveriesReady, this, &Engine::deliveriesReady);
    connect(m_worker, &EngineWorker::fullTextReady, this, &Engine::fullTextReady);
    m_thread->start();
}

Engine::~Engine()
{
    if (!m_worker)
        return;
    // Whatever the database does, the worker's waits end within one slice (50 ms) of this.
    m_interrupt->store(true);
    QMetaObject::invokeMethod(m_worker, &EngineWorker::stop, Qt::QueuedConnection);
    m_thread->quit();
    if (m_thread->wait(QDeadlineTimer(900))) {
        delete m_thread;
        return;
    }
    // Something outside the database holds the thread (a disk that stalls the recorder): let it
    // finish on its own rather than make the window wait. It deletes itself when done.
    Log::get("paddock.engine")->warn("the engine thread did not stop within 900 ms: leaving it to finish on its own");
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
}

void Engine::deliver(const EngineUpdate& update)
{
    m_last = update;
    if (!m_settings.keepHistory) {
        Q_EMIT updated(update);
        if (m_worker)
            QMetaObject::invokeMethod(m_worker, &EngineWorker::updateTaken, Qt::QueuedConnection);
        return;
    }
    // A recorded state replaces the series entirely; a live reload (the first read, a restored
    // database) recounts its window, so only the seconds it covers start afresh.
    if (update.initial && update.origin == EngineUpdate::Origin::Recording)
        m_history.clear();
    else if (update.initial && !update.series.isEmpty())
        m_history.clearFrom(std::min_element(
            update.series.cbegin(), update.series.cend(), [](const SeriesUpdate& a, const SeriesUpdate& b) {
                return a.second < b.second;
            })->second);
    m_history.apply(update.series);
    Q_EMIT updated(update);
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &EngineWorker::updateTaken, Qt::QueuedConnection);
}

void Engine::start()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &EngineWorker::start, Qt::QueuedConnection);
}

void Engine::stop()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &EngineWorker::stop, Qt::QueuedConnection);
}

void Engine::refreshNow()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &EngineWorker::refreshNow, Qt::QueuedConnection);
}

int Engine::requestFlush(const FlushOrder& order)
{
    const int requestId = ++m_nextRequestId;
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, requestId, order] { worker->requestFlush(requestId, order); },
            Qt::QueuedConnection);
    return requestId;
}

int Engine::queryDeliveries(const DeliveryQuery& query)
{
    const int requestId = ++m_nextRequestId;
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, requestId, query] { worker->queryDeliveries(requestId, query); },
            Qt::QueuedConnection);
    return requestId;
}

int Engine::queryFullText(qint64 taskId)
{
    const int requestId = ++m_nextRequestId;
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, requestId, taskId] { worker->queryFullText(requestId, taskId); },
            Qt::QueuedConnection);
    return requestId;
}

void Engine::seek(const QDateTime& at)
{
    const quint64 generation = ++*m_seekGeneration;
    const qint64 atMs = at.isValid() ? at.toMSecsSinceEpoch() : 0;
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, atMs, generation] { worker->seek(atMs, generation); }, Qt::QueuedConnection);
}

int Engine::copyRecording(const QString& target)
{
    const int requestId = ++m_nextRequestId;
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, requestId, target] { worker->copyRecording(requestId, target); },
            Qt::QueuedConnection);
    return requestId;
}

} // namespace Paddock
