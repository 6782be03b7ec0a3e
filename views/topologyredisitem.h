#pragma once

#include "redisfigures.h"

#include <QGraphicsItem>

namespace Paddock {

// The farm's Redis on the ring around the database, beside the storages: a card with a cache icon,
// the redis status glyph, "Redis host:port", a line of its figures ("hit 93.1 %, evicted 12.5/s")
// or why it fails, and a line about the instances' connections.
class TopologyRedisItem : public QGraphicsItem {
public:
    enum { Type = QGraphicsItem::UserType + 7 };
    static constexpr qreal Width = 240.0;
    static constexpr qreal Height = 62.0;

    explicit TopologyRedisItem(QGraphicsItem* parent = nullptr);

    int type() const override { return Type; }
    const RedisFigures& figures() const { return m_figures; }
    void setFigures(const RedisFigures& figures);
    QString status() const { return statusName(m_figures.status); }
    QColor displayColour() const;
    QString title() const; // "Redis host:port"
    // The second line: the hit ratio and evictions, else why it fails.
    QString detailText() const;
    // The third: "1 of 6 instances not connected", "6 instances connected"; empty when it does not
    // answer.
    QString connectionsText() const;

    // Centred on the item's position.
    QRectF cardRect() const { return { -Width / 2, -Height / 2, Width, Height }; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    static void paintIcon(QPainter* painter, const QRectF& rect, const QColor& card, const QColor& ink);

    RedisFigures m_figures;
};

} // namespace Paddock
