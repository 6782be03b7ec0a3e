#include "topologyarranger.h"

#include "topologyaggregateitem.h"
#include "topologydatabaseitem.h"
#include "topologyitems.h"
#include "topologylayout.h"
#include "topologynodeitem.h"
#include "topologyredisitem.h"
#include "topologystorageitem.h"
#include "topologyzoneitem.h"

#include <QVariantAnimation>

namespace Paddock {

TopologyArranger::TopologyArranger(const TopologyItems& items, QObject* parent)
    : QObject(parent)
    , m_items(items)
    , m_moveAnimation(new QVariantAnimation(this))
{
    m_moveAnimation->setStartValue(0.0);
    m_moveAnimation->setEndValue(1.0);
    m_moveAnimation->setDuration(MoveMs);
    m_moveAnimation->setEasingCurve(QEasingCurve::OutCubic);
    connect(m_moveAnimation, &QVariantAnimation::valueChanged, this,
        [this](const QVariant& value) { applyMoves(value.toReal()); });
}

TopologyArranger::~TopologyArranger()
{
    m_moveAnimation->stop();
}

void TopologyArranger::clear()
{
    m_moveAnimation->stop();
    m_moves.clear();
    m_unplaced.clear();
    m_zoneTargets.clear();
}

void TopologyArranger::arrange(bool recomputeRing, bool animate, qreal aspect, bool realViewport, qreal hubScale)
{
    const QStringList names = m_items.zoneNames();
    QList<QSizeF> sizes;
    for (const QString& name : names)
        sizes.append(m_items.zone(name)->boxSize());
    QList<TopologyStorageItem*> storages = m_items.storages().values();
    std::sort(storages.begin(), storages.end(), [](const TopologyStorageItem* a, const TopologyStorageItem* b) {
        return a->figures().storage.name < b->figures().storage.name;
    });
    QList<qint64> storageIds;
    for (const TopologyStorageItem* storage : std::as_const(storages))
        storageIds.append(storage->storageId());

    const bool redis = m_items.redis() != nullptr;
    if (recomputeRing || !zonesStillFit(names, sizes, storageIds.size() + (redis ? 1 : 0)))
        arrangeRing(names, sizes, storageIds, redis, aspect, realViewport);
    setHubScale(hubScale);

    // Where everything goes, and what has to travel to get there.
    finishMoves();
    m_moves.clear();
    placeZones(names, animate);
    if (!m_moves.isEmpty()) {
        m_moveAnimation->setCurrentTime(0);
        m_moveAnimation->start();
    }
}

bool TopologyArranger::zonesStillFit(const QStringList& names, const QList<QSizeF>& sizes, qsizetype hubItems) const
{
    // Sticky: zones stay where they are while they still fit there.
    QList<QRectF> boxes;
    for (qsizetype i = 0; i < names.size(); ++i) {
        const auto it = m_zoneTargets.constFind(names[i]);
        if (it == m_zoneTargets.constEnd())
            return false;
        boxes.append(QRectF(*it, sizes[i]));
    }
    if (hubItems != m_storageCentres.size() + (m_redisCentre ? 1 : 0))
        return false;
    return !TopologyLayout::overlaps(boxes, m_hubRect, ZoneGap);
}

void TopologyArranger::arrangeRing(const QStringList& names, const QList<QSizeF>& sizes, const QList<qint64>& storages,
    bool redis, qreal aspect, bool realViewport)
{
    m_arrangedForViewport = realViewport;
    // The same zones keep their directions (collapsing one must not swing the others around
    // the hub); a new set of zones gets the rotation that fits the viewport best.
    const int rotation = names == m_ringZones ? m_ringRotation : -1;
    // The Redis takes a storage's place around the database: each place is as large as the largest.
    const QSizeF place = redis ? QSizeF(std::max(TopologyStorageItem::Width, TopologyRedisItem::Width),
                             std::max(TopologyStorageItem::Height, TopologyRedisItem::Height))
                               : QSizeF(TopologyStorageItem::Width, TopologyStorageItem::Height);
    const TopologyLayout::Arrangement arrangement
        = TopologyLayout::arrange(sizes, int(storages.size()) + (redis ? 1 : 0), place,
            QSizeF(TopologyDatabaseItem::Width, TopologyDatabaseItem::Height), HubMaxScale, ZoneGap, aspect, rotation);
    m_ringZones = names;
    m_ringRotation = arrangement.rotation;
    m_zoneTargets.clear();
    for (qsizetype i = 0; i < names.size(); ++i)
        m_zoneTargets.insert(names[i], arrangement.zones[i]);
    m_storageCentres.clear();
    for (qsizetype i = 0; i < storages.size(); ++i)
        m_storageCentres.insert(storages[i], arrangement.storages[i]);
    m_redisCentre = redis ? std::optional(arrangement.storages.constLast()) : std::nullopt;
    m_hubRect = arrangement.hub;
}

void TopologyArranger::placeZones(const QStringList& names, bool animate)
{
    auto place = [&](QGraphicsObject* item, const QPointF& from, const QPointF& target, bool jump) {
        if (animate && !jump && from != target) {
            item->setPos(from);
            m_moves.append({ item, from, target });
        } else {
            item->setPos(target);
        }
    };
    QRectF content = m_hubRect;
    for (const QString& name : names) {
        TopologyZoneItem* zone = m_items.zone(name);
        const QPointF target = m_zoneTargets.value(name);
        const QPointF from = zone->pos();
        const bool newZone = from.isNull() && !zone->isVisible();
        // What appears (a zone's aggregate or members) rides along with its box; what was shown
        // moves from where it is.
        const auto start = [&](const QGraphicsObject* item, const QPointF& offset) {
            return item->isVisible() ? item->pos() : from + offset;
        };
        place(zone, from, target, newZone);
        zone->setVisible(true);
        content |= QRectF(target, zone->boxSize());
        TopologyAggregateItem* aggregate = m_items.aggregate(name);
        const QPointF aggregateOffset = zone->aggregateOffset();
        place(aggregate, start(aggregate, aggregateOffset), target + aggregateOffset, newZone || !zone->isCollapsed());
        aggregate->setVisible(zone->isCollapsed());
        const QList<qint64> members = zone->members();
        for (qint64 id : members) {
            TopologyNodeItem* node = m_items.node(id);
            if (!node)
                continue;
            const QPointF offset = zone->slotOffset(id);
            place(
                node, start(node, offset), target + offset, newZone || m_unplaced.contains(id) || zone->isCollapsed());
            node->setVisible(!zone->isCollapsed());
            m_unplaced.remove(id);
        }
    }
    m_contentRect = content;
}

void TopologyArranger::setHubScale(qreal scale)
{
    m_items.database()->setScale(scale);
    m_items.database()->setPos(0, 0);
    for (auto it = m_items.storages().cbegin(); it != m_items.storages().cend(); ++it) {
        it.value()->setScale(scale);
        it.value()->setPos(m_storageCentres.value(it.key()) * scale);
    }
    if (TopologyRedisItem* redis = m_items.redis()) {
        redis->setScale(scale);
        redis->setPos(m_redisCentre.value_or(QPointF()) * scale);
    }
    Q_EMIT moved();
}

void TopologyArranger::finishMoves()
{
    if (m_moveAnimation->state() == QAbstractAnimation::Running) {
        m_moveAnimation->stop();
        applyMoves(1.0);
    }
}

void TopologyArranger::applyMoves(qreal progress)
{
    for (const Move& move : std::as_const(m_moves)) {
        if (move.item)
            move.item->setPos(move.from + (move.to - move.from) * progress);
    }
    if (progress >= 1.0)
        m_moves.clear();
    Q_EMIT moved();
}

} // namespace Paddock
