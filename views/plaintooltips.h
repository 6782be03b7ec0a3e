#pragma once

#include <QObject>
#include <QString>

class QAbstractItemView;
class QPoint;
class QRect;

namespace Paddock {

// Texts that instances write (names, messages, locations) reach tooltips: shown as rich text they
// could render markup or images. This shows a view's item tooltips, and those of its headers, as
// the plain text they are.
class PlainToolTips : public QObject {
    Q_OBJECT

public:
    static void install(QAbstractItemView* view);
    // The text, escaped and wrapped so that QToolTip shows it literally, line breaks kept.
    static QString literal(const QString& text);
    // A tooltip put together from markup and parts escaped with QString::toHtmlEscaped(): marked as
    // rich text, since QToolTip guesses from the first line only and would show "&amp;" as written.
    static QString rich(const QString& html);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    explicit PlainToolTips(QAbstractItemView* view);
    QString toolTipAt(const QPoint& pos, QRect* rect) const;
    QAbstractItemView* m_view;
};

} // namespace Paddock
