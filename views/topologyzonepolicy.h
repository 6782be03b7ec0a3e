#pragma once

#include "figures.h"

#include <QList>
#include <QString>

namespace Paddock {

// Which zones of the topology map start collapsed (see TopologyView), without items: a big calm
// zone is one line of counts, a zone with a problem opens so that the problem is one glance away,
// and a large farm shows one zone at a time.
class TopologyZonePolicy {
public:
    // Whether a zone seen for the first time starts collapsed: in a large farm always, else when it
    // has more than threshold instances and none needs attention. threshold 0: never.
    static bool startsCollapsed(qsizetype instances, bool needsAttention, bool largeFarm, int threshold);
    // The zone a large farm opens at the first look: the one with the most instances not
    // responding, then degraded; ties go to the first by name. "" when none is in trouble (and
    // "" is also the zone of the instances without one).
    static QString mostTroubledZone(const QList<ServerFigures>& servers);
};

} // namespace Paddock
