#include "topologyview.h"

#include "displayformat.h"
#include "scheduledfigures.h"
#include "topologyaggregateitem.h"
#include "topologydatabaseitem.h"
#include "topologylegend.h"
#include "topologylinkitem.h"
#include "topologynodeitem.h"
#include "topologyredisitem.h"
#include "topologyscene.h"
#include "topologystorageitem.h"
#include "topologytooltips.h"
#include "topologyzoneitem.h"
#include "topologyzonepolicy.h"

#include <algorithm>
#include <QHelpEvent>
#include <QScrollBar>
#include <QToolTip>

using namespace Qt::StringLiterals;

namespace Paddock {

TopologyView::TopologyView(QWidget* parent)
    : QGraphicsView(parent)
    , m_scene(new TopologyScene(this))
    , m_items(m_scene)
    , m_links(m_items)
    , m_arranger(new TopologyArranger(m_items, this))
    , m_input(this)
{
    setScene(m_scene);
    m_scene->setPalette(palette());
    m_scene->setFont(font());
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setTransformationAnchor(QGraphicsView::NoAnchor);
    setResizeAnchor(QGraphicsView::NoAnchor);
    setDragMode(QGraphicsView::NoDrag);
    setFrameShape(QFrame::NoFrame);
    setFocusPolicy(Qt::StrongFocus);
    setBackgroundBrush(palette().color(QPalette::Window));
    viewport()->setMouseTracking(true);
    setAccessibleName(tr("Topology map"));
    connect(m_arranger, &TopologyArranger::moved, this, &TopologyView::updateLinkGeometry);

    updateDatabaseText();
    layoutScene(true, false);
}

TopologyView::~TopologyView()
{
    m_arranger->clear(); // no move under way while the items go
}

// ---------------------------------------------------------------------------------------------
// State

void TopologyView::setState(const FarmSnapshot& snapshot, const QList<ProbeRow>& latestProbes)
{
    const bool firstPopulation = m_items.nodes().isEmpty();
    const bool fade = m_animated && !firstPopulation;
    m_hasState = true;
    m_largeFarm = snapshot.servers.size() > LargeFarm;
    m_generatedAt = snapshot.generatedAt;
    m_farm = snapshot.farm;
    m_database = snapshot.database;
    const auto forget = [this](const QGraphicsItem* item) { m_links.forget(item); };
    bool structureChanged = m_items.mergeStorages(snapshot.storage, forget);
    structureChanged = m_items.mergeRedis(snapshot.redis, forget) || structureChanged;

    m_probes.clear();
    for (const ProbeRow& probe : latestProbes)
        m_probes[probe.serverId].append(probe);

    QHash<QString, QList<qint64>> joined; // zone -> instances new to it, in snapshot order
    const QSet<qint64> present = mergeServers(snapshot.servers, fade, joined);
    const QHash<QString, QStringList> running = Scheduled::runningByInstance(snapshot.scheduled);
    for (TopologyNodeItem* node : m_items.nodes())
        node->setScheduledRunning(running.value(node->figures().server.name));
    const QList<qint64> leaving = markLeavers(present);
    joinZones(joined, fade, structureChanged);
    if (m_largeFarm && m_autoCollapseThreshold > 0 && firstPopulation) {
        // A large farm's zones arrive collapsed: at the first look, the one most in trouble opens.
        const QString worst = TopologyZonePolicy::mostTroubledZone(snapshot.servers);
        if (TopologyZoneItem* zone = m_items.zone(worst)) {
            zone->setCollapsed(false);
            Q_EMIT zoneCollapsedChanged(worst, false);
        }
    }

    // Zones that lost members to another zone and are now empty.
    const QStringList zoneNames = m_items.zones().keys();
    for (const QString& name : zoneNames) {
        if (m_items.zone(name)->memberCount() == 0) {
            removeZone(name);
            structureChanged = true;
        }
    }
    for (TopologyZoneItem* zone : m_items.zones()) {
        if (m_items.compactIfNeeded(zone))
            structureChanged = true;
    }

    m_items.updateCounts(m_selected);
    layoutScene(structureChanged, !firstPopulation);
    for (qint64 id : leaving) {
        if (TopologyNodeItem* node = m_items.node(id))
            node->fadeTo(0.0, m_animated ? FadeMs : 0);
    }
    updateDatabaseText();
    updateLinks();

    const int problems = int(m_farm.byStatus.value(u"degraded"_s) + m_farm.byStatus.value(u"not-responding"_s));
    setAccessibleDescription(TopologyToolTips::instancesText(int(snapshot.servers.size())) + u", "_s
        + tr("%1 need attention").arg(problems));
}

QSet<qint64> TopologyView::mergeServers(
    const QList<ServerFigures>& servers, bool fade, QHash<QString, QList<qint64>>& joined)
{
    QSet<qint64> present;
    present.reserve(servers.size());
    for (const ServerFigures& figures : servers) {
        const qint64 id = figures.server.id;
        present.insert(id);
        TopologyNodeItem* node = m_items.node(id);
        if (!node) {
            node = m_items.addNode(id, m_selected.contains(id));
            m_arranger->placeWhereItJoins(id);
            connect(node, &TopologyNodeItem::fadeFinished, this, [this, id] { nodeFadeFinished(id); });
            if (fade) {
                node->setOpacity(0.0);
                node->fadeTo(1.0, FadeMs);
            }
            joined[figures.server.zone].append(id);
        } else {
            if (node->isLeaving()) {
                node->setLeaving(false);
                node->fadeTo(1.0, m_animated ? FadeMs : 0);
            }
            const QString oldZone = node->figures().server.zone;
            TopologyZoneItem* zone = m_items.zone(oldZone);
            if (oldZone != figures.server.zone) {
                if (zone)
                    zone->removeMember(id);
                joined[figures.server.zone].append(id);
            } else if (!zone || !zone->holds(id)) {
                joined[figures.server.zone].append(id); // came back after giving up its slot
            }
        }
        node->setFigures(figures);
    }
    return present;
}

QList<qint64> TopologyView::markLeavers(const QSet<qint64>& present)
{
    // Leavers keep their slot while they fade, so nobody moves into a fading card.
    QList<qint64> leaving;
    for (auto it = m_items.nodes().cbegin(); it != m_items.nodes().cend(); ++it) {
        if (!present.contains(it.key()) && !it.value()->isLeaving())
            leaving.append(it.key());
    }
    for (qint64 id : std::as_const(leaving))
        m_items.node(id)->setLeaving(true);
    return leaving;
}

void TopologyView::joinZones(const QHash<QString, QList<qint64>>& joined, bool fade, bool& structureChanged)
{
    for (auto it = joined.cbegin(); it != joined.cend(); ++it) {
        if (TopologyZoneItem* zone = m_items.zone(it.key())) {
            const int count = zone->memberCount() + int(it.value().size());
            zone->widen(TopologyItems::columnsFor(count));
            for (qint64 id : it.value())
                zone->addMember(id);
        } else {
            addZone(it.key(), it.value(), fade);
            structureChanged = true;
        }
    }
}

void TopologyView::clear()
{
    m_arranger->clear();
    m_links.clear();
    m_items.clear();
    m_probes.clear();
    m_hovered = 0;
    m_current = nullptr;
    m_hasState = false;
    m_farm = {};
    m_database.reset();
    m_generatedAt = {};
    updateDatabaseText();
    layoutScene(true, false);
}

void TopologyView::addZone(const QString& name, const QList<qint64>& members, bool fade)
{
    // After this first look the user decides.
    const QList<qint64> ordered = m_items.sortedByName(members);
    const bool trouble = std::any_of(
        ordered.cbegin(), ordered.cend(), [this](qint64 id) { return m_items.node(id)->needsAttention(); });
    const bool collapsed
        = TopologyZonePolicy::startsCollapsed(ordered.size(), trouble, m_largeFarm, m_autoCollapseThreshold);
    m_items.addZone(name, ordered, collapsed, fade ? FadeMs : 0);
}

void TopologyView::removeZone(const QString& name)
{
    TopologyZoneItem* zone = m_items.zone(name);
    TopologyAggregateItem* aggregate = m_items.aggregate(name);
    m_arranger->forgetZone(name);
    if (m_current == zone || m_current == aggregate)
        m_current = nullptr;
    m_links.forget(zone);
    m_links.forget(aggregate);
    m_items.removeZone(name);
}

void TopologyView::nodeFadeFinished(qint64 serverId)
{
    TopologyNodeItem* node = m_items.node(serverId);
    if (node && node->isLeaving())
        removeNode(serverId);
}

void TopologyView::removeNode(qint64 serverId)
{
    TopologyNodeItem* node = m_items.takeNode(serverId);
    if (!node)
        return;
    m_arranger->forgetNode(serverId);
    if (m_hovered == serverId)
        m_hovered = 0;
    if (m_current == node)
        m_current = nullptr;
    bool structureChanged = false;
    const QString zoneName = node->figures().server.zone;
    if (TopologyZoneItem* zone = m_items.zone(zoneName)) {
        zone->removeMember(serverId);
        if (zone->memberCount() == 0) {
            removeZone(zoneName);
            structureChanged = true;
        }
    }
    m_links.forget(node);
    m_scene->removeItem(node);
    node->deleteLater(); // it may be in the middle of emitting fadeFinished()
    updateLinks();
    m_items.updateCounts(m_selected);
    layoutScene(structureChanged, true);
}

QStringList TopologyView::zones() const
{
    return m_items.zoneNames();
}

bool TopologyView::isZoneCollapsed(const QString& zone) const
{
    const TopologyZoneItem* item = m_items.zone(zone);
    return item && item->isCollapsed();
}

void TopologyView::setZoneCollapsed(const QString& zone, bool collapsed)
{
    TopologyZoneItem* item = m_items.zone(zone);
    if (!item || item->isCollapsed() == collapsed)
        return;
    item->setCollapsed(collapsed);
    // One zone at a time in a large farm: the one that was open closes.
    QStringList closed;
    if (m_largeFarm && !collapsed) {
        for (TopologyZoneItem* other : m_items.zones()) {
            if (other != item && !other->isCollapsed()) {
                other->setCollapsed(true);
                closed.append(other->zone());
            }
        }
    }
    if (collapsed && m_current && m_current->type() == TopologyNodeItem::Type
        && static_cast<TopologyNodeItem*>(m_current.data())->figures().server.zone == zone)
        m_input.setCurrent(m_items.aggregate(zone), false);
    layoutScene(true, true);
    updateLinks();
    for (const QString& other : std::as_const(closed))
        Q_EMIT zoneCollapsedChanged(other, true);
    Q_EMIT zoneCollapsedChanged(zone, collapsed);
}

void TopologyView::setAllZonesCollapsed(bool collapsed)
{
    QStringList changed;
    for (TopologyZoneItem* zone : m_items.zones()) {
        if (zone->isCollapsed() != collapsed) {
            zone->setCollapsed(collapsed);
            changed.append(zone->zone());
        }
    }
    if (changed.isEmpty())
        return;
    layoutScene(true, true);
    updateLinks();
    for (const QString& zone : std::as_const(changed))
        Q_EMIT zoneCollapsedChanged(zone, collapsed);
}

void TopologyView::toggleZone(const QString& zone)
{
    setZoneCollapsed(zone, !isZoneCollapsed(zone));
}

void TopologyView::setHeartbeatThresholds(double ageingS, double lostS)
{
    m_ageingS = ageingS;
    m_lostS = lostS;
    updateLinks();
}

void TopologyView::setAnimated(bool animated)
{
    m_animated = animated;
    if (!animated)
        m_arranger->finishMoves();
}

void TopologyView::setLegendVisible(bool visible)
{
    if (m_legendVisible == visible)
        return;
    m_legendVisible = visible;
    viewport()->update();
}

bool TopologyView::isStale() const
{
    return m_scene->isStale();
}

void TopologyView::setStale(bool stale)
{
    m_scene->setStale(stale);
    updateDatabaseText();
    viewport()->update();
}

void TopologyView::updateDatabaseText()
{
    QString detail;
    if (!m_hasState) {
        detail = tr("waiting for data");
    } else if (isStale()) {
        detail = tr("data stale");
    } else {
        detail = tr("%1 \u00b7 backlog %2")
                     .arg(TopologyToolTips::instancesText(int(m_farm.servers)), Format::integer(m_farm.backlog));
        if (m_database)
            detail += u"\n"_s + TopologyToolTips::databaseLines(*m_database).join(u"\n"_s);
    }
    m_items.database()->setStatus(m_hasState && !isStale() && m_database ? statusName(m_database->status) : QString());
    m_items.database()->setText(tr("Database"), detail);
}

// ---------------------------------------------------------------------------------------------
// Layout and links

void TopologyView::layoutScene(bool recomputeRing, bool animate)
{
    const qreal usableHeight = viewport()->height() - legendReserve();
    const bool realSize = isVisible() && viewport()->width() >= 150 && usableHeight >= 100;
    const qreal aspect = realSize ? viewport()->width() / usableHeight : 1.6;
    m_arranger->arrange(recomputeRing, animate && m_animated, aspect, realSize, hubScale());
    updateSceneRect();
    if (m_autoFit)
        fitToView();
    updateLinkGeometry();
}

void TopologyView::rearrangeForViewport()
{
    // The first arrangement may have been made before the window had its size: now that the
    // aspect is known, choose the ring's rotation again.
    if (m_arranger->isArrangedForViewport() || m_items.zones().isEmpty() || !isVisible())
        return;
    m_arranger->forgetRing();
    layoutScene(true, false);
    updateLinks();
}

qreal TopologyView::hubScale() const
{
    // Zoomed out, the database and the storages grow (into room the layout kept for it) so that
    // their names stay readable while the instances shrink to glyphs.
    return qBound(1.0, HubReadableZoom / qMax(MinZoom, zoom()), HubMaxScale);
}

void TopologyView::updateHubScale()
{
    m_arranger->setHubScale(hubScale());
}

void TopologyView::updateSceneRect()
{
    // Room to pan about one screen beyond the content, whatever the zoom.
    const qreal scale = qMax(MinZoom, zoom());
    const qreal margin = qMax(viewport()->width(), viewport()->height()) / scale + 100;
    setSceneRect(m_arranger->contentRect().adjusted(-margin, -margin, margin, margin));
}

void TopologyView::updateLinks()
{
    TopologyLinkPlanner::Farm farm;
    for (const TopologyZoneItem* zone : m_items.zones())
        farm.zones.append({ zone->zone(), zone->title(), zone->isCollapsed(), zone->members() });
    for (auto it = m_items.nodes().cbegin(); it != m_items.nodes().cend(); ++it)
        farm.instances.insert(it.key(), { it.value()->figures(), it.value()->isLeaving(), it.value()->isVisible() });
    for (auto it = m_items.storages().cbegin(); it != m_items.storages().cend(); ++it)
        farm.storages.insert(it.key(), it.value()->figures().storage.name);
    farm.probes = m_probes;
    if (const TopologyRedisItem* redis = m_items.redis())
        farm.redis = redis->figures();
    farm.hovered = m_hovered;
    farm.selected = m_selected;
    farm.ageingS = m_ageingS;
    farm.lostS = m_lostS;
    m_links.apply(TopologyLinkPlanner::plan(farm));
    updateLinkGeometry();
}

void TopologyView::updateLinkGeometry()
{
    m_links.updateGeometry(1.0 / qBound(MinZoom, zoom(), 1.0)); // labels keep their screen size
}

// ---------------------------------------------------------------------------------------------
// Selection, hover, keyboard focus

void TopologyView::setSelectedServers(const QSet<qint64>& serverIds)
{
    applySelection(serverIds, false);
}

void TopologyView::applySelection(const QSet<qint64>& serverIds, bool notify)
{
    const bool changed = serverIds != m_selected;
    m_selected = serverIds;
    for (auto it = m_items.nodes().cbegin(); it != m_items.nodes().cend(); ++it)
        it.value()->setHighlighted(m_selected.contains(it.key()));
    m_items.updateCounts(m_selected);
    if (changed)
        updateLinks();
    if (changed && notify)
        Q_EMIT selectionChanged(m_selected);
}

void TopologyView::setHovered(qint64 serverId)
{
    if (m_hovered == serverId)
        return;
    if (TopologyNodeItem* old = m_items.node(m_hovered))
        old->setHovered(false);
    m_hovered = serverId;
    if (TopologyNodeItem* node = m_items.node(serverId))
        node->setHovered(true);
    updateLinks();
}

// ---------------------------------------------------------------------------------------------
// Zoom

qreal TopologyView::zoom() const
{
    return transform().m11();
}

void TopologyView::setZoom(qreal zoom)
{
    zoomAt(zoom / this->zoom(), viewport()->rect().center());
}

void TopologyView::zoomIn()
{
    zoomAt(1.25, viewport()->rect().center());
}

void TopologyView::zoomOut()
{
    zoomAt(1 / 1.25, viewport()->rect().center());
}

void TopologyView::zoomAt(qreal factor, const QPoint& viewportPos)
{
    const QPointF anchor = mapToScene(viewportPos);
    const qreal target = qBound(MinZoom, zoom() * factor, MaxZoom);
    setTransform(QTransform::fromScale(target, target));
    updateSceneRect();
    const QPoint moved = mapFromScene(anchor) - viewportPos;
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() + moved.x());
    verticalScrollBar()->setValue(verticalScrollBar()->value() + moved.y());
    m_autoFit = false;
    updateHubScale();
}

