#pragma once

#include "topologyglyph.h"

#include <QGraphicsObject>

namespace Paddock {

// A collapsed zone as one node: its instance counts by status ("38 ● 1 ▲ 1 ✖"), coloured and
// shaped by the worst of them, and a badge "≠ 3" when some of them run another version than most.
class TopologyAggregateItem : public QGraphicsObject {
    Q_OBJECT

public:
    enum { Type = UserType + 2 };
    static constexpr qreal Width = 232.0;
    static constexpr qreal Height = 58.0;

    explicit TopologyAggregateItem(const QString& zone, QGraphicsItem* parent = nullptr);

    int type() const override { return Type; }
    QString zone() const { return m_zone; }
    QString title() const { return m_title; }
    void setTitle(const QString& title);

    QList<TopologyStatusCount> counts() const { return m_counts; }
    void setCounts(const QList<TopologyStatusCount>& counts);
    int total() const;
    QString worstStatus() const { return TopologyGlyph::worst(m_counts); }
    QString countsText() const { return TopologyGlyph::countsText(m_counts); }
    // "zone-a: 38 ● 1 ▲ 1 ✖"
    QString label() const;
    // How many of the zone's instances run another version than most (ServerFigures::versionSkew).
    int versionSkewed() const { return m_versionSkewed; }
    void setVersionSkewed(int count);
    // Where the badge is painted at this level of detail; empty when none is skewed.
    QRectF versionBadgeRect(qreal levelOfDetail) const;
    QColor displayColour() const;

    bool isHighlighted() const { return m_highlighted; }
    void setHighlighted(bool highlighted); // some instance of the zone is selected
    bool isCurrent() const { return m_current; }
    void setCurrent(bool current);

    QRectF cardRect() const { return { 0, 0, Width, Height }; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QString m_zone;
    QString m_title;
    QList<TopologyStatusCount> m_counts;
    int m_versionSkewed = 0;
    bool m_highlighted = false;
    bool m_current = false;
};

} // namespace Paddock
