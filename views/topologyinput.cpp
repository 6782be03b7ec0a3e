#include "topologyinput.h"

#include "topologyaggregateitem.h"
#include "topologydatabaseitem.h"
#include "topologylinkitem.h"
#include "topologynodeitem.h"
#include "topologyredisitem.h"
#include "topologystorageitem.h"
#include "topologytooltips.h"
#include "topologyview.h"
#include "topologyzoneitem.h"

#include <cmath>
#include <QApplication>
#include <QContextMenuEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QRubberBand>
#include <QScrollBar>

using namespace Qt::StringLiterals;

namespace Paddock {

TopologyInput::TopologyInput(TopologyView* view)
    : m_view(view)
{
}

TopologyInput::Hit TopologyInput::hitAt(const QPoint& viewportPos) const
{
    const QList<QGraphicsItem*> found = m_view->items(viewportPos);
    const QPointF scenePos = m_view->mapToScene(viewportPos);
    for (QGraphicsItem* item : found) {
        switch (item->type()) {
        case TopologyNodeItem::Type:
            if (!static_cast<TopologyNodeItem*>(item)->isLeaving())
                return { Hit::Kind::Node, item };
            break;
        case TopologyAggregateItem::Type:
            return { Hit::Kind::Aggregate, item };
        case TopologyDatabaseItem::Type:
            return { Hit::Kind::Database, item };
        case TopologyStorageItem::Type:
            return { Hit::Kind::Storage, item };
        case TopologyRedisItem::Type:
            return { Hit::Kind::Redis, item };
        case TopologyLinkItem::Type:
            return { Hit::Kind::Link, item };
        case TopologyZoneItem::Type: {
            const auto* zone = static_cast<TopologyZoneItem*>(item);
            const QPointF p = zone->mapFromScene(scenePos);
            if (zone->chevronRect().contains(p))
                return { Hit::Kind::ZoneChevron, item };
            if (zone->headerRect().contains(p))
                return { Hit::Kind::ZoneHeader, item };
            if (zone->boxRect().contains(p))
                return { Hit::Kind::ZoneBody, item };
            break;
        }
        }
    }
    return {};
}

QString TopologyInput::zoneOf(const Hit& hit)
{
    switch (hit.kind) {
    case Hit::Kind::Node:
        return static_cast<TopologyNodeItem*>(hit.item)->figures().server.zone;
    case Hit::Kind::Aggregate:
        return static_cast<TopologyAggregateItem*>(hit.item)->zone();
    case Hit::Kind::ZoneChevron:
    case Hit::Kind::ZoneHeader:
    case Hit::Kind::ZoneBody:
        return static_cast<TopologyZoneItem*>(hit.item)->zone();
    default:
        break;
    }
    return {};
}

QString TopologyInput::toolTipAt(const QPoint& viewportPos) const
{
    using Kind = Hit::Kind;
    const TopologyView* view = m_view;
    const Hit hit = hitAt(viewportPos);
    switch (hit.kind) {
    case Kind::Node: {
        const auto* node = static_cast<TopologyNodeItem*>(hit.item);
        return TopologyToolTips::node(
            node, view->m_probes.value(node->serverId()), view->m_items.storages(), view->isStale());
    }
    case Kind::Aggregate: {
        const auto* aggregate = static_cast<TopologyAggregateItem*>(hit.item);
        const TopologyZoneItem* zone = view->m_items.zone(aggregate->zone());
        return TopologyToolTips::aggregate(
            aggregate, zone ? view->m_items.liveMembers(zone) : QList<const TopologyNodeItem*>());
    }
    case Kind::ZoneChevron:
    case Kind::ZoneHeader:
    case Kind::ZoneBody:
        return TopologyToolTips::zone(static_cast<TopologyZoneItem*>(hit.item));
    case Kind::Database:
        return TopologyToolTips::database(view->m_farm, view->m_database ? &*view->m_database : nullptr,
            view->m_generatedAt, view->m_hasState, view->isStale());
    case Kind::Storage:
        return TopologyToolTips::storage(static_cast<TopologyStorageItem*>(hit.item));
    case Kind::Redis:
        return TopologyToolTips::redis(static_cast<TopologyRedisItem*>(hit.item));
    case Kind::Link:
        return hit.item->toolTip();
    case Kind::None:
        break;
    }
    return {};
}

void TopologyInput::setCurrent(QGraphicsObject* item, bool scrollTo)
{
    const auto mark = [this](QGraphicsObject* object, bool on) {
        if (!object)
            return;
        if (object->type() == TopologyNodeItem::Type)
            static_cast<TopologyNodeItem*>(object)->setCurrent(on && m_view->hasFocus());
        else if (object->type() == TopologyAggregateItem::Type)
            static_cast<TopologyAggregateItem*>(object)->setCurrent(on && m_view->hasFocus());
    };
    mark(m_view->m_current, false);
    m_view->m_current = item;
    mark(m_view->m_current, true);
    if (item && scrollTo) {
        const QRectF rect = TopologyItems::sceneRectOf(item);
        const QRectF visible = m_view->mapToScene(m_view->viewport()->rect()).boundingRect();
        if (!visible.contains(rect)) {
            m_view->ensureVisible(rect, 40, 40);
            m_view->m_autoFit = false;
        }
    }
}

void TopologyInput::mousePress(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton && event->button() != Qt::MiddleButton) {
        event->accept();
        return;
    }
    m_view->setFocus(Qt::MouseFocusReason);
    m_pressPos = m_lastPos = event->position().toPoint();
    m_pressModifiers = event->modifiers();
    m_drag = Drag::None;
    const Hit hit = event->button() == Qt::LeftButton ? hitAt(m_pressPos) : Hit {};
    switch (hit.kind) {
    case Hit::Kind::Node: {
        auto* node = static_cast<TopologyNodeItem*>(hit.item);
        const qint64 id = node->serverId();
        QSet<qint64> selection = m_view->m_selected;
        if (m_pressModifiers & Qt::ControlModifier) {
            if (!selection.remove(id))
                selection.insert(id);
        } else if (m_pressModifiers & Qt::ShiftModifier) {
            selection.insert(id);
        } else {
            selection = { id };
        }
        setCurrent(node, false);
        m_view->applySelection(selection, true);
        break;
    }
    case Hit::Kind::Aggregate:
        setCurrent(static_cast<TopologyAggregateItem*>(hit.item), false);
        break;
    case Hit::Kind::ZoneChevron:
        m_view->toggleZone(zoneOf(hit));
        break;
    default:
        m_drag = Drag::Pending;
        break;
    }
    event->accept();
}

