#pragma once

#include "figures.h"
#include "topologyarranger.h"
#include "topologyinput.h"
#include "topologyitems.h"
#include "topologylinkplanner.h"
#include "topologylinks.h"

#include <QGraphicsObject>
#include <QGraphicsView>
#include <QHash>
#include <QImage>
#include <QPointer>
#include <QSet>

namespace Paddock {

class TopologyAggregateItem;
class TopologyDatabaseItem;
class TopologyLinkItem;
class TopologyNodeItem;
class TopologyRedisItem;
class TopologyScene;
class TopologyStorageItem;
class TopologyZoneItem;

// The topology map: the shared database in the centre, the shared storages and the Redis (when
// the farm has one) close around it, and every instance, grouped by zone, in zone boxes on a ring
// around them. Snapshots are merged: an
// instance keeps its place, joiners fade in, leavers fade out, stopped ones stay greyed (■).
//
// Links stay few at any farm size, so that the exceptions stand out. Each zone has one trunk to
// the database styled by its heartbeats; up to IndividualLinkLimit late or lost instances of a
// zone get their own link with the age, more turn the trunk itself late or lost with counts (a
// rack that lost its network is one broken trunk, not forty red lines). Storage links are drawn
// only for failing probes, one by one up to the same limit per zone and storage, else one zone
// link with the count: an ok probe carries no news, the storage pill and the tooltips say the
// rest. The Redis has a link per zone as the database has, and a broken one for each instance
// without a connection, by the same rules. Every link of the hovered instance and of a small
// selection is drawn too.
//
// A zone seen for the first time with more than autoCollapseThreshold() instances starts
// collapsed when none of them needs attention, and open when one does: the problem is then one
// glance away. Later changes never collapse or open a zone under the user's hands; the aggregate
// takes the worst status's colour and glyph instead. A large farm (more than LargeFarm instances)
// is zones of counts: every zone starts collapsed but the one with the most instances in trouble,
// and opening a zone closes the one that was open, so that one zone at a time shows its cards.
//
// Mouse: click selects, Ctrl+click toggles, Shift+click adds, Shift/Ctrl+drag on the background
// selects with a rubber band, dragging the background pans, Ctrl+wheel zooms, double click
// activates an instance or collapses/expands a zone (also the header's chevron and the context
// menu). Keys: + and - zoom, 0 or F fits, arrows move between nodes, Space selects, Enter
// activates, Escape clears the selection, the menu key opens the context menu.
//
// The view merges snapshots into the items (TopologyItems) and keeps the zones' and the
// selection's state. Which zones start collapsed is TopologyZonePolicy's, which links exist
// TopologyLinkPlanner's (drawn by TopologyLinks), where the items go TopologyArranger's; the
// events are TopologyInput's, the texts TopologyToolTips', the legend TopologyLegend's.
class TopologyView : public QGraphicsView {
    Q_OBJECT

public:
    static constexpr int FadeMs = 450;
    static constexpr int MoveMs = TopologyArranger::MoveMs;
    static constexpr int IndividualLinkLimit = TopologyLinkPlanner::IndividualLinkLimit;
    static constexpr int LargeFarm = 200;
    static constexpr int SelectionLinkLimit = TopologyLinkPlanner::SelectionLinkLimit;
    static constexpr qreal MinZoom = 0.08;
    static constexpr qreal MaxZoom = 4.0;
    static constexpr qreal MaxFitZoom = 1.3;
    static constexpr qreal HubMaxScale = TopologyArranger::HubMaxScale;
    static constexpr qreal HubReadableZoom = 0.9;

    explicit TopologyView(QWidget* parent = nullptr);
    ~TopologyView() override;

    void setState(const FarmSnapshot& snapshot, const QList<ProbeRow>& latestProbes);
    // A new connection: forget every instance, zone and storage (no fades).
    void clear();

    QSet<qint64> selectedServers() const { return m_selected; }
    // Highlights these instances; emits nothing.
    void setSelectedServers(const QSet<qint64>& serverIds);

    bool isStale() const;
    void setStale(bool stale); // everything grey, with a "data stale" badge

    // What the viewport shows, at the screen's resolution.
    QImage grabImage();

    QStringList zones() const; // in layout order; "" is the zone of instances without one
    bool isZoneCollapsed(const QString& zone) const;
    void setZoneCollapsed(const QString& zone, bool collapsed);
    void setAllZonesCollapsed(bool collapsed);
    // A zone seen for the first time with more instances than this starts collapsed, unless one
    // of them is degraded or not responding. 0: never. Default 40.
    int autoCollapseThreshold() const { return m_autoCollapseThreshold; }
    void setAutoCollapseThreshold(int instances) { m_autoCollapseThreshold = instances; }

