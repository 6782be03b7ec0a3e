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

    // Alerts are on by default; a profile can turn them off for its farm, whatever password was typed.
    void alertsArePerProfile()
    {
        Settings settings(m_dir.filePath(QStringLiteral("alerts.ini")));
        const QString quiet = QStringLiteral("host=db1 dbname=staging");
        QVERIFY(settings.alertsEnabled(quiet));
        ConnectionProfile staging { QStringLiteral("staging"), quiet, false, {}, false };
        ConnectionProfile production { QStringLiteral("production"), QStringLiteral("host=db2 dbname=farm"), false, {},
            true };
        settings.setProfiles({ staging, production });
        QCOMPARE(settings.profiles().size(), 2);
        QCOMPARE(settings.profiles().at(0).alerts, false);
        QCOMPARE(settings.profiles().at(1).alerts, true);
        QVERIFY(!settings.alertsEnabled(quiet));
        QVERIFY(!settings.alertsEnabled(quiet + QStringLiteral(" password=secret")));
        QVERIFY(settings.alertsEnabled(QStringLiteral("host=db2 dbname=farm")));
        QVERIFY(settings.alertsEnabled(QStringLiteral("host=db3 dbname=farm")));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
