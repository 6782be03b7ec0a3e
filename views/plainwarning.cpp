#include "plainwarning.h"

#include <QMessageBox>

namespace Paddock {

void warnPlainly(QWidget* parent, const QString& title, const QString& text)
{
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Ok, parent);
    box.setTextFormat(Qt::PlainText);
    box.exec();
}

} // namespace Paddock
