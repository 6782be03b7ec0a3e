#include "engineworker.h"

#include "engine.h"
#include "logging.h"
#include "pgerror.h"
#include "preparedview.h"
#include "recording.h" // m_recording and m_replay are destroyed here

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSocketNotifier>

namespace Paddock {

namespace {

const std::shared_ptr<spdlog::logger>& log()
{
    return Log::engine();
}

// The notification gate of schema version 2 (webfarm.notify_changed).
constexpr int NotifyGateMs = 100;

// Two failed reads in a row on a live session start a clean reload of the window.
constexpr int FailedReadsBeforeResync = 2;
// Notified reads in a row that find nothing before notifications wait for the poll's pace.
constexpr int IdleNotifiedReadsBeforeDistrust = 2;
// Polls in a row that find writes no notification announced before LISTEN is renewed.
constexpr int SilentWritesBeforeRelisten = 2;

} // namespace

EngineWorker::EngineWorker(
    EngineSettings settings, std::shared_ptr<std::atomic<quint64>> seekGeneration, PgInterrupt interrupt)
    : m_settings(std::move(settings))
    , m_reader(m_settings.windowS)
    , m_refreshTimer(this) // parented, so that moveToThread() takes the timers along
    , m_reconnectTimer(this)
    , m_replayTimer(this)
    , m_seekGeneration(std::move(seekGeneration))
    , m_interrupt(std::move(interrupt))
{
    m_reader.setFlushHistory(m_settings.flushHistory);
    m_refreshTimer.setSingleShot(true);
    m_reconnectTimer.setSingleShot(true);
    connect(&m_refreshTimer, &QTimer::timeout, this, &EngineWorker::refresh);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &EngineWorker::connectToDatabase);
    connect(&m_replayTimer, &QTimer::timeout, this, &EngineWorker::checkReplayGrowth);
}

EngineWorker::~EngineWorker() = default;

ConnectOptions EngineWorker::sessionOptions(const EngineSettings& settings, const PgInterrupt& interrupt)
{
    ConnectOptions options;
    options.applicationName = QStringLiteral("paddock");
    options.connectTimeoutS = settings.connectTimeoutS;
    options.statementTimeoutMs = settings.statementTimeoutMs;
    options.deadlineMs = settings.deadlineMs();
    options.readOnly = true;
    options.interrupt = interrupt;
    if (settings.passwordPrompt) {
        options.passwordPrompt
            = [prompt = settings.passwordPrompt, interrupt](const QString& text) { return prompt(text, interrupt); };
    }
    return options;
}

QString EngineWorker::describeQueryError(const PgError& error)
{
    if (error.sqlState() == QLatin1String("57014"))
        return QStringLiteral("a query was cancelled after the statement timeout: %1").arg(error.message());
    if (error.sqlState() == QLatin1String("42501"))
        return QStringLiteral("no privilege: %1 (Paddock needs the webfarm_monitor role)").arg(error.message());
    if (error.sqlState() == QLatin1String("42P01") || error.sqlState() == QLatin1String("3F000"))
        return QStringLiteral("schema missing: %1 (run `paddock schema install`)").arg(error.message());
    return error.fullMessage();
}

void EngineWorker::start()
{
    m_stopped = false;
    m_state = {};
    if (!m_settings.replayPath.isEmpty()) {
        openReplay();
        return;
    }
    setState(ConnectionState::State::Connecting);
    openRecorder();
    startRedis();
    connectToDatabase();
}

void EngineWorker::stop()
{
    m_stopped = true;
    m_refreshTimer.stop();
    m_reconnectTimer.stop();
    m_replayTimer.stop();
    m_notifier.reset();
    m_redis.reset();
    m_connection.close();
    // Closed here, on the thread that opened them (a Qt Sql connection belongs to its thread).
    m_recording.reset();
    m_replay.reset();
    setState(ConnectionState::State::Stopped);
}

