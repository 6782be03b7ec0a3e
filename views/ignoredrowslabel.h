#pragma once

#include <QLabel>
#include <QMap>

namespace Paddock {

// The status bar's count of the rows that instances wrote and no figure can use, set aside by the
// reader's rules; the reasons in its tooltip. Hidden when there are none.
class IgnoredRowsLabel : public QLabel {
    Q_OBJECT

public:
    explicit IgnoredRowsLabel(QWidget* parent = nullptr);

    // By reason.
    void setIgnoredRows(const QMap<QString, qint64>& ignored);
    // Empty when hidden.
    QString shownText() const;
};

} // namespace Paddock
