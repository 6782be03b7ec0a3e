#include "displayformat.h"
#include "farmreader.h"
#include "figures.h"
#include "pgconnection.h"
#include "pgresult.h"
#include "snapshotcodec.h"
#include "testdatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

Q_DECLARE_METATYPE(Paddock::ScheduledTaskRow)
Q_DECLARE_METATYPE(Paddock::ScheduledRunRow)
Q_DECLARE_METATYPE(Paddock::EventRow)

using namespace Paddock;

namespace {

// Every scenario is built around this instant, never the real clock; the window is 60 s.
const QDateTime Now(QDate(2026, 11, 22), QTime(10, 0), Qt::UTC);
constexpr int WindowS = 60;

QString str(const char* text)
{
    return QString::fromUtf8(text);
}

QStringList strs(std::initializer_list<const char*> texts)
{
    QStringList list;
    for (const char* text : texts)
        list << str(text);
    return list;
}

// `seconds` before Now; negative is after Now.
QDateTime ago(double seconds)
{
    return Now.addMSecs(-qRound64(seconds * 1000.0));
}

// Instances a (1), b (2), c (3), registered an hour ago and heartbeating 1 s ago: healthy; c
// stops answering where a scenario says so.
FarmData farm()
{
    FarmData data;
    data.now = Now;
    data.schemaVersion = 7;
    const char* names[] = { "a", "b", "c" };
    for (int i = 0; i < 3; ++i) {
        ServerRow server;
        server.id = i + 1;
        server.name = str(names[i]);
        server.registeredAt = ago(3600);
        server.startedAt = ago(3600);
        data.servers << server;
        data.lastHeartbeat.insert(i + 1, ago(1));
    }
    return data;
}

ScheduledTaskRow task(qint64 intervalS, double nextRunAgo, qint64 timeoutS = 3600, bool enabled = true)
{
    return { 1, str("import"), intervalS, enabled, ago(nextRunAgo), timeoutS };
}

// A scheduled run of the slot due `dueAgo` (NaN: a manual run); `finishedAgo` NaN: still running.
ScheduledRunRow run(qint64 serverId, double dueAgo, double startedAgo, double finishedAgo, const char* error = nullptr)
{
    static qint64 nextId = 100;
    ScheduledRunRow row;
    row.id = ++nextId;
    row.taskId = 1;
    row.serverId = serverId;
    row.manual = std::isnan(dueAgo);
    row.dueAt = row.manual ? QDateTime() : ago(dueAgo);
    row.startedAt = ago(startedAgo);
    row.finishedAt = std::isnan(finishedAgo) ? QDateTime() : ago(finishedAgo);
    row.error = error ? str(error) : QString();
    return row;
}

constexpr double Manual = std::numeric_limits<double>::quiet_NaN();
constexpr double Running = std::numeric_limits<double>::quiet_NaN();
constexpr double Null = -1.0; // an expected nullopt

std::optional<double> expected(double value)
{
    return value == Null ? std::nullopt : std::optional<double>(value);
}

// A farm in the database with a task of each kind (names as they say), all times relative to the
// transaction's now(): web-2 stopped heartbeating 45 s ago with a run open; web-0 was registered
// again while it heartbeats (DUPLICATE_NAME).
void buildFarm(PgConnection& connection)
{
    const QList<qint64> ids = Test::registerServers(connection, 3);
    QCOMPARE(ids.size(), 3);
    connection.execScript(QStringLiteral(
        "BEGIN; "
        "SELECT webfarm.heartbeat(id, now()) FROM webfarm.server WHERE name IN ('web-0', 'web-1'); "
        "INSERT INTO webfarm.heartbeat (server_id, sent_at, received_at) SELECT id, now() - interval '45 s', "
        "now() - interval '45 s' FROM webfarm.server WHERE name = 'web-2'; "
        "INSERT INTO webfarm.scheduled_task (name, interval_s, next_run_at, timeout_s) VALUES "
        "('late', 60, now() - interval '20 s', 3600), ('abandoned', 60, now() + interval '30 s', 3600), "
        "('duplicate', 10, now() + interval '5 s', 3600), ('missed', 10, now() + interval '5 s', 3600), "
        "('failed', 300, now() + interval '100 s', 3600), ('ok', 10, now() + interval '5 s', 3600), "
        "('timed-out', 3600, now() + interval '3000 s', 20); "
        "CREATE TEMP TABLE r (task text, server text, due interval, started interval, finished interval, error text); "
        "INSERT INTO r VALUES ('late', 'web-0', '80 s', '80 s', '79 s', NULL), "
        "('abandoned', 'web-2', '30 s', '30 s', NULL, NULL), "
        "('duplicate', 'web-0', '5 s', '4.9 s', '4 s', NULL), ('duplicate', 'web-1', '5 s', '4.8 s', '4.1 s', NULL), "
        "('missed', 'web-0', '45 s', '44.9 s', '44 s', NULL), ('missed', 'web-1', '35 s', '2 s', '1 s', NULL), "
        "('failed', 'web-1', NULL, '10 s', '9 s', 'disk full'), ('ok', 'web-1', '5 s', '4.9 s', '4.5 s', NULL), "
        "('timed-out', 'web-0', '600 s', '600 s', NULL, NULL); "
        "INSERT INTO webfarm.scheduled_run (scheduled_task_id, server_id, due_at, started_at, finished_at, error, "
        "manual) SELECT t.id, s.id, now() - r.due, now() - r.started, now() - r.finished, r.error, r.due IS NULL "
        "FROM r JOIN webfarm.scheduled_task t ON t.name = r.task JOIN webfarm.server s ON s.name = r.server; "
        "COMMIT"));
    Test::call(connection, QStringLiteral("SELECT webfarm.register_server('web-0', NULL, NULL, 'z', NULL)"));
}

// The figures of section 9 for task `name` computed in SQL from the tables, at `nowMs`, over 60 s:
// failed, duplicates, missed in the window, the last run's instance, late_s (null when not late),
// and the abandoned runs' instances.
QVariantList figuresInSql(PgConnection& connection, const QString& name, qint64 nowMs)
{
    const PgResult result = connection.exec(
        QStringLiteral(
            "WITH c AS (SELECT to_timestamp($2::bigint / 1000.0) AS now), t AS (SELECT * FROM webfarm.scheduled_task "
            "WHERE name = $1), runs AS (SELECT r.* FROM webfarm.scheduled_run r, t WHERE r.scheduled_task_id = t.id), "
            "slots AS (SELECT d, lead(d) OVER (ORDER BY d) AS nd FROM (SELECT DISTINCT due_at AS d FROM runs WHERE "
            "due_at IS NOT NULL UNION SELECT next_run_at FROM t) x) "
            "SELECT (SELECT count(*) FROM runs, c WHERE error IS NOT NULL AND finished_at > c.now - interval '60 s' "
            "AND finished_at <= c.now), "
            "(SELECT count(*) FROM (SELECT started_at, row_number() OVER (PARTITION BY due_at ORDER BY started_at, id) "
            "AS n FROM runs WHERE due_at IS NOT NULL) d, c WHERE n > 1 AND started_at > c.now - interval '60 s'), "
            "(SELECT count(*) FROM slots, t, c, generate_series(1, round(extract(epoch FROM nd - d) / "
            "t.interval_s)::int - 1) j WHERE nd IS NOT NULL AND d + j * make_interval(secs => t.interval_s) > c.now - "
            "interval '60 s' AND d + j * make_interval(secs => t.interval_s) <= c.now), "
            "(SELECT s.name FROM runs JOIN webfarm.server s ON s.id = runs.server_id ORDER BY runs.started_at DESC, "
            "runs.id DESC LIMIT 1), "
            "(SELECT extract(epoch FROM c.now - t.next_run_at)::float8 FROM t, c WHERE t.enabled AND "
            "extract(epoch FROM c.now - t.next_run_at) > greatest(5, 0.1 * t.interval_s)), "
            "(SELECT string_agg(s.name, ',' ORDER BY runs.started_at) FROM runs JOIN webfarm.server s ON s.id = "
            "runs.server_id, t, c WHERE finished_at IS NULL AND (runs.started_at < c.now - make_interval(secs => "
            "t.timeout_s) OR (SELECT max(received_at) FROM webfarm.heartbeat h WHERE h.server_id = s.id) < c.now - "
            "interval '30 s'))"),
        { name, nowMs });
    return { result.integer(0, 0).value_or(-1), result.integer(0, 1).value_or(-1), result.integer(0, 2).value_or(-1),
        result.text(0, 3), result.isNull(0, 4) ? QVariant() : QVariant(result.text(0, 4).toDouble()),
        result.text(0, 5) };
}

} // namespace

