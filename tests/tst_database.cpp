// The database server's own health (DESIGN.md section 7): the figures and the status rule from
// hand-built rows, then against the private cluster — a lock wait and a long transaction made by
// the test appear with the right pids and ages, every figure equals the catalog views queried by
// the test, and a login without pg_monitor sees what it can and says what it cannot.

#include "databasehealth.h"
#include "displayformat.h"
#include "farmreader.h"
#include "figures.h"
#include "reporttext.h"
#include "snapshotcodec.h"
#include "testdatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <thread>

using namespace Paddock;
using namespace Paddock::Test;

namespace {

const QDateTime Now = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);

SessionRow session(qint64 pid, const QString& application, const QString& user = QStringLiteral("app"))
{
    SessionRow row;
    row.pid = pid;
    row.applicationName = application;
    row.user = user;
    row.clientAddr = QStringLiteral("10.0.0.5");
    row.state = QStringLiteral("active");
    return row;
}

SessionRow inTransaction(SessionRow row, double ageS)
{
    row.xactStart = Now.addMSecs(-qint64(ageS * 1000));
    return row;
}

SessionRow waiting(SessionRow row, QList<qint64> blockers, double forS)
{
    row.blockedBy = std::move(blockers);
    row.lockWaitStart = Now.addMSecs(-qint64(forS * 1000));
    row.waitEventType = QStringLiteral("Lock");
    row.waitEvent = QStringLiteral("transactionid");
    return row;
}

const QStringList Instances { QStringLiteral("web-01"), QStringLiteral("web-02"), QStringLiteral("web-03") };

// A snapshot of the three instances, all healthy, and the database read from `rows`.
FarmSnapshot snapshotWith(const DatabaseRows& rows, const DatabaseThresholds& thresholds = {})
{
    FarmSnapshot snapshot;
    snapshot.generatedAt = Now;
    for (const QString& name : Instances) {
        ServerFigures server;
        server.server.name = name;
        server.status = ServerStatus::Healthy;
        snapshot.servers.append(server);
    }
    snapshot.farm.servers = Instances.size();
    snapshot.farm.byStatus[statusName(ServerStatus::Healthy)] = Instances.size();
    snapshot.farm.byStatus[statusName(ServerStatus::Degraded)] = 0;
    Database::apply(snapshot, Database::figures(rows, Now, Instances, thresholds), thresholds);
    return snapshot;
}

// A lock wait: `holder` (application_name psql) updates instance `serverId`'s row in a transaction
// it keeps open; a session named `waiterApplication`, in a thread of its own, updates the same row
// and waits. Ends (the holder rolls back, the waiter finishes) when it goes, whatever failed.
class LockWait {
public:
    LockWait(const TestDatabase& database, qint64 serverId, const QString& waiterApplication)
    {
        ConnectOptions options;
        options.applicationName = QStringLiteral("psql");
        m_holder = database.connect({}, options);
        m_holderPid = call(m_holder, QStringLiteral("SELECT pg_backend_pid()"));
        m_holder.exec(QStringLiteral("BEGIN"));
        m_holder.exec(QStringLiteral("UPDATE webfarm.server SET display_name = 'held' WHERE id = $1"), { serverId });
        options.applicationName = waiterApplication;
        m_waiter = database.connect({}, options);
        m_waiterPid = call(m_waiter, QStringLiteral("SELECT pg_backend_pid()"));
        m_thread = std::thread([this, serverId] {
            try {
                m_waiter.exec(
                    QStringLiteral("UPDATE webfarm.server SET display_name = 'waited' WHERE id = $1"), { serverId });
            } catch (const std::exception&) {
                m_failed = true;
            }
        });
    }
    ~LockWait() { end(); }
    LockWait(const LockWait&) = delete;
    LockWait& operator=(const LockWait&) = delete;

