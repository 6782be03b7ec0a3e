#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <QList>
#include <QPointF>

namespace Paddock {

// The points of a sampled history (oldest first, each with `atMs`) from fromMs to toMs as chart
// points (x in ms, y `value(point)`), with a NaN point wherever the line breaks: at a NaN value (a
// failed sample), and where two samples are further apart than gapMs (nothing was read in between).
// A point whose value is nullopt holds no sample of this line and is passed over.
template<typename Point, typename Value>
QList<QPointF> pointLine(const QList<Point>& points, Value value, qint64 fromMs, qint64 toMs, qint64 gapMs)
{
    QList<QPointF> result;
    const auto first = std::lower_bound(
        points.cbegin(), points.cend(), fromMs, [](const Point& point, qint64 ms) { return point.atMs < ms; });
    qint64 previousMs = 0;
    bool open = false; // the last point appended is a value: a gap has to break the line
    for (auto it = first; it != points.cend() && it->atMs <= toMs; ++it) {
        const std::optional<double> sample = value(*it);
        if (!sample)
            continue;
        const double y = *sample;
        if (open && it->atMs - previousMs > gapMs) {
            result.append(QPointF(double(previousMs + 1), NAN));
            open = false;
        }
        if (std::isfinite(y)) {
            result.append(QPointF(double(it->atMs), y));
            open = true;
        } else if (open) {
            result.append(QPointF(double(it->atMs), NAN));
            open = false;
        }
        previousMs = it->atMs;
    }
    if (!result.isEmpty() && std::isnan(result.last().y()))
        result.removeLast();
    return result;
}

} // namespace Paddock
