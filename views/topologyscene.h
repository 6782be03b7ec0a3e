#pragma once

#include <QColor>
#include <QFont>
#include <QGraphicsScene>

namespace Paddock {

// The scene of the topology map. It knows whether the data is stale, so that every item paints
// itself grey, and derives the map's few colours from the palette so that light and dark
// desktops both read well.
class TopologyScene : public QGraphicsScene {
    Q_OBJECT

public:
    explicit TopologyScene(QObject* parent = nullptr);

    bool isStale() const { return m_stale; }
    void setStale(bool stale);

    // A status colour as the items paint it: a grey of the same lightness while the data is stale.
    QColor statusColour(const QColor& colour) const;
    QColor backgroundColour() const;
    QColor zoneColour() const;
    QColor cardColour() const;
    QColor lineColour() const; // borders and neutral links
    QColor textColour() const;
    QColor dimTextColour() const;
    QColor highlightColour() const;

    // A font of relativeSize times the scene font that stays readable on screen whatever the zoom:
    // below the minimum on-screen size it grows in scene coordinates instead of shrinking away.
    QFont readableFont(qreal relativeSize, qreal levelOfDetail, bool bold = false) const;
    static constexpr qreal MinimumTextPixels = 10.0;

    static QColor blend(const QColor& from, const QColor& to, qreal amount);
    // A shared resource's card (a storage, the Redis): outlined and tinted in its status colour when
    // it is in trouble (alarm), plain otherwise.
    void paintStatusCard(QPainter* painter, const QRectF& card, qreal radius, const QColor& colour, bool alarm) const;
    static const TopologyScene* of(const QGraphicsItem* item);
    // A status colour as `item`'s scene shows it (its palette's), or as it is outside a scene.
    static QColor statusColourOf(const QGraphicsItem* item, const QColor& colour);

private:
    bool m_stale = false;
};

} // namespace Paddock
