#include "recording.h"

#include <QFile>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

const QDateTime T0 = QDateTime(QDate(2026, 11, 22), QTime(3, 0, 0), Qt::UTC);

// One refresh of a small farm at T0 + seconds: the figures carry `seconds` so that a test can tell
// which snapshot came back.
EngineUpdate updateAt(int seconds, int processed = 1, std::optional<qint64> backlog = std::nullopt)
{
    EngineUpdate update;
    update.snapshot.generatedAt = T0.addSecs(seconds);
    update.snapshot.windowS = 60;
    update.snapshot.schemaVersion = 2;
    update.snapshot.farm.servers = 1;
    update.snapshot.farm.deliveriesProcessed = seconds;
    ServerFigures server;
    server.server.id = 7;
    server.server.name = QStringLiteral("web-01");
    server.status = seconds % 2 ? ServerStatus::Degraded : ServerStatus::Healthy;
    server.backlog = seconds;
    update.snapshot.servers.append(server);
    update.serverNames.insert(7, QStringLiteral("web-01"));
    SeriesUpdate farm;
    farm.scope = QStringLiteral("farm");
    farm.second = update.snapshot.generatedAt.toSecsSinceEpoch();
    farm.processed = processed;
    farm.backlog = backlog;
    update.series.append(farm);
    EventRow event;
    event.serverId = 7;
    event.loggedAt = update.snapshot.generatedAt;
    event.code = QStringLiteral("TICK");
    event.message = QString::number(seconds);
    update.newEvents.append(event);
    return update;
}

// A padding of incompressible text in a reason, to make snapshots big for the size tests.
EngineUpdate bigUpdateAt(int seconds)
{
    EngineUpdate update = updateAt(seconds);
    QString noise;
    for (int i = 0; i < 4000; ++i)
        noise.append(QChar(u'a' + QRandomGenerator::global()->bounded(26)));
    update.snapshot.servers.first().reasons.append(noise);
    return update;
}

std::unique_ptr<Recording> create(const QString& path)
{
    QString error;
    auto recording = Recording::open(path, Recording::Mode::ReadWrite, &error);
    if (!recording)
        qWarning() << error;
    return recording;
}

// The times of the snapshots in (from, to] as the file holds them, read by the test's own SQL.
QList<QDateTime> snapshotTimes(const QString& path, const QDateTime& from, const QDateTime& to)
{
    QList<QDateTime> times;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("times"));
        db.setDatabaseName(path);
        if (!db.open())
            return times;
        QSqlQuery query(db);
        query.prepare(QStringLiteral("SELECT at_ms FROM snapshot WHERE at_ms > ? AND at_ms <= ? ORDER BY at_ms"));
        query.addBindValue(from.toMSecsSinceEpoch());
        query.addBindValue(to.toMSecsSinceEpoch());
        if (query.exec()) {
            while (query.next())
                times.append(QDateTime::fromMSecsSinceEpoch(query.value(0).toLongLong(), Qt::UTC));
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("times"));
    return times;
}

qint64 farmProcessed(const EngineUpdate& update, qint64 second)
{
    for (const SeriesUpdate& row : update.series) {
        if (row.scope == QLatin1String("farm") && row.second == second)
            return row.processed;
    }
    return -1;
}

} // namespace

