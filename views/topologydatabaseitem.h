#pragma once

#include <QGraphicsItem>
#include <QString>

namespace Paddock {

// The shared database at the centre of the topology map, with a one-line farm summary.
class TopologyDatabaseItem : public QGraphicsItem {
public:
    enum { Type = QGraphicsItem::UserType + 5 };
    static constexpr qreal Width = 196.0;
    static constexpr qreal Height = 80.0;

    explicit TopologyDatabaseItem(QGraphicsItem* parent = nullptr);

    int type() const override { return Type; }
    QString title() const { return m_title; }
    QString detail() const { return m_detail; }
    void setText(const QString& title, const QString& detail);

    // Centred on the item's position.
    QRectF cardRect() const { return { -Width / 2, -Height / 2, Width, Height }; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QString m_title;
    QString m_detail;
};

} // namespace Paddock
