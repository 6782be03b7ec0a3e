// The roles of DESIGN.md section 2 can do what the contract grants and nothing more.

#include "pgconnection.h"
#include "pgerror.h"
#include "testdatabase.h"

#include <map>
#include <memory>
#include <QTest>

using namespace Qt::StringLiterals;
using Paddock::PgConnection;
using Paddock::PgError;
using Paddock::PgResult;
using Paddock::Test::TestDatabase;

namespace {

const QString Allowed = u"00000"_s;
const QString Denied = u"42501"_s; // insufficient_privilege

// Every table of the contract with a column to name in UPDATE.
const QList<std::pair<QString, QString>> Tables { { u"schema_version"_s, u"version"_s }, { u"server"_s, u"name"_s },
    { u"heartbeat"_s, u"sent_at"_s }, { u"task"_s, u"type"_s }, { u"server_task"_s, u"error_message"_s },
    { u"server_log"_s, u"code"_s }, { u"storage"_s, u"location"_s }, { u"storage_probe"_s, u"ok"_s },
    { u"flush_request"_s, u"reason"_s } };

// none: a login role that is a member of no webfarm role, i.e. what PUBLIC may do.
const QStringList Roles { u"monitor"_s, u"operator"_s, u"instance"_s, u"none"_s };

const QStringList InstanceFunctions { u"register_server"_s, u"heartbeat"_s, u"create_task"_s, u"fetch_tasks"_s,
    u"complete_task"_s, u"register_storage"_s, u"report_storage_probe"_s, u"log_event"_s, u"stop_server"_s };

} // namespace

class PrivilegesTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void tableAccess_data();
    void tableAccess();
    void functionAccess_data();
    void functionAccess();
    void schemaUsage_data();
    void schemaUsage();
    void functionSecurity_data();
    void functionSecurity();
    void everyFunctionIsSecured();
    void publicHasNothing();
    void tablesAreReadableByMonitorOnly();

private:
    QString stateAs(const QString& role, const QString& sql);
    PgResult admin(const QString& sql, const QVariantList& params = {});
    QStringList column(const QString& sql, const QVariantList& params = {});

    std::unique_ptr<TestDatabase> m_database;
    PgConnection m_admin;
    std::map<QString, PgConnection> m_connections;
    QHash<QString, QString> m_ids; // :name placeholders of the fixture
};

void PrivilegesTest::initTestCase()
{
    if (!Paddock::Test::requireCluster())
        return;
    m_database = std::make_unique<TestDatabase>();
    m_admin = m_database->connect();

    const QHash<QString, QString> memberships { { u"monitor"_s, u"webfarm_monitor"_s },
        { u"operator"_s, u"webfarm_operator"_s }, { u"instance"_s, u"webfarm_instance"_s }, { u"none"_s, QString() } };
    for (const QString& role : Roles)
        m_connections.emplace(role, m_database->connect(m_database->createLoginRole(memberships.value(role))));

    // Registered by the instance login: an instance acts only for the servers its login registered.
    PgConnection& instance = m_connections.at(u"instance"_s);
    const auto registerServer = [&instance](const QString& name) {
        return instance.exec(u"SELECT webfarm.register_server($1, NULL, NULL, NULL, NULL)"_s, { name }).scalar();
    };
    m_ids.insert(u":a"_s, registerServer(u"priv-a"_s));
    m_ids.insert(u":b"_s, registerServer(u"priv-b"_s));
    m_ids.insert(u":stoppable"_s, registerServer(u"priv-stoppable"_s));
    admin(u"SELECT webfarm.register_storage('priv-store', 'local', '/srv/priv')"_s);
    m_ids.insert(u":task"_s,
        admin(u"SELECT webfarm.create_task($1, 'TOUCH_CACHE_ITEM', 'k')"_s, { m_ids.value(u":a"_s) }).scalar());
}

void PrivilegesTest::cleanupTestCase()
{
    m_connections.clear();
    m_admin.close();
    m_database.reset();
}