void TopologyInput::mouseMove(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    if (m_drag == Drag::Pending && (pos - m_pressPos).manhattanLength() >= QApplication::startDragDistance()) {
        if (m_pressModifiers & (Qt::ShiftModifier | Qt::ControlModifier)) {
            m_drag = Drag::RubberBand;
            m_selectionAtPress = m_view->m_selected;
            if (!m_rubberBand)
                m_rubberBand = new QRubberBand(QRubberBand::Rectangle, m_view->viewport());
            m_rubberBand->show();
        } else {
            m_drag = Drag::Pan;
            m_view->viewport()->setCursor(Qt::ClosedHandCursor);
            m_view->m_autoFit = false;
        }
    }
    switch (m_drag) {
    case Drag::Pan: {
        const QPoint delta = pos - m_lastPos;
        m_view->horizontalScrollBar()->setValue(m_view->horizontalScrollBar()->value() - delta.x());
        m_view->verticalScrollBar()->setValue(m_view->verticalScrollBar()->value() - delta.y());
        break;
    }
    case Drag::RubberBand: {
        const QRect band = QRect(m_pressPos, pos).normalized();
        m_rubberBand->setGeometry(band);
        QSet<qint64> selection = m_selectionAtPress;
        const QList<QGraphicsItem*> inside = m_view->items(band, Qt::IntersectsItemShape);
        for (QGraphicsItem* item : inside) {
            if (item->type() == TopologyNodeItem::Type && !static_cast<TopologyNodeItem*>(item)->isLeaving()) {
                selection.insert(static_cast<TopologyNodeItem*>(item)->serverId());
            } else if (item->type() == TopologyAggregateItem::Type) {
                if (const TopologyZoneItem* zone
                    = m_view->m_items.zone(static_cast<TopologyAggregateItem*>(item)->zone())) {
                    const QList<qint64> members = zone->members();
                    for (qint64 id : members)
                        selection.insert(id);
                }
            }
        }
        m_view->applySelection(selection, false);
        break;
    }
    case Drag::None:
        if (event->buttons() == Qt::NoButton) {
            const Hit hit = hitAt(pos);
            m_view->setHovered(hit.kind == Hit::Kind::Node ? static_cast<TopologyNodeItem*>(hit.item)->serverId() : 0);
        }
        break;
    case Drag::Pending:
        break;
    }
    m_lastPos = pos;
    event->accept();
}

