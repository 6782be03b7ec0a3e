#pragma once

#include "cachemodel.h"
#include "pgconnection.h"
#include "rediscache.h"
#include "simcontext.h"
#include "simplan.h"
#include "simrandom.h"
#include "simscheduler.h"
#include "taskgenerator.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <QList>
#include <QString>
#include <QVariantList>
#include <spdlog/logger.h>
#include <thread>
#include <vector>

namespace Paddock {

class PgError;

// One simulated instance of the web application: its own thread, its own connection, and only the
// instance-side functions of the webfarm schema. The thread sleeps until its next deadline
// (heartbeat, poll, task creation, storage probe, fault) or until the farm stops.
class SimInstance {
public:
    enum class State { Starting, Running, Silent, Disconnected, Stopped, Failed };

    SimInstance(InstanceSpec spec, const SimContext& context);
    ~SimInstance();
    SimInstance(const SimInstance&) = delete;
    SimInstance& operator=(const SimInstance&) = delete;

    void start();
    void join();

    const InstanceSpec& spec() const { return m_spec; }
    State state() const { return m_state.load(); }
    // Why the instance could not run, once state() is Failed.
    QString failure() const;
    static QString stateName(State state);

private:
    using Clock = std::chrono::steady_clock;
    enum class Outcome { Ok, ConnectionLost, Error };
    struct Delivery {
        qint64 taskId = 0;
        QString type;
        QString target;
        QString textData;
    };

    void run();
    ConnectOptions connectOptions() const;
    bool connect();
    Outcome call(const char* what, const QString& sql, const QVariantList& params, PgResult* result = nullptr);
    // What a call's error means: a lost connection is opened again.
    Outcome callFailed(const char* what, const PgError& error);
    bool registerServer();
    void registerStorages();
    void loop();
    void resetSchedule(Clock::time_point now);
    Clock::time_point nextWake(Clock::time_point now) const;
    Clock::time_point housekeepingDeadline(Clock::time_point now) const;
    Clock::time_point nextDeadline(Clock::time_point now) const;
    void housekeeping();
    void heartbeat(Clock::time_point now);
    void createTask();
    Clock::duration nextArrival();
    void probe(int storage, Clock::time_point now);
    void poll();
    bool process(const Delivery& delivery);
    // complete_task with these parameters; near a --lock on the instance's deliveries, beside the housekeeping.
    Outcome completeTask(const QVariantList& params);
    // A call that may wait long on its thread of its own, while heartbeats, new tasks and probes go on
    // from a second session.
    Outcome callBesideHousekeeping(const char* what, const QString& sql, const QVariantList& params);
    bool restartDue(double t) const;
    // A rolling deploy's turn: stop_server, a pause, register_server on the new version. False when
    // the farm stopped meanwhile or the instance cannot go on.
    bool restart();
    // The milliseconds a delivery takes (before any slowdown) and its error, null when it succeeds.
    double workFor(const Delivery& delivery, double t, QString* error);
    void invalidate(const Delivery& delivery); // what a successful invalidation removes from the cache
    void serveRequests(Clock::time_point now); // with --redis: the lookups of the requests since the last call
    void dropRedisWhenDue(double t);
    void completed(const Delivery& delivery); // what a manual flush or a restart does once done
    bool work(Clock::time_point until);
    bool interrupted(Clock::time_point now) const;
    void logEvent(const QString& code, const QString& message);
    void announceReconnect(double outageS);
    void stopServer();
    // Its scheduled tasks on its own session; --unsafe-scheduler writes through a control session.
    std::unique_ptr<SimScheduler> makeScheduler();
    // --crash-during-run, once at its time: a run is left open, then the silence holds.
    void crashWhenDue(Clock::time_point now);
    void fail(const QString& message);
    void setState(State state);
    double simTime(Clock::time_point time) const;
    Clock::time_point timeAt(double t) const;

    InstanceSpec m_spec;
    SimContext m_context;
    std::string m_name; // for log lines
    std::shared_ptr<spdlog::logger> m_log;
    std::thread m_thread;
    std::atomic<State> m_state { State::Starting };
    mutable std::mutex m_failureMutex;
    QString m_failure;
    QString m_lastError;
    QString m_lastSqlState;

    PgConnection m_connection;
    PgConnection m_side; // near a --lock on its deliveries: the session of its heartbeats, tasks and probes
    qint64 m_serverId = 0;
    bool m_creating = false;
    TaskGenerator m_tasks;
    SimRandom m_arrivals;
    SimRandom m_random;
    CacheModel m_cache;
    std::unique_ptr<RedisCache> m_redis; // with --redis
    std::optional<double> m_redisDropAt;
    Clock::time_point m_cacheTime;
    Clock::time_point m_nextRequests = Clock::time_point::max();
    Clock::time_point m_nextHeartbeat;
    Clock::time_point m_nextTask;
    Clock::time_point m_nextPoll;
    std::vector<Clock::time_point> m_nextProbe;
    std::vector<std::optional<Clock::time_point>> m_probeFailingSince;
    QList<double> m_wakeTimes;
    std::optional<double> m_leaveAt;
    QList<FaultPlan::Restart> m_restarts; // --deploy: those still to come
    std::unique_ptr<SimScheduler> m_scheduler;
    std::optional<double> m_crashAt;
};

} // namespace Paddock
