#include "topologyview.h"

#include "displayformat.h"
#include "plaintooltips.h"
#include "statusstyle.h"
#include "topologyaggregateitem.h"
#include "topologydatabaseitem.h"
#include "topologyglyph.h"
#include "topologylayout.h"
#include "topologylinkitem.h"
#include "topologynodeitem.h"
#include "topologyscene.h"
#include "topologystorageitem.h"
#include "topologyzoneitem.h"

#include <cmath>
#include <QApplication>
#include <QCollator>
#include <QContextMenuEvent>
#include <QFontMetricsF>
#include <QMap>
#include <QMenu>
#include <QMouseEvent>
#include <QPropertyAnimation>
#include <QRubberBand>
#include <QScrollBar>
#include <QToolTip>
#include <QVariantAnimation>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

constexpr qreal ZoneGap = 36.0;

enum class Beat { Fresh, Ageing, Lost, Idle };

TopologyLinkItem::State linkState(Beat beat)
{
    switch (beat) {
    case Beat::Fresh:
        return TopologyLinkItem::State::Fresh;
    case Beat::Ageing:
        return TopologyLinkItem::State::Ageing;
    case Beat::Lost:
        return TopologyLinkItem::State::Lost;
    case Beat::Idle:
        break;
    }
    return TopologyLinkItem::State::Idle;
}

bool isMuted(ServerStatus status)
{
    return status == ServerStatus::Stopped || status == ServerStatus::Disabled;
}

bool needsAttention(ServerStatus status)
{
    return status == ServerStatus::Degraded || status == ServerStatus::NotResponding;
}

QString html(const QString& text)
{
    return text.toHtmlEscaped();
}

QString row(const QString& name, const QString& value)
{
    return u"<tr><td style='padding-right:12px'>%1</td><td>%2</td></tr>"_s.arg(html(name), value);
}

QString glyphSpan(const StatusStyle& style)
{
    return u"<span style='color:%1'>%2</span>"_s.arg(style.colour.name(), style.glyph);
}

} // namespace

TopologyView::TopologyView(QWidget* parent)
    : QGraphicsView(parent)
    , m_scene(new TopologyScene(this))
    , m_database(new TopologyDatabaseItem)
    , m_moveAnimation(new QVariantAnimation(this))
{
    setScene(m_scene);
    m_scene->addItem(m_database);
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

    m_moveAnimation->setStartValue(0.0);
    m_moveAnimation->setEndValue(1.0);
    m_moveAnimation->setDuration(MoveMs);
    m_moveAnimation->setEasingCurve(QEasingCurve::OutCubic);
    connect(m_moveAnimation, &QVariantAnimation::valueChanged, this,
        [this](const QVariant& value) { applyMoves(value.toReal()); });

    updateDatabaseText();
    layoutScene(true, false);
}

TopologyView::~TopologyView()
{
    m_moveAnimation->stop();
}

// ---------------------------------------------------------------------------------------------
// State

void TopologyView::setState(const FarmSnapshot& snapshot, const QList<ProbeRow>& latestProbes)
{
    const bool firstPopulation = m_nodes.isEmpty();
    const bool fade = m_animated && !firstPopulation;
    m_hasState = true;
    m_largeFarm = snapshot.servers.size() > LargeFarm;
    m_generatedAt = snapshot.generatedAt;
    m_farm = snapshot.farm;
    bool structureChanged = mergeStorages(snapshot.storage);

    m_probes.clear();
    for (const ProbeRow& probe : latestProbes)
        m_probes[probe.serverId].append(probe);

    QHash<QString, QList<qint64>> joined; // zone -> instances new to it, in snapshot order
    QSet<qint64> present;
    present.reserve(snapshot.servers.size());
    for (const ServerFigures& figures : snapshot.servers) {
        const qint64 id = figures.server.id;
        present.insert(id);
        TopologyNodeItem* node = m_nodes.value(id);
        if (!node) {
            node = new TopologyNodeItem(id);
            node->setHighlighted(m_selected.contains(id));
            m_scene->addItem(node);
            m_nodes.insert(id, node);
            m_unplaced.insert(id);
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
            TopologyZoneItem* zone = m_zones.value(oldZone);
            if (oldZone != figures.server.zone) {
                if (zone)
                    zone->removeMember(id);
                joined[figures.server.zone].append(id);
            } else if (!zone || !zone->contains(id)) {
                joined[figures.server.zone].append(id); // came back after giving up its slot
            }
        }
        node->setFigures(figures);
    }

    // Leavers keep their slot while they fade, so nobody moves into a fading card.
    QList<qint64> leaving;
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it) {
        if (!present.contains(it.key()) && !it.value()->isLeaving())
            leaving.append(it.key());
    }
    for (qint64 id : std::as_const(leaving))
        m_nodes.value(id)->setLeaving(true);

    const QSizeF cell(
        TopologyNodeItem::Width + TopologyZoneItem::Spacing, TopologyNodeItem::Height + TopologyZoneItem::Spacing);
    for (auto it = joined.cbegin(); it != joined.cend(); ++it) {
        if (TopologyZoneItem* zone = m_zones.value(it.key())) {
            const int count = zone->memberCount() + int(it.value().size());
            zone->widen(TopologyLayout::columnsFor(count, cell));
            for (qint64 id : it.value())
                zone->addMember(id);
        } else {
            ensureZone(it.key(), it.value(), fade);
            structureChanged = true;
        }
    }
    // A large farm's zones arrive collapsed: at the first look, the one with the most instances
    // not responding (then degraded) opens; ties go to the first by name.
    if (m_largeFarm && m_autoCollapseThreshold > 0 && firstPopulation) {
        QMap<QString, QPair<int, int>> trouble; // zone -> (not responding, degraded)
        for (const ServerFigures& figures : snapshot.servers) {
            QPair<int, int>& counts = trouble[figures.server.zone];
            counts.first += figures.status == ServerStatus::NotResponding ? 1 : 0;
            counts.second += figures.status == ServerStatus::Degraded ? 1 : 0;
        }
        QString worst;
        QPair<int, int> most { 0, 0 };
        for (auto it = trouble.cbegin(); it != trouble.cend(); ++it) {
            if (it.value() > most) {
                most = it.value();
                worst = it.key();
            }
        }
        if (TopologyZoneItem* zone = m_zones.value(worst)) {
            zone->setCollapsed(false);
            Q_EMIT zoneCollapsedChanged(worst, false);
        }
    }

    // Zones that lost members to another zone and are now empty.
    const QStringList zoneNames = m_zones.keys();
    for (const QString& name : zoneNames) {
        if (m_zones.value(name)->memberCount() == 0) {
            removeZone(name);
            structureChanged = true;
        }
    }

    for (TopologyZoneItem* zone : std::as_const(m_zones))
        compactIfNeeded(zone, structureChanged);

    updateCounts();
    layoutScene(structureChanged, !firstPopulation);
    for (qint64 id : std::as_const(leaving)) {
        if (TopologyNodeItem* node = m_nodes.value(id))
            node->fadeTo(0.0, m_animated ? FadeMs : 0);
    }
    updateDatabaseText();
    updateLinks();

    const int problems = int(m_farm.byStatus.value(u"degraded"_s) + m_farm.byStatus.value(u"not-responding"_s));
    setAccessibleDescription(
        instancesText(int(snapshot.servers.size())) + u", "_s + tr("%1 need attention").arg(problems));
}

void TopologyView::clear()
{
    m_moveAnimation->stop();
    m_moves.clear();
    const QList<TopologyLinkItem*> links = m_links.values();
    m_links.clear();
    m_linkEnds.clear();
    qDeleteAll(links);
    const QList<TopologyNodeItem*> nodes = m_nodes.values();
    m_nodes.clear();
    m_unplaced.clear();
    qDeleteAll(nodes);
    const QStringList zoneNames = m_zones.keys();
    for (const QString& name : zoneNames)
        removeZone(name);
    const QList<TopologyStorageItem*> storages = m_storages.values();
    m_storages.clear();
    qDeleteAll(storages);
    m_probes.clear();
    m_hovered = 0;
    m_current = nullptr;
    m_hasState = false;
    m_farm = {};
    m_generatedAt = {};
    updateDatabaseText();
    layoutScene(true, false);
}