class TestScheduledFigures : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void figures_data();
    void figures();
    void duplicateName_data();
    void duplicateName();
    void duplicateNameDegradesTheInstance();
    void exitStatusAndJson();
    void recordedAndRead();
    void readFiguresEqualSql();
    void runFinishedAfterTheWindowIsReadAgain();
    void reportOnAFarm();
    void readsSchemaVersion6();
};

void TestScheduledFigures::figures_data()
{
    QTest::addColumn<ScheduledTaskRow>("task");
    QTest::addColumn<QList<ScheduledRunRow>>("runs");
    QTest::addColumn<bool>("cNotResponding"); // c's last heartbeat 45 s ago (> 30 s)
    QTest::addColumn<QString>("status");
    QTest::addColumn<double>("lateS");
    QTest::addColumn<qint64>("missed");
    QTest::addColumn<qint64>("duplicates");
    QTest::addColumn<qint64>("failed");
    QTest::addColumn<QString>("lastServer");
    QTest::addColumn<QString>("lastOutcome");
    QTest::addColumn<double>("lastDurationS");
    QTest::addColumn<QStringList>("runningOn");
    QTest::addColumn<double>("runningForS");
    QTest::addColumn<QStringList>("abandonedOn");
    QTest::addColumn<QStringList>("reasons");

    // Every 10 s, slots -20 and -10 run once each; next_run_at = -10 + 10 = now: due, not late.
    QTest::addRow("ok") << task(10, 0) << QList { run(1, 20, 19.9, 19), run(2, 10, 9.8, 9.5) } << false << "ok" << Null
                        << 0LL << 0LL << 0LL << "b"
                        << "ok" << 0.3 << QStringList() << Null << QStringList() << QStringList();
    // Every 60 s: the grace is max(5 s, 6 s) = 6 s; next_run_at 7 s ago is late by 7 s, 5.5 s is not.
    QTest::addRow("late") << task(60, 7) << QList { run(1, 67, 66.9, 66) } << false << "degraded" << 7.0 << 0LL << 0LL
                          << 0LL << "a"
                          << "ok" << 0.9 << QStringList() << Null << QStringList()
                          << strs({ "due 7.0 s ago, not claimed" });
    QTest::addRow("within grace") << task(60, 5.5) << QList { run(1, 65.5, 65, 64) } << false << "ok" << Null << 0LL
                                  << 0LL << 0LL << "a"
                                  << "ok" << 1.0 << QStringList() << Null << QStringList() << QStringList();
    // Every 10 s: the claim at -9 took slot -40 and moved next_run_at to the first slot after -9, now
    // (k = 4): slots -30, -20 and -10 were missed. Then a claim at -69.9 that skipped slots -90 and -80,
    // before the window: not counted.
    QTest::addRow("missed slots") << task(10, 0) << QList { run(1, 50, 49.9, 49), run(2, 40, 9, 8) } << false
                                  << "degraded" << Null << 3LL << 0LL << 0LL << "b"
                                  << "ok" << 1.0 << QStringList() << Null << QStringList()
                                  << strs({ "3 slot(s) missed" });
    QTest::addRow("missed before the window")
        << task(10, 0)
        << QList { run(1, 100, 99.9, 99), run(2, 70, 69.9, 69), run(1, 60, 59.9, 59), run(1, 50, 49.9, 49),
               run(1, 40, 39.9, 39), run(1, 30, 29.9, 29), run(1, 20, 19.9, 19), run(1, 10, 9.9, 9) }
        << false << "ok" << Null << 0LL << 0LL << 0LL << "a"
        << "ok" << 0.9 << QStringList() << Null << QStringList() << QStringList();
    // Slot -10 run by a and by b: one duplicate.
    QTest::addRow("duplicate slot")
        << task(10, 0) << QList { run(1, 10, 9.9, 9), run(2, 10, 9.8, 9.2) } << false << "degraded" << Null << 0LL
        << 1LL << 0LL << "b"
        << "ok" << 0.6 << QStringList() << Null << QStringList()
        << QStringList { QStringLiteral("the slot due %1 ran 2 times (a, b)").arg(Format::dateTime(ago(10))) };
    // c took the slot due -40 and stopped heartbeating 45 s ago: abandoned, failing.
    QTest::addRow("abandoned: instance not responding")
        << task(60, -20) << QList { run(3, 40, 39.9, Running) } << true << "failing" << Null << 0LL << 0LL << 0LL << "c"
        << "abandoned" << Null << QStringList() << Null << strs({ "c" })
        << strs({ "run 101 on c abandoned: c is not responding" });
    // Started 40 s ago, timeout 30 s, on a healthy instance.
    QTest::addRow("past its timeout") << task(3600, -3560, 30) << QList { run(1, 40, 40, Running) } << false
                                      << "failing" << Null << 0LL << 0LL << 0LL << "a"
                                      << "abandoned" << Null << QStringList() << Null << strs({ "a" })
                                      << strs({ "run 102 on a abandoned: running 40.0 s, past its timeout of 30.0 s" });
    QTest::addRow("running") << task(3600, -3560) << QList { run(1, 40, 40, Running) } << false << "ok" << Null << 0LL
                             << 0LL << 0LL << "a"
                             << "running" << Null << strs({ "a" }) << 40.0 << QStringList() << QStringList();
    // A run abandoned on c, then the next slots run fine: the task works again.
    QTest::addRow("abandoned, then run fine") << task(10, 0) << QList { run(3, 20, 19.9, Running), run(1, 10, 9.9, 9) }
                                              << true << "ok" << Null << 0LL << 0LL << 0LL << "a"
                                              << "ok" << 0.9 << QStringList() << Null << QStringList() << QStringList();
    // A manual run on b failed after a good scheduled run: failing, one failure in the window.
    QTest::addRow("failed manual run")
        << task(60, -40) << QList { run(1, 20, 19.9, 19), run(2, Manual, 5, 4, "disk full") } << false << "failing"
        << Null << 0LL << 0LL << 1LL << "b"
        << "failed" << 1.0 << QStringList() << Null << QStringList()
        << QStringList { QStringLiteral("last run failed on b at %1: disk full").arg(Format::dateTime(ago(4))) };
    // A failure in the window, then a good run: counted, not failing.
    QTest::addRow("failed, then ok") << task(10, 0) << QList { run(1, 20, 19.9, 19, "timeout"), run(2, 10, 9.9, 9) }
                                     << false << "ok" << Null << 0LL << 0LL << 1LL << "b"
                                     << "ok" << 0.9 << QStringList() << Null << QStringList() << QStringList();
    QTest::addRow("disabled, overdue") << task(10, 100, 3600, false) << QList<ScheduledRunRow>() << false << "ok"
                                       << Null << 0LL << 0LL << 0LL << ""
                                       << "" << Null << QStringList() << Null << QStringList() << QStringList();
}

