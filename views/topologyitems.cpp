#include "topologyitems.h"

#include "topologyaggregateitem.h"
#include "topologydatabaseitem.h"
#include "topologyglyph.h"
#include "topologylayout.h"
#include "topologynodeitem.h"
#include "topologyredisitem.h"
#include "topologyscene.h"
#include "topologystorageitem.h"
#include "topologytooltips.h"
#include "topologyzoneitem.h"

#include <QCollator>
#include <QPropertyAnimation>

namespace Paddock {

TopologyItems::TopologyItems(TopologyScene* scene)
    : m_scene(scene)
    , m_database(new TopologyDatabaseItem)
{
    m_scene->addItem(m_database);
}

TopologyNodeItem* TopologyItems::addNode(qint64 serverId, bool highlighted)
{
    auto* node = new TopologyNodeItem(serverId);
    node->setHighlighted(highlighted);
    m_scene->addItem(node);
    m_nodes.insert(serverId, node);
    return node;
}

TopologyNodeItem* TopologyItems::takeNode(qint64 serverId)
{
    return m_nodes.take(serverId);
}

TopologyZoneItem* TopologyItems::addZone(const QString& name, const QList<qint64>& ordered, bool collapsed, int fadeMs)
{
    auto* zone = new TopologyZoneItem(name);
    zone->setTitle(TopologyToolTips::zoneTitle(name));
    zone->setVisible(false); // until it is placed
    zone->reflow(ordered, columnsFor(int(ordered.size())));
    zone->setCollapsed(collapsed);
    m_scene->addItem(zone);
    m_zones.insert(name, zone);
    auto* aggregate = new TopologyAggregateItem(name);
    aggregate->setTitle(TopologyToolTips::zoneTitle(name));
    m_scene->addItem(aggregate);
    m_aggregates.insert(name, aggregate);
    if (fadeMs > 0) {
        for (QGraphicsObject* item :
            { static_cast<QGraphicsObject*>(zone), static_cast<QGraphicsObject*>(aggregate) }) {
            item->setOpacity(0.0);
            auto* animation = new QPropertyAnimation(item, "opacity", item);
            animation->setDuration(fadeMs);
            animation->setEndValue(1.0);
            animation->start(QAbstractAnimation::DeleteWhenStopped);
        }
    }
    return zone;
}

void TopologyItems::removeZone(const QString& name)
{
    delete m_zones.take(name);
    delete m_aggregates.take(name);
}

bool TopologyItems::compactIfNeeded(TopologyZoneItem* zone)
{
    if (!zone->needsCompaction())
        return false;
    // Leavers give up their slot here; they fade out where they are.
    QList<qint64> staying;
    const QList<qint64> members = zone->members();
    for (qint64 id : members) {
        if (!m_nodes.value(id)->isLeaving())
            staying.append(id);
    }
    const QList<qint64> ordered = sortedByName(staying);
    zone->reflow(ordered, columnsFor(int(ordered.size())));
    return true;
}

QList<const TopologyNodeItem*> TopologyItems::liveMembers(const TopologyZoneItem* zone) const
{
    QList<const TopologyNodeItem*> result;
    const QList<qint64> members = zone->members();
    for (qint64 id : members) {
        const TopologyNodeItem* node = m_nodes.value(id);
        if (node && !node->isLeaving())
            result.append(node);
    }
    return result;
}

void TopologyItems::updateCounts(const QSet<qint64>& selected)
{
    for (auto it = m_zones.cbegin(); it != m_zones.cend(); ++it) {
        QStringList statuses;
        bool highlighted = false;
        int skewed = 0;
        const QList<const TopologyNodeItem*> members = liveMembers(it.value());
        for (const TopologyNodeItem* node : members) {
            statuses.append(node->status());
            highlighted = highlighted || selected.contains(node->serverId());
            skewed += node->isVersionSkewed() ? 1 : 0;
        }
        const QList<TopologyStatusCount> counts = TopologyGlyph::count(statuses);
        it.value()->setCounts(counts);
        if (TopologyAggregateItem* aggregate = m_aggregates.value(it.key())) {
            aggregate->setCounts(counts);
            aggregate->setHighlighted(highlighted);
            aggregate->setVersionSkewed(skewed);
        }
    }
}

bool TopologyItems::mergeStorages(
    const QList<StorageFigures>& storages, const std::function<void(const QGraphicsItem*)>& removing)
{
    bool changed = false;
    QSet<qint64> present;
    for (const StorageFigures& figures : storages) {
        present.insert(figures.storage.id);
        TopologyStorageItem* item = m_storages.value(figures.storage.id);
        if (!item) {
            item = new TopologyStorageItem(figures.storage.id);
            m_scene->addItem(item);
            m_storages.insert(figures.storage.id, item);
            changed = true;
        }
        if (item->figures().storage.name != figures.storage.name)
            changed = true; // the ring is ordered by name
        item->setFigures(figures);
    }
    const QList<qint64> ids = m_storages.keys();
    for (qint64 id : ids) {
        if (!present.contains(id)) {
            removing(m_storages.value(id));
            delete m_storages.take(id);
            changed = true;
        }
    }
    return changed;
}

bool TopologyItems::mergeRedis(
    const std::optional<RedisFigures>& redis, const std::function<void(const QGraphicsItem*)>& removing)
{
    if (!redis) {
        if (!m_redis)
            return false;
        removing(m_redis);
        delete std::exchange(m_redis, nullptr);
        return true;
    }
    const bool added = !m_redis;
    if (added) {
        m_redis = new TopologyRedisItem;
        m_scene->addItem(m_redis);
    }
    m_redis->setFigures(*redis);
    return added;
}

void TopologyItems::clear()
{
    const QList<TopologyNodeItem*> nodes = m_nodes.values();
    m_nodes.clear();
    qDeleteAll(nodes);
    const QStringList zoneNames = m_zones.keys();
    for (const QString& name : zoneNames)
        removeZone(name);
    const QList<TopologyStorageItem*> storages = m_storages.values();
    m_storages.clear();
    qDeleteAll(storages);
    delete std::exchange(m_redis, nullptr);
}

QStringList TopologyItems::zoneNames() const
{
    QStringList names = m_zones.keys();
    QCollator collator;
    collator.setNumericMode(true);
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    std::sort(names.begin(), names.end(), [&](const QString& a, const QString& b) {
        if (a.isEmpty() != b.isEmpty())
            return b.isEmpty();
        return collator.compare(a, b) < 0;
    });
    return names;
}

QList<qint64> TopologyItems::sortedByName(QList<qint64> ids) const
{
    QCollator collator;
    collator.setNumericMode(true);
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    std::sort(ids.begin(), ids.end(), [&](qint64 a, qint64 b) {
        return collator.compare(m_nodes.value(a)->figures().server.name, m_nodes.value(b)->figures().server.name) < 0;
    });
    return ids;
}

int TopologyItems::columnsFor(int count)
{
    const QSizeF cell(
        TopologyNodeItem::Width + TopologyZoneItem::Spacing, TopologyNodeItem::Height + TopologyZoneItem::Spacing);
    return TopologyLayout::columnsFor(count, cell);
}

QRectF TopologyItems::sceneRectOf(const QGraphicsItem* item)
{
    switch (item->type()) {
    case TopologyNodeItem::Type:
        return item->mapRectToScene(static_cast<const TopologyNodeItem*>(item)->cardRect());
    case TopologyAggregateItem::Type:
        return item->mapRectToScene(static_cast<const TopologyAggregateItem*>(item)->cardRect());
    case TopologyZoneItem::Type:
        return item->mapRectToScene(static_cast<const TopologyZoneItem*>(item)->boxRect());
    case TopologyDatabaseItem::Type:
        return item->mapRectToScene(static_cast<const TopologyDatabaseItem*>(item)->cardRect());
    case TopologyStorageItem::Type:
        return item->mapRectToScene(static_cast<const TopologyStorageItem*>(item)->cardRect());
    case TopologyRedisItem::Type:
        return item->mapRectToScene(static_cast<const TopologyRedisItem*>(item)->cardRect());
    }
    return item->sceneBoundingRect();
}

} // namespace Paddock
