#include "engine.h"
#include "recording.h"
#include "testdatabase.h"

#include <csignal>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace Paddock;
using Paddock::Test::call;
using Paddock::Test::controlCluster;
using Paddock::Test::runProgram;
using Paddock::Test::TestDatabase;

namespace {

const QString PaddockPath = QStringLiteral(PADDOCK_PATH);
const QString SimPath = QStringLiteral(PADDOCK_SIM_PATH);

EngineSettings settingsFor(const QString& conninfo, const QString& recording)
{
    EngineSettings settings;
    settings.conninfo = conninfo;
    settings.pollIntervalMs = 200;
    settings.initialBackoffMs = 100;
    settings.maxBackoffMs = 1000;
    settings.recordingPath = recording;
    return settings;
}

// A process whose standard output is read line by line as it comes.
class LineReader {
public:
    explicit LineReader(QProcess* process)
        : m_process(process)
    {
    }
    QStringList& lines()
    {
        m_buffer += QString::fromUtf8(m_process->readAllStandardOutput());
        qsizetype end;
        while ((end = m_buffer.indexOf(QLatin1Char('\n'))) >= 0) {
            m_lines.append(m_buffer.left(end));
            m_buffer.remove(0, end + 1);
        }
        return m_lines;
    }
    QString& errors()
    {
        m_errors += QString::fromUtf8(m_process->readAllStandardError());
        return m_errors;
    }

private:
    QProcess* m_process;
    QString m_buffer;
    QStringList m_lines;
    QString m_errors;
};

// Starts the cluster again however the test ends: the tests after this one need it.
struct ClusterRestarter {
    bool stopped = false;
    ~ClusterRestarter()
    {
        QString error;
        if (stopped && !controlCluster(QStringLiteral("start"), &error))
            qCritical("could not start the cluster again: %s", qPrintable(error));
    }
};

// A seeded simulated farm until killed.
bool startSimulator(QProcess& sim, const QString& conninfo, int instances, int seed, int taskRate)
{
    sim.setProgram(SimPath);
    sim.setArguments({ QStringLiteral("--connect"), conninfo, QStringLiteral("--instances"), QString::number(instances),
        QStringLiteral("--seed"), QString::number(seed), QStringLiteral("--task-rate"), QString::number(taskRate),
        QStringLiteral("--duration"), QStringLiteral("0"), QStringLiteral("--log-level"), QStringLiteral("off") });
    sim.start();
    return sim.waitForStarted();
}

// `paddock watch --record`, as a script would run it.
bool startRecordingWatch(QProcess& watch, const QString& conninfo, double intervalS, const QString& recording)
{
    watch.setProgram(PaddockPath);
    watch.setArguments({ QStringLiteral("watch"), QStringLiteral("--connect"), conninfo, QStringLiteral("--interval"),
        QString::number(intervalS), QStringLiteral("--record"), recording });
    watch.start();
    return watch.waitForStarted();
}

// The figures of a report or a watch line; `source` says where they came from (live or the
// recording) and is compared on its own.
QJsonObject parse(const QString& json)
{
    QJsonObject object = QJsonDocument::fromJson(json.toUtf8()).object();
    object.remove(QLatin1String("source"));
    return object;
}

QString sourceState(const QString& json)
{
    return QJsonDocument::fromJson(json.toUtf8()).object()[QLatin1String("source")][QLatin1String("state")].toString();
}

EngineUpdate recordedUpdate(const QDateTime& at, const QString& name)
{
    EngineUpdate update;
    update.snapshot.generatedAt = at;
    update.snapshot.farm.servers = 1;
    ServerFigures server;
    server.server.id = 1;
    server.server.name = name;
    server.status = ServerStatus::NotResponding;
    update.snapshot.servers.append(server);
    update.serverNames.insert(1, name);
    SeriesUpdate series;
    series.scope = FarmHistory::farmScope();
    series.second = at.toSecsSinceEpoch();
    series.processed = 9;
    update.series.append(series);
    return update;
}

} // namespace