TopologyZoneItem* TopologyView::ensureZone(const QString& name, const QList<qint64>& members, bool fade)
{
    auto* zone = new TopologyZoneItem(name);
    zone->setTitle(zoneTitle(name));
    zone->setVisible(false); // until layoutScene() places it
    const QList<qint64> ordered = sortedByName(members);
    const QSizeF cell(
        TopologyNodeItem::Width + TopologyZoneItem::Spacing, TopologyNodeItem::Height + TopologyZoneItem::Spacing);
    zone->reflow(ordered, TopologyLayout::columnsFor(int(ordered.size()), cell));
    // A big zone of healthy instances is one line of counts; one with a problem opens, so that
    // the problem is one glance away. After this first look the user decides.
    bool calm = true;
    for (qint64 id : ordered) {
        if (needsAttention(m_nodes.value(id)->figures().status))
            calm = false;
    }
    zone->setCollapsed(
        m_autoCollapseThreshold > 0 && (m_largeFarm || (ordered.size() > m_autoCollapseThreshold && calm)));
    m_scene->addItem(zone);
    m_zones.insert(name, zone);
    auto* aggregate = new TopologyAggregateItem(name);
    aggregate->setTitle(zoneTitle(name));
    m_scene->addItem(aggregate);
    m_aggregates.insert(name, aggregate);
    if (fade) {
        for (QGraphicsObject* item :
            { static_cast<QGraphicsObject*>(zone), static_cast<QGraphicsObject*>(aggregate) }) {
            item->setOpacity(0.0);
            auto* animation = new QPropertyAnimation(item, "opacity", item);
            animation->setDuration(FadeMs);
            animation->setEndValue(1.0);
            animation->start(QAbstractAnimation::DeleteWhenStopped);
        }
    }
    return zone;
}

void TopologyView::removeZone(const QString& name)
{
    TopologyZoneItem* zone = m_zones.take(name);
    TopologyAggregateItem* aggregate = m_aggregates.take(name);
    m_zoneTargets.remove(name);
    if (m_current == zone || m_current == aggregate)
        m_current = nullptr;
    forgetLinksTo(zone);
    forgetLinksTo(aggregate);
    delete zone;
    delete aggregate;
}

bool TopologyView::mergeStorages(const QList<StorageFigures>& storages)
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
            forgetLinksTo(m_storages.value(id));
            delete m_storages.take(id);
            changed = true;
        }
    }
    return changed;
}

void TopologyView::nodeFadeFinished(qint64 serverId)
{
    TopologyNodeItem* node = m_nodes.value(serverId);
    if (node && node->isLeaving())
        removeNode(serverId);
}

void TopologyView::removeNode(qint64 serverId)
{
    TopologyNodeItem* node = m_nodes.take(serverId);
    if (!node)
        return;
    m_unplaced.remove(serverId);
    if (m_hovered == serverId)
        m_hovered = 0;
    if (m_current == node)
        m_current = nullptr;
    bool structureChanged = false;
    const QString zoneName = node->figures().server.zone;
    if (TopologyZoneItem* zone = m_zones.value(zoneName)) {
        zone->removeMember(serverId);
        if (zone->memberCount() == 0) {
            removeZone(zoneName);
            structureChanged = true;
        }
    }
    forgetLinksTo(node);
    m_scene->removeItem(node);
    node->deleteLater(); // it may be in the middle of emitting fadeFinished()
    updateLinks();
    updateCounts();
    layoutScene(structureChanged, true);
}

QList<qint64> TopologyView::sortedByName(QList<qint64> ids) const
{
    QCollator collator;
    collator.setNumericMode(true);
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    std::sort(ids.begin(), ids.end(), [&](qint64 a, qint64 b) {
        return collator.compare(m_nodes.value(a)->figures().server.name, m_nodes.value(b)->figures().server.name) < 0;
    });
    return ids;
}

void TopologyView::compactIfNeeded(TopologyZoneItem* zone, bool& structureChanged)
{
    if (!zone->needsCompaction())
        return;
    // Leavers give up their slot here; they fade out where they are.
    QList<qint64> staying;
    const QList<qint64> members = zone->members();
    for (qint64 id : members) {
        if (!m_nodes.value(id)->isLeaving())
            staying.append(id);
    }
    const QList<qint64> ordered = sortedByName(staying);
    const QSizeF cell(
        TopologyNodeItem::Width + TopologyZoneItem::Spacing, TopologyNodeItem::Height + TopologyZoneItem::Spacing);
    zone->reflow(ordered, TopologyLayout::columnsFor(int(ordered.size()), cell));
    structureChanged = true;
}

void TopologyView::updateCounts()
{
    for (auto it = m_zones.cbegin(); it != m_zones.cend(); ++it) {
        QStringList statuses;
        bool highlighted = false;
        const QList<qint64> members = it.value()->members();
        for (qint64 id : members) {
            const TopologyNodeItem* node = m_nodes.value(id);
            if (!node || node->isLeaving())
                continue;
            statuses.append(node->status());
            highlighted = highlighted || m_selected.contains(id);
        }
        const QList<TopologyStatusCount> counts = TopologyGlyph::count(statuses);
        it.value()->setCounts(counts);
        if (TopologyAggregateItem* aggregate = m_aggregates.value(it.key())) {
            aggregate->setCounts(counts);
            aggregate->setHighlighted(highlighted);
        }
    }
}

QString TopologyView::instancesText(int count)
{
    return count == 1 ? tr("1 instance") : tr("%1 instances").arg(Format::integer(count));
}

QString TopologyView::zoneTitle(const QString& zone) const
{
    return zone.isEmpty() ? tr("(no zone)") : zone;
}

QStringList TopologyView::zones() const
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

bool TopologyView::isZoneCollapsed(const QString& zone) const
{
    const TopologyZoneItem* item = m_zones.value(zone);
    return item && item->isCollapsed();
}

void TopologyView::setZoneCollapsed(const QString& zone, bool collapsed)
{
    TopologyZoneItem* item = m_zones.value(zone);
    if (!item || item->isCollapsed() == collapsed)
        return;
    item->setCollapsed(collapsed);
    // One zone at a time in a large farm: the one that was open closes.
    QStringList closed;
    if (m_largeFarm && !collapsed) {
        for (TopologyZoneItem* other : std::as_const(m_zones)) {
            if (other != item && !other->isCollapsed()) {
                other->setCollapsed(true);
                closed.append(other->zone());
            }
        }
    }
    if (collapsed && m_current && m_current->type() == TopologyNodeItem::Type
        && static_cast<TopologyNodeItem*>(m_current.data())->figures().server.zone == zone)
        setCurrent(m_aggregates.value(zone), false);
    layoutScene(true, true);
    updateLinks();
    for (const QString& other : std::as_const(closed))
        Q_EMIT zoneCollapsedChanged(other, true);
    Q_EMIT zoneCollapsedChanged(zone, collapsed);
}

void TopologyView::setAllZonesCollapsed(bool collapsed)
{
    QStringList changed;
    for (TopologyZoneItem* zone : std::as_const(m_zones)) {
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
    if (!animated && m_moveAnimation->state() == QAbstractAnimation::Running) {
        m_moveAnimation->stop();
        applyMoves(1.0);
    }
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
        detail = instancesText(int(m_farm.servers));
        detail += u"\n"_s + tr("backlog %1").arg(Format::integer(m_farm.backlog));
    }
    m_database->setText(tr("Database"), detail);
}

// ---------------------------------------------------------------------------------------------
// Layout

