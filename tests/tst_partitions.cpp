// Partitioned history with retention, and an upgrade that never stops the farm (DESIGN.md
// section 5): webfarm.maintain() keeps the retention and never drops a pending delivery; the
// upgrade from version 3 keeps every row and never makes an instance call of the running
// simulator wait a second.

#include "farmreader.h"
#include "figures.h"
#include "pgerror.h"
#include "schemamigrator.h"
#include "testdatabase.h"

#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

using namespace Paddock;
using namespace Paddock::Test;

namespace {

struct Action {
    QString action;
    QString partition;
};

QList<Action> maintain(PgConnection& connection, const QString& keep, const QString& asOf)
{
    const PgResult result = connection.exec(
        QStringLiteral("SELECT action, partition_name FROM webfarm.maintain($1::interval, '3 days', $2::timestamptz)"),
        { keep, asOf.isEmpty() ? QVariant() : QVariant(asOf) });
    QList<Action> actions;
    for (int r = 0; r < result.rows(); ++r)
        actions.append({ result.text(r, 0), result.text(r, 1) });
    return actions;
}

bool has(const QList<Action>& actions, const QString& action, const QString& partition)
{
    return std::any_of(actions.cbegin(), actions.cend(),
        [&](const Action& a) { return a.action == action && a.partition == partition; });
}

QString describe(const QList<Action>& actions)
{
    QStringList lines;
    for (const Action& a : actions)
        lines.append(a.action + QLatin1Char(' ') + a.partition);
    return lines.join(QStringLiteral(", "));
}

// Tasks from server `creator`, every delivery processed except `pending` of them.
QList<qint64> tasks(PgConnection& db, qint64 creator, int count, int pending)
{
    QList<qint64> ids;
    for (int i = 0; i < count; ++i)
        ids.append(call(db, QStringLiteral("SELECT webfarm.create_task($1, 'REMOVE_CACHE_ITEM', 'k')"), { creator }));
    db.exec(QStringLiteral("UPDATE webfarm.server_task SET processed_at = clock_timestamp() WHERE task_id = "
                           "ANY($1::bigint[]) AND task_id NOT IN (SELECT unnest($1::bigint[]) LIMIT $2)"),
        { QVariant(QVariantList(ids.cbegin(), ids.cend())), pending });
    return ids;
}

} // namespace

