// A sick database never makes Paddock lie, freeze or go blind (DESIGN.md section 4). Each test
// injects one fault into what it started (the private cluster of scripts/test by pid, a second
// cluster, a loopback proxy), asserts the time to report it and to recover, and that the figures
// after recovery equal those computed in SQL from the tables.

#include "engine.h"
#include "farmreader.h"
#include "faultinjection.h"
#include "pgerror.h"
#include "reporttext.h"
#include "schemamigrator.h"
#include "testdatabase.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QtTest>

using namespace Paddock;
using namespace Paddock::Test;

namespace {

// Defaults: a frozen backend or server is reported within 7 s, and fresh data follows within 2 s
// of the database answering again.
constexpr int ReportWithinMs = 7000;
constexpr int RecoverWithinMs = 2000;

qint64 scalar(PgConnection& connection, const QString& sql, const QVariantList& params = {})
{
    return call(connection, sql, params);
}

// The test's own session never waits long on a cluster it froze.
ConnectOptions writerOptions()
{
    ConnectOptions options;
    options.applicationName = QStringLiteral("paddock-test");
    options.statementTimeoutMs = 5000;
    return options;
}

// A farm of three instances written through the protocol functions.
class Farm {
public:
    Farm(PgConnection connection, int tasks)
        : m_writer(std::move(connection))
    {
        for (const char* name : { "web-01", "web-02", "web-03" })
            m_servers.append(
                scalar(m_writer, QStringLiteral("SELECT webfarm.register_server($1, $1, 'host', 'zone-a', '1')"),
                    { QLatin1String(name) }));
        work(tasks);
    }

    // `tasks` tasks from web-01; web-02 processes its deliveries (one in five failed), web-03 none.
    void work(int tasks)
    {
        for (int i = 0; i < tasks; ++i) {
            const qint64 task
                = scalar(m_writer, QStringLiteral("SELECT webfarm.create_task($1, 'REMOVE_CACHE_ITEM', $2)"),
                    { m_servers.at(0), QStringLiteral("key-%1").arg(++m_created) });
            m_writer.exec(QStringLiteral("SELECT webfarm.complete_task($1, $2, $3)"),
                { m_servers.at(1), task, m_created % 5 == 0 ? QVariant(QStringLiteral("failed")) : QVariant() });
        }
        for (qint64 server : std::as_const(m_servers))
            m_writer.exec(QStringLiteral("SELECT webfarm.heartbeat($1, clock_timestamp())"), { server });
    }

    PgConnection& writer() { return m_writer; }

private:
    PgConnection m_writer;
    QList<qint64> m_servers;
    int m_created = 0;
};

// The figures the engine must show, from the tables (the 600 s window covers every test).
struct Expected {
    qint64 tasks = 0;
    qint64 processed = 0;
    qint64 failed = 0;
    qint64 backlog = 0;
    qint64 servers = 0;
};

Expected expectedFrom(PgConnection& connection)
{
    Expected e;
    e.tasks = scalar(connection, QStringLiteral("SELECT count(*) FROM webfarm.task"));
    e.processed
        = scalar(connection, QStringLiteral("SELECT count(*) FROM webfarm.server_task WHERE processed_at IS NOT NULL"));
    e.failed = scalar(
        connection, QStringLiteral("SELECT count(*) FROM webfarm.server_task WHERE error_message IS NOT NULL"));
    e.backlog
        = scalar(connection, QStringLiteral("SELECT count(*) FROM webfarm.server_task WHERE processed_at IS NULL"));
    e.servers = scalar(connection, QStringLiteral("SELECT count(*) FROM webfarm.server"));
    return e;
}

QString describe(const FarmSnapshot& s)
{
    return QStringLiteral("tasks %1, processed %2, failed %3, backlog %4, servers %5")
        .arg(s.farm.tasksCreated)
        .arg(s.farm.deliveriesProcessed)
        .arg(s.farm.deliveriesFailed)
        .arg(s.farm.backlog)
        .arg(s.farm.servers);
}

bool matches(const FarmSnapshot& s, const Expected& e)
{
    return s.farm.tasksCreated == e.tasks && s.farm.deliveriesProcessed == e.processed
        && s.farm.deliveriesFailed == e.failed && s.farm.backlog == e.backlog && s.farm.servers == e.servers;
}

// An engine with every state and update it reported, stamped on one clock.
class Observed {
public:
    explicit Observed(const QString& conninfo, int windowS = 600)
    {
        EngineSettings settings;
        settings.conninfo = conninfo;
        settings.windowS = windowS;
        engine = std::make_unique<Engine>(settings);
        clock.start();
        QObject::connect(
            engine.get(), &Engine::connectionStateChanged, engine.get(), [this](const ConnectionState& state) {
                states.append({ clock.elapsed(), state });
            });
        QObject::connect(engine.get(), &Engine::updated, engine.get(), [this](const EngineUpdate& update) {
            updates.append({ clock.elapsed(), update.snapshot });
        });
        QObject::connect(engine.get(), &Engine::refreshFailed, engine.get(),
            [this](const QString& error) { failures.append(error); });
        QObject::connect(
            engine.get(), &Engine::resynced, engine.get(), [this](const QString& reason) { resyncs.append(reason); });
        engine->start();
    }