    void end()
    {
        if (!m_thread.joinable())
            return;
        m_holder.exec(QStringLiteral("ROLLBACK"));
        m_thread.join();
    }
    qint64 holderPid() const { return m_holderPid; }
    qint64 waiterPid() const { return m_waiterPid; }
    bool failed() const { return m_failed; }
    // Whether the waiter waits on its lock by now (pg_locks has the wait's start).
    bool waiting(PgConnection& admin) const
    {
        return call(admin,
                   QStringLiteral(
                       "SELECT count(*) FROM pg_locks WHERE pid = $1 AND NOT granted AND waitstart IS NOT NULL"),
                   { m_waiterPid })
            == 1;
    }

private:
    PgConnection m_holder;
    PgConnection m_waiter;
    qint64 m_holderPid = 0;
    qint64 m_waiterPid = 0;
    std::atomic<bool> m_failed = false;
    std::thread m_thread;
};

FarmSnapshot readFarm(PgConnection& monitor, const Thresholds& thresholds = {})
{
    FarmReader reader;
    reader.refresh(monitor);
    return Figures::compute(reader.data(), reader.window(), thresholds);
}

qint64 msOf(PgConnection& connection, const QString& sql, const QVariantList& params = {})
{
    return call(connection, QStringLiteral("SELECT round(extract(epoch FROM (%1)) * 1000)::bigint").arg(sql), params);
}

} // namespace

class TestDatabaseHealth : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void instanceOf_data();
    void instanceOf();
    void describe();
    void figures();
    void statusRule_data();
    void statusRule();
    void blockedInstanceIsDegraded();
    void cannotSeeWithoutPgMonitor();
    void recordedAndReported();

    void lockWaitInTheCluster();
    void longTransactionInTheCluster();
    void tablesAndSettingsEqualTheCatalog();
    void loginWithoutPgMonitor();
    void reportCarriesTheDatabase();
};

void TestDatabaseHealth::instanceOf_data()
{
    QTest::addColumn<QString>("application");
    QTest::addColumn<QString>("instance");
    QTest::addRow("the name") << "web-01"
                              << "web-01";
    QTest::addRow("after a space") << "paddock-sim web-02"
                                   << "web-02";
    QTest::addRow("after the last of several spaces") << "Kentico web farm web-03"
                                                      << "web-03";
    QTest::addRow("a longer name") << "web-011"
                                   << "";
    QTest::addRow("glued to the prefix") << "xweb-01"
                                         << "";
    QTest::addRow("not at the end") << "web-01 worker"
                                    << "";
    QTest::addRow("a tool") << "psql"
                            << "";
    QTest::addRow("empty") << ""
                           << "";
    QTest::addRow("a name with a space") << "app web 04"
                                         << "web 04";
}

void TestDatabaseHealth::instanceOf()
{
    QFETCH(QString, application);
    QFETCH(QString, instance);
    const QSet<QString> names { QStringLiteral("web-01"), QStringLiteral("web-02"), QStringLiteral("web-03"),
        QStringLiteral("web 04") };
    QCOMPARE(Database::instanceOf(application, names), instance);
}

void TestDatabaseHealth::describe()
{
    SessionRow row = session(4711, QStringLiteral("psql"), QStringLiteral("admin"));
    row.clientAddr = QStringLiteral("10.0.0.9");
    QCOMPARE(Database::describe(row), QStringLiteral("pid 4711 (psql, admin@10.0.0.9)"));
    row.clientAddr.clear(); // a Unix socket
    QCOMPARE(Database::describe(row), QStringLiteral("pid 4711 (psql, admin)"));
    row.applicationName.clear();
    QCOMPARE(Database::describe(row), QStringLiteral("pid 4711 (admin)"));
    row.user.clear();
    QCOMPARE(Database::describe(row), QStringLiteral("pid 4711"));
}

