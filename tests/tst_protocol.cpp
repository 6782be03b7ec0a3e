// The webfarm functions of DESIGN.md section 2, called the way an instance or Paddock calls them.

#include "pgconnection.h"
#include "pgerror.h"
#include "testdatabase.h"

#include <memory>
#include <QTest>

using namespace Qt::StringLiterals;
using Paddock::PgConnection;
using Paddock::PgError;
using Paddock::PgResult;
using Paddock::Test::TestDatabase;

namespace {

const QString Success = u"00000"_s;
const QString Null = u"<null>"_s;

// A null QString is SQL NULL; QVariant(QString()) is not a null QVariant in Qt 6.
QVariant nullable(const QString& value)
{
    return value.isNull() ? QVariant() : QVariant(value);
}

QString shown(const PgResult& result, int row, int column)
{
    return result.isNull(row, column) ? Null : result.text(row, column);
}

struct TaskSpec {
    TaskSpec() = default;
    TaskSpec(const QString& target, const QString& creator, int createdAtS, const QString& completedBy = {})
        : target(target)
        , creator(creator)
        , createdAtS(createdAtS)
        , completedBy(completedBy)
    {
    }

    QString target;
    QString creator;
    int createdAtS = 0; // seconds after 2024-01-01 00:00 UTC
    QString completedBy;
};

struct StorageCall {
    QString name;
    QString kind;
    QString location;
};

} // namespace

Q_DECLARE_METATYPE(QList<TaskSpec>)
Q_DECLARE_METATYPE(QList<StorageCall>)

class ProtocolTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void createTask_data();
    void createTask();
    void createTaskStoresTask_data();
    void createTaskStoresTask();
    void fetchTasks_data();
    void fetchTasks();
    void completeTask_data();
    void completeTask();
    void registerServer_data();
    void registerServer();
    void heartbeat_data();
    void heartbeat();
    void stopServer_data();
    void stopServer();
    void registerStorage_data();
    void registerStorage();
    void reportStorageProbe_data();
    void reportStorageProbe();
    void logEvent_data();
    void logEvent();
    void refusedCall_data();
    void refusedCall();
    void requestCacheFlush_data();
    void requestCacheFlush();
    void requestCacheFlushAudit_data();
    void requestCacheFlushAudit();
    void requestCacheFlushRefused_data();
    void requestCacheFlushRefused();

private:
    PgResult exec(const QString& sql, const QVariantList& params = {});
    QString scalar(const QString& sql, const QVariantList& params = {}) { return exec(sql, params).scalar(); }
    QStringList column(const QString& sql, const QVariantList& params = {});
    QString stateOf(const QString& sql, const QVariantList& params, QString* message = nullptr);
    QString dbNow() { return scalar(u"SELECT clock_timestamp()"_s); }
    bool between(const QString& value, const QString& from, const QString& to);
    qint64 registerServer(const QString& name);
    qint64 serverId(const QString& name);
    qint64 createTask(const QString& creator, const QString& target);
    QStringList recipients(qint64 taskId);
    QString snapshot();
    void setUpFarm(const QStringList& servers, const QStringList& disabled = {}, const QStringList& stopped = {});

    std::unique_ptr<TestDatabase> m_database;
    PgConnection m_db;
    QString m_operatorRole;
    QString m_empty; // snapshot() of the freshly installed schema
};

void ProtocolTest::initTestCase()
{
    if (!Paddock::Test::requireCluster())
        return;
    // One database for all rows: init() empties it, which is much faster than CREATE DATABASE.
    m_database = std::make_unique<TestDatabase>();
    m_db = m_database->connect();
    exec(u"SET TimeZone = 'UTC'"_s);
    m_operatorRole = m_database->createLoginRole(u"webfarm_operator"_s);
    m_empty = snapshot();
}

void ProtocolTest::init()
{
    // DELETE is an order of magnitude faster than TRUNCATE on tables this small. The task and its
    // flush request point at each other, so one link is cut first.
    m_db.execScript(u"UPDATE webfarm.flush_request SET task_id = NULL; DELETE FROM webfarm.task; "
                    "DELETE FROM webfarm.flush_request; DELETE FROM webfarm.heartbeat; DELETE FROM webfarm.server_log; "
                    "DELETE FROM webfarm.storage_probe; DELETE FROM webfarm.storage; DELETE FROM webfarm.server; "
                    "SELECT setval(pg_get_serial_sequence('webfarm.' || t, 'id'), 1, false) "
                    "FROM unnest(ARRAY['server', 'task', 'storage', 'flush_request']) t"_s);
    QCOMPARE(snapshot(), m_empty);
    m_db.takeNotices();
}

void ProtocolTest::cleanupTestCase()
{
    m_db.close();
    m_database.reset();
}

// Unexpected failures abort the whole executable; say which statement failed and why first.
PgResult ProtocolTest::exec(const QString& sql, const QVariantList& params)
{
    try {
        return m_db.exec(sql, params);
    } catch (const PgError& error) {
        qWarning("%s failed: %s %s", qPrintable(sql), qPrintable(error.sqlState()), qPrintable(error.fullMessage()));
        throw;
    }
}

QStringList ProtocolTest::column(const QString& sql, const QVariantList& params)
{
    const PgResult result = exec(sql, params);
    QStringList values;
    for (int row = 0; row < result.rows(); ++row)
        values.append(shown(result, row, 0));
    return values;
}

// The SQLSTATE of a call, 00000 when it succeeds.
QString ProtocolTest::stateOf(const QString& sql, const QVariantList& params, QString* message)
{
    try {
        m_db.exec(sql, params);
        return Success;
    } catch (const PgError& error) {
        if (message)
            *message = error.message();
        return error.sqlState();
    }
}

bool ProtocolTest::between(const QString& value, const QString& from, const QString& to)
{
    return scalar(u"SELECT $1::timestamptz BETWEEN $2::timestamptz AND $3::timestamptz"_s, { value, from, to })
        == u"t"_s;
}

qint64 ProtocolTest::registerServer(const QString& name)
{
    return exec(u"SELECT webfarm.register_server($1, $2, $3, 'zone-a', '1.0')"_s,
        { name, name.toUpper(), name + u".farm.test"_s })
        .integer(0, 0)
        .value();
}