void TestScheduledFigures::figures()
{
    QFETCH(ScheduledTaskRow, task);
    QFETCH(QList<ScheduledRunRow>, runs);
    QFETCH(bool, cNotResponding);
    FarmData data = farm();
    if (cNotResponding)
        data.lastHeartbeat.insert(3, ago(45));
    data.scheduledTasks = { task };
    data.scheduledRuns = runs;

    const FarmSnapshot snapshot = Figures::compute(data, WindowS);
    QCOMPARE(snapshot.scheduled.size(), 1);
    const ScheduledFigures& figures = snapshot.scheduled.first();
    QTEST(statusName(figures.status), "status");
    QFETCH(double, lateS);
    QCOMPARE(figures.lateS, expected(lateS));
    QTEST(figures.missedInWindow, "missed");
    QTEST(figures.duplicatesInWindow, "duplicates");
    QTEST(figures.failedInWindow, "failed");
    QTEST(figures.lastServer, "lastServer");
    QTEST(figures.lastOutcome, "lastOutcome");
    QFETCH(double, lastDurationS);
    QCOMPARE(figures.lastDurationS, expected(lastDurationS));
    QTEST(figures.runningOn, "runningOn");
    QFETCH(double, runningForS);
    QCOMPARE(figures.runningForS, expected(runningForS));
    QTEST(figures.abandonedOn, "abandonedOn");
    QFETCH(QStringList, reasons);
    // Run ids come from a counter shared by the rows: the reasons are compared without them.
    static const QRegularExpression runId(QStringLiteral("^run \\d+ "));
    QStringList actual = figures.reasons;
    for (QStringList* list : { &actual, &reasons }) {
        for (QString& reason : *list)
            reason.replace(runId, QStringLiteral("run N "));
    }
    QCOMPARE(actual, reasons);
    QCOMPARE(figures.nextDueAt, task.nextRunAt);
}

