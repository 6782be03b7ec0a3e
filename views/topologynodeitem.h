#pragma once

#include "figures.h"
#include "statusstyle.h"

#include <QGraphicsObject>
#include <QPointer>

class QFontMetricsF;
class QPropertyAnimation;

namespace Paddock {

// One instance on the topology map: a card with the status glyph in the status colour, the name
// and the host. Problems tint the card; healthy ones stay calm. When zoomed out the host goes,
// then the text, and a problem card fills with its colour so that it still stands out. An instance
// on another version than most (ServerFigures::versionSkew) carries a badge, "≠ 13.0.1" at the
// host line's end, a "≠" disc when zoomed out: a mark beside the status, not a status. Two more
// marks sit on the card's top edge, right-aligned: a clock while the instance runs a scheduled task,
// and a "2" while a second process may share its name (the DUPLICATE_NAME reason).
class TopologyNodeItem : public QGraphicsObject {
    Q_OBJECT

public:
    enum { Type = UserType + 1 };
    static constexpr qreal Width = 148.0;
    static constexpr qreal Height = 42.0;
    // Below these levels of detail the host, then all text, is left out.
    static constexpr qreal HostDetail = 0.8;
    static constexpr qreal TextDetail = 0.42;
    // How far the marks on the top edge reach above the card at most (half their largest side).
    static constexpr qreal MarkOverhang = 10.0;

    explicit TopologyNodeItem(qint64 serverId, QGraphicsItem* parent = nullptr);

    int type() const override { return Type; }
    qint64 serverId() const { return m_serverId; }

    const ServerFigures& figures() const { return m_figures; }
    void setFigures(const ServerFigures& figures);
    QString status() const { return statusName(m_figures.status); }
    // Degraded or not responding.
    bool needsAttention() const
    {
        return m_figures.status == ServerStatus::Degraded || m_figures.status == ServerStatus::NotResponding;
    }
    StatusStyle style() const;
    // The status colour as painted: grey while the data is stale.
    QColor displayColour() const;
    QRectF cardRect() const { return { 0, 0, Width, Height }; }
    QRectF glyphRect() const;
    bool isVersionSkewed() const { return m_figures.versionSkew.has_value(); }
    // Where the version badge is painted at this level of detail; empty when the version is not
    // skewed or the item is in no topology scene.
    QRectF versionBadgeRect(qreal levelOfDetail) const;
    // The scheduled tasks it runs now (ScheduledFigures::runningOn), for the clock mark.
    void setScheduledRunning(const QStringList& tasks);
    const QStringList& scheduledRunning() const { return m_scheduledRunning; }
    // One of its reasons is the DUPLICATE_NAME rule's.
    bool hasDuplicateName() const { return m_duplicateName; }
    // The marks on the top edge at this level of detail, right to left: the clock (while it runs a
    // scheduled task), then the "2" (duplicate name). Each a disc, with its StatusStyle name.
    struct Mark {
        QString style; // "scheduled-running" or "duplicate-name"
        QRectF rect;
    };
    QList<Mark> marks(qreal levelOfDetail) const;
    // A badge: a pill (a disc for a short text) filled with `fill`, its text in white, centred.
    static void paintBadge(
        QPainter* painter, const QRectF& rect, const QString& text, const QFont& font, const QColor& fill);

    bool isHighlighted() const { return m_highlighted; }
    void setHighlighted(bool highlighted);
    bool isHovered() const { return m_hovered; }
    void setHovered(bool hovered);
    bool isCurrent() const { return m_current; }
    void setCurrent(bool current); // keyboard focus ring

    // Leaving: removed from the farm, fading out before it goes.
    bool isLeaving() const { return m_leaving; }
    void setLeaving(bool leaving) { m_leaving = leaving; }
    // Animates the opacity to target; fadeFinished() when it got there (at once if durationMs <= 0).
    void fadeTo(qreal target, int durationMs);
    bool isFading() const { return !m_fade.isNull(); }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

Q_SIGNALS:
    void fadeFinished();

private:
    // The name and host lines at full detail, inside the text area.
    struct Lines {
        QRectF name;
        QRectF host;
    };
    QRectF textRect(qreal levelOfDetail) const;
    Lines lines(qreal levelOfDetail) const;
    QFont badgeFont(qreal levelOfDetail) const;
    QString badgeText(const QFontMetricsF& metrics) const;
    void paintText(QPainter* painter, qreal levelOfDetail, const QColor& nameColour) const;

    void paintMarks(QPainter* painter, qreal levelOfDetail) const;

    qint64 m_serverId = 0;
    ServerFigures m_figures;
    QStringList m_scheduledRunning;
    bool m_duplicateName = false;
    bool m_highlighted = false;
    bool m_hovered = false;
    bool m_current = false;
    bool m_leaving = false;
    QPointer<QPropertyAnimation> m_fade;
};

} // namespace Paddock
