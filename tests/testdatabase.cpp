#include "testdatabase.h"

#include "pgerror.h"
#include "pgresult.h"
#include "schemamigrator.h"

#include <atomic>
#include <QCoreApplication>
#include <QProcess>
#include <QTest>
#include <unistd.h>

namespace Paddock::Test {

namespace {

std::atomic<int> g_counter { 0 };

PgConnection admin()
{
    ConnectOptions options;
    options.applicationName = QStringLiteral("paddock-test");
    return PgConnection::open(QStringLiteral("dbname=postgres"), options);
}

QString quoteIdent(const QString& name)
{
    return QLatin1Char('"') + name + QLatin1Char('"');
}

} // namespace

qint64 call(PgConnection& connection, const QString& sql, const QVariantList& params)
{
    return connection.exec(sql, params).integer(0, 0).value_or(0);
}

QList<qint64> registerServers(PgConnection& connection, int count)
{
    QList<qint64> ids;
    for (int i = 0; i < count; ++i)
        ids.append(call(connection, QStringLiteral("SELECT webfarm.register_server($1, NULL, NULL, 'z', NULL)"),
            { QStringLiteral("web-%1").arg(i) }));
    return ids;
}

Backlog backlogInDatabase(PgConnection& connection)
{
    const PgResult result = connection.exec(QStringLiteral(
        "SELECT server_id, count(*), round(extract(epoch FROM min(task_created_at) FILTER (WHERE task_created_at >= "
        "'epoch' AND task_created_at <= statement_timestamp() + interval '5 minutes')) * 1000) FROM "
        "webfarm.server_task WHERE processed_at IS NULL GROUP BY server_id"));
    Backlog backlog;
    for (int r = 0; r < result.rows(); ++r)
        backlog.insert(
            result.integer(r, 0).value_or(0), { result.integer(r, 1).value_or(0), result.integer(r, 2).value_or(0) });
    return backlog;
}

Backlog backlogOf(const QList<BacklogRow>& rows)
{
    Backlog backlog;
    for (const BacklogRow& row : rows) {
        if (row.pending > 0)
            backlog.insert(row.serverId,
                { row.pending, row.oldestCreatedAt.isValid() ? row.oldestCreatedAt.toMSecsSinceEpoch() : 0 });
    }
    return backlog;
}

ProgramRun runProgram(const QString& program, const QStringList& arguments, int timeoutMs)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return { process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
        QString::fromUtf8(process.readAllStandardError()) };
}

bool controlCluster(const QString& action, QString* error)
{
    const QString dataDir = qEnvironmentVariable("PADDOCK_PG_DIR");
    const QString binDir = qEnvironmentVariable("PADDOCK_PG_BINDIR");
    if (dataDir.isEmpty() || binDir.isEmpty()) {
        *error = QStringLiteral("needs the private cluster of scripts/test (PADDOCK_PG_DIR, PADDOCK_PG_BINDIR)");
        return false;
    }
    QStringList arguments { binDir + QStringLiteral("/pg_ctl"), QStringLiteral("-D"), dataDir + QStringLiteral("/data"),
        QStringLiteral("-l"), dataDir + QStringLiteral("/server.log"), QStringLiteral("-m"), QStringLiteral("fast"),
        QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"), action };
    QString program = arguments.takeFirst();
    // PostgreSQL refuses to run as root: as in scripts/lib/pgcluster.sh, its owner runs pg_ctl.
    if (::geteuid() == 0) {
        arguments = QStringList { QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), program }
            + arguments;
        program = QStringLiteral("runuser");
    }
    const ProgramRun run = runProgram(program, arguments, 90000);
    if (run.exitCode != 0) {
        *error = QStringLiteral("pg_ctl %1 failed (%2): %3").arg(action).arg(run.exitCode).arg(run.err.trimmed());
        return false;
    }
    return true;
}

bool TestDatabase::available(QString* message)
{
    try {
        admin();
        return true;
    } catch (const PgError& error) {
        *message = QStringLiteral("no PostgreSQL to test against (%1): run the tests through scripts/test, which "
                                  "starts a private cluster and sets PGHOST/PGPORT/PGUSER")
                       .arg(error.message());
        return false;
    }
}

bool requireCluster(Cluster need)
{
    QString message;
    if (!TestDatabase::available(&message)) {
        QTest::qFail(qPrintable(message), __FILE__, __LINE__);
        return false;
    }
    if (need == Cluster::Private && qEnvironmentVariable("PADDOCK_PG_DIR").isEmpty()) {
        QTest::qFail("this test stops and restarts the cluster: it needs the private one of scripts/test "
                     "(PADDOCK_PG_DIR, PADDOCK_PG_BINDIR)",
            __FILE__, __LINE__);
        return false;
    }
    return true;
}

TestDatabase::TestDatabase(Schema schema)
    : m_name(QStringLiteral("paddock_tst_%1_%2").arg(QCoreApplication::applicationPid()).arg(++g_counter))
{
    PgConnection connection = admin();
    connection.exec(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(quoteIdent(m_name)));
    connection.exec(QStringLiteral("CREATE DATABASE %1").arg(quoteIdent(m_name)));
    if (schema == Schema::Installed) {
        PgConnection target = connect();
        SchemaMigrator(target).install();
    }
}

TestDatabase::~TestDatabase()
{
    try {
        PgConnection connection = admin();
        connection.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(quoteIdent(m_name)));
        for (const QString& role : std::as_const(m_roles))
            connection.exec(QStringLiteral("DROP ROLE IF EXISTS %1").arg(quoteIdent(role)));
    } catch (const PgError& error) {
        qWarning("could not drop test database %s: %s", qPrintable(m_name), qPrintable(error.message()));
    }
}

QString TestDatabase::conninfo(const QString& user) const
{
    QString result = QStringLiteral("dbname=") + m_name;
    if (!user.isEmpty())
        result += QStringLiteral(" user=") + user;
    return result;
}

PgConnection TestDatabase::connect(const QString& user, const ConnectOptions& options) const
{
    // Tests look for the engine's session by its application name: theirs must differ.
    ConnectOptions testOptions = options;
    if (testOptions.applicationName == ConnectOptions().applicationName)
        testOptions.applicationName = QStringLiteral("paddock-test");
    return PgConnection::open(conninfo(user), testOptions);
}

QString TestDatabase::createLoginRole(const QString& memberOf)
{
    QString role = QStringLiteral("%1_r%2").arg(m_name).arg(m_roles.size() + 1);
    PgConnection connection = admin();
    connection.exec(QStringLiteral("DROP ROLE IF EXISTS %1").arg(quoteIdent(role)));
    connection.exec(QStringLiteral("CREATE ROLE %1 LOGIN").arg(quoteIdent(role)));
    m_roles.append(role);
    if (!memberOf.isEmpty())
        connection.exec(QStringLiteral("GRANT %1 TO %2").arg(quoteIdent(memberOf), quoteIdent(role)));
    return role;
}

} // namespace Paddock::Test