qint64 ProtocolTest::serverId(const QString& name)
{
    return exec(u"SELECT id FROM webfarm.server WHERE name = $1"_s, { name }).integer(0, 0).value_or(-1);
}

qint64 ProtocolTest::createTask(const QString& creator, const QString& target)
{
    return exec(u"SELECT webfarm.create_task($1, 'TOUCH_CACHE_ITEM', $2)"_s,
        { creator.isEmpty() ? QVariant() : QVariant(serverId(creator)), target })
        .integer(0, 0)
        .value();
}

QStringList ProtocolTest::recipients(qint64 taskId)
{
    return column(u"SELECT s.name FROM webfarm.server_task st JOIN webfarm.server s ON s.id = st.server_id "
                  "WHERE st.task_id = $1 ORDER BY s.name"_s,
        { taskId });
}

// Every row of every table, so that a refused call can be shown to have written nothing.
QString ProtocolTest::snapshot()
{
    static const QStringList tables { u"schema_version"_s, u"server"_s, u"heartbeat"_s, u"task"_s, u"server_task"_s,
        u"server_log"_s, u"storage"_s, u"storage_probe"_s, u"flush_request"_s };
    const QString rows = u"SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, ',' ORDER BY x::text)), '') "
                         "FROM webfarm.%1 x"_s;
    QStringList parts;
    for (const QString& table : tables)
        parts.append(table + u'=' + scalar(rows.arg(table)));
    return parts.join(u' ');
}

void ProtocolTest::setUpFarm(const QStringList& servers, const QStringList& disabled, const QStringList& stopped)
{
    for (const QString& name : servers)
        registerServer(name);
    for (const QString& name : disabled)
        exec(u"UPDATE webfarm.server SET enabled = false WHERE name = $1"_s, { name });
    for (const QString& name : stopped)
        exec(u"SELECT webfarm.stop_server($1)"_s, { serverId(name) });
}

void ProtocolTest::createTask_data()
{
    QTest::addColumn<QStringList>("servers");
    QTest::addColumn<QStringList>("disabled");
    QTest::addColumn<QStringList>("stopped");
    QTest::addColumn<QStringList>("reregistered");
    QTest::addColumn<QString>("creator"); // empty: NULL
    QTest::addColumn<QStringList>("expected");

    const QStringList three { u"web01"_s, u"web02"_s, u"web03"_s };
    QTest::addRow("creator among three") << three << QStringList() << QStringList() << QStringList() << u"web01"_s
                                         << QStringList { u"web02"_s, u"web03"_s };
    QTest::addRow("disabled server left out") << three << QStringList { u"web03"_s } << QStringList() << QStringList()
                                              << u"web01"_s << QStringList { u"web02"_s };
    QTest::addRow("stopped server left out") << three << QStringList() << QStringList { u"web02"_s } << QStringList()
                                             << u"web01"_s << QStringList { u"web03"_s };
    QTest::addRow("no creator reaches all")
        << three << QStringList() << QStringList() << QStringList() << QString() << three;
    QTest::addRow("no creator skips disabled and stopped")
        << QStringList { u"web01"_s, u"web02"_s, u"web03"_s, u"web04"_s } << QStringList { u"web02"_s }
        << QStringList { u"web04"_s } << QStringList() << QString() << QStringList { u"web01"_s, u"web03"_s };
    QTest::addRow("stopped then re-registered receives again")
        << three << QStringList() << QStringList { u"web02"_s } << QStringList { u"web02"_s } << u"web01"_s
        << QStringList { u"web02"_s, u"web03"_s };
    QTest::addRow("disabled creator still reaches the others")
        << three << QStringList { u"web01"_s } << QStringList() << QStringList() << u"web01"_s
        << QStringList { u"web02"_s, u"web03"_s };
    QTest::addRow("alone in the farm") << QStringList { u"web01"_s } << QStringList() << QStringList() << QStringList()
                                       << u"web01"_s << QStringList();
}

void ProtocolTest::createTask()
{
    QFETCH(QStringList, servers);
    QFETCH(QStringList, disabled);
    QFETCH(QStringList, stopped);
    QFETCH(QStringList, reregistered);
    QFETCH(QString, creator);
    QFETCH(QStringList, expected);

    setUpFarm(servers, disabled, stopped);
    for (const QString& name : reregistered)
        registerServer(name);

    const qint64 taskId = createTask(creator, u"page:/home"_s);
    QCOMPARE(recipients(taskId), expected);
    QCOMPARE(scalar(u"SELECT count(*) FROM webfarm.server_task WHERE processed_at IS NOT NULL"_s), u"0"_s);
    QCOMPARE(scalar(u"SELECT count(*) FROM webfarm.task"_s), u"1"_s);
}

void ProtocolTest::createTaskStoresTask_data()
{
    QTest::addColumn<QVariantList>("arguments"); // after the creator
    QTest::addColumn<QStringList>("expected"); // type, target, text_data, is_memory

    QTest::addRow("defaults") << QVariantList { u"REMOVE_CACHE_ITEM"_s, u"product:42"_s }
                              << QStringList { u"REMOVE_CACHE_ITEM"_s, u"product:42"_s, Null, u"t"_s };
    QTest::addRow("file task with data") << QVariantList { u"UPDATE_METAFILE"_s, u"files/logo.png"_s, u"sha256=ab12"_s,
        false } << QStringList { u"UPDATE_METAFILE"_s, u"files/logo.png"_s, u"sha256=ab12"_s, u"f"_s };
    QTest::addRow("unknown type without target")
        << QVariantList { u"MY_CUSTOM_TASK"_s, QVariant() } << QStringList { u"MY_CUSTOM_TASK"_s, Null, Null, u"t"_s };
}

