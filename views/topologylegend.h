#pragma once

#include <QCoreApplication>
#include <QFont>
#include <QString>

class QDateTime;
class QPainter;
class QRect;

namespace Paddock {

class TopologyScene;

// What the topology map paints over the scene, fixed to the viewport's bottom: the legend of
// status glyphs and link styles on the left, the "data stale" badge on the right.
class TopologyLegend {
    Q_DECLARE_TR_FUNCTIONS(TopologyLegend)

public:
    // The legend's font, a little smaller than the view's.
    static QFont font(const QFont& viewFont);
    // Rows the legend takes in a viewport this wide: 0 (hidden or no room), 1, 2 or 3.
    static int rows(const QFont& viewFont, int viewportWidth, bool visible);
    // The height kept free for it at the bottom of the viewport.
    static qreal reserve(const QFont& viewFont, int rows);

    // Both paint with the painter in viewport coordinates, its font set to font().
    static void paint(QPainter* painter, const QRect& area, const QFont& font, int rows, const TopologyScene* scene);
    // generatedAt: of the last snapshot, if any.
    static void paintStaleBadge(QPainter* painter, const QRect& area, const QFont& font, const QDateTime& generatedAt,
        const TopologyScene* scene);
};

} // namespace Paddock