void TestScheduledFigures::duplicateName_data()
{
    QTest::addColumn<QList<EventRow>>("events");
    QTest::addColumn<double>("stoppedAgo"); // Null: running
    QTest::addColumn<bool>("warned");

    const auto event = [](qint64 serverId, const char* code, double agoS) {
        return EventRow { serverId, ago(agoS), str(code), QString() };
    };
    QTest::addRow("registered again") << QList { event(1, "DUPLICATE_NAME", 20) } << Null << true;
    QTest::addRow("one of them stopped") << QList { event(1, "DUPLICATE_NAME", 20), event(1, "STOPPED", 10) } << Null
                                         << false;
    QTest::addRow("stopped_at after it") << QList { event(1, "DUPLICATE_NAME", 20) } << 5.0 << false;
    QTest::addRow("stopped before it, then registered twice")
        << QList { event(1, "STOPPED", 30), event(1, "DUPLICATE_NAME", 20) } << Null << true;
    QTest::addRow("another instance's event") << QList { event(2, "DUPLICATE_NAME", 20) } << Null << false;
    QTest::addRow("no event") << QList<EventRow>() << Null << false;
}

void TestScheduledFigures::duplicateName()
{
    QFETCH(QList<EventRow>, events);
    QFETCH(double, stoppedAgo);
    QFETCH(bool, warned);
    ServerRow server = farm().servers.first();
    if (stoppedAgo != Null)
        server.stoppedAt = ago(stoppedAgo);
    const QString reason = Scheduled::duplicateNameReason(server, events);
    QCOMPARE(reason,
        warned ? QStringLiteral("registered again at %1 while still heartbeating: two processes may share this name")
                     .arg(Format::dateTime(ago(20)))
               : QString());
}

