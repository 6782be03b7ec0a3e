// The attacks of docs/security.md against the private cluster, each refused or harmless: an
// instance acting as another, look-alike built-ins planted in public, a flush that reaches nobody,
// a password in the process list, a flood of foreign notifications. (Hostile text in the window
// and the report: tst_plaintext.)

#include "engine.h"
#include "passwordscrub.h"
#include "pgconnection.h"
#include "pgerror.h"
#include "testdatabase.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace Paddock;
using namespace Qt::StringLiterals;
using Paddock::Test::TestDatabase;

namespace {

const QString Refused = u"42501"_s;

// The SQLSTATE of `sql`, "00000" when it ran.
QString stateOf(PgConnection& connection, const QString& sql, const QVariantList& params = {})
{
    try {
        connection.exec(sql, params);
    } catch (const PgError& error) {
        return error.sqlState();
    }
    return u"00000"_s;
}

} // namespace

class SecurityTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { Test::requireCluster(); }

    // A compromised instance (or its stolen password) cannot acknowledge, stop, heartbeat, log or
    // probe for an instance that another login registered, nor take over its name.
    void anInstanceActsOnlyForItself()
    {
        TestDatabase db;
        PgConnection admin = db.connect();
        PgConnection mallory = db.connect(db.createLoginRole(u"webfarm_instance"_s));
        PgConnection victim = db.connect(db.createLoginRole(u"webfarm_instance"_s));
        const qint64 victimId = victim.exec(u"SELECT webfarm.register_server('sec-victim', NULL, NULL, 'z', '1')"_s)
                                    .integer(0, 0)
                                    .value_or(0);
        const qint64 malloryId = mallory.exec(u"SELECT webfarm.register_server('sec-mallory', NULL, NULL, 'z', '1')"_s)
                                     .integer(0, 0)
                                     .value_or(0);
        admin.exec(u"SELECT webfarm.register_storage('sec-store', 'local', '/srv')"_s);
        const qint64 taskId = mallory.exec(u"SELECT webfarm.create_task($1, 'REMOVE_CACHE_ITEM', 'k')"_s, { malloryId })
                                  .integer(0, 0)
                                  .value_or(0);
        QVERIFY(taskId > 0);

        const QList<std::pair<QString, QVariantList>> attacks {
            { u"SELECT webfarm.complete_task($1, $2)"_s, { victimId, taskId } },
            { u"SELECT webfarm.stop_server($1)"_s, { victimId } },
            { u"SELECT webfarm.heartbeat($1, clock_timestamp())"_s, { victimId } },
            { u"SELECT * FROM webfarm.fetch_tasks($1)"_s, { victimId } },
            { u"SELECT webfarm.create_task($1, 'CLEAR_CACHE', NULL)"_s, { victimId } },
            { u"SELECT webfarm.log_event($1, 'ERROR', 'forged')"_s, { victimId } },
            { u"SELECT webfarm.report_storage_probe($1, 'sec-store', false, 1.0)"_s, { victimId } },
            { u"SELECT webfarm.register_server('sec-victim', NULL, 'evil', 'z', '1')"_s, {} },
        };
        for (const auto& [sql, params] : attacks)
            QVERIFY2(stateOf(mallory, sql, params) == Refused, qPrintable(sql));

        // Nothing of it landed: the delivery is pending, the victim runs, its host is its own.
        QCOMPARE(
            admin
                .exec(u"SELECT processed_at IS NULL FROM webfarm.server_task WHERE task_id = $1 AND server_id = $2"_s,
                    { taskId, victimId })
                .text(0, 0),
            u"t"_s);
        QCOMPARE(
            admin
                .exec(u"SELECT stopped_at IS NULL AND host IS NULL, registered_by FROM webfarm.server WHERE id = $1"_s,
                    { victimId })
                .text(0, 0),
            u"t"_s);
        // The victim acts for itself as before.
        QCOMPARE(stateOf(victim, u"SELECT webfarm.complete_task($1, $2)"_s, { victimId, taskId }), u"00000"_s);
        QCOMPARE(stateOf(victim, u"SELECT webfarm.stop_server($1)"_s, { victimId }), u"00000"_s);
    }

    // A farm whose instances share one login keeps working (and gives up the protection above).
    void aSharedLoginStillWorks()
    {
        TestDatabase db;
        PgConnection shared = db.connect(db.createLoginRole(u"webfarm_instance"_s));
        const qint64 a
            = shared.exec(u"SELECT webfarm.register_server('sec-a', NULL, NULL, 'z', '1')"_s).integer(0, 0).value_or(0);
        const qint64 b
            = shared.exec(u"SELECT webfarm.register_server('sec-b', NULL, NULL, 'z', '1')"_s).integer(0, 0).value_or(0);
        const qint64 task = shared.exec(u"SELECT webfarm.create_task($1, 'REMOVE_CACHE_ITEM', 'k')"_s, { a })
                                .integer(0, 0)
                                .value_or(0);
        QCOMPARE(stateOf(shared, u"SELECT webfarm.complete_task($1, $2)"_s, { b, task }), u"00000"_s);
        QCOMPARE(stateOf(shared, u"SELECT webfarm.register_server('sec-b', NULL, NULL, 'z', '2')"_s), u"00000"_s);
    }

    // stop_server on a live instance (by a login that may act for it) no longer hides it: it
    // receives no tasks, so it is degraded, with the reason, and report exits 1.
    void aStoppedInstanceThatHeartbeatsIsDegraded()
    {
        TestDatabase db;
        PgConnection admin = db.connect();
        const qint64 id = admin.exec(u"SELECT webfarm.register_server('sec-zombie', NULL, NULL, 'z', '1')"_s)
                              .integer(0, 0)
                              .value_or(0);
        admin.exec(u"SELECT webfarm.stop_server($1)"_s, { id });
        admin.exec(u"SELECT webfarm.heartbeat($1, clock_timestamp())"_s, { id });
        const Test::ProgramRun run = Test::runPaddock({ u"report"_s, u"--json"_s, u"--connect"_s, db.conninfo() });
        QCOMPARE(run.exitCode, 1);
        const QJsonObject server
            = QJsonDocument::fromJson(run.out.toUtf8()).object()[u"servers"_s].toArray().at(0).toObject();
        QCOMPARE(server[u"status"_s].toString(), u"degraded"_s);
        QVERIFY2(
            server[u"reasons"_s].toArray().at(0).toString().contains(u"still heartbeating"_s), qPrintable(run.out));
    }

    // Look-alikes of built-ins planted in public by a login without rights: the overloads an
    // unpinned session with untyped parameters would pick. Install, upgrade, maintain, report and
    // flush never call them.
    void plantedFunctionsAreNeverCalled()
    {
        TestDatabase db(TestDatabase::Schema::Absent);
        PgConnection admin = db.connect();
        const QString login = db.createLoginRole(QString());
        admin.exec(u"GRANT CREATE ON SCHEMA public TO \"%1\""_s.arg(login)); // as before PostgreSQL 15
        PgConnection mallory = db.connect(login);
        mallory.exec(u"CREATE TABLE public.hijacks (fn text)"_s);
        mallory.exec(u"GRANT INSERT ON public.hijacks TO PUBLIC"_s);
        for (const QString& fn : { u"pg_advisory_lock"_s, u"pg_advisory_xact_lock"_s, u"pg_advisory_unlock"_s }) {
            mallory.exec(u"CREATE FUNCTION public.%1(text) RETURNS boolean LANGUAGE sql AS "
                         "$$ INSERT INTO public.hijacks VALUES ('%1'); SELECT true $$"_s.arg(fn));
        }
        mallory.exec(u"CREATE FUNCTION public.to_timestamp(numeric) RETURNS timestamptz LANGUAGE sql AS "
                     "$$ INSERT INTO public.hijacks VALUES ('to_timestamp'); "
                     "SELECT pg_catalog.to_timestamp($1::double precision) $$"_s);
        mallory.exec(u"CREATE FUNCTION public.set_config(text, text, boolean) RETURNS text LANGUAGE sql AS "
                     "$$ INSERT INTO public.hijacks VALUES ('set_config'); SELECT $2 $$"_s);
        auto hijacks
            = [&admin] { return admin.exec(u"SELECT count(*) FROM public.hijacks"_s).integer(0, 0).value_or(-1); };

        // The plant works: a session on the default path with an untyped parameter calls it.
        admin.exec(u"SET search_path = \"$user\", public"_s);
        admin.exec(u"SELECT pg_advisory_lock($1)"_s, { u"7"_s });
        QCOMPARE(hijacks(), 1);
        admin.exec(u"RESET search_path"_s);
        admin.exec(u"TRUNCATE public.hijacks"_s);

        const QString conninfo = db.conninfo();
        QCOMPARE(Test::runPaddock({ u"schema"_s, u"install"_s, u"--connect"_s, conninfo }).exitCode, 0);
        admin.exec(u"SELECT webfarm.register_server('sec-target', NULL, NULL, 'z', '1')"_s);
        QCOMPARE(Test::runPaddock({ u"schema"_s, u"upgrade"_s, u"--connect"_s, conninfo }).exitCode, 0);
        QCOMPARE(Test::runPaddock({ u"schema"_s, u"maintain"_s, u"--connect"_s, conninfo }).exitCode, 0);
        const Test::ProgramRun report = Test::runPaddock({ u"report"_s, u"--connect"_s, conninfo });
        QVERIFY2(report.exitCode >= 0 && report.exitCode <= 2, qPrintable(report.err));
        const Test::ProgramRun flush = Test::runPaddock(
            { u"flush"_s, u"--farm"_s, u"--reason"_s, u"security test"_s, u"--connect"_s, conninfo });
        QVERIFY2(flush.exitCode == 0, qPrintable(flush.err));
        QCOMPARE(hijacks(), 0);
    }

    // 0 targets is not "all acknowledged": exit 1, the reason, and nothing requested.
    void aFlushThatReachesNobodyFails()
    {
        TestDatabase db;
        PgConnection admin = db.connect();
        const qint64 id
            = admin.exec(u"SELECT webfarm.register_server('web-05', NULL, NULL, 'z', '1')"_s).integer(0, 0).value_or(0);
        admin.exec(u"SELECT webfarm.stop_server($1)"_s, { id });
        for (const QStringList& scope : { QStringList { u"--farm"_s }, QStringList { u"--server"_s, u"web-05"_s } }) {
            const Test::ProgramRun run = Test::runPaddock(QStringList { u"flush"_s } + scope
                + QStringList { u"--reason"_s, u"t"_s, u"--connect"_s, db.conninfo() });
            QCOMPARE(run.exitCode, 1);
            QVERIFY2(
                run.err.contains(u"no instance would receive this flush (web-05 is stopped)"_s), qPrintable(run.err));
        }
        QCOMPARE(admin.exec(u"SELECT count(*) FROM webfarm.flush_request"_s).integer(0, 0).value_or(-1), 0);
    }

    void passwordsAreHidden_data()
    {
        QTest::addColumn<QString>("argument");
        QTest::addColumn<QString>("hidden");
        QTest::addRow("keyword") << u"host=db password=s3cret dbname=farm"_s
                                 << u"host=db password=xxxxxx dbname=farm"_s;
        QTest::addRow("quoted") << u"password = 'a b\\' c' host=db"_s << u"password = 'xxxxxxx' host=db"_s;
        QTest::addRow("option=value") << u"--connect=password=pw host=h"_s << u"--connect=password=xx host=h"_s;
        QTest::addRow("uri") << u"postgresql://ops:s3cret@db:5432/farm"_s << u"postgresql://ops:xxxxxx@db:5432/farm"_s;
        QTest::addRow("uri parameter") << u"postgres://db/farm?sslmode=require&password=pw&x=1"_s
                                       << u"postgres://db/farm?sslmode=require&password=xx&x=1"_s;
        QTest::addRow("no password") << u"postgresql://ops@db/farm"_s << u"postgresql://ops@db/farm"_s;
        QTest::addRow("not a conninfo") << u"watch"_s << u"watch"_s;
    }

    void passwordsAreHidden()
    {
        QFETCH(QString, argument);
        QFETCH(QString, hidden);
        QByteArray bytes = argument.toUtf8();
        const bool any = hidePasswords(bytes.data());
        QCOMPARE(QString::fromUtf8(bytes), hidden);
        QCOMPARE(any, argument != hidden);
    }

    // What ps shows of a running watch: no password.
    void thePasswordLeavesTheProcessList()
    {
        TestDatabase db;
        const QString secret = u"hunter2-not-shown"_s;
        QProcess watch;
        watch.setProgram(QStringLiteral(PADDOCK_PATH));
        watch.setArguments({ u"watch"_s, u"--connect"_s, db.conninfo() + u" password="_s + secret });
        watch.start();
        QVERIFY(watch.waitForStarted());
        QString out;
        QVERIFY(QTest::qWaitFor(
            [&] {
                out += QString::fromUtf8(watch.readAllStandardOutput());
                return out.contains(QLatin1Char('\n'));
            },
            15000));
        QFile cmdline(u"/proc/%1/cmdline"_s.arg(watch.processId()));
        QVERIFY(cmdline.open(QIODevice::ReadOnly));
        const QByteArray shown = cmdline.readAll();
        QVERIFY2(!shown.contains(secret.toUtf8()), shown.constData());
        QVERIFY(shown.contains("password=" + QByteArray(secret.size(), 'x')));
        watch.terminate();
        QVERIFY(watch.waitForFinished(5000));
        QVERIFY(QString::fromUtf8(watch.readAllStandardError()).contains(u".pgpass"_s));
    }

    // Any login may NOTIFY webfarm_changed. On a quiet farm a flood costs the reads of the poll,
    // not four a second; a real write is still seen within a second or so.
    void aNotificationFloodCostsNoMoreThanThePoll()
    {
        TestDatabase db;
        PgConnection admin = db.connect();
        PgConnection stranger = db.connect(db.createLoginRole(QString()));
        EngineSettings settings;
        settings.conninfo = db.conninfo();
        settings.pollIntervalMs = 1000;
        settings.minRefreshIntervalMs = 250;
        settings.keepHistory = false;
        Engine engine(settings);
        QSignalSpy updates(&engine, &Engine::updated);
        engine.start();
        QVERIFY(updates.wait(10000));

        QTimer flood;
        flood.setInterval(20);
        QObject::connect(&flood, &QTimer::timeout, &flood, [&stranger] { stranger.exec(u"NOTIFY webfarm_changed"_s); });
        flood.start();
        QTest::qWait(2000); // the engine learns that the notifications announce nothing
        const qint64 first = engine.lastUpdate().sequence;
        QTest::qWait(6000); // the measured period: reads in 6 s of flood
        const qint64 reads = engine.lastUpdate().sequence - first;
        QVERIFY2(reads <= 8, qPrintable(u"%1 reads in 6 s of flood, the poll makes 6"_s.arg(reads)));

        admin.exec(u"SELECT webfarm.register_server('sec-new', NULL, NULL, 'z', '1')"_s);
        QTRY_VERIFY_WITH_TIMEOUT(engine.lastUpdate().snapshot.servers.size() == 1, 3000);
        flood.stop();
        engine.stop();
    }
};

QTEST_GUILESS_MAIN(SecurityTest)
#include "tst_security.moc"
