#include "decimate.h"

#include <algorithm>
#include <cmath>

namespace Paddock {

QList<QPointF> Decimate::minMax(const QList<QPointF>& points, int columns, double fromX, double toX)
{
    columns = std::max(1, columns);
    if (points.size() <= 2 * qsizetype(columns))
        return points;
    const double span = toX - fromX;
    auto columnOf = [&](double x) {
        if (!(span > 0.0))
            return 0;
        const double c = std::floor((x - fromX) / span * columns);
        return int(std::clamp(c, 0.0, double(columns - 1)));
    };

    QList<QPointF> result;
    result.reserve(2 * columns + 8);
    qsizetype runStart = -1; // the current group: one column, no NaN inside
    qsizetype low = -1;
    qsizetype high = -1;
    int runColumn = -1;
    auto flush = [&]() {
        if (runStart < 0)
            return;
        if (low == high) {
            result.append(points[low]);
        } else {
            result.append(points[std::min(low, high)]);
            result.append(points[std::max(low, high)]);
        }
        runStart = -1;
    };

    for (qsizetype i = 0; i < points.size(); ++i) {
        const QPointF& p = points[i];
        if (std::isnan(p.y())) {
            flush();
            if (result.isEmpty() || !std::isnan(result.last().y()))
                result.append(p);
            continue;
        }
        const int column = columnOf(p.x());
        if (runStart >= 0 && column != runColumn)
            flush();
        if (runStart < 0) {
            runStart = low = high = i;
            runColumn = column;
            continue;
        }
        if (p.y() < points[low].y())
            low = i;
        if (p.y() > points[high].y())
            high = i;
    }
    flush();
    return result;
}

QList<QPointF> Decimate::minMax(const QList<QPointF>& points, int columns)
{
    if (points.isEmpty())
        return points;
    return minMax(points, columns, points.first().x(), points.last().x());
}

} // namespace Paddock
