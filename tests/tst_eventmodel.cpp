#include "eventmodel.h"
#include "farmbuilder.h"
#include "modelspy.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

using Paddock::Test::Ranges;
using Paddock::Test::ranges;

namespace {

const QDateTime T0(QDate(2024, 1, 1), QTime(12, 0), Qt::UTC);

QDateTime at(int seconds)
{
    return T0.addSecs(seconds);
}

EventRow logRow(int seconds, qint64 serverId = 1, const QString& code = u"STARTED"_s)
{
    return EventRow { serverId, at(seconds), code, u"event at %1"_s.arg(seconds) };
}

const QHash<qint64, QString> Names { { 1, u"web-1"_s }, { 2, u"web-2"_s }, { 3, u"web-3"_s } };

QList<int> times(const EventModel& model)
{
    QList<int> result;
    for (int row = 0; row < model.rowCount(); ++row)
        result.append(int(T0.secsTo(model.index(row, 0).data(EventModel::TimestampRole).toDateTime())));
    return result;
}

ServerFigures server(qint64 id, const QString& name, ServerStatus status = ServerStatus::Healthy)
{
    return Test::serverFigures(id, name, status);
}

// An instance on `version`, as a snapshot holds it.
ServerFigures serverOn(qint64 id, const QString& name, const QString& version)
{
    ServerFigures figures = server(id, name);
    figures.server.version = version;
    return figures;
}

// A STARTED row as webfarm.register_server writes it; `version` empty is a NULL version ("?").
EventRow startedRow(int seconds, qint64 serverId, const QString& version)
{
    return EventRow { serverId, at(seconds), u"STARTED"_s,
        u"%1 started on h%2, version %3"_s.arg(Names.value(serverId))
            .arg(serverId)
            .arg(version.isEmpty() ? u"?"_s : version) };
}

// The rows marked "version V appeared", as "NAME V @seconds", newest first.
QStringList appeared(const EventModel& model)
{
    QStringList result;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, EventModel::Message);
        if (index.data(EventModel::VersionAppearedRole).isValid())
            result.append(u"%1 %2 @%3"_s
                              .arg(model.index(row, EventModel::Instance).data().toString(),
                                  index.data(EventModel::VersionAppearedRole).toString())
                              .arg(T0.secsTo(index.data(EventModel::TimestampRole).toDateTime())));
    }
    return result;
}

FarmSnapshot snapshotAt(int seconds, const QList<ServerFigures>& servers, const QList<FlushProgress>& flushes = {})
{
    FarmSnapshot snapshot;
    snapshot.generatedAt = at(seconds);
    snapshot.servers = servers;
    snapshot.flushes = flushes;
    return snapshot;
}

struct Shown {
    QString instance;
    QString code;
    QString message;
    QString severity;
    int seconds;
    friend bool operator==(const Shown&, const Shown&) = default;
};

QList<Shown> shown(const EventModel& model)
{
    QList<Shown> result;
    for (int row = 0; row < model.rowCount(); ++row) {
        result.append(Shown { model.index(row, EventModel::Instance).data().toString(),
            model.index(row, EventModel::Code).data().toString(),
            model.index(row, EventModel::Message).data().toString(),
            model.index(row, 0).data(EventModel::SeverityRole).toString(),
            int(T0.secsTo(model.index(row, 0).data(EventModel::TimestampRole).toDateTime())) });
    }
    return result;
}

} // namespace

namespace QTest {
template<> char* toString(const Shown& s)
{
    return qstrdup(
        qPrintable(u"(%1 %2 \"%3\" %4 @%5)"_s.arg(s.instance, s.code, s.message, s.severity).arg(s.seconds)));
}
} // namespace QTest

class TestEventModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void severity_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("severity");
        QTest::addRow("ERROR") << u"ERROR"_s << u"error"_s;
        QTest::addRow("lower case error") << u"error"_s << u"error"_s;
        QTest::addRow("STORAGE_FAILED") << u"STORAGE_FAILED"_s << u"error"_s;
        QTest::addRow("CONNECTION_LOST") << u"CONNECTION_LOST"_s << u"error"_s;
        QTest::addRow("STOPPED") << u"STOPPED"_s << u"warning"_s;
        QTest::addRow("LEFT") << u"LEFT"_s << u"warning"_s;
        QTest::addRow("WARNING") << u"WARNING"_s << u"warning"_s;
        QTest::addRow("CACHE_WARN") << u"CACHE_WARN"_s << u"warning"_s;
        QTest::addRow("STARTED") << u"STARTED"_s << u"info"_s;
        QTest::addRow("JOINED") << u"JOINED"_s << u"info"_s;
        QTest::addRow("CONNECTION_RESTORED") << u"CONNECTION_RESTORED"_s << u"info"_s;
        QTest::addRow("unknown") << u"SOMETHING_NEW"_s << u"info"_s;
    }

    void severity()
    {
        QFETCH(QString, code);
        QFETCH(QString, severity);
        QCOMPARE(EventModel::severityName(EventModel::severityOf(code)), severity);

        EventModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.appendEvents({ logRow(1, 1, code) }, Names);
        model.flushPending();
        QCOMPARE(model.index(0, EventModel::Message).data(EventModel::SeverityRole).toString(), severity);
        QCOMPARE(model.index(0, EventModel::Code).data(EventModel::CodeRole).toString(), code);
    }

    void columnsAndRoles()
    {
        EventModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.columnCount(), int(EventModel::ColumnCount));
        model.appendEvents({ EventRow { 2, at(5).addMSecs(250), u"ERROR"_s, u"disk full"_s } }, Names);
        model.appendEvents({ EventRow { 7, at(4), u"STARTED"_s, u"who?"_s } }, Names);
        model.appendLocalEvent(at(6), u"CONNECTION_LOST"_s, u"server closed the connection"_s);
        model.flushPending();

        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, EventModel::Code).data().toString(), u"CONNECTION_LOST"_s);
        QCOMPARE(model.index(0, EventModel::Instance).data().toString(), QString());
        QCOMPARE(model.index(0, 0).data(EventModel::ServerIdRole).toLongLong(), 0);
        QCOMPARE(model.index(1, EventModel::Instance).data().toString(), u"web-2"_s);
        QCOMPARE(model.index(1, EventModel::Message).data().toString(), u"disk full"_s);
        QCOMPARE(model.index(1, 0).data(EventModel::TimestampRole).toDateTime(), at(5).addMSecs(250));
        QCOMPARE(model.index(1, EventModel::Time).data(Qt::ToolTipRole).toString(), u"2024-01-01T12:00:05.250Z"_s);
        QCOMPARE(
            model.index(1, EventModel::Time).data().toString(), at(5).toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s));
        QCOMPARE(model.index(1, 0).data(EventModel::ServerIdRole).toLongLong(), 2);
        QCOMPARE(model.index(2, EventModel::Instance).data().toString(), u"#7"_s);
    }

    void newestFirst()
    {
        EventModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.appendEvents({ logRow(3), logRow(1), logRow(2) }, Names);
        model.flushPending();
        QCOMPARE(times(model), (QList<int> { 3, 2, 1 }));
    }

    void burstIsOneInsertion()
    {
        EventModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCoalescingInterval(20);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        constexpr int N = 1000;
        for (int i = 0; i < N; ++i)
            model.appendEvents({ logRow(i, 1 + i % 3) }, Names);
        QCOMPARE(model.rowCount(), 0); // nothing before the tick
        QTRY_COMPARE(model.rowCount(), N);
        QVERIFY(inserted.count() < N);
        QCOMPARE(ranges(inserted), (Ranges { { 0, N - 1 } }));
        QCOMPARE(times(model).first(), N - 1);
        QCOMPARE(times(model).last(), 0);
    }

    void lateEventsAreMergedInPlace()
    {
        EventModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.appendEvents({ logRow(10), logRow(20), logRow(30) }, Names);
        model.flushPending();

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.appendEvents({ logRow(25), logRow(5), logRow(40), logRow(26) }, Names);
        model.flushPending();
        QCOMPARE(times(model), (QList<int> { 40, 30, 26, 25, 20, 10, 5 }));
        QCOMPARE(ranges(inserted), (Ranges { { 0, 0 }, { 2, 3 }, { 6, 6 } }));
        QCOMPARE(removed.count(), 0);
    }

    void equalTimesLatestArrivalFirst()
    {
        EventModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.appendLocalEvent(at(1), u"A"_s, u"first"_s);
        model.flushPending();
        model.appendLocalEvent(at(1), u"B"_s, u"second"_s);
        model.appendLocalEvent(at(1), u"C"_s, u"third"_s);
        model.flushPending();
        QStringList codes;
        for (int row = 0; row < model.rowCount(); ++row)
            codes.append(model.index(row, EventModel::Code).data().toString());
        QCOMPARE(codes, (QStringList { u"C"_s, u"B"_s, u"A"_s }));
    }

    void boundedDropsOldest()
    {
        EventModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMaximumRows(5);
        model.appendEvents({ logRow(1), logRow(2), logRow(3) }, Names);
        model.flushPending();

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.appendEvents({ logRow(4), logRow(5), logRow(6), logRow(7) }, Names);
        model.flushPending();
        QCOMPARE(times(model), (QList<int> { 7, 6, 5, 4, 3 }));
        QCOMPARE(ranges(removed), (Ranges { { 1, 2 } }));
        QCOMPARE(ranges(inserted), (Ranges { { 0, 3 } }));
    }

    void boundedBatchLargerThanLimit()
    {
        EventModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMaximumRows(5);
        model.appendEvents({ logRow(1), logRow(2) }, Names);
        model.flushPending();

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QList<EventRow> many;
        for (int i = 10; i < 18; ++i)
            many.append(logRow(i));
        model.appendEvents(many, Names);
        model.flushPending();
        QCOMPARE(times(model), (QList<int> { 17, 16, 15, 14, 13 }));
        QCOMPARE(ranges(removed), (Ranges { { 0, 1 } }));
        QCOMPARE(ranges(inserted), (Ranges { { 0, 4 } }));
    }

    void olderThanEverythingIsNotInsertedWhenFull()
    {
        EventModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMaximumRows(3);
        model.appendEvents({ logRow(10), logRow(11), logRow(12) }, Names);
        model.flushPending();
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.appendEvents({ logRow(1) }, Names);
        model.flushPending();
        QCOMPARE(times(model), (QList<int> { 12, 11, 10 }));
        QCOMPARE(inserted.count() + removed.count(), 0);
    }

    void setMaximumRowsTrims()
    {
        EventModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.maximumRows(), EventModel::DefaultMaximumRows);
        model.appendEvents({ logRow(1), logRow(2), logRow(3), logRow(4) }, Names);
        model.flushPending();
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.setMaximumRows(2);
        QCOMPARE(ranges(removed), (Ranges { { 2, 3 } }));
        QCOMPARE(times(model), (QList<int> { 4, 3 }));
    }

    void snapshotEvents()
    {
        EventModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.noteSnapshot(snapshotAt(
            0, { server(1, u"web-1"_s), server(2, u"web-2"_s), server(3, u"web-3"_s, ServerStatus::Degraded) }));
        model.flushPending();
        QCOMPARE(model.rowCount(), 0); // the first snapshot is the baseline

        ServerFigures degraded = server(2, u"web-2"_s, ServerStatus::Degraded);
        degraded.reasons = QStringList { u"backlog 1500 > 1000"_s };
        ServerFigures silent = server(1, u"web-1"_s, ServerStatus::NotResponding);
        silent.reasons = QStringList { u"no heartbeat for 31 s"_s, u"backlog 1500 > 1000"_s };
        model.noteSnapshot(snapshotAt(10, { silent, degraded, server(4, u"web-4"_s) }));
        model.flushPending();

        const QList<Shown> expected {
            { u"web-1"_s, u"STATUS"_s, u"healthy \u2192 not-responding: no heartbeat for 31 s; backlog 1500 > 1000"_s,
                u"error"_s, 10 },
            { u"web-2"_s, u"STATUS"_s, u"healthy \u2192 degraded: backlog 1500 > 1000"_s, u"warning"_s, 10 },
            { u"web-4"_s, u"JOINED"_s, u"web-4 joined the farm (zone-a)"_s, u"info"_s, 10 },
            { u"web-3"_s, u"LEFT"_s, u"web-3 left the farm"_s, u"warning"_s, 10 },
        };
        QCOMPARE(shown(model), expected);

        // Recovery, and an unchanged snapshot adds nothing.
        model.noteSnapshot(snapshotAt(20, { server(1, u"web-1"_s), degraded, server(4, u"web-4"_s) }));
        model.noteSnapshot(snapshotAt(21, { server(1, u"web-1"_s), degraded, server(4, u"web-4"_s) }));
        model.flushPending();
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(shown(model).first(),
            (Shown { u"web-1"_s, u"STATUS"_s, u"not-responding \u2192 healthy"_s, u"info"_s, 20 }));
    }

    void flushEvents()
    {
        EventModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.noteSnapshot(snapshotAt(0, { server(1, u"web-1"_s) }));

        FlushProgress flush;
        flush.request.id = 12;
        flush.request.requestedAt = at(5);
        flush.request.requestedBy = u"alice"_s;
        flush.request.scope = u"farm"_s;
        flush.request.reason = u"stale prices"_s;
        flush.request.targets = { FlushTargetRow { 1, {}, {} }, FlushTargetRow { 2, {}, {} } };
        flush.targets = 2;
        flush.pending = 2;
        model.noteSnapshot(snapshotAt(6, { server(1, u"web-1"_s) }, { flush }));
        model.flushPending();
        QCOMPARE(shown(model),
            (QList<Shown> { { QString(), u"FLUSH_REQUESTED"_s,
                u"flush #12 by alice, scope farm, 2 targets: stale prices"_s, u"info"_s, 5 } }));

        flush.request.targets = { FlushTargetRow { 1, at(7), {} }, FlushTargetRow { 2, at(8), u"boom"_s } };
        flush.pending = 0;
        flush.acknowledged = 1;
        flush.failed = 1;
        flush.slowestAckMs = 2000.0;
        model.noteSnapshot(snapshotAt(9, { server(1, u"web-1"_s) }, { flush }));
        model.noteSnapshot(snapshotAt(10, { server(1, u"web-1"_s) }, { flush }));
        model.flushPending();
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(shown(model).first(),
            (Shown { QString(), u"FLUSH_FINISHED"_s, u"flush #12: 1 acknowledged, 1 failed, slowest 2,000 ms"_s,
                u"warning"_s, 8 }));
    }

    void startedVersion_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("version");
        QTest::addRow("as register_server writes it") << u"web-1 started on h1, version 13.0.2"_s << u"13.0.2"_s;
        QTest::addRow("no version") << u"web-1 started on h1, version ?"_s << QString();
        QTest::addRow("no host") << u"web-1 started on ?, version 2.0-rc1"_s << u"2.0-rc1"_s;
        // The last ", version " is the one register_server wrote after the name and the host.
        QTest::addRow("a host with the words") << u"a started on b, version c, version 4.1"_s << u"4.1"_s;
        QTest::addRow("another message") << u"started by hand"_s << QString();
        QTest::addRow("empty version") << u"web-1 started on h1, version "_s << QString();
    }

    void startedVersion()
    {
        QFETCH(QString, message);
        QFETCH(QString, version);
        QCOMPARE(EventModel::startedVersion(message), version);
    }

    // The first STARTED of a version the farm had not run is marked; what was there when Paddock
    // connected (the first snapshot's versions, the first load's events) is not new.
    void versionAppeared()
    {
        EventModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // The first load: the history holds 13.0.0 (no instance runs it any more) and 13.0.1; web-3
        // runs 12.9, with no STARTED in the history.
        model.appendEvents(
            { startedRow(0, 1, u"13.0.0"_s), startedRow(1, 1, u"13.0.1"_s), startedRow(2, 2, u"13.0.1"_s) }, Names);
        model.noteSnapshot(snapshotAt(3,
            { serverOn(1, u"web-1"_s, u"13.0.1"_s), serverOn(2, u"web-2"_s, u"13.0.1"_s),
                serverOn(3, u"web-3"_s, u"12.9"_s) }));
        model.flushPending();
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(appeared(model), QStringList());

        // The deploy, its rows out of time order: web-2's start at 11 is the first of 13.0.2.
        model.appendEvents(
            { startedRow(12, 1, u"13.0.2"_s), startedRow(11, 2, u"13.0.2"_s), startedRow(13, 3, u"12.9"_s),
                startedRow(14, 3, u"13.0.0"_s), startedRow(15, 3, QString()) },
            Names);
        model.flushPending();
        QCOMPARE(appeared(model), QStringList { u"web-2 13.0.2 @11"_s });
        // Later starts of it are ordinary.
        model.appendEvents({ startedRow(20, 3, u"13.0.2"_s), startedRow(21, 1, u"13.0.3"_s) }, Names);
        model.flushPending();
        QCOMPARE(appeared(model), (QStringList { u"web-1 13.0.3 @21"_s, u"web-2 13.0.2 @11"_s }));

        const QModelIndex marked = model.index(0, EventModel::Message);
        QCOMPARE(marked.data(EventModel::VersionAppearedRole).toString(), u"13.0.3"_s);
        QCOMPARE(marked.data().toString(), u"version 13.0.3 appeared \u2014 web-1 started on h1, version 13.0.3"_s);
        QCOMPARE(marked.data(Qt::ToolTipRole).toString(), marked.data().toString());
        QCOMPARE(model.index(0, EventModel::Code).data().toString(), u"STARTED"_s);
        QCOMPARE(marked.data(EventModel::SeverityRole).toString(), u"info"_s);
        QCOMPARE(model.index(1, EventModel::Message).data().toString(), u"web-3 started on h3, version 13.0.2"_s);
        QVERIFY(!model.index(1, EventModel::Code).data(EventModel::VersionAppearedRole).isValid());

        // A new connection is a new first load: nothing it finds is new.
        model.clear();
        model.appendEvents({ startedRow(30, 1, u"14.0"_s) }, Names);
        model.noteSnapshot(snapshotAt(31, { serverOn(1, u"web-1"_s, u"14.0"_s), serverOn(2, u"web-2"_s, u"14.1"_s) }));
        model.appendEvents({ startedRow(32, 2, u"14.1"_s) }, Names);
        model.flushPending();
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(appeared(model), QStringList());
    }

    void clearForgetsEverything()
    {
        EventModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.noteSnapshot(snapshotAt(0, { server(1, u"web-1"_s) }));
        model.appendEvents({ logRow(1) }, Names);
        model.flushPending();
        model.appendEvents({ logRow(2) }, Names); // queued, dropped by clear()
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.clear();
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 0);
        model.flushPending();
        QCOMPARE(model.rowCount(), 0);
        // A new baseline: no JOINED for the servers of the new connection.
        model.noteSnapshot(snapshotAt(5, { server(1, u"web-1"_s), server(2, u"web-2"_s) }));
        model.flushPending();
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestEventModel)
#include "tst_eventmodel.moc"