// The SQLSTATE of `sql` run as one of Roles, 00000 when allowed. Rolled back, so rows stay independent.
QString PrivilegesTest::stateAs(const QString& role, const QString& sql)
{
    QString statement = sql;
    for (auto it = m_ids.cbegin(); it != m_ids.cend(); ++it)
        statement.replace(it.key(), it.value());
    PgConnection& connection = m_connections.at(role);
    connection.exec(u"BEGIN"_s);
    QString state = Allowed;
    try {
        connection.exec(statement);
    } catch (const PgError& error) {
        state = error.sqlState();
    }
    connection.exec(u"ROLLBACK"_s);
    return state;
}

// Unexpected failures abort the whole executable; say which statement failed and why first.
PgResult PrivilegesTest::admin(const QString& sql, const QVariantList& params)
{
    try {
        return m_admin.exec(sql, params);
    } catch (const PgError& error) {
        qWarning("%s failed: %s %s", qPrintable(sql), qPrintable(error.sqlState()), qPrintable(error.fullMessage()));
        throw;
    }
}

QStringList PrivilegesTest::column(const QString& sql, const QVariantList& params)
{
    const PgResult result = admin(sql, params);
    QStringList values;
    for (int row = 0; row < result.rows(); ++row)
        values.append(result.text(row, 0));
    return values;
}

void PrivilegesTest::tableAccess_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("expected");

    for (const QString& role : Roles) {
        const bool reads = role == u"monitor"_s || role == u"operator"_s;
        for (const auto& [table, column] : Tables) {
            const QString name = u"webfarm."_s + table;
            const QList<std::tuple<const char*, QString, QString>> actions {
                { "SELECT", u"SELECT * FROM %1 LIMIT 1"_s.arg(name), reads ? Allowed : Denied },
                { "INSERT", u"INSERT INTO %1 DEFAULT VALUES"_s.arg(name), Denied },
                { "UPDATE", u"UPDATE %1 SET %2 = %2 WHERE false"_s.arg(name, column), Denied },
                { "DELETE", u"DELETE FROM %1 WHERE false"_s.arg(name), Denied },
                { "TRUNCATE", u"TRUNCATE %1 CASCADE"_s.arg(name), Denied },
            };
            for (const auto& [verb, sql, expected] : actions)
                QTest::addRow("%s %s %s", qPrintable(role), verb, qPrintable(table)) << role << sql << expected;
        }
    }
}

void PrivilegesTest::tableAccess()
{
    QFETCH(QString, role);
    QFETCH(QString, sql);
    QFETCH(QString, expected);

    QCOMPARE(stateAs(role, sql), expected);
}

void PrivilegesTest::functionAccess_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("expected");

    const QList<std::pair<QString, QString>> calls {
        { u"register_server"_s, u"SELECT webfarm.register_server('priv-new', 'New', 'h', 'z', '1')"_s },
        { u"heartbeat"_s, u"SELECT webfarm.heartbeat(:a, now(), 1, 2, 3, 4)"_s },
        { u"create_task"_s, u"SELECT webfarm.create_task(:a, 'REMOVE_CACHE_ITEM', 'k2')"_s },
        { u"fetch_tasks"_s, u"SELECT * FROM webfarm.fetch_tasks(:b)"_s },
        { u"complete_task"_s, u"SELECT webfarm.complete_task(:b, :task)"_s },
        { u"register_storage"_s, u"SELECT webfarm.register_storage('priv-new', 's3', 's3://b')"_s },
        { u"report_storage_probe"_s, u"SELECT webfarm.report_storage_probe(:a, 'priv-store', true, 1.5)"_s },
        { u"log_event"_s, u"SELECT webfarm.log_event(:a, 'WARN', 'm')"_s },
        { u"stop_server"_s, u"SELECT webfarm.stop_server(:stoppable)"_s },
        { u"request_cache_flush"_s, u"SELECT webfarm.request_cache_flush('farm', NULL, NULL, 'privileges')"_s },
    };
    for (const QString& role : Roles) {
        for (const auto& [function, sql] : calls) {
            bool allowed = false;
            if (role == u"instance"_s)
                allowed = InstanceFunctions.contains(function);
            else if (role == u"operator"_s)
                allowed = function == u"request_cache_flush"_s;
            QTest::addRow("%s %s", qPrintable(role), qPrintable(function))
                << role << sql << (allowed ? Allowed : Denied);
        }
    }
}