void TopologyView::layoutScene(bool recomputeRing, bool animate)
{
    const QStringList names = zones();
    QList<QSizeF> sizes;
    for (const QString& name : names)
        sizes.append(m_zones.value(name)->boxSize());
    QList<TopologyStorageItem*> storages = m_storages.values();
    std::sort(storages.begin(), storages.end(), [](const TopologyStorageItem* a, const TopologyStorageItem* b) {
        return a->figures().storage.name < b->figures().storage.name;
    });

    if (!recomputeRing) {
        // Sticky: zones stay where they are while they still fit there.
        QList<QRectF> boxes;
        for (qsizetype i = 0; i < names.size(); ++i) {
            const auto it = m_zoneTargets.constFind(names[i]);
            if (it == m_zoneTargets.constEnd()) {
                recomputeRing = true;
                break;
            }
            boxes.append(QRectF(*it, sizes[i]));
        }
        if (storages.size() != m_storageCentres.size())
            recomputeRing = true;
        if (!recomputeRing && TopologyLayout::overlaps(boxes, m_hubRect, ZoneGap))
            recomputeRing = true;
    }
    if (recomputeRing) {
        const qreal usableHeight = viewport()->height() - legendReserve();
        const bool realSize = isVisible() && viewport()->width() >= 150 && usableHeight >= 100;
        const qreal aspect = realSize ? viewport()->width() / usableHeight : 1.6;
        m_arrangedForViewport = realSize;
        // The same zones keep their directions (collapsing one must not swing the others around
        // the hub); a new set of zones gets the rotation that fits the viewport best.
        const QStringList ring = names;
        const int rotation = ring == m_ringZones ? m_ringRotation : -1;
        const TopologyLayout::Arrangement arrangement = TopologyLayout::arrange(sizes, int(storages.size()),
            QSizeF(TopologyStorageItem::Width, TopologyStorageItem::Height),
            QSizeF(TopologyDatabaseItem::Width, TopologyDatabaseItem::Height), HubMaxScale, ZoneGap, aspect, rotation);
        m_ringZones = ring;
        m_ringRotation = arrangement.rotation;
        m_zoneTargets.clear();
        for (qsizetype i = 0; i < names.size(); ++i)
            m_zoneTargets.insert(names[i], arrangement.zones[i]);
        m_storageCentres.clear();
        for (qsizetype i = 0; i < storages.size(); ++i)
            m_storageCentres.insert(storages[i]->storageId(), arrangement.storages[i]);
        m_hubRect = arrangement.hub;
    }
    updateHubScale();

    // Where everything goes, and what has to travel to get there.
    const bool animated = animate && m_animated;
    if (m_moveAnimation->state() == QAbstractAnimation::Running) {
        m_moveAnimation->stop();
        applyMoves(1.0);
    }
    m_moves.clear();
    auto place = [&](QGraphicsObject* item, const QPointF& from, const QPointF& target, bool jump) {
        if (animated && !jump && from != target) {
            item->setPos(from);
            m_moves.append({ item, from, target });
        } else {
            item->setPos(target);
        }
    };
    QRectF content = m_hubRect;
    for (const QString& name : names) {
        TopologyZoneItem* zone = m_zones.value(name);
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
        TopologyAggregateItem* aggregate = m_aggregates.value(name);
        const QPointF aggregateOffset = zone->aggregateOffset();
        place(aggregate, start(aggregate, aggregateOffset), target + aggregateOffset, newZone || !zone->isCollapsed());
        aggregate->setVisible(zone->isCollapsed());
        const QList<qint64> members = zone->members();
        for (qint64 id : members) {
            TopologyNodeItem* node = m_nodes.value(id);
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
    if (!m_moves.isEmpty()) {
        m_moveAnimation->setCurrentTime(0);
        m_moveAnimation->start();
    }
    updateSceneRect();
    if (m_autoFit)
        fitToView();
    updateLinkGeometry();
}

void TopologyView::applyMoves(qreal progress)
{
    for (const Move& move : std::as_const(m_moves)) {
        if (move.item)
            move.item->setPos(move.from + (move.to - move.from) * progress);
    }
    if (progress >= 1.0)
        m_moves.clear();
    updateLinkGeometry();
}

void TopologyView::updateHubScale()
{
    // Zoomed out, the database and the storages grow (into room the layout kept for it) so that
    // their names stay readable while the instances shrink to glyphs.
    const qreal scale = qBound(1.0, HubReadableZoom / qMax(MinZoom, zoom()), HubMaxScale);
    m_database->setScale(scale);
    m_database->setPos(0, 0);
    for (auto it = m_storages.cbegin(); it != m_storages.cend(); ++it) {
        it.value()->setScale(scale);
        it.value()->setPos(m_storageCentres.value(it.key()) * scale);
    }
    updateLinkGeometry();
}

void TopologyView::updateSceneRect()
{
    // Room to pan about one screen beyond the content, whatever the zoom.
    const qreal scale = qMax(MinZoom, zoom());
    const qreal margin = qMax(viewport()->width(), viewport()->height()) / scale + 100;
    setSceneRect(m_contentRect.adjusted(-margin, -margin, margin, margin));
}

// ---------------------------------------------------------------------------------------------
// Links

QRectF TopologyView::sceneRectOf(const QGraphicsItem* item) const
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
    }
    return item->sceneBoundingRect();
}

