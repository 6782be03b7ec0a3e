#include "topologynodeitem.h"

#include "scheduledfigures.h"
#include "topologyglyph.h"
#include "topologyscene.h"

#include <algorithm>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QPropertyAnimation>
#include <QStyleOptionGraphicsItem>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

StatusStyle skewStyle()
{
    return StatusStyle::forStatus(u"version-skew"_s);
}

// A clock face, drawn as strokes: a font's glyph is too thin to read that small.
void paintClock(QPainter* painter, const QRectF& rect)
{
    const qreal side = rect.height();
    const QPointF c = rect.center();
    painter->setPen(QPen(Qt::white, std::max(1.0, side * 0.1), Qt::SolidLine, Qt::RoundCap));
    painter->setBrush(Qt::NoBrush);
    painter->drawEllipse(c, side * 0.3, side * 0.3);
    painter->drawLine(c, QPointF(c.x(), c.y() - side * 0.2));
    painter->drawLine(c, QPointF(c.x() + side * 0.15, c.y()));
}

} // namespace

TopologyNodeItem::TopologyNodeItem(qint64 serverId, QGraphicsItem* parent)
    : QGraphicsObject(parent)
    , m_serverId(serverId)
{
    m_figures.server.id = serverId;
    setZValue(3);
}

void TopologyNodeItem::setFigures(const ServerFigures& figures)
{
    const bool duplicateName
        = std::any_of(figures.reasons.cbegin(), figures.reasons.cend(), Scheduled::isDuplicateNameReason);
    const bool looksDifferent = figures.status != m_figures.status || figures.server.name != m_figures.server.name
        || figures.server.host != m_figures.server.host || figures.server.version != m_figures.server.version
        || figures.versionSkew.has_value() != m_figures.versionSkew.has_value() || duplicateName != m_duplicateName;
    m_figures = figures;
    m_duplicateName = duplicateName;
    if (looksDifferent)
        update();
}

void TopologyNodeItem::setScheduledRunning(const QStringList& tasks)
{
    if (tasks == m_scheduledRunning)
        return;
    const bool looksDifferent = tasks.isEmpty() != m_scheduledRunning.isEmpty();
    m_scheduledRunning = tasks;
    if (looksDifferent)
        update();
}

QList<TopologyNodeItem::Mark> TopologyNodeItem::marks(qreal levelOfDetail) const
{
    QList<Mark> result;
    // About 11 pixels on screen whatever the zoom, within what the bounding rectangle leaves.
    const qreal side = std::clamp(11.0 / std::max(levelOfDetail, 0.01), 14.0, MarkOverhang * 2);
    qreal right = Width - 8;
    const auto add = [&](const QString& style) {
        result.append({ style, QRectF(right - side, -side / 2, side, side) });
        right -= side + 3;
    };
    if (!m_scheduledRunning.isEmpty())
        add(u"scheduled-running"_s);
    if (m_duplicateName)
        add(u"duplicate-name"_s);
    return result;
}

