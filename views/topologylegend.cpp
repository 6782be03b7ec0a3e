#include "topologylegend.h"

#include "displayformat.h"
#include "statusstyle.h"
#include "topologyglyph.h"
#include "topologylinkitem.h"
#include "topologynodeitem.h"
#include "topologyscene.h"

#include <QFontMetricsF>
#include <QPainter>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

struct Entry {
    QString glyph;
    QColor colour;
    TopologyLinkState state;
    bool isLink = false;
    QString text;
    bool isBadge = false; // a mark beside the status (TopologyNodeItem's version badge)
};

// The legend's three groups: the statuses, the marks beside them, the links' styles.
enum class Group { Statuses, Marks, Links };

QList<Entry> entries(Group group)
{
    QList<Entry> result;
    switch (group) {
    case Group::Links:
        return { { {}, {}, TopologyLinkState::Fresh, true, TopologyLegend::tr("heartbeat") },
            { {}, {}, TopologyLinkState::Ageing, true, TopologyLegend::tr("late") },
            { {}, {}, TopologyLinkState::Lost, true, TopologyLegend::tr("lost") },
            { {}, {}, TopologyLinkState::ProbeFailed, true, TopologyLegend::tr("unreachable") } };
    case Group::Statuses:
        for (const QString& status : { u"healthy"_s, u"degraded"_s, u"not-responding"_s, u"stopped"_s }) {
            const StatusStyle style = StatusStyle::forStatus(status);
            result.append({ style.glyph, style.colour, {}, false, style.label });
        }
        return result;
    case Group::Marks:
        for (const QString& mark : { u"version-skew"_s, u"scheduled-running"_s, u"duplicate-name"_s }) {
            const StatusStyle style = StatusStyle::forStatus(mark);
            result.append({ style.glyph, style.colour, {}, false, style.label, true });
        }
        return result;
    }
    return result;
}

// The groups on each row when the legend takes `rows` rows: as few rows as the width allows.
QList<QList<Group>> layout(int rows)
{
    switch (rows) {
    case 1:
        return { { Group::Statuses, Group::Marks, Group::Links } };
    case 2:
        return { { Group::Statuses, Group::Marks }, { Group::Links } };
    default:
        return { { Group::Statuses }, { Group::Marks }, { Group::Links } };
    }
}

qreal widthOf(const QList<Entry>& entries, const QFontMetricsF& metrics)
{
    const qreal line = metrics.height();
    qreal width = 0;
    for (const Entry& e : entries)
        width += (e.isLink ? line * 1.8 : line * 0.8) + line * 0.35 + metrics.horizontalAdvance(e.text) + line;
    return width - line;
}

qreal widthOf(const QList<Group>& row, const QFontMetricsF& metrics)
{
    qreal width = 0;
    for (Group group : row)
        width += widthOf(entries(group), metrics) + metrics.height() * 1.5;
    return width - metrics.height() * 1.5;
}

// One row of entries from x, its top at top; returns where the row ends.
qreal paintRow(QPainter* painter, const QList<Entry>& entries, qreal x, qreal top, const QFontMetricsF& metrics,
    const TopologyScene* scene)
{
    const qreal line = metrics.height();
    const qreal sample = line * 1.8;
    const qreal mid = top + line / 2;
    for (const Entry& e : entries) {
        if (e.isLink) {
            const QPen pen = TopologyLinkItem::pen(e.state, scene, false);
            painter->setPen(pen);
            if (TopologyLinkItem::isBroken(e.state)) {
                painter->drawLine(QPointF(x, mid), QPointF(x + sample * 0.32, mid));
                painter->drawLine(QPointF(x + sample * 0.68, mid), QPointF(x + sample, mid));
                TopologyGlyph::paint(painter,
                    QRectF(x + sample * 0.38, mid - sample * 0.12, sample * 0.24, sample * 0.24), u"\u2716"_s,
                    pen.color());
            } else {
                painter->drawLine(QPointF(x, mid), QPointF(x + sample, mid));
            }
            x += sample;
        } else if (e.isBadge) {
            QFont font = painter->font();
            font.setBold(true);
            font.setPixelSize(qMax(1, qRound(line * 0.7)));
            TopologyNodeItem::paintBadge(painter, QRectF(x - line * 0.05, mid - line * 0.45, line * 0.9, line * 0.9),
                e.glyph, font, scene->statusColour(e.colour));
            x += line * 0.8;
        } else {
            TopologyGlyph::paint(
                painter, QRectF(x, mid - line * 0.4, line * 0.8, line * 0.8), e.glyph, scene->statusColour(e.colour));
            x += line * 0.8;
        }
        x += line * 0.35;
        const qreal textWidth = metrics.horizontalAdvance(e.text);
        painter->setPen(scene->textColour());
        painter->drawText(QRectF(x, top, textWidth + 2, line), Qt::AlignLeft | Qt::AlignVCenter, e.text);
        x += textWidth + line;
    }
    return x;
}

} // namespace