void TestScheduledFigures::duplicateNameDegradesTheInstance()
{
    FarmData data = farm();
    data.registrationEvents = { EventRow { 1, ago(20), str("DUPLICATE_NAME"), str("a registered again") } };
    const FarmSnapshot snapshot = Figures::compute(data, WindowS);
    QCOMPARE(snapshot.servers.first().server.name, str("a"));
    QCOMPARE(snapshot.servers.first().status, ServerStatus::Degraded);
    QCOMPARE(snapshot.servers.first().reasons.size(), 1);
    QVERIFY(snapshot.servers.first().reasons.first().startsWith(str("registered again at ")));
    QCOMPARE(snapshot.farm.byStatus.value(str("degraded")), 1);
    QCOMPARE(snapshot.farm.byStatus.value(str("healthy")), 2);
    QCOMPARE(snapshot.exitStatus(), 1);
    // A not-responding instance stays not responding.
    data.lastHeartbeat.insert(1, ago(45));
    QCOMPARE(Figures::compute(data, WindowS).servers.first().status, ServerStatus::NotResponding);
}

void TestScheduledFigures::exitStatusAndJson()
{
    FarmData data = farm();
    data.scheduledTasks = { task(60, 7) }; // late: degraded
    data.scheduledRuns = { run(1, 67, 66.9, 66) };
    FarmSnapshot snapshot = Figures::compute(data, WindowS);
    QCOMPARE(snapshot.exitStatus(), 1);

    const QJsonObject json = snapshot.toJson().value(str("scheduled")).toArray().first().toObject();
    for (const char* key : { "name", "status", "last_server", "last_started_at", "last_duration_s", "next_due_at",
             "late_s", "running_on", "missed_in_window", "duplicates_in_window", "failed_in_window", "reasons" })
        QVERIFY2(json.contains(str(key)), key);
    QCOMPARE(json.value(str("name")).toString(), str("import"));
    QCOMPARE(json.value(str("status")).toString(), str("degraded"));
    QCOMPARE(json.value(str("last_server")).toString(), str("a"));
    QCOMPARE(json.value(str("last_started_at")).toString(), str("2026-11-22T09:58:53.100Z"));
    QCOMPARE(json.value(str("last_duration_s")).toDouble(), 0.9);
    QCOMPARE(json.value(str("next_due_at")).toString(), str("2026-11-22T09:59:53.000Z"));
    QCOMPARE(json.value(str("late_s")).toDouble(), 7.0);
    QVERIFY(json.value(str("running_on")).isNull());
    QCOMPARE(json.value(str("missed_in_window")).toInteger(), 0);

    data.scheduledRuns.append(run(2, Manual, 5, 4, "disk full")); // failing
    snapshot = Figures::compute(data, WindowS);
    QCOMPARE(snapshot.exitStatus(), 2);
    QCOMPARE(snapshot.toJson().value(str("scheduled")).toArray().first()[str("status")].toString(), str("failing"));

    data.scheduledTasks = { task(60, -53) };
    data.scheduledRuns = { run(1, 7, 6.9, 6) };
    QCOMPARE(Figures::compute(data, WindowS).exitStatus(), 0);
}