void ProtocolTest::createTaskStoresTask()
{
    QFETCH(QVariantList, arguments);
    QFETCH(QStringList, expected);

    setUpFarm({ u"web01"_s, u"web02"_s, u"web03"_s });
    const qint64 creator = serverId(u"web01"_s);
    QStringList placeholders { u"$1"_s };
    for (qsizetype i = 0; i < arguments.size(); ++i)
        placeholders.append(u"$%1"_s.arg(i + 2));
    const QString call = u"SELECT webfarm.create_task(%1)"_s.arg(placeholders.join(u", "_s));
    const QString before = dbNow();
    const qint64 taskId = exec(call, QVariantList { creator } + arguments).integer(0, 0).value();
    const QString after = dbNow();

    const PgResult task = exec(u"SELECT type, target, text_data, is_memory, creator_server_id, flush_request_id, "
                               "created_at FROM webfarm.task WHERE id = $1"_s,
        { taskId });
    QCOMPARE(task.rows(), 1);
    QCOMPARE((QStringList { shown(task, 0, 0), shown(task, 0, 1), shown(task, 0, 2), shown(task, 0, 3) }), expected);
    QCOMPARE(task.integer(0, 4), std::optional<qint64>(creator));
    QVERIFY(task.isNull(0, 5));
    QVERIFY2(between(task.text(0, 6), before, after), qPrintable(task.text(0, 6)));
    QCOMPARE(recipients(taskId), (QStringList { u"web02"_s, u"web03"_s }));
}

void ProtocolTest::fetchTasks_data()
{
    QTest::addColumn<QList<TaskSpec>>("tasks");
    QTest::addColumn<QVariant>("limit"); // invalid: the default
    QTest::addColumn<QStringList>("expected"); // targets as web02 fetches them

    const QString w1 = u"web01"_s;
    const QString w2 = u"web02"_s;
    const QString w3 = u"web03"_s;
    const QList<TaskSpec> shuffled { { u"t1"_s, w1, 30 }, { u"t2"_s, w1, 10 }, { u"t3"_s, w1, 20 } };
    const QList<TaskSpec> tie { { u"t1"_s, w1, 10 }, { u"t2"_s, w1, 5 }, { u"t3"_s, w1, 10 } };
    const QList<TaskSpec> oneDone { { u"t1"_s, w1, 1 }, { u"t2"_s, w1, 2, w2 }, { u"t3"_s, w1, 3 } };
    const QList<TaskSpec> doneElsewhere { { u"t1"_s, w1, 1, w3 } };
    const QList<TaskSpec> ownTask { { u"t1"_s, w1, 1 }, { u"t2"_s, w2, 2 }, { u"t3"_s, w3, 3 } };
    const QList<TaskSpec> five { { u"t1"_s, w1, 5 }, { u"t2"_s, w1, 4 }, { u"t3"_s, w1, 3 }, { u"t4"_s, w1, 2 },
        { u"t5"_s, w1, 1 } };
    const QList<TaskSpec> two { { u"t1"_s, w1, 2 }, { u"t2"_s, w1, 1 } };
    QTest::addRow("oldest first") << shuffled << QVariant() << QStringList { u"t2"_s, u"t3"_s, u"t1"_s };
    QTest::addRow("same created_at by id") << tie << QVariant() << QStringList { u"t2"_s, u"t1"_s, u"t3"_s };
    QTest::addRow("processed left out") << oneDone << QVariant() << QStringList { u"t1"_s, u"t3"_s };
    QTest::addRow("done by another server stays pending") << doneElsewhere << QVariant() << QStringList { u"t1"_s };
    QTest::addRow("own tasks are not delivered") << ownTask << QVariant() << QStringList { u"t1"_s, u"t3"_s };
    QTest::addRow("limit 0") << five << QVariant(0) << QStringList();
    QTest::addRow("limit 2 of 5") << five << QVariant(2) << QStringList { u"t5"_s, u"t4"_s };
    QTest::addRow("default limit returns all 5")
        << five << QVariant() << QStringList { u"t5"_s, u"t4"_s, u"t3"_s, u"t2"_s, u"t1"_s };
    QTest::addRow("limit above the backlog") << two << QVariant(10) << QStringList { u"t2"_s, u"t1"_s };
    QTest::addRow("nothing pending") << QList<TaskSpec>() << QVariant() << QStringList();
}

void ProtocolTest::fetchTasks()
{
    QFETCH(QList<TaskSpec>, tasks);
    QFETCH(QVariant, limit);
    QFETCH(QStringList, expected);

    setUpFarm({ u"web01"_s, u"web02"_s, u"web03"_s });
    for (const TaskSpec& spec : tasks) {
        const QVariantList arguments { serverId(spec.creator), spec.target, u"data of "_s + spec.target };
        const qint64 taskId
            = exec(u"SELECT webfarm.create_task($1, 'TOUCH_CACHE_ITEM', $2, $3)"_s, arguments).integer(0, 0).value();
        exec(u"UPDATE webfarm.task SET created_at = timestamptz '2024-01-01 00:00:00+00' + make_interval(secs => $2) "
             "WHERE id = $1"_s,
            { taskId, spec.createdAtS });
        if (!spec.completedBy.isEmpty())
            exec(u"SELECT webfarm.complete_task($1, $2)"_s, { serverId(spec.completedBy), taskId });
    }

    const qint64 fetcher = serverId(u"web02"_s);
    const PgResult result = limit.isValid() ? exec(u"SELECT * FROM webfarm.fetch_tasks($1, $2)"_s, { fetcher, limit })
                                            : exec(u"SELECT * FROM webfarm.fetch_tasks($1)"_s, { fetcher });
    QCOMPARE(result.columns(), 5);
    QCOMPARE((QStringList { result.columnName(0), result.columnName(1), result.columnName(2), result.columnName(3),
                 result.columnName(4) }),
        (QStringList { u"task_id"_s, u"type"_s, u"target"_s, u"text_data"_s, u"created_at"_s }));
    QStringList targets;
    for (int row = 0; row < result.rows(); ++row) {
        const QString target = result.text(row, 2);
        targets.append(target);
        QCOMPARE(result.text(row, 1), u"TOUCH_CACHE_ITEM"_s);
        QCOMPARE(result.text(row, 3), u"data of "_s + target);
        QCOMPARE(result.text(row, 4),
            scalar(u"SELECT created_at FROM webfarm.task WHERE id = $1"_s, { result.text(row, 0) }));
    }
    QCOMPARE(targets, expected);
}

