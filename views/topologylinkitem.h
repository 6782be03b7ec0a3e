#pragma once

#include "topologylinkplanner.h"

#include <QGraphicsItem>
#include <QLineF>
#include <QPen>

namespace Paddock {

class TopologyScene;

// A link of the topology map: instance or zone to the database (heartbeat age), to a storage
// (latest probe) or to the Redis (its connection). The style carries the meaning without colour
// too: fresh and ok links are thin and continuous, late ones dashed, lost and failed ones broken in
// the middle by a ✖.
class TopologyLinkItem : public QGraphicsItem {
public:
    enum { Type = QGraphicsItem::UserType + 4 };
    using State = TopologyLinkState;

    explicit TopologyLinkItem(const QString& key, QGraphicsItem* parent = nullptr);

    int type() const override { return Type; }
    // TopologyLink::key
    QString key() const { return m_key; }
    State state() const { return m_state; }
    QString label() const { return m_label; }
    bool isEmphasised() const { return m_emphasised; }
    QLineF line() const { return m_line; }

    // labelAt: where along the line (0 to 1) the label sits.
    void setLine(const QLineF& line, qreal labelAt = 0.5);
    void setAppearance(State state, const QString& label, bool emphasised);

    static QPen pen(State state, const TopologyScene* scene, bool emphasised);
    static bool isBroken(State state) { return state == State::Lost || state == State::ProbeFailed; }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    void updateBounds();

    QString m_key;
    QLineF m_line;
    qreal m_labelAt = 0.5;
    State m_state = State::Fresh;
    QString m_label;
    bool m_emphasised = false;
    QRectF m_bounds;
};

} // namespace Paddock
