#include "instancecombo.h"

#include <algorithm>
#include <QComboBox>
#include <QCoreApplication>
#include <QSignalBlocker>

namespace Paddock {

void fillInstanceCombo(QComboBox* combo, const QHash<qint64, QString>& names, qint64 current)
{
    QList<std::pair<QString, qint64>> sorted;
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        sorted.append({ it.value(), it.key() });
    if (current != 0 && !names.contains(current))
        sorted.append({ QStringLiteral("#%1").arg(current), current }); // keep a filtered instance that left
    std::sort(sorted.begin(), sorted.end());
    const QSignalBlocker blocker(combo);
    combo->clear();
    combo->addItem(QCoreApplication::translate("Paddock", "All instances"), qint64(0));
    for (const auto& [name, id] : sorted)
        combo->addItem(name, id);
    combo->setCurrentIndex(std::max(0, combo->findData(current)));
}

} // namespace Paddock
