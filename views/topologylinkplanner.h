#pragma once

#include "figures.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

namespace Paddock {

// How a link of the topology map is drawn: fresh and ok links thin and continuous, late ones
// dashed, lost and failed ones broken by a ✖; idle links (no instance that beats) grey; links to a
// Redis that answers but is degraded in its colour.
enum class TopologyLinkState { Fresh, Ageing, Lost, Idle, ProbeOk, ProbeFailed, Degraded };

// One end of a link: the database, a storage, the Redis, a zone (its box or its aggregate) or an
// instance.
struct TopologyLinkEnd {
    enum class Kind { Database, Storage, Zone, Instance, Redis };
    Kind kind = Kind::Database;
    qint64 id = 0; // of the storage or the instance
    QString zone; // of Kind::Zone

    static TopologyLinkEnd database() { return {}; }
    static TopologyLinkEnd storage(qint64 storageId) { return { Kind::Storage, storageId, {} }; }
    static TopologyLinkEnd zoneOf(const QString& zone) { return { Kind::Zone, 0, zone }; }
    static TopologyLinkEnd instance(qint64 serverId) { return { Kind::Instance, serverId, {} }; }
    static TopologyLinkEnd redis() { return { Kind::Redis, 0, {} }; }
    bool operator==(const TopologyLinkEnd&) const = default;
};

// A link the map should show.
struct TopologyLink {
    // "trunk:<zone>", "heartbeat:<server id>", "probe:<server id>:<storage id>",
    // "zoneprobe:<zone>:<storage id>", "redis:<zone>", "redislink:<server id>"
    QString key;
    TopologyLinkEnd from; // a zone or an instance
    TopologyLinkEnd to; // the database, a storage or the Redis
    TopologyLinkState state = TopologyLinkState::Fresh;
    QString label;
    QString toolTip; // rich text; every name in it is escaped
    bool emphasised = false; // a link of the hovered or selected instances
};

// The link policy of the topology map, without items: which links exist between the instances,
// the zones, the database, the storages and the Redis, and how each looks (see TopologyView).
// Links stay few at any farm size so that the exceptions stand out.
//
// The Redis is linked as the database is: each zone has one link to it for its running instances,
// in the colour of the redis status (failing: broken; not read yet: idle); up to
// IndividualLinkLimit instances of a zone without a connection get a broken link each (and the
// zone's link is left out when it carries nobody else), more (or any in a collapsed zone) break the
// zone's link itself with the count.
class TopologyLinkPlanner {
public:
    // Late or lost instances of a zone with a link each; more make the trunk itself late or lost.
    // The same limit holds for instances failing to reach a storage.
    static constexpr int IndividualLinkLimit = 3;
    // A larger selection shows no links of its own.
    static constexpr int SelectionLinkLimit = 12;

    struct Zone {
        QString name; // "" for the instances without a zone
        QString title; // as the map shows it
        bool collapsed = false;
        QList<qint64> members; // server ids
    };
    struct Instance {
        ServerFigures figures;
        bool leaving = false; // fading out: no links
        bool visible = true; // false in a collapsed zone
    };
    struct Farm {
        QList<Zone> zones;
        QHash<qint64, Instance> instances; // by server id
        QHash<qint64, QString> storages; // names by storage id
        QHash<qint64, QList<ProbeRow>> probes; // the latest of each instance, by server id
        qint64 hovered = 0; // server id, 0: none
        QSet<qint64> selected;
        double ageingS = 10.0; // a heartbeat older than this is late
        double lostS = 30.0; // from this it is lost
        std::optional<RedisFigures> redis; // the farm's Redis, when one is configured
    };

    // Each key once, in the order the links were first planned.
    static QList<TopologyLink> plan(const Farm& farm);
};

} // namespace Paddock
