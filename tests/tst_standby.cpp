// Reads from a hot standby (DESIGN.md section 5): the figures read on the streaming standby that
// scripts/test starts equal those computed on the primary once replay has caught up, whatever the
// order in which the primary's transactions commit; the replay lag is measured and a standby that
// stops replaying is said to be behind.

#include "engine.h"
#include "farmreader.h"
#include "figures.h"
#include "freshness.h"
#include "pgerror.h"
#include "testdatabase.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QtTest>

using namespace Paddock;
using namespace Paddock::Test;

namespace {

QString standbyConninfo(const QString& database)
{
    return QStringLiteral("host=127.0.0.1 port=%1 dbname=%2")
        .arg(QString::fromLocal8Bit(qgetenv("PADDOCK_STANDBY_PORT")), database);
}

// Waits until the standby has replayed every transaction the primary has committed so far: a
// marker committed now is replayed after them. (LSNs would not do: the private cluster commits
// asynchronously, and an insert position on a page boundary is never reached by replay.)
bool caughtUp(PgConnection& primary, PgConnection& standby, int timeoutMs = 20000)
{
    primary.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS public.replay_marker (n bigint GENERATED ALWAYS AS "
                                "IDENTITY)"));
    const qint64 marker = primary.exec(QStringLiteral("INSERT INTO public.replay_marker DEFAULT VALUES RETURNING n"))
                              .integer(0, 0)
                              .value_or(0);
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        try {
            if (call(standby, QStringLiteral("SELECT count(*) FROM public.replay_marker WHERE n = $1"), { marker })
                == 1)
                return true;
        } catch (const PgError& error) {
            if (error.sqlState() != QLatin1String("42P01")) // the table is not there yet
                throw;
        }
        QTest::qWait(20);
    }
    return false;
}

// A session on the standby's copy of the test's database, once the standby has created it.
PgConnection openStandby(const QString& database, int timeoutMs = 20000)
{
    PgConnection cluster = PgConnection::open(standbyConninfo(QStringLiteral("postgres")));
    QElapsedTimer timer;
    timer.start();
    while (!cluster.exec(QStringLiteral("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)"), { database })
                .boolean(0, 0)
                .value_or(false)) {
        if (timer.elapsed() > timeoutMs)
            throw PgError(QStringLiteral("the standby did not replay the creation of %1").arg(database));
        QTest::qWait(20);
    }
    return PgConnection::open(standbyConninfo(database));
}

// One transaction of one writer session: left open across several steps of the test.
struct Writer {
    PgConnection session;
    bool open = false;
};

QSet<qint64> ids(PgConnection& connection, const QString& sql)
{
    QSet<qint64> result;
    const PgResult rows = connection.exec(sql);
    for (int r = 0; r < rows.rows(); ++r)
        result.insert(rows.integer(r, 0).value_or(0));
    return result;
}

QSet<qint64> readTaskIds(const FarmData& data)
{
    QSet<qint64> result;
    for (const TaskRow& task : data.tasks)
        result.insert(task.id);
    return result;
}

QSet<QPair<qint64, qint64>> readDeliveries(const FarmData& data)
{
    QSet<QPair<qint64, qint64>> result;
    for (const DeliveryRow& delivery : data.deliveries)
        result.insert({ delivery.taskId, delivery.serverId });
    return result;
}

} // namespace

