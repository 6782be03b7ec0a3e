#include "mainwindow.h"
#include "settings.h"
#include "trayalerts.h"

#include <QAction>
#include <QMenu>
#include <QTemporaryDir>
#include <QtTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

// What the desktop would have been shown.
class RecordingNotifier : public AlertNotifier {
public:
    void showStatus(const QIcon& icon, const QString& toolTip) override
    {
        this->icon = icon;
        this->toolTip = toolTip;
        ++statusShown;
    }
    void setMenu(QMenu* menu) override { this->menu = menu; }
    void notify(const AlertPolicy::Notification& notification) override { shown.append(notification); }
    void click() { Q_EMIT notificationClicked(); }

    QList<AlertPolicy::Notification> shown;
    QIcon icon;
    QString toolTip;
    QMenu* menu = nullptr;
    int statusShown = 0;
};

const QDateTime At(QDate(2026, 11, 22), QTime(10, 0, 30), Qt::UTC);

// web-01 … web-NN, healthy but for those in `down`, which last sent a heartbeat 30 s ago.
EngineUpdate farm(int servers, const QList<int>& down, quint64 sequence)
{
    EngineUpdate update;
    update.sequence = sequence;
    update.snapshot.generatedAt = At;
    update.snapshot.farm.servers = servers;
    for (int i = 1; i <= servers; ++i) {
        ServerFigures figures;
        figures.server.id = i;
        figures.server.name = u"web-%1"_s.arg(i, 2, 10, QLatin1Char('0'));
        figures.server.zone = u"zone-a"_s;
        figures.status = down.contains(i) ? ServerStatus::NotResponding : ServerStatus::Healthy;
        figures.lastHeartbeatAgeS = down.contains(i) ? 30.0 : 1.0;
        update.snapshot.servers.append(figures);
        update.serverNames.insert(i, figures.server.name);
        ++update.snapshot.farm.byStatus[statusName(figures.status)];
    }
    return update;
}

ConnectionState connection(ConnectionState::State state)
{
    ConnectionState result;
    result.state = state;
    result.since = At;
    return result;
}

} // namespace

