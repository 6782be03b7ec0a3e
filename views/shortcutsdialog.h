#pragma once

#include <QDialog>

class QAction;

namespace Paddock {

// Help › Keyboard shortcuts: every action that has a shortcut, by name, with its keys.
class ShortcutsDialog : public QDialog {
    Q_OBJECT

public:
    explicit ShortcutsDialog(QList<QAction*> actions, QWidget* parent = nullptr);
};

} // namespace Paddock
