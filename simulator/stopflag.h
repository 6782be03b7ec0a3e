#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace Paddock {

// The farm-wide stop request. Every instance thread sleeps on it, so a stop wakes them all at once.
class StopFlag {
public:
    using Clock = std::chrono::steady_clock;

    void request();
    bool isRequested() const { return m_requested.load(std::memory_order_acquire); }
    // Sleeps until the deadline or a stop request, whichever comes first; true when stop was requested.
    bool waitUntil(Clock::time_point deadline);

private:
    std::atomic<bool> m_requested { false };
    std::mutex m_mutex;
    std::condition_variable m_condition;
};

} // namespace Paddock