void TestDatabaseHealth::figures()
{
    DatabaseRows rows;
    rows.maxConnections = 100;
    rows.seesAllSessions = true;
    SessionRow own = inTransaction(session(10, QStringLiteral("paddock")), 500.0);
    own.own = true; // the reader's own transaction is never the oldest
    rows.sessions = {
        own,
        inTransaction(session(11, QStringLiteral("psql"), QStringLiteral("admin")), 42.0),
        waiting(inTransaction(session(12, QStringLiteral("paddock-sim web-01")), 3.0), { 11 }, 2.5),
        waiting(session(13, QStringLiteral("web-01")), { 11, 12 }, 1.0),
        session(14, QStringLiteral("paddock-sim web-02")),
        session(15, QStringLiteral("psql")),
    };
    const DatabaseFigures f = Database::figures(rows, Now, Instances);
    QCOMPARE(f.connections, 6);
    QCOMPARE(f.maxConnections, 100);
    const QMap<QString, qint64> byInstance { { QStringLiteral("web-01"), 2 }, { QStringLiteral("web-02"), 1 },
        { QStringLiteral("web-03"), 0 } };
    QCOMPARE(f.sessionsByInstance, byInstance);
    QCOMPARE(f.blockedSessions, 2);
    QCOMPARE(f.blockedInstances, QStringList { QStringLiteral("web-01") });
    QCOMPARE(f.oldestTransactionAgeS, std::optional<double>(42.0));
    QCOMPARE(f.oldestTransactionPid, std::optional<qint64>(11));
    QVERIFY(f.session(11)->blocking);
    QVERIFY(f.session(12)->blocking);
    QVERIFY(!f.session(13)->blocking);
    QCOMPARE(f.session(12)->waitingS, std::optional<double>(2.5));
    QCOMPARE(f.session(12)->instance, QStringLiteral("web-01"));
    QVERIFY(!f.session(10)->transactionAgeS);
    // Notable: blocked, blocking or in a transaction, the oldest transaction first.
    QList<qint64> notable;
    for (const DatabaseSession& s : f.notable)
        notable.append(s.row.pid);
    QCOMPARE(notable, (QList<qint64> { 11, 12, 13 }));
    QCOMPARE(f.status, DatabaseStatus::Healthy);
    QVERIFY(f.reasons.isEmpty());
    QVERIFY(f.cannotSee.isEmpty());
}

void TestDatabaseHealth::statusRule_data()
{
    QTest::addColumn<double>("waitS");
    QTest::addColumn<double>("transactionS");
    QTest::addColumn<int>("connections");
    QTest::addColumn<QStringList>("reasons");
    QTest::addRow("all within") << 5.0 << 60.0 << 9 << QStringList();
    QTest::addRow("a lock wait over 5 s")
        << 5.1 << 10.0 << 3
        << QStringList { QStringLiteral("pid 12 (web-02, app@10.0.0.5) waiting 5.1 s on a lock held by pid 11") };
    QTest::addRow("a transaction over 60 s")
        << 0.0 << 75.0 << 3
        << QStringList { QStringLiteral("transaction open for 1 min 15 s in pid 11 (psql, app@10.0.0.5)") };
    QTest::addRow("connections over 90 percent")
        << 0.0 << 10.0 << 10 << QStringList { QStringLiteral("10 connections of 10 (over 90.0 %)") };
}

void TestDatabaseHealth::statusRule()
{
    QFETCH(double, waitS);
    QFETCH(double, transactionS);
    QFETCH(int, connections);
    QFETCH(QStringList, reasons);
    DatabaseRows rows;
    rows.maxConnections = 10;
    rows.seesAllSessions = true;
    rows.sessions.append(inTransaction(session(11, QStringLiteral("psql")), transactionS));
    SessionRow second = session(12, QStringLiteral("web-02"));
    if (waitS > 0.0)
        second = waiting(second, { 11 }, waitS);
    rows.sessions.append(second);
    for (int pid = 13; rows.sessions.size() < connections; ++pid)
        rows.sessions.append(session(pid, QStringLiteral("pgbench")));
    const DatabaseFigures f = Database::figures(rows, Now, Instances);
    QCOMPARE(f.reasons, reasons);
    QCOMPARE(f.status, reasons.isEmpty() ? DatabaseStatus::Healthy : DatabaseStatus::Degraded);
    FarmSnapshot snapshot = snapshotWith(rows);
    QCOMPARE(snapshot.exitStatus(), reasons.isEmpty() ? 0 : 1);
}