class TestTrayAlerts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_settings = std::make_unique<Settings>(m_config.filePath(u"alerts.ini"_s));
        m_window = std::make_unique<MainWindow>(m_settings.get());
        m_window->resize(1200, 800);
        auto notifier = std::make_unique<RecordingNotifier>();
        m_notifier = notifier.get();
        m_window->alerts()->setNotifier(std::move(notifier));
        m_window->alerts()->watch(true);
        m_window->applyConnectionState(connection(ConnectionState::State::Connected));
        m_window->applyUpdate(farm(3, {}, 1));
    }

    void cleanup()
    {
        m_window.reset();
        m_settings.reset();
    }

    // An instance stops responding: one notification saying since when; its click brings the
    // window forward, restored, on that instance. The icon's tooltip is the farm's summary.
    void anInstanceStopsResponding()
    {
        QVERIFY(m_notifier->shown.isEmpty());
        QCOMPARE(m_window->alerts()->level(), AlertPolicy::Level::Healthy);
        m_window->showMinimized();
        m_window->applyUpdate(farm(3, { 2 }, 2));
        QCOMPARE(m_notifier->shown.size(), 1);
        const QString lastHeartbeat = At.addSecs(-30).toLocalTime().toString(u"HH:mm:ss"_s);
        QCOMPARE(
            m_notifier->shown.first().message, u"web-02 stopped responding (last heartbeat %1)"_s.arg(lastHeartbeat));
        QCOMPARE(m_notifier->shown.first().kind, AlertPolicy::Notification::Kind::Worse);
        QCOMPARE(m_window->alerts()->level(), AlertPolicy::Level::Failing);
        QCOMPARE(m_notifier->toolTip, u"Paddock: 3 instances, 2 healthy, 1 not-responding"_s);
        QVERIFY(!m_notifier->icon.isNull());
        // The same farm again: the tray is not given the same icon anew.
        const int shown = m_notifier->statusShown;
        m_window->applyUpdate(farm(3, { 2 }, 3));
        QCOMPARE(m_notifier->statusShown, shown);

        m_notifier->click();
        QVERIFY(m_window->isVisible());
        QTRY_VERIFY(!m_window->isMinimized());
        QCOMPARE(m_window->selectedServers(), QSet<qint64> { 2 });

        m_window->hide();
        m_window->applyUpdate(farm(3, {}, 4)); // within the minute: held back
        QCOMPARE(m_notifier->shown.size(), 1);
    }

    // Twelve at once are one notification that selects the twelve.
    void manyAtOnceAreOne()
    {
        m_window->applyUpdate(farm(14, {}, 2));
        QList<int> down;
        for (int i = 1; i <= 12; ++i)
            down.append(i);
        m_window->applyUpdate(farm(14, down, 3));
        QCOMPARE(m_notifier->shown.size(), 1);
        QCOMPARE(m_notifier->shown.first().message,
            u"12 instances stopped responding: web-01, web-02, web-03, web-04, web-05, \u2026"_s);
        m_notifier->click();
        QCOMPARE(m_window->selectedServers().size(), 12);
    }

    void theDatabaseStopsAnsweringAndRecovers()
    {
        m_window->applyConnectionState(connection(ConnectionState::State::NotAnswering));
        QCOMPARE(m_notifier->shown.size(), 1);
        QCOMPARE(m_notifier->shown.last().message,
            u"The database stopped answering (last heard from %1)"_s.arg(At.toLocalTime().toString(u"HH:mm:ss"_s)));
        QCOMPARE(m_window->alerts()->level(), AlertPolicy::Level::Unknown);
        QVERIFY(m_notifier->toolTip.contains(u"the database stopped answering"_s));
        // Back within the minute: held back, then told once the minute is up (the next observation
        // after it); here the test only checks that it is not lost nor told early.
        m_window->applyConnectionState(connection(ConnectionState::State::Connected));
        QCOMPARE(m_notifier->shown.size(), 1);
    }

    // Someone looking at the window sees the change there.
    void quietWhileTheWindowIsActive()
    {
        m_window->show();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        m_window->applyUpdate(farm(3, { 3 }, 2));
        QVERIFY(m_notifier->shown.isEmpty());
        QCOMPARE(m_window->alerts()->level(), AlertPolicy::Level::Failing);
    }

    void mutedForAnHour()
    {
        QAction* mute = m_window->alerts()->muteAction();
        QVERIFY(m_notifier->menu);
        QVERIFY(m_notifier->menu->actions().contains(mute));
        mute->trigger();
        QVERIFY(m_window->alerts()->isMuted());
        m_window->applyUpdate(farm(3, { 1 }, 2));
        QVERIFY(m_notifier->shown.isEmpty());
        QVERIFY(m_notifier->toolTip.contains(u"alerts muted until"_s));
        mute->trigger();
        QVERIFY(!m_window->alerts()->isMuted());
    }

    // A profile with alerts off keeps the icon and its colour, without notifications.
    void offForTheProfile()
    {
        m_window->alerts()->watch(false);
        m_window->applyUpdate(farm(3, {}, 2));
        m_window->applyUpdate(farm(3, { 1 }, 3));
        QVERIFY(m_notifier->shown.isEmpty());
        QCOMPARE(m_window->alerts()->level(), AlertPolicy::Level::Failing);
        QVERIFY(m_notifier->toolTip.contains(u"alerts off"_s));
    }

    // A recorded state is history: a replay window says nothing.
    void recordingsAreNotNews()
    {
        EngineUpdate recorded = farm(3, { 1, 2 }, 2);
        recorded.origin = EngineUpdate::Origin::Recording;
        m_window->applyUpdate(recorded);
        QVERIFY(m_notifier->shown.isEmpty());
        m_window->alerts()->stop();
        QVERIFY(!m_window->alerts()->isWatching());
        m_window->applyUpdate(farm(3, { 1, 2, 3 }, 3));
        QVERIFY(!m_window->alerts()->isWatching());
    }

    void quitFromTheTray()
    {
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        const QList<QAction*> actions = m_window->alerts()->menu()->actions();
        QStringList texts;
        for (const QAction* action : actions)
            texts.append(action->text());
        QCOMPARE(texts, (QStringList { u"&Show Paddock"_s, u"&Mute alerts for 1 h"_s, QString(), u"&Quit"_s }));
        actions.last()->trigger();
        QVERIFY(!m_window->isVisible());
    }

private:
    QTemporaryDir m_config;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    RecordingNotifier* m_notifier = nullptr;
};

QTEST_MAIN(TestTrayAlerts)
#include "tst_trayalerts.moc"
