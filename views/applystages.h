#pragma once

#include <QElapsedTimer>
#include <QList>
#include <string>
#include <utility>

namespace Paddock {

// The parts of one apply of an update and how long each took: the debug log names the slowest.
class ApplyStages {
public:
    ApplyStages();

    // The time this thread ran: on a machine busy with other work the wall time of an apply
    // includes the time it waited for a core.
    double cpuMs() const;
    // The part that ends now, named.
    void mark(const char* part);
    double totalMs() const;
    // "topology 3.1 ms, instances 1.2 ms": the `count` slowest parts, slowest first.
    std::string slowest(int count) const;

private:
    static qint64 threadCpuNs();

    QElapsedTimer m_timer;
    qint64 m_cpuStart = 0;
    qint64 m_last = 0;
    QList<std::pair<const char*, double>> m_parts;
};

} // namespace Paddock