void TopologyView::updateLinks()
{
    struct Spec {
        LinkEnds ends;
        TopologyLinkItem::State state;
        QString label;
        QString toolTip;
        bool emphasised = false;
    };
    QHash<QString, Spec> wanted;
    const auto beatOf = [this](const ServerFigures& f) {
        if (isMuted(f.status))
            return Beat::Idle;
        if (f.status == ServerStatus::NotResponding)
            return Beat::Lost;
        if (!f.lastHeartbeatAgeS)
            return Beat::Ageing; // registered, no heartbeat yet
        if (*f.lastHeartbeatAgeS >= m_lostS)
            return Beat::Lost;
        if (*f.lastHeartbeatAgeS > m_ageingS)
            return Beat::Ageing;
        return Beat::Fresh;
    };
    const auto ageText = [this](const ServerFigures& f) {
        if (f.status == ServerStatus::Stopped)
            return tr("stopped");
        if (f.status == ServerStatus::Disabled)
            return tr("disabled");
        return f.lastHeartbeatAgeS ? Format::duration(f.lastHeartbeatAgeS) : tr("no heartbeat");
    };
    const auto storageName = [this](qint64 storageId) {
        const TopologyStorageItem* storage = m_storages.value(storageId);
        return storage ? storage->figures().storage.name : QString::number(storageId);
    };

    for (auto zoneIt = m_zones.cbegin(); zoneIt != m_zones.cend(); ++zoneIt) {
        const TopologyZoneItem* zone = zoneIt.value();
        const bool collapsed = zone->isCollapsed();
        const QGraphicsItem* zoneEnd = zone;
        QList<const TopologyNodeItem*> fresh;
        QList<const TopologyNodeItem*> late;
        QList<const TopologyNodeItem*> lost;
        QHash<qint64, QList<const TopologyNodeItem*>> failing; // storage -> instances
        const QList<qint64> members = zone->members();
        for (qint64 id : members) {
            const TopologyNodeItem* node = m_nodes.value(id);
            if (!node || node->isLeaving())
                continue;
            const Beat beat = beatOf(node->figures());
            if (beat == Beat::Fresh)
                fresh.append(node);
            else if (beat == Beat::Ageing)
                late.append(node);
            else if (beat == Beat::Lost)
                lost.append(node);
            if (beat == Beat::Idle)
                continue;
            const QList<ProbeRow> probes = m_probes.value(id);
            for (const ProbeRow& probe : probes) {
                if (!probe.ok && m_storages.contains(probe.storageId))
                    failing[probe.storageId].append(node);
            }
        }

        const qsizetype exceptions = late.size() + lost.size();
        const bool oneByOne = !collapsed && exceptions <= IndividualLinkLimit;
        Spec trunk;
        trunk.ends = { zoneEnd, m_database };
        if (fresh.isEmpty() && exceptions == 0)
            trunk.state = TopologyLinkItem::State::Idle;
        else if (oneByOne && !fresh.isEmpty())
            trunk.state = TopologyLinkItem::State::Fresh;
        else
            trunk.state = !lost.isEmpty() ? TopologyLinkItem::State::Lost
                : !late.isEmpty()         ? TopologyLinkItem::State::Ageing
                                          : TopologyLinkItem::State::Fresh;
        if (!oneByOne) {
            QStringList parts;
            if (!lost.isEmpty())
                parts.append(tr("%1 lost").arg(lost.size()));
            if (!late.isEmpty())
                parts.append(tr("%1 late").arg(late.size()));
            trunk.label = parts.join(u", "_s);
        }
        QStringList tip { u"<b>%1</b> \u2194 %2"_s.arg(html(zone->title()), html(tr("database"))) };
        double oldestFresh = 0.0;
        for (const TopologyNodeItem* node : std::as_const(fresh))
            oldestFresh = qMax(oldestFresh, node->figures().lastHeartbeatAgeS.value_or(0.0));
        if (!fresh.isEmpty())
            tip.append(tr("%1 heartbeats fresh (oldest %2)").arg(fresh.size()).arg(Format::duration(oldestFresh)));
        const auto describe = [&](const QList<const TopologyNodeItem*>& nodes, const QString& what) {
            if (nodes.isEmpty())
                return;
            QStringList names;
            for (qsizetype i = 0; i < nodes.size() && i < 6; ++i)
                names.append(u"%1 (%2)"_s.arg(nodes[i]->figures().server.name, ageText(nodes[i]->figures())));
            if (nodes.size() > 6)
                names.append(tr("%1 more").arg(nodes.size() - 6));
            tip.append(u"%1 %2: %3"_s.arg(nodes.size()).arg(what, html(names.join(u", "_s))));
        };
        describe(late, tr("late"));
        describe(lost, tr("lost"));
        trunk.toolTip = tip.join(u"<br/>"_s);
        wanted.insert(u"trunk:"_s + zone->zone(), trunk);

        if (oneByOne) {
            for (const auto* list : { &late, &lost }) {
                for (const TopologyNodeItem* node : *list) {
                    const ServerFigures& f = node->figures();
                    Spec link;
                    link.ends = { node, m_database };
                    link.state = linkState(beatOf(f));
                    link.label = ageText(f);
                    link.toolTip = tr("%1: last heartbeat %2 ago").arg(html(f.server.name), ageText(f));
                    wanted.insert(u"heartbeat:%1"_s.arg(node->serverId()), link);
                }
            }
        }

        for (auto it = failing.cbegin(); it != failing.cend(); ++it) {
            const TopologyStorageItem* storage = m_storages.value(it.key());
            if (collapsed || it.value().size() > IndividualLinkLimit) {
                Spec link;
                link.ends = { zoneEnd, storage };
                link.state = TopologyLinkItem::State::ProbeFailed;
                link.label = tr("%1 failing").arg(it.value().size());
                QStringList names;
                for (const TopologyNodeItem* node : it.value())
                    names.append(node->figures().server.name);
                if (names.size() > 12)
                    names = names.mid(0, 12) << tr("%1 more").arg(it.value().size() - 12);
                link.toolTip = tr("%1 instances of %2 fail to reach %3: %4")
                                   .arg(it.value().size())
                                   .arg(html(zone->title()), html(storageName(it.key())), html(names.join(u", "_s)));
                wanted.insert(u"zoneprobe:%1:%2"_s.arg(zone->zone(), QString::number(it.key())), link);
            } else {
                for (const TopologyNodeItem* node : it.value()) {
                    Spec link;
                    link.ends = { node, storage };
                    link.state = TopologyLinkItem::State::ProbeFailed;
                    QString error;
                    const QList<ProbeRow> probes = m_probes.value(node->serverId());
                    for (const ProbeRow& probe : probes) {
                        if (probe.storageId == it.key())
                            error = probe.error;
                    }
                    link.toolTip = tr("%1 cannot reach %2: %3")
                                       .arg(html(node->figures().server.name), html(storageName(it.key())),
                                           html(error.isEmpty() ? tr("probe failed") : error));
                    wanted.insert(u"probe:%1:%2"_s.arg(node->serverId()).arg(it.key()), link);
                }
            }
        }
    }

    // Every link of the hovered instance and of a small selection, emphasised.
    QList<qint64> focus;
    if (m_hovered)
        focus.append(m_hovered);
    if (m_selected.size() <= SelectionLinkLimit) {
        for (qint64 id : std::as_const(m_selected)) {
            if (id != m_hovered)
                focus.append(id);
        }
    }
    for (qint64 id : std::as_const(focus)) {
        const TopologyNodeItem* node = m_nodes.value(id);
        if (!node || !node->isVisible() || node->isLeaving())
            continue;
        const ServerFigures& f = node->figures();
        const bool hovered = id == m_hovered;
        Spec beat;
        beat.ends = { node, m_database };
        beat.state = linkState(beatOf(f));
        beat.label = ageText(f);
        beat.toolTip = tr("%1: last heartbeat %2 ago").arg(html(f.server.name), ageText(f));
        beat.emphasised = true;
        wanted.insert(u"heartbeat:%1"_s.arg(id), beat);
        const QList<ProbeRow> probes = m_probes.value(id);
        for (const ProbeRow& probe : probes) {
            const TopologyStorageItem* storage = m_storages.value(probe.storageId);
            if (!storage)
                continue;
            Spec link;
            link.ends = { node, storage };
            link.state = probe.ok ? TopologyLinkItem::State::ProbeOk : TopologyLinkItem::State::ProbeFailed;
            if (hovered && probe.ok)
                link.label = Format::milliseconds(probe.latencyMs);
            link.toolTip = probe.ok ? tr("%1 \u2192 %2: ok, %3")
                                          .arg(html(f.server.name), html(storageName(probe.storageId)),
                                              Format::milliseconds(probe.latencyMs))
                                    : tr("%1 cannot reach %2: %3")
                                          .arg(html(f.server.name), html(storageName(probe.storageId)),
                                              html(probe.error.isEmpty() ? tr("probe failed") : probe.error));
            link.emphasised = true;
            wanted.insert(u"probe:%1:%2"_s.arg(id).arg(probe.storageId), link);
        }
    }

    for (auto it = m_links.begin(); it != m_links.end();) {
        if (!wanted.contains(it.key())) {
            delete it.value();
            m_linkEnds.remove(it.key());
            it = m_links.erase(it);
        } else {
            ++it;
        }
    }
    for (auto it = wanted.cbegin(); it != wanted.cend(); ++it) {
        TopologyLinkItem* link = m_links.value(it.key());
        if (!link) {
            link = new TopologyLinkItem(it.key());
            m_scene->addItem(link);
            m_links.insert(it.key(), link);
        }
        link->setAppearance(it->state, it->label, it->emphasised);
        link->setToolTip(PlainToolTips::rich(it->toolTip));
        m_linkEnds.insert(it.key(), it->ends);
    }
    updateLinkGeometry();
}

void TopologyView::forgetLinksTo(const QGraphicsItem* item)
{
    for (auto it = m_linkEnds.begin(); it != m_linkEnds.end();) {
        if (it->from == item || it->to == item) {
            delete m_links.take(it.key());
            it = m_linkEnds.erase(it);
        } else {
            ++it;
        }
    }
}

void TopologyView::updateLinkGeometry()
{
    // Sorted, so that labels are placed in the same order every time; each placed label is in
    // the way of the next ones.
    QStringList keys = m_links.keys();
    std::sort(keys.begin(), keys.end());
    QList<QRectF> placed;
    for (const QString& key : std::as_const(keys)) {
        TopologyLinkItem* link = m_links.value(key);
        const LinkEnds ends = m_linkEnds.value(key);
        if (!ends.from || !ends.to)
            continue;
        const QLineF line = TopologyLayout::between(sceneRectOf(ends.from), sceneRectOf(ends.to));
        const bool labelled = !link->label().isEmpty() || TopologyLinkItem::isBroken(link->state());
        link->setLine(line, labelled ? labelPosition(line, ends, link->label().size(), placed) : 0.5);
    }
}