class TestRecording : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("farm-%1.paddock-recording").arg(++m_counter));
    }

    void aNewFileSaysWhatItIs()
    {
        {
            auto recording = create(m_path);
            QVERIFY(recording);
            QVERIFY(recording->append(updateAt(0)));
        }
        QString error;
        auto reopened = Recording::open(m_path, Recording::Mode::ReadOnly, &error, Recording::Check::Full);
        QVERIFY2(reopened, qPrintable(error));
        const RecordingInfo info = reopened->info();
        QCOMPARE(info.formatVersion, Recording::FormatVersion);
        QVERIFY(info.createdBy.startsWith(QLatin1String("paddock ")));
        QCOMPARE(info.snapshots, 1);
        QCOMPARE(info.first, T0);
        QCOMPARE(info.last, T0);
        // Closed cleanly: the WAL was folded into the file, which alone is the whole recording.
        QVERIFY(
            !QFile::exists(m_path + QStringLiteral("-wal")) || QFileInfo(m_path + QStringLiteral("-wal")).size() == 0);
    }

    void theSnapshotCurrentAtATimeIsTheNewestNotAfterIt_data()
    {
        QTest::addColumn<int>("atSeconds"); // relative to T0; snapshots at 0, 10, 20, 30
        QTest::addColumn<int>("expected"); // -1: none
        QTest::addRow("before the first") << -1 << -1;
        QTest::addRow("exactly the first") << 0 << 0;
        QTest::addRow("between") << 15 << 10;
        QTest::addRow("exactly one") << 20 << 20;
        QTest::addRow("after the last") << 3600 << 30;
    }

    void theSnapshotCurrentAtATimeIsTheNewestNotAfterIt()
    {
        QFETCH(int, atSeconds);
        QFETCH(int, expected);
        auto recording = create(m_path);
        QVERIFY(recording);
        for (int s : { 0, 10, 20, 30 })
            QVERIFY(recording->append(updateAt(s)));
        QString error;
        const std::optional<RecordedSnapshot> found = recording->snapshotAt(T0.addSecs(atSeconds), &error);
        if (expected < 0) {
            QVERIFY(!found);
            QVERIFY(error.contains(QLatin1String("nothing was recorded")));
            return;
        }
        QVERIFY2(found, qPrintable(error));
        QCOMPARE(found->snapshot.generatedAt, T0.addSecs(expected));
        QCOMPARE(found->snapshot.farm.deliveriesProcessed, expected);
        QCOMPARE(found->serverNames.value(7), QStringLiteral("web-01"));
        // A null time is the end.
        QCOMPARE(recording->snapshotAt({})->snapshot.generatedAt, T0.addSecs(30));
    }

    void aRecordedStateHasTheSeriesAndEventsUpToItsSnapshot()
    {
        auto recording = create(m_path);
        QVERIFY(recording);
        for (int s = 0; s < 100; ++s)
            QVERIFY(recording->append(updateAt(s, 2)));
        ConnectionState lost;
        lost.state = ConnectionState::State::Reconnecting;
        lost.since = T0.addSecs(50).addMSecs(500);
        lost.error = QStringLiteral("server closed the connection");
        QVERIFY(recording->appendConnection(lost));

        const std::optional<EngineUpdate> state = recording->stateAt(T0.addSecs(60), 30, 5);
        QVERIFY(state);
        QCOMPARE(state->origin, EngineUpdate::Origin::Recording);
        QVERIFY(state->initial);
        QCOMPARE(state->snapshot.generatedAt, T0.addSecs(60));
        // The 30 s before the snapshot: seconds 31..60, each as recorded.
        QCOMPARE(state->series.size(), 30);
        for (const SeriesUpdate& row : state->series) {
            QVERIFY(row.second > T0.toSecsSinceEpoch() + 30 && row.second <= T0.toSecsSinceEpoch() + 60);
            QCOMPARE(row.processed, 2);
        }
        // The newest five events not after it, oldest first; the loss is one of them.
        QCOMPARE(state->newEvents.size(), 5);
        QCOMPARE(state->newEvents.last().message, QStringLiteral("60"));
        QCOMPARE(state->newEvents.first().message, QStringLiteral("56"));
        const std::optional<EngineUpdate> later = recording->stateAt(T0.addSecs(52), 30, 5);
        QVERIFY(later);
        QStringList codes;
        for (const EventRow& event : later->newEvents)
            codes.append(event.code);
        QCOMPARE(codes.count(QStringLiteral("CONNECTION_LOST")), 1);
        QCOMPARE(later->newEvents.at(codes.indexOf(QStringLiteral("CONNECTION_LOST"))).message, lost.error);
    }

    void countsAddUpAndLevelsAreReplaced()
    {
        auto recording = create(m_path);
        QVERIFY(recording);
        const qint64 second = T0.toSecsSinceEpoch();
        // Three refreshes fall into the same second: 3 + 4 processed, the backlog as last sampled.
        QVERIFY(recording->append(updateAt(0, 3, 40)));
        EngineUpdate more = updateAt(0, 4, std::nullopt);
        more.snapshot.generatedAt = T0.addMSecs(400);
        QVERIFY(recording->append(more));
        std::optional<EngineUpdate> state = recording->stateAt({}, 60, 10);
        QVERIFY(state);
        QCOMPARE(farmProcessed(*state, second), 7);
        QCOMPARE(state->series.first().backlog.value_or(-1), 40);

        // A reload recounts its window: what was recorded from its first second on is replaced.
        EngineUpdate reload = updateAt(0, 5, 12);
        reload.snapshot.generatedAt = T0.addMSecs(800);
        reload.initial = true;
        QVERIFY(recording->append(reload));
        state = recording->stateAt({}, 60, 10);
        QCOMPARE(farmProcessed(*state, second), 5);
        QCOMPARE(state->series.first().backlog.value_or(-1), 12);
        // Events brought again by the reload are kept once.
        QCOMPARE(state->newEvents.size(), 1);
    }

    void latencyOfASecondIsReplacedNotAdded()
    {
        auto recording = create(m_path);
        QVERIFY(recording);
        EngineUpdate first = updateAt(0);
        first.series.first().latency = LatencyStats::of({ 100.0, 200.0 });
        QVERIFY(recording->append(first));
        EngineUpdate second = updateAt(0);
        second.snapshot.generatedAt = T0.addMSecs(500);
        second.series.first().latency = LatencyStats::of({ 100.0, 200.0, 900.0 });
        QVERIFY(recording->append(second));
        EngineUpdate third = updateAt(0); // no latency news for that second
        third.snapshot.generatedAt = T0.addMSecs(900);
        QVERIFY(recording->append(third));
        const std::optional<EngineUpdate> state = recording->stateAt({}, 60, 10);
        QVERIFY(state && state->series.first().latency);
        QCOMPARE(state->series.first().latency->count, 3);
        QCOMPARE(state->series.first().latency->max.value_or(-1), 900.0);
    }

    // The latency buckets of the heatmap: counts add up over the appends of a second, a reload
    // replaces them from its first second, and a replay hands them to the history as they were.
    void latencyBucketsAreRecordedAndReadBack()
    {
        auto recording = create(m_path);
        QVERIFY(recording);
        const qint64 second = T0.toSecsSinceEpoch();
        EngineUpdate first = updateAt(0, 4);
        first.series.first().latencyCells = { { 6, 3 }, { 9, 1 } };
        SeriesUpdate web;
        web.scope = QStringLiteral("server:7");
        web.second = second;
        web.processed = 4;
        web.latencyCells = { { 6, 3 }, { 9, 1 } };
        first.series.append(web);
        QVERIFY(recording->append(first));
        EngineUpdate more = updateAt(0, 2);
        more.snapshot.generatedAt = T0.addMSecs(500);
        more.series.first().latencyCells = { { 6, 2 } };
        QVERIFY(recording->append(more));
        EngineUpdate next = updateAt(1, 1);
        next.series.first().latencyCells = { { 16, 1 } };
        QVERIFY(recording->append(next));

        std::optional<EngineUpdate> state = recording->stateAt({}, 60, 10);
        QVERIFY(state);
        FarmHistory history;
        history.apply(state->series);
        const LatencyHeatmap* farm = history.heatmap(FarmHistory::farmScope());
        QVERIFY(farm);
        QCOMPARE(farm->count(second, 6), 5); // 3 + 2
        QCOMPARE(farm->count(second, 9), 1);
        QCOMPARE(farm->count(second + 1, 16), 1);
        QCOMPARE(farm->cellCount(), 3);
        const LatencyHeatmap* seven = history.heatmap(FarmHistory::serverScope(7));
        QVERIFY(seven);
        QCOMPARE(seven->count(second, 6), 3);
        QCOMPARE(seven->cellCount(), 2);

        // A reload recounts its window: the buckets of its seconds are replaced.
        EngineUpdate reload = updateAt(1, 2);
        reload.snapshot.generatedAt = T0.addMSecs(1500);
        reload.initial = true;
        reload.series.first().latencyCells = { { 3, 2 } };
        QVERIFY(recording->append(reload));
        state = recording->stateAt({}, 60, 10);
        FarmHistory replayed;
        replayed.apply(state->series);
        QCOMPARE(replayed.heatmap(FarmHistory::farmScope())->count(second + 1, 16), 0);
        QCOMPARE(replayed.heatmap(FarmHistory::farmScope())->count(second + 1, 3), 2);
        QCOMPARE(replayed.heatmap(FarmHistory::farmScope())->count(second, 6), 5);
        // The state as it was at the first second has only that second's buckets.
        state = recording->stateAt(T0.addMSecs(600), 60, 10);
        FarmHistory earlier;
        earlier.apply(state->series);
        QCOMPARE(earlier.heatmap(FarmHistory::farmScope())->cellCount(), 2);
    }

    void theAgeBoundDropsTheOldest()
    {
        auto recording = create(m_path);
        QVERIFY(recording);
        for (int s = 0; s <= 7200; s += 60)
            QVERIFY(recording->append(updateAt(s)));
        RecordingLimits limits;
        limits.maxAgeS = 3600;
        QString error;
        const qint64 dropped = recording->enforceLimits(limits, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(dropped, 60); // 0 .. 3540
        const RecordingInfo info = recording->info();
        QCOMPARE(info.first, T0.addSecs(3600));
        QCOMPARE(info.last, T0.addSecs(7200));
        // The series and events older than the bound went with their snapshots.
        const std::optional<EngineUpdate> state = recording->stateAt({}, 24 * 3600, 1000);
        QCOMPARE(state->newEvents.first().message, QStringLiteral("3600"));
        for (const SeriesUpdate& row : state->series)
            QVERIFY(row.second >= T0.addSecs(3600).toSecsSinceEpoch());
    }

    void olderSnapshotsAreThinnedNewerKeptWhole()
    {
        auto recording = create(m_path);
        QVERIFY(recording);
        // 30 minutes at four refreshes a second, as a busy farm refreshes.
        for (int ms = 0; ms < 30 * 60 * 1000; ms += 250) {
            EngineUpdate update = updateAt(0);
            update.snapshot.generatedAt = T0.addMSecs(ms);
            update.series.clear();
            update.newEvents.clear();
            QVERIFY(recording->append(update));
        }
        RecordingLimits limits;
        limits.fullResolutionS = 10 * 60;
        limits.thinnedEveryS = 10;
        QString error;
        QCOMPARE(recording->enforceLimits(limits, &error), 0); // thinning is not the bound dropping data
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QDateTime last = T0.addMSecs(30 * 60 * 1000 - 250);
        // last - 10 min is 19:59.75 in; thinning stops at the 10 s boundary before it.
        const QDateTime fullFrom = T0.addSecs(19 * 60 + 50);
        // Before it: the first snapshot of every 10 s (119 of them); from it on: every one (4 a second).
        const QList<QDateTime> thinned = snapshotTimes(m_path, T0.addMSecs(-1), fullFrom.addMSecs(-1));
        QCOMPARE(thinned.size(), 119);
        for (int i = 0; i < thinned.size(); ++i)
            QCOMPARE(thinned.at(i), T0.addSecs(10 * i));
        QCOMPARE(snapshotTimes(m_path, fullFrom.addMSecs(-1), last).size(), (30 * 60 - (19 * 60 + 50)) * 4);
        // A moment in the thinned part answers with the snapshot before it.
        QCOMPARE(recording->snapshotAt(T0.addSecs(65))->snapshot.generatedAt, T0.addSecs(60));
        // Again: nothing more to thin.
        const qint64 before = recording->info().snapshots;
        recording->enforceLimits(limits);
        QCOMPARE(recording->info().snapshots, before);
    }

    void theSizeBoundDropsTheOldest()
    {
        auto recording = create(m_path);
        QVERIFY(recording);
        for (int s = 0; s < 600; ++s)
            QVERIFY(recording->append(bigUpdateAt(s)));
        recording->checkpoint();
        const qint64 before = QFileInfo(m_path).size();
        RecordingLimits limits;
        limits.maxBytes = 512 * 1024;
        QVERIFY(before > 2 * limits.maxBytes);
        const qint64 dropped = recording->enforceLimits(limits);
        recording->checkpoint(); // in WAL mode the file shrinks when the vacuumed pages reach it
        const RecordingInfo info = recording->info();
        qInfo("size bound: %lld bytes before, %lld after (bound %lld), %lld of 600 snapshots dropped", before,
            info.bytes, limits.maxBytes, dropped);
        QVERIFY(dropped > 0);
        QCOMPARE(info.snapshots, 600 - dropped);
        QVERIFY(info.bytes <= limits.maxBytes);
        // Oldest first: what is left is the newest, without a gap.
        QCOMPARE(info.last, T0.addSecs(599));
        QCOMPARE(info.first, T0.addSecs(int(dropped)));
        QCOMPARE(snapshotTimes(m_path, info.first.addMSecs(-1), info.last).size(), info.snapshots);
    }

    void aRecordingGrowsAcrossSessions()
    {
        {
            auto recording = create(m_path);
            QVERIFY(recording && recording->append(updateAt(0)));
        }
        {
            auto recording = create(m_path);
            QVERIFY(recording && recording->append(updateAt(10)));
        }
        QString error;
        auto reader = Recording::open(m_path, Recording::Mode::ReadOnly, &error);
        QVERIFY2(reader, qPrintable(error));
        QCOMPARE(reader->info().snapshots, 2);
    }

    void oneWriterAtATimeAndReadersBesideIt()
    {
        auto writer = create(m_path);
        QVERIFY(writer && writer->append(updateAt(0)));
        QString error;
        QVERIFY(!Recording::open(m_path, Recording::Mode::ReadWrite, &error));
        QVERIFY2(error.contains(QLatin1String("another Paddock")), qPrintable(error));
        // A reader sees what the writer committed, while it writes on.
        auto reader = Recording::open(m_path, Recording::Mode::ReadOnly, &error, Recording::Check::Full);
        QVERIFY2(reader, qPrintable(error));
        QVERIFY(writer->append(updateAt(5)));
        QCOMPARE(reader->info().last, T0.addSecs(5));
    }

    void aCopyIsOneCompleteFile()
    {
        auto recording = create(m_path);
        QVERIFY(recording);
        for (int s = 0; s < 20; ++s)
            QVERIFY(recording->append(updateAt(s)));
        const QString copy = m_path + QStringLiteral(".copy");
        QString error;
        QVERIFY2(recording->copyTo(copy, &error), qPrintable(error));
        QVERIFY(!QFile::exists(copy + QStringLiteral("-wal")));
        auto reader = Recording::open(copy, Recording::Mode::ReadOnly, &error, Recording::Check::Full);
        QVERIFY2(reader, qPrintable(error));
        QCOMPARE(reader->info().snapshots, 20);
        // A replay window saves a copy too: from a read-only connection.
        const QString second = m_path + QStringLiteral(".second");
        QVERIFY2(reader->copyTo(second, &error), qPrintable(error));
        QCOMPARE(Recording::open(second, Recording::Mode::ReadOnly, &error)->info().snapshots, 20);
    }

    void badFilesAreRefusedWithAReason_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::addRow("missing") << u"missing"_s << u"no such file"_s;
        QTest::addRow("directory") << u"directory"_s << u"is a directory"_s;
        QTest::addRow("empty") << u"empty"_s << u"is empty"_s;
        QTest::addRow("random bytes") << u"random"_s << u"not an SQLite database"_s;
        QTest::addRow("text") << u"text"_s << u"not an SQLite database"_s;
        QTest::addRow("truncated") << u"truncated"_s << u"truncated"_s;
        QTest::addRow("foreign SQLite database") << u"foreign"_s << u"not a Paddock recording"_s;
        QTest::addRow("newer format") << u"newer"_s << u"newer Paddock"_s;
        QTest::addRow("page damaged") << u"scribbled"_s << u"damaged"_s;
    }

    void badFilesAreRefusedWithAReason()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        const QString path = kind == QLatin1String("directory") ? m_dir.path() : m_path;
        auto write = [&path](const QByteArray& bytes) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(bytes);
        };
        auto recordSome = [&path] {
            auto recording = create(path);
            QVERIFY(recording);
            for (int s = 0; s < 300; ++s)
                QVERIFY(recording->append(bigUpdateAt(s)));
        };
        if (kind == QLatin1String("empty")) {
            write({});
        } else if (kind == QLatin1String("random")) {
            QByteArray bytes(64 * 1024, Qt::Uninitialized);
            QRandomGenerator generator(42);
            for (char& c : bytes)
                c = char(generator.bounded(256));
            write(bytes);
        } else if (kind == QLatin1String("text")) {
            write("generated_at,servers\n2026-11-22T03:00:00Z,6\n");
        } else if (kind == QLatin1String("truncated")) {
            recordSome();
            QFile file(path);
            QVERIFY(file.resize(file.size() / 2));
        } else if (kind == QLatin1String("foreign")) {
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
                db.setDatabaseName(path);
                QVERIFY(db.open());
                QSqlQuery(db).exec(QStringLiteral("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)"));
                db.close();
            }
            QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
        } else if (kind == QLatin1String("newer")) {
            recordSome();
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
                db.setDatabaseName(path);
                QVERIFY(db.open());
                QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = %1").arg(Recording::FormatVersion + 1));
                db.close();
            }
            QSqlDatabase::removeDatabase(QStringLiteral("newer"));
        } else if (kind == QLatin1String("scribbled")) {
            recordSome();
            // Garbage over the pages after the first: the header still says SQLite and Paddock.
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QRandomGenerator generator(7);
            for (qint64 offset = 4096; offset < file.size(); offset += 4096 * 3) {
                file.seek(offset + 200);
                QByteArray junk(512, Qt::Uninitialized);
                for (char& c : junk)
                    c = char(generator.bounded(256));
                file.write(junk);
            }
        }
        const QByteArray before = QFileInfo(path).isFile() ? [&path] {
            QFile file(path);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        }()
                                                           : QByteArray();

        QString error;
        QVERIFY(!Recording::open(path, Recording::Mode::ReadOnly, &error, Recording::Check::Full));
        QVERIFY2(error.contains(expected), qPrintable(error));
        // Not a recording to write into either, and left exactly as it was.
        if (kind != QLatin1String("missing") && kind != QLatin1String("empty") && kind != QLatin1String("scribbled")) {
            error.clear();
            QVERIFY(!Recording::open(path, Recording::Mode::ReadWrite, &error));
            QVERIFY(!error.isEmpty());
        }
        if (QFileInfo(path).isFile()) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY(file.readAll() == before);
        }
    }

    void timesAreReadAsPeopleWriteThem_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime end = T0.addSecs(3600);
        QTest::addRow("UTC") << u"2026-11-22T03:14:05Z"_s << QDateTime(QDate(2026, 11, 22), QTime(3, 14, 5), Qt::UTC);
        QTest::addRow("milliseconds") << u"2026-11-22T03:14:05.250Z"_s
                                      << QDateTime(QDate(2026, 11, 22), QTime(3, 14, 5, 250), Qt::UTC);
        QTest::addRow("offset") << u"2026-11-22T04:14:05+01:00"_s
                                << QDateTime(QDate(2026, 11, 22), QTime(3, 14, 5), Qt::UTC);
        QTest::addRow("space") << u"2026-11-22 03:14:05Z"_s << QDateTime(QDate(2026, 11, 22), QTime(3, 14, 5), Qt::UTC);
        QTest::addRow("local") << u"2026-11-22T03:14:05"_s
                               << QDateTime(QDate(2026, 11, 22), QTime(3, 14, 5), Qt::LocalTime).toUTC();
        QTest::addRow("seconds back") << u"-90s"_s << end.addSecs(-90);
        QTest::addRow("minutes back") << u"-15m"_s << end.addSecs(-900);
        QTest::addRow("hours back") << u"-2h"_s << end.addSecs(-7200);
        QTest::addRow("fraction") << u"-1.5m"_s << end.addSecs(-90);
        QTest::addRow("words") << u"yesterday"_s << QDateTime();
        QTest::addRow("forward") << u"+5m"_s << QDateTime();
        QTest::addRow("empty") << QString() << QDateTime();
    }

    void timesAreReadAsPeopleWriteThem()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, expected);
        QCOMPARE(Recording::parseTime(text, T0.addSecs(3600)), expected);
    }

    void eachFarmHasItsOwnFile()
    {
        const QString a = Recording::defaultPath(u"/data"_s, u"db1_5432_farm"_s);
        QCOMPARE(a, u"/data/db1_5432_farm.paddock-recording"_s);
        // Nothing in a key leaves the directory.
        QCOMPARE(
            Recording::defaultPath(u"/data"_s, u"../../etc/passwd"_s), u"/data/.._.._etc_passwd.paddock-recording"_s);
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_counter = 0;
};

QTEST_GUILESS_MAIN(TestRecording)
#include "tst_recording.moc"