int TopologyView::legendRows() const
{
    return TopologyLegend::rows(font(), viewport()->width(), m_legendVisible);
}

qreal TopologyView::legendReserve() const
{
    return TopologyLegend::reserve(font(), legendRows());
}

void TopologyView::fitToView()
{
    m_autoFit = true;
    const QRectF content = m_arranger->contentRect().adjusted(-20, -20, 20, 20);
    const qreal reserve = legendReserve();
    const QRectF area = QRectF(viewport()->rect()).adjusted(0, 0, 0, -reserve);
    if (content.isEmpty() || area.width() < 20 || area.height() < 20)
        return;
    const qreal scale
        = qBound(MinZoom, qMin(area.width() / content.width(), area.height() / content.height()), MaxFitZoom);
    setTransform(QTransform::fromScale(scale, scale));
    updateSceneRect();
    centerOn(content.center() + QPointF(0, reserve / 2 / scale));
    updateHubScale();
}

void TopologyView::ensureServerVisible(qint64 serverId)
{
    const TopologyNodeItem* node = m_items.node(serverId);
    if (!node)
        return;
    const TopologyZoneItem* zone = m_items.zone(node->figures().server.zone);
    const QGraphicsItem* target
        = zone && zone->isCollapsed() ? static_cast<const QGraphicsItem*>(m_items.aggregate(zone->zone())) : node;
    ensureVisible(TopologyItems::sceneRectOf(target), 40, 40);
}

