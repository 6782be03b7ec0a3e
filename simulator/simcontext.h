#pragma once

#include <chrono>
#include <functional>
#include <QString>

namespace Paddock {

class SimPlan;
class StopFlag;
struct SimConfig;
struct SimStats;

// What every instance of one farm shares. The plan and the configuration are read-only; the stop
// flag and the statistics are thread-safe.
struct SimContext {
    const SimConfig* config = nullptr;
    const SimPlan* plan = nullptr;
    StopFlag* stop = nullptr;
    SimStats* stats = nullptr;
    std::chrono::steady_clock::time_point start; // t = 0 of the fault plan
    std::function<void()> onFatal; // an instance cannot run at all (no schema, no rights)
    QString redisChannel; // with --redis: the backplane channel every instance subscribes to
};

} // namespace Paddock
