#include "topologylayout.h"

#include <cmath>
#include <numbers>

namespace Paddock {

namespace {

constexpr qreal Step = 8.0;

QRectF boxAt(const QSizeF& size, qreal angle, qreal distance)
{
    QRectF box(QPointF(), size);
    box.moveCenter(QPointF(std::cos(angle) * distance, std::sin(angle) * distance));
    return box;
}

qreal angularDistance(qreal a, qreal b)
{
    const qreal twoPi = 2 * std::numbers::pi;
    qreal d = std::fmod(std::abs(a - b), twoPi);
    return d > std::numbers::pi ? twoPi - d : d;
}

// Parameter range [t0, t1] of the segment p + t·d inside rect (Liang–Barsky); false if outside.
bool clip(const QPointF& p, const QPointF& d, const QRectF& rect, qreal& t0, qreal& t1)
{
    t0 = 0.0;
    t1 = 1.0;
    const qreal edges[4][2] = { { -d.x(), p.x() - rect.left() }, { d.x(), rect.right() - p.x() },
        { -d.y(), p.y() - rect.top() }, { d.y(), rect.bottom() - p.y() } };
    for (const auto& edge : edges) {
        const qreal q = edge[0];
        const qreal r = edge[1];
        if (q == 0.0) {
            if (r < 0.0)
                return false;
            continue;
        }
        const qreal t = r / q;
        if (q < 0.0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
    }
    return t0 <= t1;
}

} // namespace

int TopologyLayout::columnsFor(int count, const QSizeF& cellSize)
{
    if (count <= 1 || cellSize.isEmpty())
        return 1;
    return std::max(1, int(std::ceil(std::sqrt(count * cellSize.height() / cellSize.width()))));
}

QList<qreal> TopologyLayout::zoneAngles(int zoneCount, qreal start)
{
    QList<qreal> angles;
    for (int k = 0; k < zoneCount; ++k)
        angles.append(start + 2 * std::numbers::pi * k / zoneCount);
    return angles;
}

QList<QPointF> TopologyLayout::placeZones(
    const QList<QSizeF>& sizes, const QList<qreal>& angles, const QRectF& hub, qreal gap)
{
    const qsizetype n = sizes.size();
    const QRectF keepOut = hub.adjusted(-gap, -gap, gap, gap);
    QList<qreal> distance(n, 0.0);
    for (qsizetype k = 0; k < n; ++k) {
        while (boxAt(sizes[k], angles[k], distance[k]).intersects(keepOut))
            distance[k] += Step;
    }
    // Push colliding neighbours outwards along their rays; rays diverge, so this ends.
    const qreal h = gap / 2;
    for (int round = 0; round < 4000; ++round) {
        bool moved = false;
        for (qsizetype i = 0; i < n; ++i) {
            for (qsizetype j = i + 1; j < n; ++j) {
                const QRectF a = boxAt(sizes[i], angles[i], distance[i]).adjusted(-h, -h, h, h);
                const QRectF b = boxAt(sizes[j], angles[j], distance[j]).adjusted(-h, -h, h, h);
                if (a.intersects(b)) {
                    distance[i] += Step;
                    distance[j] += Step;
                    moved = true;
                }
            }
        }
        if (!moved)
            break;
    }
    QList<QPointF> result;
    for (qsizetype k = 0; k < n; ++k) {
        const QRectF box = boxAt(sizes[k], angles[k], distance[k]);
        result.append(QPointF(std::round(box.left()), std::round(box.top())));
    }
    return result;
}

TopologyLayout::Arrangement TopologyLayout::arrange(const QList<QSizeF>& zoneSizes, int storageCount,
    const QSizeF& storageSize, const QSizeF& databaseSize, qreal hubScale, qreal gap, qreal aspect, int rotation)
{
    const int n = int(zoneSizes.size());
    const qreal pi = std::numbers::pi;
    // One zone on the left, two left and right, more spread evenly; then every rotation within
    // the ring's symmetry.
    const qreal base = n <= 2 ? pi : pi + pi / std::max(1, n);
    const int rotations = n == 0 ? 1 : std::max(1, 24 / n);
    Arrangement best;
    qreal bestScale = -1.0;
    for (int r = 0; r < rotations; ++r) {
        if (rotation >= 0 && r != rotation % rotations)
            continue;
        Arrangement candidate;
        candidate.rotation = r;
        candidate.angles = zoneAngles(n, base + r * pi / 12);
        candidate.storages = storageCentres(storageCount, storageSize, databaseSize, candidate.angles);
        QRectF hub(QPointF(-databaseSize.width() / 2, -databaseSize.height() / 2), databaseSize);
        for (const QPointF& centre : std::as_const(candidate.storages)) {
            QRectF box(QPointF(), storageSize);
            box.moveCenter(centre);
            hub |= box;
        }
        candidate.hub = QRectF(hub.topLeft() * hubScale, hub.size() * hubScale);
        candidate.zones = placeZones(zoneSizes, candidate.angles, candidate.hub, gap);
        QRectF bounds = candidate.hub;
        for (int k = 0; k < n; ++k)
            bounds |= QRectF(candidate.zones[k], zoneSizes[k]);
        const qreal scale = std::min(aspect / bounds.width(), 1.0 / bounds.height());
        if (scale > bestScale * 1.02) {
            bestScale = scale;
            best = candidate;
        }
    }
    return best;
}

bool TopologyLayout::overlaps(const QList<QRectF>& boxes, const QRectF& hub, qreal gap)
{
    const qreal h = gap / 2;
    const QRectF keepOut = hub.adjusted(-h, -h, h, h);
    for (qsizetype i = 0; i < boxes.size(); ++i) {
        if (boxes[i].intersects(keepOut))
            return true;
        for (qsizetype j = i + 1; j < boxes.size(); ++j) {
            if (boxes[i].adjusted(-h, -h, h, h).intersects(boxes[j]))
                return true;
        }
    }
    return false;
}

QList<QPointF> TopologyLayout::storageCentres(
    int storageCount, const QSizeF& storageSize, const QSizeF& databaseSize, const QList<qreal>& zoneAngles)
{
    const qreal pi = std::numbers::pi;
    QList<qreal> angles;
    QList<qreal> taken = zoneAngles;
    for (int s = 0; s < storageCount; ++s) {
        qreal best = pi / 2;
        qreal bestDistance = -1.0;
        // Candidates every 5°, starting below the database, where a storage reads naturally.
        for (int step = 0; step < 72; ++step) {
            const qreal angle = pi / 2 + step * pi / 36;
            qreal nearest = 2 * pi;
            for (qreal t : std::as_const(taken))
                nearest = std::min(nearest, angularDistance(angle, t));
            if (nearest > bestDistance + 1e-9) {
                bestDistance = nearest;
                best = angle;
            }
        }
        angles.append(best);
        taken.append(best);
    }
    // An ellipse just clear of the database, grown until the storages clear each other too.
    const qreal spacing = 16.0;
    const QRectF database(QPointF(-databaseSize.width() / 2, -databaseSize.height() / 2), databaseSize);
    for (qreal grow = 1.0;; grow += 0.1) {
        const qreal rx = (databaseSize.width() + storageSize.width()) / 2 * grow + spacing;
        const qreal ry = (databaseSize.height() + storageSize.height()) / 2 * grow + spacing;
        QList<QPointF> centres;
        QList<QRectF> boxes;
        for (qreal angle : std::as_const(angles)) {
            // Push along the ray until clear of the database (the ellipse cuts corners).
            qreal k = 1.0;
            QPointF c(std::cos(angle) * rx, std::sin(angle) * ry);
            QRectF box(QPointF(), storageSize);
            box.moveCenter(c);
            while (box.intersects(database.adjusted(-spacing, -spacing, spacing, spacing))) {
                k += 0.05;
                c = QPointF(std::cos(angle) * rx * k, std::sin(angle) * ry * k);
                box.moveCenter(c);
            }
            centres.append(QPointF(std::round(c.x()), std::round(c.y())));
            boxes.append(box);
        }
        bool clear = true;
        for (qsizetype i = 0; i < boxes.size() && clear; ++i) {
            for (qsizetype j = i + 1; j < boxes.size() && clear; ++j)
                clear = !boxes[i].adjusted(-spacing, -spacing, spacing, spacing).intersects(boxes[j]);
        }
        if (clear || grow > 4.0)
            return centres;
    }
}

QLineF TopologyLayout::between(const QRectF& from, const QRectF& to)
{
    const QPointF p = from.center();
    const QPointF d = to.center() - p;
    qreal fromIn0 = 0;
    qreal fromIn1 = 0;
    qreal toIn0 = 1;
    qreal toIn1 = 1;
    const qreal start = clip(p, d, from, fromIn0, fromIn1) ? fromIn1 : 0.0;
    const qreal end = clip(p, d, to, toIn0, toIn1) ? toIn0 : 1.0;
    if (end <= start)
        return QLineF(p + d * start, p + d * start);
    return QLineF(p + d * start, p + d * end);
}

qreal TopologyLayout::labelPosition(const QLineF& line, const QLineF& open, const QList<QRectF>& obstacles,
    qsizetype labelChars, qreal labelGrow, QList<QRectF>& placed)
{
    if (line.length() < 1.0)
        return 0.5;
    const QPointF d = line.p2() - line.p1();
    const auto along = [&](const QPointF& p) {
        return qBound(0.0, QPointF::dotProduct(p - line.p1(), d) / QPointF::dotProduct(d, d), 1.0);
    };
    const qreal half = (labelChars * 4.0 + 16.0) * labelGrow; // a rough half width, on screen
    const auto labelAt
        = [&](const QPointF& p) { return QRectF(p.x() - half, p.y() - 10 * labelGrow, 2 * half, 20 * labelGrow); };
    QPointF best;
    qreal bestCovered = -1;
    for (qreal t : { 0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9 }) {
        const QPointF p = open.pointAt(t);
        const QRectF label = labelAt(p);
        qreal covered = 0;
        for (const QRectF& obstacle : obstacles) {
            const QRectF overlap = obstacle.intersected(label);
            covered += overlap.width() * overlap.height();
        }
        if (bestCovered < 0 || covered < bestCovered) {
            best = p;
            bestCovered = covered;
        }
        if (covered == 0)
            break;
    }
    placed.append(labelAt(best));
    return along(best);
}

} // namespace Paddock
