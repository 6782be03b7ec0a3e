#include "topologydatabaseitem.h"

#include "statusstyle.h"
#include "topologyscene.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionGraphicsItem>

namespace Paddock {

TopologyDatabaseItem::TopologyDatabaseItem(QGraphicsItem* parent)
    : QGraphicsItem(parent)
{
    setZValue(4);
}

void TopologyDatabaseItem::setText(const QString& title, const QString& detail)
{
    if (m_title == title && m_detail == detail)
        return;
    m_title = title;
    m_detail = detail;
    update();
}

void TopologyDatabaseItem::setStatus(const QString& status)
{
    if (m_status == status)
        return;
    m_status = status;
    update();
}

QRectF TopologyDatabaseItem::boundingRect() const
{
    return cardRect().adjusted(-2, -2, 2, 2);
}

void TopologyDatabaseItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const TopologyScene* scene = TopologyScene::of(this);
    if (!scene)
        return;
    const qreal detail = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF card = cardRect();
    // Healthy or unknown: the plain card; degraded: in its status colour.
    const bool alarm = !m_status.isEmpty() && m_status != QLatin1String("healthy");
    scene->paintStatusCard(painter, card, 10, scene->statusColour(StatusStyle::forStatus(m_status).colour), alarm);

    // A database cylinder.
    const QRectF icon(card.left() + 14, card.center().y() - 20, 30, 40);
    const qreal lid = 9;
    QPainterPath body;
    body.moveTo(icon.left(), icon.top() + lid / 2);
    body.lineTo(icon.left(), icon.bottom() - lid / 2);
    body.arcTo(QRectF(icon.left(), icon.bottom() - lid, icon.width(), lid), 180, 180);
    body.lineTo(icon.right(), icon.top() + lid / 2);
    painter->setPen(QPen(scene->dimTextColour(), 1.6));
    painter->setBrush(TopologyScene::blend(scene->cardColour(), scene->textColour(), 0.08));
    painter->drawPath(body);
    painter->drawEllipse(QRectF(icon.left(), icon.top(), icon.width(), lid));
    painter->setBrush(Qt::NoBrush);
    painter->drawArc(QRectF(icon.left(), icon.top() + 12, icon.width(), lid), 180 * 16, 180 * 16);
    painter->drawArc(QRectF(icon.left(), icon.top() + 22, icon.width(), lid), 180 * 16, 180 * 16);

    const QRectF text(icon.right() + 12, card.top() + 6, card.right() - icon.right() - 12 - 10, card.height() - 12);
    const QFont titleFont = scene->readableFont(1.1, detail, true);
    const QFont detailFont = scene->readableFont(0.88, detail);
    const QFontMetricsF titleMetrics(titleFont);
    const QFontMetricsF detailMetrics(detailFont);
    // As many detail lines as fit under the title.
    QStringList lines = m_detail.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    while (!lines.isEmpty() && titleMetrics.height() + lines.size() * detailMetrics.height() > text.height() + 2)
        lines.removeLast();
    const qreal total = titleMetrics.height() + lines.size() * detailMetrics.height();
    qreal top = text.top() + (text.height() - total) / 2;
    painter->setFont(titleFont);
    painter->setPen(scene->textColour());
    painter->drawText(QRectF(text.left(), top, text.width(), titleMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
        titleMetrics.elidedText(m_title, Qt::ElideRight, text.width()));
    top += titleMetrics.height();
    painter->setFont(detailFont);
    painter->setPen(scene->dimTextColour());
    for (const QString& line : std::as_const(lines)) {
        painter->drawText(QRectF(text.left(), top, text.width(), detailMetrics.height()),
            Qt::AlignLeft | Qt::AlignVCenter, detailMetrics.elidedText(line, Qt::ElideRight, text.width()));
        top += detailMetrics.height();
    }
}

} // namespace Paddock