void ProtocolTest::completeTask_data()
{
    QTest::addColumn<QString>("firstError"); // null: NULL
    QTest::addColumn<bool>("retry");
    QTest::addColumn<QString>("retryError");
    QTest::addColumn<QString>("expectedError");

    QTest::addRow("success") << QString() << false << QString() << Null;
    QTest::addRow("error stored") << u"disk full"_s << false << QString() << u"disk full"_s;
    QTest::addRow("empty error stored as NULL") << u""_s << false << QString() << Null;
    QTest::addRow("retry keeps the first success") << QString() << true << u"late failure"_s << Null;
    QTest::addRow("retry keeps the first error") << u"disk full"_s << true << QString() << u"disk full"_s;
}

void ProtocolTest::completeTask()
{
    QFETCH(QString, firstError);
    QFETCH(bool, retry);
    QFETCH(QString, retryError);
    QFETCH(QString, expectedError);

    setUpFarm({ u"web01"_s, u"web02"_s, u"web03"_s });
    const qint64 taskId = createTask(u"web01"_s, u"menu"_s);
    const qint64 worker = serverId(u"web02"_s);
    const QString state = u"SELECT processed_at, error_message, processed_at >= t.created_at "
                          "FROM webfarm.server_task st JOIN webfarm.task t ON t.id = st.task_id "
                          "WHERE st.task_id = $1 AND st.server_id = $2"_s;

    const QString before = dbNow();
    exec(u"SELECT webfarm.complete_task($1, $2, $3)"_s, { worker, taskId, nullable(firstError) });
    const QString after = dbNow();
    const PgResult first = exec(state, { taskId, worker });
    QVERIFY(!first.isNull(0, 0));
    QVERIFY2(between(first.text(0, 0), before, after), qPrintable(first.text(0, 0)));
    QCOMPARE(first.boolean(0, 2), std::optional<bool>(true));

    if (retry)
        exec(u"SELECT webfarm.complete_task($1, $2, $3)"_s, { worker, taskId, nullable(retryError) });
    const PgResult last = exec(state, { taskId, worker });
    QCOMPARE(last.text(0, 0), first.text(0, 0));
    QCOMPARE(shown(last, 0, 1), expectedError);
    // Only this server's delivery is done.
    QCOMPARE(column(u"SELECT s.name FROM webfarm.server_task st JOIN webfarm.server s ON s.id = st.server_id "
                    "WHERE st.task_id = $1 AND st.processed_at IS NULL"_s,
                 { taskId }),
        QStringList { u"web03"_s });
}

void ProtocolTest::registerServer_data()
{
    QTest::addColumn<bool>("registeredBefore");
    QTest::addColumn<bool>("stoppedBefore");
    QTest::addColumn<bool>("disabledBefore");
    QTest::addColumn<QString>("expectedEnabled");
    QTest::addColumn<QString>("expectedLog"); // codes of web01, oldest first

    QTest::addRow("new server") << false << false << false << u"t"_s << u"STARTED"_s;
    QTest::addRow("re-register a running server") << true << false << false << u"t"_s << u"STARTED,STARTED"_s;
    QTest::addRow("revive a stopped server") << true << true << false << u"t"_s << u"STARTED,STOPPED,STARTED"_s;
    // Disabling is the administrator's decision; a restart of the instance does not undo it.
    QTest::addRow("a disabled server stays disabled") << true << false << true << u"f"_s << u"STARTED,STARTED"_s;
}

void ProtocolTest::registerServer()
{
    QFETCH(bool, registeredBefore);
    QFETCH(bool, stoppedBefore);
    QFETCH(bool, disabledBefore);
    QFETCH(QString, expectedEnabled);
    QFETCH(QString, expectedLog);

    registerServer(u"other"_s);
    const QString server = u"SELECT id, display_name, host, zone, version, enabled, registered_at, started_at, "
                           "stopped_at FROM webfarm.server WHERE name = 'web01'"_s;
    PgResult old;
    if (registeredBefore) {
        exec(u"SELECT webfarm.register_server('web01', 'Web 01', 'host-a', 'zone-a', '1.0')"_s);
        if (stoppedBefore)
            exec(u"SELECT webfarm.stop_server($1)"_s, { serverId(u"web01"_s) });
        if (disabledBefore)
            exec(u"UPDATE webfarm.server SET enabled = false WHERE name = 'web01'"_s);
        old = exec(server);
    }

    const QString before = dbNow();
    const qint64 id = exec(u"SELECT webfarm.register_server('web01', 'Web 01 (b)', 'host-b', 'zone-b', '2.0')"_s)
                          .integer(0, 0)
                          .value();
    const QString after = dbNow();

    const PgResult now = exec(server);
    QCOMPARE(now.rows(), 1);
    QCOMPARE(now.integer(0, 0), std::optional<qint64>(id));
    QVERIFY(id != serverId(u"other"_s));
    QCOMPARE((QStringList { now.text(0, 1), now.text(0, 2), now.text(0, 3), now.text(0, 4), now.text(0, 5) }),
        (QStringList { u"Web 01 (b)"_s, u"host-b"_s, u"zone-b"_s, u"2.0"_s, expectedEnabled }));
    QVERIFY2(between(now.text(0, 7), before, after), qPrintable(now.text(0, 7)));
    QVERIFY(now.isNull(0, 8));
    if (registeredBefore) {
        QCOMPARE(id, old.integer(0, 0).value());
        QCOMPARE(now.text(0, 6), old.text(0, 6));
        QCOMPARE(scalar(u"SELECT $1::timestamptz > $2::timestamptz"_s, { now.text(0, 7), old.text(0, 7) }), u"t"_s);
        QCOMPARE(old.isNull(0, 8), !stoppedBefore);
    } else {
        QVERIFY2(between(now.text(0, 6), before, after), qPrintable(now.text(0, 6)));
    }
    QCOMPARE(
        column(u"SELECT code FROM webfarm.server_log WHERE server_id = $1 ORDER BY logged_at"_s, { id }).join(u','),
        expectedLog);
    QCOMPARE(scalar(u"SELECT count(*) FROM webfarm.server"_s), u"2"_s);
}