void TestScheduledFigures::recordedAndRead()
{
    FarmData data = farm();
    data.lastHeartbeat.insert(3, ago(45));
    data.scheduledTasks = { task(10, 0) };
    data.scheduledRuns = { run(1, 50, 49.9, 49), run(2, 40, 9, 8), run(3, 30, 8, Running) };
    RecordedSnapshot recorded;
    recorded.snapshot = Figures::compute(data, WindowS);
    const auto decoded = SnapshotCodec::decode(SnapshotCodec::encode(recorded));
    QVERIFY(decoded);
    QCOMPARE(decoded->snapshot.scheduled.size(), 1);
    const ScheduledFigures& before = recorded.snapshot.scheduled.first();
    const ScheduledFigures& after = decoded->snapshot.scheduled.first();
    QCOMPARE(after.status, ScheduledStatus::Failing);
    QCOMPARE(after.status, before.status);
    QCOMPARE(after.reasons, before.reasons);
    QCOMPARE(after.task.name, before.task.name);
    QCOMPARE(after.task.intervalS, before.task.intervalS);
    QCOMPARE(after.nextDueAt, before.nextDueAt);
    QCOMPARE(after.lastServer, str("c"));
    QCOMPARE(after.lastOutcome, before.lastOutcome);
    QCOMPARE(after.abandonedOn, before.abandonedOn);
    QCOMPARE(after.missedInWindow, before.missedInWindow);
    QCOMPARE(after.lastStartedAt, before.lastStartedAt);
}

void TestScheduledFigures::readFiguresEqualSql()
{
    QVERIFY(Test::requireCluster());
    Test::TestDatabase db;
    PgConnection connection = db.connect();
    buildFarm(connection);
    if (QTest::currentTestFailed())
        return;
    FarmReader reader(WindowS);
    reader.refresh(connection);
    const FarmData& data = reader.data();
    QCOMPARE(data.scheduledTasks.size(), 7);
    QCOMPARE(data.registrationEvents.size(), 1);
    const FarmSnapshot snapshot = Figures::compute(data, WindowS);
    QCOMPARE(snapshot.scheduled.size(), 7);
    for (const ScheduledFigures& figures : snapshot.scheduled) {
        const QVariantList sql = figuresInSql(connection, figures.task.name, data.now.toMSecsSinceEpoch());
        const QByteArray task = figures.task.name.toUtf8();
        QVERIFY2(figures.failedInWindow == sql[0].toLongLong(), task);
        QVERIFY2(figures.duplicatesInWindow == sql[1].toLongLong(), task);
        QVERIFY2(figures.missedInWindow == sql[2].toLongLong(), task);
        QVERIFY2(figures.lastServer == sql[3].toString(), task);
        QVERIFY2(figures.lateS.has_value() == sql[4].isValid(), task);
        if (figures.lateS)
            QVERIFY2(qAbs(*figures.lateS - sql[4].toDouble()) < 0.002, task);
        QVERIFY2(figures.abandonedOn.join(QLatin1Char(',')) == sql[5].toString(), task);
    }
    // What the SQL says in numbers, so that a query returning nothing cannot pass unnoticed.
    QCOMPARE(figuresInSql(connection, str("missed"), data.now.toMSecsSinceEpoch()).at(2).toLongLong(), 3);
    QCOMPARE(figuresInSql(connection, str("duplicate"), data.now.toMSecsSinceEpoch()).at(1).toLongLong(), 1);
    QCOMPARE(figuresInSql(connection, str("abandoned"), data.now.toMSecsSinceEpoch()).at(5).toString(), str("web-2"));
}

