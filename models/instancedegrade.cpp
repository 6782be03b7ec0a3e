#include "instancedegrade.h"

#include "figures.h"

namespace Paddock {

void degradeRunningInstances(FarmSnapshot& snapshot, const std::function<QString(const ServerFigures&)>& reasonOf)
{
    for (ServerFigures& server : snapshot.servers) {
        const bool running = server.status == ServerStatus::Healthy || server.status == ServerStatus::Degraded;
        if (!running)
            continue;
        const QString reason = reasonOf(server);
        if (reason.isEmpty())
            continue;
        if (server.status == ServerStatus::Healthy) {
            --snapshot.farm.byStatus[statusName(ServerStatus::Healthy)];
            ++snapshot.farm.byStatus[statusName(ServerStatus::Degraded)];
        }
        server.status = ServerStatus::Degraded;
        server.reasons.append(reason);
    }
}

} // namespace Paddock
