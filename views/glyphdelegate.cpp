#include "glyphdelegate.h"

#include <algorithm>
#include <QApplication>
#include <QPainter>

namespace Paddock {

namespace {

constexpr int GlyphSpacing = 4;

// Glyphs differ in width; a common box keeps the words after them aligned down a column.
int glyphBoxWidth(const QFontMetrics& metrics, const QString& glyph)
{
    return std::max({ metrics.horizontalAdvance(glyph), metrics.horizontalAdvance(QStringLiteral("\u2716")),
        metrics.horizontalAdvance(QStringLiteral("\u25f7")) });
}

} // namespace

GlyphDelegate::GlyphDelegate(GlyphFunction glyph, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_glyph(std::move(glyph))
{
}

void GlyphDelegate::setTextFunction(TextFunction text)
{
    m_text = std::move(text);
}

QString GlyphDelegate::textOf(const QModelIndex& index) const
{
    return m_text ? m_text(index) : index.data(Qt::DisplayRole).toString();
}

void GlyphDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt(option);
    initStyleOption(&opt, index);
    const QString text = textOf(index);
    const std::optional<Glyph> glyph = m_glyph ? m_glyph(index) : std::nullopt;
    opt.text.clear();

    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QRect rect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget)
                           .adjusted(style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1, 0,
                               -(style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1), 0);
    const bool selected = opt.state & QStyle::State_Selected;
    QPalette::ColorGroup group = (opt.state & QStyle::State_Enabled) ? QPalette::Normal : QPalette::Disabled;
    if (group == QPalette::Normal && !(opt.state & QStyle::State_Active))
        group = QPalette::Inactive;
    const QColor textColour = opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);

    const QFontMetrics metrics(opt.font);
    const int glyphWidth = glyph ? glyphBoxWidth(metrics, glyph->glyph) + GlyphSpacing : 0;
    const QString elided = metrics.elidedText(text, opt.textElideMode, std::max(0, rect.width() - glyphWidth));
    const int contentWidth = glyphWidth + metrics.horizontalAdvance(elided);
    int x = rect.left();
    if (opt.displayAlignment & Qt::AlignRight)
        x = std::max(rect.left(), rect.right() + 1 - contentWidth);
    else if (opt.displayAlignment & Qt::AlignHCenter)
        x = std::max(rect.left(), rect.left() + (rect.width() - contentWidth) / 2);

    painter->save();
    painter->setFont(opt.font);
    painter->setClipRect(rect);
    if (glyph) {
        // On the selection colour the status colour may clash; the glyph's shape still tells.
        const bool plain = selected || !(opt.state & QStyle::State_Enabled) || !glyph->colour.isValid();
        painter->setPen(plain ? textColour : glyph->colour);
        painter->drawText(
            QRect(x, rect.top(), glyphWidth - GlyphSpacing, rect.height()), Qt::AlignCenter, glyph->glyph);
        x += glyphWidth;
    }
    painter->setPen(textColour);
    painter->drawText(
        QRect(x, rect.top(), rect.right() + 1 - x, rect.height()), Qt::AlignLeft | Qt::AlignVCenter, elided);
    painter->restore();
}

QSize GlyphDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt(option);
    initStyleOption(&opt, index);
    const std::optional<Glyph> glyph = m_glyph ? m_glyph(index) : std::nullopt;
    opt.text = textOf(index);
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    QSize size = style->sizeFromContents(QStyle::CT_ItemViewItem, &opt, QSize(), widget);
    if (glyph)
        size.rwidth() += glyphBoxWidth(QFontMetrics(opt.font), glyph->glyph) + GlyphSpacing;
    return size;
}

} // namespace Paddock