void EngineWorker::refreshNow()
{
    if (m_replay)
        checkReplayGrowth();
    else if (m_connection.isOpen())
        scheduleRefresh(0);
}

void EngineWorker::setState(ConnectionState::State state, const QString& error, const QDateTime& since)
{
    const bool changed = m_state.state != state;
    // A loss keeps the moment the database was last heard from, however its kind changes.
    const bool stillLost = m_state.isLost()
        && (state == ConnectionState::State::Reconnecting || state == ConnectionState::State::NotAnswering);
    if (changed && !stillLost)
        m_state.since = since.isValid() ? since : QDateTime::currentDateTimeUtc();
    m_state.state = state;
    if (!error.isNull())
        m_state.error = error;
    // The recording remembers when the database was lost and when it came back.
    if (changed && m_recording && (state == ConnectionState::State::Connected || m_state.isLost())) {
        QString failure;
        if (!m_recording->appendConnection(m_state, &failure))
            log()->warn("could not record the connection state: {}", failure.toStdString());
    }
    tell(&Engine::takeState, m_state);
}

void EngineWorker::send(EngineUpdate update)
{
    // Folded into the next while the window is still taking the last (UpdateMailbox).
    if (std::optional<EngineUpdate> now = m_mailbox.offer(std::move(update)))
        handOver(std::move(*now));
}

void EngineWorker::updateTaken()
{
    if (std::optional<EngineUpdate> next = m_mailbox.taken())
        handOver(std::move(*next));
}

void EngineWorker::handOver(EngineUpdate update)
{
    update.prepared = PreparedView::of(update);
    tell(&Engine::deliver, update);
    m_mailbox.sent(std::move(update));
}

void EngineWorker::connectToDatabase()
{
    if (m_stopped)
        return;
    m_notifier.reset();
    try {
        m_connection = PgConnection::open(m_settings.readFrom(), sessionOptions(m_settings, m_interrupt), m_password);
        if (m_password.isEmpty())
            m_password = m_connection.promptedPassword();
    } catch (const PgError& error) {
        if (error.isInterrupted())
            return;
        if (error.isNoAnswer()) {
            connectionLost(error.message(), Loss::NotAnswering);
            return;
        }
        // Down or unreachable is worth trying again soon; a refusal (password, database) is not.
        const QString& message = error.message();
        const bool unreachable = message.startsWith(QLatin1String("connection refused"))
            || message.startsWith(QLatin1String("connection timed out"))
            || message.contains(QLatin1String("shutting down")) || message.contains(QLatin1String("starting up"))
            || message.contains(QLatin1String("recovery mode"));
        connectionLost(message, unreachable ? Loss::Unreachable : Loss::Refused);
        return;
    }
    m_state.target = QStringLiteral("%1@%2:%3/%4")
                         .arg(m_connection.user(), m_connection.host(), m_connection.port(), m_connection.database());
    try {
        checkCluster();
        m_state.notifications = false;
        if (m_settings.useNotifications) {
            try {
                m_connection.exec(QStringLiteral("LISTEN webfarm_changed"));
                m_state.notifications = true;
                m_lastNotificationAt = QDateTime::currentDateTimeUtc();
                m_silentWrites = 0;
                m_notifier = std::make_unique<QSocketNotifier>(m_connection.socket(), QSocketNotifier::Read);
                connect(m_notifier.get(), &QSocketNotifier::activated, this, &EngineWorker::onSocketActivated);
            } catch (const PgError& error) {
                if (error.isConnectionError())
                    throw;
                // A hot standby cannot LISTEN: polling alone keeps the picture current.
                log()->info("notifications unavailable, polling every {} ms: {}", m_settings.pollIntervalMs,
                    error.message().toStdString());
            }
        }
        try {
            m_state.canFlush = roleMayFlush(m_connection);
        } catch (const PgError& error) {
            if (error.isConnectionError())
                throw;
            // No schema or no function: the refresh below reports the real problem.
            m_state.canFlush = false;
        }
    } catch (const PgError& error) {
        sessionFailed(error);
        return;
    }
    log()->info("connected to {}{}", m_state.target.toStdString(), m_state.notifications ? " with notifications" : "");
    m_state.attempt = 0;
    m_state.retryInMs = 0;
    setState(ConnectionState::State::Connected, QString(QLatin1String("")));
    // Writes of the last 100 ms may have found the notification gate closed by a notification
    // sent before we listened: the trailing read after this one covers them.
    m_trailingRefreshDue = m_state.notifications;
    // Away longer than the window: nothing of the gap would be shown, so reload the window rather
    // than read every row committed meanwhile (a laptop that slept for hours).
    if (m_reader.hasWatermark() && m_lastRefreshEnd.isValid()
        && m_lastRefreshEnd.secsTo(QDateTime::currentDateTimeUtc()) > m_reader.window())
        resync(QStringLiteral("the last read was %1 s ago, longer than the %2 s window: reloading the window; the "
                              "per-second history of the gap is not backfilled")
                   .arg(m_lastRefreshEnd.secsTo(QDateTime::currentDateTimeUtc()))
                   .arg(m_reader.window()));
    // With the watermark kept across the loss, this first read is the backfill of the gap.
    refresh();
}

