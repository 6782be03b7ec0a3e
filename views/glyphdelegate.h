#pragma once

#include <functional>
#include <optional>
#include <QColor>
#include <QStyledItemDelegate>

namespace Paddock {

// Paints a cell as a coloured glyph followed by its text in the palette's text colour, so a state
// reads by shape and word as well as by colour. Which glyph (if any) and which text come from
// functions of the index, so one delegate serves flush states, event severities and probe results.
class GlyphDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    struct Glyph {
        QString glyph;
        QColor colour; // invalid: the text colour
    };
    using GlyphFunction = std::function<std::optional<Glyph>(const QModelIndex&)>;
    using TextFunction = std::function<QString(const QModelIndex&)>;

    explicit GlyphDelegate(GlyphFunction glyph, QObject* parent = nullptr);

    // Replaces the DisplayRole text (e.g. a value that ticks between model updates).
    void setTextFunction(TextFunction text);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // The text shown for index: the text function's answer, else DisplayRole.
    QString textOf(const QModelIndex& index) const;

private:
    GlyphFunction m_glyph;
    TextFunction m_text;
};

} // namespace Paddock