void PrivilegesTest::functionAccess()
{
    QFETCH(QString, role);
    QFETCH(QString, sql);
    QFETCH(QString, expected);

    QCOMPARE(stateAs(role, sql), expected);
}

void PrivilegesTest::schemaUsage_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("expected");

    QTest::addRow("monitor") << u"monitor"_s << u"t"_s;
    QTest::addRow("operator") << u"operator"_s << u"t"_s;
    QTest::addRow("instance") << u"instance"_s << u"t"_s;
    QTest::addRow("none") << u"none"_s << u"f"_s;
}

void PrivilegesTest::schemaUsage()
{
    QFETCH(QString, role);
    QFETCH(QString, expected);

    QCOMPARE(m_connections.at(role).exec(u"SELECT has_schema_privilege('webfarm', 'USAGE')"_s).scalar(), expected);
}

void PrivilegesTest::functionSecurity_data()
{
    QTest::addColumn<QString>("function");
    QTest::addColumn<QString>("expectedGrantees"); // of EXECUTE, besides the owner
    QTest::addColumn<QString>("expectedConfig");

    // The functions that account for the deliveries they write also say so (0005_pending_outside.sql).
    const QStringList counted { u"webfarm.create_task"_s, u"webfarm.complete_task"_s,
        u"webfarm.request_cache_flush"_s };
    const auto row = [&counted](const char* signature, const QString& grantees) {
        const QString function = QString::fromLatin1(signature);
        QString config = u"search_path=pg_catalog, pg_temp"_s;
        if (counted.contains(function.section(QLatin1Char('('), 0, 0)))
            config += u";webfarm.counted=on"_s;
        QTest::addRow("%s", signature) << function << grantees << config;
    };
    const QString instance = u"webfarm_instance"_s;
    row("webfarm.register_server(text,text,text,text,text)", instance);
    row("webfarm.heartbeat(bigint,timestamptz,bigint,bigint,bigint,bigint)", instance);
    row("webfarm.create_task(bigint,text,text,text,boolean)", instance);
    row("webfarm.fetch_tasks(bigint,integer)", instance);
    row("webfarm.complete_task(bigint,bigint,text)", instance);
    row("webfarm.register_storage(text,text,text)", instance);
    row("webfarm.report_storage_probe(bigint,text,boolean,double precision,bigint,text)", instance);
    row("webfarm.log_event(bigint,text,text)", instance);
    row("webfarm.stop_server(bigint)", instance);
    row("webfarm.request_cache_flush(text,bigint[],text[],text)", u"webfarm_operator"_s);
}

void PrivilegesTest::functionSecurity()
{
    QFETCH(QString, function);
    QFETCH(QString, expectedGrantees);
    QFETCH(QString, expectedConfig);

    const PgResult result = admin(u"SELECT prosecdef, array_to_string(proconfig, ';') FROM pg_proc "
                                  "WHERE oid = to_regprocedure($1)"_s,
        { function });
    QCOMPARE(result.rows(), 1);
    QCOMPARE(result.boolean(0, 0), std::optional<bool>(true));
    QCOMPARE(result.text(0, 1), expectedConfig);
    // A NULL proacl means the default ACL, which grants EXECUTE to PUBLIC: expand it before looking.
    const QStringList grantees = column(
        u"SELECT coalesce(r.rolname, 'PUBLIC') FROM pg_proc p "
        "CROSS JOIN aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a "
        "LEFT JOIN pg_roles r ON r.oid = a.grantee "
        "WHERE p.oid = to_regprocedure($1) AND a.privilege_type = 'EXECUTE' AND a.grantee <> p.proowner ORDER BY 1"_s,
        { function });
    QCOMPARE(grantees.join(u','), expectedGrantees);
}

