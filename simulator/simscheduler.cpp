#include "simscheduler.h"

#include "logging.h"
#include "pgerror.h"
#include "simconfig.h"
#include "simstats.h"

#include <algorithm>

namespace Paddock {

namespace {

constexpr double RunSigma = 0.6;
// A run takes at most this many times its task's median.
constexpr double RunCap = 5;
// Other tasks (registered by someone else): how long they take.
constexpr double OtherMedianS = 2;

std::chrono::steady_clock::duration seconds(double s)
{
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(s));
}

QVariant nullable(const QString& text)
{
    return text.isNull() ? QVariant() : QVariant(text);
}

const ScheduledTaskSpec* specOf(const QString& name)
{
    for (const ScheduledTaskSpec& spec : SimScheduler::tasks()) {
        if (name == QLatin1String(spec.name))
            return &spec;
    }
    return nullptr;
}

// The slot after now on the task's grid, computed by the database as claim_scheduled_tasks does, so
// that the slots of an unsafe scheduler are the very timestamps the others claim.
const char* const UnsafeRunSql = R"(
WITH slot AS (
    SELECT t.id, t.name, t.interval_s, $3::timestamptz AS due
    FROM webfarm.scheduled_task t
    WHERE t.id = $1 AND t.enabled AND $3::timestamptz <= clock_timestamp()
), run AS (
    INSERT INTO webfarm.scheduled_run (scheduled_task_id, server_id, due_at)
    SELECT id, $2, due FROM slot
    RETURNING id
)
SELECT run.id, slot.name, (slot.due + make_interval(secs => slot.interval_s)
    * (floor(extract(epoch FROM clock_timestamp() - slot.due) / slot.interval_s) + 1))::text
FROM run, slot)";

} // namespace

const std::vector<ScheduledTaskSpec>& SimScheduler::tasks()
{
    static const std::vector<ScheduledTaskSpec> specs {
        { "newsletter", 300, 900, 8.0,
            "SMTP server mail.farm.internal refused the connection: 421 too many connections from this host" },
        { "search-index", 60, 300, 4.0, "search index site-content: write.lock is held by another writer" },
        { "cleanup-temp", 30, 120, 1.5,
            "cannot delete App_Data/Temp/export-3f2a.zip: the file is being used by another process" },
        { "import-products", 120, 600, 10.0, "products.csv line 1284: \"12,50 EUR\" is not a valid price" },
        { "sitemap", 10, 60, 0.8, "sitemap.xml: access to the path /var/www/site/sitemap.xml is denied" },
    };
    return specs;
}

SimScheduler::SimScheduler(const QString& instance, quint64 seed, const SimConfig& config, SimStats* stats, Call call)
    : m_instance(instance)
    , m_name(instance.toStdString())
    , m_config(config)
    , m_stats(stats)
    , m_call(std::move(call))
    , m_random(seed)
    , m_log(Log::sim())
{
}

SimScheduler::~SimScheduler() = default;

void SimScheduler::beUnsafe(const QString& controlConnect)
{
    m_unsafe = true;
    m_controlConnect = controlConnect;
}

void SimScheduler::start(qint64 serverId, Clock::time_point now)
{
    m_serverId = serverId;
    for (const ScheduledTaskSpec& spec : tasks()) {
        m_call("register_scheduled_task", QStringLiteral("SELECT webfarm.register_scheduled_task($1, $2, $3)"),
            { QString::fromLatin1(spec.name), spec.intervalS, spec.timeoutS }, nullptr);
    }
    m_started = true;
    m_nextClaim = now + seconds(m_random.uniform(0, m_config.pollInterval));
    m_nextManual = now + seconds(m_random.exponential(ManualRunMeanS));
}

void SimScheduler::restarted(qint64 serverId, Clock::time_point now)
{
    m_open.clear();
    start(serverId, now);
}

SimScheduler::Clock::time_point SimScheduler::deadline() const
{
    if (!m_started || m_crashed)
        return Clock::time_point::max();
    Clock::time_point deadline = std::min(m_nextClaim, m_nextManual);
    for (const Run& run : m_open)
        deadline = std::min(deadline, run.endsAt);
    return deadline;
}

void SimScheduler::due(Clock::time_point now)
{
    if (!m_started || m_crashed)
        return;
    std::vector<Run> ended;
    const auto done
        = std::stable_partition(m_open.begin(), m_open.end(), [now](const Run& run) { return run.endsAt > now; });
    ended.assign(done, m_open.end());
    m_open.erase(done, m_open.end());
    for (const Run& run : ended)
        finish(run, run.error);
    if (now >= m_nextClaim) {
        if (m_unsafe)
            claimUnsafely(now);
        else
            claim(now);
        m_nextClaim = now + seconds(m_config.pollInterval);
    }
    if (now >= m_nextManual) {
        const auto& specs = tasks();
        manualRun(now, QString::fromLatin1(specs.at(size_t(m_random.index(int(specs.size())))).name));
        m_nextManual = now + seconds(m_random.exponential(ManualRunMeanS));
    }
}