QFont TopologyLegend::font(const QFont& viewFont)
{
    QFont result = viewFont;
    if (result.pointSizeF() > 0)
        result.setPointSizeF(result.pointSizeF() * 0.9);
    else
        result.setPixelSize(qMax(1, qRound(result.pixelSize() * 0.9)));
    return result;
}

int TopologyLegend::rows(const QFont& viewFont, int viewportWidth, bool visible)
{
    if (!visible || viewportWidth < 320)
        return 0;
    const QFontMetricsF metrics(font(viewFont));
    // One row only where it leaves most of the width to the map; more rows as long as they fit.
    if (widthOf(layout(1).constFirst(), metrics) + 16 <= viewportWidth * 0.75)
        return 1;
    return widthOf(layout(2).constFirst(), metrics) + 16 <= viewportWidth ? 2 : 3;
}

qreal TopologyLegend::reserve(const QFont& viewFont, int rows)
{
    return rows == 0 ? 0.0 : rows * QFontMetricsF(font(viewFont)).height() + (rows - 1) * 4 + 10 + 14;
}

void TopologyLegend::paint(
    QPainter* painter, const QRect& area, const QFont& font, int rows, const TopologyScene* scene)
{
    if (rows <= 0)
        return;
    const QFontMetricsF metrics(font);
    const qreal line = metrics.height();
    const QList<QList<Group>> groups = layout(rows);
    qreal width = 0;
    for (const QList<Group>& row : groups)
        width = qMax(width, widthOf(row, metrics));
    width += line;
    const qreal height = groups.size() * line + (groups.size() - 1) * 4 + 10;
    const QRectF panel(8, area.height() - 8 - height, qMin(width, area.width() - 16.0), height);
    QColor back = scene->cardColour();
    back.setAlphaF(0.88f);
    painter->setPen(QPen(scene->lineColour(), 1.0));
    painter->setBrush(back);
    painter->drawRoundedRect(panel, 6, 6);
    painter->setClipRect(panel);
    qreal top = panel.top() + 5;
    for (const QList<Group>& row : groups) {
        qreal x = panel.left() + line * 0.5;
        for (Group group : row)
            x = paintRow(painter, entries(group), x, top, metrics, scene) + line * 0.5;
        top += line + 4;
    }
}

void TopologyLegend::paintStaleBadge(
    QPainter* painter, const QRect& area, const QFont& font, const QDateTime& generatedAt, const TopologyScene* scene)
{
    const QFontMetricsF metrics(font);
    const qreal line = metrics.height();
    const QString text = generatedAt.isValid()
        ? tr("Data stale \u2014 last snapshot %1").arg(Format::dateTime(generatedAt))
        : tr("Data stale");
    const qreal width = metrics.horizontalAdvance(text) + line * 2.0;
    // Bottom right, in the strip TopologyView::fitToView() keeps free for the legend.
    const QRectF badge(qMax(8.0, area.width() - width - 8), area.height() - 8 - (line + 10), width, line + 10);
    painter->setPen(QPen(scene->dimTextColour(), 1.0));
    painter->setBrush(scene->cardColour());
    painter->drawRoundedRect(badge, badge.height() / 2, badge.height() / 2);
    TopologyGlyph::paint(painter,
        QRectF(badge.left() + line * 0.5, badge.center().y() - line * 0.3, line * 0.6, line * 0.6), u"\u25a0"_s,
        scene->dimTextColour());
    painter->setPen(scene->textColour());
    painter->drawText(badge.adjusted(line * 1.4, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, text);
}

} // namespace Paddock