void ProtocolTest::heartbeat_data()
{
    QTest::addColumn<QString>("sentAt");
    QTest::addColumn<QVariantList>("counters"); // empty: left to their defaults
    QTest::addColumn<QString>("expectedSentAt"); // in UTC
    QTest::addColumn<QStringList>("expectedCounters");

    QTest::addRow("instance clock in another zone, all counters")
        << u"2024-05-01T14:00:00.250+02:00"_s << QVariantList { 1000, 900, 100, 268435456 }
        << u"2024-05-01 12:00:00.25+00"_s << QStringList { u"1000"_s, u"900"_s, u"100"_s, u"268435456"_s };
    QTest::addRow("instance clock far ahead, no counters")
        << u"2099-12-31T23:59:59Z"_s << QVariantList() << u"2099-12-31 23:59:59+00"_s
        << QStringList { Null, Null, Null, Null };
    QTest::addRow("some counters NULL") << u"2024-05-01T12:00:00Z"_s << QVariantList { 5, QVariant(), QVariant(), 4096 }
                                        << u"2024-05-01 12:00:00+00"_s << QStringList { u"5"_s, Null, Null, u"4096"_s };
}

void ProtocolTest::heartbeat()
{
    QFETCH(QString, sentAt);
    QFETCH(QVariantList, counters);
    QFETCH(QString, expectedSentAt);
    QFETCH(QStringList, expectedCounters);

    const qint64 id = registerServer(u"web01"_s);
    const QString before = dbNow();
    if (counters.isEmpty())
        exec(u"SELECT webfarm.heartbeat($1, $2)"_s, { id, sentAt });
    else
        exec(u"SELECT webfarm.heartbeat($1, $2, $3, $4, $5, $6)"_s, QVariantList { id, sentAt } + counters);
    const QString after = dbNow();

    const PgResult beat = exec(u"SELECT server_id, sent_at, received_at, cache_items, cache_hits, cache_misses, "
                               "memory_bytes FROM webfarm.heartbeat"_s);
    QCOMPARE(beat.rows(), 1);
    QCOMPARE(beat.integer(0, 0), std::optional<qint64>(id));
    QCOMPARE(beat.text(0, 1), expectedSentAt);
    QVERIFY2(between(beat.text(0, 2), before, after), qPrintable(beat.text(0, 2)));
    QCOMPARE(
        (QStringList { shown(beat, 0, 3), shown(beat, 0, 4), shown(beat, 0, 5), shown(beat, 0, 6) }), expectedCounters);
}

void ProtocolTest::stopServer_data()
{
    QTest::addColumn<int>("tasks"); // created by web01 before the stop
    QTest::addColumn<int>("completed"); // of those, completed by web02 before the stop
    QTest::addColumn<int>("expectedPending");

    QTest::addRow("no deliveries") << 0 << 0 << 0;
    QTest::addRow("pending deliveries stay") << 3 << 1 << 2;
    QTest::addRow("all done") << 2 << 2 << 0;
}

void ProtocolTest::stopServer()
{
    QFETCH(int, tasks);
    QFETCH(int, completed);
    QFETCH(int, expectedPending);

    setUpFarm({ u"web01"_s, u"web02"_s, u"web03"_s });
    const qint64 id = serverId(u"web02"_s);
    for (int i = 0; i < tasks; ++i) {
        const qint64 taskId = createTask(u"web01"_s, u"key%1"_s.arg(i));
        if (i < completed)
            exec(u"SELECT webfarm.complete_task($1, $2)"_s, { id, taskId });
    }

    const QString before = dbNow();
    exec(u"SELECT webfarm.stop_server($1)"_s, { id });
    const QString after = dbNow();

    const QString stoppedAt = scalar(u"SELECT stopped_at FROM webfarm.server WHERE id = $1"_s, { id });
    QVERIFY2(between(stoppedAt, before, after), qPrintable(stoppedAt));
    QCOMPARE(column(u"SELECT code FROM webfarm.server_log WHERE server_id = $1 ORDER BY logged_at"_s, { id }),
        (QStringList { u"STARTED"_s, u"STOPPED"_s }));
    QCOMPARE(exec(u"SELECT * FROM webfarm.fetch_tasks($1)"_s, { id }).rows(), expectedPending);
    QCOMPARE(scalar(u"SELECT count(*) FROM webfarm.server_task WHERE server_id = $1 AND processed_at IS NULL"_s, { id })
                 .toInt(),
        expectedPending);

    // A stopped server is no longer a recipient.
    const qint64 later = createTask(u"web01"_s, u"after-stop"_s);
    QCOMPARE(recipients(later), QStringList { u"web03"_s });
}

void ProtocolTest::registerStorage_data()
{
    QTest::addColumn<QList<StorageCall>>("calls");
    QTest::addColumn<int>("expectedRows");
    QTest::addColumn<bool>("expectedSameId"); // the first and last call return the same id
    QTest::addColumn<QStringList>("expectedLast"); // kind, location of the last call's name

    const StorageCall blob { u"media"_s, u"azure-blob"_s, u"https://acct.blob.core.windows.net/media"_s };
    const StorageCall s3 { u"media"_s, u"s3"_s, u"s3://bucket/media"_s };
    const StorageCall local { u"media"_s, u"local"_s, u"/srv/media"_s };
    const StorageCall share { u"backup"_s, u"network-share"_s, u"//nas/backup"_s };
    const StorageCall nowhere { u"scratch"_s, u"local"_s, QString() };
    QTest::addRow("new storage") << QList<StorageCall> { blob } << 1 << true
                                 << QStringList { u"azure-blob"_s, u"https://acct.blob.core.windows.net/media"_s };
    QTest::addRow("same name updates and keeps the id")
        << QList<StorageCall> { blob, s3 } << 1 << true << QStringList { u"s3"_s, u"s3://bucket/media"_s };
    QTest::addRow("two names, two rows") << QList<StorageCall> { local, share } << 2 << false
                                         << QStringList { u"network-share"_s, u"//nas/backup"_s };
    QTest::addRow("location may be NULL")
        << QList<StorageCall> { nowhere } << 1 << true << QStringList { u"local"_s, Null };
}