void TopologyNodeItem::paintMarks(QPainter* painter, qreal levelOfDetail) const
{
    const TopologyScene* scene = TopologyScene::of(this);
    const QList<Mark> marks = this->marks(levelOfDetail);
    for (const Mark& mark : marks) {
        const QColor fill = scene->statusColour(StatusStyle::forStatus(mark.style).colour);
        QFont font = scene->font();
        font.setPixelSize(qMax(1, qRound(mark.rect.height() * 0.72)));
        font.setBold(true);
        paintBadge(painter, mark.rect, StatusStyle::forStatus(mark.style).glyph, font, fill);
    }
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

QRectF TopologyNodeItem::textRect(qreal levelOfDetail) const
{
    // Zoomed out a little, the name needs every pixel: a smaller glyph (see paint()).
    const qreal textLeft = levelOfDetail >= HostDetail ? glyphRect().right() + 7 : 7 + 14 + 5;
    return { textLeft, 3, Width - textLeft - 5, Height - 6 };
}

TopologyNodeItem::Lines TopologyNodeItem::lines(qreal levelOfDetail) const
{
    const TopologyScene* scene = TopologyScene::of(this);
    const QRectF text = textRect(levelOfDetail);
    const QFontMetricsF nameMetrics(scene->readableFont(1.0, levelOfDetail, true));
    const QFontMetricsF hostMetrics(scene->readableFont(0.86, levelOfDetail));
    const qreal top = text.top() + (text.height() - nameMetrics.height() - hostMetrics.height()) / 2;
    return { QRectF(text.left(), top, text.width(), nameMetrics.height()),
        QRectF(text.left(), top + nameMetrics.height(), text.width(), hostMetrics.height()) };
}

QFont TopologyNodeItem::badgeFont(qreal levelOfDetail) const
{
    return TopologyScene::of(this)->readableFont(0.78, levelOfDetail, true);
}

// "≠ 13.0.1"; a long version is cut, the tooltip has it whole.
QString TopologyNodeItem::badgeText(const QFontMetricsF& metrics) const
{
    return skewStyle().glyph + u' '
        + metrics.elidedText(m_figures.server.version, Qt::ElideRight, metrics.horizontalAdvance(u"00.0.00"_s));
}

QRectF TopologyNodeItem::versionBadgeRect(qreal levelOfDetail) const
{
    if (!isVersionSkewed() || !TopologyScene::of(this))
        return {};
    if (levelOfDetail < TextDetail) {
        const qreal side = Height * 0.6;
        return { Width - side - 6, (Height - side) / 2, side, side };
    }
    const QFontMetricsF metrics(badgeFont(levelOfDetail));
    const QRectF text = textRect(levelOfDetail);
    if (levelOfDetail < HostDetail) {
        const qreal side = metrics.height();
        return { text.right() - side, text.center().y() - side / 2, side, side };
    }
    const QRectF host = lines(levelOfDetail).host;
    const qreal width = std::min(text.width(), metrics.horizontalAdvance(badgeText(metrics)) + host.height() * 0.8);
    return { text.right() - width, host.top(), width, host.height() };
}

void TopologyNodeItem::paintBadge(
    QPainter* painter, const QRectF& rect, const QString& text, const QFont& font, const QColor& fill)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    painter->drawRoundedRect(rect, rect.height() / 2, rect.height() / 2);
    if (text == skewStyle().glyph) {
        // "≠" alone in a disc, drawn as strokes: a font's glyph is too thin to read that small.
        const qreal side = rect.height();
        const QPointF c = rect.center();
        painter->setPen(QPen(Qt::white, std::max(1.0, side * 0.1), Qt::SolidLine, Qt::RoundCap));
        for (const qreal dy : { -0.12, 0.12 })
            painter->drawLine(
                QPointF(c.x() - side * 0.24, c.y() + side * dy), QPointF(c.x() + side * 0.24, c.y() + side * dy));
        painter->drawLine(
            QPointF(c.x() + side * 0.13, c.y() - side * 0.28), QPointF(c.x() - side * 0.13, c.y() + side * 0.28));
    } else if (text == StatusStyle::forStatus(u"scheduled-running"_s).glyph) {
        paintClock(painter, rect);
    } else {
        painter->setFont(font);
        painter->setPen(Qt::white);
        painter->drawText(rect, Qt::AlignCenter, text);
    }
    painter->restore();
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
    return cardRect().adjusted(-7, -std::max(7.0, MarkOverhang), 7, 7);
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

    const QRectF badge = versionBadgeRect(detail);
    const QColor badgeColour = scene->statusColour(skewStyle().colour);
    const bool full = detail >= HostDetail;
    if (compact) {
        // Overview: the glyph alone, large; white on a filled card so its shape still reads.
        const qreal side = Height * 0.62;
        const QRectF glyph(card.center().x() - side / 2, card.center().y() - side / 2, side, side);
        TopologyGlyph::paint(painter, glyph, style.glyph, alarm ? scene->cardColour() : colour);
    } else {
        // Zoomed out a little, the name needs every pixel: a smaller glyph, regular weight.
        TopologyGlyph::paint(painter, full ? glyphRect() : QRectF(7, (Height - 14) / 2, 14, 14), style.glyph, colour);
        paintText(painter, detail, muted ? scene->dimTextColour() : scene->textColour());
    }
    paintMarks(painter, detail);
    if (badge.isEmpty())
        return;
    if (full) {
        const QFont font = badgeFont(detail);
        paintBadge(painter, badge, badgeText(QFontMetricsF(font)), font, badgeColour);
    } else {
        // A disc: "≠" alone, as large as it fits.
        QFont font = scene->font();
        font.setPixelSize(qMax(1, qRound(badge.height() * 0.85)));
        font.setBold(true);
        paintBadge(painter, badge, skewStyle().glyph, font, badgeColour);
    }
}

// The name, and the host when there is room, left of the version badge.
void TopologyNodeItem::paintText(QPainter* painter, qreal detail, const QColor& nameColour) const
{
    const TopologyScene* scene = TopologyScene::of(this);
    const QRectF badge = versionBadgeRect(detail);
    const qreal badgeRoom = badge.isEmpty() ? 0.0 : badge.width() + 4;
    if (detail < HostDetail) {
        const QFont nameFont = scene->readableFont(1.0, detail, false);
        const QFontMetricsF metrics(nameFont);
        const QRectF text = textRect(detail).adjusted(0, 0, -badgeRoom, 0);
        painter->setFont(nameFont);
        painter->setPen(nameColour);
        painter->drawText(text, Qt::AlignLeft | Qt::AlignVCenter,
            metrics.elidedText(m_figures.server.name, Qt::ElideMiddle, text.width()));
        return;
    }
    const Lines lines = this->lines(detail);
    const QFont nameFont = scene->readableFont(1.0, detail, true);
    const QFont hostFont = scene->readableFont(0.86, detail);
    painter->setFont(nameFont);
    painter->setPen(nameColour);
    painter->drawText(lines.name, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetricsF(nameFont).elidedText(m_figures.server.name, Qt::ElideMiddle, lines.name.width()));
    const QRectF host = lines.host.adjusted(0, 0, -badgeRoom, 0);
    painter->setFont(hostFont);
    painter->setPen(scene->dimTextColour());
    painter->drawText(host, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetricsF(hostFont).elidedText(m_figures.server.host, Qt::ElideRight, host.width()));
}

} // namespace Paddock
