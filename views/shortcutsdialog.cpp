#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Paddock {

ShortcutsDialog::ShortcutsDialog(QList<QAction*> actions, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Keyboard shortcuts"));
    auto* list = new QTreeWidget(this);
    list->setAccessibleName(tr("Keyboard shortcuts"));
    list->setHeaderLabels({ tr("Action"), tr("Shortcut") });
    list->setRootIsDecorated(false);
    std::sort(actions.begin(), actions.end(), [](const QAction* a, const QAction* b) {
        return a->text().remove(QLatin1Char('&')) < b->text().remove(QLatin1Char('&'));
    });
    for (QAction* action : std::as_const(actions)) {
        if (action->shortcut().isEmpty())
            continue;
        QString text = action->text().remove(QLatin1Char('&'));
        if (text.isEmpty())
            text = tr("Show view %1").arg(action->shortcut().toString(QKeySequence::NativeText).right(1));
        list->addTopLevelItem(new QTreeWidgetItem({ text, action->shortcut().toString(QKeySequence::NativeText) }));
    }
    list->resizeColumnToContents(0);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(list);
    layout->addWidget(buttons);
    resize(460, 420);
}

} // namespace Paddock
