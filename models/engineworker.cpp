#include "engineworker.h"

#include "logging.h"
#include "pgerror.h"
#include "pgtransaction.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSocketNotifier>

namespace Paddock {

namespace {

std::shared_ptr<spdlog::logger> log()
{
    return Log::get("paddock.engine");
}

// The notification gate of schema version 2 (webfarm.notify_changed).
constexpr int NotifyGateMs = 100;

ConnectOptions sessionOptions(const EngineSettings& settings)
{
    ConnectOptions options;
    options.applicationName = QStringLiteral("paddock");
    options.connectTimeoutS = settings.connectTimeoutS;
    options.statementTimeoutMs = settings.statementTimeoutMs;
    options.readOnly = true;
    options.passwordPrompt = settings.passwordPrompt;
    return options;
}

QString describeQueryError(const PgError& error)
{
    if (error.sqlState() == QLatin1String("57014"))
        return QStringLiteral("a query was cancelled after the statement timeout: %1").arg(error.message());
    if (error.sqlState() == QLatin1String("42501"))
        return QStringLiteral("no privilege: %1 (Paddock needs the webfarm_monitor role)").arg(error.message());
    if (error.sqlState() == QLatin1String("42P01") || error.sqlState() == QLatin1String("3F000"))
        return QStringLiteral("schema missing: %1 (run `paddock schema install`)").arg(error.message());
    return error.fullMessage();
}

} // namespace

EngineWorker::EngineWorker(EngineSettings settings)
    : m_settings(std::move(settings))
    , m_reader(m_settings.windowS)
    , m_refreshTimer(this) // parented, so that moveToThread() takes the timers along
    , m_reconnectTimer(this)
{
    m_reader.setFlushHistory(m_settings.flushHistory);
    m_refreshTimer.setSingleShot(true);
    m_reconnectTimer.setSingleShot(true);
    connect(&m_refreshTimer, &QTimer::timeout, this, &EngineWorker::refresh);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &EngineWorker::connectToDatabase);
}

EngineWorker::~EngineWorker() = default;

void EngineWorker::start()
{
    m_stopped = false;
    m_state = {};
    setState(ConnectionState::State::Connecting);
    connectToDatabase();
}

void EngineWorker::stop()
{
    m_stopped = true;
    m_refreshTimer.stop();
    m_reconnectTimer.stop();
    m_notifier.reset();
    m_connection.close();
    setState(ConnectionState::State::Stopped);
}

void EngineWorker::refreshNow()
{
    if (m_connection.isOpen())
        scheduleRefresh(0);
}

void EngineWorker::setState(ConnectionState::State state, const QString& error)
{
    const bool changed = m_state.state != state;
    if (changed
        && !(state == ConnectionState::State::Reconnecting && m_state.state == ConnectionState::State::Reconnecting))
        m_state.since = QDateTime::currentDateTimeUtc();
    m_state.state = state;
    if (!error.isNull())
        m_state.error = error;
    Q_EMIT stateChanged(m_state);
}

void EngineWorker::connectToDatabase()
{
    if (m_stopped)
        return;
    m_notifier.reset();
    try {
        m_connection = PgConnection::open(m_settings.conninfo, sessionOptions(m_settings), m_password);
        if (m_password.isEmpty())
            m_password = m_connection.promptedPassword();
    } catch (const PgError& error) {
        connectionLost(error.message());
        return;
    }
    m_state.target = QStringLiteral("%1@%2:%3/%4")
                         .arg(m_connection.user(), m_connection.host(), m_connection.port(), m_connection.database());
    m_state.notifications = false;
    if (m_settings.useNotifications) {
        try {
            m_connection.exec(QStringLiteral("LISTEN webfarm_changed"));
            m_state.notifications = true;
            m_notifier = std::make_unique<QSocketNotifier>(m_connection.socket(), QSocketNotifier::Read);
            connect(m_notifier.get(), &QSocketNotifier::activated, this, &EngineWorker::onSocketActivated);
        } catch (const PgError& error) {
            // A hot standby cannot LISTEN: polling alone keeps the picture current.
            log()->info("notifications unavailable, polling every {} ms: {}", m_settings.pollIntervalMs,
                error.message().toStdString());
        }
    }
    try {
        m_state.canFlush = roleMayFlush(m_connection);
    } catch (const PgError&) {
        // No schema or no function: the refresh below reports the real problem.
        m_state.canFlush = false;
    }
    log()->info("connected to {}{}", m_state.target.toStdString(), m_state.notifications ? " with notifications" : "");
    m_state.attempt = 0;
    m_state.retryInMs = 0;
    setState(ConnectionState::State::Connected, QString(QLatin1String("")));
    // Writes of the last 100 ms may have found the notification gate closed by a notification
    // sent before we listened: the trailing read after this one covers them.
    m_trailingRefreshDue = m_state.notifications;
    // With the watermark kept across the loss, this first read is the backfill of the gap.
    refresh();
}

