#pragma once

#include <QObject>
#include <QString>

class QAbstractItemView;

namespace Paddock {

// Texts that instances write (names, messages, locations) reach tooltips: shown as rich text they
// could render markup or images. This shows a view's item tooltips as the plain text they are.
class PlainToolTips : public QObject {
    Q_OBJECT

public:
    static void install(QAbstractItemView* view);
    // The text, escaped and wrapped so that QToolTip shows it literally, line breaks kept.
    static QString literal(const QString& text);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    explicit PlainToolTips(QAbstractItemView* view);
    QAbstractItemView* m_view;
};

} // namespace Paddock
