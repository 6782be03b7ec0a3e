#include "alertpolicy.h"
#include "displayformat.h"
#include "farmbuilder.h"

#include <QTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

const QDateTime Start(QDate(2026, 11, 22), QTime(14, 2, 20), Qt::UTC);

// A farm in words: "web-01 ok, web-02 nr" (instances: ok, degraded, nr, stopped), "storage media failing
// web-02 web-05" (or "storage media ok"), "db down" (the database does not answer since 14:02:00).
// An instance not responding had its last heartbeat 9 s before the snapshot: at 14:02:11.
AlertPolicy::Observation farm(const QString& words, int atS = 0, bool quiet = false)
{
    AlertPolicy::Observation observation;
    observation.haveSnapshot = true;
    observation.snapshot.generatedAt = Start;
    observation.now = Start.addSecs(atS);
    observation.quiet = quiet;
    const QStringList items = words.split(u", "_s, Qt::SkipEmptyParts);
    for (const QString& item : items) {
        const QStringList parts = item.split(u' ');
        if (parts.first() == u"db"_s) {
            observation.databaseAnswering = parts.at(1) != u"down"_s;
            observation.databaseLastHeard = Start.addSecs(-20);
        } else if (parts.first() == u"storage"_s) {
            StorageFigures storage;
            storage.storage.name = parts.at(1);
            storage.status = parts.at(2) == u"failing"_s ? StorageStatus::Failing : StorageStatus::Ok;
            storage.failingServers = parts.mid(3);
            observation.snapshot.storage.append(storage);
        } else {
            const QString& status = parts.at(1);
            ServerFigures server = Test::serverFigures(parts.first().mid(4).toLongLong(), parts.first(),
                status == u"nr"_s             ? ServerStatus::NotResponding
                    : status == u"degraded"_s ? ServerStatus::Degraded
                    : status == u"stopped"_s  ? ServerStatus::Stopped
                                              : ServerStatus::Healthy);
            server.lastHeartbeatAgeS = status == u"nr"_s ? 9.0 : 1.0;
            observation.snapshot.servers.append(server);
        }
    }
    return observation;
}

QString lastHeartbeat()
{
    return Format::timeOfDay(Start.addSecs(-9));
}

QStringList messagesOf(const QList<AlertPolicy::Notification>& notifications)
{
    QStringList messages;
    for (const AlertPolicy::Notification& n : notifications)
        messages.append(n.message);
    return messages;
}

} // namespace

