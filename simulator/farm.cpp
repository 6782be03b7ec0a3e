#include "farm.h"

#include "dbfaults.h"
#include "logging.h"
#include "pgconnection.h"
#include "pgerror.h"
#include "redisfaults.h"
#include "siminstance.h"
#include "simredis.h"

#include <algorithm>
#include <csignal>
#include <cstdio>

namespace Paddock {

namespace {

constexpr double SummaryIntervalS = 10;

std::string str(const QString& text)
{
    return text.toStdString();
}

void printLine(const QString& line)
{
    std::fputs((line + QLatin1Char('\n')).toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
}

} // namespace

Farm::Farm(SimConfig config, SimPlan plan)
    : m_config(std::move(config))
    , m_plan(std::move(plan))
    , m_log(Log::sim())
{
}

Farm::~Farm()
{
    m_stop.request();
    m_dbFaults.reset();
    m_instances.clear();
    m_redisFaults.reset();
}

void Farm::catchSignals()
{
    m_wake.catchTerminationSignals();
}

void Farm::startInstance(const InstanceSpec& spec)
{
    SimContext context;
    context.config = &m_config;
    context.plan = &m_plan;
    context.stop = &m_stop;
    context.stats = &m_stats;
    context.start = m_start;
    context.onFatal = [this] {
        m_fatal.store(true);
        m_wake.wake();
    };
    context.redisChannel = QStringLiteral("signalr:") + m_database;
    m_instances.push_back(std::make_unique<SimInstance>(spec, context));
    m_instances.back()->start();
}

QString Farm::summary(double t, bool final)
{
    int counts[6] = {};
    for (const auto& instance : m_instances)
        ++counts[int(instance->state())];
    const auto count = [&counts](SimInstance::State state) { return counts[int(state)]; };
    QString instances = QStringLiteral("%1 running, %2 silent, %3 stopped")
                            .arg(count(SimInstance::State::Running))
                            .arg(count(SimInstance::State::Silent))
                            .arg(count(SimInstance::State::Stopped));
    for (const auto state :
        { SimInstance::State::Starting, SimInstance::State::Disconnected, SimInstance::State::Failed }) {
        if (count(state) > 0)
            instances += QStringLiteral(", %1 %2").arg(count(state)).arg(SimInstance::stateName(state));
    }
    const qint64 tasks = m_stats.tasksCreated.load();
    const qint64 processed = m_stats.deliveriesProcessed.load();
    // The final line gives the rates of the whole run, the others those since the previous line.
    if (final) {
        m_lastSummaryT = 0;
        m_lastTasks = 0;
        m_lastProcessed = 0;
    }
    const double span = std::max(0.001, t - m_lastSummaryT);
    QString line = QStringLiteral(
        "paddock-sim %1 t=%2s: instances %3; tasks created %4 (%5/s); deliveries processed %6 (%7/s), failed %8")
                       .arg(final ? QStringLiteral("done") : QStringLiteral("at"))
                       .arg(t, 0, 'f', 1)
                       .arg(instances)
                       .arg(tasks)
                       .arg(double(tasks - m_lastTasks) / span, 0, 'f', 1)
                       .arg(processed)
                       .arg(double(processed - m_lastProcessed) / span, 0, 'f', 1)
                       .arg(m_stats.deliveriesFailed.load());
    if (m_config.redis)
        line += QStringLiteral("; Redis GET hits %1, misses %2")
                    .arg(m_stats.redisHits.load())
                    .arg(m_stats.redisMisses.load());
    if (final)
        line += QStringLiteral("; slowest call %1 ms; heartbeats %2, storage probes %3; scheduled runs %4, failed %5")
                    .arg(double(m_stats.slowestCallUs.load()) / 1000.0, 0, 'f', 1)
                    .arg(m_stats.heartbeats.load())
                    .arg(m_stats.probes.load())
                    .arg(m_stats.scheduledRuns.load())
                    .arg(m_stats.scheduledFailed.load());
    m_lastSummaryT = t;
    m_lastTasks = tasks;
    m_lastProcessed = processed;
    return line;
}

bool Farm::canConnect()
{
    // A wrong connection string or an unreachable server is an error at the start; later losses are
    // retried by each instance.
    try {
        ConnectOptions options;
        options.applicationName = QStringLiteral("paddock-sim");
        options.connectTimeoutS = 5;
        PgConnection connection = PgConnection::open(m_config.connect, options);
        m_database = connection.exec(QStringLiteral("SELECT current_database()"), {}).text(0, 0);
    } catch (const PgError& error) {
        printLine(QStringLiteral("paddock-sim: cannot connect to %1: %2")
                      .arg(PgConnection::redact(m_config.connect), error.message()));
        return false;
    }
    if (!m_config.redis)
        return true;
    if (const auto problem = SimRedis::check(*m_config.redis)) {
        printLine(QStringLiteral("paddock-sim: cannot use Redis at %1: %2").arg(m_config.redis->url(), *problem));
        return false;
    }
    return true;
}

void Farm::play()
{
    using Clock = std::chrono::steady_clock;
    const auto at = [this](double t) {
        return m_start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(t));
    };
    QList<InstanceSpec> joining;
    for (const InstanceSpec& spec : m_plan.instances()) {
        if (spec.startAt > 0)
            joining.append(spec);
        else
            startInstance(spec);
    }
    // Joining instances and second processes (--duplicate-name), in the order they start.
    std::stable_sort(joining.begin(), joining.end(),
        [](const InstanceSpec& a, const InstanceSpec& b) { return a.startAt < b.startAt; });
    QList<FaultEvent> announcements = m_plan.faults().events();
    const Clock::time_point end = m_config.duration > 0 ? at(m_config.duration) : Clock::time_point::max();
    Clock::time_point nextSummary = at(SummaryIntervalS);