void EngineWorker::connectionLost(const QString& error)
{
    m_refreshTimer.stop();
    m_notifier.reset();
    m_connection.close();
    ++m_state.attempt;
    const int exponent = std::min(m_state.attempt - 1, 16);
    const qint64 base = std::min<qint64>(qint64(m_settings.initialBackoffMs) << exponent, m_settings.maxBackoffMs);
    // Up to 20% jitter so that many dashboards do not reconnect in step after a restart.
    m_state.retryInMs = int(base + QRandomGenerator::global()->bounded(int(base / 5) + 1));
    log()->warn(
        "connection lost or refused ({}); retry {} in {} ms", error.toStdString(), m_state.attempt, m_state.retryInMs);
    setState(ConnectionState::State::Reconnecting, error);
    m_reconnectTimer.start(m_state.retryInMs);
}

void EngineWorker::scheduleRefresh(int delayMs)
{
    if (m_refreshTimer.isActive() && m_refreshTimer.remainingTime() <= delayMs)
        return;
    m_refreshTimer.start(std::max(0, delayMs));
}

void EngineWorker::onSocketActivated()
{
    QStringList channels;
    try {
        channels = m_connection.takeNotifications();
    } catch (const PgError& error) {
        connectionLost(error.message());
        return;
    }
    log()->trace("socket readable, {} notifications", channels.size());
    if (channels.isEmpty() || m_stopped)
        return;
    // The schema notifies at most every 100 ms, so a write just after a notified one is silent:
    // one more read shortly after this one catches it (the trailing edge).
    m_trailingRefreshDue = true;
    // Coalesce: a busy farm wakes us often, but refreshes stay at least minRefreshIntervalMs apart.
    const qint64 since
        = m_lastRefreshEnd.isValid() ? m_lastRefreshEnd.msecsTo(QDateTime::currentDateTimeUtc()) : 1 << 30;
    scheduleRefresh(int(std::max<qint64>(0, m_settings.minRefreshIntervalMs - since)));
}

void EngineWorker::refresh()
{
    if (m_stopped || !m_connection.isOpen())
        return;
    QElapsedTimer timer;
    timer.start();
    EngineUpdate update;
    try {
        const ReadDelta delta = m_reader.refresh(m_connection);
        const FarmData& data = m_reader.data();
        update.sequence = ++m_sequence;
        update.snapshot = Figures::compute(data, m_reader.window(), m_settings.thresholds);
        update.latestProbes = data.latestProbes;
        update.newEvents = delta.events;
        for (const ServerRow& server : data.servers)
            update.serverNames.insert(server.id, server.name);
        update.series = FarmHistory::updatesFor(delta, data);
        update.initial = delta.initial;
        update.rowsRead = delta.deliveries.size() + delta.tasks.size() + delta.heartbeats.size() + delta.probes.size()
            + delta.events.size();
    } catch (const PgError& error) {
        if (error.isConnectionError() || !m_connection.isOpen()) {
            connectionLost(error.message());
            return;
        }
        const QString message = describeQueryError(error);
        log()->warn("refresh failed: {}", message.toStdString());
        m_state.error = message;
        Q_EMIT refreshFailed(message);
        m_lastRefreshEnd = QDateTime::currentDateTimeUtc();
        scheduleRefresh(m_settings.pollIntervalMs);
        return;
    }
    update.refreshMs = timer.elapsed();
    m_lastRefreshEnd = QDateTime::currentDateTimeUtc();
    m_state.lastDataAt = m_lastRefreshEnd;
    if (!m_state.error.isEmpty()) {
        m_state.error.clear();
        Q_EMIT stateChanged(m_state);
    }
    Q_EMIT updated(update);

    // Notifications that arrived during the read may describe commits after its snapshot.
    try {
        if (!m_connection.takeNotifications().isEmpty()) {
            scheduleRefresh(m_settings.minRefreshIntervalMs);
            return;
        }
    } catch (const PgError& error) {
        connectionLost(error.message());
        return;
    }
    if (m_trailingRefreshDue) {
        m_trailingRefreshDue = false;
        scheduleRefresh(std::max(m_settings.minRefreshIntervalMs, NotifyGateMs + 50));
        return;
    }
    // The next poll is scheduled when this one finished: polls never overlap.
    scheduleRefresh(m_settings.pollIntervalMs);
}

