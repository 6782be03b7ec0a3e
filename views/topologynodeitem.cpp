#include "topologynodeitem.h"

#include "topologyglyph.h"
#include "topologyscene.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QPropertyAnimation>
#include <QStyleOptionGraphicsItem>

namespace Paddock {

TopologyNodeItem::TopologyNodeItem(qint64 serverId, QGraphicsItem* parent)
    : QGraphicsObject(parent)
    , m_serverId(serverId)
{
    m_figures.server.id = serverId;
    setZValue(3);
}

void TopologyNodeItem::setFigures(const ServerFigures& figures)
{
    const bool looksDifferent = figures.status != m_figures.status || figures.server.name != m_figures.server.name
        || figures.server.host != m_figures.server.host;
    m_figures = figures;
    if (looksDifferent)
        update();
}

StatusStyle TopologyNodeItem::style() const
{
    return StatusStyle::forStatus(status());
}

QColor TopologyNodeItem::displayColour() const
{
    return TopologyScene::statusColourOf(this, style().colour);
}

QRectF TopologyNodeItem::glyphRect() const
{
    return { 9, (Height - 18) / 2, 18, 18 };
}

void TopologyNodeItem::setHighlighted(bool highlighted)
{
    if (m_highlighted == highlighted)
        return;
    m_highlighted = highlighted;
    update();
}

void TopologyNodeItem::setHovered(bool hovered)
{
    if (m_hovered == hovered)
        return;
    m_hovered = hovered;
    update();
}

void TopologyNodeItem::setCurrent(bool current)
{
    if (m_current == current)
        return;
    m_current = current;
    update();
}

void TopologyNodeItem::fadeTo(qreal target, int durationMs)
{
    if (m_fade)
        m_fade->stop(); // DeleteWhenStopped: gone, and no finished() for the superseded fade
    if (durationMs <= 0 || qFuzzyCompare(opacity(), target)) {
        setOpacity(target);
        Q_EMIT fadeFinished();
        return;
    }
    m_fade = new QPropertyAnimation(this, "opacity", this);
    m_fade->setDuration(durationMs);
    m_fade->setStartValue(opacity());
    m_fade->setEndValue(target);
    m_fade->setEasingCurve(QEasingCurve::InOutQuad);
    connect(m_fade, &QAbstractAnimation::finished, this, &TopologyNodeItem::fadeFinished);
    m_fade->start(QAbstractAnimation::DeleteWhenStopped);
}

QRectF TopologyNodeItem::boundingRect() const
{
    return cardRect().adjusted(-7, -7, 7, 7);
}

QPainterPath TopologyNodeItem::shape() const
{
    QPainterPath path;
    path.addRect(cardRect());
    return path;
}

void TopologyNodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const TopologyScene* scene = TopologyScene::of(this);
    if (!scene)
        return;
    const qreal detail = option->levelOfDetailFromTransform(painter->worldTransform());
    const StatusStyle style = this->style();
    const QColor colour = scene->statusColour(style.colour);
    const bool healthy = m_figures.status == ServerStatus::Healthy;
    const bool muted = m_figures.status == ServerStatus::Stopped || m_figures.status == ServerStatus::Disabled;
    const bool alarm = !healthy && !muted;
    const bool compact = detail < TextDetail;
    const QRectF card = cardRect();

    painter->setRenderHint(QPainter::Antialiasing);
    QColor fill = scene->cardColour();
    if (alarm)
        fill = TopologyScene::blend(fill, colour, compact ? 0.55 : 0.17);
    else if (muted)
        fill = scene->zoneColour();
    QPen border(alarm ? colour : scene->lineColour(), alarm ? 1.8 : 1.0);
    if (muted)
        border.setStyle(Qt::DashLine);
    if (m_hovered && !alarm)
        border = QPen(scene->dimTextColour(), 1.6);
    painter->setPen(border);
    painter->setBrush(fill);
    painter->drawRoundedRect(card.adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);

    if (m_highlighted) {
        painter->setPen(QPen(scene->highlightColour(), 3.0));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(card.adjusted(-3, -3, 3, 3), 8, 8);
    }
    if (m_current) {
        painter->setPen(QPen(scene->textColour(), 1.0, Qt::DotLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(card.adjusted(-6, -6, 6, 6), 10, 10);
    }

    if (compact) {
        // Overview: the glyph alone, large; white on a filled card so its shape still reads.
        const qreal side = Height * 0.62;
        const QRectF glyph(card.center().x() - side / 2, card.center().y() - side / 2, side, side);
        TopologyGlyph::paint(painter, glyph, style.glyph, alarm ? scene->cardColour() : colour);
        return;
    }

    const bool full = detail >= HostDetail;
    // Zoomed out a little, the name needs every pixel: a smaller glyph, regular weight.
    const QRectF glyph = full ? glyphRect() : QRectF(7, (Height - 14) / 2, 14, 14);
    TopologyGlyph::paint(painter, glyph, style.glyph, colour);
    const qreal textLeft = glyph.right() + (full ? 7 : 5);
    const QRectF text(textLeft, 3, Width - textLeft - 5, Height - 6);
    const QColor nameColour = muted ? scene->dimTextColour() : scene->textColour();
    if (full) {
        const QFont nameFont = scene->readableFont(1.0, detail, true);
        const QFont hostFont = scene->readableFont(0.86, detail);
        const QFontMetricsF nameMetrics(nameFont);
        const QFontMetricsF hostMetrics(hostFont);
        const qreal total = nameMetrics.height() + hostMetrics.height();
        const qreal top = text.top() + (text.height() - total) / 2;
        painter->setFont(nameFont);
        painter->setPen(nameColour);
        painter->drawText(QRectF(text.left(), top, text.width(), nameMetrics.height()),
            Qt::AlignLeft | Qt::AlignVCenter,
            nameMetrics.elidedText(m_figures.server.name, Qt::ElideMiddle, text.width()));
        painter->setFont(hostFont);
        painter->setPen(scene->dimTextColour());
        painter->drawText(QRectF(text.left(), top + nameMetrics.height(), text.width(), hostMetrics.height()),
            Qt::AlignLeft | Qt::AlignVCenter,
            hostMetrics.elidedText(m_figures.server.host, Qt::ElideRight, text.width()));
    } else {
        const QFont nameFont = scene->readableFont(1.0, detail, false);
        const QFontMetricsF metrics(nameFont);
        painter->setFont(nameFont);
        painter->setPen(nameColour);
        painter->drawText(text, Qt::AlignLeft | Qt::AlignVCenter,
            metrics.elidedText(m_figures.server.name, Qt::ElideMiddle, text.width()));
    }
}

} // namespace Paddock
