#include "stopflag.h"

#include <algorithm>

namespace Paddock {

void StopFlag::request()
{
    {
        std::lock_guard lock(m_mutex);
        m_requested.store(true, std::memory_order_release);
    }
    m_condition.notify_all();
}

bool StopFlag::waitUntil(Clock::time_point deadline)
{
    // A far deadline (time_point::max() for "never") would overflow inside the wait.
    deadline = std::min(deadline, Clock::now() + std::chrono::hours(1));
    std::unique_lock lock(m_mutex);
    return m_condition.wait_until(lock, deadline, [this] { return isRequested(); });
}

} // namespace Paddock