void EngineWorker::checkCluster()
{
    // The cluster's identity: a failover or a restore under the same address has another system
    // identifier or timeline, and its transaction ids say nothing about ours.
    QString identity;
    try {
        const PgResult result = m_connection.exec(QStringLiteral(
            "SELECT s.system_identifier::text || '/' || c.timeline_id::text FROM pg_catalog.pg_control_system() s, "
            "pg_catalog.pg_control_checkpoint() c"));
        identity = result.scalar();
    } catch (const PgError& error) {
        if (error.isConnectionError())
            throw;
        log()->debug("cluster identity unavailable ({}): relying on transaction ids", error.message().toStdString());
        return;
    }
    if (!m_clusterIdentity.isEmpty() && identity != m_clusterIdentity && m_reader.hasWatermark())
        resync(QStringLiteral("the database is another cluster or timeline now (%1, was %2): reloading the window")
                   .arg(identity, m_clusterIdentity));
    m_clusterIdentity = identity;
}

void EngineWorker::resync(const QString& reason)
{
    log()->warn("resync: {}", reason.toStdString());
    m_reader.reset();
    m_failedReads = 0;
    tell(&Engine::resynced, reason);
}

void EngineWorker::sessionFailed(const PgError& error)
{
    if (error.isInterrupted())
        return;
    if (error.isNoAnswer())
        connectionLost(error.message(), Loss::NotAnswering);
    else
        connectionLost(error.message());
}

void EngineWorker::connectionLost(const QString& error, Loss loss)
{
    m_refreshTimer.stop();
    m_notifier.reset();
    m_connection.close();
    ++m_state.attempt;
    const int exponent = std::min(m_state.attempt - 1, 16);
    // A database that does not answer has cost a whole deadline already: try again at once. One
    // that is down is tried every second at most; a refusal backs off further.
    const qint64 cap = loss == Loss::Refused ? m_settings.maxBackoffMs
        : loss == Loss::NotAnswering         ? m_settings.initialBackoffMs
                                             : std::min(m_settings.unreachableBackoffMs, m_settings.maxBackoffMs);
    const qint64 base = std::min<qint64>(qint64(m_settings.initialBackoffMs) << exponent, cap);
    // Up to 20% jitter so that many dashboards do not reconnect in step after a restart.
    m_state.retryInMs = int(base + QRandomGenerator::global()->bounded(int(base / 5) + 1));
    log()->warn(
        "connection lost or refused ({}); retry {} in {} ms", error.toStdString(), m_state.attempt, m_state.retryInMs);
    // Lost since the last answer: the round trip that failed began after it.
    setState(loss == Loss::NotAnswering ? ConnectionState::State::NotAnswering : ConnectionState::State::Reconnecting,
        error, m_lastRefreshEnd);
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
    m_lastNotificationAt = QDateTime::currentDateTimeUtc();
    m_relistened = false;
    // The schema notifies at most every 100 ms, so a write just after a notified one is silent:
    // one more read shortly after this one catches it (the trailing edge).
    m_trailingRefreshDue = true;
    // Coalesce: a busy farm wakes us often, but refreshes stay at least minRefreshIntervalMs apart
    // (the poll interval while notifications keep announcing nothing).
    m_notifiedRead = true;
    scheduleRefresh(notifiedDelayMs());
}

