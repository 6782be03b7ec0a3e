// Scheduled tasks run once (DESIGN.md section 9): register, claim, finish and run by hand against the
// private cluster; the identity rules; missed slots; many sessions claiming at once never take one
// slot twice; and register_server's DUPLICATE_NAME for two processes under one name.

#include "pgconnection.h"
#include "pgerror.h"
#include "testdatabase.h"

#include <atomic>
#include <latch>
#include <numeric>
#include <QElapsedTimer>
#include <QTest>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;
using Paddock::PgConnection;
using Paddock::PgError;
using Paddock::PgResult;
using Paddock::Test::call;
using Paddock::Test::TestDatabase;

namespace {

const QString Success = u"00000"_s;

// The SQLSTATE of `sql`, "00000" when it ran.
QString stateOf(PgConnection& connection, const QString& sql, const QVariantList& params = {})
{
    try {
        connection.exec(sql, params);
    } catch (const PgError& error) {
        return error.sqlState();
    }
    return Success;
}

// The message of the error `sql` raises; empty when it ran.
QString errorOf(PgConnection& connection, const QString& sql, const QVariantList& params = {})
{
    try {
        connection.exec(sql, params);
    } catch (const PgError& error) {
        return error.message();
    }
    return {};
}

qint64 registerServer(PgConnection& connection, const QString& name)
{
    return call(connection, u"SELECT webfarm.register_server($1, NULL, NULL, 'z', '1')"_s, { name });
}

qint64 duplicateNameEvents(PgConnection& connection, qint64 serverId)
{
    return call(connection,
        u"SELECT count(*) FROM webfarm.server_log WHERE server_id = $1 AND code = 'DUPLICATE_NAME'"_s, { serverId });
}

} // namespace

class ScheduledTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { Paddock::Test::requireCluster(); }

    // A new task is due now; registering it again (every instance does) keeps its schedule, and a
    // shorter interval brings the next slot to at most one interval from now.
    void registerTask()
    {
        TestDatabase db;
        PgConnection c = db.connect();
        const qint64 id = call(c, u"SELECT webfarm.register_scheduled_task('newsletter', 300, 600)"_s);
        QVERIFY(id > 0);
        QCOMPARE(c.exec(u"SELECT interval_s || ' ' || timeout_s || ' ' || enabled || ' ' || (next_run_at <= "
                        "clock_timestamp() AND next_run_at > clock_timestamp() - interval '10 seconds') FROM "
                        "webfarm.scheduled_task WHERE id = $1"_s,
                      { id })
                     .scalar(),
            u"300 600 true true"_s);
        QVERIFY(call(c, u"SELECT webfarm.register_scheduled_task('sitemap', 60)"_s) > id);
        QCOMPARE(call(c, u"SELECT timeout_s FROM webfarm.scheduled_task WHERE name = 'sitemap'"_s), 3600);

        // Claimed once: next slot 300 s on. The same registration again keeps it.
        const qint64 a = registerServer(c, u"reg-a"_s);
        QCOMPARE(c.exec(u"SELECT * FROM webfarm.claim_scheduled_tasks($1)"_s, { a }).rows(), 2);
        const QString next = c.exec(u"SELECT next_run_at FROM webfarm.scheduled_task WHERE id = $1"_s, { id }).scalar();
        QCOMPARE(call(c, u"SELECT webfarm.register_scheduled_task('newsletter', 300, 600)"_s), id);
        QCOMPARE(c.exec(u"SELECT next_run_at FROM webfarm.scheduled_task WHERE id = $1"_s, { id }).scalar(), next);
        // Ten seconds now: due at most ten seconds from now, and still after the slot claimed.
        QCOMPARE(call(c, u"SELECT webfarm.register_scheduled_task('newsletter', 10, 600)"_s), id);
        QCOMPARE(c.exec(u"SELECT t.next_run_at <= clock_timestamp() + interval '10 seconds' AND t.next_run_at > "
                        "(SELECT max(due_at) FROM webfarm.scheduled_run r WHERE r.scheduled_task_id = t.id) "
                        "FROM webfarm.scheduled_task t WHERE t.id = $1"_s,
                      { id })
                     .scalar(),
            u"t"_s);
        QCOMPARE(call(c, u"SELECT count(*) FROM webfarm.scheduled_task"_s), 2);
    }

    void registerTaskRefused_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addRow("empty name") << u"SELECT webfarm.register_scheduled_task(' ', 60)"_s;
        QTest::addRow("null name") << u"SELECT webfarm.register_scheduled_task(NULL, 60)"_s;
        QTest::addRow("zero interval") << u"SELECT webfarm.register_scheduled_task('t', 0)"_s;
        QTest::addRow("negative interval") << u"SELECT webfarm.register_scheduled_task('t', -5)"_s;
        QTest::addRow("null interval") << u"SELECT webfarm.register_scheduled_task('t', NULL)"_s;
        QTest::addRow("zero timeout") << u"SELECT webfarm.register_scheduled_task('t', 60, 0)"_s;
    }

    void registerTaskRefused()
    {
        QFETCH(QString, sql);
        TestDatabase db;
        PgConnection c = db.connect();
        QCOMPARE(stateOf(c, sql), u"22023"_s);
        QCOMPARE(call(c, u"SELECT count(*) FROM webfarm.scheduled_task"_s), 0);
    }

    // A due task is claimed by the first instance that asks, for the slot it was due at, and by
    // nobody else; the next slot is one interval later.
    void aDueTaskIsClaimedOnce()
    {
        TestDatabase db;
        PgConnection c = db.connect();
        const qint64 a = registerServer(c, u"claim-a"_s);
        const qint64 b = registerServer(c, u"claim-b"_s);
        c.exec(u"SELECT webfarm.register_scheduled_task('cleanup-temp', 60)"_s);
        const QString slot = c.exec(u"SELECT next_run_at FROM webfarm.scheduled_task"_s).scalar();

        const PgResult claimed = c.exec(u"SELECT run_id, name, due_at FROM webfarm.claim_scheduled_tasks($1)"_s, { a });
        QCOMPARE(claimed.rows(), 1);
        QCOMPARE(claimed.text(0, 1), u"cleanup-temp"_s);
        QCOMPARE(claimed.text(0, 2), slot);
        QCOMPARE(c.exec(u"SELECT * FROM webfarm.claim_scheduled_tasks($1)"_s, { b }).rows(), 0);
        QCOMPARE(c.exec(u"SELECT * FROM webfarm.claim_scheduled_tasks($1)"_s, { a }).rows(), 0);

        const PgResult run = c.exec(u"SELECT r.server_id, r.due_at = $2::timestamptz, r.manual, r.finished_at IS NULL, "
                                    "r.started_at <= clock_timestamp(), t.next_run_at = r.due_at + interval '60 s' "
                                    "FROM webfarm.scheduled_run r JOIN webfarm.scheduled_task t ON t.id = "
                                    "r.scheduled_task_id WHERE r.id = $1"_s,
            { claimed.integer(0, 0).value_or(0), slot });
        QCOMPARE(run.rows(), 1);
        QCOMPARE(run.integer(0, 0), a);
        for (int column = 1; column < 6; ++column)
            QCOMPARE(run.text(0, column), column == 2 ? u"f"_s : u"t"_s);
    }

    // A task overdue by 95 s with a 10 s interval: one run, for the oldest slot, and the next slot
    // lands after now on the task's grid (the nine slots between are missed, not run).
    void missedSlotsAreSkipped()
    {
        TestDatabase db;
        PgConnection c = db.connect();
        const qint64 a = registerServer(c, u"late-a"_s);
        c.exec(u"SELECT webfarm.register_scheduled_task('search-index', 10)"_s);
        const QString slot
            = c.exec(u"UPDATE webfarm.scheduled_task SET next_run_at = clock_timestamp() - interval '95 seconds' "
                     "RETURNING next_run_at"_s)
                  .scalar();
        const PgResult claimed = c.exec(u"SELECT due_at FROM webfarm.claim_scheduled_tasks($1)"_s, { a });
        QCOMPARE(claimed.rows(), 1);
        QCOMPARE(claimed.text(0, 0), slot);
        const PgResult next = c.exec(u"SELECT next_run_at > clock_timestamp(), next_run_at <= clock_timestamp() + "
                                     "interval '10 seconds', extract(epoch FROM next_run_at - $1::timestamptz) "
                                     "FROM webfarm.scheduled_task"_s,
            { slot });
        QCOMPARE(next.text(0, 0), u"t"_s);
        QCOMPARE(next.text(0, 1), u"t"_s);
        // 95 s late: the slots at +10 … +90 are missed, the next is +100.
        QCOMPARE(next.text(0, 2).toDouble(), 100.0);
        QCOMPARE(call(c, u"SELECT count(*) FROM webfarm.scheduled_run"_s), 1);
        QCOMPARE(c.exec(u"SELECT * FROM webfarm.claim_scheduled_tasks($1)"_s, { a }).rows(), 0);
    }

    // Disabled tasks wait; a stopped or disabled instance claims nothing; the limit holds, oldest
    // slot first; an unknown server is refused.
    void whatIsClaimed()
    {
        TestDatabase db;
        PgConnection c = db.connect();
        const qint64 a = registerServer(c, u"what-a"_s);
        const qint64 stopped = registerServer(c, u"what-stopped"_s);
        const qint64 disabled = registerServer(c, u"what-disabled"_s);
        c.exec(u"SELECT webfarm.stop_server($1)"_s, { stopped });
        c.exec(u"UPDATE webfarm.server SET enabled = false WHERE id = $1"_s, { disabled });
        for (const char* name : { "t1", "t2", "t3", "off" })
            c.exec(u"SELECT webfarm.register_scheduled_task($1, 60)"_s, { QString::fromLatin1(name) });
        c.exec(u"UPDATE webfarm.scheduled_task SET enabled = false WHERE name = 'off'"_s);
        c.exec(u"UPDATE webfarm.scheduled_task SET next_run_at = clock_timestamp() - (id || ' seconds')::interval"_s);

        QCOMPARE(c.exec(u"SELECT * FROM webfarm.claim_scheduled_tasks($1)"_s, { stopped }).rows(), 0);
        QCOMPARE(c.exec(u"SELECT * FROM webfarm.claim_scheduled_tasks($1)"_s, { disabled }).rows(), 0);
        QCOMPARE(c.exec(u"SELECT * FROM webfarm.claim_scheduled_tasks($1, 0)"_s, { a }).rows(), 0);
        const PgResult two = c.exec(u"SELECT name FROM webfarm.claim_scheduled_tasks($1, 2)"_s, { a });
        QCOMPARE(two.rows(), 2);
        QCOMPARE(two.text(0, 0), u"t3"_s); // due the longest
        QCOMPARE(two.text(1, 0), u"t2"_s);
        const PgResult rest = c.exec(u"SELECT name FROM webfarm.claim_scheduled_tasks($1)"_s, { a });
        QCOMPARE(rest.rows(), 1);
        QCOMPARE(rest.text(0, 0), u"t1"_s);
        QCOMPARE(call(c, u"SELECT count(*) FROM webfarm.scheduled_run"_s), 3);
        QCOMPARE(stateOf(c, u"SELECT * FROM webfarm.claim_scheduled_tasks(999999)"_s), u"P0002"_s);
    }

    // A run by hand: on the caller's instance, no slot, the schedule untouched.
    void manualRun()
    {
        TestDatabase db;
        PgConnection c = db.connect();
        const qint64 a = registerServer(c, u"manual-a"_s);
        c.exec(u"SELECT webfarm.register_scheduled_task('import-products', 300)"_s);
        const QString next = c.exec(u"SELECT next_run_at FROM webfarm.scheduled_task"_s).scalar();
        const qint64 run = call(c, u"SELECT webfarm.start_manual_run($1, 'import-products')"_s, { a });
        QCOMPARE(c.exec(u"SELECT server_id::text || ' ' || manual::text || ' ' || (due_at IS NULL)::text || ' ' || "
                        "(finished_at IS NULL)::text FROM webfarm.scheduled_run WHERE id = $1"_s,
                      { run })
                     .scalar(),
            QStringLiteral("%1 true true true").arg(a));
        QCOMPARE(c.exec(u"SELECT next_run_at FROM webfarm.scheduled_task"_s).scalar(), next);

        QCOMPARE(stateOf(c, u"SELECT webfarm.start_manual_run($1, 'no-such-task')"_s, { a }), u"P0002"_s);
        QVERIFY2(errorOf(c, u"SELECT webfarm.start_manual_run($1, 'no-such-task')"_s, { a })
                     .contains(u"unknown scheduled task \"no-such-task\""_s),
            qPrintable(errorOf(c, u"SELECT webfarm.start_manual_run($1, 'no-such-task')"_s, { a })));
        QCOMPARE(stateOf(c, u"SELECT webfarm.start_manual_run(999999, 'import-products')"_s), u"23503"_s);
        QCOMPARE(call(c, u"SELECT count(*) FROM webfarm.scheduled_run"_s), 1);
    }

    // finish_scheduled_run: the DB clock, the error (empty is none), once, and only by its instance.
    void finishRun()
    {
        TestDatabase db;
        PgConnection c = db.connect();
        const qint64 a = registerServer(c, u"finish-a"_s);
        const qint64 b = registerServer(c, u"finish-b"_s);
        c.exec(u"SELECT webfarm.register_scheduled_task('sitemap', 60)"_s);
        const qint64 ok = call(c, u"SELECT run_id FROM webfarm.claim_scheduled_tasks($1)"_s, { a });
        const qint64 failed = call(c, u"SELECT webfarm.start_manual_run($1, 'sitemap')"_s, { a });
        const qint64 empty = call(c, u"SELECT webfarm.start_manual_run($1, 'sitemap')"_s, { a });

        QCOMPARE(stateOf(c, u"SELECT webfarm.finish_scheduled_run($1, $2)"_s, { a, ok }), Success);
        QCOMPARE(stateOf(c, u"SELECT webfarm.finish_scheduled_run($1, $2, 'sitemap.xml: disk full')"_s, { a, failed }),
            Success);
        QCOMPARE(stateOf(c, u"SELECT webfarm.finish_scheduled_run($1, $2, '')"_s, { a, empty }), Success);
        QCOMPARE(c.exec(u"SELECT string_agg(coalesce(error, '<null>'), '|' ORDER BY id) FROM webfarm.scheduled_run"_s)
                     .scalar(),
            u"<null>|sitemap.xml: disk full|<null>"_s);
        QCOMPARE(call(c,
                     u"SELECT count(*) FROM webfarm.scheduled_run WHERE finished_at >= started_at AND "
                     "finished_at <= clock_timestamp()"_s),
            3);

        // A second finish is an error, and the first one stands.
        const QString finishedAt
            = c.exec(u"SELECT finished_at FROM webfarm.scheduled_run WHERE id = $1"_s, { failed }).scalar();
        QCOMPARE(stateOf(c, u"SELECT webfarm.finish_scheduled_run($1, $2)"_s, { a, failed }), u"55000"_s);
        QVERIFY(errorOf(c, u"SELECT webfarm.finish_scheduled_run($1, $2)"_s, { a, failed })
                    .contains(QStringLiteral("run %1 already finished at").arg(failed)));
        QCOMPARE(c.exec(u"SELECT finished_at || ' ' || error FROM webfarm.scheduled_run WHERE id = $1"_s, { failed })
                     .scalar(),
            finishedAt + u" sitemap.xml: disk full"_s);
        // Another instance's run, and a run that does not exist.
        const qint64 open = call(c, u"SELECT webfarm.start_manual_run($1, 'sitemap')"_s, { a });
        QCOMPARE(stateOf(c, u"SELECT webfarm.finish_scheduled_run($1, $2)"_s, { b, open }), u"P0002"_s);
        QCOMPARE(stateOf(c, u"SELECT webfarm.finish_scheduled_run($1, 999999)"_s, { a }), u"P0002"_s);
        QCOMPARE(
            call(c, u"SELECT count(*) FROM webfarm.scheduled_run WHERE id = $1 AND finished_at IS NULL"_s, { open }),
            1);
    }

    // An instance login may call the four functions for itself only; a monitor may read the tables
    // and call none of them.
    void identityRules()
    {
        TestDatabase db;
        PgConnection admin = db.connect();
        PgConnection mallory = db.connect(db.createLoginRole(u"webfarm_instance"_s));
        PgConnection victim = db.connect(db.createLoginRole(u"webfarm_instance"_s));
        PgConnection monitor = db.connect(db.createLoginRole(u"webfarm_monitor"_s));
        const qint64 victimId = registerServer(victim, u"id-victim"_s);
        const qint64 malloryId = registerServer(mallory, u"id-mallory"_s);
        QVERIFY(call(victim, u"SELECT webfarm.register_scheduled_task('newsletter', 60)"_s) > 0);
        const qint64 victimRun = call(victim, u"SELECT webfarm.start_manual_run($1, 'newsletter')"_s, { victimId });
        QVERIFY(victimRun > 0);

        const QList<std::pair<QString, QVariantList>> attacks {
            { u"SELECT * FROM webfarm.claim_scheduled_tasks($1)"_s, { victimId } },
            { u"SELECT webfarm.start_manual_run($1, 'newsletter')"_s, { victimId } },
            { u"SELECT webfarm.finish_scheduled_run($1, $2, 'forged')"_s, { victimId, victimRun } },
        };
        for (const auto& [sql, params] : attacks)
            QVERIFY2(stateOf(mallory, sql, params) == u"42501"_s, qPrintable(sql));
        // Under its own id, the victim's run is not mallory's to finish.
        QCOMPARE(stateOf(mallory, u"SELECT webfarm.finish_scheduled_run($1, $2, 'forged')"_s, { malloryId, victimRun }),
            u"P0002"_s);
        // Nothing landed: the only task's slot is still due, one run, open.
        QCOMPARE(call(admin, u"SELECT count(*) FROM webfarm.scheduled_run"_s), 1);
        QCOMPARE(call(admin, u"SELECT count(*) FROM webfarm.scheduled_run WHERE finished_at IS NULL"_s), 1);
        QCOMPARE(
            call(admin, u"SELECT count(*) FROM webfarm.scheduled_task WHERE next_run_at <= clock_timestamp()"_s), 1);

        // Instances read nothing directly; the monitor reads and calls nothing.
        QCOMPARE(stateOf(victim, u"SELECT count(*) FROM webfarm.scheduled_run"_s), u"42501"_s);
        QCOMPARE(stateOf(monitor, u"SELECT count(*) FROM webfarm.scheduled_run"_s), Success);
        QCOMPARE(stateOf(monitor, u"SELECT count(*) FROM webfarm.scheduled_task"_s), Success);
        QCOMPARE(stateOf(monitor, u"SELECT webfarm.register_scheduled_task('evil', 1)"_s), u"42501"_s);
        QCOMPARE(stateOf(monitor, u"SELECT * FROM webfarm.claim_scheduled_tasks($1)"_s, { victimId }), u"42501"_s);

        // The victim acts for itself.
        QCOMPARE(call(victim, u"SELECT count(*) FROM webfarm.claim_scheduled_tasks($1)"_s, { victimId }), 1);
        QCOMPARE(stateOf(victim, u"SELECT webfarm.finish_scheduled_run($1, $2)"_s, { victimId, victimRun }), Success);
    }

    // 16 sessions, each its own connection and its own instance, claim as fast as they can while 40
    // tasks with a 1 s interval come due again and again: no (task, slot) is ever run twice, and every
    // slot claimed is on its task's grid, in order.
    void concurrentClaimsNeverGiveASlotTwice()
    {
        TestDatabase db;
        PgConnection admin = db.connect();
        const QString login = db.createLoginRole(u"webfarm_instance"_s);
        admin.exec(u"SELECT webfarm.register_scheduled_task('burst-' || g, 1) FROM generate_series(1, 40) g"_s);
        constexpr int Sessions = 16;
        constexpr qint64 RunForMs = 4000;
        std::latch start(Sessions);
        std::atomic<int> claimedInSessions { 0 };
        std::vector<int> rounds(Sessions, 0);
        std::vector<QString> failures(Sessions);
        std::vector<std::thread> threads;
        for (int i = 0; i < Sessions; ++i) {
            threads.emplace_back([&, i] {
                try {
                    PgConnection c = db.connect(login);
                    const qint64 me = registerServer(c, QStringLiteral("claimer-%1").arg(i));
                    start.arrive_and_wait();
                    QElapsedTimer clock;
                    clock.start();
                    while (clock.elapsed() < RunForMs) {
                        const PgResult claimed
                            = c.exec(u"SELECT run_id FROM webfarm.claim_scheduled_tasks($1, 5)"_s, { me });
                        claimedInSessions += claimed.rows();
                        ++rounds[size_t(i)];
                    }
                } catch (const PgError& error) {
                    failures[size_t(i)] = error.message();
                }
            });
        }
        for (std::thread& thread : threads)
            thread.join();
        for (int i = 0; i < Sessions; ++i) {
            QVERIFY2(failures[size_t(i)].isEmpty(), qPrintable(failures[size_t(i)]));
            QVERIFY2(rounds[size_t(i)] >= 20, qPrintable(QString::number(rounds[size_t(i)])));
        }
        const qint64 runs = call(admin, u"SELECT count(*) FROM webfarm.scheduled_run"_s);
        qInfo("%d claims from %d sessions gave %lld runs", std::accumulate(rounds.begin(), rounds.end(), 0), Sessions,
            runs);
        QCOMPARE(runs, qint64(claimedInSessions.load()));
        // At least every task's first slot and a few more each (4 s of 1 s slots).
        QVERIFY2(runs >= 40 * 3, qPrintable(QString::number(runs)));
        QVERIFY(call(admin, u"SELECT count(DISTINCT server_id) FROM webfarm.scheduled_run"_s) > 1);
        // The promise: one run per slot.
        QCOMPARE(call(admin,
                     u"SELECT count(*) FROM (SELECT 1 FROM webfarm.scheduled_run GROUP BY scheduled_task_id, "
                     "due_at HAVING count(*) > 1) twice"_s),
            0);
        // Each task's slots: whole seconds apart from its first, increasing with the run's id.
        QCOMPARE(call(admin,
                     u"SELECT count(*) FROM (SELECT due_at, lag(due_at) OVER (PARTITION BY scheduled_task_id "
                     "ORDER BY id) AS before, min(due_at) OVER (PARTITION BY scheduled_task_id) AS first FROM "
                     "webfarm.scheduled_run) s WHERE due_at <= before OR extract(epoch FROM due_at - first) <> "
                     "trunc(extract(epoch FROM due_at - first))"_s),
            0);
        // And every task is scheduled after the last slot it ran.
        QCOMPARE(call(admin,
                     u"SELECT count(*) FROM webfarm.scheduled_task t WHERE t.next_run_at <= (SELECT "
                     "max(due_at) FROM webfarm.scheduled_run r WHERE r.scheduled_task_id = t.id)"_s),
            0);
    }

    // A name registered again while its server still heartbeats: DUPLICATE_NAME with the words; not
    // after a graceful stop, a long silence (no heartbeat for 40 s), nor before any heartbeat.
    void duplicateName()
    {
        TestDatabase db;
        PgConnection c = db.connect();
        const qint64 live = registerServer(c, u"dup-live"_s);
        c.exec(u"SELECT webfarm.heartbeat($1, clock_timestamp())"_s, { live });
        QCOMPARE(registerServer(c, u"dup-live"_s), live);
        QCOMPARE(duplicateNameEvents(c, live), 1);
        const QString message = c.exec(u"SELECT message FROM webfarm.server_log WHERE server_id = $1 AND code = "
                                       "'DUPLICATE_NAME'"_s,
                                     { live })
                                    .scalar();
        QVERIFY2(message.startsWith(u"registered again at "_s)
                && message.endsWith(u" while still heartbeating: two processes may share this name"_s),
            qPrintable(message));
        // Logged after its STARTED, so that it is the latest word on the instance.
        QCOMPARE(c.exec(u"SELECT code FROM webfarm.server_log WHERE server_id = $1 ORDER BY logged_at DESC LIMIT 1"_s,
                      { live })
                     .scalar(),
            u"DUPLICATE_NAME"_s);

        const qint64 stopped = registerServer(c, u"dup-stopped"_s);
        c.exec(u"SELECT webfarm.heartbeat($1, clock_timestamp())"_s, { stopped });
        c.exec(u"SELECT webfarm.stop_server($1)"_s, { stopped });
        registerServer(c, u"dup-stopped"_s);
        QCOMPARE(duplicateNameEvents(c, stopped), 0);

        const qint64 silent = registerServer(c, u"dup-silent"_s);
        c.exec(u"INSERT INTO webfarm.heartbeat (server_id, sent_at, received_at) VALUES ($1, clock_timestamp() - "
               "interval '40 s', clock_timestamp() - interval '40 s')"_s,
            { silent });
        registerServer(c, u"dup-silent"_s);
        QCOMPARE(duplicateNameEvents(c, silent), 0);

        const qint64 quiet = registerServer(c, u"dup-never"_s);
        registerServer(c, u"dup-never"_s);
        QCOMPARE(duplicateNameEvents(c, quiet), 0);

        // Refused by the identity rule: nothing logged for the owner's server either.
        PgConnection other = db.connect(db.createLoginRole(u"webfarm_instance"_s));
        PgConnection owner = db.connect(db.createLoginRole(u"webfarm_instance"_s));
        const qint64 owned = registerServer(owner, u"dup-owned"_s);
        owner.exec(u"SELECT webfarm.heartbeat($1, clock_timestamp())"_s, { owned });
        QCOMPARE(stateOf(other, u"SELECT webfarm.register_server('dup-owned', NULL, NULL, 'z', '1')"_s), u"42501"_s);
        QCOMPARE(duplicateNameEvents(c, owned), 0);
    }
};

QTEST_GUILESS_MAIN(ScheduledTest)
#include "tst_scheduled.moc"
