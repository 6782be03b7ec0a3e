#include "siminstance.h"

#include "logging.h"
#include "pgerror.h"
#include "simconfig.h"
#include "simoutcomes.h"
#include "simstats.h"
#include "stopflag.h"

#include <algorithm>
#include <cmath>
#include <QDateTime>
#include <QElapsedTimer>

namespace Paddock {

namespace {

constexpr int BatchLimit = 200;
// A batch ends after about this much work, so that a big backlog is fetched afresh.
constexpr auto BatchWork = std::chrono::seconds(1);
constexpr int MaxTasksAtOnce = 100;
constexpr double ProbeIntervalS = 5.0;
constexpr double ProcessingSigma = 0.9;
constexpr double DeliveryErrorRate = 0.003;
constexpr double ProbeErrorRate = 0.004;
// With --redis, the requests look their keys up this often, for at most the budget each time.
constexpr auto RequestInterval = std::chrono::milliseconds(100);
constexpr auto RequestBudget = std::chrono::milliseconds(250);

std::string str(const QString& text)
{
    return text.toStdString();
}

QVariant nullable(const QString& text)
{
    return text.isNull() ? QVariant() : QVariant(text);
}

std::chrono::steady_clock::duration seconds(double s)
{
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(s));
}

} // namespace

SimInstance::SimInstance(InstanceSpec spec, const SimContext& context)
    : m_spec(std::move(spec))
    , m_context(context)
    , m_name(str(m_spec.processName()))
    , m_log(Log::sim())
    , m_tasks(context.plan->seedFor(m_spec.processName(), "tasks"), context.plan->storageNames())
    , m_arrivals(context.plan->seedFor(m_spec.processName(), "arrivals"))
    , m_random(context.plan->seedFor(m_spec.processName(), "work"))
    , m_cache(context.plan->seedFor(m_spec.processName(), "cache"))
    , m_wakeTimes(context.plan->faults().wakeTimes(m_spec.name))
    , m_leaveAt(context.plan->faults().leaveAt(m_spec.name))
    , m_restarts(context.plan->faults().restarts(m_spec.name))
    , m_scheduler(makeScheduler())
    , m_crashAt(context.plan->faults().crashAt(m_spec.name))
{
    if (context.config->redis) {
        m_redis = std::make_unique<RedisCache>(*context.config->redis, m_spec.name, context.redisChannel,
            context.plan->seedFor(m_spec.processName(), "redis"));
        m_redisDropAt = context.plan->faults().redisDropAt(m_spec.name);
    }
}

SimInstance::~SimInstance()
{
    join();
}

void SimInstance::start()
{
    m_thread = std::thread([this] {
        try {
            run();
        } catch (const std::exception& error) {
            fail(QStringLiteral("unexpected error: %1").arg(QString::fromUtf8(error.what())));
        }
    });
}

void SimInstance::join()
{
    if (m_thread.joinable())
        m_thread.join();
}

QString SimInstance::failure() const
{
    std::lock_guard lock(m_failureMutex);
    return m_failure;
}

