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
    older.redisPoints.append(newer.redisPoints);
    newer.redisPoints = std::move(older.redisPoints);
    older.newEvents.append(newer.newEvents);
    newer.newEvents = std::move(older.newEvents);
    older.scheduledRuns.append(newer.scheduledRuns); // by id, the later row wins
    newer.scheduledRuns = std::move(older.scheduledRuns);
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
    connect(m_worker, &EngineWorker::toEngine, this, [this](const EngineCall& call) { call(*this); });
    m_thread->start();
}

Engine::~Engine()
{
    if (!m_worker)
        return;
    // Whatever the database does, the worker's waits end within one slice (50 ms) of this.
    m_interrupt->store(true);
    post([](EngineWorker& worker) { worker.stop(); });
    m_thread->quit();
    if (m_thread->wait(QDeadlineTimer(900))) {
        delete m_thread;
        return;
    }
    // Something outside the database holds the thread (a disk that stalls the recorder): let it
    // finish on its own rather than make the window wait. It deletes itself when done.
    Log::engine()->warn("the engine thread did not stop within 900 ms: leaving it to finish on its own");
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
}

template<typename Call> void Engine::post(Call call)
{
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, call = std::move(call)] { call(*worker); }, Qt::QueuedConnection);
}

template<typename Call> int Engine::request(Call call)
{
    const int requestId = ++m_nextRequestId;
    post([requestId, call = std::move(call)](EngineWorker& worker) { call(worker, requestId); });
    return requestId;
}

void Engine::takeState(const ConnectionState& state)
{
    m_state = state;
    Q_EMIT connectionStateChanged(state);
}

void Engine::takeRecordingInfo(const RecordingInfo& info)
{
    m_recordingInfo = info;
    Q_EMIT recordingChanged(info);
}

void Engine::deliver(const EngineUpdate& update)
{
    m_last = update;
    if (!m_settings.keepHistory) {
        Q_EMIT updated(update);
        if (m_worker)
            post([](EngineWorker& worker) { worker.updateTaken(); });
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
    keepRedisPoints(update);
    keepDatabasePoint(update);
    if (update.initial && update.origin == EngineUpdate::Origin::Recording)
        m_scheduledRuns.clear();
    else if (update.origin == EngineUpdate::Origin::Live)
        m_scheduledRuns.take(update.scheduledRuns, update.snapshot, update.initial, m_settings.retentionS);
    Q_EMIT updated(update);
    post([](EngineWorker& worker) { worker.updateTaken(); });
}

void Engine::keepRedisPoints(const EngineUpdate& update)
{
    if (update.initial && update.origin == EngineUpdate::Origin::Recording)
        m_redisHistory.clear();
    m_redisHistory.append(update.redisPoints);
    if (m_redisHistory.isEmpty())
        return;
    const qint64 oldest = m_redisHistory.constLast().atMs - qint64(m_settings.retentionS) * 1000;
    const auto kept = std::find_if(m_redisHistory.cbegin(), m_redisHistory.cend(),
        [oldest](const RedisPoint& point) { return point.atMs >= oldest; });
    m_redisHistory.erase(m_redisHistory.cbegin(), kept);
}

void Engine::keepDatabasePoint(const EngineUpdate& update)
{
    if (update.initial && update.origin == EngineUpdate::Origin::Recording)
        m_databaseHistory.clear();
    const FarmSnapshot& snapshot = update.snapshot;
    if (!snapshot.database || !snapshot.generatedAt.isValid())
        return;
    const qint64 atMs = snapshot.generatedAt.toMSecsSinceEpoch();
    // A replay moved back in time starts again; the same refresh twice adds nothing.
    if (!m_databaseHistory.isEmpty() && atMs <= m_databaseHistory.constLast().atMs) {
        if (atMs == m_databaseHistory.constLast().atMs)
            return;
        m_databaseHistory.clear();
    }
    m_databaseHistory.append(Database::point(*snapshot.database, atMs));
    const qint64 oldest = atMs - qint64(m_settings.retentionS) * 1000;
    const auto kept = std::find_if(m_databaseHistory.cbegin(), m_databaseHistory.cend(),
        [oldest](const DatabasePoint& point) { return point.atMs >= oldest; });
    m_databaseHistory.erase(m_databaseHistory.cbegin(), kept);
}

void Engine::start()
{
    post([](EngineWorker& worker) { worker.start(); });
}

void Engine::stop()
{
    post([](EngineWorker& worker) { worker.stop(); });
}

void Engine::refreshNow()
{
    post([](EngineWorker& worker) { worker.refreshNow(); });
}

int Engine::requestFlush(const FlushOrder& order)
{
    return request([order](EngineWorker& worker, int requestId) { worker.requestFlush(requestId, order); });
}

int Engine::queryDeliveries(const DeliveryQuery& query)
{
    return request([query](EngineWorker& worker, int requestId) { worker.queryDeliveries(requestId, query); });
}

int Engine::queryFullText(qint64 taskId)
{
    return request([taskId](EngineWorker& worker, int requestId) { worker.queryFullText(requestId, taskId); });
}

void Engine::seek(const QDateTime& at)
{
    const quint64 generation = ++*m_seekGeneration;
    const qint64 atMs = at.isValid() ? at.toMSecsSinceEpoch() : 0;
    post([atMs, generation](EngineWorker& worker) { worker.seek(atMs, generation); });
}

int Engine::copyRecording(const QString& target)
{
    return request([target](EngineWorker& worker, int requestId) { worker.copyRecording(requestId, target); });
}

} // namespace Paddock