qreal TopologyView::labelPosition(
    const QLineF& line, const LinkEnds& ends, qsizetype labelChars, QList<QRectF>& placed) const
{
    if (line.length() < 1.0)
        return 0.5;
    // The label goes on the stretch outside the instance's zone, at the first of a few spots that
    // no zone, card or hub item covers.
    QLineF open = line;
    if (ends.from->type() == TopologyNodeItem::Type) {
        const auto* node = static_cast<const TopologyNodeItem*>(ends.from);
        if (const TopologyZoneItem* zone = m_zones.value(node->figures().server.zone))
            open = TopologyLayout::between(sceneRectOf(zone), sceneRectOf(ends.to));
    }
    QList<QRectF> obstacles { sceneRectOf(m_database) };
    for (const TopologyStorageItem* storage : m_storages)
        obstacles.append(sceneRectOf(storage));
    for (const TopologyZoneItem* zone : m_zones)
        obstacles.append(sceneRectOf(zone));
    const QPointF d = line.p2() - line.p1();
    const auto along = [&](const QPointF& p) {
        return qBound(0.0, QPointF::dotProduct(p - line.p1(), d) / QPointF::dotProduct(d, d), 1.0);
    };
    const qreal grow = 1.0 / qBound(MinZoom, zoom(), 1.0); // labels keep their screen size
    obstacles += placed;
    const qreal half = (labelChars * 4.0 + 16.0) * grow; // a rough half width, on screen
    const auto labelAt = [&](const QPointF& p) { return QRectF(p.x() - half, p.y() - 10 * grow, 2 * half, 20 * grow); };
    QPointF best;
    qreal bestCovered = -1;
    for (qreal t : { 0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9 }) {
        const QPointF p = open.pointAt(t);
        const QRectF label = labelAt(p);
        qreal covered = 0;
        for (const QRectF& obstacle : std::as_const(obstacles)) {
            const QRectF overlap = obstacle.intersected(label);
            covered += overlap.width() * overlap.height();
        }
        if (bestCovered < 0 || covered < bestCovered) {
            best = p;
            bestCovered = covered;
        }
        if (covered == 0)
            break;
    }
    placed.append(labelAt(best));
    return along(best);
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
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it)
        it.value()->setHighlighted(m_selected.contains(it.key()));
    updateCounts();
    if (changed)
        updateLinks();
    if (changed && notify)
        Q_EMIT selectionChanged(m_selected);
}

void TopologyView::setHovered(qint64 serverId)
{
    if (m_hovered == serverId)
        return;
    if (TopologyNodeItem* old = m_nodes.value(m_hovered))
        old->setHovered(false);
    m_hovered = serverId;
    if (TopologyNodeItem* node = m_nodes.value(serverId))
        node->setHovered(true);
    updateLinks();
}

void TopologyView::setCurrent(QGraphicsObject* item, bool scrollTo)
{
    const auto mark = [this](QGraphicsObject* object, bool on) {
        if (!object)
            return;
        if (object->type() == TopologyNodeItem::Type)
            static_cast<TopologyNodeItem*>(object)->setCurrent(on && hasFocus());
        else if (object->type() == TopologyAggregateItem::Type)
            static_cast<TopologyAggregateItem*>(object)->setCurrent(on && hasFocus());
    };
    mark(m_current, false);
    m_current = item;
    mark(m_current, true);
    if (item && scrollTo) {
        const QRectF rect = sceneRectOf(item);
        const QRectF visible = mapToScene(viewport()->rect()).boundingRect();
        if (!visible.contains(rect)) {
            ensureVisible(rect, 40, 40);
            m_autoFit = false;
        }
    }
}

