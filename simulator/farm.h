#pragma once

#include "simconfig.h"
#include "simplan.h"
#include "simstats.h"
#include "stopflag.h"
#include "wakepipe.h"

#include <atomic>
#include <memory>
#include <QString>
#include <spdlog/logger.h>
#include <vector>

namespace Paddock {

class DbFaults;
class RedisFaults;
class SimInstance;

// The whole simulated farm: starts the instances (and the joining ones on time), announces the
// faults, prints a summary every 10 s, and stops everything at the end of --duration or on
// SIGINT/SIGTERM.
class Farm {
public:
    Farm(SimConfig config, SimPlan plan);
    ~Farm();
    Farm(const Farm&) = delete;
    Farm& operator=(const Farm&) = delete;

    // Routes SIGINT and SIGTERM to a graceful stop.
    void catchSignals();
    // Runs until the end; the exit status: 0 as planned or stopped by a signal, 1 could not run.
    int run();

private:
    // Whether the server (and Redis, with --redis) answers at all, before any instance starts; says
    // why not when it does not.
    bool canConnect();
    // Starts the instances, the joining ones on time, and announces the faults until the end, a
    // signal or an instance that cannot go on.
    void play();
    void startInstance(const InstanceSpec& spec);
    QString summary(double t, bool final);

    SimConfig m_config;
    SimPlan m_plan;
    StopFlag m_stop;
    SimStats m_stats;
    WakePipe m_wake;
    std::atomic<bool> m_fatal { false };
    std::vector<std::unique_ptr<SimInstance>> m_instances;
    std::unique_ptr<RedisFaults> m_redisFaults;
    std::unique_ptr<DbFaults> m_dbFaults;
    QString m_database; // current_database(): the farm, and the name of its backplane channel
    std::shared_ptr<spdlog::logger> m_log;
    std::chrono::steady_clock::time_point m_start;
    double m_lastSummaryT = 0;
    qint64 m_lastTasks = 0;
    qint64 m_lastProcessed = 0;
};

} // namespace Paddock