void ProtocolTest::registerStorage()
{
    QFETCH(QList<StorageCall>, calls);
    QFETCH(int, expectedRows);
    QFETCH(bool, expectedSameId);
    QFETCH(QStringList, expectedLast);

    QList<qint64> ids;
    for (const StorageCall& call : calls) {
        ids.append(
            exec(u"SELECT webfarm.register_storage($1, $2, $3)"_s, { call.name, call.kind, nullable(call.location) })
                .integer(0, 0)
                .value());
    }
    QCOMPARE(ids.first() == ids.last(), expectedSameId);
    QCOMPARE(scalar(u"SELECT count(*) FROM webfarm.storage"_s).toInt(), expectedRows);
    const PgResult last
        = exec(u"SELECT id, kind, location FROM webfarm.storage WHERE name = $1"_s, { calls.last().name });
    QCOMPARE(last.integer(0, 0), std::optional<qint64>(ids.last()));
    QCOMPARE((QStringList { shown(last, 0, 1), shown(last, 0, 2) }), expectedLast);
}

void ProtocolTest::reportStorageProbe_data()
{
    QTest::addColumn<QVariantList>("arguments"); // after server id and storage name
    QTest::addColumn<QStringList>("expected"); // ok, latency_ms, free_bytes, error

    QTest::addRow("healthy") << QVariantList { true, 12.5, Q_INT64_C(1073741824), QVariant() }
                             << QStringList { u"t"_s, u"12.5"_s, u"1073741824"_s, Null };
    QTest::addRow("failed with an error") << QVariantList { false, QVariant(), QVariant(), u"connection refused"_s }
                                          << QStringList { u"f"_s, Null, Null, u"connection refused"_s };
    QTest::addRow("defaults for free bytes and error")
        << QVariantList { true, 3.25 } << QStringList { u"t"_s, u"3.25"_s, Null, Null };
}

void ProtocolTest::reportStorageProbe()
{
    QFETCH(QVariantList, arguments);
    QFETCH(QStringList, expected);

    const qint64 server = registerServer(u"web01"_s);
    exec(u"SELECT webfarm.register_storage('other', 's3', 's3://other')"_s);
    const qint64 storage
        = exec(u"SELECT webfarm.register_storage('media', 'local', '/srv/media')"_s).integer(0, 0).value();
    QStringList placeholders;
    for (qsizetype i = 0; i < arguments.size() + 2; ++i)
        placeholders.append(u"$%1"_s.arg(i + 1));
    const QString before = dbNow();
    exec(u"SELECT webfarm.report_storage_probe(%1)"_s.arg(placeholders.join(u", "_s)),
        QVariantList { server, u"media"_s } + arguments);
    const QString after = dbNow();

    const PgResult probe = exec(
        u"SELECT storage_id, server_id, probed_at, ok, latency_ms, free_bytes, error FROM webfarm.storage_probe"_s);
    QCOMPARE(probe.rows(), 1);
    QCOMPARE(probe.integer(0, 0), std::optional<qint64>(storage));
    QCOMPARE(probe.integer(0, 1), std::optional<qint64>(server));
    QVERIFY2(between(probe.text(0, 2), before, after), qPrintable(probe.text(0, 2)));
    QCOMPARE(
        (QStringList { shown(probe, 0, 3), shown(probe, 0, 4), shown(probe, 0, 5), shown(probe, 0, 6) }), expected);
}

void ProtocolTest::logEvent_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message"); // null: NULL
    QTest::addColumn<QString>("expectedMessage");

    QTest::addRow("warning") << u"WARN"_s << u"disk 91% full"_s << u"disk 91% full"_s;
    QTest::addRow("error without message") << u"ERROR"_s << QString() << Null;
    QTest::addRow("code of the instance's own") << u"CACHE_WARMED"_s << u"12000 items"_s << u"12000 items"_s;
}

void ProtocolTest::logEvent()
{
    QFETCH(QString, code);
    QFETCH(QString, message);
    QFETCH(QString, expectedMessage);

    const qint64 id = registerServer(u"web01"_s);
    const QString before = dbNow();
    exec(u"SELECT webfarm.log_event($1, $2, $3)"_s, { id, code, nullable(message) });
    const QString after = dbNow();

    const PgResult log
        = exec(u"SELECT server_id, logged_at, code, message FROM webfarm.server_log WHERE code <> 'STARTED'"_s);
    QCOMPARE(log.rows(), 1);
    QCOMPARE(log.integer(0, 0), std::optional<qint64>(id));
    QVERIFY2(between(log.text(0, 1), before, after), qPrintable(log.text(0, 1)));
    QCOMPARE(log.text(0, 2), code);
    QCOMPARE(shown(log, 0, 3), expectedMessage);
}

void ProtocolTest::refusedCall_data()
{
    // :web01, :web02, :task (by web01, delivered to web02) and :unknown stand for ids of the farm below.
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("expectedState");
    QTest::addColumn<QString>("expectedInMessage");

    const auto row = [](const char* name, const char* sql, const char* state, const char* inMessage = "") {
        QTest::addRow("%s", name) << QString::fromUtf8(sql) << QString::fromUtf8(state) << QString::fromUtf8(inMessage);
    };
    row("register_server empty name", "SELECT webfarm.register_server('', 'x', 'h', 'z', '1')", "22023");
    row("register_server blank name", "SELECT webfarm.register_server('  ', 'x', 'h', 'z', '1')", "22023");
    row("register_server NULL name", "SELECT webfarm.register_server(NULL, 'x', 'h', 'z', '1')", "22023");
    row("heartbeat unknown server", "SELECT webfarm.heartbeat(:unknown, now())", "23503");
    row("heartbeat NULL sent_at", "SELECT webfarm.heartbeat(:web01, NULL)", "23502");
    row("create_task empty type", "SELECT webfarm.create_task(:web01, '', 'k')", "22023");
    row("create_task NULL type", "SELECT webfarm.create_task(:web01, NULL, 'k')", "22023");
    row("create_task unknown creator", "SELECT webfarm.create_task(:unknown, 'TOUCH_CACHE_ITEM', 'k')", "23503");
    row("complete_task by the creator", "SELECT webfarm.complete_task(:web01, :task)", "P0002");
    row("complete_task unknown task", "SELECT webfarm.complete_task(:web02, :unknown)", "P0002");
    row("complete_task unknown server", "SELECT webfarm.complete_task(:unknown, :task, 'x')", "P0002");
    row("stop_server unknown server", "SELECT webfarm.stop_server(:unknown)", "P0002", "9001");
    row("register_storage unknown kind", "SELECT webfarm.register_storage('backup', 'ftp', 'ftp://nas')", "22023",
        "ftp");
    row("register_storage NULL kind", "SELECT webfarm.register_storage('backup', NULL, '/b')", "22023");
    row("register_storage unknown kind for a known name",
        "SELECT webfarm.register_storage('media', 'dropbox', '/elsewhere')", "22023");
    row("register_storage empty name", "SELECT webfarm.register_storage('', 'local', '/b')", "22023");
    row("report_storage_probe unknown storage", "SELECT webfarm.report_storage_probe(:web01, 'nope', true, 1.0)",
        "P0002", "nope");
    row("report_storage_probe NULL storage", "SELECT webfarm.report_storage_probe(:web01, NULL, true, 1.0)", "P0002");
    row("report_storage_probe unknown server", "SELECT webfarm.report_storage_probe(:unknown, 'media', true, 1.0)",
        "23503");
    row("log_event empty code", "SELECT webfarm.log_event(:web01, '', 'm')", "22023");
    row("log_event blank code", "SELECT webfarm.log_event(:web01, '   ', 'm')", "22023");
    row("log_event NULL code", "SELECT webfarm.log_event(:web01, NULL, 'm')", "22023");
    row("log_event unknown server", "SELECT webfarm.log_event(:unknown, 'WARN', 'm')", "23503");
}