void TopologyView::moveCurrent(int dx, int dy)
{
    QList<QGraphicsObject*> candidates;
    for (TopologyNodeItem* node : std::as_const(m_nodes)) {
        if (node->isVisible() && !node->isLeaving())
            candidates.append(node);
    }
    for (TopologyAggregateItem* aggregate : std::as_const(m_aggregates)) {
        if (aggregate->isVisible())
            candidates.append(aggregate);
    }
    if (candidates.isEmpty())
        return;
    if (!m_current || !m_current->isVisible()) {
        // Start at the top-left of the map.
        QGraphicsObject* first = *std::min_element(candidates.cbegin(), candidates.cend(),
            [](auto* a, auto* b) { return a->pos().y() + a->pos().x() * 0.5 < b->pos().y() + b->pos().x() * 0.5; });
        setCurrent(first, true);
        return;
    }
    const QPointF from = sceneRectOf(m_current).center();
    QGraphicsObject* best = nullptr;
    qreal bestScore = 0;
    for (QGraphicsObject* candidate : std::as_const(candidates)) {
        if (candidate == m_current)
            continue;
        const QPointF d = sceneRectOf(candidate).center() - from;
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

void TopologyView::activate(QGraphicsObject* item)
{
    if (!item)
        return;
    if (item->type() == TopologyNodeItem::Type)
        Q_EMIT serverActivated(static_cast<TopologyNodeItem*>(item)->serverId());
    else if (item->type() == TopologyAggregateItem::Type)
        toggleZone(static_cast<TopologyAggregateItem*>(item)->zone());
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

QFont TopologyView::legendFont() const
{
    QFont result = font();
    if (result.pointSizeF() > 0)
        result.setPointSizeF(result.pointSizeF() * 0.9);
    else
        result.setPixelSize(qMax(1, qRound(result.pixelSize() * 0.9)));
    return result;
}

QList<TopologyView::LegendEntry> TopologyView::legendEntries(bool links) const
{
    if (links) {
        return { { {}, {}, TopologyLinkItem::State::Fresh, true, tr("heartbeat") },
            { {}, {}, TopologyLinkItem::State::Ageing, true, tr("late") },
            { {}, {}, TopologyLinkItem::State::Lost, true, tr("lost") },
            { {}, {}, TopologyLinkItem::State::ProbeFailed, true, tr("storage failing") } };
    }
    QList<LegendEntry> result;
    for (const QString& status : { u"healthy"_s, u"degraded"_s, u"not-responding"_s, u"stopped"_s }) {
        const StatusStyle style = StatusStyle::forStatus(status);
        result.append({ style.glyph, style.colour, {}, false, style.label });
    }
    return result;
}

qreal TopologyView::legendWidth(const QList<LegendEntry>& entries, const QFontMetricsF& metrics)
{
    const qreal line = metrics.height();
    qreal width = 0;
    for (const LegendEntry& e : entries)
        width += (e.isLink ? line * 1.8 : line * 0.8) + line * 0.35 + metrics.horizontalAdvance(e.text) + line;
    return width - line;
}

int TopologyView::legendRows() const
{
    if (!m_legendVisible || viewport()->width() < 320)
        return 0;
    const QFontMetricsF metrics(legendFont());
    const qreal one = legendWidth(legendEntries(false), metrics) + metrics.height() * 2.5
        + legendWidth(legendEntries(true), metrics);
    return one + 16 <= viewport()->width() * 0.75 ? 1 : 2;
}

qreal TopologyView::legendReserve() const
{
    const int rows = legendRows();
    return rows == 0 ? 0.0 : rows * QFontMetricsF(legendFont()).height() + (rows - 1) * 4 + 10 + 14;
}

void TopologyView::fitToView()
{
    m_autoFit = true;
    const QRectF content = m_contentRect.adjusted(-20, -20, 20, 20);
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
    const TopologyNodeItem* node = m_nodes.value(serverId);
    if (!node)
        return;
    const TopologyZoneItem* zone = m_zones.value(node->figures().server.zone);
    const QGraphicsItem* target
        = zone && zone->isCollapsed() ? static_cast<const QGraphicsItem*>(m_aggregates.value(zone->zone())) : node;
    ensureVisible(sceneRectOf(target), 40, 40);
}

QImage TopologyView::grabImage()
{
    return viewport()->grab().toImage();
}

// ---------------------------------------------------------------------------------------------
// Items

TopologyNodeItem* TopologyView::nodeItem(qint64 serverId) const
{
    return m_nodes.value(serverId);
}

QList<TopologyNodeItem*> TopologyView::nodeItems() const
{
    return m_nodes.values();
}

TopologyZoneItem* TopologyView::zoneItem(const QString& zone) const
{
    return m_zones.value(zone);
}

TopologyAggregateItem* TopologyView::aggregateItem(const QString& zone) const
{
    return m_aggregates.value(zone);
}

TopologyStorageItem* TopologyView::storageItem(qint64 storageId) const
{
    return m_storages.value(storageId);
}

TopologyLinkItem* TopologyView::linkItem(const QString& key) const
{
    return m_links.value(key);
}

QList<TopologyLinkItem*> TopologyView::linkItems() const
{
    return m_links.values();
}

TopologyView::Hit TopologyView::hitAt(const QPoint& viewportPos) const
{
    const QList<QGraphicsItem*> found = items(viewportPos);
    const QPointF scenePos = mapToScene(viewportPos);
    for (QGraphicsItem* item : found) {
        switch (item->type()) {
        case TopologyNodeItem::Type:
            if (!static_cast<TopologyNodeItem*>(item)->isLeaving())
                return { HitKind::Node, item };
            break;
        case TopologyAggregateItem::Type:
            return { HitKind::Aggregate, item };
        case TopologyDatabaseItem::Type:
            return { HitKind::Database, item };
        case TopologyStorageItem::Type:
            return { HitKind::Storage, item };
        case TopologyLinkItem::Type:
            return { HitKind::Link, item };
        case TopologyZoneItem::Type: {
            const auto* zone = static_cast<TopologyZoneItem*>(item);
            const QPointF p = zone->mapFromScene(scenePos);
            if (zone->chevronRect().contains(p))
                return { HitKind::ZoneChevron, item };
            if (zone->headerRect().contains(p))
                return { HitKind::ZoneHeader, item };
            if (zone->boxRect().contains(p))
                return { HitKind::ZoneBody, item };
            break;
        }
        }
    }
    return {};
}

QString TopologyView::zoneOf(const Hit& hit) const
{
    switch (hit.kind) {
    case HitKind::Node:
        return static_cast<TopologyNodeItem*>(hit.item)->figures().server.zone;
    case HitKind::Aggregate:
        return static_cast<TopologyAggregateItem*>(hit.item)->zone();
    case HitKind::ZoneChevron:
    case HitKind::ZoneHeader:
    case HitKind::ZoneBody:
        return static_cast<TopologyZoneItem*>(hit.item)->zone();
    default:
        break;
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// Tooltips

QString TopologyView::toolTipAt(const QPoint& viewportPos) const
{
    const Hit hit = hitAt(viewportPos);
    switch (hit.kind) {
    case HitKind::Node:
        return nodeToolTip(static_cast<TopologyNodeItem*>(hit.item));
    case HitKind::Aggregate:
        return aggregateToolTip(static_cast<TopologyAggregateItem*>(hit.item));
    case HitKind::ZoneChevron:
    case HitKind::ZoneHeader:
    case HitKind::ZoneBody:
        return zoneToolTip(static_cast<TopologyZoneItem*>(hit.item));
    case HitKind::Database:
        return databaseToolTip();
    case HitKind::Storage:
        return storageToolTip(static_cast<TopologyStorageItem*>(hit.item));
    case HitKind::Link:
        return hit.item->toolTip();
    case HitKind::None:
        break;
    }
    return {};
}

QString TopologyView::nodeToolTip(const TopologyNodeItem* node) const
{
    const ServerFigures& f = node->figures();
    const StatusStyle style = StatusStyle::forStatus(node->status());
    QString text = u"<b>%1</b>"_s.arg(html(f.server.name));
    if (!f.server.displayName.isEmpty() && f.server.displayName != f.server.name)
        text += u" \u2014 %1"_s.arg(html(f.server.displayName));
    QStringList where;
    if (!f.server.host.isEmpty())
        where.append(html(f.server.host));
    where.append(html(zoneTitle(f.server.zone)));
    if (!f.server.version.isEmpty())
        where.append(tr("version %1").arg(html(f.server.version)));
    text += u"<br/>"_s + where.join(u" \u00b7 "_s);
    text += u"<br/>%1 <b>%2</b>"_s.arg(glyphSpan(style), html(style.label));
    for (const QString& reason : f.reasons)
        text += u"<br/>&nbsp;&nbsp;\u2022 %1"_s.arg(html(reason));
    text += u"<table style='margin-top:4px'>"_s;
    text += row(tr("Last heartbeat"),
        f.lastHeartbeatAgeS ? tr("%1 ago").arg(Format::duration(f.lastHeartbeatAgeS)) : Format::none());
    QString backlog = Format::integer(f.backlog);
    if (f.oldestPendingAgeS)
        backlog += u" "_s + tr("(oldest %1)").arg(Format::duration(f.oldestPendingAgeS));
    text += row(tr("Backlog"), backlog);
    text += row(tr("Cache latency p95"), Format::milliseconds(f.cacheLatency.p95));
    text += row(tr("Clock skew"), Format::signedMilliseconds(f.clockSkewMs));
    text += row(tr("Cache hit ratio"), Format::percent(f.cacheHitRatio));
    text += row(tr("Processed"),
        tr("%1, %2 failed").arg(Format::rate(f.deliveriesProcessedPerS), Format::integer(f.deliveriesFailed)));
    const QList<ProbeRow> probes = m_probes.value(f.server.id);
    for (const ProbeRow& probe : probes) {
        const TopologyStorageItem* storage = m_storages.value(probe.storageId);
        const QString name = storage ? storage->figures().storage.name : QString::number(probe.storageId);
        const StatusStyle probeStyle = StatusStyle::forStatus(probe.ok ? u"ok"_s : u"failing"_s);
        const QString value = probe.ok ? Format::milliseconds(probe.latencyMs)
                                       : html(probe.error.isEmpty() ? tr("probe failed") : probe.error);
        text += row(tr("Storage %1").arg(name), u"%1 %2"_s.arg(glyphSpan(probeStyle), value));
    }
    text += u"</table>"_s;
    if (isStale())
        text += u"<i>%1</i>"_s.arg(html(tr("Data stale: last known figures")));
    return text;
}

QString TopologyView::aggregateToolTip(const TopologyAggregateItem* aggregate) const
{
    QString text = u"<b>%1</b> \u2014 %2<br/>"_s.arg(html(aggregate->title()), html(instancesText(aggregate->total())));
    QStringList lines;
    for (const TopologyStatusCount& c : aggregate->counts()) {
        const StatusStyle style = StatusStyle::forStatus(c.status);
        lines.append(u"%1 %2 %3"_s.arg(glyphSpan(style)).arg(c.count).arg(html(style.label.toLower())));
    }
    text += lines.join(u", "_s);
    // Name the instances that need attention, worst first: the reason to expand or not.
    const TopologyZoneItem* zone = m_zones.value(aggregate->zone());
    QList<const TopologyNodeItem*> troubled;
    if (zone) {
        const QList<qint64> members = zone->members();
        for (qint64 id : members) {
            const TopologyNodeItem* node = m_nodes.value(id);
            if (node && !node->isLeaving() && needsAttention(node->figures().status))
                troubled.append(node);
        }
    }
    std::sort(troubled.begin(), troubled.end(), [](const TopologyNodeItem* a, const TopologyNodeItem* b) {
        return TopologyGlyph::severity(a->status()) > TopologyGlyph::severity(b->status());
    });
    for (qsizetype i = 0; i < troubled.size() && i < 10; ++i) {
        const ServerFigures& f = troubled[i]->figures();
        text += u"<br/>%1 %2"_s.arg(glyphSpan(StatusStyle::forStatus(troubled[i]->status())), html(f.server.name));
        if (!f.reasons.isEmpty())
            text += u": "_s + html(f.reasons.constFirst());
    }
    if (troubled.size() > 10)
        text += u"<br/>"_s + html(tr("and %1 more").arg(troubled.size() - 10));
    text += u"<br/><i>%1</i>"_s.arg(html(tr("Double-click to expand")));
    return text;
}

QString TopologyView::zoneToolTip(const TopologyZoneItem* zone) const
{
    QString text = u"<b>%1</b> \u2014 %2<br/>"_s.arg(html(zone->title()), html(instancesText(zone->memberCount())));
    QStringList lines;
    for (const TopologyStatusCount& c : zone->counts()) {
        const StatusStyle style = StatusStyle::forStatus(c.status);
        lines.append(u"%1 %2 %3"_s.arg(glyphSpan(style)).arg(c.count).arg(html(style.label.toLower())));
    }
    text += lines.join(u", "_s);
    text += u"<br/><i>%1</i>"_s.arg(html(
        zone->isCollapsed() ? tr("Double-click the header to expand") : tr("Double-click the header to collapse")));
    return text;
}

QString TopologyView::databaseToolTip() const
{
    QString text = u"<b>%1</b>"_s.arg(html(tr("Shared database")));
    if (!m_hasState)
        return text + u"<br/>"_s + html(tr("Waiting for the first snapshot"));
    text += u"<br/>"_s + html(tr("Snapshot of %1").arg(Format::dateTime(m_generatedAt)));
    QStringList lines;
    for (auto it = m_farm.byStatus.cbegin(); it != m_farm.byStatus.cend(); ++it) {
        if (it.value() > 0) {
            const StatusStyle style = StatusStyle::forStatus(it.key());
            lines.append(u"%1 %2 %3"_s.arg(glyphSpan(style)).arg(it.value()).arg(html(style.label.toLower())));
        }
    }
    text += u"<br/>"_s + html(instancesText(int(m_farm.servers)));
    if (!lines.isEmpty())
        text += u": "_s + lines.join(u", "_s);
    text += u"<table style='margin-top:4px'>"_s;
    text += row(tr("Tasks created"), Format::rate(m_farm.tasksCreatedPerS));
    text += row(tr("Deliveries processed"), Format::rate(m_farm.deliveriesProcessedPerS));
    text += row(tr("Deliveries failed"), Format::integer(m_farm.deliveriesFailed));
    text += row(tr("Backlog"), Format::integer(m_farm.backlog));
    text += row(tr("Cache latency p95"), Format::milliseconds(m_farm.cacheLatency.p95));
    text += u"</table>"_s;
    if (isStale())
        text += u"<i>%1</i>"_s.arg(html(tr("Data stale: last known figures")));
    return text;
}

QString TopologyView::storageToolTip(const TopologyStorageItem* storage) const
{
    const StorageFigures& f = storage->figures();
    const StatusStyle style = StatusStyle::forStatus(storage->status());
    QString text = u"<b>%1</b> (%2)"_s.arg(html(f.storage.name), html(f.storage.kind));
    if (!f.storage.location.isEmpty())
        text += u"<br/>"_s + html(f.storage.location);
    text += u"<br/>%1 <b>%2</b>"_s.arg(glyphSpan(style), html(style.label));
    text += u"<table style='margin-top:4px'>"_s;
    text += row(tr("Probe latency p95"), Format::milliseconds(f.probeLatencyP95Ms));
    text += row(tr("Probing instances"), Format::integer(f.probingServers.size()));
    if (!f.failingServers.isEmpty()) {
        QStringList names = f.failingServers.mid(0, 12);
        if (f.failingServers.size() > 12)
            names.append(tr("%1 more").arg(f.failingServers.size() - 12));
        text += row(tr("Failing"), html(names.join(u", "_s)));
    }
    text += u"</table>"_s;
    return text;
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
    if (event->button() != Qt::LeftButton && event->button() != Qt::MiddleButton) {
        event->accept();
        return;
    }
    setFocus(Qt::MouseFocusReason);
    m_pressPos = m_lastPos = event->position().toPoint();
    m_pressModifiers = event->modifiers();
    m_drag = Drag::None;
    const Hit hit = event->button() == Qt::LeftButton ? hitAt(m_pressPos) : Hit {};
    switch (hit.kind) {
    case HitKind::Node: {
        auto* node = static_cast<TopologyNodeItem*>(hit.item);
        const qint64 id = node->serverId();
        QSet<qint64> selection = m_selected;
        if (m_pressModifiers & Qt::ControlModifier) {
            if (!selection.remove(id))
                selection.insert(id);
        } else if (m_pressModifiers & Qt::ShiftModifier) {
            selection.insert(id);
        } else {
            selection = { id };
        }
        setCurrent(node, false);
        applySelection(selection, true);
        break;
    }
    case HitKind::Aggregate:
        setCurrent(static_cast<TopologyAggregateItem*>(hit.item), false);
        break;
    case HitKind::ZoneChevron:
        toggleZone(zoneOf(hit));
        break;
    default:
        m_drag = Drag::Pending;
        break;
    }
    event->accept();
}

void TopologyView::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    if (m_drag == Drag::Pending && (pos - m_pressPos).manhattanLength() >= QApplication::startDragDistance()) {
        if (m_pressModifiers & (Qt::ShiftModifier | Qt::ControlModifier)) {
            m_drag = Drag::RubberBand;
            m_selectionAtPress = m_selected;
            if (!m_rubberBand)
                m_rubberBand = new QRubberBand(QRubberBand::Rectangle, viewport());
            m_rubberBand->show();
        } else {
            m_drag = Drag::Pan;
            viewport()->setCursor(Qt::ClosedHandCursor);
            m_autoFit = false;
        }
    }
    switch (m_drag) {
    case Drag::Pan: {
        const QPoint delta = pos - m_lastPos;
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
        break;
    }
    case Drag::RubberBand: {
        const QRect band = QRect(m_pressPos, pos).normalized();
        m_rubberBand->setGeometry(band);
        QSet<qint64> selection = m_selectionAtPress;
        const QList<QGraphicsItem*> inside = items(band, Qt::IntersectsItemShape);
        for (QGraphicsItem* item : inside) {
            if (item->type() == TopologyNodeItem::Type && !static_cast<TopologyNodeItem*>(item)->isLeaving()) {
                selection.insert(static_cast<TopologyNodeItem*>(item)->serverId());
            } else if (item->type() == TopologyAggregateItem::Type) {
                if (const TopologyZoneItem* zone = m_zones.value(static_cast<TopologyAggregateItem*>(item)->zone())) {
                    const QList<qint64> members = zone->members();
                    for (qint64 id : members)
                        selection.insert(id);
                }
            }
        }
        applySelection(selection, false);
        break;
    }
    case Drag::None:
        if (event->buttons() == Qt::NoButton) {
            const Hit hit = hitAt(pos);
            setHovered(hit.kind == HitKind::Node ? static_cast<TopologyNodeItem*>(hit.item)->serverId() : 0);
        }
        break;
    case Drag::Pending:
        break;
    }
    m_lastPos = pos;
    event->accept();
}

void TopologyView::mouseReleaseEvent(QMouseEvent* event)
{
    switch (m_drag) {
    case Drag::Pending:
        // A plain click on the background clears the selection.
        if (event->button() == Qt::LeftButton && !(m_pressModifiers & (Qt::ShiftModifier | Qt::ControlModifier)))
            applySelection({}, true);
        break;
    case Drag::RubberBand:
        m_rubberBand->hide();
        if (m_selected != m_selectionAtPress)
            Q_EMIT selectionChanged(m_selected);
        break;
    case Drag::Pan:
        viewport()->unsetCursor();
        break;
    case Drag::None:
        break;
    }
    m_drag = Drag::None;
    event->accept();
}

void TopologyView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton) {
        event->accept();
        return;
    }
    const Hit hit = hitAt(event->position().toPoint());
    switch (hit.kind) {
    case HitKind::Node:
        Q_EMIT serverActivated(static_cast<TopologyNodeItem*>(hit.item)->serverId());
        break;
    case HitKind::Aggregate:
    case HitKind::ZoneHeader:
        toggleZone(zoneOf(hit));
        break;
    case HitKind::ZoneChevron:
        break; // the press already toggled it
    default:
        // Like a press: may start a pan.
        m_pressPos = m_lastPos = event->position().toPoint();
        m_pressModifiers = event->modifiers();
        m_drag = Drag::Pending;
        break;
    }
    event->accept();
}

void TopologyView::wheelEvent(QWheelEvent* event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const qreal steps = event->angleDelta().y() / 120.0;
        if (steps != 0.0)
            zoomAt(std::pow(1.2, steps), event->position().toPoint());
        event->accept();
        return;
    }
    m_autoFit = false;
    QGraphicsView::wheelEvent(event);
}

void TopologyView::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        break;
    case Qt::Key_Minus:
    case Qt::Key_Underscore:
        zoomOut();
        break;
    case Qt::Key_0:
    case Qt::Key_F:
        fitToView();
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
        if (m_current && m_current->type() == TopologyNodeItem::Type) {
            const qint64 id = static_cast<TopologyNodeItem*>(m_current.data())->serverId();
            QSet<qint64> selection = m_selected;
            if (event->modifiers() & Qt::ControlModifier) {
                if (!selection.remove(id))
                    selection.insert(id);
            } else {
                selection = { id };
            }
            applySelection(selection, true);
        } else if (m_current) {
            toggleZone(static_cast<TopologyAggregateItem*>(m_current.data())->zone());
        }
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        activate(m_current);
        break;
    case Qt::Key_Escape:
        if (!m_selected.isEmpty())
            applySelection({}, true);
        else
            event->ignore();
        break;
    default:
        QGraphicsView::keyPressEvent(event);
        return;
    }
    event->accept();
}

