#include "pgconnection.h"
#include "pgerror.h"
#include "schemamigrator.h"
#include "testdatabase.h"

#include <QProcess>
#include <QtTest>
#include <thread>

using namespace Paddock;
using Paddock::Test::TestDatabase;

namespace {

int installedVersion(PgConnection& connection)
{
    return int(
        connection.exec(QStringLiteral("SELECT version FROM webfarm.schema_version")).integer(0, 0).value_or(-1));
}

bool relationExists(PgConnection& connection, const QString& name)
{
    return connection.exec(QStringLiteral("SELECT to_regclass($1) IS NOT NULL"), { name })
        .boolean(0, 0)
        .value_or(false);
}

Migration migration(int version, const QString& sql)
{
    return { version, QStringLiteral("%1_test.sql").arg(version, 4, 10, QLatin1Char('0')), sql };
}

// Changes whenever a relation, function or the version row of the schema is created or altered.
QString fingerprint(PgConnection& connection)
{
    return connection
        .exec(QStringLiteral(
            "SELECT (SELECT count(*) || ':' || max(c.xmin::text::bigint) FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = 'webfarm') || '/' || (SELECT count(*) || ':' || "
            "max(p.xmin::text::bigint) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = "
            "'webfarm') || '/' || (SELECT xmin::text FROM webfarm.schema_version)"))
        .scalar();
}

} // namespace

