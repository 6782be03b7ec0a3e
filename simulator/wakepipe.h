#pragma once

#include <chrono>

namespace Paddock {

// A self-pipe: wake() may be called from any thread and from a signal handler; one thread sleeps in
// waitUntil(). SIGINT and SIGTERM can be routed to it, so that Ctrl+C wakes the farm at once.
class WakePipe {
public:
    using Clock = std::chrono::steady_clock;

    WakePipe();
    ~WakePipe();
    WakePipe(const WakePipe&) = delete;
    WakePipe& operator=(const WakePipe&) = delete;

    void wake();
    // Sleeps until wake() or the deadline; true when woken. Pending wake-ups are consumed.
    bool waitUntil(Clock::time_point deadline);

    // SIGINT and SIGTERM wake this pipe and set signalled(); a second one exits at once, for a
    // shutdown that hangs on an unreachable database.
    void catchTerminationSignals();
    static bool signalled();
    static int lastSignal();

private:
    int m_read = -1;
    int m_write = -1;
};

} // namespace Paddock