class TestPartitions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { Test::requireCluster(); }

    void historyTablesArePartitioned()
    {
        TestDatabase db;
        PgConnection c = db.connect();
        for (const char* table : { "task", "server_task", "heartbeat", "storage_probe", "server_log" }) {
            QCOMPARE(
                c.exec(QStringLiteral("SELECT relkind::text FROM pg_class WHERE oid = ('webfarm.' || $1)::regclass"),
                     { QLatin1String(table) })
                    .text(0, 0),
                QStringLiteral("p"));
            QVERIFY(call(c, QStringLiteral("SELECT count(*) FROM webfarm.history_partition WHERE parent = $1"),
                        { QLatin1String(table) })
                >= 3);
        }
        // A new install numbers its tasks from 1, as version 1 did.
        const qint64 server = call(c, QStringLiteral("SELECT webfarm.register_server('a', NULL, NULL, 'z', '1')"));
        call(c, QStringLiteral("SELECT webfarm.register_server('b', NULL, NULL, 'z', '1')"));
        QCOMPARE(tasks(c, server, 1, 0).value(0), qint64(1));
    }

    // Ten days on, with a week kept: what is wholly older goes, a range with a pending delivery stays.
    void maintainKeepsTheRetentionAndNeverAPendingDelivery()
    {
        TestDatabase db;
        PgConnection c = db.connect();
        const qint64 a = call(c, QStringLiteral("SELECT webfarm.register_server('a', NULL, NULL, 'z', '1')"));
        const qint64 b = call(c, QStringLiteral("SELECT webfarm.register_server('b', NULL, NULL, 'z', '1')"));
        QVERIFY(maintain(c, QStringLiteral("7 days"), {}).isEmpty()); // everything is in place already

        // Three id ranges: all processed, one pending, all processed and recent.
        const QList<qint64> done = tasks(c, a, 5, 0);
        const qint64 flush = call(c, QStringLiteral("SELECT webfarm.request_cache_flush('farm', NULL, NULL, 'old')"));
        c.exec(QStringLiteral(
            "UPDATE webfarm.server_task SET processed_at = clock_timestamp() WHERE processed_at IS NULL"));
        c.exec(QStringLiteral("SELECT setval(pg_get_serial_sequence('webfarm.task', 'id'), 999990)"));
        const QList<Action> created = maintain(c, QStringLiteral("7 days"), {});
        QVERIFY2(
            has(created, QStringLiteral("created"), QStringLiteral("task_p1000001")), qPrintable(describe(created)));
        c.exec(QStringLiteral("SELECT setval(pg_get_serial_sequence('webfarm.task', 'id'), 1000000)"));
        const QList<qint64> waiting = tasks(c, a, 20, 1); // the first of the second range stays pending
        QCOMPARE(waiting.first(), qint64(1000001));
        c.exec(QStringLiteral("SELECT setval(pg_get_serial_sequence('webfarm.task', 'id'), 1099990)"));
        QVERIFY(
            has(maintain(c, QStringLiteral("7 days"), {}), QStringLiteral("created"), QStringLiteral("task_p1100001")));
        const QList<qint64> recent = tasks(c, b, 20, 0);
        c.exec(QStringLiteral("SELECT webfarm.heartbeat($1, clock_timestamp())"), { a });
        // A heartbeat in the last partition made ahead (four days on), which ten days on is within the week.
        c.exec(QStringLiteral("INSERT INTO webfarm.heartbeat (server_id, sent_at, received_at) VALUES ($1, "
                              "clock_timestamp(), clock_timestamp() + interval '4 days')"),
            { a });

        const QString tenDaysOn
            = c.exec(QStringLiteral("SELECT (clock_timestamp() + interval '10 days')::text")).text(0, 0);
        const QList<Action> actions = maintain(c, QStringLiteral("7 days"), tenDaysOn);
        // The first range held only processed deliveries of tasks over a week old: gone, with the
        // flush audit kept and unlinked.
        QVERIFY2(has(actions, QStringLiteral("dropped"), QStringLiteral("task_p1")), qPrintable(describe(actions)));
        QCOMPARE(call(c, QStringLiteral("SELECT count(*) FROM webfarm.task WHERE id = ANY($1::bigint[])"),
                     { QVariant(QVariantList(done.cbegin(), done.cend())) }),
            0);
        QCOMPARE(call(c, QStringLiteral("SELECT count(*) FROM webfarm.flush_request WHERE id = $1 AND task_id IS NULL"),
                     { flush }),
            1);
        // The second holds a pending delivery: kept whole, however old.
        QVERIFY2(has(actions, QStringLiteral("kept"), QStringLiteral("task_p1000001")), qPrintable(describe(actions)));
        QCOMPARE(call(c, QStringLiteral("SELECT count(*) FROM webfarm.server_task WHERE processed_at IS NULL")), 1);
        QCOMPARE(call(c, QStringLiteral("SELECT count(*) FROM webfarm.task WHERE id = $1"), { waiting.first() }), 1);
        // The current range is never dropped; the recent tasks stay.
        QCOMPARE(call(c, QStringLiteral("SELECT count(*) FROM webfarm.task WHERE id = ANY($1::bigint[])"),
                     { QVariant(QVariantList(recent.cbegin(), recent.cend())) }),
            recent.size());
        // Time partitions: today's heartbeat (in the legacy range, which ends the day after
        // tomorrow) is over a week old ten days on; the one five days ahead is not.
        QVERIFY2(
            has(actions, QStringLiteral("dropped"), QStringLiteral("heartbeat_legacy")), qPrintable(describe(actions)));
        QCOMPARE(call(c, QStringLiteral("SELECT count(*) FROM webfarm.heartbeat")), 1);
        QCOMPARE(
            call(c, QStringLiteral("SELECT count(*) FROM webfarm.heartbeat WHERE received_at > clock_timestamp()")), 1);
        // The partitions of the coming days exist, ten days on as well.
        QVERIFY(call(c,
                    QStringLiteral("SELECT count(*) FROM webfarm.history_partition WHERE parent = 'heartbeat' AND "
                                   "upper_bound::timestamptz >= $1::timestamptz + interval '3 days'"),
                    { tenDaysOn })
            == 1);
        // The reader still reads it.
        FarmReader reader(600);
        reader.refresh(c);
        QCOMPARE(Figures::compute(reader.data(), 600).farm.backlog, 1);
    }

    void maintainCommandRunsAndRefusesBadInput()
    {
        TestDatabase db;
        const ProgramRun run = runProgram(QStringLiteral(PADDOCK_PATH),
            { QStringLiteral("schema"), QStringLiteral("maintain"), QStringLiteral("--connect"), db.conninfo(),
                QStringLiteral("--keep"), QStringLiteral("3d") });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QStringLiteral("history kept for 3 days")), qPrintable(run.out + run.err));
        const ProgramRun bad = runProgram(QStringLiteral(PADDOCK_PATH),
            { QStringLiteral("schema"), QStringLiteral("maintain"), QStringLiteral("--connect"), db.conninfo(),
                QStringLiteral("--keep"), QStringLiteral("a week") });
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains(QStringLiteral("--keep takes a duration")), qPrintable(bad.err));
        PgConnection c = db.connect();
        QVERIFY_THROWS_EXCEPTION(PgError, c.exec(QStringLiteral("SELECT * FROM webfarm.maintain('10 minutes')")));
    }

    // A version-3 farm with history, the simulator writing: the upgrade keeps every row, and no
    // instance call waits a second for it.
    void upgradeUnderLoadNeverStallsWrites()
    {
        TestDatabase db(TestDatabase::Schema::Absent);
        PgConnection c = db.connect();
        QList<Migration> upToThree = SchemaMigrator::builtinMigrations();
        upToThree.removeIf([](const Migration& m) { return m.version > 3; });
        SchemaMigrator(c, upToThree).install();
        // History: 200,000 processed deliveries over the last day, so that the validating steps take a while.
        c.exec(QStringLiteral("SELECT webfarm.register_server('hist-' || g, NULL, NULL, 'z', '1') FROM "
                              "generate_series(1, 20) g"));
        c.exec(QStringLiteral("INSERT INTO webfarm.task (type, target, creator_server_id, created_at) SELECT "
                              "'TOUCH_CACHE_ITEM', 'k', 1, clock_timestamp() - g * interval '8 seconds' FROM "
                              "generate_series(1, 10000) g"));
        c.exec(QStringLiteral("INSERT INTO webfarm.server_task (task_id, server_id, processed_at, task_created_at) "
                              "SELECT t.id, s.id, t.created_at + interval '30 ms', t.created_at FROM webfarm.task t, "
                              "webfarm.server s"));
        const qint64 historyBefore = call(c, QStringLiteral("SELECT count(*) FROM webfarm.server_task"));

        QProcess sim;
        sim.setProcessChannelMode(QProcess::SeparateChannels);
        sim.start(QStringLiteral(PADDOCK_SIM_PATH),
            { QStringLiteral("-c"), db.conninfo(), QStringLiteral("-n"), QStringLiteral("10"),
                QStringLiteral("--task-rate"), QStringLiteral("40"), QStringLiteral("-d"), QStringLiteral("20"),
                QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--log-level"), QStringLiteral("warn") });
        QVERIFY(sim.waitForStarted(10000));
        // Wait for the farm to be writing: deliveries processed by the simulated instances.
        QTRY_VERIFY_WITH_TIMEOUT(call(c,
                                     QStringLiteral("SELECT count(*) FROM webfarm.server_task st JOIN "
                                                    "webfarm.server s ON s.id = st.server_id WHERE s.name NOT "
                                                    "LIKE 'hist-%' AND st.processed_at IS NOT NULL"))
                > 200,
            15000);

        SchemaMigrator migrator(c);
        const SchemaMigrator::Outcome outcome = migrator.upgrade();
        QCOMPARE(outcome.toVersion, migrator.latestVersion());
        const qint64 tasksAtUpgrade = call(c, QStringLiteral("SELECT count(*) FROM webfarm.task"));

        QVERIFY(sim.waitForFinished(60000));
        const QString summary = QString::fromUtf8(sim.readAllStandardOutput() + sim.readAllStandardError());
        QCOMPARE(sim.exitCode(), 0);
        static const QRegularExpression slowest(QStringLiteral("slowest call ([0-9.]+) ms"));
        const QRegularExpressionMatch match = slowest.match(summary);
        QVERIFY2(match.hasMatch(), qPrintable(summary));
        const double slowestMs = match.captured(1).toDouble();
        qInfo("slowest instance call during the upgrade: %.1f ms", slowestMs);
        QVERIFY2(slowestMs < 1000.0, qPrintable(summary));

        // Every row kept, and the farm went on writing into the new partitions.
        QVERIFY(call(c, QStringLiteral("SELECT count(*) FROM webfarm.server_task_legacy")) >= historyBefore);
        QVERIFY(call(c, QStringLiteral("SELECT count(*) FROM webfarm.task")) > tasksAtUpgrade);
        QVERIFY(call(c,
                    QStringLiteral("SELECT count(*) FROM webfarm.server_task WHERE task_id >= (SELECT "
                                   "lower_bound::bigint FROM webfarm.history_partition WHERE name LIKE "
                                   "'server_task_p%' ORDER BY lower_bound::bigint LIMIT 1)"))
            > 0);
        QCOMPARE(call(c,
                     QStringLiteral("SELECT count(*) FROM pg_constraint WHERE connamespace = "
                                    "'webfarm'::regnamespace AND conparentid = 0 AND NOT convalidated")),
            0);
        // Deliveries completed after the upgrade are stamped (no trigger ran for them).
        QCOMPARE(call(c,
                     QStringLiteral("SELECT count(*) FROM webfarm.server_task WHERE processed_at IS NOT NULL AND "
                                    "processed_xid IS NULL AND task_id >= 10000000")),
            0);
    }
};

QTEST_GUILESS_MAIN(TestPartitions)
#include "tst_partitions.moc"