int EngineWorker::notifiedDelayMs() const
{
    const int spacing = m_idleNotifiedReads >= IdleNotifiedReadsBeforeDistrust
        ? std::max(m_settings.minRefreshIntervalMs, m_settings.pollIntervalMs)
        : m_settings.minRefreshIntervalMs;
    const qint64 since
        = m_lastRefreshEnd.isValid() ? m_lastRefreshEnd.msecsTo(QDateTime::currentDateTimeUtc()) : 1 << 30;
    return int(std::max<qint64>(0, spacing - since));
}

EngineUpdate EngineWorker::readUpdate(qint64* tasksRead)
{
    const ReadDelta delta = m_reader.refresh(m_connection);
    const FarmData& data = m_reader.data();
    EngineUpdate update;
    update.sequence = ++m_sequence;
    update.snapshot = Figures::compute(data, m_reader.window(), m_settings.thresholds);
    addRedis(update);
    noteDatabaseBlindSpots(update.snapshot);
    update.latestProbes = data.latestProbes;
    update.newEvents = delta.events;
    for (const ServerRow& server : data.servers)
        update.serverNames.insert(server.id, server.name);
    update.series = FarmHistory::updatesFor(delta, data);
    update.scheduledRuns = data.scheduledRuns;
    update.initial = delta.initial;
    update.rowsRead = delta.deliveries.size() + delta.tasks.size() + delta.heartbeats.size() + delta.probes.size()
        + delta.events.size();
    *tasksRead = delta.tasks.size();
    return update;
}

void EngineWorker::noteDatabaseBlindSpots(const FarmSnapshot& snapshot)
{
    // Said once per connection: the window shows it on the Database tab all along.
    if (!snapshot.database || m_databaseBlindSpotsLogged)
        return;
    for (const QString& blindSpot : snapshot.database->cannotSee)
        Log::engine()->warn("database: cannot see {}", blindSpot.toStdString());
    m_databaseBlindSpotsLogged = true;
}

void EngineWorker::readFailed(const PgError& error)
{
    const QString message = describeQueryError(error);
    log()->warn("refresh failed: {}", message.toStdString());
    m_state.error = message;
    tell(&Engine::refreshFailed, message);
    // Retrying the same incremental read forever helps nobody: the second failure in a row
    // reloads the window from scratch.
    if (++m_failedReads >= FailedReadsBeforeResync && m_reader.hasWatermark())
        resync(QStringLiteral("%1 reads in a row failed (%2): reloading the window").arg(m_failedReads).arg(message));
    m_lastRefreshEnd = QDateTime::currentDateTimeUtc();
    scheduleRefresh(m_settings.pollIntervalMs);
}

void EngineWorker::noteNotifiedRead(qint64 rowsRead)
{
    // A read that finds rows earns back trust one step at a time: a flood mixed with a few real
    // writes (an instance's heartbeat every other second) stays at the poll's pace.
    const bool distrusted = m_idleNotifiedReads >= IdleNotifiedReadsBeforeDistrust;
    if (rowsRead > 0)
        m_idleNotifiedReads = std::max(0, m_idleNotifiedReads - 1);
    else
        m_idleNotifiedReads = std::min(IdleNotifiedReadsBeforeDistrust + 1, m_idleNotifiedReads + 1);
    if (distrusted == (m_idleNotifiedReads >= IdleNotifiedReadsBeforeDistrust))
        return;
    if (distrusted)
        log()->info("notified reads find rows again: notifications are followed at once");
    else
        log()->info(
            "notifications announce nothing new: reads follow them at most every {} ms", m_settings.pollIntervalMs);
}