void TestDatabaseHealth::blockedInstanceIsDegraded()
{
    DatabaseRows rows;
    rows.maxConnections = 100;
    rows.seesAllSessions = true;
    SessionRow holder = inTransaction(session(4711, QStringLiteral("psql"), QStringLiteral("admin")), 20.0);
    holder.clientAddr = QStringLiteral("10.0.0.9");
    rows.sessions = { holder, waiting(session(4800, QStringLiteral("paddock-sim web-02")), { 4711 }, 12.4),
        waiting(session(4801, QStringLiteral("web-03")), { 4711 }, 4.0) };
    const FarmSnapshot snapshot = snapshotWith(rows);
    QCOMPARE(snapshot.servers.at(0).status, ServerStatus::Healthy);
    QCOMPARE(snapshot.servers.at(1).status, ServerStatus::Degraded);
    QCOMPARE(snapshot.servers.at(1).reasons,
        QStringList { QStringLiteral("waiting 12.4 s on a lock held by pid 4711 (psql, admin@10.0.0.9)") });
    // Blocked, but not for long enough: counted, not degraded.
    QCOMPARE(snapshot.servers.at(2).status, ServerStatus::Healthy);
    QCOMPARE(snapshot.database->blockedInstances, (QStringList { QStringLiteral("web-02"), QStringLiteral("web-03") }));
    QCOMPARE(snapshot.farm.byStatus.value(QStringLiteral("healthy")), 2);
    QCOMPARE(snapshot.farm.byStatus.value(QStringLiteral("degraded")), 1);
    QCOMPARE(snapshot.exitStatus(), 1);
    // What holds it, for the instance's own window.
    QCOMPARE(Database::blockers(*snapshot.database, QStringLiteral("web-02")),
        QStringList { QStringLiteral("pid 4711 (psql, admin@10.0.0.9), active (transaction open for 20.0 s)") });
    QVERIFY(Database::blockers(*snapshot.database, QStringLiteral("web-01")).isEmpty());

    // An instance that is not running keeps its own status.
    FarmSnapshot stopped;
    ServerFigures server;
    server.server.name = QStringLiteral("web-02");
    server.status = ServerStatus::Stopped;
    stopped.servers.append(server);
    Database::apply(stopped, Database::figures(rows, Now, { QStringLiteral("web-02") }));
    QCOMPARE(stopped.servers.at(0).status, ServerStatus::Stopped);
    QVERIFY(stopped.servers.at(0).reasons.isEmpty());
}

void TestDatabaseHealth::cannotSeeWithoutPgMonitor()
{
    DatabaseRows rows;
    rows.login = QStringLiteral("monitor");
    rows.seesAllSessions = false;
    const DatabaseFigures f = Database::figures(rows, Now, Instances);
    QCOMPARE(f.cannotSee.size(), 1);
    QVERIFY2(f.cannotSee.at(0).contains(QStringLiteral("GRANT pg_monitor TO monitor")), qPrintable(f.cannotSee.at(0)));
    rows.standbys.append(StandbyRow { QStringLiteral("standby1"), QStringLiteral("10.0.0.2"), {}, {} });
    QCOMPARE(Database::figures(rows, Now, Instances).cannotSee.size(), 2);
}