    // When the engine first reported `state` at or after `since` (ms on the clock); -1 on time-out.
    qint64 waitForState(ConnectionState::State state, qint64 since, int timeoutMs)
    {
        qint64 at = -1;
        [[maybe_unused]] const bool reached = QTest::qWaitFor(
            [&] {
                for (const auto& [ms, reported] : std::as_const(states)) {
                    if (ms >= since && reported.state == state) {
                        at = ms;
                        return true;
                    }
                }
                return false;
            },
            timeoutMs);
        return at;
    }

    // When the first update at or after `since` arrived; -1 on time-out.
    qint64 waitForUpdate(qint64 since, int timeoutMs)
    {
        qint64 at = -1;
        [[maybe_unused]] const bool reached = QTest::qWaitFor(
            [&] {
                for (const auto& [ms, snapshot] : std::as_const(updates)) {
                    if (ms >= since) {
                        at = ms;
                        return true;
                    }
                }
                return false;
            },
            timeoutMs);
        return at;
    }

    // Whether the engine comes to show the figures the tables hold now.
    bool shows(PgConnection& tables) { return waitForFigures(expectedFrom(tables), 10000); }
    QString lastFigures() const
    {
        return updates.isEmpty() ? QStringLiteral("no update") : describe(updates.last().second);
    }

    bool waitForFigures(const Expected& expected, int timeoutMs)
    {
        return QTest::qWaitFor(
            [&] { return !updates.isEmpty() && matches(updates.last().second, expected); }, timeoutMs);
    }

    // The engine's own session, as the server sees it.
    qint64 backendPid(PgConnection& admin, const QString& database) const
    {
        return scalar(admin,
            QStringLiteral("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'paddock' "
                           "ORDER BY backend_start DESC LIMIT 1"),
            { database });
    }

    std::unique_ptr<Engine> engine;
    QElapsedTimer clock;
    QList<std::pair<qint64, ConnectionState>> states;
    QList<std::pair<qint64, FarmSnapshot>> updates;
    QStringList failures;
    QStringList resyncs;
};

} // namespace