// Also the functions a later migration adds: each must be SECURITY DEFINER and pin a search_path that
// ends with pg_temp (otherwise pg_temp is searched first and a caller's temporary objects win).
void PrivilegesTest::everyFunctionIsSecured()
{
    const PgResult result = admin(
        u"SELECT p.oid::regprocedure::text, p.prosecdef, "
        "(SELECT substr(c, length('search_path=') + 1) FROM unnest(p.proconfig) c WHERE c LIKE 'search\\_path=%') "
        "FROM pg_proc p WHERE p.pronamespace = 'webfarm'::regnamespace ORDER BY 1"_s);
    QVERIFY2(result.rows() >= 10, qPrintable(QString::number(result.rows())));
    QStringList unsafe;
    for (int row = 0; row < result.rows(); ++row) {
        const QString name = result.text(row, 0);
        QStringList path;
        const QStringList elements = result.text(row, 2).split(u',');
        for (const QString& element : elements)
            path.append(element.trimmed());
        if (!result.boolean(row, 1).value_or(false))
            unsafe.append(name + u": not SECURITY DEFINER"_s);
        else if (result.isNull(row, 2))
            unsafe.append(name + u": search_path not pinned"_s);
        else if (path.last() != u"pg_temp"_s || path.contains(u"public"_s) || path.contains(u"\"$user\""_s))
            unsafe.append(name + u": search_path "_s + result.text(row, 2));
    }
    QCOMPARE(unsafe, QStringList());
}

void PrivilegesTest::publicHasNothing()
{
    // Grantee 0 is PUBLIC; NULL ACLs are expanded to the defaults, which would grant it EXECUTE and USAGE.
    QCOMPARE(column(u"SELECT p.oid::regprocedure::text FROM pg_proc p "
                    "CROSS JOIN aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a "
                    "WHERE p.pronamespace = 'webfarm'::regnamespace AND a.grantee = 0 ORDER BY 1"_s),
        QStringList());
    QCOMPARE(column(u"SELECT c.relname || ' ' || a.privilege_type FROM pg_class c "
                    "CROSS JOIN aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a "
                    "WHERE c.relnamespace = 'webfarm'::regnamespace AND a.grantee = 0 ORDER BY 1"_s),
        QStringList());
    QCOMPARE(column(u"SELECT a.privilege_type FROM pg_namespace n "
                    "CROSS JOIN aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a "
                    "WHERE n.nspname = 'webfarm' AND a.grantee = 0"_s),
        QStringList());
    QCOMPARE(column(u"SELECT r.rolname || ' ' || a.privilege_type FROM pg_namespace n "
                    "CROSS JOIN aclexplode(n.nspacl) a JOIN pg_roles r ON r.oid = a.grantee "
                    "WHERE n.nspname = 'webfarm' AND a.grantee <> n.nspowner ORDER BY 1"_s),
        (QStringList { u"webfarm_instance USAGE"_s, u"webfarm_monitor USAGE"_s, u"webfarm_operator USAGE"_s }));
}

// Also the tables a later migration adds: readable by webfarm_monitor, writable by no role of the farm.
void PrivilegesTest::tablesAreReadableByMonitorOnly()
{
    const PgResult result = admin(
        u"SELECT c.relname, (SELECT string_agg(coalesce(r.rolname, 'PUBLIC') || ' ' || a.privilege_type, ','"
        "    ORDER BY r.rolname, a.privilege_type) FROM aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a "
        "    LEFT JOIN pg_roles r ON r.oid = a.grantee WHERE a.grantee <> c.relowner) "
        "FROM pg_class c WHERE c.relnamespace = 'webfarm'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm') "
        "ORDER BY 1"_s);
    QVERIFY2(result.rows() >= Tables.size(), qPrintable(QString::number(result.rows())));
    QStringList wrong;
    for (int row = 0; row < result.rows(); ++row) {
        if (result.text(row, 1) != u"webfarm_monitor SELECT"_s)
            wrong.append(result.text(row, 0) + u": "_s + result.text(row, 1));
    }
    QCOMPARE(wrong, QStringList());
}

QTEST_GUILESS_MAIN(PrivilegesTest)
#include "tst_privileges.moc"