void TestDatabaseHealth::recordedAndReported()
{
    DatabaseRows rows;
    rows.maxConnections = 100;
    rows.seesAllSessions = true;
    rows.sessions = { inTransaction(session(4711, QStringLiteral("psql")), 20.0),
        waiting(session(4800, QStringLiteral("web-02")), { 4711 }, 12.4) };
    rows.tables = { RelationRow { QStringLiteral("server_task"), 8192, 10, 3, Now } };
    rows.tablesRead = true;
    RecordedSnapshot recorded;
    recorded.snapshot = snapshotWith(rows);
    const std::optional<RecordedSnapshot> back = SnapshotCodec::decode(SnapshotCodec::encode(recorded));
    QVERIFY(back);
    QVERIFY(back->snapshot.database);
    QCOMPARE(back->snapshot.toJson(), recorded.snapshot.toJson());

    const QJsonObject database = recorded.snapshot.toJson().value(QStringLiteral("database")).toObject();
    QCOMPARE(database.value(QStringLiteral("role")).toString(), QStringLiteral("primary"));
    QVERIFY(database.value(QStringLiteral("replay_lag_s")).isNull());
    QCOMPARE(database.value(QStringLiteral("connections")).toInt(), 2);
    QCOMPARE(database.value(QStringLiteral("blocked_sessions")).toInt(), 1);
    QCOMPARE(database.value(QStringLiteral("blocked_instances")).toArray(), QJsonArray { QStringLiteral("web-02") });
    QCOMPARE(database.value(QStringLiteral("oldest_transaction_age_s")).toDouble(), 20.0);
    QCOMPARE(
        database.value(QStringLiteral("sessions_by_instance")).toObject().value(QStringLiteral("web-02")).toInt(), 1);
    // The text report says it too.
    const QString text = formatReport(recorded.snapshot);
    QVERIFY2(text.contains(QStringLiteral("Database (primary): degraded (pid 4800 (web-02, app@10.0.0.5) waiting "
                                          "12.4 s on a lock held by pid 4711)")),
        qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("  2 connections of 100, 1 blocked sessions, oldest transaction 20.0 s\n")),
        qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("  pid 4800 (web-02, app@10.0.0.5) [web-02] waiting 12.4 s on pid 4711\n")),
        qPrintable(text));
    const QJsonObject table = database.value(QStringLiteral("tables")).toArray().at(0).toObject();
    QCOMPARE(table.value(QStringLiteral("name")).toString(), QStringLiteral("server_task"));
    QCOMPARE(table.value(QStringLiteral("bytes")).toInt(), 8192);
    QCOMPARE(table.value(QStringLiteral("live_rows")).toInt(), 10);
    QCOMPARE(table.value(QStringLiteral("dead_rows")).toInt(), 3);
}

void TestDatabaseHealth::lockWaitInTheCluster()
{
    if (!requireCluster())
        return;
    TestDatabase database;
    PgConnection admin = database.connect();
    const qint64 serverId = registerServers(admin, 2).constFirst();
    const QString instance = QStringLiteral("web-0");
    LockWait lock(database, serverId, QStringLiteral("paddock-sim ") + instance);
    QTRY_VERIFY_WITH_TIMEOUT(lock.waiting(admin), 10000);

    PgConnection monitor = database.connect();
    Thresholds thresholds;
    thresholds.database.lockWaitS = 0.0; // any wait: the test does not wait five seconds
    const FarmSnapshot snapshot = readFarm(monitor, thresholds);
    QVERIFY(snapshot.database);
    const DatabaseFigures& f = *snapshot.database;
    // The catalog, asked by the test.
    QCOMPARE(f.blockedSessions,
        call(admin,
            QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
                           "AND cardinality(pg_blocking_pids(pid)) > 0")));
    QCOMPARE(f.blockedInstances, QStringList { instance });
    const DatabaseSession* waited = f.session(lock.waiterPid());
    QVERIFY(waited);
    QCOMPARE(waited->row.blockedBy, QList<qint64> { lock.holderPid() });
    QCOMPARE(waited->instance, instance);
    QVERIFY(f.session(lock.holderPid())->blocking);
    const qint64 waitStartMs = msOf(admin,
        QStringLiteral("SELECT min(waitstart) FROM pg_locks WHERE pid = $1 AND NOT granted"), { lock.waiterPid() });
    QCOMPARE(waited->waitingS,
        std::optional<double>(double(snapshot.generatedAt.toMSecsSinceEpoch() - waitStartMs) / 1000.0));
    const ServerFigures& server = *std::find_if(snapshot.servers.cbegin(), snapshot.servers.cend(),
        [&instance](const ServerFigures& s) { return s.server.name == instance; });
    QCOMPARE(server.status, ServerStatus::Degraded);
    const QString expected = QStringLiteral("waiting %1 on a lock held by pid %2 (psql, %3@127.0.0.1)")
                                 .arg(Format::duration(waited->waitingS), QString::number(lock.holderPid()),
                                     QString::fromLocal8Bit(qgetenv("PGUSER")));
    QVERIFY2(server.reasons.contains(expected), qPrintable(server.reasons.join(QLatin1Char('|'))));
    QCOMPARE(f.status, DatabaseStatus::Degraded);

    lock.end();
    QVERIFY(!lock.failed());
    QCOMPARE(call(admin, QStringLiteral("SELECT count(*) FROM webfarm.server WHERE display_name = 'waited'")), 1);
    QCOMPARE(readFarm(monitor).database->blockedSessions, 0);
}

