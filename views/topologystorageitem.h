#pragma once

#include "figures.h"

#include <QGraphicsItem>

namespace Paddock {

// A shared storage on the ring around the database: a pill (instances are cards) with the
// storage status glyph, its name and kind, and how many instances fail to reach it.
class TopologyStorageItem : public QGraphicsItem {
public:
    enum { Type = QGraphicsItem::UserType + 6 };
    static constexpr qreal Width = 200.0;
    static constexpr qreal Height = 46.0;

    explicit TopologyStorageItem(qint64 storageId, QGraphicsItem* parent = nullptr);

    int type() const override { return Type; }
    qint64 storageId() const { return m_storageId; }
    const StorageFigures& figures() const { return m_figures; }
    void setFigures(const StorageFigures& figures);
    QString status() const { return statusName(m_figures.status); }
    QColor displayColour() const;
    // The second line: "2 of 6 failing", else the kind
    QString detailText() const;

    // Centred on the item's position.
    QRectF cardRect() const { return { -Width / 2, -Height / 2, Width, Height }; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    qint64 m_storageId = 0;
    StorageFigures m_figures;
};

} // namespace Paddock