void TestScheduledFigures::runFinishedAfterTheWindowIsReadAgain()
{
    QVERIFY(Test::requireCluster());
    Test::TestDatabase db;
    PgConnection connection = db.connect();
    QCOMPARE(Test::registerServers(connection, 1).size(), 1);
    // Run 1 started before the window and runs on; run 2, of a later slot, is the task's latest.
    connection.execScript(QStringLiteral(
        "INSERT INTO webfarm.scheduled_task (name, interval_s, next_run_at) VALUES ('import', 30, now() + "
        "interval '20 s'); "
        "INSERT INTO webfarm.scheduled_run (scheduled_task_id, server_id, due_at, started_at, finished_at) "
        "SELECT t.id, s.id, now() - make_interval(secs => r.due), now() - make_interval(secs => r.due), now() - "
        "make_interval(secs => r.finished) FROM webfarm.scheduled_task t, "
        "webfarm.server s, (VALUES (120, NULL), (90, 80)) r(due, finished)"));
    FarmReader reader(WindowS);
    reader.refresh(connection);
    QCOMPARE(reader.data().scheduledRuns.size(), 2);
    const qint64 openRun = reader.data().scheduledRuns.last().id;
    QVERIFY(!reader.data().scheduledRuns.last().finished());
    // It finishes: neither in the window, nor unfinished, nor the latest; read again all the same.
    connection.exec(
        QStringLiteral("UPDATE webfarm.scheduled_run SET finished_at = now(), error = 'disk full' WHERE id = $1"),
        { openRun });
    reader.refresh(connection);
    const QList<ScheduledRunRow>& runs = reader.data().scheduledRuns;
    const auto finished
        = std::find_if(runs.cbegin(), runs.cend(), [openRun](const ScheduledRunRow& run) { return run.id == openRun; });
    QVERIFY(finished != runs.cend());
    QVERIFY(finished->finished());
    QCOMPARE(finished->error, str("disk full"));
    // Once seen finished, it is not asked for again.
    reader.refresh(connection);
    QCOMPARE(reader.data().scheduledRuns.size(), 1);
}

void TestScheduledFigures::reportOnAFarm()
{
    QVERIFY(Test::requireCluster());
    Test::TestDatabase db;
    PgConnection connection = db.connect();
    buildFarm(connection);
    if (QTest::currentTestFailed())
        return;
    const Test::ProgramRun run = Test::runPaddock(
        { QStringLiteral("report"), QStringLiteral("--json"), QStringLiteral("--connect"), db.conninfo() });
    QVERIFY2(run.exitCode == 2, qPrintable(run.err));
    const QJsonObject report = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QMap<QString, QString> statuses;
    for (const QJsonValue item : report.value(str("scheduled")).toArray())
        statuses.insert(item[str("name")].toString(), item[str("status")].toString());
    const QMap<QString, QString> expectedStatuses { { str("abandoned"), str("failing") },
        { str("duplicate"), str("degraded") }, { str("failed"), str("failing") }, { str("late"), str("degraded") },
        { str("missed"), str("degraded") }, { str("ok"), str("ok") }, { str("timed-out"), str("failing") } };
    QCOMPARE(statuses, expectedStatuses);
    for (const QJsonValue item : report.value(str("servers")).toArray()) {
        if (item[str("name")].toString() != str("web-0"))
            continue;
        QCOMPARE(item[str("status")].toString(), str("degraded"));
        const QString reasons = item[str("reasons")].toArray().first().toString();
        QVERIFY2(reasons.startsWith(str("registered again at ")), qPrintable(reasons));
    }
}

void TestScheduledFigures::readsSchemaVersion6()
{
    QVERIFY(Test::requireCluster());
    Test::TestDatabase db;
    PgConnection connection = db.connect();
    Test::registerServers(connection, 1);
    // A version 6 database: without the scheduled tables, the reader still reads the farm.
    connection.execScript(QStringLiteral("DROP TABLE webfarm.scheduled_run, webfarm.scheduled_task CASCADE; UPDATE "
                                         "webfarm.schema_version SET version = 6"));
    FarmReader reader(WindowS);
    reader.refresh(connection);
    QCOMPARE(reader.data().schemaVersion, 6);
    QCOMPARE(reader.data().servers.size(), 1);
    QVERIFY(reader.data().scheduledTasks.isEmpty());
}

QTEST_GUILESS_MAIN(TestScheduledFigures)
#include "tst_scheduledfigures.moc"
