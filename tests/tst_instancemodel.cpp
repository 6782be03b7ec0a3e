#include "farmbuilder.h"
#include "instancemodel.h"
#include "modelspy.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

using Paddock::Test::Change;
using Paddock::Test::changes;
using Paddock::Test::Ranges;
using Paddock::Test::ranges;

namespace {

const QDateTime Now(QDate(2024, 1, 1), QTime(12, 0), Qt::UTC);

ServerFigures server(qint64 id, const QString& name, ServerStatus status = ServerStatus::Healthy)
{
    return Test::serverFigures(id, name, status);
}

FarmSnapshot snapshotOf(const QList<ServerFigures>& servers)
{
    FarmSnapshot snapshot;
    snapshot.generatedAt = Now;
    snapshot.servers = servers;
    return snapshot;
}

// web-1 … web-n with ids 1 … n
QList<ServerFigures> farm(const QList<int>& numbers)
{
    QList<ServerFigures> servers;
    for (int n : numbers)
        servers.append(server(n, u"web-%1"_s.arg(n)));
    return servers;
}

QStringList names(const InstanceModel& model)
{
    QStringList result;
    for (int row = 0; row < model.rowCount(); ++row)
        result.append(model.index(row, InstanceModel::Name).data().toString());
    return result;
}

} // namespace

Q_DECLARE_METATYPE(ServerFigures)

class TestInstanceModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void empty()
    {
        InstanceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), int(InstanceModel::ColumnCount));
        QCOMPARE(model.rowOfServer(1), -1);
        QCOMPARE(model.serverIdAt(0), 0);
        for (int column = 0; column < InstanceModel::ColumnCount; ++column)
            QVERIFY2(
                !model.headerData(column, Qt::Horizontal).toString().isEmpty(), qPrintable(QString::number(column)));
    }

    void display_data()
    {
        QTest::addColumn<ServerFigures>("figures");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("expected");

        ServerFigures f = server(1, u"web-1"_s);
        QTest::addRow("status") << f << int(InstanceModel::Status) << u"healthy"_s;
        QTest::addRow("name") << f << int(InstanceModel::Name) << u"web-1"_s;
        QTest::addRow("zone") << f << int(InstanceModel::Zone) << u"zone-a"_s;
        QTest::addRow("host") << f << int(InstanceModel::Host) << u"web-1.farm.test"_s;
        QTest::addRow("version") << f << int(InstanceModel::Version) << u"1.0"_s;

        f = server(1, u"web-1"_s, ServerStatus::NotResponding);
        QTest::addRow("not responding") << f << int(InstanceModel::Status) << u"not-responding"_s;

        f = server(1, u"web-1"_s);
        f.lastHeartbeatAgeS = 1.2;
        QTest::addRow("heartbeat 1.2 s") << f << int(InstanceModel::LastHeartbeat) << u"1.2 s"_s;
        f.lastHeartbeatAgeS = 200.0;
        QTest::addRow("heartbeat 200 s") << f << int(InstanceModel::LastHeartbeat) << u"3 min 20 s"_s;
        f.lastHeartbeatAgeS = 7500.0;
        QTest::addRow("heartbeat hours") << f << int(InstanceModel::LastHeartbeat) << u"2 h 05 min"_s;
        f.lastHeartbeatAgeS.reset();
        QTest::addRow("heartbeat never") << f << int(InstanceModel::LastHeartbeat) << u"\u2014"_s;

        f = server(1, u"web-1"_s);
        f.clockSkewMs = 350.0;
        QTest::addRow("skew ahead") << f << int(InstanceModel::ClockSkew) << u"+350 ms"_s;
        f.clockSkewMs = -3500.0;
        QTest::addRow("skew behind") << f << int(InstanceModel::ClockSkew) << u"-3,500 ms"_s;
        f.clockSkewMs = 0.0;
        QTest::addRow("skew zero") << f << int(InstanceModel::ClockSkew) << u"0.0 ms"_s;
        f.clockSkewMs.reset();
        QTest::addRow("skew null") << f << int(InstanceModel::ClockSkew) << u"\u2014"_s;

        f = server(1, u"web-1"_s);
        f.backlog = 1500;
        QTest::addRow("backlog") << f << int(InstanceModel::Backlog) << u"1,500"_s;
        f.oldestPendingAgeS = 12.34;
        QTest::addRow("oldest pending") << f << int(InstanceModel::OldestPending) << u"12.3 s"_s;
        f.oldestPendingAgeS.reset();
        QTest::addRow("oldest pending null") << f << int(InstanceModel::OldestPending) << u"\u2014"_s;

        f = server(1, u"web-1"_s);
        f.deliveriesProcessedPerS = 12.5;
        QTest::addRow("processed") << f << int(InstanceModel::ProcessedPerS) << u"12.5/s"_s;
        f.deliveriesProcessedPerS = 0.25;
        QTest::addRow("processed slow") << f << int(InstanceModel::ProcessedPerS) << u"0.25/s"_s;
        f.deliveriesFailed = 3;
        QTest::addRow("failed") << f << int(InstanceModel::Failed) << u"3"_s;

        f = server(1, u"web-1"_s);
        f.cacheHitRatio = 0.834;
        QTest::addRow("hit ratio") << f << int(InstanceModel::HitRatio) << u"83.4 %"_s;
        f.cacheHitRatio.reset();
        QTest::addRow("hit ratio null") << f << int(InstanceModel::HitRatio) << u"\u2014"_s;

        f = server(1, u"web-1"_s);
        f.cacheLatency = LatencyStats::of({ 3.4 });
        QTest::addRow("p50 small") << f << int(InstanceModel::LatencyP50) << u"3.4 ms"_s;
        f.cacheLatency = LatencyStats::of({ 3500.0 });
        QTest::addRow("p95") << f << int(InstanceModel::LatencyP95) << u"3,500 ms"_s;
        QTest::addRow("p99") << f << int(InstanceModel::LatencyP99) << u"3,500 ms"_s;
        QTest::addRow("max") << f << int(InstanceModel::LatencyMax) << u"3,500 ms"_s;
        f.cacheLatency = {};
        QTest::addRow("p50 null") << f << int(InstanceModel::LatencyP50) << u"\u2014"_s;
        QTest::addRow("max null") << f << int(InstanceModel::LatencyMax) << u"\u2014"_s;

        f = server(1, u"web-1"_s);
        f.cacheItems = 123456;
        QTest::addRow("cache items") << f << int(InstanceModel::CacheItems) << u"123,456"_s;
        f.cacheItems.reset();
        QTest::addRow("cache items null") << f << int(InstanceModel::CacheItems) << u"\u2014"_s;
        f.memoryBytes = 512LL * 1024 * 1024;
        QTest::addRow("memory MiB") << f << int(InstanceModel::Memory) << u"512.0 MiB"_s;
        f.memoryBytes = 3LL * 512 * 1024 * 1024;
        QTest::addRow("memory GiB") << f << int(InstanceModel::Memory) << u"1.50 GiB"_s;
        f.memoryBytes.reset();
        QTest::addRow("memory null") << f << int(InstanceModel::Memory) << u"\u2014"_s;
    }

    void display()
    {
        QFETCH(ServerFigures, figures);
        QFETCH(int, column);
        QFETCH(QString, expected);
        InstanceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshotOf({ figures }));
        QCOMPARE(model.index(0, column).data().toString(), expected);
    }

    void roles()
    {
        InstanceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ServerFigures degraded = server(7, u"web-7"_s, ServerStatus::Degraded);
        degraded.server.zone = u"zone-b"_s;
        degraded.reasons = QStringList { u"backlog 1500 > 1000"_s, u"clock skew 2500 ms"_s };
        degraded.backlog = 1500;
        model.setSnapshot(snapshotOf({ degraded }));

        for (int column = 0; column < InstanceModel::ColumnCount; ++column) {
            const QModelIndex index = model.index(0, column);
            QCOMPARE(index.data(InstanceModel::ServerIdRole).toLongLong(), 7);
            QCOMPARE(index.data(InstanceModel::StatusRole).toString(), u"degraded"_s);
            QCOMPARE(index.data(InstanceModel::ReasonsRole).toStringList(), degraded.reasons);
            QCOMPARE(index.data(InstanceModel::ZoneRole).toString(), u"zone-b"_s);
        }
        QCOMPARE(model.index(0, InstanceModel::Status).data(Qt::ToolTipRole).toString(),
            u"backlog 1500 > 1000\nclock skew 2500 ms"_s);
        QCOMPARE(model.index(0, InstanceModel::Backlog).data(InstanceModel::SortRole).toLongLong(), 1500);
        QVERIFY(!model.index(0, InstanceModel::HitRatio).data(InstanceModel::SortRole).isValid());
        QCOMPARE(model.rowOfServer(7), 0);
        QCOMPARE(model.serverIdAt(0), 7);
        QCOMPARE(model.figuresAt(0).backlog, 1500);
    }

    void proxySortsAndFiltersAsTheGenericOne()
    {
        // InstanceProxyModel compares the figures directly; the generic proxy, through SortRole
        // QVariants, is the independent answer. Every column, both orders, nulls and ties included.
        InstanceModel model;
        QList<ServerFigures> servers = farm({ 1, 2, 3, 4, 5, 6, 7, 8 });
        for (int i = 0; i < servers.size(); ++i) {
            ServerFigures& f = servers[i];
            f.status = i % 3 == 0 ? ServerStatus::Degraded
                : i == 5          ? ServerStatus::NotResponding
                                  : ServerStatus::Healthy;
            f.server.zone = i % 2 ? u"zone-b"_s : u"zone-a"_s;
            f.server.host = u"10.0.0.%1"_s.arg(9 - i);
            f.backlog = (i * 37) % 5;
            f.deliveriesFailed = i % 2;
            if (i != 2)
                f.cacheHitRatio = 0.5 + 0.05 * ((i * 3) % 7);
            if (i % 4 != 1)
                f.cacheLatency.p95 = 10.0 * ((i * 5) % 4);
            if (i != 6)
                f.clockSkewMs = -40.0 + 15.0 * i;
            f.memoryBytes = i == 3 ? std::optional<qint64>() : std::optional<qint64>(1000 - i * 100);
        }
        model.setSnapshot(snapshotOf(servers));
        InstanceProxyModel fast;
        fast.setSourceModel(&model);
        QSortFilterProxyModel generic;
        generic.setSourceModel(&model);
        generic.setSortRole(InstanceModel::SortRole);
        const auto order = [](const QAbstractItemModel& proxy) {
            QStringList names;
            for (int row = 0; row < proxy.rowCount(); ++row)
                names.append(proxy.index(row, InstanceModel::Name).data().toString());
            return names;
        };
        for (int column = 0; column < InstanceModel::ColumnCount; ++column) {
            for (Qt::SortOrder sortOrder : { Qt::AscendingOrder, Qt::DescendingOrder }) {
                fast.sort(column, sortOrder);
                generic.sort(column, sortOrder);
                QVERIFY2(order(fast) == order(generic),
                    qPrintable(
                        u"column %1: %2 vs %3"_s.arg(column).arg(order(fast).join(u' '), order(generic).join(u' '))));
            }
        }
        fast.setFilterText(u"ZONE-B"_s);
        QCOMPARE(fast.rowCount(), 4);
        fast.setFilterText(u"degraded"_s);
        QCOMPARE(fast.rowCount(), 3);
        fast.setFilterText(u"web-7"_s);
        QCOMPARE(fast.rowCount(), 1);
        fast.setFilterText(QString());
        QCOMPARE(fast.rowCount(), servers.size());
    }

    void sortNullsLast()
    {
        InstanceModel model;
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(InstanceModel::SortRole);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

        QList<ServerFigures> servers = farm({ 1, 2, 3, 4 });
        servers[0].cacheHitRatio = 0.9;
        servers[1].cacheHitRatio.reset();
        servers[2].cacheHitRatio = 0.5;
        servers[3].cacheHitRatio = 0.7;
        servers[1].status = ServerStatus::NotResponding;
        servers[3].status = ServerStatus::Degraded;
        model.setSnapshot(snapshotOf(servers));

        const auto sortedNames = [&proxy] {
            QStringList result;
            for (int row = 0; row < proxy.rowCount(); ++row)
                result.append(proxy.index(row, InstanceModel::Name).data().toString());
            return result;
        };
        proxy.sort(InstanceModel::HitRatio, Qt::AscendingOrder);
        QCOMPARE(sortedNames(), (QStringList { u"web-3"_s, u"web-4"_s, u"web-1"_s, u"web-2"_s }));
        proxy.sort(InstanceModel::Status, Qt::AscendingOrder);
        QCOMPARE(sortedNames().mid(0, 2), (QStringList { u"web-2"_s, u"web-4"_s }));
    }

    void firstSnapshotIsOneInsertion()
    {
        InstanceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        // Out of order on purpose: the model keeps its own order.
        model.setSnapshot(snapshotOf(farm({ 3, 1, 2 })));
        QCOMPARE(ranges(inserted), (Ranges { { 0, 2 } }));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(names(model), (QStringList { u"web-1"_s, u"web-2"_s, u"web-3"_s }));
    }

    void oneFigureChanged()
    {
        InstanceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<ServerFigures> servers = farm({ 1, 2, 3 });
        model.setSnapshot(snapshotOf(servers));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        servers[1].backlog = 1500;
        model.setSnapshot(snapshotOf(servers));

        QCOMPARE(inserted.count(), 0);
        QCOMPARE(removed.count(), 0);
        const QList<Change> all = changes(changed);
        QCOMPARE(all.size(), 1);
        QCOMPARE(all[0].topLeft, model.index(1, InstanceModel::Backlog));
        QCOMPARE(all[0].bottomRight, model.index(1, InstanceModel::Backlog));
        QVERIFY(all[0].roles.contains(Qt::DisplayRole));
        QVERIFY(all[0].roles.contains(InstanceModel::SortRole));
        QVERIFY(!all[0].roles.contains(InstanceModel::StatusRole));
        QCOMPARE(model.index(1, InstanceModel::Backlog).data().toString(), u"1,500"_s);
    }

    void sameSnapshotIsSilent()
    {
        InstanceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshotOf(farm({ 1, 2, 3 })));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.setSnapshot(snapshotOf(farm({ 1, 2, 3 })));
        QCOMPARE(changed.count() + inserted.count() + removed.count(), 0);
    }

    void statusChangeTouchesTheRow()
    {
        InstanceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<ServerFigures> servers = farm({ 1, 2, 3 });
        model.setSnapshot(snapshotOf(servers));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        servers[2].status = ServerStatus::Degraded;
        servers[2].reasons = QStringList { u"backlog 1500 > 1000"_s };
        servers[2].backlog = 1500;
        model.setSnapshot(snapshotOf(servers));

        // StatusRole answers in every column, so the whole row is signalled once.
        const QList<Change> all = changes(changed);
        QCOMPARE(all.size(), 1);
        QCOMPARE(all[0].topLeft, model.index(2, 0));
        QCOMPARE(all[0].bottomRight, model.index(2, InstanceModel::ColumnCount - 1));
        QVERIFY(all[0].roles.contains(InstanceModel::StatusRole));
        QVERIFY(all[0].roles.contains(InstanceModel::ReasonsRole));
        QVERIFY(all[0].roles.contains(Qt::DisplayRole));
        QVERIFY(all[0].roles.contains(Qt::ToolTipRole));
        QVERIFY(!all[0].roles.contains(InstanceModel::ZoneRole));
    }

    // An instance on another version than most: VersionSkewRole in every column of its row (the
    // table's delegate marks the Version column by it), the words in the Version column's tooltip.
    void versionSkewMarksTheVersion()
    {
        InstanceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<ServerFigures> servers = farm({ 1, 2, 3 });
        servers[1].server.version = u"0.9"_s;
        servers[1].versionSkew = u"0.9 while 2 others run 1.0"_s;
        model.setSnapshot(snapshotOf(servers));
        for (int column = 0; column < InstanceModel::ColumnCount; ++column) {
            QCOMPARE(model.index(1, column).data(InstanceModel::VersionSkewRole).toString(),
                u"0.9 while 2 others run 1.0"_s);
            QVERIFY(!model.index(0, column).data(InstanceModel::VersionSkewRole).isValid());
            QVERIFY(!model.index(2, column).data(InstanceModel::VersionSkewRole).isValid());
        }
        QCOMPARE(model.index(1, InstanceModel::Version).data().toString(), u"0.9"_s);
        QCOMPARE(
            model.index(1, InstanceModel::Version).data(Qt::ToolTipRole).toString(), u"0.9 while 2 others run 1.0"_s);
        QVERIFY(!model.index(0, InstanceModel::Version).data(Qt::ToolTipRole).isValid());
        // A mark, not a status.
        QCOMPARE(model.index(1, InstanceModel::Status).data().toString(), u"healthy"_s);

        // Its words change while its version stays (another instance stopped): the row is told.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        servers[1].versionSkew = u"0.9 while 1 other runs 1.0"_s;
        model.setSnapshot(snapshotOf(servers));
        QList<Change> all = changes(changed);
        QCOMPARE(all.size(), 1);
        QCOMPARE(all[0].topLeft, model.index(1, 0));
        QCOMPARE(all[0].bottomRight, model.index(1, InstanceModel::ColumnCount - 1));
        QVERIFY(all[0].roles.contains(InstanceModel::VersionSkewRole));
        QVERIFY(all[0].roles.contains(Qt::ToolTipRole));
        QCOMPARE(
            model.index(1, InstanceModel::Version).data(Qt::ToolTipRole).toString(), u"0.9 while 1 other runs 1.0"_s);

        // Caught up: the mark goes.
        changed.clear();
        servers[1].server.version = u"1.0"_s;
        servers[1].versionSkew.reset();
        model.setSnapshot(snapshotOf(servers));
        all = changes(changed);
        QCOMPARE(all.size(), 1);
        QVERIFY(all[0].roles.contains(InstanceModel::VersionSkewRole));
        QVERIFY(!model.index(1, InstanceModel::Version).data(InstanceModel::VersionSkewRole).isValid());
        QVERIFY(!model.index(1, InstanceModel::Version).data(Qt::ToolTipRole).isValid());
    }

    void heartbeatTickIsOneSignal()
    {
        InstanceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<ServerFigures> servers = farm({ 1, 2, 3, 4, 5 });
        model.setSnapshot(snapshotOf(servers));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        for (ServerFigures& figures : servers)
            figures.lastHeartbeatAgeS = 2.0;
        model.setSnapshot(snapshotOf(servers));
        const QList<Change> all = changes(changed);
        QCOMPARE(all.size(), 1);
        QCOMPARE(all[0].topLeft, model.index(0, InstanceModel::LastHeartbeat));
        QCOMPARE(all[0].bottomRight, model.index(4, InstanceModel::LastHeartbeat));
    }

    void changedColumnsOnly()
    {
        InstanceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<ServerFigures> servers = farm({ 1, 2 });
        model.setSnapshot(snapshotOf(servers));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        servers[0].backlog = 20;
        servers[0].oldestPendingAgeS = 3.0;
        servers[0].memoryBytes = 1024;
        model.setSnapshot(snapshotOf(servers));
        // One signal from the first changed column to the last: a large farm changes scattered
        // columns of every row at every update, and a signal per span would be thousands.
        const QList<Change> all = changes(changed);
        QCOMPARE(all.size(), 1);
        QCOMPARE(all[0].topLeft, model.index(0, InstanceModel::Backlog));
        QCOMPARE(all[0].bottomRight, model.index(0, InstanceModel::Memory));
    }

    void removeRows_data()
    {
        QTest::addColumn<QList<int>>("before");
        QTest::addColumn<QList<int>>("after");
        QTest::addColumn<Ranges>("removed");

        QTest::addRow("first") << QList<int> { 1, 2, 3, 4, 5 } << QList<int> { 2, 3, 4, 5 } << Ranges { { 0, 0 } };
        QTest::addRow("middle") << QList<int> { 1, 2, 3, 4, 5 } << QList<int> { 1, 2, 4, 5 } << Ranges { { 2, 2 } };
        QTest::addRow("last") << QList<int> { 1, 2, 3, 4, 5 } << QList<int> { 1, 2, 3, 4 } << Ranges { { 4, 4 } };
        QTest::addRow("middle run") << QList<int> { 1, 2, 3, 4, 5 } << QList<int> { 1, 5 } << Ranges { { 1, 3 } };
        // Back to front, so that the second range's indices are still valid.
        QTest::addRow("first and last") << QList<int> { 1, 2, 3, 4, 5 } << QList<int> { 2, 3, 4 }
                                        << Ranges { { 4, 4 }, { 0, 0 } };
        QTest::addRow("alternate") << QList<int> { 1, 2, 3, 4, 5 } << QList<int> { 2, 4 }
                                   << Ranges { { 4, 4 }, { 2, 2 }, { 0, 0 } };
        QTest::addRow("all") << QList<int> { 1, 2, 3 } << QList<int> {} << Ranges { { 0, 2 } };
    }

    void removeRows()
    {
        QFETCH(QList<int>, before);
        QFETCH(QList<int>, after);
        QFETCH(Ranges, removed);
        InstanceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshotOf(farm(before)));

        QSignalSpy removedSpy(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setSnapshot(snapshotOf(farm(after)));
        QCOMPARE(ranges(removedSpy), removed);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(changed.count(), 0);
        QStringList expected;
        for (int n : after)
            expected.append(u"web-%1"_s.arg(n));
        QCOMPARE(names(model), expected);
        for (int row = 0; row < after.size(); ++row)
            QCOMPARE(model.rowOfServer(after[row]), row);
        for (int n : before) {
            if (!after.contains(n))
                QCOMPARE(model.rowOfServer(n), -1);
        }
    }

    void insertRows_data()
    {
        QTest::addColumn<QList<int>>("before");
        QTest::addColumn<QList<int>>("after");
        QTest::addColumn<Ranges>("inserted");

        QTest::addRow("first") << QList<int> { 2, 3 } << QList<int> { 1, 2, 3 } << Ranges { { 0, 0 } };
        QTest::addRow("middle") << QList<int> { 1, 3 } << QList<int> { 1, 2, 3 } << Ranges { { 1, 1 } };
        QTest::addRow("last") << QList<int> { 1, 2 } << QList<int> { 1, 2, 3 } << Ranges { { 2, 2 } };
        QTest::addRow("runs") << QList<int> { 3, 6 } << QList<int> { 1, 2, 3, 4, 5, 6, 7 }
                              << Ranges { { 0, 1 }, { 3, 4 }, { 6, 6 } };
    }

    void insertRows()
    {
        QFETCH(QList<int>, before);
        QFETCH(QList<int>, after);
        QFETCH(Ranges, inserted);
        InstanceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshotOf(farm(before)));

        QSignalSpy insertedSpy(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.setSnapshot(snapshotOf(farm(after)));
        QCOMPARE(ranges(insertedSpy), inserted);
        QCOMPARE(removed.count(), 0);
        QStringList expected;
        for (int n : after)
            expected.append(u"web-%1"_s.arg(n));
        QCOMPARE(names(model), expected);
    }

    void mixedMerge()
    {
        InstanceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshotOf(farm({ 1, 2, 3, 4 })));

        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QList<ServerFigures> next = farm({ 1, 3, 5 });
        next[1].backlog = 99; // web-3
        model.setSnapshot(snapshotOf(next));

        QCOMPARE(ranges(removed), (Ranges { { 3, 3 }, { 1, 1 } }));
        QCOMPARE(ranges(inserted), (Ranges { { 2, 2 } }));
        const QList<Change> all = changes(changed);
        QCOMPARE(all.size(), 1);
        QCOMPARE(all[0].topLeft, model.index(1, InstanceModel::Backlog));
        QCOMPARE(names(model), (QStringList { u"web-1"_s, u"web-3"_s, u"web-5"_s }));
        QCOMPARE(model.rowOfServer(5), 2);
        QCOMPARE(model.serverIdAt(1), 3);
    }

    void renamedServerMoves()
    {
        InstanceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshotOf(farm({ 1, 2, 3 })));
        QList<ServerFigures> next = farm({ 1, 2, 3 });
        next[0].server.name = u"web-9"_s;
        model.setSnapshot(snapshotOf(next));
        QCOMPARE(names(model), (QStringList { u"web-2"_s, u"web-3"_s, u"web-9"_s }));
        QCOMPARE(model.rowOfServer(1), 2);
    }

    void clearResets()
    {
        InstanceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshotOf(farm({ 1, 2 })));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.clear();
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.rowOfServer(1), -1);
    }
};

QTEST_GUILESS_MAIN(TestInstanceModel)
#include "tst_instancemodel.moc"
