#include "farmreader.h"
#include "figures.h"
#include "pgconnection.h"
#include "pgerror.h"
#include "testdatabase.h"

#include <QRandomGenerator>
#include <QSet>
#include <QtTest>

using namespace Paddock;
using Paddock::Test::call;
using Paddock::Test::TestDatabase;

namespace {

QSet<QPair<qint64, qint64>> deliveryKeys(const QList<DeliveryRow>& rows)
{
    QSet<QPair<qint64, qint64>> keys;
    for (const DeliveryRow& row : rows)
        keys.insert({ row.taskId, row.serverId });
    return keys;
}

} // namespace

class TestFarmReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { Test::requireCluster(); }

    // Transaction A starts first (smaller ids, earlier timestamps) and commits last: its rows must
    // still be read, exactly once.
    void lateCommitsAreCountedOnce()
    {
        TestDatabase db;
        PgConnection setup = db.connect();
        const qint64 a = call(setup, QStringLiteral("SELECT webfarm.register_server('a', NULL, NULL, 'z', NULL)"));
        const qint64 b = call(setup, QStringLiteral("SELECT webfarm.register_server('b', NULL, NULL, 'z', NULL)"));

        PgConnection early = db.connect();
        PgConnection late = db.connect();
        PgConnection reading = db.connect();
        FarmReader reader(600);
        reader.refresh(reading);

        early.exec(QStringLiteral("BEGIN"));
        const qint64 earlyTask
            = call(early, QStringLiteral("SELECT webfarm.create_task($1, 'TOUCH_CACHE_ITEM', 'x')"), { a });
        const qint64 lateTask
            = call(late, QStringLiteral("SELECT webfarm.create_task($1, 'TOUCH_CACHE_ITEM', 'y')"), { a });
        QVERIFY(earlyTask < lateTask);
        late.exec(QStringLiteral("SELECT webfarm.complete_task($1, $2)"), { b, lateTask });

        ReadDelta delta = reader.refresh(reading);
        QCOMPARE(delta.tasks.size(), 1);
        QCOMPARE(delta.tasks.first().id, lateTask);
        QCOMPARE(delta.deliveries.size(), 1);

        // The early transaction completes its own delivery too, then commits after the read.
        early.exec(QStringLiteral("COMMIT"));
        early.exec(QStringLiteral("BEGIN"));
        early.exec(QStringLiteral("SELECT webfarm.complete_task($1, $2)"), { b, earlyTask });
        const qint64 third
            = call(late, QStringLiteral("SELECT webfarm.create_task($1, 'REMOVE_CACHE_ITEM', 'z')"), { a });
        late.exec(QStringLiteral("SELECT webfarm.complete_task($1, $2)"), { b, third });
        delta = reader.refresh(reading);
        QCOMPARE(delta.tasks.size(), 2); // earlyTask (committed now) and third
        QCOMPARE(delta.deliveries.size(), 1); // third only: the early completion is not committed
        early.exec(QStringLiteral("COMMIT"));

        delta = reader.refresh(reading);
        QCOMPARE(delta.tasks.size(), 0);
        QCOMPARE(delta.deliveries.size(), 1);
        QCOMPARE(delta.deliveries.first().taskId, earlyTask);

        // Nothing new: nothing read, nothing counted twice.
        delta = reader.refresh(reading);
        QCOMPARE(delta.tasks.size() + delta.deliveries.size(), 0);

        const FarmData& data = reader.data();
        QCOMPARE(data.tasks.size(), 3);
        QCOMPARE(data.deliveries.size(), 3);
        QCOMPARE(deliveryKeys(data.deliveries).size(), 3);
        const FarmSnapshot snapshot = Figures::compute(data, 600);
        QCOMPARE(snapshot.farm.tasksCreated, 3);
        QCOMPARE(snapshot.farm.deliveriesProcessed, 3);
    }

    // Many writers, reads in between: the incremental state equals a fresh full read.
    void incrementalEqualsFullRead()
    {
        TestDatabase db;
        PgConnection setup = db.connect();
        const QList<qint64> servers = Test::registerServers(setup, 4);
        setup.exec(QStringLiteral("SELECT webfarm.register_storage('media', 'local', '/srv')"));

        std::vector<PgConnection> writers;
        writers.reserve(3);
        for (int i = 0; i < 3; ++i)
            writers.push_back(db.connect());
        PgConnection reading = db.connect();
        FarmReader reader(600);
        reader.refresh(reading);

        QRandomGenerator random(1234);
        std::vector<bool> open(writers.size(), false);
        for (int step = 0; step < 300; ++step) {
            const int w = int(random.bounded(int(writers.size())));
            PgConnection& c = writers[w];
            const qint64 server = servers.at(int(random.bounded(servers.size())));
            switch (random.bounded(6)) {
            case 0:
                if (!open[w]) {
                    c.exec(QStringLiteral("BEGIN"));
                    open[w] = true;
                } else {
                    c.exec(QStringLiteral("COMMIT"));
                    open[w] = false;
                }
                break;
            case 1:
                c.exec(QStringLiteral("SELECT webfarm.create_task($1, 'TOUCH_CACHE_ITEM', 't')"), { server });
                break;
            case 2: {
                // Each writer processes its own instance's deliveries, as in a farm: two sessions
                // completing the same delivery would wait on each other's row lock.
                const qint64 own = servers.at(w);
                const PgResult pending
                    = c.exec(QStringLiteral("SELECT task_id FROM webfarm.fetch_tasks($1, 1)"), { own });
                if (pending.rows() == 1)
                    c.exec(QStringLiteral("SELECT webfarm.complete_task($1, $2, $3)"),
                        { own, pending.integer(0, 0).value_or(0),
                            random.bounded(4) == 0 ? QVariant(QStringLiteral("boom")) : QVariant() });
                break;
            }
            case 3:
                c.exec(QStringLiteral("SELECT webfarm.heartbeat($1, clock_timestamp(), 1, $2, 3)"),
                    { server, qint64(step) });
                break;
            case 4:
                c.exec(QStringLiteral("SELECT webfarm.report_storage_probe($1, 'media', $2, 1.5)"),
                    { server, random.bounded(3) != 0 });
                break;
            default:
                reader.refresh(reading);
                break;
            }
        }
        for (size_t w = 0; w < writers.size(); ++w) {
            if (open[w])
                writers[w].exec(QStringLiteral("COMMIT"));
        }
        reader.refresh(reading);

        FarmReader fresh(600);
        fresh.refresh(reading);
        QCOMPARE(deliveryKeys(reader.data().deliveries), deliveryKeys(fresh.data().deliveries));
        QCOMPARE(reader.data().deliveries.size(), fresh.data().deliveries.size());
        QCOMPARE(reader.data().tasks.size(), fresh.data().tasks.size());
        QCOMPARE(reader.data().heartbeats.size(), fresh.data().heartbeats.size());
        QCOMPARE(reader.data().probes.size(), fresh.data().probes.size());
        QCOMPARE(reader.data().lastHeartbeat, fresh.data().lastHeartbeat);
        QCOMPARE(reader.data().latestProbes.size(), fresh.data().latestProbes.size());
        // The same latest probe of each (storage, instance), whatever the order they were kept in.
        const auto latest = [](const QList<ProbeRow>& rows) {
            QMap<QPair<qint64, qint64>, QPair<qint64, bool>> byPair;
            for (const ProbeRow& row : rows)
                byPair.insert({ row.storageId, row.serverId }, { row.probedAt.toMSecsSinceEpoch(), row.ok });
            return byPair;
        };
        QCOMPARE(latest(reader.data().latestProbes), latest(fresh.data().latestProbes));
        const QJsonObject incremental = Figures::compute(reader.data(), 600).toJson();
        QJsonObject full = Figures::compute(fresh.data(), 600).toJson();
        full[QStringLiteral("generated_at")] = incremental[QStringLiteral("generated_at")];
        QCOMPARE(incremental[QStringLiteral("farm")], full[QStringLiteral("farm")]);
        QCOMPARE(incremental[QStringLiteral("storage")], full[QStringLiteral("storage")]);
    }

    // The backlog kept rather than counted: instances that process oldest first, at random or in
    // bulk, in transactions that commit out of order: after every refresh the backlog and the oldest
    // pending time equal a count in SQL, and the reader never counted the pending deliveries whole
    // after its first read.
    void backlogIsKeptExactly()
    {
        TestDatabase db;
        PgConnection setup = db.connect();
        const QList<qint64> servers = Test::registerServers(setup, 4);
        // Each writer plays one instance: it completes only its own deliveries, so that no open
        // transaction holds a row another one waits for.
        std::vector<PgConnection> writers;
        std::vector<bool> open;
        for (int i = 0; i < 4; ++i) {
            writers.push_back(db.connect());
            open.push_back(false);
        }
        PgConnection reading = db.connect();
        FarmReader reader(600);
        reader.refresh(reading);

        QRandomGenerator random(1130);
        int completed = 0;
        for (int step = 0; step < 150; ++step) {
            const int index = random.bounded(4);
            PgConnection& writer = writers[index];
            const qint64 me = servers.at(index);
            if (!open[index]) {
                writer.exec(QStringLiteral("BEGIN"));
                open[index] = true;
            }
            switch (random.bounded(3)) {
            case 0:
                writer.exec(QStringLiteral("SELECT webfarm.create_task($1, 'REMOVE_CACHE_ITEM', 'k') FROM "
                                           "generate_series(1, $2)"),
                    { me, 1 + random.bounded(25) });
                break;
            case 1: // oldest first, as the protocol hands them out
                completed += int(call(writer,
                    QStringLiteral("SELECT count(webfarm.complete_task($1, t.task_id)) FROM webfarm.fetch_tasks($1, "
                                   "$2) t"),
                    { me, 1 + random.bounded(40) }));
                break;
            default: // in any order, some failed
                completed += int(call(writer,
                    QStringLiteral("SELECT count(webfarm.complete_task($1, task_id, CASE WHEN random() < 0.2 THEN "
                                   "'failed' END)) FROM (SELECT task_id FROM webfarm.server_task WHERE server_id = "
                                   "$1 AND processed_at IS NULL ORDER BY random() LIMIT $2) p"),
                    { me, 1 + random.bounded(10) }));
                break;
            }
            for (int other = 0; other < 4; ++other) {
                if (open[other] && random.bounded(3) == 0) {
                    writers[other].exec(QStringLiteral("COMMIT"));
                    open[other] = false;
                }
            }
            reader.refresh(reading);
            QCOMPARE(Test::backlogOf(reader.data().backlog), Test::backlogInDatabase(setup));
        }
        QVERIFY2(completed > 300, qPrintable(QString::number(completed)));
        QVERIFY(call(setup, QStringLiteral("SELECT count(*) FROM webfarm.server_task WHERE processed_at IS NULL")) > 0);
        QCOMPARE(reader.pendingCounts().walks(), 1);
    }

    // Writes that bypass the protocol functions (a reset, a cascade, a write aimed at one
    // partition, a delivery added to an old task, a TRUNCATE) make the reader count afresh.
    void outsideWritesAreCountedAfresh()
    {
        TestDatabase db;
        PgConnection setup = db.connect();
        const QList<qint64> servers = Test::registerServers(setup, 3);
        const auto createTasks = [&](int count) {
            setup.exec(QStringLiteral("SELECT webfarm.create_task($1, 'REMOVE_CACHE_ITEM', 'k') FROM "
                                      "generate_series(1, $2)"),
                { servers.first(), count });
        };
        createTasks(30);
        setup.exec(QStringLiteral("SELECT webfarm.complete_task($1, t.task_id) FROM webfarm.fetch_tasks($1, 10) t"),
            { servers.at(1) });
        PgConnection reading = db.connect();
        FarmReader reader(600);
        reader.refresh(reading);
        QCOMPARE(Test::backlogOf(reader.data().backlog), Test::backlogInDatabase(setup));

        const QString partition = setup
                                      .exec(QStringLiteral("SELECT tableoid::regclass::text FROM webfarm.server_task "
                                                           "LIMIT 1"))
                                      .text(0, 0);
        QVERIFY(partition != QLatin1String("webfarm.server_task"));
        const QStringList outside {
            QStringLiteral("UPDATE webfarm.server_task SET processed_at = NULL WHERE processed_at IS NOT NULL"),
            QStringLiteral("DELETE FROM webfarm.task WHERE id = (SELECT min(id) FROM webfarm.task)"),
            QStringLiteral("DELETE FROM %1 WHERE server_id = %2 AND task_id % 2 = 0").arg(partition).arg(servers.at(2)),
            QStringLiteral("INSERT INTO webfarm.server_task (task_id, server_id) SELECT max(id), %1 FROM webfarm.task")
                .arg(servers.first()),
            QStringLiteral("TRUNCATE webfarm.server_task"),
        };
        for (const QString& sql : outside) {
            const int walks = reader.pendingCounts().walks();
            const Test::Backlog before = Test::backlogInDatabase(setup);
            setup.exec(sql);
            QVERIFY2(Test::backlogInDatabase(setup) != before, qPrintable(sql));
            reader.refresh(reading);
            QVERIFY2(reader.pendingCounts().walks() > walks, qPrintable(sql));
            QCOMPARE(Test::backlogOf(reader.data().backlog), Test::backlogInDatabase(setup));
            // Once those writes are over, the protocol's own are kept again without counting.
            reader.refresh(reading);
            createTasks(5);
            const int settled = reader.pendingCounts().walks();
            reader.refresh(reading);
            QCOMPARE(reader.pendingCounts().walks(), settled);
            QCOMPARE(Test::backlogOf(reader.data().backlog), Test::backlogInDatabase(setup));
        }
    }

    // A write outside the protocol moves the sequence at once but may commit after the read that
    // saw it move: the reads go on counting until it has.
    void outsideWriteCommittedAfterTheRead()
    {
        TestDatabase db;
        PgConnection setup = db.connect();
        const qint64 a = call(setup, QStringLiteral("SELECT webfarm.register_server('a', NULL, NULL, 'z', NULL)"));
        const qint64 b = call(setup, QStringLiteral("SELECT webfarm.register_server('b', NULL, NULL, 'z', NULL)"));
        setup.exec(
            QStringLiteral("SELECT webfarm.create_task($1, 'REMOVE_CACHE_ITEM', 'k') FROM generate_series(1, 20)"),
            { a });
        PgConnection reading = db.connect();
        FarmReader reader(600);
        reader.refresh(reading);
        reader.refresh(reading);

        PgConnection script = db.connect();
        script.exec(QStringLiteral("BEGIN"));
        script.exec(QStringLiteral("DELETE FROM webfarm.server_task WHERE server_id = $1 AND task_id % 3 = 0"), { b });
        reader.refresh(reading);
        QCOMPARE(reader.data().backlog.first().pending, 20); // not committed yet
        QCOMPARE(Test::backlogOf(reader.data().backlog), Test::backlogInDatabase(setup));
        setup.exec(QStringLiteral("SELECT webfarm.create_task($1, 'REMOVE_CACHE_ITEM', 'k')"), { a });
        reader.refresh(reading);
        QCOMPARE(Test::backlogOf(reader.data().backlog), Test::backlogInDatabase(setup));
        script.exec(QStringLiteral("COMMIT"));
        reader.refresh(reading);
        QCOMPARE(Test::backlogOf(reader.data().backlog), Test::backlogInDatabase(setup));
        QCOMPARE(reader.data().backlog.first().pending, 21 - 6);
    }

    void oldSchemaIsRefused()
    {
        TestDatabase db;
        PgConnection setup = db.connect();
        setup.exec(QStringLiteral("UPDATE webfarm.schema_version SET version = 1"));
        FarmReader reader;
        try {
            reader.refresh(setup);
            QFAIL("a version 1 schema was read");
        } catch (const PgError& error) {
            QVERIFY2(error.message().contains(QLatin1String("schema upgrade")), qPrintable(error.message()));
        }
    }

    void windowPrunesOldRows()
    {
        TestDatabase db;
        PgConnection setup = db.connect();
        const qint64 a = call(setup, QStringLiteral("SELECT webfarm.register_server('a', NULL, NULL, 'z', NULL)"));
        call(setup, QStringLiteral("SELECT webfarm.register_server('b', NULL, NULL, 'z', NULL)"));
        // One task from two minutes ago, one now.
        setup.exec(QStringLiteral("INSERT INTO webfarm.task (type, creator_server_id, created_at) VALUES "
                                  "('TOUCH_CACHE_ITEM', $1, clock_timestamp() - interval '2 minutes')"),
            { a });
        setup.exec(QStringLiteral("SELECT webfarm.create_task($1, 'TOUCH_CACHE_ITEM', 'x')"), { a });
        FarmReader reader(60);
        reader.refresh(setup);
        QCOMPARE(reader.data().tasks.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestFarmReader)
#include "tst_farmreader.moc"