class TestFaults : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!Test::requireCluster())
            return;
        if (postmasterPid() == 0)
            QFAIL("the fault tests need the private cluster of scripts/test (PADDOCK_PG_DIR)");
    }

    void aFrozenBackendIsReportedAndReplaced()
    {
        TestDatabase db;
        Farm farm(db.connect({}, writerOptions()), 20);
        Observed observed(db.conninfo());
        QVERIFY2(observed.shows(farm.writer()), qPrintable(observed.lastFigures()));

        const qint64 pid = observed.backendPid(farm.writer(), db.name());
        QVERIFY(pid > 0);
        Freeze freeze({ pid });
        const qint64 frozenAt = observed.clock.elapsed();
        const qint64 reportedAt = observed.waitForState(ConnectionState::State::NotAnswering, frozenAt, 15000);
        QVERIFY2(reportedAt >= 0, "a frozen backend was never reported");
        QVERIFY2(reportedAt - frozenAt <= ReportWithinMs, qPrintable(QString::number(reportedAt - frozenAt)));
        // The database itself answers: a fresh session brings fresh data at once.
        const qint64 recoveredAt = observed.waitForUpdate(reportedAt, 10000);
        QVERIFY(recoveredAt >= 0);
        QVERIFY2(recoveredAt - reportedAt <= RecoverWithinMs, qPrintable(QString::number(recoveredAt - reportedAt)));
        qInfo("frozen backend: reported after %lld ms, fresh data %lld ms later", reportedAt - frozenAt,
            recoveredAt - reportedAt);
        freeze.thaw();

        farm.work(10);
        const Expected expected = expectedFrom(farm.writer());
        QVERIFY2(observed.waitForFigures(expected, 5000), qPrintable(observed.lastFigures()));
        QVERIFY(observed.failures.isEmpty());
    }

    void aFrozenClusterIsReportedAndRecovered()
    {
        TestDatabase db;
        Farm farm(db.connect({}, writerOptions()), 20);
        Observed observed(db.conninfo());
        QVERIFY2(observed.shows(farm.writer()), qPrintable(observed.lastFigures()));

        Freeze freeze(Freeze::wholeCluster());
        QVERIFY(freeze.isFrozen());
        const qint64 frozenAt = observed.clock.elapsed();
        const qint64 reportedAt = observed.waitForState(ConnectionState::State::NotAnswering, frozenAt, 15000);
        QVERIFY2(reportedAt >= 0, "a frozen cluster was never reported");
        QVERIFY2(reportedAt - frozenAt <= ReportWithinMs, qPrintable(QString::number(reportedAt - frozenAt)));
        // While it stays frozen nothing claims to be fresh: no update, the state stays lost.
        const qsizetype updatesBefore = observed.updates.size();
        QTest::qWait(3000);
        QCOMPARE(observed.updates.size(), updatesBefore);
        QVERIFY(observed.engine->connectionState().isLost());

        freeze.thaw();
        const qint64 thawedAt = observed.clock.elapsed();
        const qint64 recoveredAt = observed.waitForUpdate(thawedAt, 10000);
        QVERIFY(recoveredAt >= 0);
        QVERIFY2(recoveredAt - thawedAt <= RecoverWithinMs, qPrintable(QString::number(recoveredAt - thawedAt)));
        QCOMPARE(observed.engine->connectionState().state, ConnectionState::State::Connected);
        qInfo("frozen cluster: reported after %lld ms, fresh data %lld ms after the thaw", reportedAt - frozenAt,
            recoveredAt - thawedAt);

        farm.work(10);
        const Expected expected = expectedFrom(farm.writer());
        QVERIFY2(observed.waitForFigures(expected, 5000), qPrintable(observed.lastFigures()));
    }

    void aRestartIsRecovered()
    {
        TestDatabase db;
        Expected expected;
        {
            Farm farm(db.connect({}, writerOptions()), 20);
            expected = expectedFrom(farm.writer());
        }
        Observed observed(db.conninfo());
        QVERIFY(observed.waitForFigures(expected, 10000));

        QString error;
        const qint64 stoppedAt = observed.clock.elapsed();
        QVERIFY2(controlCluster(QStringLiteral("restart"), &error), qPrintable(error));
        const qint64 answeringAt = observed.clock.elapsed();
        const qint64 reportedAt = observed.waitForState(ConnectionState::State::Reconnecting, stoppedAt, 10000);
        QVERIFY2(reportedAt >= 0, "the restart was never reported");
        const qint64 recoveredAt = observed.waitForUpdate(answeringAt, 10000);
        QVERIFY(recoveredAt >= 0);
        QVERIFY2(recoveredAt - answeringAt <= RecoverWithinMs, qPrintable(QString::number(recoveredAt - answeringAt)));
        qInfo("restart: reported after %lld ms, fresh data %lld ms after the server accepted sessions again",
            reportedAt - stoppedAt, recoveredAt - answeringAt);

        Farm more(db.connect({}, writerOptions()), 5);
        expected = expectedFrom(more.writer());
        QVERIFY2(observed.waitForFigures(expected, 5000), qPrintable(observed.lastFigures()));
    }

    void aKilledSessionIsReplaced()
    {
        TestDatabase db;
        Farm farm(db.connect({}, writerOptions()), 20);
        Observed observed(db.conninfo());
        QVERIFY2(observed.shows(farm.writer()), qPrintable(observed.lastFigures()));

        const qint64 pid = observed.backendPid(farm.writer(), db.name());
        const qint64 killedAt = observed.clock.elapsed();
        QCOMPARE(scalar(farm.writer(), QStringLiteral("SELECT pg_terminate_backend($1::int)::int"), { pid }), 1);
        const qint64 reportedAt = observed.waitForState(ConnectionState::State::Reconnecting, killedAt, 10000);
        QVERIFY2(reportedAt >= 0, "the killed session was never reported");
        QVERIFY2(reportedAt - killedAt <= ReportWithinMs, qPrintable(QString::number(reportedAt - killedAt)));
        const qint64 recoveredAt = observed.waitForUpdate(reportedAt, 10000);
        QVERIFY(recoveredAt >= 0);
        QVERIFY2(recoveredAt - killedAt <= RecoverWithinMs, qPrintable(QString::number(recoveredAt - killedAt)));
        QVERIFY(observed.backendPid(farm.writer(), db.name()) != pid);
        qInfo("killed session: reported after %lld ms, fresh data %lld ms after the kill", reportedAt - killedAt,
            recoveredAt - killedAt);

        farm.work(10);
        QVERIFY2(observed.shows(farm.writer()), qPrintable(observed.lastFigures()));
    }

    void aStalledNetworkIsReportedAndRecovered()
    {
        TestDatabase db;
        Farm farm(db.connect({}, writerOptions()), 20);
        StallingProxy proxy(qEnvironmentVariableIntValue("PGPORT"));
        Observed observed(QStringLiteral("host=127.0.0.1 port=%1 dbname=%2").arg(proxy.port()).arg(db.name()));
        QVERIFY2(observed.shows(farm.writer()), qPrintable(observed.lastFigures()));

        proxy.setStalled(true);
        const qint64 stalledAt = observed.clock.elapsed();
        const qint64 reportedAt = observed.waitForState(ConnectionState::State::NotAnswering, stalledAt, 15000);
        QVERIFY2(reportedAt >= 0, "a stalled network was never reported");
        QVERIFY2(reportedAt - stalledAt <= ReportWithinMs, qPrintable(QString::number(reportedAt - stalledAt)));
        // The writes go on directly, beside the stalled path.
        farm.work(10);
        const Expected expected = expectedFrom(farm.writer());

        proxy.setStalled(false);
        const qint64 resumedAt = observed.clock.elapsed();
        const qint64 recoveredAt = observed.waitForUpdate(resumedAt, 10000);
        QVERIFY(recoveredAt >= 0);
        QVERIFY2(recoveredAt - resumedAt <= RecoverWithinMs, qPrintable(QString::number(recoveredAt - resumedAt)));
        qInfo("stalled network: reported after %lld ms, fresh data %lld ms after it flowed again",
            reportedAt - stalledAt, recoveredAt - resumedAt);
        // The gap is backfilled: every write made during the stall is counted once.
        QVERIFY2(observed.waitForFigures(expected, 5000), qPrintable(observed.lastFigures()));
    }

    // Away longer than the window (a laptop that slept): the window is reloaded, not every row of
    // the gap read back.
    void aGapLongerThanTheWindowReloadsIt()
    {
        TestDatabase db;
        Farm farm(db.connect({}, writerOptions()), 5);
        StallingProxy proxy(qEnvironmentVariableIntValue("PGPORT"));
        Observed observed(QStringLiteral("host=127.0.0.1 port=%1 dbname=%2").arg(proxy.port()).arg(db.name()), 3);
        QVERIFY(QTest::qWaitFor([&] { return !observed.updates.isEmpty(); }, 10000));
        proxy.setStalled(true);
        const qint64 stalledAt = observed.clock.elapsed();
        QVERIFY(observed.waitForState(ConnectionState::State::NotAnswering, stalledAt, 15000) >= 0);
        farm.work(5);
        proxy.setStalled(false);
        QVERIFY2(QTest::qWaitFor([&] { return !observed.resyncs.isEmpty(); }, 10000), "the long gap was read back");
        QVERIFY2(observed.resyncs.first().contains(QLatin1String("longer than the 3 s window")),
            qPrintable(observed.resyncs.first()));
        // The reloaded window holds exactly the rows of the last 3 s, as SQL counts them.
        const qint64 since = observed.clock.elapsed();
        QVERIFY(observed.waitForUpdate(since, 5000) >= 0);
        const FarmSnapshot& shown = observed.updates.last().second;
        QCOMPARE(shown.farm.backlog,
            scalar(
                farm.writer(), QStringLiteral("SELECT count(*) FROM webfarm.server_task WHERE processed_at IS NULL")));
        QCOMPARE(shown.farm.tasksCreated,
            scalar(farm.writer(),
                QStringLiteral(
                    "SELECT count(*) FROM webfarm.task WHERE created_at > to_timestamp($1::bigint / 1000.0)"),
                { shown.generatedAt.addSecs(-3).toMSecsSinceEpoch() }));
    }

    void anotherClusterUnderTheSameAddressStartsAResync()
    {
        ExtraCluster other;
        QVERIFY2(other.isRunning(), qPrintable(other.error()));
        TestDatabase db;
        Farm farm(db.connect({}, writerOptions()), 20);

        // The same database name and schema on the other cluster, with a smaller farm.
        {
            PgConnection admin = PgConnection::open(other.conninfo(QStringLiteral("postgres")), writerOptions());
            admin.exec(QStringLiteral("CREATE DATABASE %1").arg(db.name()));
        }
        PgConnection promoted = PgConnection::open(other.conninfo(db.name()), writerOptions());
        SchemaMigrator(promoted).install();
        Farm otherFarm(std::move(promoted), 3);
        const Expected expectedThere = expectedFrom(otherFarm.writer());

        StallingProxy proxy(qEnvironmentVariableIntValue("PGPORT"));
        Observed observed(QStringLiteral("host=127.0.0.1 port=%1 dbname=%2").arg(proxy.port()).arg(db.name()));
        QVERIFY2(observed.shows(farm.writer()), qPrintable(observed.lastFigures()));

        proxy.setUpstreamPort(other.port());
        proxy.dropConnections();
        const qint64 switchedAt = observed.clock.elapsed();
        QVERIFY2(QTest::qWaitFor([&] { return !observed.resyncs.isEmpty(); }, 10000),
            "the change of cluster went unnoticed");
        QVERIFY2(
            observed.resyncs.first().contains(QLatin1String("another cluster")), qPrintable(observed.resyncs.first()));
        QVERIFY2(observed.waitForFigures(expectedThere, 5000), qPrintable(observed.lastFigures()));
        qInfo("change of cluster: resync and the other cluster's figures %lld ms after the switch",
            observed.updates.last().first - switchedAt);
    }

    void notificationsThatStopAreNoticed()
    {
        TestDatabase db;
        Farm farm(db.connect({}, writerOptions()), 5);
        Observed observed(db.conninfo());
        QVERIFY2(observed.shows(farm.writer()), qPrintable(observed.lastFigures()));
        QVERIFY(observed.engine->connectionState().notifications);
        // The gate (a sequence since version 4) is logged: it survives a crash and a promotion.
        QCOMPARE(
            farm.writer()
                .exec(QStringLiteral("SELECT relpersistence FROM pg_class WHERE oid = 'webfarm.notify_tick'::regclass"))
                .scalar(),
            QStringLiteral("p"));

        // A gate that never opens again (what a crash did to the version 2 gate): no writer notifies.
        farm.writer().exec(QStringLiteral("SELECT setval('webfarm.notify_tick', 9000000000000000000)"));
        const qint64 silencedAt = observed.clock.elapsed();
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         farm.work(1);
                         return !observed.engine->connectionState().notifications;
                     },
                     15000),
            "writes without notifications went unnoticed");
        qInfo("silent notifications noticed (listening again, then polling) after %lld ms",
            observed.clock.elapsed() - silencedAt);
        // Polling keeps the picture exact.
        farm.work(3);
        QVERIFY2(observed.shows(farm.writer()), qPrintable(observed.lastFigures()));
    }

    void badRowsAreSetAsideAndCounted()
    {
        TestDatabase db;
        Farm farm(db.connect({}, writerOptions()), 10);
        Observed observed(db.conninfo());
        QVERIFY2(observed.shows(farm.writer()), qPrintable(observed.lastFigures()));

        PgConnection& w = farm.writer();
        const qint64 server = scalar(w, QStringLiteral("SELECT min(id) FROM webfarm.server"));
        w.exec(QStringLiteral("SELECT webfarm.register_storage('media', 's3', 'bucket')"));
        // One of each kind, beside good rows.
        w.exec(QStringLiteral("SELECT webfarm.heartbeat($1, 'infinity')"), { server });
        w.exec(QStringLiteral("INSERT INTO webfarm.heartbeat (server_id, sent_at, received_at) VALUES ($1, "
                              "clock_timestamp(), clock_timestamp() + interval '1 year')"),
            { server });
        w.exec(QStringLiteral("SELECT webfarm.heartbeat($1, clock_timestamp(), 10, -5, 3, 100)"), { server });
        w.exec(QStringLiteral("SELECT webfarm.report_storage_probe($1, 'media', true, 'NaN')"), { server });
        w.exec(QStringLiteral("SELECT webfarm.report_storage_probe($1, 'media', true, -1)"), { server });
        const qint64 oldTask = scalar(w,
            QStringLiteral("INSERT INTO webfarm.task (type, target, created_at) VALUES ('REMOVE_CACHE_ITEM', 'x', "
                           "'-infinity') RETURNING id"));
        w.exec(QStringLiteral("INSERT INTO webfarm.server_task (task_id, server_id, processed_at, task_created_at) "
                              "VALUES ($1, $2, clock_timestamp(), '-infinity')"),
            { oldTask, server });
        w.exec(QStringLiteral("SELECT webfarm.log_event($1, 'ERROR', repeat('x', 10000000))"), { server });
        w.exec(QStringLiteral("UPDATE webfarm.server SET display_name = E'evil\\x1b[31m<b>red</b>' WHERE id = $1"),
            { server });
        w.exec(QStringLiteral("UPDATE webfarm.server SET registered_at = 'infinity' WHERE name = 'web-03'"));
        w.exec(
            QStringLiteral("INSERT INTO webfarm.server_log (server_id, logged_at, code) VALUES ($1, 'infinity', 'X')"),
            { server });
        w.exec(QStringLiteral("INSERT INTO webfarm.storage_probe (storage_id, server_id, probed_at, ok) SELECT id, $1, "
                              "clock_timestamp() + interval '1 day', true FROM webfarm.storage"),
            { server });
        // A pending delivery of a task at -infinity: it counts in the backlog, not in its age.
        const qint64 ancient = scalar(w,
            QStringLiteral("INSERT INTO webfarm.task (type, target, created_at) VALUES ('REMOVE_CACHE_ITEM', 'y', "
                           "'-infinity') RETURNING id"));
        w.exec(QStringLiteral("INSERT INTO webfarm.server_task (task_id, server_id, task_created_at) VALUES ($1, $2, "
                              "'-infinity')"),
            { ancient, server });
        farm.work(10);

        // Good rows only: the task and delivery at -infinity are set aside.
        Expected expected = expectedFrom(w);
        expected.tasks -= 2;
        expected.processed -= 1;
        const QMap<QString, qint64> ignored { { QStringLiteral("counter_negative"), 1 },
            { QStringLiteral("delivery_time_out_of_range"), 1 }, { QStringLiteral("event_time_out_of_range"), 1 },
            { QStringLiteral("heartbeat_time_out_of_range"), 2 }, { QStringLiteral("latency_invalid"), 2 },
            { QStringLiteral("pending_time_out_of_range"), 1 }, { QStringLiteral("probe_time_out_of_range"), 1 },
            { QStringLiteral("server_time_out_of_range"), 1 }, { QStringLiteral("task_time_out_of_range"), 2 },
            { QStringLiteral("text_control_characters"), 1 }, { QStringLiteral("text_truncated"), 1 } };
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         return !observed.updates.isEmpty() && matches(observed.updates.last().second, expected)
                             && observed.updates.last().second.ignoredRows == ignored;
                     },
                     10000),
            qPrintable(describe(observed.updates.last().second) + QStringLiteral(" ignored: ")
                + QString::fromUtf8(
                    QJsonDocument(observed.updates.last().second.toJson()[QLatin1String("ignored_rows")].toObject())
                        .toJson(QJsonDocument::Compact))));
        QVERIFY2(observed.failures.isEmpty(), qPrintable(observed.failures.join(QLatin1Char('\n'))));
        const FarmSnapshot& shown = observed.updates.last().second;
        for (const ServerFigures& figures : shown.servers) {
            if (figures.server.id == server)
                QCOMPARE(figures.server.displayName, QStringLiteral("evil\ufffd[31m<b>red</b>"));
        }
        // The report's text never passes a control character to a terminal.
        FarmSnapshot hostile = shown;
        hostile.servers.first().server.name = QStringLiteral("web\x1b]0;owned\x07");
        const QString text = formatReport(hostile);
        QVERIFY(!text.contains(QChar(0x1b)) && !text.contains(QChar(0x07)));
        QVERIFY2(text.contains(QLatin1String("web\\x1b]0;owned\\x07")), qPrintable(text));

        // A fresh reader loads the window by time: the same rows set aside, except the task at
        // -infinity, which lies outside any window rather than being unplaceable.
        PgConnection reading = db.connect({}, writerOptions());
        FarmReader reader(600);
        const ReadDelta delta = reader.refresh(reading);
        QMap<QString, qint64> inWindow = ignored;
        inWindow.remove(QStringLiteral("task_time_out_of_range"));
        QCOMPARE(reader.data().ignoredRows, inWindow);
        // The 10 MB message cost its first kilobyte, and says how long it was.
        bool seen = false;
        for (const EventRow& event : delta.events) {
            if (event.code != QLatin1String("ERROR"))
                continue;
            seen = true;
            QVERIFY(event.message.size() < 1100);
            QVERIFY2(event.message.endsWith(QLatin1String("[truncated from 10000000 bytes]")),
                qPrintable(event.message.right(60)));
        }
        QVERIFY(seen);
    }
};

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
