#include "topologyscene.h"

#include <QFontInfo>
#include <QGraphicsItem>
#include <QPainter>
#include <QPalette>

namespace Paddock {

TopologyScene::TopologyScene(QObject* parent)
    : QGraphicsScene(parent)
{
    // Items move during layout animations; a BSP index would be rebuilt every frame for no gain
    // at a few hundred items.
    setItemIndexMethod(QGraphicsScene::NoIndex);
}

void TopologyScene::setStale(bool stale)
{
    if (m_stale == stale)
        return;
    m_stale = stale;
    update();
}

QColor TopologyScene::statusColour(const QColor& colour) const
{
    if (!m_stale)
        return colour;
    const qreal lightness = colour.lightnessF();
    return QColor::fromHslF(0.0f, 0.0f, float(qBound(0.35, lightness, 0.65)));
}

QColor TopologyScene::backgroundColour() const
{
    return palette().color(QPalette::Window);
}

QColor TopologyScene::zoneColour() const
{
    return blend(palette().color(QPalette::Window), palette().color(QPalette::Base), 0.55);
}

QColor TopologyScene::cardColour() const
{
    return palette().color(QPalette::Base);
}

QColor TopologyScene::lineColour() const
{
    return blend(palette().color(QPalette::Window), palette().color(QPalette::WindowText), 0.3);
}

QColor TopologyScene::textColour() const
{
    return palette().color(QPalette::Text);
}

QColor TopologyScene::dimTextColour() const
{
    return blend(palette().color(QPalette::Base), palette().color(QPalette::Text), 0.62);
}

QColor TopologyScene::highlightColour() const
{
    return palette().color(QPalette::Highlight);
}

QFont TopologyScene::readableFont(qreal relativeSize, qreal levelOfDetail, bool bold) const
{
    QFont result = font();
    const qreal basePixels = QFontInfo(result).pixelSize() * relativeSize;
    qreal pixels = basePixels;
    if (levelOfDetail > 0.0 && basePixels * levelOfDetail < MinimumTextPixels)
        pixels = MinimumTextPixels / levelOfDetail;
    result.setPixelSize(qMax(1, qRound(pixels)));
    if (bold)
        result.setWeight(QFont::DemiBold);
    return result;
}

void TopologyScene::paintStatusCard(
    QPainter* painter, const QRectF& card, qreal radius, const QColor& colour, bool alarm) const
{
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(alarm ? colour : dimTextColour(), alarm ? 2.0 : 1.2));
    painter->setBrush(alarm ? blend(cardColour(), colour, 0.17) : cardColour());
    painter->drawRoundedRect(card.adjusted(0.75, 0.75, -0.75, -0.75), radius, radius);
}

QColor TopologyScene::blend(const QColor& from, const QColor& to, qreal amount)
{
    const qreal keep = 1.0 - amount;
    return QColor::fromRgbF(float(from.redF() * keep + to.redF() * amount),
        float(from.greenF() * keep + to.greenF() * amount), float(from.blueF() * keep + to.blueF() * amount),
        float(from.alphaF() * keep + to.alphaF() * amount));
}

const TopologyScene* TopologyScene::of(const QGraphicsItem* item)
{
    return item ? qobject_cast<const TopologyScene*>(item->scene()) : nullptr;
}

QColor TopologyScene::statusColourOf(const QGraphicsItem* item, const QColor& colour)
{
    const TopologyScene* scene = of(item);
    return scene ? scene->statusColour(colour) : colour;
}

} // namespace Paddock