void EngineWorker::requestFlush(int requestId, const FlushOrder& order)
{
    ConnectOptions options = sessionOptions(m_settings);
    options.readOnly = false;
    options.targetSessionAttrs = QStringLiteral("read-write"); // flushes go to the primary
    try {
        PgConnection connection = PgConnection::open(m_settings.conninfo, options, m_password);
        QVariantList ids;
        for (qint64 id : order.serverIds)
            ids.append(id);
        const PgResult result
            = connection.exec(QStringLiteral("SELECT webfarm.request_cache_flush($1, $2::bigint[], $3::text[], $4)"),
                { order.scope, order.scope == QLatin1String("servers") ? QVariant(ids) : QVariant(),
                    order.scope == QLatin1String("keys") ? QVariant(order.cacheKeys) : QVariant(),
                    order.reason.isEmpty() ? QVariant() : QVariant(order.reason) });
        const qint64 flushId = result.integer(0, 0).value_or(0);
        log()->info(
            "flush {} requested ({}, reason: {})", flushId, order.scope.toStdString(), order.reason.toStdString());
        Q_EMIT flushDone(requestId, flushId, QString(), false);
        scheduleRefresh(0);
    } catch (const PgError& error) {
        QString message = error.fullMessage();
        if (error.sqlState() == QLatin1String("42501"))
            message = QStringLiteral("not allowed to flush: the connecting role needs webfarm_operator (%1)")
                          .arg(error.message());
        log()->warn("flush failed: {}", message.toStdString());
        Q_EMIT flushDone(requestId, 0, message, error.isConnectionError());
    }
}

void EngineWorker::queryDeliveries(int requestId, const DeliveryQuery& query)
{
    if (!m_connection.isOpen()) {
        Q_EMIT deliveriesReady(requestId, {}, 0, QStringLiteral("not connected"));
        return;
    }
    try {
        // One snapshot for the page and its count, so that they agree.
        PgTransaction transaction(m_connection, PgTransaction::Mode::RepeatableReadOnly);
        const PgResult page = m_connection.exec(query.sql(), query.params());
        const PgResult count = m_connection.exec(query.countSql(), query.countParams());
        transaction.commit();
        Q_EMIT deliveriesReady(requestId, DeliveryQuery::fromResult(page), count.integer(0, 0).value_or(0), QString());
    } catch (const PgError& error) {
        Q_EMIT deliveriesReady(requestId, {}, 0, describeQueryError(error));
        if (error.isConnectionError())
            connectionLost(error.message());
    }
}

void EngineWorker::queryFullText(int requestId, qint64 taskId)
{
    if (!m_connection.isOpen()) {
        Q_EMIT fullTextReady(requestId, taskId, QString(), QStringLiteral("not connected"));
        return;
    }
    try {
        const PgResult result = m_connection.exec(DeliveryQuery::fullTextSql(), { taskId });
        Q_EMIT fullTextReady(requestId, taskId, result.text(0, 0), QString());
    } catch (const PgError& error) {
        Q_EMIT fullTextReady(requestId, taskId, QString(), describeQueryError(error));
        if (error.isConnectionError())
            connectionLost(error.message());
    }
}

} // namespace Paddock
