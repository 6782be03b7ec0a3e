#include "connectiondialog.h"
#include "flushdialog.h"
#include "mainwindow.h"
#include "settings.h"
#include "shortcutsdialog.h"

#include <QAccessible>
#include <QAction>
#include <QTemporaryDir>
#include <QtTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

EngineUpdate farm()
{
    EngineUpdate update;
    update.sequence = 1;
    update.snapshot.generatedAt = QDateTime(QDate(2026, 11, 22), QTime(10, 0), Qt::UTC);
    for (int i = 1; i <= 3; ++i) {
        ServerFigures figures;
        figures.server.id = i;
        figures.server.name = u"web-%1"_s.arg(i);
        figures.server.zone = u"zone-a"_s;
        update.snapshot.servers.append(figures);
        update.serverNames.insert(i, figures.server.name);
    }
    update.snapshot.farm.servers = 3;
    return update;
}

// "QLineEdit (filter) in InstancesPanel": enough to find the widget.
QString describe(const QWidget* widget)
{
    QString text = QString::fromLatin1(widget->metaObject()->className());
    if (!widget->objectName().isEmpty())
        text += u" ("_s + widget->objectName() + u')';
    for (const QWidget* parent = widget->parentWidget(); parent; parent = parent->parentWidget()) {
        if (QString::fromLatin1(parent->metaObject()->className()).startsWith(u"Paddock::"_s))
            return text + u" in "_s + QString::fromLatin1(parent->metaObject()->className());
    }
    return text;
}

// Every control that takes the focus: reached by Tab, and named for a screen reader.
QStringList problemsOf(const QWidget* top)
{
    QStringList problems;
    const QList<QWidget*> widgets = top->findChildren<QWidget*>();
    for (QWidget* widget : widgets) {
        if (widget->focusPolicy() == Qt::NoFocus || !widget->isEnabled())
            continue;
        // A combo box's list lives in a popup of its own, reached and named through the combo box.
        if (widget->window() != top)
            continue;
        QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(widget);
        // Static text (a label, even one whose text can be selected with the mouse) is read in the
        // reading order, not a stop on the Tab chain.
        if (accessible && accessible->role() == QAccessible::StaticText)
            continue;
        // A widget's own parts (a combo box's line edit, a spin box's) are reached and named through it.
        if (widget->focusProxy() || (widget->parentWidget() && widget->parentWidget()->focusProxy() == widget))
            continue;
        if (!(widget->focusPolicy() & Qt::TabFocus))
            problems.append(describe(widget) + u": not reached by Tab"_s);
        if (!accessible || accessible->text(QAccessible::Name).trimmed().isEmpty())
            problems.append(describe(widget) + u": no accessible name"_s);
    }
    return problems;
}

} // namespace

class TestAccessibility : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_config.isValid()); }

    void mainWindow()
    {
        Settings settings(m_config.filePath(u"window.ini"_s));
        MainWindow window(&settings);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.applyUpdate(farm());
        const QStringList problems = problemsOf(&window);
        if (!problems.isEmpty())
            QFAIL(qPrintable(problems.join(u'\n')));
    }

    void connectionDialog()
    {
        Settings settings(m_config.filePath(u"connect.ini"_s));
        ConnectionDialog dialog(&settings);
        const QStringList problems = problemsOf(&dialog);
        if (!problems.isEmpty())
            QFAIL(qPrintable(problems.join(u'\n')));
    }

    void flushDialog()
    {
        FlushDialog dialog;
        dialog.setSnapshot(farm().snapshot);
        const QStringList problems = problemsOf(&dialog);
        if (!problems.isEmpty())
            QFAIL(qPrintable(problems.join(u'\n')));
    }

    void shortcutsDialog()
    {
        Settings settings(m_config.filePath(u"shortcuts.ini"_s));
        MainWindow window(&settings);
        ShortcutsDialog dialog(window.findChildren<QAction*>(), &window);
        const QStringList problems = problemsOf(&dialog);
        if (!problems.isEmpty())
            QFAIL(qPrintable(problems.join(u'\n')));
    }

private:
    QTemporaryDir m_config;
};

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
