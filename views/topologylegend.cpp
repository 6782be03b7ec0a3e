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

QList<Entry> entries(bool links)
{
    if (links) {
        return { { {}, {}, TopologyLinkState::Fresh, true, TopologyLegend::tr("heartbeat") },
            { {}, {}, TopologyLinkState::Ageing, true, TopologyLegend::tr("late") },
            { {}, {}, TopologyLinkState::Lost, true, TopologyLegend::tr("lost") },
            { {}, {}, TopologyLinkState::ProbeFailed, true, TopologyLegend::tr("unreachable") } };
    }
    QList<Entry> result;
    for (const QString& status : { u"healthy"_s, u"degraded"_s, u"not-responding"_s, u"stopped"_s }) {
        const StatusStyle style = StatusStyle::forStatus(status);
        result.append({ style.glyph, style.colour, {}, false, style.label });
    }
    const StatusStyle skew = StatusStyle::forStatus(u"version-skew"_s);
    result.append({ skew.glyph, skew.colour, {}, false, skew.label, true });
    return result;
}

qreal widthOf(const QList<Entry>& entries, const QFontMetricsF& metrics)
{
    const qreal line = metrics.height();
    qreal width = 0;
    for (const Entry& e : entries)
        width += (e.isLink ? line * 1.8 : line * 0.8) + line * 0.35 + metrics.horizontalAdvance(e.text) + line;
    return width - line;
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
    const qreal one = widthOf(entries(false), metrics) + metrics.height() * 2.5 + widthOf(entries(true), metrics);
    return one + 16 <= viewportWidth * 0.75 ? 1 : 2;
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
    const QList<Entry> statuses = entries(false);
    const QList<Entry> links = entries(true);
    const qreal statusesWidth = widthOf(statuses, metrics);
    const qreal linksWidth = widthOf(links, metrics);
    const qreal width = (rows == 1 ? statusesWidth + line * 1.5 + linksWidth : qMax(statusesWidth, linksWidth)) + line;
    const qreal height = rows * line + (rows - 1) * 4 + 10;
    const QRectF panel(8, area.height() - 8 - height, qMin(width, area.width() - 16.0), height);
    QColor back = scene->cardColour();
    back.setAlphaF(0.88f);
    painter->setPen(QPen(scene->lineColour(), 1.0));
    painter->setBrush(back);
    painter->drawRoundedRect(panel, 6, 6);
    painter->setClipRect(panel);
    const qreal left = panel.left() + line * 0.5;
    if (rows == 1) {
        paintRow(painter, links, paintRow(painter, statuses, left, panel.top() + 5, metrics, scene) + line * 0.5,
            panel.top() + 5, metrics, scene);
    } else {
        paintRow(painter, statuses, left, panel.top() + 5, metrics, scene);
        paintRow(painter, links, left, panel.top() + 9 + line, metrics, scene);
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
