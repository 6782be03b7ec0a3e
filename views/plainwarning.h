#pragma once

#include <QString>

class QWidget;

namespace Paddock {

// A modal warning whose text shows as written: errors can quote what instances wrote, and file names.
void warnPlainly(QWidget* parent, const QString& title, const QString& text);

} // namespace Paddock
