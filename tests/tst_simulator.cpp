#include "pgconnection.h"
#include "pgerror.h"
#include "testdatabase.h"

#include <algorithm>
#include <csignal>
#include <optional>
#include <QElapsedTimer>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

using namespace Paddock;
using Paddock::Test::TestDatabase;

namespace {

const QString SimPath = QStringLiteral(PADDOCK_SIM_PATH);

qint64 scalar(PgConnection& connection, const QString& sql, const QVariantList& params = {})
{
    return connection.exec(sql, params).integer(0, 0).value_or(-1);
}

// Running totals of a database, for QTRY_VERIFY: a failing query counts as nothing yet.
qint64 count(const TestDatabase& database, const QString& sql)
{
    try {
        PgConnection connection = database.connect();
        return scalar(connection, sql);
    } catch (const PgError&) {
        return -1;
    }
}

// The options of a small, brisk farm on this database; the test adds its faults.
QStringList brisk(const QString& conninfo, int instances)
{
    return { QStringLiteral("--connect"), conninfo, QStringLiteral("--instances"), QString::number(instances),
        QStringLiteral("--task-rate"), QStringLiteral("30"), QStringLiteral("--heartbeat-interval"),
        QStringLiteral("0.5"), QStringLiteral("--poll-interval"), QStringLiteral("0.2"), QStringLiteral("--seed"),
        QStringLiteral("5") };
}

QString processOutput(QProcess& process)
{
    return QString::fromLocal8Bit(process.readAllStandardError())
        + QString::fromLocal8Bit(process.readAllStandardOutput());
}

// The private redis-server that scripts/test starts beside the cluster.
QString redisUrl()
{
    return qEnvironmentVariable("PADDOCK_REDIS_URL");
}

// One command through a redis-cli of the test's own (REDISCLI_AUTH, when set, is its password too);
// empty when it does not answer.
QString redisCli(const QStringList& command)
{
    QProcess cli;
    cli.start(QStringLiteral("redis-cli"), QStringList { QStringLiteral("-u"), redisUrl() } + command);
    if (!cli.waitForFinished(5'000)) {
        cli.kill();
        cli.waitForFinished();
        return {};
    }
    return QString::fromUtf8(cli.readAllStandardOutput());
}

// How many connections CLIENT LIST shows by name.
QMap<QString, int> redisClients()
{
    static const QRegularExpression name(QStringLiteral("(?:^| )name=(\\S*)"));
    QMap<QString, int> clients;
    const QStringList lines = redisCli({ QStringLiteral("CLIENT"), QStringLiteral("LIST") }).split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        const auto match = name.match(line);
        if (match.hasMatch() && !match.captured(1).isEmpty())
            ++clients[match.captured(1)];
    }
    return clients;
}

// A field of INFO stats, -1 when Redis does not answer.
qint64 redisStat(const char* field)
{
    const QRegularExpression line(
        QStringLiteral("^%1:(\\d+)").arg(QLatin1String(field)), QRegularExpression::MultilineOption);
    const auto match = line.match(redisCli({ QStringLiteral("INFO"), QStringLiteral("stats") }));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

qint64 redisSubscribers(const QString& channel)
{
    // PUBSUB NUMSUB answers the channel, then its count, one per line.
    const QStringList lines
        = redisCli({ QStringLiteral("PUBSUB"), QStringLiteral("NUMSUB"), channel }).split(QLatin1Char('\n'));
    return lines.size() >= 2 ? lines.at(1).trimmed().toLongLong() : -1;
}

} // namespace

class TestSimulator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!Test::requireCluster())
            return;
        QVERIFY2(QFile::exists(SimPath), qPrintable(SimPath));
    }

    void shortSeededRun()
    {
        TestDatabase database;
        QProcess sim;
        sim.setProgram(SimPath);
        sim.setArguments(
            { QStringLiteral("--connect"), database.conninfo(), QStringLiteral("--instances"), QStringLiteral("4"),
                QStringLiteral("--task-rate"), QStringLiteral("30"), QStringLiteral("--duration"), QStringLiteral("10"),
                QStringLiteral("--heartbeat-interval"), QStringLiteral("0.5"), QStringLiteral("--poll-interval"),
                QStringLiteral("0.2"), QStringLiteral("--silence"), QStringLiteral("web-03@3"),
                QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--log-level"), QStringLiteral("warn") });
        QElapsedTimer timer;
        timer.start();
        sim.start();
        QVERIFY(sim.waitForStarted());
        QVERIFY2(sim.waitForFinished(60'000), "paddock-sim did not stop after --duration 10");
        const QString output = processOutput(sim);
        QCOMPARE(sim.exitStatus(), QProcess::NormalExit);
        QVERIFY2(sim.exitCode() == 0, qPrintable(output));
        QVERIFY2(timer.elapsed() >= 9'500 && timer.elapsed() < 20'000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY2(output.contains(QLatin1String("paddock-sim done")), qPrintable(output));

        PgConnection db = database.connect();
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM webfarm.server")), 4);
        QVERIFY2(scalar(db, QStringLiteral("SELECT count(*) FROM webfarm.server WHERE stopped_at IS NULL")) == 0,
            qPrintable(output));
        QCOMPARE(scalar(db,
                     QStringLiteral(
                         "SELECT count(*) FROM webfarm.server WHERE name ~ '^web-0[1-4]$' AND zone ~ '^zone-[ab]$' "
                         "AND host = name || '.' || zone || '.farm.internal' AND version = '13.0.1'")),
            4);

        // Heartbeats from everyone; the silent one only before t=3 (0.5 s interval: about 6).
        const PgResult heartbeats = db.exec(QStringLiteral(
            "SELECT s.name, count(h.*) FROM webfarm.server s LEFT JOIN webfarm.heartbeat h ON h.server_id = s.id "
            "GROUP BY s.name ORDER BY s.name"));
        QCOMPARE(heartbeats.rows(), 4);
        for (int row = 0; row < heartbeats.rows(); ++row) {
            const qint64 n = heartbeats.integer(row, 1).value_or(0);
            if (heartbeats.text(row, 0) == QLatin1String("web-03"))
                QVERIFY2(n >= 3 && n <= 9, qPrintable(QString::number(n)));
            else
                QVERIFY2(n >= 15, qPrintable(heartbeats.text(row, 0) + QLatin1Char(' ') + QString::number(n)));
        }
        QVERIFY(scalar(db,
                    QStringLiteral(
                        "SELECT count(*) FROM webfarm.heartbeat WHERE cache_hits IS NULL OR memory_bytes IS NULL"))
            == 0);

        const qint64 tasks = scalar(db, QStringLiteral("SELECT count(*) FROM webfarm.task"));
        QVERIFY2(tasks >= 150 && tasks <= 500, qPrintable(QString::number(tasks)));
        QVERIFY(scalar(db, QStringLiteral("SELECT count(DISTINCT type) FROM webfarm.task")) >= 5);
        QCOMPARE(scalar(db,
                     QStringLiteral("SELECT count(*) FROM webfarm.task WHERE type IN ('UPDATE_METAFILE', "
                                    "'DELETE_METAFILE') AND is_memory")),
            0);
        const qint64 processed
            = scalar(db, QStringLiteral("SELECT count(*) FROM webfarm.server_task WHERE processed_at IS NOT NULL"));
        QVERIFY2(processed >= 300, qPrintable(QString::number(processed)));
        // Every instance probed both storages at least once.
        QCOMPARE(scalar(db,
                     QStringLiteral(
                         "SELECT count(*) FROM (SELECT DISTINCT storage_id, server_id FROM webfarm.storage_probe) p")),
            8);
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM webfarm.storage")), 2);

        // web-03 went silent at t=3: every task the others created after its last heartbeat (plus a
        // margin) until it stopped is still pending for it.
        const PgResult silent = db.exec(QStringLiteral(R"(
            WITH w3 AS (SELECT id, stopped_at FROM webfarm.server WHERE name = 'web-03'),
                 last AS (SELECT max(received_at) AS at FROM webfarm.heartbeat WHERE server_id = (SELECT id FROM w3))
            SELECT count(*), count(st.task_id) FILTER (WHERE st.processed_at IS NULL)
            FROM webfarm.task t
            LEFT JOIN webfarm.server_task st ON st.task_id = t.id AND st.server_id = (SELECT id FROM w3)
            WHERE t.creator_server_id <> (SELECT id FROM w3)
              AND t.created_at > (SELECT at FROM last) + interval '1 second'
              AND t.created_at < (SELECT stopped_at FROM w3) - interval '1 second')"));
        const qint64 created = silent.integer(0, 0).value_or(0);
        const qint64 pending = silent.integer(0, 1).value_or(0);
        QVERIFY2(created >= 100, qPrintable(QString::number(created)));
        QCOMPARE(pending, created);
        QCOMPARE(scalar(db,
                     QStringLiteral(
                         "SELECT count(*) FROM webfarm.task WHERE creator_server_id = "
                         "(SELECT id FROM webfarm.server WHERE name = 'web-03') AND created_at > "
                         "(SELECT max(received_at) + interval '0.6 second' FROM webfarm.heartbeat WHERE server_id = "
                         "(SELECT id FROM webfarm.server WHERE name = 'web-03'))")),
            0);

        // The others kept up: nothing of theirs older than 2 s at the end is pending.
        const PgResult stale = db.exec(QStringLiteral(R"(
            SELECT s.name, count(*) FROM webfarm.server s
            JOIN webfarm.server_task st ON st.server_id = s.id AND st.processed_at IS NULL
            JOIN webfarm.task t ON t.id = st.task_id
            WHERE s.name <> 'web-03' AND t.created_at < s.stopped_at - interval '2 seconds'
            GROUP BY s.name)"));
        QVERIFY2(stale.rows() == 0,
            qPrintable(stale.rows() ? stale.text(0, 0) + QLatin1Char(' ') + stale.text(0, 1) : QString()));

        // Clean stops, no registration twice.
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM webfarm.server_log WHERE code = 'STOPPED'")), 4);
    }

    void interruptStopsEveryInstance()
    {
        TestDatabase database;
        QProcess sim;
        sim.setProgram(SimPath);
        sim.setArguments({ QStringLiteral("--connect"), database.conninfo(), QStringLiteral("--instances"),
            QStringLiteral("3"), QStringLiteral("--task-rate"), QStringLiteral("30"), QStringLiteral("--duration"),
            QStringLiteral("0"), QStringLiteral("--heartbeat-interval"), QStringLiteral("0.5"),
            QStringLiteral("--poll-interval"), QStringLiteral("0.2"), QStringLiteral("--silence"),
            QStringLiteral("web-03@0"), QStringLiteral("--log-level"), QStringLiteral("warn") });
        sim.start();
        QVERIFY(sim.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(count(database, QStringLiteral("SELECT count(*) FROM webfarm.server")) == 3, 15'000);
        QTRY_VERIFY_WITH_TIMEOUT(
            count(database, QStringLiteral("SELECT count(DISTINCT server_id) FROM webfarm.heartbeat")) == 2, 15'000);
        QTRY_VERIFY_WITH_TIMEOUT(
            count(database, QStringLiteral("SELECT count(*) FROM webfarm.server_task WHERE processed_at IS NOT NULL"))
                >= 20,
            15'000);
        QCOMPARE(
            count(database, QStringLiteral("SELECT count(*) FROM webfarm.server WHERE stopped_at IS NOT NULL")), 0);

        QElapsedTimer timer;
        timer.start();
        QCOMPARE(::kill(pid_t(sim.processId()), SIGINT), 0);
        QVERIFY2(sim.waitForFinished(10'000), "paddock-sim did not stop on SIGINT");
        const qint64 stopMs = timer.elapsed();
        const QString output = processOutput(sim);
        QCOMPARE(sim.exitStatus(), QProcess::NormalExit);
        QVERIFY2(sim.exitCode() == 0, qPrintable(output));
        QVERIFY2(stopMs < 3'000, qPrintable(QStringLiteral("stopping took %1 ms").arg(stopMs)));

        PgConnection db = database.connect();
        // Everyone stopped gracefully, the silent one too, and the sessions are gone.
        const PgResult stopped
            = db.exec(QStringLiteral("SELECT s.name, s.stopped_at IS NOT NULL, (SELECT count(*) FROM "
                                     "webfarm.server_log l WHERE l.server_id = s.id AND l.code = 'STOPPED') "
                                     "FROM webfarm.server s ORDER BY s.name"));
        QCOMPARE(stopped.rows(), 3);
        for (int row = 0; row < stopped.rows(); ++row) {
            QVERIFY2(stopped.boolean(row, 1).value_or(false), qPrintable(stopped.text(row, 0)));
            QCOMPARE(stopped.integer(row, 2).value_or(0), 1);
        }
        QCOMPARE(scalar(db,
                     QStringLiteral("SELECT count(*) FROM webfarm.heartbeat WHERE server_id = (SELECT id FROM "
                                    "webfarm.server WHERE name = 'web-03')")),
            0);
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(db,
                QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'paddock-sim%' "
                               "AND datname = current_database()")),
            0, 5'000);
    }

    void lostConnectionResumes()
    {
        TestDatabase database;
        QProcess sim;
        sim.setProgram(SimPath);
        sim.setArguments({ QStringLiteral("--connect"), database.conninfo(), QStringLiteral("--instances"),
            QStringLiteral("2"), QStringLiteral("--task-rate"), QStringLiteral("10"),
            QStringLiteral("--heartbeat-interval"), QStringLiteral("0.3"), QStringLiteral("--poll-interval"),
            QStringLiteral("0.2"), QStringLiteral("--log-level"), QStringLiteral("warn") });
        sim.start();
        QVERIFY(sim.waitForStarted());
        const QString web01Heartbeats = QStringLiteral("SELECT count(*) FROM webfarm.heartbeat WHERE server_id = "
                                                       "(SELECT id FROM webfarm.server WHERE name = 'web-01')");
        QTRY_VERIFY_WITH_TIMEOUT(count(database, web01Heartbeats) >= 2, 15'000);

        PgConnection db = database.connect();
        QCOMPARE(scalar(db,
                     QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                    "WHERE application_name = 'paddock-sim web-01' AND datname = current_database()")),
            1);
        const qint64 before = scalar(db, web01Heartbeats);
        // Back on its feet with the same server id: heartbeats again, no second registration.
        QTRY_VERIFY_WITH_TIMEOUT(count(database, web01Heartbeats) >= before + 3, 15'000);
        QTRY_VERIFY_WITH_TIMEOUT(count(database,
                                     QStringLiteral("SELECT count(*) FROM webfarm.server_log WHERE code = 'INFO' "
                                                    "AND message LIKE 'database connection restored%'"))
                == 1,
            15'000);
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM webfarm.server")), 2);
        // One registration each, and one more per RESTART_APPLICATION task an instance carried out
        // (the task mix holds 2 % of them): reconnecting registers nothing.
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(db,
                QStringLiteral("SELECT (SELECT count(*) FROM webfarm.server_log WHERE code = 'STARTED') - (SELECT "
                               "count(*) FROM webfarm.server_task st JOIN webfarm.task t ON t.id = st.task_id WHERE "
                               "t.type = 'RESTART_APPLICATION' AND st.processed_at IS NOT NULL AND st.error_message "
                               "IS NULL)")),
            2, 5'000);

        QCOMPARE(::kill(pid_t(sim.processId()), SIGTERM), 0);
        QVERIFY(sim.waitForFinished(10'000));
        const QString output = processOutput(sim);
        QVERIFY2(sim.exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(QLatin1String("web-01: connection lost")), qPrintable(output));
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM webfarm.server WHERE stopped_at IS NULL")), 0);
    }

    void cacheInRedis()
    {
        // Suites never skip: without the private redis-server of scripts/test this fails.
        if (redisUrl().isEmpty())
            QFAIL("PADDOCK_REDIS_URL is not set: run the tests with scripts/test, which starts a private "
                  "redis-server (scripts/lib/redis.sh)");
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("redis-cli")).isEmpty(),
            "redis-cli is missing (redis-tools)");
        QVERIFY2(redisCli({ QStringLiteral("PING") }).trimmed() == QLatin1String("PONG"), qPrintable(redisUrl()));
        const QStringList instances { QStringLiteral("web-01"), QStringLiteral("web-02"), QStringLiteral("web-03") };
        const auto anyConnected = [&instances](const QMap<QString, int>& clients) {
            return std::any_of(instances.cbegin(), instances.cend(),
                [&clients](const QString& name) { return clients.contains(name); });
        };
        QVERIFY2(!anyConnected(redisClients()), "an instance of another run is still connected");
        const qint64 hitsBefore = redisStat("keyspace_hits");
        const qint64 missesBefore = redisStat("keyspace_misses");
        QVERIFY(hitsBefore >= 0 && missesBefore >= 0);

        TestDatabase database;
        const QString channel = QStringLiteral("signalr:") + database.name();
        QProcess sim;
        sim.setProgram(SimPath);
        sim.setArguments({ QStringLiteral("--connect"), database.conninfo(), QStringLiteral("--redis"), redisUrl(),
            QStringLiteral("--instances"), QStringLiteral("3"), QStringLiteral("--heartbeat-interval"),
            QStringLiteral("0.5"), QStringLiteral("--poll-interval"), QStringLiteral("0.2"),
            QStringLiteral("--redis-drop"), QStringLiteral("web-02@12"), QStringLiteral("--seed"), QStringLiteral("11"),
            QStringLiteral("--log-level"), QStringLiteral("warn") });
        sim.start();
        QVERIFY(sim.waitForStarted());

        // Every instance: a cache connection and a backplane subscriber, both named after it.
        const auto connected = [&instances](const QMap<QString, int>& clients) {
            return std::all_of(instances.cbegin(), instances.cend(),
                [&clients](const QString& name) { return clients.value(name) == 2; });
        };
        QTRY_VERIFY_WITH_TIMEOUT(connected(redisClients()), 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(redisSubscribers(channel), 3, 5'000);
        // Their GETs hit and miss.
        QTRY_VERIFY_WITH_TIMEOUT(redisStat("keyspace_hits") > hitsBefore + 100, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(redisStat("keyspace_misses") > missesBefore + 100, 10'000);
        // The heartbeats count them, and the keys in Redis.
        QTRY_VERIFY_WITH_TIMEOUT(count(database,
                                     QStringLiteral("SELECT count(*) FROM webfarm.heartbeat h JOIN webfarm.server s "
                                                    "ON s.id = h.server_id WHERE s.name = 'web-01' AND h.cache_hits "
                                                    "> 0 AND h.cache_misses > 0 AND h.cache_items > 0"))
                > 0,
            10'000);

        // At t=12 web-02 closes both its connections for good; the others stay.
        QTRY_VERIFY_WITH_TIMEOUT(!redisClients().contains(QStringLiteral("web-02")), 20'000);
        // Polled rather than read once: a RESTART_APPLICATION task opens an instance's connections anew.
        const auto othersConnected = [](const QMap<QString, int>& clients) {
            return clients.value(QStringLiteral("web-01")) == 2 && clients.value(QStringLiteral("web-03")) == 2
                && !clients.contains(QStringLiteral("web-02"));
        };
        QTRY_VERIFY_WITH_TIMEOUT(othersConnected(redisClients()), 5'000);
        QTRY_COMPARE_WITH_TIMEOUT(redisSubscribers(channel), 2, 5'000);
        QCOMPARE(sim.state(), QProcess::Running);

        QCOMPARE(::kill(pid_t(sim.processId()), SIGTERM), 0);
        QVERIFY(sim.waitForFinished(10'000));
        const QString output = processOutput(sim);
        QVERIFY2(sim.exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(QLatin1String("Redis GET hits")), qPrintable(output));
        // A stopped farm holds no connection.
        QTRY_VERIFY_WITH_TIMEOUT(!anyConnected(redisClients()), 5'000);
    }

    void lockBlocksOneInstance()
    {
        // From t=3 s for 12 s (longer than the instances' 10 s statement timeout, which the lock's
        // own instance waits out) the control session holds web-02's pending deliveries.
        TestDatabase database;
        QProcess sim;
        sim.start(SimPath,
            brisk(database.conninfo(), 3)
                + QStringList { QStringLiteral("--lock"), QStringLiteral("web-02@3+12"), QStringLiteral("--log-level"),
                    QStringLiteral("info") });
        QVERIFY(sim.waitForStarted());
        const QString blocked = QStringLiteral(R"(
            SELECT w.pid, c.pid, now()::text, c.xact_start::text FROM pg_stat_activity w, pg_stat_activity c
            WHERE w.datname = current_database() AND c.datname = current_database()
              AND w.application_name = 'paddock-sim web-02' AND w.wait_event_type = 'Lock'
              AND c.application_name = 'paddock-sim-control' AND pg_blocking_pids(w.pid) = ARRAY[c.pid])");
        QTRY_VERIFY_WITH_TIMEOUT(
            count(database, QStringLiteral("SELECT count(*) FROM (%1) b").arg(blocked)) == 1, 20'000);
        PgConnection db = database.connect();
        const PgResult holders = db.exec(blocked);
        QCOMPARE(holders.rows(), 1);
        const qint64 waiter = holders.integer(0, 0).value_or(0);
        const qint64 control = holders.integer(0, 1).value_or(0);
        const QString blockedAt = holders.text(0, 2);
        const QString lockedAt = holders.text(0, 3);
        // pg_locks says the same: web-02 waits for the transaction id the control session holds.
        QCOMPARE(scalar(db,
                     QStringLiteral("SELECT count(*) FROM pg_locks w JOIN pg_locks h ON h.locktype = 'transactionid' "
                                    "AND h.transactionid = w.transactionid AND h.granted WHERE w.locktype = "
                                    "'transactionid' AND NOT w.granted AND w.pid = $1 AND h.pid = $2"),
                     { waiter, control }),
            1);
        // Its heartbeats go on from a second session of its own, which nothing blocks.
        QCOMPARE(scalar(db,
                     QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'paddock-sim "
                                    "web-02' AND pid <> $1 AND cardinality(pg_blocking_pids(pid)) = 0"),
                     { waiter }),
            1);
        const QString web02 = QStringLiteral("(SELECT id FROM webfarm.server WHERE name = 'web-02')");
        QVERIFY(scalar(db,
                    QStringLiteral("SELECT count(*) FROM webfarm.server_task WHERE server_id = %1 AND "
                                   "processed_at IS NULL AND task_created_at < $1::timestamptz")
                        .arg(web02),
                    { blockedAt })
            > 0);

        // The lock ends (rolled back), its session goes, and web-02 works through what waited.
        QTRY_COMPARE_WITH_TIMEOUT(
            count(database,
                QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'paddock-sim-control'")),
            0, 20'000);
        QTRY_COMPARE_WITH_TIMEOUT(count(database,
                                      QStringLiteral("SELECT count(*) FROM webfarm.server_task WHERE server_id = %1 "
                                                     "AND processed_at IS NULL AND task_created_at < '%2'")
                                          .arg(web02, blockedAt)),
            0, 15'000);
        // Nothing of web-02's was completed from the moment it was seen blocked until the lock's end
        // (12 s after the control session's BEGIN; 1 s of margin), and it heartbeat all along
        // (every 0.5 s; a quarter of margin).
        const QString lockEnd = QStringLiteral("$2::timestamptz + interval '11 seconds'");
        QCOMPARE(scalar(db,
                     QStringLiteral("SELECT count(*) FROM webfarm.server_task WHERE server_id = %1 AND processed_at "
                                    "> $1::timestamptz AND processed_at < %2")
                         .arg(web02, lockEnd),
                     { blockedAt, lockedAt }),
            0);
        const qint64 heartbeats = scalar(db,
            QStringLiteral("SELECT count(*) FROM webfarm.heartbeat WHERE server_id = %1 AND received_at BETWEEN "
                           "$1::timestamptz AND %2")
                .arg(web02, lockEnd),
            { blockedAt, lockedAt });
        const qint64 span
            = scalar(db, QStringLiteral("SELECT floor(extract(epoch FROM %1 - $1::timestamptz))").arg(lockEnd),
                { blockedAt, lockedAt });
        QVERIFY2(span >= 5 && heartbeats >= span * 3 / 2,
            qPrintable(QStringLiteral("%1 heartbeats in %2 s").arg(heartbeats).arg(span)));
        // One session again once the lock is over.
        QTRY_COMPARE_WITH_TIMEOUT(
            count(database,
                QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'paddock-sim web-02'")),
            1, 10'000);

        QCOMPARE(::kill(pid_t(sim.processId()), SIGTERM), 0);
        QVERIFY(sim.waitForFinished(10'000));
        const QString output = processOutput(sim);
        QVERIFY2(sim.exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(QLatin1String("holds row locks on")), qPrintable(output));
        // The wait never became an error.
        QVERIFY2(!output.contains(QLatin1String("complete_task failed")), qPrintable(output));
        QCOMPARE(scalar(db,
                     QStringLiteral("SELECT count(*) FROM webfarm.server_task WHERE error_message LIKE "
                                    "'%statement timeout%'")),
            0);
    }

    void lockRefusedCarriesOn()
    {
        // An instance's login may not update server_task: one error, and the farm plays on.
        TestDatabase database;
        const QString login = database.createLoginRole(QStringLiteral("webfarm_instance"));
        QProcess sim;
        sim.start(SimPath,
            brisk(database.conninfo(login), 2)
                + QStringList { QStringLiteral("--lock"), QStringLiteral("web-01@1+2"), QStringLiteral("--lock"),
                    QStringLiteral("web-02@2+2"), QStringLiteral("--duration"), QStringLiteral("5"),
                    QStringLiteral("--log-level"), QStringLiteral("warn") });
        QVERIFY(sim.waitForFinished(30'000));
        const QString output = processOutput(sim);
        QVERIFY2(sim.exitCode() == 0, qPrintable(output));
        QCOMPARE(output.count(QLatin1String("refused")), 1);
        QVERIFY2(output.contains(QLatin1String("--lock needs a login that may read webfarm.server and update "
                                               "webfarm.server_task")),
            qPrintable(output));
        PgConnection db = database.connect();
        QVERIFY(
            scalar(db, QStringLiteral("SELECT count(*) FROM webfarm.server_task WHERE processed_at IS NOT NULL")) > 50);
    }

    void longTransaction()
    {
        TestDatabase database;
        QProcess sim;
        sim.start(SimPath,
            brisk(database.conninfo(), 2)
                + QStringList { QStringLiteral("--long-transaction"), QStringLiteral("1+6"),
                    QStringLiteral("--log-level"), QStringLiteral("warn") });
        QVERIFY(sim.waitForStarted());
        // Idle in a transaction that has an id and a snapshot, open for more than 5 s of its 6.
        QString opened;
        const auto holding = [&database, &opened] {
            try {
                PgConnection connection = database.connect();
                const PgResult result = connection.exec(QStringLiteral(
                    "SELECT xact_start::text FROM pg_stat_activity WHERE datname = current_database() AND "
                    "application_name = 'paddock-sim-control' AND state = 'idle in transaction' AND backend_xid IS "
                    "NOT NULL AND backend_xmin IS NOT NULL AND xact_start < now() - interval '5 seconds'"));
                opened = result.scalar();
                return result.rows();
            } catch (const PgError&) {
                return -1;
            }
        };
        QTRY_COMPARE_WITH_TIMEOUT(holding(), 1, 15'000);
        // Then it ends, within about 6 s of its start.
        QTRY_COMPARE_WITH_TIMEOUT(
            count(database,
                QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'paddock-sim-control'")),
            0, 5'000);
        PgConnection db = database.connect();
        const qint64 ms = scalar(
            db, QStringLiteral("SELECT (extract(epoch FROM now() - $1::timestamptz) * 1000)::bigint"), { opened });
        QVERIFY2(ms >= 5'000 && ms < 8'000, qPrintable(QString::number(ms)));
        QCOMPARE(::kill(pid_t(sim.processId()), SIGTERM), 0);
        QVERIFY(sim.waitForFinished(10'000));
        QCOMPARE(sim.exitCode(), 0);
    }

    void rollingDeploy()
    {
        // From t=2 s web-01, web-02 and web-03 restart on 14.0.0, 5 s apart; web-04 joins at 4 s on it.
        TestDatabase database;
        QProcess sim;
        sim.start(SimPath,
            brisk(database.conninfo(), 3)
                + QStringList { QStringLiteral("--deploy"), QStringLiteral("14.0.0@2"), QStringLiteral("--join"),
                    QStringLiteral("4"), QStringLiteral("--log-level"), QStringLiteral("warn") });
        QVERIFY(sim.waitForStarted());
        QTRY_COMPARE_WITH_TIMEOUT(
            count(database, QStringLiteral("SELECT count(*) FROM webfarm.server WHERE version = '14.0.0'")), 4, 30'000);
        PgConnection db = database.connect();
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM webfarm.server")), 4); // same names, same ids
        // Each original started on 13.0.1 and every STARTED after its first one on 14.0.0 says 14.0.0;
        // web-04 never ran anything else.
        const PgResult versions = db.exec(QStringLiteral(R"(
            WITH started AS (
                SELECT s.name, l.logged_at, substring(l.message FROM 'version (\S+)$') AS version
                FROM webfarm.server_log l JOIN webfarm.server s ON s.id = l.server_id WHERE l.code = 'STARTED'),
            upgraded AS (SELECT name, min(logged_at) AS at FROM started WHERE version = '14.0.0' GROUP BY name)
            SELECT s.name, (array_agg(s.version ORDER BY s.logged_at))[1],
                   count(*) FILTER (WHERE s.logged_at >= u.at AND s.version <> '14.0.0')
            FROM started s JOIN upgraded u USING (name) GROUP BY s.name ORDER BY s.name)"));
        QCOMPARE(versions.rows(), 4);
        for (int row = 0; row < versions.rows(); ++row) {
            const bool original = versions.text(row, 0) != QLatin1String("web-04");
            QCOMPARE(versions.text(row, 1), original ? QStringLiteral("13.0.1") : QStringLiteral("14.0.0"));
            QCOMPARE(versions.integer(row, 2).value_or(-1), 0);
        }
        // One at a time: each original's STARTED on 14.0.0 about 5 s after the previous one's, its
        // STOPPED about 1 s before it and after the previous one was back.
        const PgResult turns = db.exec(QStringLiteral(R"(
            WITH upgraded AS (
                SELECT s.id, s.name, min(l.logged_at) AS started FROM webfarm.server_log l
                JOIN webfarm.server s ON s.id = l.server_id
                WHERE l.code = 'STARTED' AND l.message LIKE '%version 14.0.0' AND s.name <> 'web-04'
                GROUP BY s.id, s.name),
            turns AS (
                SELECT u.name, u.started, (SELECT max(l.logged_at) FROM webfarm.server_log l WHERE l.server_id = u.id
                    AND l.code = 'STOPPED' AND l.logged_at < u.started) AS stopped FROM upgraded u)
            SELECT name, extract(epoch FROM started - lag(started) OVER w), extract(epoch FROM started - stopped),
                   extract(epoch FROM stopped - lag(started) OVER w)
            FROM turns WINDOW w AS (ORDER BY started) ORDER BY started)"));
        QCOMPARE(turns.rows(), 3);
        for (int row = 0; row < turns.rows(); ++row) {
            QCOMPARE(turns.text(row, 0), QStringLiteral("web-0%1").arg(row + 1));
            const double pause = turns.real(row, 2).value_or(-1);
            QVERIFY2(pause >= 0.95 && pause < 3, qPrintable(QString::number(pause)));
            if (row == 0)
                continue;
            const double spacing = turns.real(row, 1).value_or(-1);
            QVERIFY2(spacing >= 4 && spacing < 6.5, qPrintable(QString::number(spacing)));
            QVERIFY(turns.real(row, 3).value_or(-1) > 0);
        }
        QCOMPARE(::kill(pid_t(sim.processId()), SIGTERM), 0);
        QVERIFY(sim.waitForFinished(10'000));
        QCOMPARE(sim.exitCode(), 0);
    }

    // web-02 hangs at 3 s with a scheduled run open: the run stays unfinished, after the farm's stop
    // too, while the others go on claiming and finish every run of theirs.
    void crashDuringRunLeavesTheRunOpen()
    {
        TestDatabase database;
        QProcess sim;
        sim.start(SimPath,
            brisk(database.conninfo(), 3)
                + QStringList { QStringLiteral("--crash-during-run"), QStringLiteral("web-02@3"),
                    QStringLiteral("--log-level"), QStringLiteral("info") });
        QVERIFY(sim.waitForStarted());
        const QString web02 = QStringLiteral("(SELECT id FROM webfarm.server WHERE name = 'web-02')");
        // Open, and no heartbeat of web-02 for 3 s (it sends one every 0.5 s).
        QTRY_VERIFY_WITH_TIMEOUT(count(database,
                                     QStringLiteral("SELECT count(*) FROM webfarm.scheduled_run WHERE server_id = %1 "
                                                    "AND finished_at IS NULL AND started_at < now() - interval '3 s' "
                                                    "AND NOT EXISTS (SELECT 1 FROM webfarm.heartbeat WHERE server_id "
                                                    "= %1 AND received_at > now() - interval '3 s')")
                                         .arg(web02))
                >= 1,
            20'000);
        // The others claim the slots that come due after it (sitemap, every 10 s).
        QTRY_VERIFY_WITH_TIMEOUT(count(database,
                                     QStringLiteral("SELECT count(*) FROM webfarm.scheduled_run r WHERE NOT r.manual "
                                                    "AND r.server_id <> %1 AND r.started_at > (SELECT max(started_at) "
                                                    "FROM webfarm.scheduled_run WHERE server_id = %1)")
                                         .arg(web02))
                >= 1,
            20'000);
        QCOMPARE(::kill(pid_t(sim.processId()), SIGTERM), 0);
        QVERIFY(sim.waitForFinished(10'000));
        const QString output = processOutput(sim);
        QVERIFY2(sim.exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(QLatin1String("web-02: crashes during ")), qPrintable(output));

        PgConnection db = database.connect();
        // After the stop, the only open runs are web-02's, started before its last heartbeat.
        QCOMPARE(scalar(db,
                     QStringLiteral("SELECT count(*) FROM webfarm.scheduled_run WHERE finished_at IS NULL AND "
                                    "server_id <> %1")
                         .arg(web02)),
            0);
        QVERIFY(scalar(db,
                    QStringLiteral("SELECT count(*) FROM webfarm.scheduled_run WHERE finished_at IS NULL AND "
                                   "server_id = %1 AND started_at <= (SELECT max(received_at) FROM webfarm.heartbeat "
                                   "WHERE server_id = %1) + interval '1 s'")
                        .arg(web02))
            >= 1);
        // Nothing of web-02's finished after it stopped answering.
        QCOMPARE(scalar(db,
                     QStringLiteral("SELECT count(*) FROM webfarm.scheduled_run WHERE server_id = %1 AND finished_at > "
                                    "(SELECT max(received_at) FROM webfarm.heartbeat WHERE server_id = %1) + "
                                    "interval '1 s'")
                         .arg(web02)),
            0);
        // Claimed through the functions, no slot ran twice.
        QCOMPARE(scalar(db,
                     QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM webfarm.scheduled_run WHERE due_at IS NOT "
                                    "NULL GROUP BY scheduled_task_id, due_at HAVING count(*) > 1) twice")),
            0);
    }

    // web-01 runs due tasks without claiming them, writing its runs from the control session: slots
    // run twice, always one of them by web-01. The instances log in as instances.
    void unsafeSchedulerRunsSlotsTwice()
    {
        TestDatabase database;
        const QString login = database.createLoginRole(QStringLiteral("webfarm_instance"));
        QProcess sim;
        sim.start(SimPath,
            brisk(database.conninfo(login), 3)
                + QStringList { QStringLiteral("--unsafe-scheduler"), QStringLiteral("web-01"),
                    QStringLiteral("--control-connect"), database.conninfo(), QStringLiteral("--log-level"),
                    QStringLiteral("warn") });
        QVERIFY(sim.waitForStarted());
        const QString twice = QStringLiteral(
            "SELECT scheduled_task_id, due_at, count(*) AS runs, count(*) FILTER (WHERE server_id = (SELECT id FROM "
            "webfarm.server WHERE name = 'web-01')) AS unsafe FROM webfarm.scheduled_run WHERE due_at IS NOT NULL "
            "GROUP BY scheduled_task_id, due_at HAVING count(*) > 1");
        QTRY_VERIFY_WITH_TIMEOUT(
            count(database, QStringLiteral("SELECT count(*) FROM (%1) d").arg(twice)) >= 2, 30'000);
        QCOMPARE(::kill(pid_t(sim.processId()), SIGTERM), 0);
        QVERIFY(sim.waitForFinished(10'000));
        const QString output = processOutput(sim);
        QVERIFY2(sim.exitCode() == 0, qPrintable(output));

        PgConnection db = database.connect();
        // Every slot run twice was run once by web-01 and once by an instance that claimed it.
        QCOMPARE(
            scalar(db, QStringLiteral("SELECT count(*) FROM (%1) d WHERE runs <> 2 OR unsafe <> 1").arg(twice)), 0);
        QVERIFY(scalar(db,
                    QStringLiteral("SELECT count(*) FROM webfarm.scheduled_run r JOIN webfarm.server s ON s.id = "
                                   "r.server_id WHERE s.name = 'web-01' AND NOT r.manual"))
            > 0);
        // web-01 finished its runs through the function, as its own login.
        QCOMPARE(scalar(db,
                     QStringLiteral("SELECT count(*) FROM webfarm.scheduled_run r JOIN webfarm.server s ON s.id = "
                                    "r.server_id WHERE s.name = 'web-01' AND r.finished_at IS NULL")),
            0);

        // With the instances' login alone the writes are refused: one error, and the farm plays on.
        TestDatabase refused;
        const QString instance = refused.createLoginRole(QStringLiteral("webfarm_instance"));
        QProcess alone;
        alone.start(SimPath,
            brisk(refused.conninfo(instance), 2)
                + QStringList { QStringLiteral("--unsafe-scheduler"), QStringLiteral("web-01"),
                    QStringLiteral("--duration"), QStringLiteral("4"), QStringLiteral("--log-level"),
                    QStringLiteral("warn") });
        QVERIFY(alone.waitForFinished(30'000));
        const QString aloneOutput = processOutput(alone);
        QVERIFY2(alone.exitCode() == 0, qPrintable(aloneOutput));
        QCOMPARE(aloneOutput.count(QLatin1String("--unsafe-scheduler refused")), 1);
        PgConnection other = refused.connect();
        QVERIFY(scalar(other, QStringLiteral("SELECT count(*) FROM webfarm.scheduled_run")) >= 5);
        QCOMPARE(scalar(other,
                     QStringLiteral("SELECT count(*) FROM webfarm.scheduled_run r JOIN webfarm.server s ON s.id = "
                                    "r.server_id WHERE s.name = 'web-01' AND NOT r.manual")),
            0);
    }

    // A second process registers as web-01 at 2 s with the same login and heartbeats beside the
    // first: DUPLICATE_NAME once, for web-01 only; two sessions of web-01's name.
    void duplicateNameIsLogged()
    {
        TestDatabase database;
        const QString login = database.createLoginRole(QStringLiteral("webfarm_instance"));
        QProcess sim;
        sim.start(SimPath,
            brisk(database.conninfo(login), 2)
                + QStringList { QStringLiteral("--duplicate-name"), QStringLiteral("web-01@2"),
                    QStringLiteral("--log-level"), QStringLiteral("warn") });
        QVERIFY(sim.waitForStarted());
        const QString duplicates = QStringLiteral(
            "SELECT count(*) FROM webfarm.server_log l JOIN webfarm.server s ON s.id = l.server_id WHERE l.code = "
            "'DUPLICATE_NAME' AND s.name = '%1'");
        QTRY_COMPARE_WITH_TIMEOUT(count(database, duplicates.arg(QLatin1String("web-01"))), 1, 20'000);
        QTRY_COMPARE_WITH_TIMEOUT(
            count(database,
                QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'paddock-sim web-01'")),
            2, 10'000);
        PgConnection db = database.connect();
        QVERIFY(db.exec(QStringLiteral("SELECT message FROM webfarm.server_log WHERE code = 'DUPLICATE_NAME'"))
                    .scalar()
                    .endsWith(QLatin1String("while still heartbeating: two processes may share this name")));
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM webfarm.server WHERE name = 'web-01'")), 1);
        QCOMPARE(scalar(db,
                     QStringLiteral("SELECT count(*) FROM webfarm.server_log l JOIN webfarm.server s ON s.id = "
                                    "l.server_id WHERE l.code = 'STARTED' AND s.name = 'web-01'")),
            2);
        // Both heartbeat: twice web-02's rate over the last 3 s (every 0.5 s each; a margin of a third).
        QTRY_VERIFY_WITH_TIMEOUT(
            count(database,
                QStringLiteral("SELECT count(*) FROM webfarm.heartbeat h JOIN webfarm.server s ON s.id = h.server_id "
                               "WHERE s.name = 'web-01' AND h.received_at > now() - interval '3 s'"))
                >= 10,
            5'000);
        QCOMPARE(::kill(pid_t(sim.processId()), SIGTERM), 0);
        QVERIFY(sim.waitForFinished(10'000));
        QCOMPARE(sim.exitCode(), 0);
        QCOMPARE(scalar(db, duplicates.arg(QLatin1String("web-02"))), 0);
        QCOMPARE(scalar(db, duplicates.arg(QLatin1String("web-01"))), 1);
    }

    void dryRunIsDeterministic()
    {
        auto dryRun = [](const QString& seed) {
            QProcess sim;
            // Port 1 on the loopback: a dry run that tried to connect would fail.
            sim.start(SimPath,
                { QStringLiteral("--connect"), QStringLiteral("host=127.0.0.1 port=1"), QStringLiteral("--scenario"),
                    QStringLiteral("incident"), QStringLiteral("--seed"), seed, QStringLiteral("--dry-run") });
            if (!sim.waitForFinished(10'000) || sim.exitStatus() != QProcess::NormalExit || sim.exitCode() != 0)
                return QString();
            return QString::fromUtf8(sim.readAllStandardOutput());
        };
        const QString first = dryRun(QStringLiteral("42"));
        const QString second = dryRun(QStringLiteral("42"));
        const QString other = dryRun(QStringLiteral("43"));
        QVERIFY(!first.isEmpty());
        QCOMPARE(second, first);
        QVERIFY(other != first);
        QVERIFY(first.contains(QLatin1String("seed 42")));
        QVERIFY(first.contains(QLatin1String("web-07")));
        QVERIFY(first.contains(QLatin1String("t=20s     crash web-03 during a scheduled run")));
        QVERIFY(first.contains(QLatin1String("scheduled tasks (every instance registers them")));
        QVERIFY(first.contains(QLatin1String("t=95s     lock on web-05's deliveries for 20s")));
        QVERIFY(first.contains(QLatin1String("first 10 tasks")));
    }

    void badCommandLine()
    {
        QProcess sim;
        sim.start(SimPath, { QStringLiteral("--dry-run"), QStringLiteral("--leave"), QStringLiteral("web-09@5") });
        QVERIFY(sim.waitForFinished(10'000));
        QCOMPARE(sim.exitCode(), 2);
        const QString error = QString::fromLocal8Bit(sim.readAllStandardError());
        QVERIFY2(error.contains(QLatin1String("--leave web-09@5: no instance \"web-09\"")), qPrintable(error));
    }

    void noSchemaIsAnError()
    {
        TestDatabase database(TestDatabase::Schema::Absent);
        QProcess sim;
        sim.start(SimPath,
            { QStringLiteral("--connect"), database.conninfo(), QStringLiteral("--instances"), QStringLiteral("2"),
                QStringLiteral("--duration"), QStringLiteral("30"), QStringLiteral("--log-level"),
                QStringLiteral("off") });
        QVERIFY(sim.waitForFinished(15'000));
        QCOMPARE(sim.exitCode(), 1);
        const QString error = QString::fromLocal8Bit(sim.readAllStandardError());
        QVERIFY2(error.contains(QLatin1String("paddock schema install")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestSimulator)
#include "tst_simulator.moc"