void TestDatabaseHealth::longTransactionInTheCluster()
{
    if (!requireCluster())
        return;
    TestDatabase database;
    PgConnection admin = database.connect();
    ConnectOptions options;
    options.applicationName = QStringLiteral("psql");
    PgConnection open = database.connect({}, options);
    const qint64 pid = call(open, QStringLiteral("SELECT pg_backend_pid()"));
    open.exec(QStringLiteral("BEGIN"));
    open.exec(QStringLiteral("SELECT pg_current_xact_id()"));
    // A transaction older than any other the test's cluster may have open, from a second on.
    QTRY_VERIFY_WITH_TIMEOUT(
        call(admin,
            QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND clock_timestamp() - "
                           "xact_start > interval '1 second'"),
            { pid })
            == 1,
        5000);
    PgConnection monitor = database.connect();
    Thresholds thresholds;
    thresholds.database.transactionS = 0.5;
    const FarmSnapshot snapshot = readFarm(monitor, thresholds);
    const DatabaseFigures& f = *snapshot.database;
    const qint64 xactStartMs
        = msOf(admin, QStringLiteral("SELECT xact_start FROM pg_stat_activity WHERE pid = $1"), { pid });
    const qint64 oldestMs = msOf(admin,
        QStringLiteral("SELECT min(xact_start) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> "
                       "ALL($1::int[])"),
        { QVariant(QStringList { QString::number(call(admin, QStringLiteral("SELECT pg_backend_pid()"))),
            QString::number(call(monitor, QStringLiteral("SELECT pg_backend_pid()"))) }) });
    QCOMPARE(oldestMs, xactStartMs);
    QCOMPARE(f.oldestTransactionPid, std::optional<qint64>(pid));
    QCOMPARE(f.oldestTransactionAgeS,
        std::optional<double>(double(snapshot.generatedAt.toMSecsSinceEpoch() - xactStartMs) / 1000.0));
    QCOMPARE(f.status, DatabaseStatus::Degraded);
    QVERIFY2(
        f.reasons.constFirst().startsWith(QStringLiteral("transaction open for ")), qPrintable(f.reasons.join(u'|')));
    QVERIFY(f.reasons.constFirst().endsWith(
        QStringLiteral("in pid %1 (psql, %2@127.0.0.1)").arg(pid).arg(QString::fromLocal8Bit(qgetenv("PGUSER")))));
    QCOMPARE(f.session(pid)->row.state, QStringLiteral("idle in transaction"));
    open.exec(QStringLiteral("COMMIT"));
}

