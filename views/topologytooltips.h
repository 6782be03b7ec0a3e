#pragma once

#include "figures.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>

namespace Paddock {

class TopologyAggregateItem;
class TopologyNodeItem;
class TopologyRedisItem;
class TopologyStorageItem;
class TopologyZoneItem;

// The texts of the topology map's tooltips: rich text in which every name is escaped.
class TopologyToolTips {
    Q_DECLARE_TR_FUNCTIONS(TopologyToolTips)

public:
    // probes: the instance's latest; stale: "last known figures".
    static QString node(const TopologyNodeItem* node, const QList<ProbeRow>& probes,
        const QHash<qint64, TopologyStorageItem*>& storages, bool stale);
    // members: the zone's instances that are not leaving, in the zone's order.
    static QString aggregate(const TopologyAggregateItem* aggregate, const QList<const TopologyNodeItem*>& members);
    static QString zone(const TopologyZoneItem* zone);
    // hasState: a first snapshot arrived.
    static QString database(const FarmFigures& farm, const DatabaseFigures* database, const QDateTime& generatedAt,
        bool hasState, bool stale);
    // The database server's figures in the lines its node shows: connections against the maximum,
    // blocked sessions and the oldest transaction.
    static QStringList databaseLines(const DatabaseFigures& database);
    static QString storage(const TopologyStorageItem* storage);
    static QString redis(const TopologyRedisItem* redis);

    // "1 instance", "1,234 instances"
    static QString instancesText(int count);
    // The zone as the map names it: "(no zone)" for the instances without one.
    static QString zoneTitle(const QString& zone);
};

} // namespace Paddock