QString SimInstance::stateName(State state)
{
    switch (state) {
    case State::Starting:
        return QStringLiteral("starting");
    case State::Running:
        return QStringLiteral("running");
    case State::Silent:
        return QStringLiteral("silent");
    case State::Disconnected:
        return QStringLiteral("disconnected");
    case State::Stopped:
        return QStringLiteral("stopped");
    case State::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

void SimInstance::setState(State state)
{
    m_state.store(state);
    const bool creating = state == State::Running;
    if (creating != m_creating) {
        m_creating = creating;
        m_context.stats->creators.fetch_add(creating ? 1 : -1);
    }
}

void SimInstance::fail(const QString& message)
{
    {
        std::lock_guard lock(m_failureMutex);
        m_failure = message;
    }
    m_log->error("{}: {}", m_name, str(message));
    setState(State::Failed);
    m_connection.close();
    if (m_context.onFatal)
        m_context.onFatal();
}

double SimInstance::simTime(Clock::time_point time) const
{
    return std::chrono::duration<double>(time - m_context.start).count();
}

SimInstance::Clock::time_point SimInstance::timeAt(double t) const
{
    return m_context.start + seconds(t);
}

void SimInstance::run()
{
    if (!connect())
        return setState(State::Stopped);
    if (!registerServer()) {
        if (state() != State::Failed)
            setState(State::Stopped);
        return;
    }
    registerStorages();
    m_scheduler->start(m_serverId, Clock::now());
    loop();
    if (state() != State::Stopped && state() != State::Failed) {
        stopServer();
        setState(State::Stopped);
    }
    m_connection.close();
    m_side.close();
    if (m_redis)
        m_redis->drop(); // a stopped process holds no connection
}

bool SimInstance::connect()
{
    const ConnectOptions options = connectOptions();
    const auto lostAt = Clock::now();
    double delay = 0.5;
    for (int attempt = 1;; ++attempt) {
        if (m_context.stop->isRequested())
            return false;
        try {
            m_connection = PgConnection::open(m_context.config->connect, options);
            if (attempt > 1 || m_serverId != 0) {
                const double outage = std::chrono::duration<double>(Clock::now() - lostAt).count();
                m_log->info("{}: connected again after {:.1f} s ({} attempts)", m_name, outage, attempt);
                if (m_serverId != 0)
                    announceReconnect(outage);
            }
            return true;
        } catch (const PgError& error) {
            m_log->warn("{}: cannot connect ({}); next attempt in {} s", m_name, str(error.message()), delay);
        }
        if (m_context.stop->waitUntil(Clock::now() + seconds(delay)))
            return false;
        delay = std::min(delay * 2, 10.0);
    }
}

SimInstance::Outcome SimInstance::call(
    const char* what, const QString& sql, const QVariantList& params, PgResult* result)
{
    try {
        QElapsedTimer timer;
        timer.start();
        PgResult answer = m_connection.exec(sql, params);
        m_context.stats->noteCall(timer.nsecsElapsed() / 1000);
        if (result)
            *result = answer;
        return Outcome::Ok;
    } catch (const PgError& error) {
        return callFailed(what, error);
    }
}

SimInstance::Outcome SimInstance::callFailed(const char* what, const PgError& error)
{
    m_lastError = error.fullMessage();
    m_lastSqlState = error.sqlState();
    // A terminated backend (57P01) reports its own SQLSTATE, but the connection is gone all the same.
    if (!error.isConnectionError() && m_connection.isOpen()) {
        m_log->warn("{}: {} failed: {}", m_name, what, str(m_lastError));
        return Outcome::Error;
    }
    m_log->warn("{}: connection lost during {}: {}", m_name, what, str(m_lastError));
    m_connection.close();
    const State before = state();
    setState(State::Disconnected);
    if (connect())
        setState(before == State::Disconnected ? State::Running : before);
    return Outcome::ConnectionLost;
}

bool SimInstance::registerServer()
{
    for (;;) {
        PgResult result;
        const Outcome outcome
            = call("register_server", QStringLiteral("SELECT webfarm.register_server($1, $2, $3, $4, $5)"),
                { m_spec.name, m_spec.displayName, m_spec.host, m_spec.zone, m_spec.version }, &result);
        if (outcome == Outcome::Ok) {
            m_serverId = result.integer(0, 0).value_or(0);
            m_log->info("{}: registered as server {} in {} (t={:.1f}s)", m_name, m_serverId, str(m_spec.zone),
                simTime(Clock::now()));
            return true;
        }
        if (m_context.stop->isRequested())
            return false;
        if (outcome == Outcome::Error) {
            QString message = QStringLiteral("cannot register: %1").arg(m_lastError);
            if (m_lastSqlState == QLatin1String("42883") || m_lastSqlState == QLatin1String("3F000"))
                message += QStringLiteral(" (is the webfarm schema installed? `paddock schema install`)");
            else if (m_lastSqlState == QLatin1String("42501"))
                message += QStringLiteral(" (the role needs webfarm_instance)");
            fail(message);
            return false;
        }
    }
}

void SimInstance::registerStorages()
{
    for (const StorageSpec& storage : m_context.plan->storages()) {
        call("register_storage", QStringLiteral("SELECT webfarm.register_storage($1, $2, $3)"),
            { storage.name, storage.kind, storage.location });
    }
}

void SimInstance::announceReconnect(double outageS)
{
    // Not through call(): a connection that drops again right away must not recurse into connect().
    try {
        m_connection.exec(QStringLiteral("SELECT webfarm.log_event($1, $2, $3)"),
            { m_serverId, QStringLiteral("INFO"),
                QStringLiteral("database connection restored after %1 s").arg(outageS, 0, 'f', 1) });
    } catch (const PgError& error) {
        m_log->warn("{}: log_event failed: {}", m_name, str(error.fullMessage()));
    }
}

void SimInstance::logEvent(const QString& code, const QString& message)
{
    call("log_event", QStringLiteral("SELECT webfarm.log_event($1, $2, $3)"), { m_serverId, code, message });
}

void SimInstance::stopServer()
{
    if (m_serverId == 0)
        return;
    if (!m_connection.isOpen()) {
        // One attempt without back-off: the farm is stopping.
        try {
            ConnectOptions options = connectOptions();
            options.connectTimeoutS = 2;
            m_connection = PgConnection::open(m_context.config->connect, options);
        } catch (const PgError& error) {
            m_log->warn("{}: cannot stop gracefully, no connection: {}", m_name, str(error.message()));
            return;
        }
    }
    if (state() != State::Silent)
        m_scheduler->interrupt(); // a hung process finishes nothing
    try {
        m_connection.exec(QStringLiteral("SELECT webfarm.stop_server($1)"), { m_serverId });
        m_log->info("{}: stopped (t={:.1f}s)", m_name, simTime(Clock::now()));
    } catch (const PgError& error) {
        m_log->warn("{}: stop_server failed: {}", m_name, str(error.fullMessage()));
    }
}

void SimInstance::resetSchedule(Clock::time_point now)
{
    const double pollS = m_context.config->pollInterval;
    m_nextHeartbeat = now;
    m_nextPoll = now + seconds(m_random.uniform(0, pollS));
    m_nextTask = now + nextArrival();
    const auto storages = m_context.plan->storages().size();
    m_nextProbe.resize(storages);
    m_probeFailingSince.resize(storages);
    for (auto& probe : m_nextProbe)
        probe = now + seconds(m_random.uniform(0.2, std::min(1.5, ProbeIntervalS)));
    m_cacheTime = now;
    if (m_redis)
        m_nextRequests = now;
}

SimInstance::Clock::duration SimInstance::nextArrival()
{
    // Exp(1) scaled by the current share of the farm-wide rate: the draws stay the same whatever the
    // farm's size, only their scale moves.
    const double unit = m_arrivals.exponential(1.0);
    const double rate = m_context.config->taskRate;
    if (rate <= 0)
        return std::chrono::hours(24 * 365);
    const int creators = std::max(1, m_context.stats->creators.load());
    return seconds(unit * creators / rate);
}

SimInstance::Clock::time_point SimInstance::nextWake(Clock::time_point now) const
{
    const double t = simTime(now);
    for (const double wake : m_wakeTimes) {
        if (wake > t)
            return timeAt(wake);
    }
    return Clock::time_point::max();
}

SimInstance::Clock::time_point SimInstance::housekeepingDeadline(Clock::time_point now) const
{
    Clock::time_point deadline
        = std::min({ m_nextHeartbeat, m_nextTask, m_nextRequests, nextWake(now), m_scheduler->deadline() });
    for (const auto& probe : m_nextProbe)
        deadline = std::min(deadline, probe);
    return deadline;
}

SimInstance::Clock::time_point SimInstance::nextDeadline(Clock::time_point now) const
{
    return std::min(housekeepingDeadline(now), m_nextPoll);
}

bool SimInstance::interrupted(Clock::time_point now) const
{
    const double t = simTime(now);
    return m_context.stop->isRequested() || m_context.plan->faults().silentAt(m_spec.name, t)
        || (m_leaveAt && t >= *m_leaveAt) || restartDue(t);
}

void SimInstance::loop()
{
    resetSchedule(Clock::now());
    setState(State::Running);
    const FaultPlan& faults = m_context.plan->faults();
    while (!m_context.stop->isRequested()) {
        const auto now = Clock::now();
        const double t = simTime(now);
        dropRedisWhenDue(t);
        crashWhenDue(now);
        if (m_leaveAt && t >= *m_leaveAt) {
            m_log->info("{}: leaves the farm (t={:.1f}s)", m_name, t);
            stopServer();
            setState(State::Stopped);
            return;
        }
        if (faults.silentAt(m_spec.name, t)) {
            if (state() != State::Silent) {
                m_log->info("{}: silent from t={:.1f}s (hung: no heartbeat, no processing)", m_name, t);
                setState(State::Silent);
            }
            m_context.stop->waitUntil(nextWake(now));
            continue;
        }
        if (state() == State::Silent) {
            m_log->info("{}: responds again at t={:.1f}s", m_name, t);
            resetSchedule(now);
            setState(State::Running);
        }
        if (restartDue(t)) {
            if (!restart())
                return;
            continue;
        }
        housekeeping();
        if (Clock::now() >= m_nextPoll)
            poll();
        m_context.stop->waitUntil(nextDeadline(Clock::now()));
    }
}

void SimInstance::housekeeping()
{
    auto now = Clock::now();
    if (now >= m_nextHeartbeat) {
        heartbeat(now);
        m_nextHeartbeat += seconds(m_context.config->heartbeatInterval);
        if (m_nextHeartbeat <= now)
            m_nextHeartbeat = now + seconds(m_context.config->heartbeatInterval);
    }
    now = Clock::now();
    // Poisson arrivals; after a long stall (reconnecting) the missed ones are dropped, not burst.
    if (m_nextTask + std::chrono::seconds(1) < now)
        m_nextTask = now;
    for (int created = 0; m_nextTask <= now && !m_context.stop->isRequested(); ++created) {
        if (created == MaxTasksAtOnce) {
            // The database cannot keep up with --task-rate: create as fast as it allows, no faster.
            m_nextTask = Clock::now() + nextArrival();
            break;
        }
        createTask();
        m_nextTask += nextArrival();
    }
    for (int i = 0; i < int(m_nextProbe.size()); ++i) {
        now = Clock::now();
        if (now >= m_nextProbe[i]) {
            probe(i, now);
            m_nextProbe[i] = now + seconds(m_random.uniform(0.9, 1.1) * ProbeIntervalS);
        }
    }
    m_scheduler->due(Clock::now()); // runs end, due tasks are claimed: nothing here waits
    if (m_redis)
        serveRequests(Clock::now()); // last: what is due now goes out before a stalled Redis holds the thread
}

void SimInstance::dropRedisWhenDue(double t)
{
    if (m_redis && m_redisDropAt && t >= *m_redisDropAt && !m_redis->dropped()) {
        m_log->info("{}: closes its Redis connections for good (t={:.1f}s)", m_name, t);
        m_redis->drop();
    }
}

void SimInstance::serveRequests(Clock::time_point now)
{
    dropRedisWhenDue(simTime(now));
    if (now < m_nextRequests)
        return;
    const qint64 lookups = m_cache.lookups(std::chrono::duration<double>(now - m_cacheTime).count());
    m_cacheTime = now;
    const RedisCache::Counts counts = m_redis->lookup(lookups, now + RequestBudget);
    m_cache.record(counts.hits, counts.misses);
    m_context.stats->redisHits.fetch_add(counts.hits);
    m_context.stats->redisMisses.fetch_add(counts.misses);
    m_nextRequests = Clock::now() + RequestInterval;
}

void SimInstance::heartbeat(Clock::time_point now)
{
    if (!m_redis) {
        m_cache.advance(std::chrono::duration<double>(now - m_cacheTime).count());
        m_cacheTime = now;
    }
    const int skewMs = m_context.plan->faults().skewAt(m_spec.name, simTime(now));
    const QDateTime sentAt = QDateTime::currentDateTimeUtc().addMSecs(skewMs);
    const Outcome outcome = call("heartbeat", QStringLiteral("SELECT webfarm.heartbeat($1, $2, $3, $4, $5, $6)"),
        { m_serverId, sentAt, m_cache.items(), m_cache.hits(), m_cache.misses(), m_cache.memoryBytes() });
    if (outcome == Outcome::Ok)
        m_context.stats->heartbeats.fetch_add(1);
    if (m_redis) {
        // After the heartbeat, which a stalled Redis must not hold up: the keys for the next one.
        m_redis->keepAlive();
        m_cache.setItems(m_redis->items());
    }
}

void SimInstance::createTask()
{
    const SimTask task = m_tasks.next();
    const Outcome outcome = call("create_task", QStringLiteral("SELECT webfarm.create_task($1, $2, $3, $4, $5)"),
        { m_serverId, task.type, nullable(task.target), nullable(task.textData), task.isMemory });
    if (outcome == Outcome::Ok)
        m_context.stats->tasksCreated.fetch_add(1);
}

void SimInstance::probe(int index, Clock::time_point now)
{
    const StorageSpec& storage = m_context.plan->storages().at(index);
    const double t = simTime(now);
    const double median = SimOutcomes::probeMedianMs(storage.kind);
    bool ok = true;
    double latencyMs = 0;
    QString error;
    if (m_context.plan->faults().storageDownAt(storage.name, m_spec.name, t)) {
        ok = false;
        latencyMs = std::min(30'000.0, m_random.logNormal(5000, 0.2));
        error = SimOutcomes::outageError(storage);
    } else if (m_random.chance(ProbeErrorRate)) {
        ok = false;
        latencyMs = m_random.logNormal(median * 30, 0.6);
        error = SimOutcomes::transientProbeError(storage, m_random);
    } else {
        latencyMs = std::min(median * 40, m_random.logNormal(median, 0.5));
    }
    latencyMs = std::round(latencyMs * 1000) / 1000;

    // Shared storage reports the same free space to everyone; a local disk is the instance's own.
    QVariant freeBytes;
    constexpr qint64 GiB = 1024LL * 1024 * 1024;
    if (storage.kind == QLatin1String("network-share"))
        freeBytes = qint64(1536 * GiB - t * 2'000'000 + m_random.normal(0, 5e6));
    else if (storage.kind == QLatin1String("local"))
        freeBytes = qint64((60 + (qHash(m_spec.name) % 80)) * GiB - t * 500'000 + m_random.normal(0, 2e7));
    // Object stores (azure-blob, s3) have no notion of free space: NULL.

    const Outcome outcome
        = call("report_storage_probe", QStringLiteral("SELECT webfarm.report_storage_probe($1, $2, $3, $4, $5, $6)"),
            { m_serverId, storage.name, ok, latencyMs, freeBytes, nullable(error) });
    if (outcome == Outcome::Error && m_lastSqlState == QLatin1String("P0002")) {
        // Someone removed the storage row: an instance re-registers what its configuration says.
        registerStorages();
    }
    if (outcome != Outcome::Ok)
        return;
    m_context.stats->probes.fetch_add(1);
    auto& failingSince = m_probeFailingSince[size_t(index)];
    if (!ok && !failingSince) {
        failingSince = now;
        m_log->info("{}: storage {} probe failed: {}", m_name, str(storage.name), str(error));
        logEvent(QStringLiteral("WARNING"), QStringLiteral("storage %1 probe failed: %2").arg(storage.name, error));
    } else if (ok && failingSince) {
        const double failedS = std::chrono::duration<double>(now - *failingSince).count();
        failingSince.reset();
        m_log->info("{}: storage {} reachable again", m_name, str(storage.name));
        logEvent(QStringLiteral("INFO"),
            QStringLiteral("storage %1 reachable again after %2 s").arg(storage.name).arg(failedS, 0, 'f', 0));
    }
}

void SimInstance::poll()
{
    const auto batchStart = Clock::now();
    PgResult rows;
    const Outcome outcome = call("fetch_tasks",
        QStringLiteral("SELECT task_id, type, target, text_data FROM webfarm.fetch_tasks($1, $2)"),
        { m_serverId, BatchLimit }, &rows);
    if (outcome != Outcome::Ok) {
        m_nextPoll = Clock::now() + seconds(m_context.config->pollInterval);
        return;
    }
    int done = 0;
    for (int row = 0; row < rows.rows(); ++row) {
        Delivery delivery;
        delivery.taskId = rows.integer(row, 0).value_or(0);
        delivery.type = rows.text(row, 1);
        delivery.target = rows.text(row, 2);
        delivery.textData = rows.text(row, 3);
        if (!process(delivery))
            return; // stopping, silent or leaving: the loop decides what next
        ++done;
        if (Clock::now() - batchStart >= BatchWork)
            break;
    }
    const bool more = done < rows.rows() || rows.rows() == BatchLimit;
    m_nextPoll = Clock::now() + (more ? Clock::duration::zero() : seconds(m_context.config->pollInterval));
}

bool SimInstance::work(Clock::time_point until)
{
    for (;;) {
        const auto now = Clock::now();
        if (interrupted(now))
            return false;
        if (now >= until)
            return true;
        // A long task does not delay heartbeats, new tasks or probes: in the real application they
        // run on other threads.
        housekeeping();
        if (m_context.stop->waitUntil(std::min(until, housekeepingDeadline(Clock::now()))))
            return false;
    }
}

double SimInstance::workFor(const Delivery& delivery, double t, QString* error)
{
    const StorageSpec* storage = nullptr;
    if (TaskGenerator::isFileType(delivery.type)) {
        const QString storageName = TaskGenerator::storageOf(delivery.target);
        for (const StorageSpec& spec : m_context.plan->storages()) {
            if (spec.name == storageName)
                storage = &spec;
        }
    }
    if (storage && m_context.plan->faults().storageDownAt(storage->name, m_spec.name, t)) {
        // The storage client gives up quickly once its circuit breaker is open.
        const double workMs = m_random.logNormal(120, 0.5);
        *error = QStringLiteral("storage %1 (%2) unreachable: %3")
                     .arg(storage->name, storage->kind, SimOutcomes::outageError(*storage));
        return workMs;
    }
    const double median = SimOutcomes::medianMs(delivery.type);
    const double workMs = std::min(median * 30, m_random.logNormal(median, ProcessingSigma));
    if (m_random.chance(DeliveryErrorRate))
        *error = SimOutcomes::deliveryError(delivery.type, delivery.target, m_random);
    return workMs;
}

void SimInstance::invalidate(const Delivery& delivery)
{
    // Invalidations remove a few items each (often none: the key was not cached); misses bring
    // them back.
    const QString& type = delivery.type;
    int dependents = -1;
    if (type == QLatin1String("REMOVE_CACHE_ITEM"))
        dependents = m_random.index(2);
    else if (type == QLatin1String("TOUCH_CACHE_ITEM"))
        dependents = m_random.index(3);
    else if (type == QLatin1String("INVALIDATE_OBJECT"))
        dependents = m_random.index(4);
    else if (type == QLatin1String("CLEAR_CACHE_ITEMS"))
        dependents = 1 + m_random.index(8);
    else if (type == QLatin1String("CLEAR_FULL_PAGE_CACHE"))
        dependents = 2 + m_random.index(19);
    if (dependents >= 0 && m_redis)
        m_redis->invalidate(delivery.target, dependents);
    else if (dependents >= 0)
        m_cache.removeItems(dependents);
}

bool SimInstance::process(const Delivery& delivery)
{
    const auto start = Clock::now();
    const double t = simTime(start);
    const double factor = m_context.plan->faults().slowFactorAt(m_spec.name, t);
    QString error;
    const double workMs = workFor(delivery, t, &error);
    if (!work(start + seconds(workMs * factor / 1000.0)))
        return false;
    if (error.isNull())
        invalidate(delivery);

    const Outcome outcome = completeTask({ m_serverId, delivery.taskId, nullable(error) });
    if (outcome == Outcome::ConnectionLost)
        return false; // the batch is stale after a reconnection: fetch afresh
    if (outcome == Outcome::Error)
        return true;
    m_context.stats->deliveriesProcessed.fetch_add(1);
    if (!error.isNull()) {
        m_context.stats->deliveriesFailed.fetch_add(1);
        m_log->debug("{}: {} task {} failed: {}", m_name, str(delivery.type), delivery.taskId, str(error));
        logEvent(QStringLiteral("ERROR"),
            QStringLiteral("%1 task %2 failed: %3").arg(delivery.type).arg(delivery.taskId).arg(error));
        return true;
    }
    completed(delivery);
    return true;
}

void SimInstance::completed(const Delivery& delivery)
{
    if (delivery.type == QLatin1String("CLEAR_CACHE")) {
        // A manual flush: everything, or the listed keys.
        const qint64 before = m_cache.items();
        const QStringList keys = delivery.target.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        if (m_redis)
            m_cache.setItems(before - m_redis->flush(keys));
        else if (keys.isEmpty())
            m_cache.clear();
        else
            m_cache.removeItems(keys.size());
        m_log->info("{}: manual cache flush (task {}) done, {} items removed", m_name, delivery.taskId,
            before - m_cache.items());
        logEvent(QStringLiteral("INFO"),
            QStringLiteral("manual cache flush (task %1): %2 cache items removed")
                .arg(delivery.taskId)
                .arg(before - m_cache.items()));
    } else if (delivery.type == QLatin1String("RESTART_APPLICATION")) {
        // A new process registers again (same name, same id) and starts counting from zero.
        m_log->info("{}: restarting the application (task {})", m_name, delivery.taskId);
        m_cache.restart();
        if (m_redis)
            m_redis->reconnect();
        call("register_server", QStringLiteral("SELECT webfarm.register_server($1, $2, $3, $4, $5)"),
            { m_spec.name, m_spec.displayName, m_spec.host, m_spec.zone, m_spec.version });
        m_nextHeartbeat = Clock::now();
    }
}

} // namespace Paddock
