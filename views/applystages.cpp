#include "applystages.h"

#include <algorithm>
#include <spdlog/fmt/fmt.h>
#include <time.h>

namespace Paddock {

ApplyStages::ApplyStages()
    : m_cpuStart(threadCpuNs())
{
    m_timer.start();
}

double ApplyStages::cpuMs() const
{
    return double(threadCpuNs() - m_cpuStart) / 1e6;
}

void ApplyStages::mark(const char* part)
{
    const qint64 now = m_timer.nsecsElapsed();
    m_parts.append({ part, double(now - m_last) / 1e6 });
    m_last = now;
}

double ApplyStages::totalMs() const
{
    return double(m_timer.nsecsElapsed()) / 1e6;
}

std::string ApplyStages::slowest(int count) const
{
    QList<std::pair<const char*, double>> parts = m_parts;
    std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string text;
    for (qsizetype i = 0; i < std::min<qsizetype>(count, parts.size()); ++i)
        text += fmt::format("{}{} {:.1f} ms", i == 0 ? "" : ", ", parts[i].first, parts[i].second);
    return text;
}

qint64 ApplyStages::threadCpuNs()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

} // namespace Paddock
