#include "settings.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace Paddock;

namespace {

WindowLayout layout(const char* tag, int chartWindowS, int currentView)
{
    WindowLayout layout;
    layout.geometry = QByteArray(tag) + "-geometry";
    layout.state = QByteArray(tag) + "-state";
    layout.mainSplitter = QByteArray(tag) + "-main";
    layout.topSplitter = QByteArray(tag) + "-top";
    layout.instanceColumns = QByteArray(tag) + "-columns";
    layout.chartWindowS = chartWindowS;
    layout.currentView = currentView;
    return layout;
}

} // namespace

class TestSettings : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void nothingSavedIsEmpty()
    {
        Settings settings(m_dir.filePath(QStringLiteral("empty.ini")));
        QCOMPARE(settings.windowLayout(Settings::WindowRole::Live), WindowLayout());
        QCOMPARE(settings.windowLayout(Settings::WindowRole::Replay), WindowLayout());
    }

    // The live window's keys are those older versions wrote, so that a saved layout survives.
    void aLayoutIsKeptUnderItsRole()
    {
        const QString file = m_dir.filePath(QStringLiteral("layout.ini"));
        {
            Settings settings(file);
            settings.setWindowLayout(Settings::WindowRole::Live, layout("live", 900, 2));
            settings.setWindowLayout(Settings::WindowRole::Replay, layout("replay", 3600, 4));
        }
        Settings settings(file);
        QCOMPARE(settings.windowLayout(Settings::WindowRole::Live), layout("live", 900, 2));
        QCOMPARE(settings.windowLayout(Settings::WindowRole::Replay), layout("replay", 3600, 4));
        QCOMPARE(settings.value(QStringLiteral("window/geometry")).toByteArray(), QByteArray("live-geometry"));
        QCOMPARE(settings.value(QStringLiteral("window/current_view")).toInt(), 2);
        QCOMPARE(settings.value(QStringLiteral("replay_window/current_view")).toInt(), 4);
    }

    void savingTheSameLayoutChangesNothing()
    {
        Settings settings(m_dir.filePath(QStringLiteral("same.ini")));
        QSignalSpy changes(&settings, &Settings::changed);
        settings.setWindowLayout(Settings::WindowRole::Live, layout("live", 900, 2));
        QCOMPARE(changes.size(), 7);
        changes.clear();
        settings.setWindowLayout(Settings::WindowRole::Live, layout("live", 900, 2));
        QCOMPARE(changes.size(), 0);
        WindowLayout moved = layout("live", 900, 2);
        moved.currentView = 3;
        settings.setWindowLayout(Settings::WindowRole::Live, moved);
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes.first().first().toString(), QStringLiteral("window/current_view"));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
