#pragma once

#include <QCoreApplication>
#include <QPoint>
#include <QSet>

class QContextMenuEvent;
class QGraphicsItem;
class QGraphicsObject;
class QKeyEvent;
class QMouseEvent;
class QRubberBand;
class QWheelEvent;

namespace Paddock {

class TopologyView;

// The topology map's mouse, wheel, keyboard and context menu (see TopologyView for what each
// does): it turns events into selection, hover, zoom, pan and zone changes of its view.
class TopologyInput {
    Q_DECLARE_TR_FUNCTIONS(TopologyInput)

public:
    // What is under a point of the viewport.
    struct Hit {
        enum class Kind { None, Node, Aggregate, ZoneChevron, ZoneHeader, ZoneBody, Database, Storage, Redis, Link };
        Kind kind = Kind::None;
        QGraphicsItem* item = nullptr;
    };

    explicit TopologyInput(TopologyView* view);

    Hit hitAt(const QPoint& viewportPos) const;
    // The zone of a node, an aggregate or a zone; "" for anything else.
    static QString zoneOf(const Hit& hit);
    // The tooltip of whatever is under the point.
    QString toolTipAt(const QPoint& viewportPos) const;
    // The item with the keyboard focus ring (an instance or an aggregate); scrollTo: into view.
    void setCurrent(QGraphicsObject* item, bool scrollTo);

    void mousePress(QMouseEvent* event);
    void mouseMove(QMouseEvent* event);
    void mouseRelease(QMouseEvent* event);
    void mouseDoubleClick(QMouseEvent* event);
    bool wheel(QWheelEvent* event); // false: the view scrolls as usual
    bool keyPress(QKeyEvent* event); // false: not a key of the map
    void contextMenu(QContextMenuEvent* event);

private:
    enum class Drag { None, Pending, Pan, RubberBand };

    void showContextMenu(const QPoint& viewportPos, const QPoint& globalPos);
    void moveCurrent(int dx, int dy);
    void activate(QGraphicsObject* item);

    TopologyView* m_view;
    Drag m_drag = Drag::None;
    QPoint m_pressPos;
    QPoint m_lastPos;
    Qt::KeyboardModifiers m_pressModifiers;
    QSet<qint64> m_selectionAtPress;
    QRubberBand* m_rubberBand = nullptr; // a child of the viewport
};

} // namespace Paddock
