#pragma once

#include <QColor>
#include <QList>
#include <QString>
#include <Qt>

class QFont;
class QPainter;
class QRectF;

namespace Paddock {

class TopologyScene;

// How many instances of a group have one status ("healthy", "degraded", …).
struct TopologyStatusCount {
    QString status;
    int count = 0;
    bool operator==(const TopologyStatusCount&) const = default;
};

// Draws the glyphs of StatusStyle (● ▲ ✖ ■ ○) as vector shapes, so that they keep their form at
// every zoom level and whatever fonts the desktop has; and status counts with those glyphs.
class TopologyGlyph {
public:
    static void paint(QPainter* painter, const QRectF& rect, const QString& glyph, const QColor& colour);

    // Counts of statuses in the order healthy, degraded, not-responding, stopped, disabled, others;
    // zeros left out.
    static QList<TopologyStatusCount> count(const QStringList& statuses);
    // The status that colours a group: not-responding, then degraded, healthy, stopped, disabled.
    static QString worst(const QList<TopologyStatusCount>& counts);
    static int severity(const QString& status); // higher is worse
    // "38 ● 1 ▲ 1 ✖"
    static QString countsText(const QList<TopologyStatusCount>& counts);
    static qreal countsWidth(const QList<TopologyStatusCount>& counts, const QFont& font);
    // countsText with coloured vector glyphs, aligned in rect (left or right, vertically centred).
    static void paintCounts(QPainter* painter, const QRectF& rect, const QList<TopologyStatusCount>& counts,
        const QFont& font, const TopologyScene* scene, Qt::Alignment alignment);
};

} // namespace Paddock