class TestSchema : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { Test::requireCluster(); }

    void builtinMigrationsAreNumberedFromOne()
    {
        const QList<Migration> migrations = SchemaMigrator::builtinMigrations();
        QVERIFY(!migrations.isEmpty());
        for (qsizetype i = 0; i < migrations.size(); ++i)
            QCOMPARE(migrations.at(i).version, int(i + 1));
    }

    void installCreatesTheContract()
    {
        TestDatabase db(TestDatabase::Schema::Absent);
        PgConnection connection = db.connect();
        SchemaMigrator migrator(connection);
        QCOMPARE(migrator.inspect().state, SchemaStatus::State::Absent);

        const SchemaMigrator::Outcome outcome = migrator.install();
        QVERIFY(outcome.changed);
        QCOMPARE(outcome.fromVersion, 0);
        QCOMPARE(outcome.toVersion, migrator.latestVersion());
        QCOMPARE(installedVersion(connection), migrator.latestVersion());

        const QStringList tables { QStringLiteral("server"), QStringLiteral("heartbeat"), QStringLiteral("task"),
            QStringLiteral("server_task"), QStringLiteral("server_log"), QStringLiteral("storage"),
            QStringLiteral("storage_probe"), QStringLiteral("flush_request"), QStringLiteral("schema_version") };
        for (const QString& table : tables)
            QVERIFY2(relationExists(connection, QStringLiteral("webfarm.") + table), qPrintable(table));
        const SchemaStatus status = migrator.inspect();
        QCOMPARE(status.state, SchemaStatus::State::Current);
        QVERIFY(status.missingRoles.isEmpty());
    }

    void secondInstallChangesNothing()
    {
        TestDatabase db;
        PgConnection connection = db.connect();
        const QString before = fingerprint(connection);
        const SchemaMigrator::Outcome outcome = SchemaMigrator(connection).install();
        QVERIFY(!outcome.changed);
        QVERIFY(outcome.applied.isEmpty());
        QVERIFY(outcome.summary().contains(QLatin1String("nothing changed")));
        const QString after = fingerprint(connection);
        QCOMPARE(after, before);
    }

    void foreignSchemaIsRefused_data()
    {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<QString>("detail");
        QTest::addRow("no version table")
            << QStringLiteral("CREATE SCHEMA webfarm; CREATE TABLE webfarm.orders (id int)")
            << QStringLiteral("no webfarm.schema_version");
        QTest::addRow("two version rows")
            << QStringLiteral("CREATE SCHEMA webfarm; CREATE TABLE webfarm.schema_version "
                              "(version int); INSERT INTO webfarm.schema_version VALUES (1), (1)")
            << QStringLiteral("2 rows");
        QTest::addRow("contract tables missing")
            << QStringLiteral("CREATE SCHEMA webfarm; CREATE TABLE webfarm.schema_version (version int); "
                              "INSERT INTO webfarm.schema_version VALUES (1)")
            << QStringLiteral("missing webfarm.flush_request");
    }

    void foreignSchemaIsRefused()
    {
        QFETCH(QString, setup);
        QFETCH(QString, detail);
        TestDatabase db(TestDatabase::Schema::Absent);
        PgConnection connection = db.connect();
        connection.execScript(setup);
        const QString countTables = QStringLiteral(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE nspname = 'webfarm'");
        const QString before = connection.exec(countTables).scalar();

        SchemaMigrator migrator(connection);
        const SchemaStatus status = migrator.inspect();
        QCOMPARE(status.state, SchemaStatus::State::Foreign);
        QVERIFY2(status.describe().contains(detail), qPrintable(status.describe()));
        QVERIFY_THROWS_EXCEPTION(SchemaError, migrator.install());
        QVERIFY_THROWS_EXCEPTION(SchemaError, migrator.upgrade());
        QCOMPARE(connection.exec(countTables).scalar(), before);
    }

    void newerSchemaIsRefused()
    {
        TestDatabase db;
        PgConnection connection = db.connect();
        connection.exec(QStringLiteral("UPDATE webfarm.schema_version SET version = 99"));
        SchemaMigrator migrator(connection);
        const SchemaStatus status = migrator.inspect();
        QCOMPARE(status.state, SchemaStatus::State::Newer);
        QCOMPARE(status.installedVersion, 99);
        QVERIFY_THROWS_EXCEPTION(SchemaError, migrator.install());
        QVERIFY_THROWS_EXCEPTION(SchemaError, migrator.upgrade());
        QCOMPARE(installedVersion(connection), 99);
    }

    void upgradeAppliesNewerMigrationsWithGrants()
    {
        TestDatabase db;
        PgConnection connection = db.connect();
        QList<Migration> migrations = SchemaMigrator::builtinMigrations();
        const int base = migrations.last().version;
        migrations.append(migration(base + 1, QStringLiteral("CREATE TABLE webfarm.upgrade_probe (id int)")));
        SchemaMigrator migrator(connection, migrations);

        QCOMPARE(migrator.inspect().state, SchemaStatus::State::Older);
        QVERIFY_THROWS_EXCEPTION(SchemaError, migrator.install()); // install never upgrades
        const SchemaMigrator::Outcome outcome = migrator.upgrade();
        QVERIFY(outcome.changed);
        QCOMPARE(outcome.fromVersion, base);
        QCOMPARE(outcome.toVersion, base + 1);
        QCOMPARE(outcome.applied.size(), 1);
        QCOMPARE(installedVersion(connection), base + 1);
        // grants.sql runs with every migration: the monitor role may read the new table.
        QVERIFY(connection
                    .exec(QStringLiteral(
                        "SELECT has_table_privilege('webfarm_monitor', 'webfarm.upgrade_probe', 'SELECT')"))
                    .boolean(0, 0)
                    .value_or(false));
        QVERIFY(!migrator.upgrade().changed);
    }

    // A version-6 farm with a running instance upgrades to 7: the scheduled tables and functions
    // appear with their grants, the instance keeps its id and login, and register_server now notes
    // a second process under its name.
    void upgradeFromSixToSeven()
    {
        TestDatabase db(TestDatabase::Schema::Absent);
        PgConnection admin = db.connect();
        QList<Migration> upToSix = SchemaMigrator::builtinMigrations();
        upToSix.removeIf([](const Migration& m) { return m.version > 6; });
        SchemaMigrator(admin, upToSix).install();
        QCOMPARE(installedVersion(admin), 6);
        QVERIFY(!relationExists(admin, QStringLiteral("webfarm.scheduled_run")));
        PgConnection instance = db.connect(db.createLoginRole(QStringLiteral("webfarm_instance")));
        const qint64 id = instance.exec(QStringLiteral("SELECT webfarm.register_server('up-a', NULL, NULL, 'z', '1')"))
                              .integer(0, 0)
                              .value_or(0);
        instance.exec(QStringLiteral("SELECT webfarm.heartbeat($1, clock_timestamp())"), { id });

        SchemaMigrator migrator(admin);
        const SchemaMigrator::Outcome outcome = migrator.upgrade();
        QCOMPARE(outcome.fromVersion, 6);
        QCOMPARE(outcome.toVersion, 7);
        QCOMPARE(outcome.applied, QStringList { QStringLiteral("0007_scheduled.sql") });
        QCOMPARE(installedVersion(admin), 7);
        QCOMPARE(migrator.inspect().state, SchemaStatus::State::Current);
        QVERIFY(admin
                    .exec(QStringLiteral("SELECT has_table_privilege('webfarm_monitor', 'webfarm.scheduled_run', "
                                         "'SELECT') AND has_table_privilege('webfarm_monitor', "
                                         "'webfarm.scheduled_task', 'SELECT')"))
                    .boolean(0, 0)
                    .value_or(false));

        // The instance, registered before, claims through the new functions under its old id.
        instance.exec(QStringLiteral("SELECT webfarm.register_scheduled_task('newsletter', 60)"));
        const PgResult claimed
            = instance.exec(QStringLiteral("SELECT run_id FROM webfarm.claim_scheduled_tasks($1)"), { id });
        QCOMPARE(claimed.rows(), 1);
        instance.exec(
            QStringLiteral("SELECT webfarm.finish_scheduled_run($1, $2)"), { id, claimed.integer(0, 0).value_or(0) });
        QCOMPARE(admin.exec(QStringLiteral("SELECT count(*) FROM webfarm.scheduled_run WHERE finished_at IS NOT NULL"))
                     .scalar(),
            QStringLiteral("1"));
        // register_server is version 7's: registered again while heartbeating, it says so.
        QCOMPARE(instance.exec(QStringLiteral("SELECT webfarm.register_server('up-a', NULL, NULL, 'z', '1')"))
                     .integer(0, 0)
                     .value_or(0),
            id);
        QCOMPARE(admin.exec(QStringLiteral("SELECT count(*) FROM webfarm.server_log WHERE code = 'DUPLICATE_NAME'"))
                     .scalar(),
            QStringLiteral("1"));
        QVERIFY(!migrator.upgrade().changed);
    }

    void failedMigrationLeavesNoPartialChange()
    {
        TestDatabase db;
        PgConnection connection = db.connect();
        QList<Migration> migrations = SchemaMigrator::builtinMigrations();
        const int base = migrations.last().version;
        migrations.append(migration(base + 1, QStringLiteral("CREATE TABLE webfarm.good (id int)")));
        migrations.append(
            migration(base + 2, QStringLiteral("CREATE TABLE webfarm.half_done (id int); SELECT 1 / 0;")));
        SchemaMigrator migrator(connection, migrations);

        QVERIFY_THROWS_EXCEPTION(PgError, migrator.upgrade());
        QCOMPARE(installedVersion(connection), base + 1);
        QVERIFY(relationExists(connection, QStringLiteral("webfarm.good")));
        QVERIFY(!relationExists(connection, QStringLiteral("webfarm.half_done")));
    }

    void concurrentInstallsInstallOnce()
    {
        TestDatabase db(TestDatabase::Schema::Absent);
        std::atomic<int> changed { 0 };
        std::atomic<int> failures { 0 };
        auto install = [&] {
            try {
                PgConnection connection = db.connect();
                if (SchemaMigrator(connection).install().changed)
                    ++changed;
            } catch (const std::exception&) {
                ++failures;
            }
        };
        std::thread first(install);
        std::thread second(install);
        first.join();
        second.join();
        QCOMPARE(failures.load(), 0);
        QCOMPARE(changed.load(), 1);
        PgConnection connection = db.connect();
        QCOMPARE(installedVersion(connection), SchemaMigrator(connection).latestVersion());
    }

    void commandExitStatus()
    {
        TestDatabase db(TestDatabase::Schema::Absent);
        const QString conninfo = db.conninfo();

        Test::ProgramRun run = Test::runPaddock(
            { QStringLiteral("schema"), QStringLiteral("check"), QStringLiteral("--connect"), conninfo });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains(QLatin1String("no webfarm schema")), qPrintable(run.out));

        run = Test::runPaddock(
            { QStringLiteral("schema"), QStringLiteral("install"), QStringLiteral("--connect"), conninfo });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QLatin1String("installed webfarm schema version")), qPrintable(run.out));

        run = Test::runPaddock(
            { QStringLiteral("schema"), QStringLiteral("install"), QStringLiteral("--connect"), conninfo });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QLatin1String("nothing changed")), qPrintable(run.out));

        run = Test::runPaddock(
            { QStringLiteral("schema"), QStringLiteral("check"), QStringLiteral("--connect"), conninfo });
        QCOMPARE(run.exitCode, 0);

        PgConnection connection = db.connect();
        connection.exec(QStringLiteral("UPDATE webfarm.schema_version SET version = 99"));
        run = Test::runPaddock(
            { QStringLiteral("schema"), QStringLiteral("check"), QStringLiteral("--connect"), conninfo });
        QCOMPARE(run.exitCode, 2);
        run = Test::runPaddock(
            { QStringLiteral("schema"), QStringLiteral("upgrade"), QStringLiteral("--connect"), conninfo });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("nothing was changed")), qPrintable(run.err));
    }

    void installGrantsMonitoring()
    {
        TestDatabase db(TestDatabase::Schema::Absent);
        const QString login = db.createLoginRole(QString());
        PgConnection connection = db.connect();
        const QString isMember = QStringLiteral("SELECT pg_has_role($1, 'pg_monitor', 'MEMBER')::int");
        QCOMPARE(Test::call(connection, isMember, { login }), 0);
        Test::ProgramRun run = Test::runPaddock({ QStringLiteral("schema"), QStringLiteral("install"),
            QStringLiteral("--connect"), db.conninfo(), QStringLiteral("--grant-monitoring"), login });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QStringLiteral("granted pg_monitor to ") + login), qPrintable(run.out));
        QCOMPARE(Test::call(connection, isMember, { login }), 1);

        // A role that is not there: the schema stays, the grant is refused by name.
        run = Test::runPaddock({ QStringLiteral("schema"), QStringLiteral("upgrade"), QStringLiteral("--connect"),
            db.conninfo(), QStringLiteral("--grant-monitoring"), QStringLiteral("no_such_role") });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("there is no role \"no_such_role\"")), qPrintable(run.err));
        // Only where the schema is written.
        run = Test::runPaddock({ QStringLiteral("schema"), QStringLiteral("check"), QStringLiteral("--connect"),
            db.conninfo(), QStringLiteral("--grant-monitoring"), login });
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QLatin1String("--grant-monitoring is for")), qPrintable(run.err));
    }

    void commandNeverPrintsThePassword()
    {
        const Test::ProgramRun run
            = Test::runPaddock({ QStringLiteral("schema"), QStringLiteral("check"), QStringLiteral("--connect"),
                QStringLiteral("host=127.0.0.1 port=1 user=admin password=hunter2secret connect_timeout=2") });
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.err.contains(QLatin1String("cannot connect")), qPrintable(run.err));
        QVERIFY(!run.err.contains(QLatin1String("hunter2secret")));
        QVERIFY(!run.out.contains(QLatin1String("hunter2secret")));
    }
};

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