    for (;;) {
        const auto now = Clock::now();
        const double t = std::chrono::duration<double>(now - m_start).count();
        if (now >= end || m_fatal.load())
            break;
        while (!announcements.isEmpty() && announcements.constFirst().at <= t) {
            const FaultEvent event = announcements.takeFirst();
            m_log->info("t={}: {}", str(SimConfig::formatTime(event.at)), str(event.describe()));
        }
        while (!joining.isEmpty() && joining.constFirst().startAt <= t)
            startInstance(joining.takeFirst());
        if (now >= nextSummary) {
            printLine(summary(t, false));
            nextSummary += std::chrono::seconds(int(SummaryIntervalS));
        }
        Clock::time_point deadline = std::min(end, nextSummary);
        if (!announcements.isEmpty())
            deadline = std::min(deadline, at(announcements.constFirst().at));
        if (!joining.isEmpty())
            deadline = std::min(deadline, at(joining.constFirst().startAt));
        if (m_wake.waitUntil(deadline) && WakePipe::signalled()) {
            m_log->info("signal {}: stopping every instance", WakePipe::lastSignal());
            break;
        }
    }
}

int Farm::run()
{
    if (!canConnect())
        return 1;
    printLine(QStringLiteral(
        "paddock-sim: %1 instances in %2 zones, %3 storages, %4 tasks/s, scenario %5, seed %6, %7; Ctrl+C stops")
                  .arg(m_config.instances)
                  .arg(m_config.zones)
                  .arg(m_config.storages)
                  .arg(m_config.taskRate)
                  .arg(SimConfig::scenarioName(m_config.scenario))
                  .arg(m_plan.seed())
                  .arg(m_config.duration > 0 ? QStringLiteral("for ") + SimConfig::formatTime(m_config.duration)
                                             : QStringLiteral("until stopped")));

    if (m_config.redis) {
        // hiredis writes with write(): a connection Redis closed must not kill the process with SIGPIPE.
        std::signal(SIGPIPE, SIG_IGN);
        printLine(QStringLiteral("paddock-sim: caches in Redis at %1, backplane channel signalr:%2")
                      .arg(m_config.redis->url(), m_database));
    }

    m_start = std::chrono::steady_clock::now();
    if (m_config.redis && RedisFaults::needed(m_plan.faults())) {
        m_redisFaults = std::make_unique<RedisFaults>(*m_config.redis, m_plan.faults(), &m_stop, m_start);
        m_redisFaults->start();
    }
    if (DbFaults::needed(m_plan.faults())) {
        m_dbFaults
            = std::make_unique<DbFaults>(m_config.controlConnect.isEmpty() ? m_config.connect : m_config.controlConnect,
                m_plan.faults(), &m_stop, m_start);
        m_dbFaults->start();
    }
    play();

    m_stop.request();
    if (m_dbFaults)
        m_dbFaults->join(); // rolls back what it holds: no instance stays blocked behind it
    for (const auto& instance : m_instances)
        instance->join();
    if (m_redisFaults)
        m_redisFaults->join(); // restores what it changed in Redis's configuration
    printLine(summary(std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count(), true));
    if (!m_fatal.load())
        return 0;
    for (const auto& instance : m_instances) {
        if (instance->state() == SimInstance::State::Failed) {
            printLine(QStringLiteral("paddock-sim: %1: %2").arg(instance->spec().name, instance->failure()));
            break;
        }
    }
    return 1;
}

} // namespace Paddock