void ProtocolTest::refusedCall()
{
    QFETCH(QString, sql);
    QFETCH(QString, expectedState);
    QFETCH(QString, expectedInMessage);

    setUpFarm({ u"web01"_s, u"web02"_s });
    exec(u"SELECT webfarm.register_storage('media', 'local', '/srv/media')"_s);
    const qint64 taskId = createTask(u"web01"_s, u"menu"_s);
    sql.replace(u":web01"_s, QString::number(serverId(u"web01"_s)))
        .replace(u":web02"_s, QString::number(serverId(u"web02"_s)))
        .replace(u":task"_s, QString::number(taskId))
        .replace(u":unknown"_s, u"9001"_s);

    const QString before = snapshot();
    QString message;
    QCOMPARE(stateOf(sql, {}, &message), expectedState);
    QVERIFY2(message.contains(expectedInMessage), qPrintable(message));
    QCOMPARE(snapshot(), before);
}

void ProtocolTest::requestCacheFlush_data()
{
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QStringList>("servers"); // empty: NULL
    QTest::addColumn<QStringList>("keys"); // empty: NULL
    QTest::addColumn<QStringList>("expectedRecipients");

    // The farm: web03 is disabled, web04 stopped.
    QTest::addRow("farm") << u"farm"_s << QStringList() << QStringList()
                          << QStringList { u"web01"_s, u"web02"_s, u"web05"_s };
    QTest::addRow("one server") << u"servers"_s << QStringList { u"web02"_s } << QStringList()
                                << QStringList { u"web02"_s };
    QTest::addRow("servers without the disabled and the stopped")
        << u"servers"_s << QStringList { u"web01"_s, u"web03"_s, u"web04"_s } << QStringList()
        << QStringList { u"web01"_s };
    QTest::addRow("only a disabled server")
        << u"servers"_s << QStringList { u"web03"_s } << QStringList() << QStringList();
    QTest::addRow("a server named twice")
        << u"servers"_s << QStringList { u"web05"_s, u"web05"_s } << QStringList() << QStringList { u"web05"_s };
    QTest::addRow("keys") << u"keys"_s << QStringList() << QStringList { u"page:/home"_s, u"menu"_s }
                          << QStringList { u"web01"_s, u"web02"_s, u"web05"_s };
}

void ProtocolTest::requestCacheFlush()
{
    QFETCH(QString, scope);
    QFETCH(QStringList, servers);
    QFETCH(QStringList, keys);
    QFETCH(QStringList, expectedRecipients);

    setUpFarm({ u"web01"_s, u"web02"_s, u"web03"_s, u"web04"_s, u"web05"_s }, { u"web03"_s }, { u"web04"_s });
    QStringList ids;
    for (const QString& name : std::as_const(servers))
        ids.append(QString::number(serverId(name)));

    const QVariantList arguments { scope, ids.isEmpty() ? QVariant() : QVariant(ids),
        keys.isEmpty() ? QVariant() : QVariant(keys), u"stale menu after deploy"_s };
    const qint64 requestId
        = exec(u"SELECT webfarm.request_cache_flush($1, $2, $3, $4)"_s, arguments).integer(0, 0).value();

    const PgResult request = exec(u"SELECT id, requested_by = session_user, scope, server_ids, cache_keys, reason, "
                                  "task_id FROM webfarm.flush_request"_s);
    QCOMPARE(request.rows(), 1);
    QCOMPARE(request.integer(0, 0), std::optional<qint64>(requestId));
    QCOMPARE(request.boolean(0, 1), std::optional<bool>(true));
    QCOMPARE(request.text(0, 2), scope);
    QCOMPARE(request.isNull(0, 3), ids.isEmpty());
    QCOMPARE(request.array(0, 3), ids);
    QCOMPARE(request.isNull(0, 4), keys.isEmpty());
    QCOMPARE(request.array(0, 4), keys);
    QCOMPARE(request.text(0, 5), u"stale menu after deploy"_s);

    const PgResult task = exec(u"SELECT id, type, target, creator_server_id, flush_request_id FROM webfarm.task"_s);
    QCOMPARE(task.rows(), 1);
    QCOMPARE(task.integer(0, 0), request.integer(0, 6));
    QCOMPARE(task.text(0, 1), u"CLEAR_CACHE"_s);
    if (keys.isEmpty())
        QVERIFY(task.isNull(0, 2));
    else
        QCOMPARE(task.text(0, 2).split(u'\n'), keys);
    QVERIFY(task.isNull(0, 3));
    QCOMPARE(task.integer(0, 4), std::optional<qint64>(requestId));

    QCOMPARE(recipients(task.integer(0, 0).value()), expectedRecipients);
    QCOMPARE(scalar(u"SELECT count(*) FROM webfarm.server_task WHERE processed_at IS NOT NULL"_s), u"0"_s);
}

