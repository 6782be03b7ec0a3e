#pragma once

#include <QList>
#include <QPointF>

namespace Paddock {

// Reduces a line to what `columns` pixel columns can show: per column, the lowest and the highest
// point of each unbroken run, in their original order, so that a one-second spike survives a
// one-hour window. A point whose y is NaN breaks the line; it is kept (consecutive ones as one).
// `points` must be sorted by x. Lists of at most 2 × columns points are returned unchanged.
class Decimate {
public:
    // Columns span [fromX, toX]; points outside fall into the first or the last column.
    static QList<QPointF> minMax(const QList<QPointF>& points, int columns, double fromX, double toX);
    // Columns span the points' own x range.
    static QList<QPointF> minMax(const QList<QPointF>& points, int columns);
};

} // namespace Paddock
