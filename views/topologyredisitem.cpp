#include "topologyredisitem.h"

#include "displayformat.h"
#include "statusstyle.h"
#include "topologyglyph.h"
#include "topologyscene.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionGraphicsItem>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Paddock::TopologyRedisItem", text);
}

} // namespace

TopologyRedisItem::TopologyRedisItem(QGraphicsItem* parent)
    : QGraphicsItem(parent)
{
    setZValue(4);
}

void TopologyRedisItem::setFigures(const RedisFigures& figures)
{
    if (figures == m_figures)
        return;
    m_figures = figures;
    update();
}

QColor TopologyRedisItem::displayColour() const
{
    return TopologyScene::statusColourOf(this, StatusStyle::forStatus(status()).colour);
}

QString TopologyRedisItem::title() const
{
    return tr("Redis %1").arg(m_figures.address);
}

QString TopologyRedisItem::detailText() const
{
    if (m_figures.status == RedisStatus::Failing || m_figures.status == RedisStatus::Unknown)
        return m_figures.reasons.value(0, status());
    QString text = m_figures.hitRatio ? tr("hit %1").arg(Format::percent(m_figures.hitRatio)) : tr("no lookups");
    if (m_figures.evictedKeysPerS.value_or(0.0) > 0.0)
        text += tr(", evicted %1").arg(Format::rate(*m_figures.evictedKeysPerS));
    return text;
}

QString TopologyRedisItem::connectionsText() const
{
    if (m_figures.status == RedisStatus::Failing || m_figures.status == RedisStatus::Unknown)
        return {};
    const qsizetype missing = m_figures.instancesMissing.size();
    const qsizetype running = m_figures.instancesConnected.size() + missing;
    if (missing == 1)
        return tr("%1 not connected").arg(m_figures.instancesMissing.constFirst());
    if (missing > 0)
        return tr("%1 of %2 instances not connected").arg(Format::integer(missing), Format::integer(running));
    return running == 1 ? tr("1 instance connected") : tr("%1 instances connected").arg(Format::integer(running));
}

QRectF TopologyRedisItem::boundingRect() const
{
    return cardRect().adjusted(-2, -2, 2, 2);
}

// Three stacked layers: a cache, told apart from the storages' pills and the database's cylinder.
void TopologyRedisItem::paintIcon(QPainter* painter, const QRectF& rect, const QColor& card, const QColor& ink)
{
    const qreal w = rect.width();
    const qreal h = rect.height() / 4.2;
    for (int layer = 2; layer >= 0; --layer) {
        const qreal top = rect.top() + layer * h * 1.3;
        QPainterPath diamond;
        diamond.moveTo(rect.left() + w / 2, top);
        diamond.lineTo(rect.right(), top + h / 2 + h / 4);
        diamond.lineTo(rect.left() + w / 2, top + h * 1.5);
        diamond.lineTo(rect.left(), top + h / 2 + h / 4);
        diamond.closeSubpath();
        painter->setBrush(TopologyScene::blend(card, ink, 0.1 + 0.15 * (2 - layer)));
        painter->drawPath(diamond);
    }
}

void TopologyRedisItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const TopologyScene* scene = TopologyScene::of(this);
    if (!scene)
        return;
    const qreal detail = option->levelOfDetailFromTransform(painter->worldTransform());
    const StatusStyle style = StatusStyle::forStatus(status());
    const QColor colour = scene->statusColour(style.colour);
    const bool alarm = m_figures.status == RedisStatus::Degraded || m_figures.status == RedisStatus::Failing;
    const QRectF card = cardRect();
    scene->paintStatusCard(painter, card, 8, colour, alarm);

    painter->setPen(QPen(scene->dimTextColour(), 1.0));
    paintIcon(
        painter, QRectF(card.left() + 10, card.center().y() - 12, 22, 24), scene->cardColour(), scene->dimTextColour());
    const QRectF glyph(card.right() - 26, card.center().y() - 8, 16, 16);
    TopologyGlyph::paint(painter, glyph, style.glyph, colour);
    const qreal left = card.left() + 40;
    const QRectF text(left, card.top() + 5, glyph.left() - 6 - left, card.height() - 10);
    const QFont nameFont = scene->readableFont(1.0, detail, true);
    const QFont detailFont = scene->readableFont(0.84, detail);
    const QFontMetricsF nameMetrics(nameFont);
    const QFontMetricsF detailMetrics(detailFont);
    // As many lines as fit under the title; instances without a connection are the last to give way.
    QStringList lines { detailText(), connectionsText() };
    lines.removeAll(QString());
    while (!lines.isEmpty() && nameMetrics.height() + lines.size() * detailMetrics.height() > text.height() + 2)
        lines.removeAt(m_figures.instancesMissing.isEmpty() ? lines.size() - 1 : 0);
    qreal top = text.top() + (text.height() - nameMetrics.height() - lines.size() * detailMetrics.height()) / 2;
    painter->setFont(nameFont);
    painter->setPen(scene->textColour());
    painter->drawText(QRectF(text.left(), top, text.width(), nameMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
        nameMetrics.elidedText(title(), Qt::ElideRight, text.width()));
    top += nameMetrics.height();
    painter->setFont(detailFont);
    painter->setPen(alarm ? scene->textColour() : scene->dimTextColour());
    for (const QString& line : std::as_const(lines)) {
        painter->drawText(QRectF(text.left(), top, text.width(), detailMetrics.height()),
            Qt::AlignLeft | Qt::AlignVCenter, detailMetrics.elidedText(line, Qt::ElideRight, text.width()));
        top += detailMetrics.height();
    }
}

} // namespace Paddock
