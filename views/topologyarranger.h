#pragma once

#include <optional>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QRectF>
#include <QSet>
#include <QStringList>

class QGraphicsObject;
class QVariantAnimation;

namespace Paddock {

class TopologyItems;

// Places the items of the topology map: the hub (database, storages and Redis) at the centre, the
// zone boxes on a ring around it (TopologyLayout), the cards in their zones' slots. Zones stay where
// they are while they fit; whatever moves glides there unless it has just appeared.
class TopologyArranger : public QObject {
    Q_OBJECT

public:
    static constexpr int MoveMs = 320;
    static constexpr qreal ZoneGap = 36.0;
    static constexpr qreal HubMaxScale = 1.7;

    explicit TopologyArranger(const TopologyItems& items, QObject* parent = nullptr);
    ~TopologyArranger() override;

    // A new instance appears in its slot at the next arrange() rather than flying in.
    void placeWhereItJoins(qint64 serverId) { m_unplaced.insert(serverId); }
    void forgetNode(qint64 serverId) { m_unplaced.remove(serverId); }
    void forgetZone(const QString& zone) { m_zoneTargets.remove(zone); }
    void clear(); // no moves, no instance or zone to remember

    // Places everything. recomputeRing: arrange the ring anew (else only if the zones no longer fit
    // where they are), for a viewport of aspect (width / height) when realViewport, else of a
    // default one; animate: moves glide; hubScale as in setHubScale().
    void arrange(bool recomputeRing, bool animate, qreal aspect, bool realViewport, qreal hubScale);
    // The size of the database and the storages, which grow when zoomed out to stay readable.
    void setHubScale(qreal scale);
    // Moves under way end at once.
    void finishMoves();
    // Choose the ring's rotation anew at the next arrange(), even for the same zones.
    void forgetRing() { m_ringZones.clear(); }

    // Whether the last ring was arranged for a real viewport (not before the window had its size).
    bool isArrangedForViewport() const { return m_arrangedForViewport; }
    QRectF contentRect() const { return m_contentRect; } // where the items are going

Q_SIGNALS:
    void moved(); // items moved or changed size: links follow

private:
    struct Move {
        QPointer<QGraphicsObject> item;
        QPointF from;
        QPointF to;
    };

    bool zonesStillFit(const QStringList& names, const QList<QSizeF>& sizes, qsizetype hubItems) const;
    // The Redis, when there is one, takes the last place around the database, after the storages.
    void arrangeRing(const QStringList& names, const QList<QSizeF>& sizes, const QList<qint64>& storages, bool redis,
        qreal aspect, bool realViewport);
    void placeZones(const QStringList& names, bool animate);
    void applyMoves(qreal progress);

    const TopologyItems& m_items;
    QSet<qint64> m_unplaced; // created, not positioned yet: they appear in place, not fly in
    QHash<QString, QPointF> m_zoneTargets;
    QHash<qint64, QPointF> m_storageCentres;
    std::optional<QPointF> m_redisCentre;
    QRectF m_hubRect;
    QRectF m_contentRect;
    QStringList m_ringZones; // the zones the ring was last arranged for
    int m_ringRotation = -1;
    bool m_arrangedForViewport = false;
    QVariantAnimation* m_moveAnimation;
    QList<Move> m_moves;
};

} // namespace Paddock
