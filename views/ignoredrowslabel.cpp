#include "ignoredrowslabel.h"

#include "plaintooltips.h"

namespace Paddock {

IgnoredRowsLabel::IgnoredRowsLabel(QWidget* parent)
    : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    hide();
}

void IgnoredRowsLabel::setIgnoredRows(const QMap<QString, qint64>& ignored)
{
    qint64 total = 0;
    QStringList reasons;
    for (auto it = ignored.cbegin(); it != ignored.cend(); ++it) {
        total += it.value();
        reasons.append(QStringLiteral("%1 %2").arg(it.value()).arg(it.key()));
    }
    setVisible(total > 0);
    setText(tr("\u26a0 %n row(s) ignored", nullptr, int(total)));
    setToolTip(PlainToolTips::literal(
        tr("Rows that instances wrote and no figure can use, set aside by a written rule (docs/bad-rows.md):\n%1")
            .arg(reasons.join(QLatin1Char('\n')))));
}

QString IgnoredRowsLabel::shownText() const
{
    return isVisible() ? text() : QString();
}

} // namespace Paddock