class TestStandby : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!Test::requireCluster())
            return;
        QVERIFY2(!qEnvironmentVariableIsEmpty("PADDOCK_STANDBY_PORT"),
            "PADDOCK_STANDBY_PORT is not set: run the tests with scripts/test, which starts a streaming standby");
    }

    // The premise: on a standby, pg_current_snapshot() does not list the primary's open
    // transactions, so a watermark made of it alone takes a late commit as seen.
    void standbySnapshotDoesNotListOpenTransactions()
    {
        TestDatabase db;
        PgConnection primary = db.connect();
        PgConnection open = db.connect();
        open.exec(QStringLiteral("BEGIN"));
        const QString xid = open.exec(QStringLiteral("SELECT pg_current_xact_id()::text")).text(0, 0);
        open.exec(QStringLiteral("INSERT INTO webfarm.storage (name, kind, location) VALUES ('open', 'local', 'x')"));
        // A later transaction commits first: the open one is now below the snapshots' xmax.
        primary.exec(
            QStringLiteral("INSERT INTO webfarm.storage (name, kind, location) VALUES ('late', 'local', 'x')"));
        PgConnection standby = openStandby(db.name());
        QVERIFY(caughtUp(primary, standby));
        QVERIFY(standby.exec(QStringLiteral("SELECT pg_is_in_recovery()")).boolean(0, 0).value_or(false));
        QCOMPARE(
            primary.exec(QStringLiteral("SELECT $1::xid8 IN (SELECT pg_snapshot_xip(pg_current_snapshot()))"), { xid })
                .boolean(0, 0),
            std::optional<bool>(true));
        QCOMPARE(
            standby.exec(QStringLiteral("SELECT count(*) FROM pg_snapshot_xip(pg_current_snapshot())")).integer(0, 0),
            std::optional<qint64>(0));
        QCOMPARE(standby.exec(QStringLiteral("SELECT pg_xact_status($1::xid8)"), { xid }).text(0, 0),
            QStringLiteral("in progress"));
        open.exec(QStringLiteral("ROLLBACK"));
    }

    // Writers whose transactions commit in another order than they began, a reader on the
    // standby refreshing in between (caught up or not): at the end, every row once.
    void outOfOrderCommitsReadExactlyOnStandby()
    {
        TestDatabase db;
        PgConnection primary = db.connect();
        QList<qint64> servers;
        for (int i = 1; i <= 4; ++i)
            servers.append(call(primary, QStringLiteral("SELECT webfarm.register_server($1, NULL, 'h', 'z', '1')"),
                { QStringLiteral("web-%1").arg(i) }));
        std::vector<Writer> writers;
        writers.reserve(4);
        for (int i = 0; i < 4; ++i)
            writers.push_back({ db.connect(), false });
        PgConnection standby = openStandby(db.name());
        QVERIFY(caughtUp(primary, standby));
        FarmReader reader(600);
        reader.refresh(standby);

        QRandomGenerator random(20261130);
        int lateCommits = 0;
        for (int step = 0; step < 160; ++step) {
            // Each writer plays one instance, so that no open transaction holds a row another waits for.
            const int index = random.bounded(int(writers.size()));
            Writer& writer = writers[index];
            const qint64 me = servers.at(index);
            if (!writer.open) {
                writer.session.exec(QStringLiteral("BEGIN"));
                writer.open = true;
            }
            switch (random.bounded(4)) {
            case 0:
                writer.session.exec(QStringLiteral("SELECT webfarm.create_task($1, 'REMOVE_CACHE_ITEM', 'k')"), { me });
                break;
            case 1:
                // Complete one pending delivery: the one another open writer may still be creating is not seen.
                writer.session.exec(QStringLiteral("SELECT webfarm.complete_task($1, t.task_id, $2) FROM "
                                                   "webfarm.fetch_tasks($1, 1) t"),
                    { me, random.bounded(5) == 0 ? QVariant(QStringLiteral("failed")) : QVariant() });
                break;
            case 2:
                writer.session.exec(
                    QStringLiteral("SELECT webfarm.heartbeat($1, clock_timestamp(), 10, 5, 1)"), { me });
                break;
            default:
                writer.session.exec(QStringLiteral("SELECT webfarm.log_event($1, 'INFO', 'step')"), { me });
                break;
            }
            // Commit some writers now and leave others open: later commits of earlier transactions.
            for (Writer& other : writers) {
                if (other.open && random.bounded(3) == 0) {
                    lateCommits += &other != &writer ? 1 : 0;
                    other.session.exec(QStringLiteral("COMMIT"));
                    other.open = false;
                }
            }
            const bool replayed = random.bounded(2) == 0;
            if (replayed)
                QVERIFY(caughtUp(primary, standby));
            reader.refresh(standby);
            if (replayed)
                QCOMPARE(Test::backlogOf(reader.data().backlog), Test::backlogInDatabase(primary));
        }
        for (Writer& writer : writers) {
            if (writer.open)
                writer.session.exec(QStringLiteral("COMMIT"));
        }
        QVERIFY(lateCommits > 20);
        QVERIFY(caughtUp(primary, standby));
        const ReadDelta last = reader.refresh(standby);
        QVERIFY(!last.initial);

        const FarmData& data = reader.data();
        QVERIFY(data.standby);
        QCOMPARE(Test::backlogOf(data.backlog), Test::backlogInDatabase(primary));
        QCOMPARE(reader.pendingCounts().walks(), 1);
        QCOMPARE(readTaskIds(data), ids(primary, QStringLiteral("SELECT id FROM webfarm.task")));
        QCOMPARE(data.tasks.size(), call(primary, QStringLiteral("SELECT count(*) FROM webfarm.task")));
        QSet<QPair<qint64, qint64>> processed;
        const PgResult rows = primary.exec(
            QStringLiteral("SELECT task_id, server_id FROM webfarm.server_task WHERE processed_at IS NOT NULL"));
        for (int r = 0; r < rows.rows(); ++r)
            processed.insert({ rows.integer(r, 0).value_or(0), rows.integer(r, 1).value_or(0) });
        QVERIFY(processed.size() > 10);
        QCOMPARE(readDeliveries(data), processed);
        QCOMPARE(data.deliveries.size(), processed.size());
        QCOMPARE(data.heartbeats.size(), call(primary, QStringLiteral("SELECT count(*) FROM webfarm.heartbeat")));

        // The figures on the standby equal those of a fresh read of the primary.
        FarmReader truth(600);
        truth.refresh(primary);
        const FarmSnapshot onStandby = Figures::compute(data, 600);
        const FarmSnapshot onPrimary = Figures::compute(truth.data(), 600);
        QCOMPARE(onStandby.farm.tasksCreated, onPrimary.farm.tasksCreated);
        QCOMPARE(onStandby.farm.deliveriesProcessed, onPrimary.farm.deliveriesProcessed);
        QCOMPARE(onStandby.farm.deliveriesFailed, onPrimary.farm.deliveriesFailed);
        QCOMPARE(onStandby.farm.backlog, onPrimary.farm.backlog);
        QCOMPARE(onStandby.farm.backlog,
            call(primary, QStringLiteral("SELECT count(*) FROM webfarm.server_task WHERE processed_at IS NULL")));
        QCOMPARE(onStandby.farm.cacheLatency.count, onPrimary.farm.cacheLatency.count);
        QCOMPARE(onStandby.farm.cacheLatency.p95, onPrimary.farm.cacheLatency.p95);
        QCOMPARE(onStandby.servers.size(), onPrimary.servers.size());
        for (int i = 0; i < onStandby.servers.size(); ++i) {
            QCOMPARE(onStandby.servers.at(i).server.name, onPrimary.servers.at(i).server.name);
            QCOMPARE(onStandby.servers.at(i).backlog, onPrimary.servers.at(i).backlog);
            QCOMPARE(onStandby.servers.at(i).deliveriesProcessed, onPrimary.servers.at(i).deliveriesProcessed);
            QCOMPARE(onStandby.servers.at(i).deliveriesFailed, onPrimary.servers.at(i).deliveriesFailed);
        }
        // Nothing is still waited for once every writer has committed and replay has caught up
        // (the open list only keeps transactions that may still write).
        QVERIFY2(reader.openTransactions().size() < 8, qPrintable(QString::number(reader.openTransactions().size())));
    }

    // One multi-host string that prefers the standby: the engine reads there, and a flush still
    // goes to the primary (target_session_attrs=read-write for the flush session).
    void engineReadsTheStandbyAndFlushesOnThePrimary()
    {
        TestDatabase db;
        PgConnection primary = db.connect();
        call(primary, QStringLiteral("SELECT webfarm.register_server('web-1', NULL, 'h', 'z', '1')"));
        call(primary, QStringLiteral("SELECT webfarm.register_server('web-2', NULL, 'h', 'z', '1')"));
        PgConnection standby = openStandby(db.name());
        QVERIFY(caughtUp(primary, standby));

        EngineSettings settings;
        settings.conninfo = QStringLiteral("host=127.0.0.1,127.0.0.1 port=%1,%2 dbname=%3 "
                                           "target_session_attrs=prefer-standby")
                                .arg(QString::fromLocal8Bit(qgetenv("PADDOCK_STANDBY_PORT")),
                                    QString::fromLocal8Bit(qgetenv("PGPORT")), db.name());
        settings.pollIntervalMs = 200;
        Engine engine(settings);
        QSignalSpy flushed(&engine, &Engine::flushDone);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(engine.lastUpdate().sequence > 0, 15000);
        QVERIFY(engine.lastUpdate().snapshot.standby);
        QVERIFY(engine.lastUpdate().snapshot.replayLagMs.has_value());

        engine.requestFlush({ QStringLiteral("farm"), {}, {}, QStringLiteral("from the standby's window") });
        QTRY_COMPARE_WITH_TIMEOUT(flushed.size(), 1, 15000);
        QCOMPARE(flushed.first().at(2).toString(), QString());
        const qint64 flushId = flushed.first().at(1).toLongLong();
        QVERIFY(flushId > 0);
        QCOMPARE(
            call(primary, QStringLiteral("SELECT count(*) FROM webfarm.flush_request WHERE id = $1"), { flushId }), 1);
        // The flush replays to the standby, and the window shows it there.
        QTRY_VERIFY_WITH_TIMEOUT(!engine.lastUpdate().snapshot.flushes.isEmpty(), 15000);
        QCOMPARE(engine.lastUpdate().snapshot.flushes.first().request.id, flushId);
    }

    // `report` on a standby says so, and counts the replay lag into the data's age.
    void reportSaysItReadTheStandby()
    {
        TestDatabase db;
        PgConnection primary = db.connect();
        call(primary, QStringLiteral("SELECT webfarm.register_server('web-1', NULL, 'h', 'z', '1')"));
        PgConnection standby = openStandby(db.name());
        QVERIFY(caughtUp(primary, standby));
        const ProgramRun run = runProgram(QStringLiteral(PADDOCK_PATH),
            { QStringLiteral("report"), QStringLiteral("--json"), QStringLiteral("--connect"), db.conninfo(),
                QStringLiteral("--read-connect"), standbyConninfo(db.name()) });
        QVERIFY2(run.exitCode == 0 || run.exitCode == 2, qPrintable(run.err)); // a server without heartbeat
        const QJsonObject source = QJsonDocument::fromJson(run.out.toUtf8()).object().value(u"source").toObject();
        QCOMPARE(source.value(u"standby").toBool(), true);
        QVERIFY(source.value(u"replay_lag_s").isDouble());
        QVERIFY(source.value(u"data_age_s").toDouble() >= source.value(u"replay_lag_s").toDouble());
    }

    // A standby whose replay stops: the lag grows with the clock, the data is behind since the
    // last replayed commit, and catching up brings the lag back to 0.
    void replayLagIsMeasuredAndBehindIsSaid()
    {
        TestDatabase db;
        PgConnection primary = db.connect();
        const qint64 server
            = call(primary, QStringLiteral("SELECT webfarm.register_server('web-1', NULL, 'h', 'z', '1')"));
        PgConnection standby = openStandby(db.name());
        QVERIFY(caughtUp(primary, standby));
        FarmReader reader(600);
        reader.refresh(standby);
        // Caught up: 0 once the standby has replayed all it received (a record received a
        // moment before it is replayed counts the time since the last replayed commit).
        QTRY_VERIFY_WITH_TIMEOUT(
            (reader.refresh(standby), reader.data().replayLagMs == std::optional<qint64>(0)), 10000);

        standby.exec(QStringLiteral("SELECT pg_wal_replay_pause()"));
        auto resume = qScopeGuard([&] { standby.exec(QStringLiteral("SELECT pg_wal_replay_resume()")); });
        const QDateTime paused = QDateTime::currentDateTimeUtc();
        // The primary keeps writing; the standby receives it and does not replay it.
        qint64 lagMs = 0;
        QElapsedTimer timer;
        timer.start();
        while (lagMs < 2500 && timer.elapsed() < 20000) {
            primary.exec(QStringLiteral("SELECT webfarm.heartbeat($1, clock_timestamp())"), { server });
            QTest::qWait(100);
            reader.refresh(standby);
            lagMs = reader.data().replayLagMs.value_or(0);
        }
        QVERIFY2(lagMs >= 2500, qPrintable(QString::number(lagMs)));
        // The last replayed commit was before the pause: the lag counts at least from there.
        QVERIFY(lagMs >= paused.msecsTo(QDateTime::currentDateTimeUtc()) - 500);

        Freshness::Input input;
        input.state.state = ConnectionState::State::Connected;
        input.haveData = true;
        input.lastDataAt = QDateTime::currentDateTimeUtc();
        input.now = input.lastDataAt;
        input.deadlineMs = 2000;
        input.replayLagMs = lagMs;
        const Freshness freshness(input);
        QVERIFY(freshness.isUnknown());
        QVERIFY(freshness.isStale());
        QVERIFY2(freshness.banner().contains(QStringLiteral("behind since")), qPrintable(freshness.banner()));
        QVERIFY(freshness.dataAgeS() >= lagMs / 1000.0);

        standby.exec(QStringLiteral("SELECT pg_wal_replay_resume()"));
        resume.dismiss();
        QVERIFY(caughtUp(primary, standby));
        reader.refresh(standby);
        // Caught up: 0 once the standby has replayed all it received (a record received a
        // moment before it is replayed counts the time since the last replayed commit).
        QTRY_VERIFY_WITH_TIMEOUT(
            (reader.refresh(standby), reader.data().replayLagMs == std::optional<qint64>(0)), 10000);
        QCOMPARE(
            reader.data().heartbeats.size(), call(primary, QStringLiteral("SELECT count(*) FROM webfarm.heartbeat")));
    }
};

QTEST_GUILESS_MAIN(TestStandby)
#include "tst_standby.moc"