QImage TopologyView::grabImage()
{
    return viewport()->grab().toImage();
}

// ---------------------------------------------------------------------------------------------
// Items

QString TopologyView::toolTipAt(const QPoint& viewportPos) const
{
    return m_input.toolTipAt(viewportPos);
}

// ---------------------------------------------------------------------------------------------
// Events

bool TopologyView::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, viewport());
        return true;
    }
    return QGraphicsView::viewportEvent(event);
}

void TopologyView::mousePressEvent(QMouseEvent* event)
{
    m_input.mousePress(event);
}

void TopologyView::mouseMoveEvent(QMouseEvent* event)
{
    m_input.mouseMove(event);
}

void TopologyView::mouseReleaseEvent(QMouseEvent* event)
{
    m_input.mouseRelease(event);
}

void TopologyView::mouseDoubleClickEvent(QMouseEvent* event)
{
    m_input.mouseDoubleClick(event);
}

void TopologyView::wheelEvent(QWheelEvent* event)
{
    if (!m_input.wheel(event))
        QGraphicsView::wheelEvent(event);
}

void TopologyView::keyPressEvent(QKeyEvent* event)
{
    if (!m_input.keyPress(event))
        QGraphicsView::keyPressEvent(event);
}

void TopologyView::contextMenuEvent(QContextMenuEvent* event)
{
    m_input.contextMenu(event);
}

