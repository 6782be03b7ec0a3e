#pragma once

#include "topologyglyph.h"

#include <QGraphicsObject>
#include <QHash>

namespace Paddock {

// A zone of the topology map: a box with a header (chevron, name, status counts) around a compact
// grid of instance slots. A member keeps its slot while it stays in the farm, so the map does
// not reshuffle on every refresh; new members take the first free slot.
class TopologyZoneItem : public QGraphicsObject {
    Q_OBJECT

public:
    enum { Type = UserType + 3 };
    static constexpr qreal Padding = 10.0;
    static constexpr qreal HeaderHeight = 32.0;
    static constexpr qreal Spacing = 8.0;
    static constexpr qreal MinimumWidth = 240.0;

    explicit TopologyZoneItem(const QString& zone, QGraphicsItem* parent = nullptr);

    int type() const override { return Type; }
    QString zone() const { return m_zone; }
    QString title() const { return m_title; }
    void setTitle(const QString& title);

    bool isCollapsed() const { return m_collapsed; }
    void setCollapsed(bool collapsed);

    // Membership and slots.
    bool holds(qint64 serverId) const { return m_slotOf.contains(serverId); }
    int memberCount() const { return int(m_slotOf.size()); }
    QList<qint64> members() const; // in slot order
    int columns() const { return m_columns; }
    int slotCount() const { return int(m_slots.size()); }
    void addMember(qint64 serverId);
    void removeMember(qint64 serverId);
    // Reassigns every slot in the given order on a grid of columns (no holes).
    void reflow(const QList<qint64>& ordered, int columns);
    // More columns, every member staying in its row and column: the zone grows without moving
    // anyone; free cells of the new columns take the next joiners.
    void widen(int columns);
    // Many members left (holes) or the grid is far wider than its members need: time to reflow.
    bool needsCompaction() const;

    // Geometry, relative to the zone's position (its top-left corner).
    QSizeF boxSize() const;
    QRectF boxRect() const { return { QPointF(), boxSize() }; }
    QRectF headerRect() const;
    QRectF chevronRect() const;
    QPointF slotOffset(qint64 serverId) const; // top-left of the member's card
    QPointF aggregateOffset() const;

    QList<TopologyStatusCount> counts() const { return m_counts; }
    void setCounts(const QList<TopologyStatusCount>& counts);

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    void geometryChanging();

    QString m_zone;
    QString m_title;
    bool m_collapsed = false;
    int m_columns = 1;
    QList<qint64> m_slots; // 0 = free
    QHash<qint64, int> m_slotOf;
    QList<TopologyStatusCount> m_counts;
};

} // namespace Paddock