void TopologyView::contextMenuEvent(QContextMenuEvent* event)
{
    QPoint pos = event->pos();
    if (event->reason() == QContextMenuEvent::Keyboard)
        pos = m_current ? mapFromScene(sceneRectOf(m_current).center()) : viewport()->rect().center();
    showContextMenu(pos, viewport()->mapToGlobal(pos));
    event->accept();
}

void TopologyView::showContextMenu(const QPoint& viewportPos, const QPoint& globalPos)
{
    const Hit hit = hitAt(viewportPos);
    QMenu menu(this);
    if (hit.kind == HitKind::Node) {
        auto* node = static_cast<TopologyNodeItem*>(hit.item);
        const qint64 id = node->serverId();
        // In a menu "&" marks the shortcut key: doubled, it shows as written.
        const QString name = QString(node->figures().server.name).replace(u'&', u"&&"_s);
        menu.addAction(tr("Show %1").arg(name), this, [this, id] { Q_EMIT serverActivated(id); });
        menu.addAction(tr("Select %1").arg(name), this, [this, id] { applySelection({ id }, true); });
        menu.addSeparator();
    }
    const QString zone = zoneOf(hit);
    if (hit.kind != HitKind::None && m_zones.contains(zone)) {
        const QString title = zoneTitle(zone).replace(u'&', u"&&"_s);
        if (isZoneCollapsed(zone))
            menu.addAction(tr("Expand zone %1").arg(title), this, [this, zone] { setZoneCollapsed(zone, false); });
        else
            menu.addAction(tr("Collapse zone %1").arg(title), this, [this, zone] { setZoneCollapsed(zone, true); });
        menu.addAction(tr("Select the instances of %1").arg(title), this, [this, zone] {
            if (const TopologyZoneItem* item = m_zones.value(zone)) {
                const QList<qint64> members = item->members();
                applySelection(QSet<qint64>(members.cbegin(), members.cend()), true);
            }
        });
        menu.addSeparator();
    }
    if (!m_zones.isEmpty()) {
        menu.addAction(tr("Collapse all zones"), this, [this] { setAllZonesCollapsed(true); });
        menu.addAction(tr("Expand all zones"), this, [this] { setAllZonesCollapsed(false); });
        menu.addSeparator();
    }
    menu.addAction(tr("Fit to view") + u"\t0"_s, this, &TopologyView::fitToView);
    menu.addAction(tr("Zoom in") + u"\t+"_s, this, &TopologyView::zoomIn);
    menu.addAction(tr("Zoom out") + u"\t-"_s, this, &TopologyView::zoomOut);
    menu.exec(globalPos);
}

