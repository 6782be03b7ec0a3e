#include "engine.h"
#include "pgconnection.h"
#include "testdatabase.h"

#include <QSignalSpy>
#include <QtTest>

using namespace Paddock;
using Paddock::Test::call;
using Paddock::Test::controlCluster;
using Paddock::Test::TestDatabase;

namespace {

EngineSettings settingsFor(const TestDatabase& db)
{
    EngineSettings settings;
    settings.conninfo = db.conninfo();
    settings.windowS = 600;
    settings.initialBackoffMs = 100;
    settings.maxBackoffMs = 1000;
    return settings;
}

// Waits for the engine to report a state; the spy keeps every state it went through.
bool waitForState(QSignalSpy& spy, ConnectionState::State state, int timeoutMs)
{
    auto seen = [&] {
        for (const QList<QVariant>& args : std::as_const(spy)) {
            if (args.at(0).value<ConnectionState>().state == state)
                return true;
        }
        return false;
    };
    QElapsedTimer timer;
    timer.start();
    while (!seen()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        spy.wait(std::max<int>(1, timeoutMs - int(timer.elapsed())));
    }
    return true;
}

} // namespace

class TestEngine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { Test::requireCluster(); }

    void notificationsAloneDeliverUpdates()
    {
        TestDatabase db;
        PgConnection writer = db.connect();
        const qint64 a = call(writer, QStringLiteral("SELECT webfarm.register_server('a', NULL, NULL, 'z', NULL)"));

        EngineSettings settings = settingsFor(db);
        settings.pollIntervalMs = 3600 * 1000; // polling would never come in time
        Engine engine(settings);
        QSignalSpy updates(&engine, &Engine::updated);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(updates.size() >= 1, 10000);
        QVERIFY(engine.connectionState().notifications);

        // The registration above closed the notification gate for 100 ms; open it so that the
        // heartbeat notifies whenever it comes.
        writer.exec(QStringLiteral("SELECT setval('webfarm.notify_tick', 1)"));
        writer.exec(QStringLiteral("SELECT webfarm.heartbeat($1, clock_timestamp(), 10, 5, 1)"), { a });
        QTRY_VERIFY_WITH_TIMEOUT(engine.lastUpdate().snapshot.servers.value(0).lastHeartbeatAgeS.has_value(), 10000);
    }

    void pollingAloneDeliversUpdates()
    {
        TestDatabase db;
        PgConnection writer = db.connect();
        const qint64 a = call(writer, QStringLiteral("SELECT webfarm.register_server('a', NULL, NULL, 'z', NULL)"));

        EngineSettings settings = settingsFor(db);
        settings.useNotifications = false;
        settings.pollIntervalMs = 200;
        Engine engine(settings);
        QSignalSpy updates(&engine, &Engine::updated);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(updates.size() >= 1, 10000);
        QVERIFY(!engine.connectionState().notifications);

        writer.exec(QStringLiteral("SELECT webfarm.heartbeat($1, clock_timestamp(), 10, 5, 1)"), { a });
        QTRY_VERIFY_WITH_TIMEOUT(engine.lastUpdate().snapshot.servers.value(0).lastHeartbeatAgeS.has_value(), 10000);
    }

    void recoversFromATerminatedSessionAndBackfills()
    {
        TestDatabase db;
        PgConnection writer = db.connect();
        const qint64 a = call(writer, QStringLiteral("SELECT webfarm.register_server('a', NULL, NULL, 'z', NULL)"));
        const qint64 b = call(writer, QStringLiteral("SELECT webfarm.register_server('b', NULL, NULL, 'z', NULL)"));

        EngineSettings settings = settingsFor(db);
        settings.pollIntervalMs = 200;
        // The first reconnect waits long enough for the test to write while the engine is away.
        settings.initialBackoffMs = 1500;
        Engine engine(settings);
        QSignalSpy states(&engine, &Engine::connectionStateChanged);
        QSignalSpy updates(&engine, &Engine::updated);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(updates.size() >= 1, 10000);

        const qint64 killed = call(writer,
            QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND "
                           "application_name = 'paddock'"),
            { db.name() });
        QCOMPARE(killed, 1);
        QVERIFY(waitForState(states, ConnectionState::State::Reconnecting, 10000));
        const ConnectionState lost = engine.connectionState();
        QVERIFY(lost.since.isValid());
        QVERIFY(!lost.error.isEmpty());

        // Written while the engine is disconnected: it must show them after recovery.
        for (int i = 0; i < 5; ++i) {
            const qint64 task
                = call(writer, QStringLiteral("SELECT webfarm.create_task($1, 'TOUCH_CACHE_ITEM', 'k')"), { a });
            writer.exec(QStringLiteral("SELECT webfarm.complete_task($1, $2)"), { b, task });
        }
        states.clear();
        QVERIFY(waitForState(states, ConnectionState::State::Connected, 20000));
        QTRY_COMPARE_WITH_TIMEOUT(engine.lastUpdate().snapshot.farm.deliveriesProcessed, 5, 10000);
        QCOMPARE(engine.lastUpdate().snapshot.farm.tasksCreated, 5);
        // The gap is in the per-second series too, each delivery once.
        const TimeSeries* farm = engine.history().series(FarmHistory::farmScope());
        QVERIFY(farm);
        qint64 processed = 0;
        for (const SeriesBucket& bucket : farm->range(0, std::numeric_limits<qint64>::max()))
            processed += bucket.processed;
        QCOMPARE(processed, 5);
    }

    void recoversFromAServerRestart()
    {
        if (!Test::requireCluster(Test::Cluster::Private))
            return;

        TestDatabase db;
        qint64 a = 0;
        qint64 b = 0;
        {
            PgConnection writer = db.connect();
            a = call(writer, QStringLiteral("SELECT webfarm.register_server('a', NULL, NULL, 'z', NULL)"));
            b = call(writer, QStringLiteral("SELECT webfarm.register_server('b', NULL, NULL, 'z', NULL)"));
        }
        EngineSettings settings = settingsFor(db);
        settings.pollIntervalMs = 200;
        Engine engine(settings);
        QSignalSpy states(&engine, &Engine::connectionStateChanged);
        QSignalSpy updates(&engine, &Engine::updated);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(updates.size() >= 1, 10000);

        QString error;
        QVERIFY2(controlCluster(QStringLiteral("restart"), &error), qPrintable(error));

        QVERIFY(waitForState(states, ConnectionState::State::Reconnecting, 20000));
        PgConnection writer = db.connect();
        const qint64 task
            = call(writer, QStringLiteral("SELECT webfarm.create_task($1, 'TOUCH_CACHE_ITEM', 'k')"), { a });
        writer.exec(QStringLiteral("SELECT webfarm.complete_task($1, $2)"), { b, task });
        QVERIFY(waitForState(states, ConnectionState::State::Connected, 30000));
        QTRY_COMPARE_WITH_TIMEOUT(engine.lastUpdate().snapshot.farm.deliveriesProcessed, 1, 10000);
    }

    void statementTimeoutIsReportedAndTheEngineCarriesOn()
    {
        TestDatabase db;
        PgConnection writer = db.connect();
        const qint64 a = call(writer, QStringLiteral("SELECT webfarm.register_server('a', NULL, NULL, 'z', NULL)"));

        EngineSettings settings = settingsFor(db);
        settings.pollIntervalMs = 200;
        settings.statementTimeoutMs = 500;
        Engine engine(settings);
        QSignalSpy updates(&engine, &Engine::updated);
        QSignalSpy failures(&engine, &Engine::refreshFailed);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(updates.size() >= 1, 10000);

        PgConnection locker = db.connect();
        locker.exec(QStringLiteral("BEGIN"));
        locker.exec(QStringLiteral("LOCK TABLE webfarm.server IN ACCESS EXCLUSIVE MODE"));
        QVERIFY(failures.wait(10000));
        QVERIFY2(failures.first().at(0).toString().contains(QLatin1String("statement timeout")),
            qPrintable(failures.first().at(0).toString()));
        QCOMPARE(engine.connectionState().state, ConnectionState::State::Connected);
        locker.exec(QStringLiteral("ROLLBACK"));

        writer.exec(QStringLiteral("SELECT webfarm.heartbeat($1, clock_timestamp())"), { a });
        QTRY_VERIFY_WITH_TIMEOUT(engine.lastUpdate().snapshot.servers.value(0).lastHeartbeatAgeS.has_value(), 10000);
    }

    void burstOfNotificationsIsCoalesced()
    {
        TestDatabase db;
        PgConnection writer = db.connect();
        const qint64 a = call(writer, QStringLiteral("SELECT webfarm.register_server('a', NULL, NULL, 'z', NULL)"));
        call(writer, QStringLiteral("SELECT webfarm.register_server('b', NULL, NULL, 'z', NULL)"));

        EngineSettings settings = settingsFor(db);
        settings.pollIntervalMs = 3600 * 1000;
        settings.minRefreshIntervalMs = 1000;
        Engine engine(settings);
        QSignalSpy updates(&engine, &Engine::updated);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(updates.size() >= 1, 10000);
        updates.clear();

        // 200 separate transactions within well under a second.
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 200; ++i)
            writer.exec(QStringLiteral("SELECT webfarm.create_task($1, 'TOUCH_CACHE_ITEM', 'k')"), { a });
        const qint64 burstMs = timer.elapsed();
        QTRY_COMPARE_WITH_TIMEOUT(engine.lastUpdate().snapshot.farm.tasksCreated, 200, 15000);
        // At most one refresh per second of burst, plus the one that follows it.
        QVERIFY2(updates.size() <= int(burstMs / 1000) + 3,
            qPrintable(QStringLiteral("%1 updates for a %2 ms burst").arg(updates.size()).arg(burstMs)));
    }

    void deliveryPagesAreReadOnTheEngineThread()
    {
        TestDatabase db;
        PgConnection writer = db.connect();
        const qint64 a = call(writer, QStringLiteral("SELECT webfarm.register_server('a', NULL, NULL, 'z', NULL)"));
        const qint64 b = call(writer, QStringLiteral("SELECT webfarm.register_server('b', NULL, NULL, 'z', NULL)"));
        for (int i = 0; i < 5; ++i)
            writer.exec(QStringLiteral("SELECT webfarm.create_task($1, 'TOUCH_CACHE_ITEM', $2)"),
                { a, QStringLiteral("k%1").arg(i) });
        const qint64 failed = call(writer, QStringLiteral("SELECT webfarm.create_task($1, 'UPDATE_METAFILE', 'f', $2)"),
            { a, QString(500, QLatin1Char('x')) });
        writer.exec(QStringLiteral("SELECT webfarm.complete_task($1, $2, 'disk full')"), { b, failed });

        Engine engine(settingsFor(db));
        QSignalSpy updates(&engine, &Engine::updated);
        QSignalSpy pages(&engine, &Engine::deliveriesReady);
        QSignalSpy texts(&engine, &Engine::fullTextReady);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(updates.size() >= 1, 10000);

        DeliveryQuery pending;
        pending.pageSize = 2;
        pending.page = 1;
        const int first = engine.queryDeliveries(pending);
        DeliveryQuery failures;
        failures.kind = DeliveryQuery::Kind::Failed;
        const int second = engine.queryDeliveries(failures);
        QTRY_COMPARE_WITH_TIMEOUT(pages.size(), 2, 10000);
        QCOMPARE(pages.at(0).at(0).toInt(), first);
        const auto pendingRows = pages.at(0).at(1).value<QList<DeliveryDetailRow>>();
        QCOMPARE(pendingRows.size(), 2);
        QCOMPARE(pendingRows.at(0).target, QStringLiteral("k2")); // oldest first, second page
        QCOMPARE(pages.at(0).at(2).toLongLong(), 5);
        QCOMPARE(pages.at(1).at(0).toInt(), second);
        const auto failedRows = pages.at(1).at(1).value<QList<DeliveryDetailRow>>();
        QCOMPARE(failedRows.size(), 1);
        QCOMPARE(failedRows.at(0).errorMessage, QStringLiteral("disk full"));
        QVERIFY(failedRows.at(0).textDataTruncated);

        engine.queryFullText(failed);
        QVERIFY(texts.wait(10000));
        QCOMPARE(texts.at(0).at(2).toString().size(), 500);
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"