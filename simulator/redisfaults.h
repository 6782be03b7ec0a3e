#pragma once

#include "faultplan.h"
#include "simconfig.h"
#include "simredis.h"

#include <chrono>
#include <optional>
#include <QByteArray>
#include <QList>
#include <thread>

namespace Paddock {

class StopFlag;

// The faults of the Redis server itself (--redis-slow, --redis-evict), played on time from a control
// connection of the simulator's own (named paddock-sim-control, so no instance's). Whatever it
// changes in the server's configuration it restores when the farm stops: at the end of --duration,
// on Ctrl+C or SIGTERM (not on a second signal, which exits at once).
class RedisFaults {
public:
    using Clock = std::chrono::steady_clock;

    RedisFaults(const RedisAddress& address, const FaultPlan& faults, StopFlag* stop, Clock::time_point start);
    ~RedisFaults();
    RedisFaults(const RedisFaults&) = delete;
    RedisFaults& operator=(const RedisFaults&) = delete;

    // Whether the plan holds a fault of the server: else there is nothing to start.
    static bool needed(const FaultPlan& faults);
    void start();
    // Waits for the thread, which restores the configuration once the farm stops.
    void join();

private:
    void run();
    // Slow: every client waits up to PauseMs, once per PausePeriodMs.
    void pause();
    // Evict: maxmemory a quarter of the data set below the used memory, policy allkeys-lru.
    void evict();
    void restore();
    std::optional<QByteArray> configValue(const QByteArray& name);
    Clock::time_point timeAt(double t) const;

    SimRedis m_control;
    QList<FaultEvent> m_events; // redis-slow and redis-evict, by time
    StopFlag* m_stop;
    Clock::time_point m_start;
    std::thread m_thread;
    std::optional<QByteArray> m_savedMaxmemory;
    std::optional<QByteArray> m_savedPolicy;
};

} // namespace Paddock
