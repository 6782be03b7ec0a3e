// SimInstance, the database's faults as an instance lives them: a --lock its complete_task waits on
// while its heartbeats go on, and its turn in a --deploy; and its scheduled tasks with their faults
// (--crash-during-run, --unsafe-scheduler).
#include "logging.h"
#include "pgerror.h"
#include "simconfig.h"
#include "siminstance.h"
#include "simstats.h"
#include "stopflag.h"

#include <future>
#include <QElapsedTimer>

namespace Paddock {

namespace {

// The second session serves from this long before a --lock on the instance's deliveries to this long
// after its planned end: the control session takes and rolls back its locks within milliseconds.
constexpr double LockMarginS = 1;
// A statement on a stalled server ends with an error after this long.
constexpr int StatementTimeoutMs = 10'000;

std::chrono::steady_clock::duration seconds(double s)
{
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(s));
}

} // namespace

ConnectOptions SimInstance::connectOptions() const
{
    ConnectOptions options;
    options.applicationName = QStringLiteral("paddock-sim ") + m_spec.name;
    options.connectTimeoutS = 5;
    // A stalled server must not hold an instance (and Ctrl+C) for long; a --lock on its deliveries is
    // waited out, not turned into an error, as by an application whose command timeout is longer.
    options.statementTimeoutMs = StatementTimeoutMs + int(m_context.plan->faults().longestLock(m_spec.name) * 1000);
    return options;
}

SimInstance::Outcome SimInstance::completeTask(const QVariantList& params)
{
    const QString sql = QStringLiteral("SELECT webfarm.complete_task($1, $2, $3)");
    if (!m_context.plan->faults().lockNear(m_spec.name, simTime(Clock::now()), LockMarginS)) {
        m_side.close(); // the lock is over: one session again
        return call("complete_task", sql, params);
    }
    return callBesideHousekeeping("complete_task", sql, params);
}

SimInstance::Outcome SimInstance::callBesideHousekeeping(
    const char* what, const QString& sql, const QVariantList& params)
{
    if (!m_side.isOpen()) {
        try {
            m_side = PgConnection::open(m_context.config->connect, connectOptions());
        } catch (const PgError& error) {
            m_log->warn(
                "{}: no second session ({}): heartbeats wait for {}", m_name, error.message().toStdString(), what);
            return call(what, sql, params);
        }
    }
    // The instance's session waits on a thread of its own, while this thread keeps up the heartbeats,
    // new tasks and probes on the second one, as the application's other threads would on another
    // connection of its pool.
    PgConnection waiting = std::move(m_connection);
    m_connection = std::move(m_side);
    QElapsedTimer timer;
    timer.start();
    std::future<void> answer = std::async(std::launch::async, [&waiting, &sql, &params] { waiting.exec(sql, params); });
    for (;;) {
        const auto now = Clock::now();
        if (interrupted(now)) {
            answer.wait(); // stopping, silent, leaving or restarting: nothing more goes out meanwhile
            break;
        }
        if (answer.wait_until(housekeepingDeadline(now)) == std::future_status::ready)
            break;
        housekeeping();
    }
    m_side = std::move(m_connection);
    m_connection = std::move(waiting);
    try {
        answer.get();
        m_context.stats->noteCall(timer.nsecsElapsed() / 1000);
        return Outcome::Ok;
    } catch (const PgError& error) {
        return callFailed(what, error);
    }
}

bool SimInstance::restartDue(double t) const
{
    return !m_restarts.isEmpty() && t >= m_restarts.constFirst().at;
}

bool SimInstance::restart()
{
    // Two turns due at once (a silence outlasted a deploy): the latest version.
    FaultPlan::Restart restart = m_restarts.takeFirst();
    while (restartDue(simTime(Clock::now())))
        restart = m_restarts.takeFirst();
    m_log->info("{}: restarts on version {} (rolling deploy, t={:.1f}s)", m_name, restart.version.toStdString(),
        simTime(Clock::now()));
    stopServer();
    setState(State::Stopped);
    // A new process: new sessions, an empty cache, and its id from register_server.
    m_connection.close();
    m_side.close();
    if (m_redis)
        m_redis->reconnect();
    if (m_context.stop->waitUntil(Clock::now() + seconds(FaultEvent::RestartPauseS)))
        return false;
    m_spec.version = restart.version;
    m_cache.restart();
    m_serverId = 0;
    if (!connect() || !registerServer())
        return false;
    m_scheduler->restarted(m_serverId, Clock::now());
    resetSchedule(Clock::now());
    setState(State::Running);
    return true;
}

std::unique_ptr<SimScheduler> SimInstance::makeScheduler()
{
    auto scheduler = std::make_unique<SimScheduler>(m_spec.name,
        m_context.plan->seedFor(m_spec.processName(), "scheduled"), *m_context.config, m_context.stats,
        [this](const char* what, const QString& sql, const QVariantList& params, PgResult* result) {
            return call(what, sql, params, result) == Outcome::Ok;
        });
    if (m_context.plan->faults().unsafeScheduler(m_spec.name))
        scheduler->beUnsafe(m_context.config->controlConnect);
    return scheduler;
}

void SimInstance::crashWhenDue(Clock::time_point now)
{
    if (!m_crashAt || simTime(now) < *m_crashAt)
        return;
    m_crashAt.reset();
    m_scheduler->crash(now);
}

} // namespace Paddock
