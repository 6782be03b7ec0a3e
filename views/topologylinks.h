#pragma once

#include "topologylinkplanner.h"

#include <QHash>
#include <QList>
#include <QString>

class QGraphicsItem;

namespace Paddock {

class TopologyItems;
class TopologyLinkItem;

// The link items of the topology map: made what a TopologyLinkPlanner plan says, and kept
// between their ends with their labels where they hide the least.
class TopologyLinks {
public:
    explicit TopologyLinks(const TopologyItems& items);

    // Links of the plan appear or change, links not in it go.
    void apply(const QList<TopologyLink>& plan);
    // The links to or from an item that is about to go.
    void forget(const QGraphicsItem* item);
    void clear();
    // Each link from its one end to the other; labelGrow: how much labels grow in the scene, so
    // that they keep their size on screen whatever the zoom.
    void updateGeometry(qreal labelGrow);

    TopologyLinkItem* item(const QString& key) const { return m_links.value(key); }
    QList<TopologyLinkItem*> items() const { return m_links.values(); }

private:
    struct Ends {
        const QGraphicsItem* from = nullptr;
        const QGraphicsItem* to = nullptr;
    };
    const QGraphicsItem* itemOf(const TopologyLinkEnd& end) const;
    qreal labelPosition(const QLineF& line, const Ends& ends, qsizetype labelChars, const QList<QRectF>& obstacles,
        qreal labelGrow, QList<QRectF>& placed) const;

    const TopologyItems& m_items;
    QHash<QString, TopologyLinkItem*> m_links;
    QHash<QString, Ends> m_ends;
};

} // namespace Paddock
