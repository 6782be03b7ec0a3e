#include "engine.h"

#include "engineworker.h"

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
    case State::Stopped:
        return QStringLiteral("stopped");
    }
    return {};
}

Engine::Engine(EngineSettings settings, QObject* parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_history(m_settings.retentionS)
{
    qRegisterMetaType<Paddock::ConnectionState>();
    qRegisterMetaType<Paddock::EngineUpdate>();
    qRegisterMetaType<Paddock::FlushOrder>();
    qRegisterMetaType<Paddock::DeliveryQuery>();
    qRegisterMetaType<QList<Paddock::DeliveryDetailRow>>();

    m_thread.setObjectName(QStringLiteral("paddock-engine"));
    m_worker = new EngineWorker(m_settings);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &EngineWorker::updated, this, [this](const EngineUpdate& update) {
        m_last = update;
        // A reload (a restored database) brings the whole window again: start the series afresh.
        if (update.initial)
            m_history.clear();
        m_history.apply(update.series);
        Q_EMIT updated(update);
    });
    connect(m_worker, &EngineWorker::stateChanged, this, [this](const ConnectionState& state) {
        m_state = state;
        Q_EMIT connectionStateChanged(state);
    });
    connect(m_worker, &EngineWorker::refreshFailed, this, &Engine::refreshFailed);
    connect(m_worker, &EngineWorker::flushDone, this, &Engine::flushDone);
    connect(m_worker, &EngineWorker::deliveriesReady, this, &Engine::deliveriesReady);
    connect(m_worker, &EngineWorker::fullTextReady, this, &Engine::fullTextReady);
    m_thread.start();
}

Engine::~Engine()
{
    QMetaObject::invokeMethod(m_worker, &EngineWorker::stop, Qt::QueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void Engine::start()
{
    QMetaObject::invokeMethod(m_worker, &EngineWorker::start, Qt::QueuedConnection);
}

void Engine::stop()
{
    QMetaObject::invokeMethod(m_worker, &EngineWorker::stop, Qt::QueuedConnection);
}

void Engine::refreshNow()
{
    QMetaObject::invokeMethod(m_worker, &EngineWorker::refreshNow, Qt::QueuedConnection);
}

int Engine::requestFlush(const FlushOrder& order)
{
    const int requestId = ++m_nextRequestId;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, requestId, order] { worker->requestFlush(requestId, order); },
        Qt::QueuedConnection);
    return requestId;
}

int Engine::queryDeliveries(const DeliveryQuery& query)
{
    const int requestId = ++m_nextRequestId;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, requestId, query] { worker->queryDeliveries(requestId, query); },
        Qt::QueuedConnection);
    return requestId;
}

int Engine::queryFullText(qint64 taskId)
{
    const int requestId = ++m_nextRequestId;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, requestId, taskId] { worker->queryFullText(requestId, taskId); },
        Qt::QueuedConnection);
    return requestId;
}

} // namespace Paddock
