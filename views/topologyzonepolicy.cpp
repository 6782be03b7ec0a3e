#include "topologyzonepolicy.h"

#include <QMap>
#include <QPair>

namespace Paddock {

bool TopologyZonePolicy::startsCollapsed(qsizetype instances, bool needsAttention, bool largeFarm, int threshold)
{
    return threshold > 0 && (largeFarm || (instances > threshold && !needsAttention));
}

QString TopologyZonePolicy::mostTroubledZone(const QList<ServerFigures>& servers)
{
    QMap<QString, QPair<int, int>> trouble; // zone -> (not responding, degraded)
    for (const ServerFigures& figures : servers) {
        QPair<int, int>& counts = trouble[figures.server.zone];
        counts.first += figures.status == ServerStatus::NotResponding ? 1 : 0;
        counts.second += figures.status == ServerStatus::Degraded ? 1 : 0;
    }
    QString worst;
    QPair<int, int> most { 0, 0 };
    for (auto it = trouble.cbegin(); it != trouble.cend(); ++it) {
        if (it.value() > most) {
            most = it.value();
            worst = it.key();
        }
    }
    return worst;
}

} // namespace Paddock
