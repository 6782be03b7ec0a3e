#include "topologystorageitem.h"

#include "statusstyle.h"
#include "topologyglyph.h"
#include "topologyscene.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

using namespace Qt::StringLiterals;

namespace Paddock {

TopologyStorageItem::TopologyStorageItem(qint64 storageId, QGraphicsItem* parent)
    : QGraphicsItem(parent)
    , m_storageId(storageId)
{
    m_figures.storage.id = storageId;
    setZValue(4);
}

void TopologyStorageItem::setFigures(const StorageFigures& figures)
{
    m_figures = figures;
    update();
}

QColor TopologyStorageItem::displayColour() const
{
    return TopologyScene::statusColourOf(this, StatusStyle::forStatus(status()).colour);
}

QString TopologyStorageItem::detailText() const
{
    if (!m_figures.failingServers.isEmpty()) {
        return QCoreApplication::translate("Paddock::TopologyStorageItem", "%1 of %2 failing")
            .arg(m_figures.failingServers.size())
            .arg(m_figures.probingServers.size());
    }
    return m_figures.storage.kind;
}

QRectF TopologyStorageItem::boundingRect() const
{
    return cardRect().adjusted(-2, -2, 2, 2);
}

void TopologyStorageItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const TopologyScene* scene = TopologyScene::of(this);
    if (!scene)
        return;
    const qreal detail = option->levelOfDetailFromTransform(painter->worldTransform());
    const StatusStyle style = StatusStyle::forStatus(status());
    const QColor colour = scene->statusColour(style.colour);
    const bool alarm = m_figures.status == StorageStatus::Partial || m_figures.status == StorageStatus::Failing;
    const QRectF card = cardRect();
    scene->paintStatusCard(painter, card, Height / 2, colour, alarm);

    const QRectF glyph(card.left() + 14, card.center().y() - 9, 18, 18);
    TopologyGlyph::paint(painter, glyph, style.glyph, colour);
    const QRectF text(glyph.right() + 9, card.top() + 4, card.right() - glyph.right() - 9 - 16, card.height() - 8);
    const QFont nameFont = scene->readableFont(1.0, detail, true);
    const QFont detailFont = scene->readableFont(0.84, detail);
    const QFontMetricsF nameMetrics(nameFont);
    const QFontMetricsF detailMetrics(detailFont);
    const QString second = detailText();
    const bool both = !second.isEmpty() && nameMetrics.height() + detailMetrics.height() <= text.height() + 2;
    const qreal total = nameMetrics.height() + (both ? detailMetrics.height() : 0.0);
    const qreal top = text.top() + (text.height() - total) / 2;
    painter->setFont(nameFont);
    painter->setPen(scene->textColour());
    painter->drawText(QRectF(text.left(), top, text.width(), nameMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
        nameMetrics.elidedText(m_figures.storage.name, Qt::ElideRight, text.width()));
    if (both) {
        painter->setFont(detailFont);
        painter->setPen(alarm ? scene->textColour() : scene->dimTextColour());
        painter->drawText(QRectF(text.left(), top + nameMetrics.height(), text.width(), detailMetrics.height()),
            Qt::AlignLeft | Qt::AlignVCenter, detailMetrics.elidedText(second, Qt::ElideRight, text.width()));
    }
}

} // namespace Paddock