class TestAlertPolicy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // One step from a baseline: what the desktop is told. {hb} is 14:02:11 and {db} 14:02:00 in
    // local time.
    void transitions_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::addColumn<QStringList>("messages");
        QTest::addColumn<QList<qint64>>("selected"); // of the first notification

        QTest::addRow("nothing changed") << u"web-01 ok, web-02 nr"_s << u"web-01 ok, web-02 nr"_s << QStringList()
                                         << QList<qint64>();
        QTest::addRow("degraded is not an alert")
            << u"web-01 ok"_s << u"web-01 degraded"_s << QStringList() << QList<qint64>();
        QTest::addRow("a stop is not an alert")
            << u"web-01 ok"_s << u"web-01 stopped"_s << QStringList() << QList<qint64>();
        QTest::addRow("one stops responding")
            << u"web-01 ok, web-03 ok"_s << u"web-01 ok, web-03 nr"_s
            << QStringList { u"web-03 stopped responding (last heartbeat {hb})"_s } << QList<qint64> { 3 };
        QTest::addRow("one responds again") << u"web-03 nr"_s << u"web-03 degraded"_s
                                            << QStringList { u"web-03 is responding again"_s } << QList<qint64> { 3 };
        // 12 at once: one notification naming five and "…", selecting all 12.
        QString twelveOk;
        QString twelveDown;
        QList<qint64> twelve;
        for (int i = 1; i <= 12; ++i) {
            twelveOk += u"web-%1 ok, "_s.arg(i, 2, 10, QLatin1Char('0'));
            twelveDown += u"web-%1 nr, "_s.arg(i, 2, 10, QLatin1Char('0'));
            twelve.append(i);
        }
        QTest::addRow("twelve stop responding at once")
            << twelveOk << twelveDown
            << QStringList { u"12 instances stopped responding: web-01, web-02, web-03, web-04, web-05, \u2026"_s }
            << twelve;
        QTest::addRow("storage fails") << u"web-02 ok, web-05 ok, storage media ok"_s
                                       << u"web-02 ok, web-05 ok, storage media failing web-02 web-05"_s
                                       << QStringList { u"Storage media failing on web-02, web-05"_s }
                                       << QList<qint64> { 2, 5 };
        QTest::addRow("storage works again") << u"storage media failing web-02"_s << u"storage media ok"_s
                                             << QStringList { u"Storage media is working again"_s } << QList<qint64>();
        QTest::addRow("the database stops answering")
            << u"web-01 ok"_s << u"web-01 ok, db down"_s
            << QStringList { u"The database stopped answering (last heard from {db})"_s } << QList<qint64>();
        QTest::addRow("the database answers again")
            << u"db down"_s << u"db up"_s << QStringList { u"The database is answering again"_s } << QList<qint64>();
        QTest::addRow("worse news first")
            << u"web-01 nr, web-02 ok, storage media ok"_s << u"web-01 ok, web-02 nr, storage media failing web-02"_s
            << QStringList { u"web-02 stopped responding (last heartbeat {hb})"_s, u"Storage media failing on web-02"_s,
                   u"web-01 is responding again"_s }
            << QList<qint64> { 2 };
        QTest::addRow("a new instance is not news")
            << u"web-01 ok"_s << u"web-01 ok, web-02 nr"_s << QStringList() << QList<qint64>();
    }

    void transitions()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        QFETCH(QStringList, messages);
        QFETCH(QList<qint64>, selected);
        for (QString& message : messages) {
            message.replace(u"{hb}"_s, lastHeartbeat());
            message.replace(u"{db}"_s, Format::timeOfDay(Start.addSecs(-20)));
        }
        AlertPolicy policy;
        QVERIFY(policy.observe(farm(before)).isEmpty()); // the baseline
        const QList<AlertPolicy::Notification> shown = policy.observe(farm(after, 1));
        QCOMPARE(messagesOf(shown), messages);
        if (!shown.isEmpty())
            QCOMPARE(shown.first().serverIds, selected);
    }

    void theBaselineIsNotNews()
    {
        AlertPolicy policy;
        QVERIFY(policy.observe(farm(u"web-01 nr, storage media failing web-01, db down"_s)).isEmpty());
        policy.reset();
        QVERIFY(policy.observe(farm(u"web-01 ok"_s)).isEmpty());
        QCOMPARE(policy.observe(farm(u"web-01 nr"_s, 1)).size(), 1);
    }

    // At most one notification per instance per minute; what was held back is told when the minute
    // is up if it still stands, and not at all if it no longer does.
    void onePerInstancePerMinute()
    {
        AlertPolicy policy;
        policy.observe(farm(u"web-01 ok, web-02 ok"_s, 0));
        QCOMPARE(messagesOf(policy.observe(farm(u"web-01 nr, web-02 ok"_s, 10))),
            QStringList { u"web-01 stopped responding (last heartbeat %1)"_s.arg(lastHeartbeat()) });
        // web-01 flaps back within its minute: held; web-02 has a minute of its own.
        QCOMPARE(messagesOf(policy.observe(farm(u"web-01 ok, web-02 nr"_s, 20))),
            QStringList { u"web-02 stopped responding (last heartbeat %1)"_s.arg(lastHeartbeat()) });
        QVERIFY(policy.observe(farm(u"web-01 nr, web-02 nr"_s, 30)).isEmpty());
        QVERIFY(policy.observe(farm(u"web-01 ok, web-02 nr"_s, 69)).isEmpty());
        // web-01's minute is up and it still responds: now it is told.
        QCOMPARE(messagesOf(policy.observe(farm(u"web-01 ok, web-02 nr"_s, 70))),
            QStringList { u"web-01 is responding again"_s });
        // web-01 is down again and back before anyone is told: nothing to say.
        QVERIFY(policy.observe(farm(u"web-01 nr, web-02 nr"_s, 75)).isEmpty());
        QVERIFY(policy.observe(farm(u"web-01 ok, web-02 nr"_s, 140)).isEmpty());
    }

    // While the window is active (or alerts are off or muted) changes are taken as told: leaving
    // the window does not replay them.
    void quietWhileActive()
    {
        AlertPolicy policy;
        policy.observe(farm(u"web-01 ok"_s, 0));
        QVERIFY(policy.observe(farm(u"web-01 nr"_s, 1, true)).isEmpty());
        QVERIFY(policy.observe(farm(u"web-01 nr"_s, 2)).isEmpty());
        QCOMPARE(messagesOf(policy.observe(farm(u"web-01 ok"_s, 3))), QStringList { u"web-01 is responding again"_s });
    }

    void levelAndSummary()
    {
        QCOMPARE(AlertPolicy::level(farm(u"web-01 ok"_s)), AlertPolicy::Level::Healthy);
        QCOMPARE(AlertPolicy::level(farm(u"web-01 degraded"_s)), AlertPolicy::Level::Degraded);
        QCOMPARE(AlertPolicy::level(farm(u"web-01 nr"_s)), AlertPolicy::Level::Failing);
        QCOMPARE(AlertPolicy::level(farm(u"web-01 ok, db down"_s)), AlertPolicy::Level::Unknown);
        QCOMPARE(AlertPolicy::level(AlertPolicy::Observation()), AlertPolicy::Level::Unknown);
        AlertPolicy::Observation observation = farm(u"web-01 ok, web-02 nr, storage media failing web-02"_s);
        observation.snapshot.farm.servers = 2;
        observation.snapshot.farm.byStatus = { { u"healthy"_s, 1 }, { u"not-responding"_s, 1 }, { u"stopped"_s, 0 } };
        QCOMPARE(
            AlertPolicy::summaryLine(observation), u"2 instances, 1 healthy, 1 not-responding, 1 storage failing"_s);
        QCOMPARE(AlertPolicy::summaryLine(AlertPolicy::Observation()), u"no data yet"_s);
    }
};

QTEST_GUILESS_MAIN(TestAlertPolicy)
#include "tst_alertpolicy.moc"