void TopologyInput::mouseRelease(QMouseEvent* event)
{
    switch (m_drag) {
    case Drag::Pending:
        // A plain click on the background clears the selection.
        if (event->button() == Qt::LeftButton && !(m_pressModifiers & (Qt::ShiftModifier | Qt::ControlModifier)))
            m_view->applySelection({}, true);
        break;
    case Drag::RubberBand:
        m_rubberBand->hide();
        if (m_view->m_selected != m_selectionAtPress)
            Q_EMIT m_view->selectionChanged(m_view->m_selected);
        break;
    case Drag::Pan:
        m_view->viewport()->unsetCursor();
        break;
    case Drag::None:
        break;
    }
    m_drag = Drag::None;
    event->accept();
}

void TopologyInput::mouseDoubleClick(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton) {
        event->accept();
        return;
    }
    const Hit hit = hitAt(event->position().toPoint());
    switch (hit.kind) {
    case Hit::Kind::Node:
        Q_EMIT m_view->serverActivated(static_cast<TopologyNodeItem*>(hit.item)->serverId());
        break;
    case Hit::Kind::Aggregate:
    case Hit::Kind::ZoneHeader:
        m_view->toggleZone(zoneOf(hit));
        break;
    case Hit::Kind::ZoneChevron:
        break; // the press already toggled it
    case Hit::Kind::Database:
        Q_EMIT m_view->databaseActivated();
        break;
    default:
        // Like a press: may start a pan.
        m_pressPos = m_lastPos = event->position().toPoint();
        m_pressModifiers = event->modifiers();
        m_drag = Drag::Pending;
        break;
    }
    event->accept();
}

bool TopologyInput::wheel(QWheelEvent* event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const qreal steps = event->angleDelta().y() / 120.0;
        if (steps != 0.0)
            m_view->zoomAt(std::pow(1.2, steps), event->position().toPoint());
        event->accept();
        return true;
    }
    m_view->m_autoFit = false;
    return false;
}

bool TopologyInput::keyPress(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        m_view->zoomIn();
        break;
    case Qt::Key_Minus:
    case Qt::Key_Underscore:
        m_view->zoomOut();
        break;
    case Qt::Key_0:
    case Qt::Key_F:
        m_view->fitToView();
        break;
    case Qt::Key_Left:
        moveCurrent(-1, 0);
        break;
    case Qt::Key_Right:
        moveCurrent(1, 0);
        break;
    case Qt::Key_Up:
        moveCurrent(0, -1);
        break;
    case Qt::Key_Down:
        moveCurrent(0, 1);
        break;
    case Qt::Key_Space:
        if (m_view->m_current && m_view->m_current->type() == TopologyNodeItem::Type) {
            const qint64 id = static_cast<TopologyNodeItem*>(m_view->m_current.data())->serverId();
            QSet<qint64> selection = m_view->m_selected;
            if (event->modifiers() & Qt::ControlModifier) {
                if (!selection.remove(id))
                    selection.insert(id);
            } else {
                selection = { id };
            }
            m_view->applySelection(selection, true);
        } else if (m_view->m_current) {
            m_view->toggleZone(static_cast<TopologyAggregateItem*>(m_view->m_current.data())->zone());
        }
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        activate(m_view->m_current);
        break;
    case Qt::Key_Escape:
        if (!m_view->m_selected.isEmpty())
            m_view->applySelection({}, true);
        else
            event->ignore();
        break;
    default:
        return false;
    }
    event->accept();
    return true;
}

void TopologyInput::contextMenu(QContextMenuEvent* event)
{
    QPoint pos = event->pos();
    if (event->reason() == QContextMenuEvent::Keyboard)
        pos = m_view->m_current ? m_view->mapFromScene(TopologyItems::sceneRectOf(m_view->m_current).center())
                                : m_view->viewport()->rect().center();
    showContextMenu(pos, m_view->viewport()->mapToGlobal(pos));
    event->accept();
}

