#include "topologyaggregateitem.h"

#include "statusstyle.h"
#include "topologynodeitem.h"
#include "topologyscene.h"

#include <algorithm>
#include <optional>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionGraphicsItem>

using namespace Qt::StringLiterals;

namespace Paddock {

TopologyAggregateItem::TopologyAggregateItem(const QString& zone, QGraphicsItem* parent)
    : QGraphicsObject(parent)
    , m_zone(zone)
    , m_title(zone)
{
    setZValue(3);
}

void TopologyAggregateItem::setTitle(const QString& title)
{
    if (m_title == title)
        return;
    m_title = title;
    update();
}

void TopologyAggregateItem::setCounts(const QList<TopologyStatusCount>& counts)
{
    if (m_counts == counts)
        return;
    m_counts = counts;
    update();
}

void TopologyAggregateItem::setVersionSkewed(int count)
{
    if (m_versionSkewed == count)
        return;
    m_versionSkewed = count;
    update();
}

namespace {

QString badgeText(int count)
{
    return u"%1 %2"_s.arg(StatusStyle::forStatus(u"version-skew"_s).glyph).arg(count);
}

// The count's font, readable on screen; nullopt when that would not fit the card's corner (zoomed
// far out), where the badge is a "≠" disc alone, as the counts give way to the total.
std::optional<QFont> badgeFont(const TopologyScene* scene, qreal levelOfDetail)
{
    const QFont font = scene->readableFont(0.8, levelOfDetail, true);
    return font.pixelSize() <= 18 ? std::optional(font) : std::nullopt;
}

} // namespace

QRectF TopologyAggregateItem::versionBadgeRect(qreal levelOfDetail) const
{
    const TopologyScene* scene = TopologyScene::of(this);
    if (m_versionSkewed <= 0 || !scene)
        return {};
    const std::optional<QFont> font = badgeFont(scene, levelOfDetail);
    if (!font) {
        const qreal side = Height * 0.4;
        return { Width - side - 6, 5, side, side };
    }
    const QFontMetricsF metrics(*font);
    const qreal height = metrics.height() + 2;
    const qreal width = std::max(height, metrics.horizontalAdvance(badgeText(m_versionSkewed)) + height * 0.8);
    return { Width - width - 6, 5, width, height };
}

int TopologyAggregateItem::total() const
{
    int sum = 0;
    for (const TopologyStatusCount& c : m_counts)
        sum += c.count;
    return sum;
}

QString TopologyAggregateItem::label() const
{
    return u"%1: %2"_s.arg(m_title, countsText());
}

QColor TopologyAggregateItem::displayColour() const
{
    return TopologyScene::statusColourOf(this, StatusStyle::forStatus(worstStatus()).colour);
}

void TopologyAggregateItem::setHighlighted(bool highlighted)
{
    if (m_highlighted == highlighted)
        return;
    m_highlighted = highlighted;
    update();
}

void TopologyAggregateItem::setCurrent(bool current)
{
    if (m_current == current)
        return;
    m_current = current;
    update();
}

QRectF TopologyAggregateItem::boundingRect() const
{
    return cardRect().adjusted(-7, -7, 7, 7);
}

QPainterPath TopologyAggregateItem::shape() const
{
    QPainterPath path;
    path.addRect(cardRect());
    return path;
}

void TopologyAggregateItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const TopologyScene* scene = TopologyScene::of(this);
    if (!scene)
        return;
    const qreal detail = option->levelOfDetailFromTransform(painter->worldTransform());
    const QString worst = worstStatus();
    const StatusStyle style = StatusStyle::forStatus(worst);
    const QColor colour = scene->statusColour(style.colour);
    const bool alarm = TopologyGlyph::severity(worst) > TopologyGlyph::severity(u"healthy"_s);
    const QRectF card = cardRect();

    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(alarm ? colour : scene->lineColour(), alarm ? 2.0 : 1.0));
    painter->setBrush(alarm ? TopologyScene::blend(scene->cardColour(), colour, 0.17) : scene->cardColour());
    painter->drawRoundedRect(card.adjusted(0.5, 0.5, -0.5, -0.5), 8, 8);
    // A second card edge behind: reads as "a stack of instances".
    painter->setPen(QPen(alarm ? colour : scene->lineColour(), 1.0));
    painter->setBrush(Qt::NoBrush);
    painter->drawLine(QPointF(8, Height + 3.5), QPointF(Width - 8, Height + 3.5));

    if (m_highlighted) {
        painter->setPen(QPen(scene->highlightColour(), 3.0));
        painter->drawRoundedRect(card.adjusted(-3, -3, 3, 3), 10, 10);
    }
    if (m_current) {
        painter->setPen(QPen(scene->textColour(), 1.0, Qt::DotLine));
        painter->drawRoundedRect(card.adjusted(-6, -6, 6, 6), 12, 12);
    }

    const qreal glyphSide = 24;
    TopologyGlyph::paint(painter, QRectF(12, (Height - glyphSide) / 2, glyphSide, glyphSide), style.glyph, colour);
    const QRectF text(46, 4, Width - 46 - 10, Height - 8);
    const QFont countsFont = scene->readableFont(1.1, detail, true);
    const qreal countsWidth = TopologyGlyph::countsWidth(m_counts, countsFont);
    if (countsWidth <= text.width()) {
        TopologyGlyph::paintCounts(painter, text, m_counts, countsFont, scene, Qt::AlignLeft);
    } else {
        // Zoomed far out: the total is what still fits.
        painter->setFont(countsFont);
        painter->setPen(scene->textColour());
        painter->drawText(text, Qt::AlignLeft | Qt::AlignVCenter, QString::number(total()));
    }
    if (const QRectF badge = versionBadgeRect(detail); !badge.isEmpty()) {
        const std::optional<QFont> font = badgeFont(scene, detail);
        const StatusStyle skew = StatusStyle::forStatus(u"version-skew"_s);
        TopologyNodeItem::paintBadge(painter, badge, font ? badgeText(m_versionSkewed) : skew.glyph,
            font.value_or(QFont()), scene->statusColour(skew.colour));
    }
}

} // namespace Paddock