void EngineWorker::refresh()
{
    if (m_stopped || !m_connection.isOpen())
        return;
    QElapsedTimer timer;
    timer.start();
    const QDateTime started = QDateTime::currentDateTimeUtc();
    const bool notified = std::exchange(m_notifiedRead, false);
    EngineUpdate update;
    qint64 tasksRead = 0;
    try {
        update = readUpdate(&tasksRead);
    } catch (const PgError& error) {
        if (error.isConnectionError() || !m_connection.isOpen())
            sessionFailed(error);
        else
            readFailed(error);
        return;
    }
    m_failedReads = 0;
    update.refreshMs = timer.elapsed();
    m_lastRefreshEnd = QDateTime::currentDateTimeUtc();
    m_state.lastDataAt = m_lastRefreshEnd;
    if (!m_state.error.isEmpty()) {
        m_state.error.clear();
        tell(&Engine::takeState, m_state);
    }
    send(update); // a copy: shares the update's lists
    // After handing the update over: the window never waits for the disk.
    record(update);
    if (notified && !update.initial)
        noteNotifiedRead(update.rowsRead);
    // Notifications that arrived during the read may describe commits after its snapshot.
    try {
        if (!m_connection.takeNotifications().isEmpty()) {
            m_lastNotificationAt = QDateTime::currentDateTimeUtc();
            m_notifiedRead = true;
            scheduleRefresh(std::max(m_settings.minRefreshIntervalMs, notifiedDelayMs()));
            return;
        }
        // A task alone (no other instance to deliver it to) fires no notification.
        if (!update.initial)
            noteNotificationHealth(update.rowsRead - tasksRead, started);
    } catch (const PgError& error) {
        sessionFailed(error);
        return;
    }
    if (m_trailingRefreshDue && m_idleNotifiedReads < IdleNotifiedReadsBeforeDistrust) {
        m_trailingRefreshDue = false;
        scheduleRefresh(std::max(m_settings.minRefreshIntervalMs, NotifyGateMs + 50));
        return;
    }
    m_trailingRefreshDue = false;
    // The next poll is scheduled when this one finished: polls never overlap.
    scheduleRefresh(m_settings.pollIntervalMs);
}

void EngineWorker::noteNotificationHealth(qint64 rowsRead, const QDateTime& started)
{
    if (!m_state.notifications || !m_connection.isOpen())
        return;
    // The gate closes for 100 ms after each notification: a write found by a poll when nothing was
    // announced for two poll intervals means notifications stopped (a lost gate row, a dropped LISTEN).
    const bool quiet = !m_lastNotificationAt.isValid()
        || m_lastNotificationAt.msecsTo(started) > 2 * m_settings.pollIntervalMs + NotifyGateMs;
    if (rowsRead == 0 || !quiet) {
        if (!quiet)
            m_silentWrites = 0;
        return;
    }
    if (++m_silentWrites < SilentWritesBeforeRelisten)
        return;
    m_silentWrites = 0;
    if (m_relistened) {
        // Listening again did not help: the schema's gate is not notifying. Say so; polling goes on.
        log()->warn("writes keep arriving without notifications: polling every {} ms", m_settings.pollIntervalMs);
        m_state.notifications = false;
        m_notifier.reset();
        tell(&Engine::takeState, m_state);
        return;
    }
    log()->warn("writes arrived without a notification for {} ms: listening again",
        m_lastNotificationAt.isValid() ? m_lastNotificationAt.msecsTo(started) : -1);
    m_relistened = true;
    m_connection.exec(QStringLiteral("UNLISTEN *"));
    m_connection.exec(QStringLiteral("LISTEN webfarm_changed"));
    m_lastNotificationAt = QDateTime::currentDateTimeUtc();
}

} // namespace Paddock