void TopologyInput::showContextMenu(const QPoint& viewportPos, const QPoint& globalPos)
{
    TopologyView* view = m_view;
    const Hit hit = hitAt(viewportPos);
    QMenu menu(view);
    if (hit.kind == Hit::Kind::Node) {
        auto* node = static_cast<TopologyNodeItem*>(hit.item);
        const qint64 id = node->serverId();
        // In a menu "&" marks the shortcut key: doubled, it shows as written.
        const QString name = QString(node->figures().server.name).replace(u'&', u"&&"_s);
        menu.addAction(tr("Show %1").arg(name), view, [view, id] { Q_EMIT view->serverActivated(id); });
        menu.addAction(tr("Select %1").arg(name), view, [view, id] { view->applySelection({ id }, true); });
        menu.addSeparator();
    }
    const QString zone = zoneOf(hit);
    if (hit.kind != Hit::Kind::None && view->m_items.zones().contains(zone)) {
        const QString title = TopologyToolTips::zoneTitle(zone).replace(u'&', u"&&"_s);
        if (view->isZoneCollapsed(zone))
            menu.addAction(
                tr("Expand zone %1").arg(title), view, [view, zone] { view->setZoneCollapsed(zone, false); });
        else
            menu.addAction(
                tr("Collapse zone %1").arg(title), view, [view, zone] { view->setZoneCollapsed(zone, true); });
        menu.addAction(tr("Select the instances of %1").arg(title), view, [view, zone] {
            if (const TopologyZoneItem* item = view->m_items.zone(zone)) {
                const QList<qint64> members = item->members();
                view->applySelection(QSet<qint64>(members.cbegin(), members.cend()), true);
            }
        });
        menu.addSeparator();
    }
    if (!view->m_items.zones().isEmpty()) {
        menu.addAction(tr("Collapse all zones"), view, [view] { view->setAllZonesCollapsed(true); });
        menu.addAction(tr("Expand all zones"), view, [view] { view->setAllZonesCollapsed(false); });
        menu.addSeparator();
    }
    menu.addAction(tr("Fit to view") + u"\t0"_s, view, &TopologyView::fitToView);
    menu.addAction(tr("Zoom in") + u"\t+"_s, view, &TopologyView::zoomIn);
    menu.addAction(tr("Zoom out") + u"\t-"_s, view, &TopologyView::zoomOut);
    menu.exec(globalPos);
}

void TopologyInput::moveCurrent(int dx, int dy)
{
    QList<QGraphicsObject*> candidates;
    for (TopologyNodeItem* node : m_view->m_items.nodes()) {
        if (node->isVisible() && !node->isLeaving())
            candidates.append(node);
    }
    for (TopologyAggregateItem* aggregate : m_view->m_items.aggregates()) {
        if (aggregate->isVisible())
            candidates.append(aggregate);
    }
    if (candidates.isEmpty())
        return;
    if (!m_view->m_current || !m_view->m_current->isVisible()) {
        // Start at the top-left of the map.
        QGraphicsObject* first = *std::min_element(candidates.cbegin(), candidates.cend(),
            [](auto* a, auto* b) { return a->pos().y() + a->pos().x() * 0.5 < b->pos().y() + b->pos().x() * 0.5; });
        setCurrent(first, true);
        return;
    }
    const QPointF from = TopologyItems::sceneRectOf(m_view->m_current).center();
    QGraphicsObject* best = nullptr;
    qreal bestScore = 0;
    for (QGraphicsObject* candidate : std::as_const(candidates)) {
        if (candidate == m_view->m_current)
            continue;
        const QPointF d = TopologyItems::sceneRectOf(candidate).center() - from;
        const qreal along = d.x() * dx + d.y() * dy;
        if (along <= 1.0)
            continue;
        const qreal across = std::abs(d.x() * dy) + std::abs(d.y() * dx);
        const qreal score = along + across * 3;
        if (!best || score < bestScore) {
            best = candidate;
            bestScore = score;
        }
    }
    if (best)
        setCurrent(best, true);
}

void TopologyInput::activate(QGraphicsObject* item)
{
    if (!item)
        return;
    if (item->type() == TopologyNodeItem::Type)
        Q_EMIT m_view->serverActivated(static_cast<TopologyNodeItem*>(item)->serverId());
    else if (item->type() == TopologyAggregateItem::Type)
        m_view->toggleZone(static_cast<TopologyAggregateItem*>(item)->zone());
}

} // namespace Paddock
