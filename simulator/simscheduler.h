#pragma once

#include "pgconnection.h"
#include "simrandom.h"

#include <chrono>
#include <functional>
#include <memory>
#include <QList>
#include <QMap>
#include <QString>
#include <QVariantList>
#include <spdlog/logger.h>
#include <vector>

namespace Paddock {

struct SimConfig;
struct SimStats;

// One of the scheduled tasks every instance registers (DESIGN.md section 9).
struct ScheduledTaskSpec {
    const char* name;
    int intervalS;
    int timeoutS;
    double medianS; // of a run's log-normal duration
    const char* error; // what a failed run reports
};

// An instance's scheduled tasks: it registers them at the start, claims the due ones at every poll
// (claim_scheduled_tasks), runs each beside its other work for a log-normal time and finishes it
// (finish_scheduled_run), and now and then runs one by hand. Nothing here waits: a run is a deadline
// of the instance's loop, so heartbeats and deliveries go on meanwhile, as on the application's other
// threads. An unsafe scheduler (--unsafe-scheduler) claims nothing: it reads the tasks and writes its
// runs itself through a control session, on its own timer, so the slots it runs are run twice.
class SimScheduler {
public:
    using Clock = std::chrono::steady_clock;
    // One call on the instance's session; true when it ran, its rows in *result.
    using Call
        = std::function<bool(const char* what, const QString& sql, const QVariantList& params, PgResult* result)>;

    static const std::vector<ScheduledTaskSpec>& tasks();
    // The task a crash opens a run of when the instance has none open.
    static constexpr const char* CrashTask = "import-products";
    // Runs by hand: on average one per instance every this many seconds.
    static constexpr double ManualRunMeanS = 600;
    static constexpr double FailureRate = 0.02;

    SimScheduler(const QString& instance, quint64 seed, const SimConfig& config, SimStats* stats, Call call);
    ~SimScheduler();
    SimScheduler(const SimScheduler&) = delete;
    SimScheduler& operator=(const SimScheduler&) = delete;

    // --unsafe-scheduler: the login of the control session that writes the runs.
    void beUnsafe(const QString& controlConnect);
    // Registers the tasks (insert or update by name) as this server, and plans the first claim.
    void start(qint64 serverId, Clock::time_point now);
    // A new process under the same name (a restart): the runs of the old one are gone with it.
    void restarted(qint64 serverId, Clock::time_point now);
    Clock::time_point deadline() const;
    // What is due at now: runs that end, the claim, a run by hand.
    void due(Clock::time_point now);
    // --crash-during-run: a run is open (those claimed, or else one of CrashTask started by hand) when
    // the instance stops answering; nothing of it is ever finished.
    void crash(Clock::time_point now);
    // A graceful stop: the open runs end with an error, as the application's shutdown cancels them.
    void interrupt();
    int openRuns() const { return int(m_open.size()); }

private:
    struct Run {
        qint64 id = 0;
        QString task;
        Clock::time_point endsAt;
        QString error; // null: it succeeds
    };

    void claim(Clock::time_point now);
    void claimUnsafely(Clock::time_point now);
    bool openControl();
    void begin(qint64 runId, const QString& task, Clock::time_point now);
    void finish(const Run& run, const QString& error);
    void manualRun(Clock::time_point now, const QString& task);

    QString m_instance;
    std::string m_name; // for log lines
    const SimConfig& m_config;
    SimStats* m_stats;
    Call m_call;
    SimRandom m_random;
    std::shared_ptr<spdlog::logger> m_log;
    qint64 m_serverId = 0;
    bool m_started = false;
    bool m_crashed = false;
    std::vector<Run> m_open;
    Clock::time_point m_nextClaim = Clock::time_point::max();
    Clock::time_point m_nextManual = Clock::time_point::max();

    bool m_unsafe = false;
    QString m_controlConnect;
    PgConnection m_control;
    bool m_controlRefused = false;
    QMap<qint64, QString> m_ownNext; // unsafe: the next slot it runs of each task, as the database wrote it
};

} // namespace Paddock
