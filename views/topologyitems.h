#pragma once

#include "figures.h"

#include <functional>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

class QGraphicsItem;
class QRectF;

namespace Paddock {

class TopologyAggregateItem;
class TopologyDatabaseItem;
class TopologyNodeItem;
class TopologyRedisItem;
class TopologyScene;
class TopologyStorageItem;
class TopologyZoneItem;

// The items of the topology map by what they show: the database, a card per instance, a box and
// an aggregate per zone, a pill per storage, a card for the Redis. It adds them to the scene (which
// owns them) and removes them; TopologyView decides when.
class TopologyItems {
public:
    explicit TopologyItems(TopologyScene* scene);

    TopologyScene* scene() const { return m_scene; }
    TopologyDatabaseItem* database() const { return m_database; }
    const QHash<qint64, TopologyNodeItem*>& nodes() const { return m_nodes; } // leaving ones included
    const QHash<QString, TopologyZoneItem*>& zones() const { return m_zones; }
    const QHash<QString, TopologyAggregateItem*>& aggregates() const { return m_aggregates; }
    const QHash<qint64, TopologyStorageItem*>& storages() const { return m_storages; }
    TopologyNodeItem* node(qint64 serverId) const { return m_nodes.value(serverId); }
    TopologyZoneItem* zone(const QString& zone) const { return m_zones.value(zone); }
    TopologyAggregateItem* aggregate(const QString& zone) const { return m_aggregates.value(zone); }
    TopologyStorageItem* storage(qint64 storageId) const { return m_storages.value(storageId); }
    TopologyRedisItem* redis() const { return m_redis; } // null without a Redis

    TopologyNodeItem* addNode(qint64 serverId, bool highlighted);
    TopologyNodeItem* takeNode(qint64 serverId); // out of the map; the caller deletes it

    // A zone box of these members (sorted by name) and its aggregate, hidden until placed; both fade
    // in over fadeMs if it is positive.
    TopologyZoneItem* addZone(const QString& zone, const QList<qint64>& ordered, bool collapsed, int fadeMs);
    void removeZone(const QString& zone);
    // Reflows a zone that many left (or that is far too wide) with the members that stay.
    bool compactIfNeeded(TopologyZoneItem* zone);
    // The zone's instances that are not leaving, in slot order.
    QList<const TopologyNodeItem*> liveMembers(const TopologyZoneItem* zone) const;
    // Status counts of every zone and its aggregate; an aggregate is highlighted when one of its
    // instances is selected.
    void updateCounts(const QSet<qint64>& selected);

    // Adds, updates and removes storages; removing(item) is called before an item goes. Returns
    // whether the hub changed (a storage came, went or was renamed).
    bool mergeStorages(
        const QList<StorageFigures>& storages, const std::function<void(const QGraphicsItem*)>& removing);
    // The same for the Redis: whether it came or went.
    bool mergeRedis(
        const std::optional<RedisFigures>& redis, const std::function<void(const QGraphicsItem*)>& removing);

    void clear(); // every item but the database

    // Zone names in layout order: by name, numbers by value, "" (no zone) last.
    QStringList zoneNames() const;
    QList<qint64> sortedByName(QList<qint64> serverIds) const;
    // Columns of a zone of count instance cards.
    static int columnsFor(int count);
    // The card of an instance, aggregate, database, storage or Redis, or the box of a zone, in scene
    // coordinates.
    static QRectF sceneRectOf(const QGraphicsItem* item);

private:
    TopologyScene* m_scene;
    TopologyDatabaseItem* m_database;
    QHash<qint64, TopologyNodeItem*> m_nodes;
    QHash<QString, TopologyZoneItem*> m_zones;
    QHash<QString, TopologyAggregateItem*> m_aggregates;
    QHash<qint64, TopologyStorageItem*> m_storages;
    TopologyRedisItem* m_redis = nullptr;
};

} // namespace Paddock
