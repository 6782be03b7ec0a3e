#pragma once

#include <QLineF>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

namespace Paddock {

// The geometry of the topology map, without items: pure functions, tested on their own.
// The database sits at the origin with the storages close around it (the hub); zone boxes sit on
// rays around the hub, each as close as the hub and its neighbours allow.
class TopologyLayout {
public:
    // Columns of a compact, roughly square grid of count cells of cellSize.
    static int columnsFor(int count, const QSizeF& cellSize);
    // Directions (radians, screen coordinates: y down) of zoneCount zones evenly around the hub,
    // the first at start.
    static QList<qreal> zoneAngles(int zoneCount, qreal start);
    // Top-left positions of boxes of the given sizes on those rays, clear of the hub and of each
    // other by gap.
    static QList<QPointF> placeZones(
        const QList<QSizeF>& sizes, const QList<qreal>& angles, const QRectF& hub, qreal gap);

    struct Arrangement {
        QList<qreal> angles; // of the zones
        QList<QPointF> zones; // top-left of each zone box
        QList<QPointF> storages; // centre of each storage at hub scale 1
        QRectF hub; // database and storages at hubScale: what the zones keep clear of
        int rotation = 0; // which rotation of the ring was chosen
    };
    // The whole map: storages around the database, zones around the hub. Tries every rotation of
    // the ring in 15° steps and keeps the one that fits a viewport of the given aspect (width /
    // height) at the largest scale, unless rotation (>= 0) says which one to keep. hubScale: how
    // much the hub may grow when zoomed out.
    static Arrangement arrange(const QList<QSizeF>& zoneSizes, int storageCount, const QSizeF& storageSize,
        const QSizeF& databaseSize, qreal hubScale, qreal gap, qreal aspect, int rotation = -1);
    // Whether boxes (closer than gap) overlap each other or the hub.
    static bool overlaps(const QList<QRectF>& boxes, const QRectF& hub, qreal gap);
    // Centres of storageCount storages of storageSize around a database of databaseSize at the
    // origin, as far as possible from the zone directions (so that links from the zones to the
    // database do not run through a storage) and clear of each other.
    static QList<QPointF> storageCentres(
        int storageCount, const QSizeF& storageSize, const QSizeF& databaseSize, const QList<qreal>& zoneAngles);
    // The part of the segment between the centres of two boxes that lies outside both.
    static QLineF between(const QRectF& from, const QRectF& to);
    // Where along line (0 to 1) a label of labelChars characters goes: on the stretch open of it,
    // at the first of a few spots that no obstacle covers (else the least covered). labelGrow: the
    // label's size in the scene for its size on screen. The label's rectangle is appended to placed.
    static qreal labelPosition(const QLineF& line, const QLineF& open, const QList<QRectF>& obstacles,
        qsizetype labelChars, qreal labelGrow, QList<QRectF>& placed);
};

} // namespace Paddock
