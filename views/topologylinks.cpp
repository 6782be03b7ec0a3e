#include "topologylinks.h"

#include "plaintooltips.h"
#include "topologyaggregateitem.h"
#include "topologydatabaseitem.h"
#include "topologyitems.h"
#include "topologylayout.h"
#include "topologylinkitem.h"
#include "topologynodeitem.h"
#include "topologyredisitem.h"
#include "topologyscene.h"
#include "topologystorageitem.h"
#include "topologyzoneitem.h"

namespace Paddock {

TopologyLinks::TopologyLinks(const TopologyItems& items)
    : m_items(items)
{
}

void TopologyLinks::apply(const QList<TopologyLink>& plan)
{
    QHash<QString, const TopologyLink*> wanted;
    for (const TopologyLink& link : plan)
        wanted.insert(link.key, &link);
    for (auto it = m_links.begin(); it != m_links.end();) {
        if (!wanted.contains(it.key())) {
            delete it.value();
            m_ends.remove(it.key());
            it = m_links.erase(it);
        } else {
            ++it;
        }
    }
    for (auto it = wanted.cbegin(); it != wanted.cend(); ++it) {
        const TopologyLink& wish = *it.value();
        TopologyLinkItem* link = m_links.value(it.key());
        if (!link) {
            link = new TopologyLinkItem(it.key());
            m_items.scene()->addItem(link);
            m_links.insert(it.key(), link);
        }
        link->setAppearance(wish.state, wish.label, wish.emphasised);
        link->setToolTip(PlainToolTips::rich(wish.toolTip));
        m_ends.insert(it.key(), { itemOf(wish.from), itemOf(wish.to) });
    }
}

const QGraphicsItem* TopologyLinks::itemOf(const TopologyLinkEnd& end) const
{
    switch (end.kind) {
    case TopologyLinkEnd::Kind::Database:
        return m_items.database();
    case TopologyLinkEnd::Kind::Storage:
        return m_items.storage(end.id);
    case TopologyLinkEnd::Kind::Zone:
        return m_items.zone(end.zone);
    case TopologyLinkEnd::Kind::Instance:
        return m_items.node(end.id);
    case TopologyLinkEnd::Kind::Redis:
        return m_items.redis();
    }
    return nullptr;
}

void TopologyLinks::forget(const QGraphicsItem* item)
{
    for (auto it = m_ends.begin(); it != m_ends.end();) {
        if (it->from == item || it->to == item) {
            delete m_links.take(it.key());
            it = m_ends.erase(it);
        } else {
            ++it;
        }
    }
}

void TopologyLinks::clear()
{
    const QList<TopologyLinkItem*> links = m_links.values();
    m_links.clear();
    m_ends.clear();
    qDeleteAll(links);
}

void TopologyLinks::updateGeometry(qreal labelGrow)
{
    // What labels keep clear of: the hub's items and the zone boxes.
    QList<QRectF> obstacles { TopologyItems::sceneRectOf(m_items.database()) };
    for (const TopologyStorageItem* storage : m_items.storages())
        obstacles.append(TopologyItems::sceneRectOf(storage));
    if (m_items.redis())
        obstacles.append(TopologyItems::sceneRectOf(m_items.redis()));
    for (const TopologyZoneItem* zone : m_items.zones())
        obstacles.append(TopologyItems::sceneRectOf(zone));
    // Sorted, so that labels are placed in the same order every time; each placed label is in
    // the way of the next ones.
    QStringList keys = m_links.keys();
    std::sort(keys.begin(), keys.end());
    QList<QRectF> placed;
    for (const QString& key : std::as_const(keys)) {
        TopologyLinkItem* link = m_links.value(key);
        const Ends ends = m_ends.value(key);
        if (!ends.from || !ends.to)
            continue;
        const QLineF line
            = TopologyLayout::between(TopologyItems::sceneRectOf(ends.from), TopologyItems::sceneRectOf(ends.to));
        const bool labelled = !link->label().isEmpty() || TopologyLinkItem::isBroken(link->state());
        link->setLine(
            line, labelled ? labelPosition(line, ends, link->label().size(), obstacles, labelGrow, placed) : 0.5);
    }
}

qreal TopologyLinks::labelPosition(const QLineF& line, const Ends& ends, qsizetype labelChars,
    const QList<QRectF>& obstacles, qreal labelGrow, QList<QRectF>& placed) const
{
    // The label goes on the stretch outside the instance's zone.
    QLineF open = line;
    if (ends.from->type() == TopologyNodeItem::Type) {
        const auto* node = static_cast<const TopologyNodeItem*>(ends.from);
        if (const TopologyZoneItem* zone = m_items.zone(node->figures().server.zone))
            open = TopologyLayout::between(TopologyItems::sceneRectOf(zone), TopologyItems::sceneRectOf(ends.to));
    }
    return TopologyLayout::labelPosition(line, open, obstacles + placed, labelChars, labelGrow, placed);
}

} // namespace Paddock
