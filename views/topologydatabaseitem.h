#pragma once

#include <QGraphicsItem>
#include <QString>

namespace Paddock {

// The shared database at the centre of the topology map, with a one-line farm summary.
class TopologyDatabaseItem : public QGraphicsItem {
public:
    enum { Type = QGraphicsItem::UserType + 5 };
    static constexpr qreal Width = 226.0;
    static constexpr qreal Height = 92.0;

    explicit TopologyDatabaseItem(QGraphicsItem* parent = nullptr);

    int type() const override { return Type; }
    QString title() const { return m_title; }
    QString detail() const { return m_detail; }
    void setText(const QString& title, const QString& detail);
    // The database server's status name ("healthy", "degraded"); empty while it is not known.
    QString status() const { return m_status; }
    void setStatus(const QString& status);

    // Centred on the item's position.
    QRectF cardRect() const { return { -Width / 2, -Height / 2, Width, Height }; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QString m_title;
    QString m_detail;
    QString m_status;
};

} // namespace Paddock