class TestFlightRecorder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!Test::requireCluster())
            return;
        QVERIFY(m_dir.isValid());
    }

    void theEngineRecordsEveryUpdateItHandsOver()
    {
        TestDatabase db;
        {
            PgConnection writer = db.connect();
            const qint64 a = call(writer, QStringLiteral("SELECT webfarm.register_server('a', NULL, NULL, 'z', NULL)"));
            call(writer, QStringLiteral("SELECT webfarm.register_server('b', NULL, NULL, 'z', NULL)"));
            call(writer, QStringLiteral("SELECT webfarm.create_task($1, 'TOUCH_CACHE_ITEM', 'k')"), { a });
            writer.exec(QStringLiteral("SELECT webfarm.log_event($1, 'ERROR', 'disk full')"), { a });
        }
        const QString path = m_dir.filePath(QStringLiteral("engine.paddock-recording"));
        QList<EngineUpdate> received;
        RecordingInfo info;
        {
            Engine engine(settingsFor(db.conninfo(), path));
            QObject::connect(
                &engine, &Engine::updated, &engine, [&received](const EngineUpdate& u) { received.append(u); });
            QSignalSpy recorder(&engine, &Engine::recordingChanged);
            engine.start();
            QTRY_VERIFY_WITH_TIMEOUT(received.size() >= 5, 15000);
            QVERIFY(!recorder.isEmpty());
            info = recorder.last().first().value<RecordingInfo>();
        } // the engine stops and closes the recording
        QVERIFY(info.writing);
        QCOMPARE(info.path, path);

        QString error;
        auto recording = Recording::open(path, Recording::Mode::ReadOnly, &error, Recording::Check::Full);
        QVERIFY2(recording, qPrintable(error));
        QCOMPARE(recording->info().snapshots, received.size());
        QVERIFY(recording->info().farm.endsWith(QLatin1Char('/') + db.name()));
        for (const EngineUpdate& update : std::as_const(received)) {
            const std::optional<RecordedSnapshot> recorded = recording->snapshotAt(update.snapshot.generatedAt);
            QVERIFY(recorded);
            QCOMPARE(recorded->snapshot.toJson(), update.snapshot.toJson());
        }
        const std::optional<EngineUpdate> state = recording->stateAt({}, 3600, 100);
        QVERIFY(state);
        QStringList codes;
        for (const EventRow& event : state->newEvents)
            codes.append(event.code);
        QVERIFY2(codes.contains(QStringLiteral("ERROR")), qPrintable(codes.join(QLatin1Char(' '))));
        qint64 created = 0;
        for (const SeriesUpdate& row : state->series)
            created += row.scope == FarmHistory::farmScope() ? row.created : 0;
        QCOMPARE(created, 1);
    }

    void theRecordingIsShownWhileTheDatabaseIsUnreachable()
    {
        const QString path = m_dir.filePath(QStringLiteral("unreachable.paddock-recording"));
        const QDateTime end = QDateTime::currentDateTimeUtc().addSecs(-600);
        {
            auto recording = Recording::open(path, Recording::Mode::ReadWrite, nullptr);
            QVERIFY(recording);
            QVERIFY(recording->append(recordedUpdate(end.addSecs(-30), QStringLiteral("web-old"))));
            QVERIFY(recording->append(recordedUpdate(end, QStringLiteral("web-last"))));
        }
        // Nothing listens on this port: the database is the thing that is down.
        EngineSettings settings
            = settingsFor(QStringLiteral("host=127.0.0.1 port=1 dbname=farm connect_timeout=2"), path);
        settings.preloadRecording = true;
        Engine engine(settings);
        QSignalSpy updates(&engine, &Engine::updated);
        QSignalSpy states(&engine, &Engine::connectionStateChanged);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(!updates.isEmpty(), 10000);
        const EngineUpdate shown = updates.first().first().value<EngineUpdate>();
        QCOMPARE(shown.origin, EngineUpdate::Origin::Recording);
        QCOMPARE(shown.snapshot.generatedAt, end);
        QCOMPARE(shown.snapshot.servers.first().server.name, QStringLiteral("web-last"));
        // The charts have the recorded seconds.
        const TimeSeries* farm = engine.history().series(FarmHistory::farmScope());
        QVERIFY(farm);
        QCOMPARE(farm->range(0, std::numeric_limits<qint64>::max()).size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(engine.connectionState().state, ConnectionState::State::Reconnecting, 10000);
        QCOMPARE(updates.size(), 1); // nothing live arrived, nothing was made up
    }

    void liveDataContinuesTheRecordedHistory()
    {
        TestDatabase db;
        const QString path = m_dir.filePath(QStringLiteral("continued.paddock-recording"));
        const QDateTime old = QDateTime::currentDateTimeUtc().addSecs(-1200);
        {
            auto recording = Recording::open(path, Recording::Mode::ReadWrite, nullptr);
            QVERIFY(recording && recording->append(recordedUpdate(old, QStringLiteral("web-old"))));
        }
        {
            PgConnection writer = db.connect();
            const qint64 a = call(writer, QStringLiteral("SELECT webfarm.register_server('a', NULL, NULL, 'z', NULL)"));
            call(writer, QStringLiteral("SELECT webfarm.register_server('b', NULL, NULL, 'z', NULL)"));
            call(writer, QStringLiteral("SELECT webfarm.create_task($1, 'TOUCH_CACHE_ITEM', 'k')"), { a });
        }
        EngineSettings settings = settingsFor(db.conninfo(), path);
        settings.preloadRecording = true;
        Engine engine(settings);
        QSignalSpy updates(&engine, &Engine::updated);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(updates.size() >= 2, 15000);
        QCOMPARE(updates.at(0).first().value<EngineUpdate>().origin, EngineUpdate::Origin::Recording);
        const EngineUpdate live = updates.at(1).first().value<EngineUpdate>();
        QCOMPARE(live.origin, EngineUpdate::Origin::Live);
        QVERIFY(live.initial);
        // The recorded second 20 minutes ago stays beside the live window.
        const TimeSeries* farm = engine.history().series(FarmHistory::farmScope());
        QVERIFY(farm);
        const SeriesBucket* recorded = farm->at(old.toSecsSinceEpoch());
        QVERIFY(recorded);
        QCOMPARE(recorded->processed, 9);
        qint32 created = 0;
        for (const SeriesBucket& bucket : farm->range(old.toSecsSinceEpoch() + 1, std::numeric_limits<qint64>::max()))
            created += bucket.created;
        QCOMPARE(created, 1);
    }

    // The scenario: record a seeded simulator run with `watch --record`, stop the database,
    // and ask the recording what `watch` printed before the stop.
    void theRecordingAnswersForTheTimeBeforeTheDatabaseStopped()
    {
        if (!Test::requireCluster(Test::Cluster::Private))
            return;
        TestDatabase db;
        ClusterRestarter restarter; // declared after db: the cluster is up again before db is dropped
        const QString path = m_dir.filePath(QStringLiteral("incident.paddock-recording"));

        QProcess sim;
        QVERIFY(startSimulator(sim, db.conninfo(), 3, 7, 20));
        QProcess watch;
        QVERIFY(startRecordingWatch(watch, db.conninfo(), 0.5, path));
        LineReader output(&watch);
        // Enough refreshes with deliveries in them.
        QTRY_VERIFY_WITH_TIMEOUT(output.lines().size() >= 12
                && parse(output.lines().last())[QLatin1String("farm")][QLatin1String("deliveries_processed_per_s")]
                        .toDouble()
                    > 0,
            30000);

        QString error;
        QVERIFY2(controlCluster(QStringLiteral("stop"), &error), qPrintable(error));
        restarter.stopped = true;
        // Once watch says the connection is gone, every update it printed has been recorded.
        QTRY_VERIFY_WITH_TIMEOUT(output.errors().contains(QLatin1String("reconnecting")), 20000);
        const QStringList printed = output.lines();
        QVERIFY(printed.size() >= 12);

        for (const qsizetype index : { qsizetype(0), printed.size() / 2, printed.size() - 1 }) {
            const QJsonObject expected = parse(printed.at(index));
            const QString at = expected[QLatin1String("generated_at")].toString();
            const auto report = runProgram(PaddockPath,
                { QStringLiteral("report"), QStringLiteral("--recording"), path, QStringLiteral("--at"), at,
                    QStringLiteral("--json") });
            QVERIFY2(report.exitCode >= 0 && report.exitCode <= 2, qPrintable(report.err));
            QCOMPARE(parse(report.out), expected);
        }
        // Without --at: the last snapshot, which is the last line watch printed.
        const auto last = runProgram(
            PaddockPath, { QStringLiteral("report"), QStringLiteral("--recording"), path, QStringLiteral("--json") });
        QCOMPARE(parse(last.out), parse(printed.last()));
        QCOMPARE(sourceState(printed.last()), QStringLiteral("connected"));
        QCOMPARE(sourceState(last.out), QStringLiteral("recording"));
        // A moment between two snapshots answers with the earlier one.
        const QDateTime secondTime
            = QDateTime::fromString(parse(printed.at(1))[QLatin1String("generated_at")].toString(), Qt::ISODateWithMs);
        const auto between = runProgram(PaddockPath,
            { QStringLiteral("report"), QStringLiteral("--recording"), path, QStringLiteral("--at"),
                secondTime.addMSecs(-1).toString(Qt::ISODateWithMs), QStringLiteral("--json") });
        QCOMPARE(parse(between.out), parse(printed.at(0)));

        ::kill(pid_t(watch.processId()), SIGINT);
        QVERIFY(watch.waitForFinished(10000));
        QCOMPARE(watch.exitCode(), 0);
        sim.kill();
        sim.waitForFinished();
        // The loss is in the recording too.
        auto recording = Recording::open(path, Recording::Mode::ReadOnly, &error);
        QVERIFY2(recording, qPrintable(error));
        const std::optional<EngineUpdate> state = recording->stateAt({}, 3600, 10000);
        QVERIFY(state);
        bool lost = false;
        for (const EventRow& event : state->newEvents)
            lost = lost || event.code == QLatin1String("CONNECTION_LOST");
        QVERIFY(lost);
        QCOMPARE(recording->info().snapshots, printed.size());
    }

    void aRecorderKilledMidWriteLeavesAConsistentFile()
    {
        TestDatabase db;
        {
            PgConnection writer = db.connect();
            call(writer, QStringLiteral("SELECT webfarm.register_server('a', NULL, NULL, 'z', NULL)"));
        }
        const QString path = m_dir.filePath(QStringLiteral("killed.paddock-recording"));
        QProcess sim;
        QVERIFY(startSimulator(sim, db.conninfo(), 4, 3, 50));
        QProcess watch;
        QVERIFY(startRecordingWatch(watch, db.conninfo(), 0.1, path));
        LineReader output(&watch);
        QTRY_VERIFY_WITH_TIMEOUT(output.lines().size() >= 20, 30000);
        watch.kill(); // SIGKILL: no checkpoint, no goodbye, possibly inside a transaction
        QVERIFY(watch.waitForFinished(10000));
        sim.kill();
        sim.waitForFinished();
        const QStringList printed = output.lines();

        QString error;
        auto recording = Recording::open(path, Recording::Mode::ReadOnly, &error, Recording::Check::Full);
        QVERIFY2(recording, qPrintable(error));
        // Every update printed before the kill was recorded, except perhaps the very last one.
        QVERIFY(recording->info().snapshots >= printed.size() - 1);
        for (qsizetype i = 0; i + 1 < printed.size(); ++i) {
            const QJsonObject expected = parse(printed.at(i));
            const std::optional<RecordedSnapshot> recorded = recording->snapshotAt(
                QDateTime::fromString(expected[QLatin1String("generated_at")].toString(), Qt::ISODateWithMs));
            QVERIFY(recorded);
            QCOMPARE(parse(QString::fromUtf8(QJsonDocument(recorded->snapshot.toJson()).toJson())), expected);
        }
        // And the next recorder carries on in it.
        recording.reset();
        auto next = Recording::open(path, Recording::Mode::ReadWrite, &error);
        QVERIFY2(next, qPrintable(error));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestFlightRecorder)
#include "tst_flightrecorder.moc"