void ProtocolTest::requestCacheFlushAudit_data()
{
    QTest::addColumn<QString>("setApplicationName"); // null: keep the one of the connection string
    QTest::addColumn<QString>("expectedApplicationName");

    QTest::addRow("from the connection") << QString() << u"paddock-audit"_s;
    QTest::addRow("changed by SET") << u"paddock-console"_s << u"paddock-console"_s;
    QTest::addRow("empty is NULL") << u""_s << Null;
}

void ProtocolTest::requestCacheFlushAudit()
{
    QFETCH(QString, setApplicationName);
    QFETCH(QString, expectedApplicationName);

    registerServer(u"web01"_s);
    Paddock::ConnectOptions options;
    options.applicationName = u"paddock-audit"_s;
    PgConnection operatorConnection = m_database->connect(m_operatorRole, options);
    if (!setApplicationName.isNull())
        operatorConnection.exec(u"SELECT set_config('application_name', $1, false)"_s, { setApplicationName });

    const QString before = dbNow();
    const QString requestId
        = operatorConnection.exec(u"SELECT webfarm.request_cache_flush('farm', NULL, NULL, 'audit')"_s).scalar();
    const QString after = dbNow();

    // Read back on the operator's own connection: the monitor role lets it, and client_addr must be its address.
    const PgResult audit = operatorConnection.exec(
        u"SELECT requested_by, application_name, client_addr IS NOT NULL, client_addr = inet_client_addr(), "
        "requested_at, reason FROM webfarm.flush_request WHERE id = $1"_s,
        { requestId });
    QCOMPARE(audit.rows(), 1);
    QCOMPARE(audit.text(0, 0), m_operatorRole);
    QCOMPARE(shown(audit, 0, 1), expectedApplicationName);
    QCOMPARE(audit.boolean(0, 2), std::optional<bool>(true));
    QCOMPARE(audit.boolean(0, 3), std::optional<bool>(true));
    QVERIFY2(between(audit.text(0, 4), before, after), qPrintable(audit.text(0, 4)));
    QCOMPARE(audit.text(0, 5), u"audit"_s);
    QCOMPARE(scalar(u"SELECT flush_request_id FROM webfarm.task WHERE id = "
                    "(SELECT task_id FROM webfarm.flush_request WHERE id = $1)"_s,
                 { requestId }),
        requestId);
}

void ProtocolTest::requestCacheFlushRefused_data()
{
    // In server lists a name stands for that server's id, a number for an id that is no server.
    QTest::addColumn<QVariant>("scope");
    QTest::addColumn<QVariant>("servers");
    QTest::addColumn<QVariant>("keys");
    QTest::addColumn<QString>("expectedState");
    QTest::addColumn<QString>("expectedInMessage");

    const QVariant none;
    const QVariant farm(u"farm"_s);
    const QVariant servers(u"servers"_s);
    const QVariant keys(u"keys"_s);
    const QVariant web01 = QVariantList { u"web01"_s };
    const QVariant menu = QVariantList { u"menu"_s };
    QTest::addRow("unknown scope") << QVariant(u"everything"_s) << none << none << u"22023"_s << u"everything"_s;
    QTest::addRow("scope is case-sensitive") << QVariant(u"FARM"_s) << none << none << u"22023"_s << QString();
    QTest::addRow("NULL scope") << none << none << none << u"22023"_s << QString();
    QTest::addRow("servers without ids") << servers << none << none << u"22023"_s << QString();
    QTest::addRow("servers with an empty array")
        << servers << QVariant(QVariantList()) << none << u"22023"_s << QString();
    QTest::addRow("servers with an id that is no server")
        << servers << QVariant(QVariantList { u"web01"_s, 9001 }) << none << u"P0002"_s << u"9001"_s;
    QTest::addRow("servers with two ids that are no server")
        << servers << QVariant(QVariantList { 9002, u"web01"_s, 9001 }) << none << u"P0002"_s << u"9001, 9002"_s;
    QTest::addRow("servers with a NULL id")
        << servers << QVariant(QVariantList { u"web01"_s, QVariant() }) << none << u"22004"_s << QString();
    QTest::addRow("keys without keys") << keys << none << none << u"22023"_s << QString();
    QTest::addRow("keys with an empty array") << keys << none << QVariant(QVariantList()) << u"22023"_s << QString();
    QTest::addRow("keys with an empty key")
        << keys << none << QVariant(QVariantList { u"menu"_s, u""_s }) << u"22023"_s << QString();
    QTest::addRow("keys with a blank key")
        << keys << none << QVariant(QVariantList { u"  "_s }) << u"22023"_s << QString();
    QTest::addRow("keys with a NULL key")
        << keys << none << QVariant(QVariantList { u"menu"_s, QVariant() }) << u"22023"_s << QString();
    QTest::addRow("farm with ids") << farm << web01 << none << u"22023"_s << QString();
    QTest::addRow("farm with keys") << farm << none << menu << u"22023"_s << QString();
    QTest::addRow("keys with ids") << keys << web01 << menu << u"22023"_s << QString();
    QTest::addRow("servers with keys") << servers << web01 << menu << u"22023"_s << QString();
}

void ProtocolTest::requestCacheFlushRefused()
{
    QFETCH(QVariant, scope);
    QFETCH(QVariant, servers);
    QFETCH(QVariant, keys);
    QFETCH(QString, expectedState);
    QFETCH(QString, expectedInMessage);

    setUpFarm({ u"web01"_s, u"web02"_s });
    if (servers.isValid()) {
        QVariantList ids;
        const QVariantList elements = servers.toList();
        for (const QVariant& element : elements)
            ids.append(element.typeId() == QMetaType::QString ? QVariant(serverId(element.toString())) : element);
        servers = ids;
    }

    const QString before = snapshot();
    QString message;
    QCOMPARE(
        stateOf(u"SELECT webfarm.request_cache_flush($1, $2, $3, 'refused')"_s, { scope, servers, keys }, &message),
        expectedState);
    QVERIFY2(message.contains(expectedInMessage), qPrintable(message));
    QCOMPARE(scalar(u"SELECT count(*) FROM webfarm.flush_request"_s), u"0"_s);
    QCOMPARE(scalar(u"SELECT count(*) FROM webfarm.task"_s), u"0"_s);
    QCOMPARE(snapshot(), before);
}

QTEST_GUILESS_MAIN(ProtocolTest)
#include "tst_protocol.moc"