void TestDatabaseHealth::tablesAndSettingsEqualTheCatalog()
{
    if (!requireCluster())
        return;
    TestDatabase database;
    PgConnection admin = database.connect();
    const QList<qint64> ids = registerServers(admin, 3);
    for (int i = 0; i < 50; ++i)
        admin.exec(QStringLiteral("SELECT webfarm.log_event($1, 'INFO', 'row ' || $2)"), { ids.at(0), i });
    admin.exec(QStringLiteral("DELETE FROM webfarm.server_log WHERE message LIKE 'row 1%'"));
    admin.exec(QStringLiteral("SELECT pg_stat_force_next_flush()"));
    // The statistics arrive when the session goes idle: wait on them.
    QTRY_VERIFY_WITH_TIMEOUT(call(admin,
                                 QStringLiteral("SELECT coalesce(sum(n_dead_tup), 0) FROM pg_stat_all_tables s "
                                                "WHERE coalesce(pg_partition_root(s.relid), s.relid) = "
                                                "'webfarm.server_log'::regclass"))
            > 0,
        10000);
    PgConnection monitor = database.connect();
    const FarmSnapshot snapshot = readFarm(monitor);
    const DatabaseFigures& f = *snapshot.database;
    QCOMPARE(f.maxConnections, call(admin, QStringLiteral("SELECT current_setting('max_connections')::bigint")));
    QCOMPARE(f.connections,
        call(admin, QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'")));
    QVERIFY(f.tablesRead);
    QStringList names;
    for (const RelationRow& table : f.tables)
        names.append(table.name);
    QCOMPARE(names.join(u','),
        admin
            .exec(QStringLiteral("SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = "
                                 "'webfarm'::regnamespace AND relkind IN ('r', 'p') AND NOT relispartition"))
            .scalar());
    for (const RelationRow& table : f.tables) {
        const QString tree = QStringLiteral("FROM (SELECT relid FROM pg_partition_tree('webfarm.%1') UNION SELECT "
                                            "'webfarm.%1'::regclass) t JOIN pg_stat_all_tables s ON s.relid = t.relid")
                                 .arg(table.name);
        QCOMPARE(
            table.bytes, call(admin, QStringLiteral("SELECT sum(pg_total_relation_size(t.relid))::bigint ") + tree));
        QCOMPARE(table.deadRows.value_or(-1), call(admin, QStringLiteral("SELECT sum(s.n_dead_tup) ") + tree));
        QCOMPARE(table.liveRows.value_or(-1), call(admin, QStringLiteral("SELECT sum(s.n_live_tup) ") + tree));
    }
    QCOMPARE(f.standbys.size(), call(admin, QStringLiteral("SELECT count(*) FROM pg_stat_replication")));
    QCOMPARE(f.sessionsByInstance.size(), 3);
    QCOMPARE(f.role, QStringLiteral("primary"));
    QVERIFY(!f.replayLagS);
}

void TestDatabaseHealth::loginWithoutPgMonitor()
{
    if (!requireCluster())
        return;
    TestDatabase database;
    PgConnection admin = database.connect();
    const QString login = database.createLoginRole(QStringLiteral("webfarm_monitor"));
    LockWait lock(database, registerServers(admin, 1).constFirst(), QStringLiteral("web-0"));
    QTRY_VERIFY_WITH_TIMEOUT(lock.waiting(admin), 10000);
    PgConnection monitor = database.connect(login);
    Thresholds thresholds;
    thresholds.database.lockWaitS = 0.0;
    const FarmSnapshot snapshot = readFarm(monitor, thresholds);
    const DatabaseFigures& f = *snapshot.database;
    // What it still sees: every session, who waits on whom and since when (pg_locks).
    QCOMPARE(f.blockedSessions, 1);
    QCOMPARE(f.blockedInstances, QStringList { QStringLiteral("web-0") });
    QCOMPARE(f.session(lock.waiterPid())->row.blockedBy, QList<qint64> { lock.holderPid() });
    QVERIFY(f.session(lock.waiterPid())->waitingS);
    QCOMPARE(snapshot.servers.at(0).status, ServerStatus::Degraded);
    // What it does not: the other login's state, transaction and query; it says so, and how to fix it.
    const DatabaseSession* held = f.session(lock.holderPid());
    QVERIFY(!held->row.visible);
    QVERIFY(held->row.query.isEmpty());
    QVERIFY(!held->transactionAgeS);
    QVERIFY(!f.oldestTransactionAgeS);
    // The private cluster streams to a standby: its lag is hidden as well.
    const qint64 standbys = call(admin, QStringLiteral("SELECT count(*) FROM pg_stat_replication"));
    QCOMPARE(f.standbys.size(), standbys);
    QCOMPARE(f.cannotSee.size(), standbys > 0 ? 2 : 1);
    QVERIFY2(f.cannotSee.constFirst().contains(QStringLiteral("GRANT pg_monitor TO ") + login),
        qPrintable(f.cannotSee.constFirst()));
    lock.end();

    admin.exec(QStringLiteral("GRANT pg_monitor TO %1").arg(login));
    PgConnection granted = database.connect(login);
    QVERIFY(readFarm(granted).database->cannotSee.isEmpty());
}

void TestDatabaseHealth::reportCarriesTheDatabase()
{
    if (!requireCluster())
        return;
    TestDatabase database;
    PgConnection admin = database.connect();
    const QList<qint64> ids = registerServers(admin, 2);
    for (qint64 id : ids)
        admin.exec(QStringLiteral("SELECT webfarm.heartbeat($1, clock_timestamp())"), { id });
    LockWait lock(database, ids.at(0), QStringLiteral("paddock-sim web-0"));
    // Past the rule's five seconds, by the lock's own clock.
    QTRY_VERIFY_WITH_TIMEOUT(call(admin,
                                 QStringLiteral("SELECT count(*) FROM pg_locks WHERE pid = $1 AND NOT granted AND "
                                                "clock_timestamp() - waitstart > interval '5.2 seconds'"),
                                 { lock.waiterPid() })
            == 1,
        15000);
    const ProgramRun run = runPaddock(
        { QStringLiteral("report"), QStringLiteral("--json"), QStringLiteral("--connect"), database.conninfo() });
    QCOMPARE(run.exitCode, 1);
    const QJsonObject report = QJsonDocument::fromJson(run.out.toUtf8()).object();
    const QJsonObject db = report.value(QStringLiteral("database")).toObject();
    QCOMPARE(db.value(QStringLiteral("status")).toString(), QStringLiteral("degraded"));
    QCOMPARE(db.value(QStringLiteral("role")).toString(), QStringLiteral("primary"));
    QCOMPARE(qint64(db.value(QStringLiteral("max_connections")).toInteger()),
        call(admin, QStringLiteral("SELECT current_setting('max_connections')::bigint")));
    QCOMPARE(qint64(db.value(QStringLiteral("blocked_sessions")).toInteger()),
        call(admin,
            QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE cardinality(pg_blocking_pids(pid)) > 0")));
    QCOMPARE(db.value(QStringLiteral("blocked_instances")).toArray(), QJsonArray { QStringLiteral("web-0") });
    const QJsonObject byInstance = db.value(QStringLiteral("sessions_by_instance")).toObject();
    QCOMPARE(byInstance.value(QStringLiteral("web-0")).toInt(), 1);
    QCOMPARE(byInstance.value(QStringLiteral("web-1")).toInt(), 0);
    // The holder's transaction is the oldest: at least as old as the wait.
    QCOMPARE(db.value(QStringLiteral("oldest_transaction_pid")).toInteger(), lock.holderPid());
    QVERIFY(db.value(QStringLiteral("oldest_transaction_age_s")).toDouble() > 5.2);
    QJsonObject server;
    for (const QJsonValue& value : report.value(QStringLiteral("servers")).toArray()) {
        if (value.toObject().value(QStringLiteral("name")).toString() == QLatin1String("web-0"))
            server = value.toObject();
    }
    QCOMPARE(server.value(QStringLiteral("status")).toString(), QStringLiteral("degraded"));
    const QString reasons
        = QString::fromUtf8(QJsonDocument(server.value(QStringLiteral("reasons")).toArray()).toJson());
    QVERIFY2(reasons.contains(QStringLiteral("on a lock held by pid %1 (psql, ").arg(lock.holderPid())),
        qPrintable(reasons));
    lock.end();
}

QTEST_GUILESS_MAIN(TestDatabaseHealth)

#include "tst_database.moc"