void TopologyView::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    rearrangeForViewport();
    updateSceneRect();
    if (m_autoFit)
        fitToView();
}

void TopologyView::showEvent(QShowEvent* event)
{
    QGraphicsView::showEvent(event);
    rearrangeForViewport();
    if (m_autoFit)
        fitToView();
}

void TopologyView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange) {
        m_scene->setPalette(palette());
        setBackgroundBrush(palette().color(QPalette::Window));
    } else if (event->type() == QEvent::FontChange) {
        m_scene->setFont(font());
    }
    QGraphicsView::changeEvent(event);
}

void TopologyView::focusInEvent(QFocusEvent* event)
{
    QGraphicsView::focusInEvent(event);
    m_input.setCurrent(m_current, false);
}

void TopologyView::focusOutEvent(QFocusEvent* event)
{
    QGraphicsView::focusOutEvent(event);
    m_input.setCurrent(m_current, false);
}

void TopologyView::leaveEvent(QEvent* event)
{
    setHovered(0);
    QGraphicsView::leaveEvent(event);
}

void TopologyView::scrollContentsBy(int dx, int dy)
{
    QGraphicsView::scrollContentsBy(dx, dy);
    // The legend and the stale badge are fixed to the viewport; a scrolled copy would smear them.
    viewport()->update();
}

void TopologyView::drawForeground(QPainter* painter, const QRectF& rect)
{
    QGraphicsView::drawForeground(painter, rect);
    if (!m_legendVisible && !isStale())
        return;
    painter->save();
    painter->resetTransform();
    painter->setRenderHint(QPainter::Antialiasing);
    const QFont font = TopologyLegend::font(this->font());
    painter->setFont(font);
    if (isStale())
        TopologyLegend::paintStaleBadge(painter, viewport()->rect(), font, m_generatedAt, m_scene);
    TopologyLegend::paint(painter, viewport()->rect(), font, legendRows(), m_scene);
    painter->restore();
}

} // namespace Paddock