void TopologyView::rearrangeForViewport()
{
    // The first arrangement may have been made before the window had its size: now that the
    // aspect is known, choose the ring's rotation again.
    if (m_arrangedForViewport || m_zones.isEmpty() || !isVisible())
        return;
    m_ringZones.clear();
    layoutScene(true, false);
    updateLinks();
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
    setCurrent(m_current, false);
}

void TopologyView::focusOutEvent(QFocusEvent* event)
{
    QGraphicsView::focusOutEvent(event);
    setCurrent(m_current, false);
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
    const QRect area = viewport()->rect();
    const QFont font = legendFont();
    const QFontMetricsF metrics(font);
    const qreal line = metrics.height();
    painter->setFont(font);

    if (isStale()) {
        const QString text = m_generatedAt.isValid()
            ? tr("Data stale \u2014 last snapshot %1").arg(Format::dateTime(m_generatedAt))
            : tr("Data stale");
        const qreal width = metrics.horizontalAdvance(text) + line * 2.0;
        // Bottom right, in the strip fitToView() keeps free for the legend.
        const QRectF badge(qMax(8.0, area.width() - width - 8), area.height() - 8 - (line + 10), width, line + 10);
        painter->setPen(QPen(m_scene->dimTextColour(), 1.0));
        painter->setBrush(m_scene->cardColour());
        painter->drawRoundedRect(badge, badge.height() / 2, badge.height() / 2);
        TopologyGlyph::paint(painter,
            QRectF(badge.left() + line * 0.5, badge.center().y() - line * 0.3, line * 0.6, line * 0.6), u"\u25a0"_s,
            m_scene->dimTextColour());
        painter->setPen(m_scene->textColour());
        painter->drawText(badge.adjusted(line * 1.4, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, text);
    }

    const int rows = legendRows();
    if (rows > 0) {
        const QList<LegendEntry> statuses = legendEntries(false);
        const QList<LegendEntry> links = legendEntries(true);
        const qreal statusesWidth = legendWidth(statuses, metrics);
        const qreal linksWidth = legendWidth(links, metrics);
        const qreal width
            = (rows == 1 ? statusesWidth + line * 1.5 + linksWidth : qMax(statusesWidth, linksWidth)) + line;
        const qreal height = rows * line + (rows - 1) * 4 + 10;
        const QRectF panel(8, area.height() - 8 - height, qMin(width, area.width() - 16.0), height);
        QColor back = m_scene->cardColour();
        back.setAlphaF(0.88f);
        painter->setPen(QPen(m_scene->lineColour(), 1.0));
        painter->setBrush(back);
        painter->drawRoundedRect(panel, 6, 6);
        painter->setClipRect(panel);
        const qreal sample = line * 1.8;
        const auto drawRow = [&](const QList<LegendEntry>& entries, qreal x, qreal top) {
            const qreal mid = top + line / 2;
            for (const LegendEntry& e : entries) {
                if (e.isLink) {
                    const QPen pen = TopologyLinkItem::pen(e.state, m_scene, false);
                    painter->setPen(pen);
                    if (TopologyLinkItem::isBroken(e.state)) {
                        painter->drawLine(QPointF(x, mid), QPointF(x + sample * 0.32, mid));
                        painter->drawLine(QPointF(x + sample * 0.68, mid), QPointF(x + sample, mid));
                        TopologyGlyph::paint(painter,
                            QRectF(x + sample * 0.38, mid - sample * 0.12, sample * 0.24, sample * 0.24), u"\u2716"_s,
                            pen.color());
                    } else {
                        painter->drawLine(QPointF(x, mid), QPointF(x + sample, mid));
                    }
                    x += sample;
                } else {
                    TopologyGlyph::paint(painter, QRectF(x, mid - line * 0.4, line * 0.8, line * 0.8), e.glyph,
                        m_scene->statusColour(e.colour));
                    x += line * 0.8;
                }
                x += line * 0.35;
                const qreal textWidth = metrics.horizontalAdvance(e.text);
                painter->setPen(m_scene->textColour());
                painter->drawText(QRectF(x, top, textWidth + 2, line), Qt::AlignLeft | Qt::AlignVCenter, e.text);
                x += textWidth + line;
            }
            return x;
        };
        const qreal left = panel.left() + line * 0.5;
        if (rows == 1) {
            drawRow(links, drawRow(statuses, left, panel.top() + 5) + line * 0.5, panel.top() + 5);
        } else {
            drawRow(statuses, left, panel.top() + 5);
            drawRow(links, left, panel.top() + 9 + line);
        }
    }
    painter->restore();
}

} // namespace Paddock
