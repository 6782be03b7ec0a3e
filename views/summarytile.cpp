#include "summarytile.h"

#include "plaintooltips.h"
#include "statusstyle.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

namespace Paddock {

namespace {

StatusStyle styleOf(SummaryTile::Level level)
{
    switch (level) {
    case SummaryTile::Level::Ok:
        return StatusStyle::forStatus(QStringLiteral("ok"));
    case SummaryTile::Level::Warning:
        return StatusStyle::forStatus(QStringLiteral("degraded"));
    case SummaryTile::Level::Critical:
        return StatusStyle::forStatus(QStringLiteral("failing"));
    case SummaryTile::Level::Neutral:
        break;
    }
    return { QColor(), QString(), QString() };
}

} // namespace

SummaryTile::SummaryTile(const QString& title, QWidget* parent)
    : QFrame(parent)
    , m_title(title)
{
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::PointingHandCursor);
    setFrameShape(QFrame::StyledPanel);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(title);
}

void SummaryTile::setValue(const QString& value, const QString& detail, Level level)
{
    if (value == m_value && detail == m_detail && level == m_level)
        return;
    m_value = value;
    m_detail = detail;
    m_level = level;
    // The detail can name instances and storage.
    const QString description
        = m_title + QStringLiteral(": ") + m_value + (m_detail.isEmpty() ? QString() : QStringLiteral("\n") + m_detail);
    setToolTip(PlainToolTips::literal(description));
    setAccessibleDescription(description);
    update();
}

void SummaryTile::setStale(bool stale)
{
    if (stale == m_stale)
        return;
    m_stale = stale;
    update();
}

QSize SummaryTile::sizeHint() const
{
    const QFontMetrics fm(font());
    return { fm.horizontalAdvance(QLatin1Char('M')) * 12, fm.height() * 4 + 12 };
}

QSize SummaryTile::minimumSizeHint() const
{
    const QFontMetrics fm(font());
    return { fm.horizontalAdvance(QLatin1Char('M')) * 7, fm.height() * 4 + 12 };
}

void SummaryTile::paintEvent(QPaintEvent* event)
{
    QFrame::paintEvent(event);
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = palette();
    const StatusStyle style = styleOf(m_level);
    const QRect area = contentsRect().adjusted(4, 4, -4, -4);

    // A coloured band on the left: the level at a glance, and the glyph for those who do not see colour.
    const int band = 5;
    if (style.colour.isValid()) {
        QColor colour = style.colour;
        if (m_stale)
            colour.setAlphaF(0.35);
        painter.fillRect(QRect(area.left(), area.top(), band, area.height()), colour);
    }
    const QRect text = area.adjusted(band + 8, 0, 0, 0);
    const QColor foreground = pal.color(m_stale ? QPalette::Disabled : QPalette::Active, QPalette::WindowText);
    const QColor muted = pal.color(QPalette::Disabled, QPalette::WindowText);

    QFont titleFont = font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 0.9);
    painter.setFont(titleFont);
    painter.setPen(muted);
    const QFontMetrics titleMetrics(titleFont);
    painter.drawText(QRect(text.left(), text.top(), text.width(), titleMetrics.height()),
        Qt::AlignLeft | Qt::AlignVCenter, titleMetrics.elidedText(m_title.toUpper(), Qt::ElideRight, text.width()));

    QFont valueFont = font();
    valueFont.setPointSizeF(valueFont.pointSizeF() * 1.6);
    valueFont.setBold(true);
    painter.setFont(valueFont);
    const QFontMetrics valueMetrics(valueFont);
    const int valueTop = text.top() + titleMetrics.height() + 2;
    QString value = m_value.isEmpty() ? QStringLiteral("\u2014") : m_value;
    if (!style.glyph.isEmpty() && m_level != Level::Ok)
        value = style.glyph + QLatin1Char(' ') + value;
    painter.setPen(m_level == Level::Critical && !m_stale ? style.colour : foreground);
    painter.drawText(QRect(text.left(), valueTop, text.width(), valueMetrics.height()),
        Qt::AlignLeft | Qt::AlignVCenter, valueMetrics.elidedText(value, Qt::ElideRight, text.width()));

    painter.setFont(titleFont);
    painter.setPen(muted);
    painter.drawText(QRect(text.left(), valueTop + valueMetrics.height() + 2, text.width(), titleMetrics.height()),
        Qt::AlignLeft | Qt::AlignVCenter, titleMetrics.elidedText(m_detail, Qt::ElideRight, text.width()));

    if (hasFocus()) {
        painter.setPen(QPen(pal.color(QPalette::Highlight), 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawRoundedRect(rect().adjusted(1, 1, -1, -1), 3, 3);
    }
}

void SummaryTile::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint()))
        Q_EMIT clicked();
    QFrame::mouseReleaseEvent(event);
}

void SummaryTile::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter || event->key() == Qt::Key_Space) {
        Q_EMIT clicked();
        return;
    }
    QFrame::keyPressEvent(event);
}

} // namespace Paddock