void SimScheduler::claim(Clock::time_point now)
{
    PgResult rows;
    if (!m_call("claim_scheduled_tasks", QStringLiteral("SELECT run_id, name FROM webfarm.claim_scheduled_tasks($1)"),
            { m_serverId }, &rows))
        return;
    for (int row = 0; row < rows.rows(); ++row)
        begin(rows.integer(row, 0).value_or(0), rows.text(row, 1), now);
}

bool SimScheduler::openControl()
{
    if (m_control.isOpen())
        return true;
    if (m_controlRefused)
        return false;
    ConnectOptions options;
    options.applicationName = QStringLiteral("paddock-sim %1 unsafe scheduler").arg(m_instance);
    options.connectTimeoutS = 5;
    options.statementTimeoutMs = 10'000;
    try {
        m_control = PgConnection::open(m_controlConnect.isEmpty() ? m_config.connect : m_controlConnect, options);
        return true;
    } catch (const PgError& error) {
        m_log->warn("{}: the unsafe scheduler cannot connect ({}); next try at the next poll", m_name,
            error.message().toStdString());
        return false;
    }
}

void SimScheduler::claimUnsafely(Clock::time_point now)
{
    if (!openControl())
        return;
    try {
        // Its own timer: the first slot it sees of each task, then every interval from there, whoever
        // else runs them.
        const PgResult known = m_control.exec(
            QStringLiteral("SELECT id, next_run_at::text FROM webfarm.scheduled_task WHERE enabled ORDER BY id"));
        for (int row = 0; row < known.rows(); ++row) {
            const qint64 id = known.integer(row, 0).value_or(0);
            if (!m_ownNext.contains(id))
                m_ownNext.insert(id, known.text(row, 1));
        }
        for (auto it = m_ownNext.begin(); it != m_ownNext.end(); ++it) {
            const PgResult run
                = m_control.exec(QString::fromLatin1(UnsafeRunSql), { it.key(), m_serverId, it.value() });
            if (run.rows() == 0)
                continue;
            begin(run.integer(0, 0).value_or(0), run.text(0, 1), now);
            it.value() = run.text(0, 2);
        }
    } catch (const PgError& error) {
        if (error.isConnectionError() || !m_control.isOpen()) {
            m_control.close();
            return;
        }
        m_log->error("{}: --unsafe-scheduler refused ({}): it needs a login that may read webfarm.scheduled_task "
                     "and insert into webfarm.scheduled_run (--control-connect); {} runs no scheduled task",
            m_name, error.message().toStdString(), m_name);
        m_controlRefused = true;
        m_control.close();
    }
}

void SimScheduler::begin(qint64 runId, const QString& task, Clock::time_point now)
{
    const ScheduledTaskSpec* spec = specOf(task);
    const double median = spec ? spec->medianS : OtherMedianS;
    const double s = std::min(median * RunCap, m_random.logNormal(median, RunSigma));
    Run run;
    run.id = runId;
    run.task = task;
    run.endsAt = now + seconds(s);
    if (m_random.chance(FailureRate))
        run.error = spec ? QString::fromUtf8(spec->error) : QStringLiteral("%1 failed: unexpected error").arg(task);
    m_log->debug("{}: runs {} (run {}) for {:.1f} s", m_name, task.toStdString(), runId, s);
    m_open.push_back(run);
}

void SimScheduler::finish(const Run& run, const QString& error)
{
    const QString sql = QStringLiteral("SELECT webfarm.finish_scheduled_run($1, $2, $3)");
    const QVariantList params { m_serverId, run.id, nullable(error) };
    // Once more after a failure: a lost connection comes back within the first call.
    if (!m_call("finish_scheduled_run", sql, params, nullptr) && !m_call("finish_scheduled_run", sql, params, nullptr))
        return;
    m_stats->scheduledRuns.fetch_add(1);
    if (!error.isNull())
        m_stats->scheduledFailed.fetch_add(1);
}

void SimScheduler::manualRun(Clock::time_point now, const QString& task)
{
    PgResult result;
    if (!m_call("start_manual_run", QStringLiteral("SELECT webfarm.start_manual_run($1, $2)"), { m_serverId, task },
            &result))
        return;
    m_log->info("{}: {} started by hand", m_name, task.toStdString());
    begin(result.integer(0, 0).value_or(0), task, now);
}

void SimScheduler::crash(Clock::time_point now)
{
    if (m_crashed || !m_started)
        return;
    if (m_open.empty())
        manualRun(now, QString::fromLatin1(CrashTask));
    QStringList open;
    for (const Run& run : m_open)
        open.append(QStringLiteral("%1 (run %2)").arg(run.task).arg(run.id));
    m_log->info("{}: crashes during {}: it answers no more", m_name, open.join(QStringLiteral(", ")).toStdString());
    m_crashed = true;
    m_control.close();
}

void SimScheduler::interrupt()
{
    if (m_crashed)
        return;
    const std::vector<Run> open = std::move(m_open);
    m_open.clear();
    for (const Run& run : open)
        finish(run, QStringLiteral("interrupted: the application is shutting down"));
}

} // namespace Paddock