    // A heartbeat older than ageingS draws its link late (dashed), from lostS lost (broken).
    // Defaults 10 s and 30 s (DESIGN.md's not-responding threshold).
    void setHeartbeatThresholds(double ageingS, double lostS);
    double heartbeatAgeingS() const { return m_ageingS; }
    double heartbeatLostS() const { return m_lostS; }

    bool isAnimated() const { return m_animated; }
    void setAnimated(bool animated); // off: joins, leaves and moves happen at once
    bool isLegendVisible() const { return m_legendVisible; }
    void setLegendVisible(bool visible);

    qreal zoom() const;
    void setZoom(qreal zoom); // around the viewport centre
    // The view follows the layout (fits after changes and resizes) until the user zooms or pans.
    bool isAutoFit() const { return m_autoFit; }

    // The items, for tests and for the window (e.g. to scroll to an instance).
    TopologyNodeItem* nodeItem(qint64 serverId) const { return m_items.node(serverId); }
    QList<TopologyNodeItem*> nodeItems() const { return m_items.nodes().values(); }
    int instanceNodeCount() const { return int(m_items.nodes().size()); } // fading ones included
    TopologyZoneItem* zoneItem(const QString& zone) const { return m_items.zone(zone); }
    TopologyAggregateItem* aggregateItem(const QString& zone) const { return m_items.aggregate(zone); }
    TopologyStorageItem* storageItem(qint64 storageId) const { return m_items.storage(storageId); }
    TopologyDatabaseItem* databaseItem() const { return m_items.database(); }
    TopologyRedisItem* redisItem() const { return m_items.redis(); } // null without a Redis
    TopologyLinkItem* linkItem(const QString& key) const { return m_links.item(key); }
    QList<TopologyLinkItem*> linkItems() const { return m_links.items(); }
    QString toolTipAt(const QPoint& viewportPos) const;

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void fitToView();
    void ensureServerVisible(qint64 serverId);

Q_SIGNALS:
    // The user changed the selection (click, Ctrl/Shift+click, rubber band, Escape, menu).
    void selectionChanged(const QSet<qint64>& serverIds);
    void serverActivated(qint64 serverId);
    // The database node was double-clicked.
    void databaseActivated();
    void zoneCollapsedChanged(const QString& zone, bool collapsed);

protected:
    bool viewportEvent(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;

private:
    friend class TopologyInput;

    QSet<qint64> mergeServers(const QList<ServerFigures>& servers, bool fade, QHash<QString, QList<qint64>>& joined);
    QList<qint64> markLeavers(const QSet<qint64>& present);
    void joinZones(const QHash<QString, QList<qint64>>& joined, bool fade, bool& structureChanged);
    void addZone(const QString& zone, const QList<qint64>& members, bool fade);
    void removeZone(const QString& zone);
    void nodeFadeFinished(qint64 serverId);
    void removeNode(qint64 serverId);
    void layoutScene(bool recomputeRing, bool animate);
    void rearrangeForViewport();
    void updateSceneRect();
    qreal hubScale() const;
    void updateHubScale();
    void updateLinks();
    void updateLinkGeometry();
    void updateDatabaseText();
    void applySelection(const QSet<qint64>& serverIds, bool notify);
    void setHovered(qint64 serverId);
    void toggleZone(const QString& zone);
    void zoomAt(qreal factor, const QPoint& viewportPos);
    int legendRows() const; // 0: hidden
    qreal legendReserve() const;

    TopologyScene* m_scene = nullptr;
    TopologyItems m_items;
    TopologyLinks m_links;
    TopologyArranger* m_arranger = nullptr;
    TopologyInput m_input;
    QHash<qint64, QList<ProbeRow>> m_probes;

    FarmFigures m_farm;
    std::optional<DatabaseFigures> m_database;
    QDateTime m_generatedAt;
    bool m_hasState = false;

    QSet<qint64> m_selected;
    qint64 m_hovered = 0;
    QPointer<QGraphicsObject> m_current;

    int m_autoCollapseThreshold = 40;
    bool m_largeFarm = false; // the last snapshot had more than LargeFarm instances
    double m_ageingS = 10.0;
    double m_lostS = 30.0;
    bool m_animated = true;
    bool m_legendVisible = true;
    bool m_autoFit = true;
};

} // namespace Paddock
