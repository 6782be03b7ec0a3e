#include "topologyzoneitem.h"

#include "topologyaggregateitem.h"
#include "topologylayout.h"
#include "topologynodeitem.h"
#include "topologyscene.h"

#include <cmath>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionGraphicsItem>

namespace Paddock {

namespace {

// Zoomed out, the header text grows above the box to stay readable; the bounding rect allows it.
constexpr qreal HeaderOverflow = 48.0;

const QSizeF Cell(
    TopologyNodeItem::Width + TopologyZoneItem::Spacing, TopologyNodeItem::Height + TopologyZoneItem::Spacing);

} // namespace

TopologyZoneItem::TopologyZoneItem(const QString& zone, QGraphicsItem* parent)
    : QGraphicsObject(parent)
    , m_zone(zone)
    , m_title(zone)
{
    setZValue(0);
}

void TopologyZoneItem::setTitle(const QString& title)
{
    if (m_title == title)
        return;
    m_title = title;
    update();
}

void TopologyZoneItem::geometryChanging()
{
    prepareGeometryChange();
}

void TopologyZoneItem::setCollapsed(bool collapsed)
{
    if (m_collapsed == collapsed)
        return;
    geometryChanging();
    m_collapsed = collapsed;
}

QList<qint64> TopologyZoneItem::members() const
{
    QList<qint64> result;
    result.reserve(m_slotOf.size());
    for (qint64 id : m_slots) {
        if (id != 0)
            result.append(id);
    }
    return result;
}

void TopologyZoneItem::addMember(qint64 serverId)
{
    if (serverId == 0 || m_slotOf.contains(serverId))
        return;
    const qsizetype free = m_slots.indexOf(0);
    if (free >= 0) {
        m_slots[free] = serverId;
        m_slotOf.insert(serverId, int(free));
        return;
    }
    geometryChanging();
    m_slots.append(serverId);
    m_slotOf.insert(serverId, int(m_slots.size() - 1));
}

void TopologyZoneItem::removeMember(qint64 serverId)
{
    const auto it = m_slotOf.constFind(serverId);
    if (it == m_slotOf.constEnd())
        return;
    m_slots[*it] = 0;
    m_slotOf.erase(it);
    if (!m_slots.isEmpty() && m_slots.constLast() == 0) {
        geometryChanging();
        while (!m_slots.isEmpty() && m_slots.constLast() == 0)
            m_slots.removeLast();
    }
}

void TopologyZoneItem::reflow(const QList<qint64>& ordered, int columns)
{
    geometryChanging();
    m_columns = qMax(1, columns);
    m_slots.clear();
    m_slotOf.clear();
    for (qint64 id : ordered) {
        if (id == 0 || m_slotOf.contains(id))
            continue;
        m_slots.append(id);
        m_slotOf.insert(id, int(m_slots.size() - 1));
    }
}

void TopologyZoneItem::widen(int columns)
{
    if (columns <= m_columns)
        return;
    geometryChanging();
    QList<qint64> slots;
    for (qsizetype i = 0; i < m_slots.size(); ++i) {
        if (m_slots[i] == 0)
            continue;
        const qsizetype slot = (i / m_columns) * columns + i % m_columns;
        if (slots.size() <= slot)
            slots.resize(slot + 1, 0);
        slots[slot] = m_slots[i];
        m_slotOf.insert(m_slots[i], int(slot));
    }
    m_slots = slots;
    m_columns = columns;
}

bool TopologyZoneItem::needsCompaction() const
{
    const int count = memberCount();
    if (count == 0)
        return false;
    const int ideal = TopologyLayout::columnsFor(count, Cell);
    const qsizetype holes = m_slots.size() - count;
    return holes > count / 2 + 2 || (m_columns > 2 && 2 * ideal < m_columns);
}

QSizeF TopologyZoneItem::boxSize() const
{
    if (m_collapsed) {
        return { qMax(MinimumWidth, TopologyAggregateItem::Width + 2 * Padding),
            HeaderHeight + TopologyAggregateItem::Height + Padding + 4 };
    }
    const int columns = m_columns;
    const int rows = qMax(1, int((m_slots.size() + m_columns - 1) / m_columns));
    const qreal gridWidth = columns * TopologyNodeItem::Width + (columns - 1) * Spacing;
    const qreal gridHeight = rows * TopologyNodeItem::Height + (rows - 1) * Spacing;
    return { qMax(MinimumWidth, gridWidth + 2 * Padding), HeaderHeight + gridHeight + Padding };
}

QRectF TopologyZoneItem::headerRect() const
{
    return { 0, 0, boxSize().width(), HeaderHeight };
}

QRectF TopologyZoneItem::chevronRect() const
{
    return { Padding - 4, 4, 24, HeaderHeight - 8 };
}

QPointF TopologyZoneItem::slotOffset(qint64 serverId) const
{
    const int slot = m_slotOf.value(serverId, 0);
    const int columns = m_columns;
    const qreal gridWidth = columns * TopologyNodeItem::Width + (columns - 1) * Spacing;
    const qreal left = (boxSize().width() - gridWidth) / 2;
    return { left + (slot % m_columns) * Cell.width(), HeaderHeight + (slot / m_columns) * Cell.height() };
}

QPointF TopologyZoneItem::aggregateOffset() const
{
    return { (boxSize().width() - TopologyAggregateItem::Width) / 2, HeaderHeight };
}

void TopologyZoneItem::setCounts(const QList<TopologyStatusCount>& counts)
{
    if (m_counts == counts)
        return;
    m_counts = counts;
    update();
}

QRectF TopologyZoneItem::boundingRect() const
{
    return boxRect().adjusted(-2, -HeaderOverflow, 2, 2);
}

QPainterPath TopologyZoneItem::shape() const
{
    QPainterPath path;
    path.addRect(boxRect());
    return path;
}

void TopologyZoneItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const TopologyScene* scene = TopologyScene::of(this);
    if (!scene)
        return;
    const qreal detail = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF box = boxRect();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(scene->lineColour(), 1.0));
    painter->setBrush(scene->zoneColour());
    painter->drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 10, 10);

    // Chevron: ▾ expanded, ▸ collapsed.
    const QRectF chevron = chevronRect();
    const qreal s = 5.0;
    const QPointF c(chevron.center().x(), HeaderHeight / 2 + 1);
    QPainterPath arrow;
    if (m_collapsed) {
        arrow.moveTo(c + QPointF(-s * 0.6, -s));
        arrow.lineTo(c + QPointF(s * 0.8, 0));
        arrow.lineTo(c + QPointF(-s * 0.6, s));
    } else {
        arrow.moveTo(c + QPointF(-s, -s * 0.6));
        arrow.lineTo(c + QPointF(s, -s * 0.6));
        arrow.lineTo(c + QPointF(0, s * 0.8));
    }
    arrow.closeSubpath();
    painter->setPen(Qt::NoPen);
    painter->setBrush(scene->dimTextColour());
    painter->drawPath(arrow);

    // Title and counts, anchored to the header's baseline so that a grown font rises above the box.
    const QFont titleFont = scene->readableFont(1.08, detail, true);
    const QFont countsFont = scene->readableFont(0.95, detail);
    const QFontMetricsF titleMetrics(titleFont);
    const qreal lineHeight = qMax(titleMetrics.height(), QFontMetricsF(countsFont).height());
    const qreal bottom = HeaderHeight - 4;
    const qreal left = chevron.right() + 2;
    const qreal right = box.width() - Padding;
    const QRectF line(left, bottom - lineHeight, right - left, lineHeight);
    const qreal countsWidth = m_collapsed ? 0.0 : TopologyGlyph::countsWidth(m_counts, countsFont);
    const qreal titleWidth = titleMetrics.horizontalAdvance(m_title);
    const bool showCounts = countsWidth > 0 && titleWidth + countsWidth + 16 <= line.width();
    painter->setFont(titleFont);
    painter->setPen(scene->textColour());
    const qreal titleSpace = showCounts ? line.width() - countsWidth - 16 : line.width();
    painter->drawText(QRectF(line.left(), line.top(), titleSpace, line.height()), Qt::AlignLeft | Qt::AlignVCenter,
        titleMetrics.elidedText(m_title, Qt::ElideRight, titleSpace));
    if (showCounts)
        TopologyGlyph::paintCounts(painter, line, m_counts, countsFont, scene, Qt::AlignRight);
}

} // namespace Paddock
