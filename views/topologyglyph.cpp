#include "topologyglyph.h"

#include "statusstyle.h"
#include "topologyscene.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

const QStringList& statusOrder()
{
    static const QStringList order { u"healthy"_s, u"degraded"_s, u"not-responding"_s, u"stopped"_s, u"disabled"_s };
    return order;
}

} // namespace

void TopologyGlyph::paint(QPainter* painter, const QRectF& rect, const QString& glyph, const QColor& colour)
{
    const qreal side = qMin(rect.width(), rect.height());
    QRectF box(0, 0, side, side);
    box.moveCenter(rect.center());
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (glyph == u"\u25cf"_s) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(colour);
        painter->drawEllipse(box.adjusted(side * 0.08, side * 0.08, -side * 0.08, -side * 0.08));
    } else if (glyph == u"\u25b2"_s) {
        const QRectF r = box.adjusted(side * 0.02, side * 0.06, -side * 0.02, -side * 0.1);
        QPainterPath path;
        path.moveTo(r.center().x(), r.top());
        path.lineTo(r.right(), r.bottom());
        path.lineTo(r.left(), r.bottom());
        path.closeSubpath();
        painter->setPen(QPen(colour, side * 0.06, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter->setBrush(colour);
        painter->drawPath(path);
    } else if (glyph == u"\u2716"_s) {
        const QRectF r = box.adjusted(side * 0.18, side * 0.18, -side * 0.18, -side * 0.18);
        painter->setPen(QPen(colour, side * 0.24, Qt::SolidLine, Qt::RoundCap));
        painter->drawLine(r.topLeft(), r.bottomRight());
        painter->drawLine(r.topRight(), r.bottomLeft());
    } else if (glyph == u"\u25a0"_s) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(colour);
        painter->drawRect(box.adjusted(side * 0.16, side * 0.16, -side * 0.16, -side * 0.16));
    } else if (glyph == u"\u25cb"_s) {
        const qreal width = side * 0.16;
        painter->setPen(QPen(colour, width));
        painter->setBrush(Qt::NoBrush);
        const qreal inset = side * 0.08 + width / 2;
        painter->drawEllipse(box.adjusted(inset, inset, -inset, -inset));
    } else {
        QFont font = painter->font();
        font.setPixelSize(qMax(1, qRound(side * 0.9)));
        font.setBold(true);
        painter->setFont(font);
        painter->setPen(colour);
        painter->drawText(box, Qt::AlignCenter, glyph);
    }
    painter->restore();
}

QList<TopologyStatusCount> TopologyGlyph::count(const QStringList& statuses)
{
    QList<TopologyStatusCount> result;
    for (const QString& status : statusOrder())
        result.append({ status, 0 });
    for (const QString& status : statuses) {
        auto it = std::find_if(result.begin(), result.end(), [&](const auto& c) { return c.status == status; });
        if (it == result.end())
            result.append({ status, 1 });
        else
            ++it->count;
    }
    result.removeIf([](const TopologyStatusCount& c) { return c.count == 0; });
    return result;
}

int TopologyGlyph::severity(const QString& status)
{
    if (status == u"not-responding"_s)
        return 5;
    if (status == u"degraded"_s)
        return 4;
    if (status == u"healthy"_s)
        return 2;
    if (status == u"stopped"_s)
        return 1;
    if (status == u"disabled"_s)
        return 0;
    return 3; // unknown: worth a look, not an alarm
}

QString TopologyGlyph::worst(const QList<TopologyStatusCount>& counts)
{
    QString result;
    for (const TopologyStatusCount& c : counts) {
        if (c.count > 0 && (result.isEmpty() || severity(c.status) > severity(result)))
            result = c.status;
    }
    return result;
}

QString TopologyGlyph::countsText(const QList<TopologyStatusCount>& counts)
{
    QStringList parts;
    for (const TopologyStatusCount& c : counts) {
        if (c.count > 0)
            parts.append(u"%1 %2"_s.arg(c.count).arg(StatusStyle::forStatus(c.status).glyph));
    }
    return parts.join(QLatin1Char(' '));
}

qreal TopologyGlyph::countsWidth(const QList<TopologyStatusCount>& counts, const QFont& font)
{
    const QFontMetricsF metrics(font);
    const qreal glyph = metrics.height() * 0.8;
    const qreal gap = metrics.horizontalAdvance(QLatin1Char(' '));
    qreal width = 0;
    for (const TopologyStatusCount& c : counts) {
        if (c.count <= 0)
            continue;
        if (width > 0)
            width += gap * 2;
        width += metrics.horizontalAdvance(QString::number(c.count)) + gap * 0.6 + glyph;
    }
    return width;
}

void TopologyGlyph::paintCounts(QPainter* painter, const QRectF& rect, const QList<TopologyStatusCount>& counts,
    const QFont& font, const TopologyScene* scene, Qt::Alignment alignment)
{
    const QFontMetricsF metrics(font);
    const qreal glyph = metrics.height() * 0.8;
    const qreal gap = metrics.horizontalAdvance(QLatin1Char(' '));
    const qreal width = countsWidth(counts, font);
    qreal x = (alignment & Qt::AlignRight) ? rect.right() - width
        : (alignment & Qt::AlignHCenter)   ? rect.center().x() - width / 2
                                           : rect.left();
    painter->save();
    painter->setFont(font);
    bool first = true;
    for (const TopologyStatusCount& c : counts) {
        if (c.count <= 0)
            continue;
        if (!first)
            x += gap * 2;
        first = false;
        const QString number = QString::number(c.count);
        const qreal numberWidth = metrics.horizontalAdvance(number);
        painter->setPen(scene->textColour());
        painter->drawText(
            QRectF(x, rect.top(), numberWidth + 1, rect.height()), Qt::AlignLeft | Qt::AlignVCenter, number);
        x += numberWidth + gap * 0.6;
        const StatusStyle style = StatusStyle::forStatus(c.status);
        paint(painter, QRectF(x, rect.center().y() - glyph / 2, glyph, glyph), style.glyph,
            scene->statusColour(style.colour));
        x += glyph;
    }
    painter->restore();
}

} // namespace Paddock
