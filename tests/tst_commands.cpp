#include "faultinjection.h"
#include "pgconnection.h"
#include "settings.h"
#include "testdatabase.h"

#include <csignal>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace Paddock;
using Paddock::Test::call;
using Paddock::Test::TestDatabase;

namespace {

} // namespace

// `paddock report` and `paddock flush` as a script sees them: exit status, JSON, messages.
class TestCommands : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { Test::requireCluster(); }

    // --log-level wins over PADDOCK_LOG_LEVEL, which wins over the default (warn). The session's
    // debug line ("connected to … as pid") shows which level the run had.
    void theCommandLineLogLevelWinsOverTheEnvironment()
    {
        TestDatabase db;
        const QStringList report { QStringLiteral("report"), QStringLiteral("--connect"), db.conninfo() };
        const QLatin1String debugLine("connected to");
        const auto restore = qScopeGuard([] { qunsetenv("PADDOCK_LOG_LEVEL"); });

        qunsetenv("PADDOCK_LOG_LEVEL");
        Test::ProgramRun run = Test::runPaddock(report);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(!run.err.contains(debugLine), qPrintable(run.err));

        qputenv("PADDOCK_LOG_LEVEL", "debug");
        run = Test::runPaddock(report);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains(debugLine), qPrintable(run.err));

        run = Test::runPaddock(report + QStringList { QStringLiteral("--log-level"), QStringLiteral("warn") });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(!run.err.contains(debugLine), qPrintable(run.err));

        qputenv("PADDOCK_LOG_LEVEL", "chatty");
        run = Test::runPaddock(report);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(
            run.err.contains(QLatin1String("unknown log level \"chatty\" in PADDOCK_LOG_LEVEL")), qPrintable(run.err));
        run = Test::runPaddock(report + QStringList { QStringLiteral("--log-level"), QStringLiteral("error") });
        QCOMPARE(run.exitCode, 0);
    }

    // --profile NAME takes a saved profile's connection (the settings file the window writes); a
    // --connect given too wins; an unknown name says which ones are saved.
    void aSavedProfileByName()
    {
        TestDatabase db;
        QTemporaryDir config;
        QVERIFY(config.isValid());
        {
            Settings settings(config.filePath(QStringLiteral("Paddock/paddock.conf")));
            settings.setProfiles({ { QStringLiteral("Farm"), db.conninfo(), false, {} },
                { QStringLiteral("Elsewhere"), QStringLiteral("dbname=paddock_no_such_database"), true, {} } });
        }
        const QByteArray saved = qgetenv("XDG_CONFIG_HOME");
        qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
        const auto restore = qScopeGuard([&saved] { qputenv("XDG_CONFIG_HOME", saved); });

        Test::ProgramRun run = Test::runPaddock({ QStringLiteral("report"), QStringLiteral("--profile"),
            QStringLiteral("Farm"), QStringLiteral("--json") });
        QCOMPARE(run.exitCode, 0);
        const QJsonObject report = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QVERIFY2(report.contains(QStringLiteral("servers")), qPrintable(run.out + run.err));

        run = Test::runPaddock({ QStringLiteral("report"), QStringLiteral("--profile"), QStringLiteral("Farm"),
            QStringLiteral("--connect"), QStringLiteral("dbname=paddock_no_such_database") });
        QCOMPARE(run.exitCode, 3);

        run = Test::runPaddock({ QStringLiteral("report"), QStringLiteral("--profile"), QStringLiteral("Nope") });
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(
            run.err.contains(QLatin1String("no saved profile \"Nope\" (saved: Farm, Elsewhere)")), qPrintable(run.err));
    }

    void reportExitStatus_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("status"); // of instance b, "" when not applicable
        QTest::addRow("healthy") << QStringLiteral("healthy") << 0 << QStringLiteral("healthy");
        QTest::addRow("degraded by an old pending delivery")
            << QStringLiteral("old-pending") << 1 << QStringLiteral("degraded");
        QTest::addRow("storage partial") << QStringLiteral("probe-failed") << 1 << QStringLiteral("degraded");
        QTest::addRow("storage failing") << QStringLiteral("storage-failing") << 2 << QStringLiteral("degraded");
        QTest::addRow("not responding") << QStringLiteral("silent") << 2 << QStringLiteral("not-responding");
        QTest::addRow("stopped is fine") << QStringLiteral("stopped") << 0 << QStringLiteral("stopped");
        QTest::addRow("no schema") << QStringLiteral("no-schema") << 3 << QString();
        QTest::addRow("no connection") << QStringLiteral("no-connection") << 3 << QString();
    }

    void reportExitStatus()
    {
        QFETCH(QString, scenario);
        QFETCH(int, exitCode);
        QFETCH(QString, status);

        TestDatabase db(
            scenario == QLatin1String("no-schema") ? TestDatabase::Schema::Absent : TestDatabase::Schema::Installed);
        QString conninfo = db.conninfo();
        if (scenario == QLatin1String("no-connection"))
            conninfo = QStringLiteral("host=127.0.0.1 port=1 connect_timeout=2 password=sekrit");
        if (scenario != QLatin1String("no-schema") && scenario != QLatin1String("no-connection")) {
            PgConnection c = db.connect();
            const qint64 a = call(c, QStringLiteral("SELECT webfarm.register_server('a', NULL, 'a.local', 'z1', '1')"));
            const qint64 b = call(c, QStringLiteral("SELECT webfarm.register_server('b', NULL, 'b.local', 'z2', '1')"));
            c.exec(QStringLiteral("SELECT webfarm.register_storage('media', 'local', '/srv/media')"));
            for (qint64 id : { a, b }) {
                c.exec(QStringLiteral("SELECT webfarm.heartbeat($1, clock_timestamp(), 10, 90, 10)"), { id });
                c.exec(QStringLiteral("SELECT webfarm.report_storage_probe($1, 'media', true, 2.0)"), { id });
            }
            if (scenario == QLatin1String("old-pending")) {
                const qint64 task
                    = call(c, QStringLiteral("SELECT webfarm.create_task($1, 'TOUCH_CACHE_ITEM', 'k')"), { a });
                c.exec(QStringLiteral(
                           "UPDATE webfarm.task SET created_at = clock_timestamp() - interval '30 s' WHERE id = $1"),
                    { task });
                c.exec(QStringLiteral(
                           "UPDATE webfarm.server_task SET task_created_at = clock_timestamp() - interval '30 s' "
                           "WHERE task_id = $1"),
                    { task });
            } else if (scenario == QLatin1String("probe-failed") || scenario == QLatin1String("storage-failing")) {
                // b's latest probe failed: b is degraded and the storage partial; when a's failed too,
                // the storage is failing.
                c.exec(QStringLiteral("SELECT webfarm.report_storage_probe($1, 'media', false, 5000, NULL, 'timeout')"),
                    { b });
                if (scenario == QLatin1String("storage-failing"))
                    c.exec(QStringLiteral(
                               "SELECT webfarm.report_storage_probe($1, 'media', false, 5000, NULL, 'timeout')"),
                        { a });
            } else if (scenario == QLatin1String("silent")) {
                c.exec(QStringLiteral("UPDATE webfarm.heartbeat SET received_at = clock_timestamp() - interval '45 s' "
                                      "WHERE server_id = $1"),
                    { b });
            } else if (scenario == QLatin1String("stopped")) {
                c.exec(QStringLiteral("SELECT webfarm.stop_server($1)"), { b });
            }
        }

        const Test::ProgramRun run = Test::runPaddock(
            { QStringLiteral("report"), QStringLiteral("--json"), QStringLiteral("--connect"), conninfo });
        QVERIFY2(run.exitCode == exitCode,
            qPrintable(
                QStringLiteral("exit %1, expected %2\n%3\n%4").arg(run.exitCode).arg(exitCode).arg(run.out, run.err)));
        QVERIFY(!run.err.contains(QLatin1String("sekrit")));
        if (status.isEmpty()) {
            QVERIFY(!run.err.isEmpty());
            return;
        }
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(run.out.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        const QJsonObject report = document.object();
        for (const char* key :
            { "generated_at", "window_s", "schema_version", "farm", "servers", "storage", "flushes" })
            QVERIFY2(report.contains(QLatin1String(key)), key);
        const QJsonArray servers = report.value(QStringLiteral("servers")).toArray();
        QCOMPARE(servers.size(), 2);
        QCOMPARE(servers.at(1).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("b"));
        QCOMPARE(servers.at(1).toObject().value(QStringLiteral("status")).toString(), status);
    }

    void reportTextNamesTheProblem()
    {
        TestDatabase db;
        PgConnection c = db.connect();
        call(c, QStringLiteral("SELECT webfarm.register_server('web-01', NULL, NULL, 'z1', NULL)"));
        c.exec(QStringLiteral("UPDATE webfarm.server SET registered_at = clock_timestamp() - interval '5 min'"));
        const Test::ProgramRun run
            = Test::runPaddock({ QStringLiteral("report"), QStringLiteral("--connect"), db.conninfo() });
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.out.contains(QLatin1String("web-01")) && run.out.contains(QLatin1String("not-responding")),
            qPrintable(run.out));
    }

    // A half-finished deploy: each server's version and version_skew, the farm's running versions
    // (counted in SQL from the rows), and an exit status the skew leaves alone.
    void reportNamesTheVersionSkew()
    {
        TestDatabase db;
        PgConnection c = db.connect();
        for (const char* row : { "'a', NULL, 'a.local', 'z1', '13.0.2'", "'b', NULL, 'b.local', 'z1', '13.0.2'",
                 "'c', NULL, 'c.local', 'z2', '13.0.2'", "'d', NULL, 'd.local', 'z2', '13.0.1'",
                 "'e', NULL, 'e.local', 'z2', '13.0.1'", "'f', NULL, 'f.local', 'z2', NULL" })
            call(c, QStringLiteral("SELECT webfarm.register_server(%1)").arg(QLatin1String(row)));
        c.exec(QStringLiteral("SELECT webfarm.stop_server(id) FROM webfarm.server WHERE name = 'e'"));
        QJsonObject running;
        const PgResult counted = c.exec(QStringLiteral(
            "SELECT version, count(*) FROM webfarm.server WHERE enabled AND stopped_at IS NULL AND version IS NOT NULL "
            "GROUP BY version"));
        for (int row = 0; row < counted.rows(); ++row)
            running.insert(counted.text(row, 0), counted.text(row, 1).toLongLong());
        QCOMPARE(running, (QJsonObject { { QStringLiteral("13.0.2"), 3 }, { QStringLiteral("13.0.1"), 1 } }));

        const Test::ProgramRun run = Test::runPaddock(
            { QStringLiteral("report"), QStringLiteral("--json"), QStringLiteral("--connect"), db.conninfo() });
        QVERIFY2(
            run.exitCode == 0, qPrintable(QStringLiteral("exit %1\n%2\n%3").arg(run.exitCode).arg(run.out, run.err)));
        const QJsonObject report = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QCOMPARE(report[QStringLiteral("farm")].toObject()[QStringLiteral("versions")].toObject(), running);
        const QJsonArray servers = report[QStringLiteral("servers")].toArray();
        QCOMPARE(servers.size(), 6);
        const PgResult versions = c.exec(QStringLiteral("SELECT name, version FROM webfarm.server ORDER BY name"));
        for (int row = 0; row < versions.rows(); ++row) {
            const QJsonObject server = servers.at(row).toObject();
            QCOMPARE(server[QStringLiteral("name")].toString(), versions.text(row, 0));
            if (versions.isNull(row, 1))
                QVERIFY(server[QStringLiteral("version")].isNull());
            else
                QCOMPARE(server[QStringLiteral("version")].toString(), versions.text(row, 1));
            const QJsonValue skew = server[QStringLiteral("version_skew")];
            if (server[QStringLiteral("name")].toString() == QLatin1String("d"))
                QCOMPARE(skew.toString(), QStringLiteral("13.0.1 while 3 others run 13.0.2"));
            else
                QVERIFY2(skew.isNull(), qPrintable(server[QStringLiteral("name")].toString()));
            QCOMPARE(server[QStringLiteral("status")].toString(),
                QLatin1String(server[QStringLiteral("name")].toString() == QLatin1String("e") ? "stopped" : "healthy"));
        }

        const Test::ProgramRun text
            = Test::runPaddock({ QStringLiteral("report"), QStringLiteral("--connect"), db.conninfo() });
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains(QLatin1String("running versions: 13.0.2 (3 instances), 13.0.1 (1 instance)\n")),
            qPrintable(text.out));
        QVERIFY2(
            text.out.contains(QLatin1String("\nd         13.0.1 while 3 others run 13.0.2\n")), qPrintable(text.out));
    }

    void flushFollowsAcknowledgements()
    {
        TestDatabase db;
        PgConnection c = db.connect();
        QList<qint64> ids;
        for (const char* name : { "web-01", "web-02", "web-03" })
            ids.append(call(c, QStringLiteral("SELECT webfarm.register_server($1, NULL, NULL, 'z', NULL)"),
                { QString::fromLatin1(name) }));

        QProcess flush;
        flush.start(QStringLiteral(PADDOCK_PATH),
            { QStringLiteral("flush"), QStringLiteral("--connect"), db.conninfo(), QStringLiteral("--farm"),
                QStringLiteral("--reason"), QStringLiteral("test"), QStringLiteral("--wait"), QStringLiteral("30") });
        // Wait for the request to exist, then acknowledge it as the instances would.
        QTRY_VERIFY_WITH_TIMEOUT(call(c, QStringLiteral("SELECT count(*) FROM webfarm.flush_request")) == 1, 15000);
        const qint64 task = call(c, QStringLiteral("SELECT task_id FROM webfarm.flush_request"));
        c.exec(QStringLiteral("SELECT webfarm.complete_task($1, $2)"), { ids.at(0), task });
        c.exec(QStringLiteral("SELECT webfarm.complete_task($1, $2)"), { ids.at(1), task });
        c.exec(QStringLiteral("SELECT webfarm.complete_task($1, $2)"), { ids.at(2), task });
        QVERIFY(flush.waitForFinished(30000));
        const QString out = QString::fromUtf8(flush.readAllStandardOutput());
        QVERIFY2(flush.exitCode() == 0, qPrintable(out + QString::fromUtf8(flush.readAllStandardError())));
        for (const char* name : { "web-01", "web-02", "web-03" })
            QVERIFY2(out.contains(QStringLiteral("%1 acknowledged in").arg(QLatin1String(name))), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("3 acknowledged, 0 failed, 0 pending")), qPrintable(out));
    }

    void flushReportsPendingTargetsWhenTheWaitEnds()
    {
        TestDatabase db;
        PgConnection c = db.connect();
        const qint64 a = call(c, QStringLiteral("SELECT webfarm.register_server('web-01', NULL, NULL, 'z', NULL)"));
        call(c, QStringLiteral("SELECT webfarm.register_server('web-02', NULL, NULL, 'z', NULL)"));
        QProcess flush;
        flush.start(QStringLiteral(PADDOCK_PATH),
            { QStringLiteral("flush"), QStringLiteral("--connect"), db.conninfo(), QStringLiteral("--server"),
                QStringLiteral("web-01"), QStringLiteral("--server"), QStringLiteral("web-02"),
                QStringLiteral("--reason"), QStringLiteral("test"), QStringLiteral("--wait"), QStringLiteral("2") });
        QTRY_VERIFY_WITH_TIMEOUT(call(c, QStringLiteral("SELECT count(*) FROM webfarm.flush_request")) == 1, 15000);
        const qint64 task = call(c, QStringLiteral("SELECT task_id FROM webfarm.flush_request"));
        c.exec(QStringLiteral("SELECT webfarm.complete_task($1, $2, 'cache locked')"), { a, task });
        QVERIFY(flush.waitForFinished(30000));
        const QString out = QString::fromUtf8(flush.readAllStandardOutput());
        QCOMPARE(flush.exitCode(), 1);
        QVERIFY2(out.contains(QLatin1String("web-01 FAILED")) && out.contains(QLatin1String("cache locked")),
            qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("web-02 still pending")), qPrintable(out));
    }

    void flushWithoutTheOperatorRoleSaysSo()
    {
        TestDatabase db;
        PgConnection c = db.connect();
        call(c, QStringLiteral("SELECT webfarm.register_server('web-01', NULL, NULL, 'z', NULL)"));
        const QString monitor = db.createLoginRole(QStringLiteral("webfarm_monitor"));
        const Test::ProgramRun run = Test::runPaddock({ QStringLiteral("flush"), QStringLiteral("--connect"),
            db.conninfo(monitor), QStringLiteral("--farm"), QStringLiteral("--reason"), QStringLiteral("test") });
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QLatin1String("webfarm_operator")), qPrintable(run.err));
        QCOMPARE(call(c, QStringLiteral("SELECT count(*) FROM webfarm.flush_request")), 0);
    }

    void flushRefusesBadArguments_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::addRow("no reason") << QStringList { QStringLiteral("--farm") } << QStringLiteral("--reason");
        QTest::addRow("two scopes") << QStringList { QStringLiteral("--farm"), QStringLiteral("--key"),
            QStringLiteral("k"), QStringLiteral("--reason"), QStringLiteral("r") }
                                    << QStringLiteral("exactly one");
        QTest::addRow("unknown instance") << QStringList { QStringLiteral("--server"), QStringLiteral("nope"),
            QStringLiteral("--reason"), QStringLiteral("r") }
                                          << QStringLiteral("no instance named nope");
    }

    void flushRefusesBadArguments()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        TestDatabase db;
        PgConnection c = db.connect();
        call(c, QStringLiteral("SELECT webfarm.register_server('web-01', NULL, NULL, 'z', NULL)"));
        const Test::ProgramRun run = Test::runPaddock(
            QStringList { QStringLiteral("flush"), QStringLiteral("--connect"), db.conninfo() } + arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
        QCOMPARE(call(c, QStringLiteral("SELECT count(*) FROM webfarm.flush_request")), 0);
    }

    // The flight-recorder options belong to their commands; mixing them up is said, not guessed.
    void recordingOptionsAreChecked_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::addRow("open without a file")
            << QStringList { QStringLiteral("open") } << QStringLiteral("one recording file");
        QTest::addRow("open with a connection") << QStringList { QStringLiteral("open"), QStringLiteral("x.rec"),
            QStringLiteral("--connect"), QStringLiteral("dbname=farm") }
                                                << QStringLiteral("no --connect");
        QTest::addRow("recording with a connection") << QStringList { QStringLiteral("report"),
            QStringLiteral("--recording"), QStringLiteral("x.rec"), QStringLiteral("--connect"),
            QStringLiteral("dbname=farm") } << QStringLiteral("takes no --connect");
        QTest::addRow("recording with a window") << QStringList { QStringLiteral("report"),
            QStringLiteral("--recording"), QStringLiteral("x.rec"), QStringLiteral("--window"), QStringLiteral("30") }
                                                 << QStringLiteral("computed when recorded");
        QTest::addRow("recording for watch") << QStringList { QStringLiteral("watch"), QStringLiteral("--recording"),
            QStringLiteral("x.rec") } << QStringLiteral("is for `paddock report`");
        QTest::addRow("at without a recording") << QStringList { QStringLiteral("report"), QStringLiteral("--at"),
            QStringLiteral("-5m") } << QStringLiteral("--at needs a recording");
        QTest::addRow("record for report") << QStringList { QStringLiteral("report"), QStringLiteral("--record"),
            QStringLiteral("x.rec") } << QStringLiteral("is for `paddock watch`");
    }

    void recordingOptionsAreChecked()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Test::ProgramRun run = Test::runPaddock(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
    }

    // A frozen database: report gives up with 3 at its deadline; watch says so on stderr within
    // 7 s and Ctrl+C ends it at once.
    void aFrozenDatabaseIsReportedAndNeverHoldsTheCommand()
    {
        TestDatabase db;
        QProcess watch;
        watch.setProgram(QStringLiteral(PADDOCK_PATH));
        watch.setArguments({ QStringLiteral("watch"), QStringLiteral("--connect"), db.conninfo() });
        watch.start();
        QVERIFY(watch.waitForStarted());
        QString err;
        QString out;
        auto collect = [&] {
            err += QString::fromUtf8(watch.readAllStandardError());
            out += QString::fromUtf8(watch.readAllStandardOutput());
        };
        QVERIFY(QTest::qWaitFor(
            [&] {
                collect();
                return out.contains(QLatin1Char('\n'));
            },
            10000));
        const QJsonObject first = QJsonDocument::fromJson(out.section(QLatin1Char('\n'), 0, 0).toUtf8()).object();
        QCOMPARE(first[QLatin1String("source")][QLatin1String("state")].toString(), QStringLiteral("connected"));
        QVERIFY(first[QLatin1String("ignored_rows")].isObject());

        Test::Freeze freeze(Test::Freeze::wholeCluster());
        QVERIFY(freeze.isFrozen());
        QElapsedTimer frozen;
        frozen.start();
        const Test::ProgramRun report
            = Test::runPaddock({ QStringLiteral("report"), QStringLiteral("--connect"), db.conninfo() });
        QCOMPARE(report.exitCode, 3);
        QVERIFY2(frozen.elapsed() < 7000, qPrintable(QString::number(frozen.elapsed())));
        QVERIFY2(report.err.contains(QLatin1String("within")), qPrintable(report.err));

        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         collect();
                         return err.contains(QLatin1String("not-answering"));
                     },
                     10000),
            qPrintable(err));
        QVERIFY2(frozen.elapsed() <= 7500, qPrintable(QString::number(frozen.elapsed())));
        QVERIFY2(err.contains(QLatin1String(" since ")), qPrintable(err));

        QElapsedTimer stopping;
        stopping.start();
        ::kill(pid_t(watch.processId()), SIGINT);
        QVERIFY(watch.waitForFinished(5000));
        QVERIFY2(stopping.elapsed() < 1000, qPrintable(QString::number(stopping.elapsed())));
        QCOMPARE(watch.exitStatus(), QProcess::NormalExit);
    }

    void aRecordingThatCannotBeWrittenStopsWatch()
    {
        TestDatabase db;
        // A directory where the file should be: nothing can be recorded there.
        QTemporaryDir dir;
        const Test::ProgramRun run = Test::runPaddock({ QStringLiteral("watch"), QStringLiteral("--connect"),
            db.conninfo(), QStringLiteral("--record"), dir.path() });
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.err.contains(QLatin1String("not recording")) && run.err.contains(QLatin1String("directory")),
            qPrintable(run.err));
    }
};

QTEST_GUILESS_MAIN(TestCommands)
#include "tst_commands.moc"
