#pragma once

#include <QHash>
#include <QString>

class QComboBox;

namespace Paddock {

// Fills an instance filter: "All instances" (data 0), then the instances by name (data = id);
// keeps `current` selected, as "#id" if it has left the farm. Emits no signal.
void fillInstanceCombo(QComboBox* combo, const QHash<qint64, QString>& names, qint64 current);

} // namespace Paddock
