#include "topologylinkitem.h"

#include "statusstyle.h"
#include "topologyglyph.h"
#include "topologyscene.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

// Room for the label around the middle of the line, at the largest size readableFont() gives it
// when the view is zoomed far out.
constexpr qreal LabelRoom = 220.0;

} // namespace

TopologyLinkItem::TopologyLinkItem(const QString& key, QGraphicsItem* parent)
    : QGraphicsItem(parent)
    , m_key(key)
{
    setZValue(1);
}

void TopologyLinkItem::setLine(const QLineF& line, qreal labelAt)
{
    if (m_line == line && m_labelAt == labelAt)
        return;
    prepareGeometryChange();
    m_line = line;
    m_labelAt = labelAt;
    updateBounds();
}

void TopologyLinkItem::setAppearance(State state, const QString& label, bool emphasised)
{
    if (m_state == state && m_label == label && m_emphasised == emphasised)
        return;
    prepareGeometryChange();
    m_state = state;
    m_label = label;
    m_emphasised = emphasised;
    setZValue(emphasised ? 2 : 1);
    updateBounds();
    update();
}

void TopologyLinkItem::updateBounds()
{
    m_bounds = QRectF(m_line.p1(), m_line.p2()).normalized().adjusted(-6, -6, 6, 6);
    const qreal room = m_label.isEmpty() && !isBroken(m_state) ? 0.0 : LabelRoom;
    if (room > 0) {
        const QPointF mid = m_line.pointAt(m_labelAt);
        m_bounds |= QRectF(mid.x() - room, mid.y() - room / 3, 2 * room, 2 * room / 3);
    }
}

QPen TopologyLinkItem::pen(State state, const TopologyScene* scene, bool emphasised)
{
    const qreal extra = emphasised ? 1.0 : 0.0;
    const QColor amber = scene->statusColour(StatusStyle::forStatus(u"degraded"_s).colour);
    const QColor red = scene->statusColour(StatusStyle::forStatus(u"not-responding"_s).colour);
    const QColor green = scene->statusColour(StatusStyle::forStatus(u"ok"_s).colour);
    QPen pen(scene->lineColour(), 1.6 + extra, Qt::SolidLine, Qt::FlatCap);
    switch (state) {
    case State::Fresh:
        if (emphasised)
            pen.setColor(scene->dimTextColour());
        break;
    case State::Ageing:
        pen = QPen(amber, 2.2 + extra, Qt::CustomDashLine, Qt::FlatCap);
        pen.setDashPattern({ 3.0, 2.0 });
        break;
    case State::Lost:
        pen = QPen(red, 2.4 + extra, Qt::SolidLine, Qt::FlatCap);
        break;
    case State::Idle:
        pen = QPen(scene->lineColour(), 1.2 + extra, Qt::DotLine, Qt::FlatCap);
        break;
    case State::ProbeOk:
        pen = QPen(TopologyScene::blend(scene->lineColour(), green, 0.6), 1.2 + extra, Qt::SolidLine, Qt::FlatCap);
        break;
    case State::ProbeFailed:
        pen = QPen(red, 2.0 + extra, Qt::SolidLine, Qt::FlatCap);
        break;
    case State::Degraded:
        pen = QPen(amber, 2.0 + extra, Qt::SolidLine, Qt::FlatCap);
        break;
    }
    return pen;
}

QRectF TopologyLinkItem::boundingRect() const
{
    return m_bounds;
}

QPainterPath TopologyLinkItem::shape() const
{
    QPainterPath path;
    path.moveTo(m_line.p1());
    path.lineTo(m_line.p2());
    QPainterPathStroker stroker;
    stroker.setWidth(10);
    QPainterPath result = stroker.createStroke(path);
    if (!m_label.isEmpty() || isBroken(m_state)) {
        const QPointF mid = m_line.pointAt(m_labelAt);
        result.addRect(QRectF(mid.x() - 40, mid.y() - 12, 80, 24));
    }
    return result;
}

void TopologyLinkItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const TopologyScene* scene = TopologyScene::of(this);
    if (!scene || m_line.length() < 1.0)
        return;
    const qreal detail = option->levelOfDetailFromTransform(painter->worldTransform());
    painter->setRenderHint(QPainter::Antialiasing);
    const QPen linePen = pen(m_state, scene, m_emphasised);
    const bool broken = isBroken(m_state);

    // The label (and for broken links the ✖) sits in a pill in the middle of the line.
    const QFont font = scene->readableFont(0.86, detail, broken);
    const QFontMetricsF metrics(font);
    const qreal glyph = broken ? metrics.height() * 0.7 : 0.0;
    const qreal textWidth = m_label.isEmpty() ? 0.0 : metrics.horizontalAdvance(m_label);
    const bool hasPill = broken || !m_label.isEmpty();
    const qreal pad = metrics.height() * 0.35;
    const qreal pillWidth
        = hasPill ? glyph + (glyph > 0 && textWidth > 0 ? pad * 0.6 : 0.0) + textWidth + 2 * pad : 0.0;
    const qreal pillHeight = metrics.height() + pad * 0.6;
    const QPointF mid = m_line.pointAt(m_labelAt);
    const qreal length = m_line.length();
    const QPointF unit = (m_line.p2() - m_line.p1()) / length;

    painter->setPen(linePen);
    painter->setBrush(Qt::NoBrush);
    // A broken link without text leaves a real gap around its ✖; labels sit on top of the line.
    const qreal half = pillWidth / 2 + 4;
    const qreal before = length * m_labelAt;
    if (broken && textWidth == 0 && before > half + 4 && length - before > half + 4) {
        painter->drawLine(m_line.p1(), mid - unit * half);
        painter->drawLine(mid + unit * half, m_line.p2());
    } else {
        painter->drawLine(m_line);
    }
    if (!hasPill)
        return;

    const QRectF pill(mid.x() - pillWidth / 2, mid.y() - pillHeight / 2, pillWidth, pillHeight);
    const QColor accent = linePen.color();
    painter->setPen(QPen(broken || m_state == State::Ageing ? accent : scene->lineColour(), 1.0));
    painter->setBrush(scene->cardColour());
    painter->drawRoundedRect(pill, pillHeight / 2, pillHeight / 2);
    qreal x = pill.left() + pad;
    if (broken) {
        TopologyGlyph::paint(painter, QRectF(x, mid.y() - glyph / 2, glyph, glyph), u"\u2716"_s, accent);
        x += glyph + pad * 0.6;
    }
    if (textWidth > 0) {
        painter->setFont(font);
        painter->setPen(scene->textColour());
        painter->drawText(
            QRectF(x, pill.top(), textWidth + 1, pill.height()), Qt::AlignLeft | Qt::AlignVCenter, m_label);
    }
}

} // namespace Paddock
