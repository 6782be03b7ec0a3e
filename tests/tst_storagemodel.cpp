#include "farmbuilder.h"
#include "modelspy.h"
#include "storagemodel.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

using Paddock::Test::Change;
using Paddock::Test::changes;
using Paddock::Test::Ranges;
using Paddock::Test::ranges;

namespace {

const QDateTime T0(QDate(2024, 1, 1), QTime(12, 0), Qt::UTC);

ServerFigures server(qint64 id)
{
    return Test::serverFigures(id, u"web-%1"_s.arg(id));
}

// Storage ids 10, 20, …: "blob" < "nas" < "s3"
StorageFigures storage(qint64 id, StorageStatus status = StorageStatus::Ok)
{
    static const QHash<qint64, QString> names { { 10, u"blob"_s }, { 20, u"nas"_s }, { 30, u"s3"_s } };
    static const QHash<qint64, QString> kinds { { 10, u"azure-blob"_s }, { 20, u"network-share"_s }, { 30, u"s3"_s } };
    StorageFigures figures;
    figures.storage.id = id;
    figures.storage.name = names.value(id);
    figures.storage.kind = kinds.value(id);
    figures.storage.location = u"https://"_s + names.value(id) + u".example"_s;
    figures.status = status;
    figures.probeLatencyP95Ms = 12.0;
    return figures;
}

ProbeRow okProbe(qint64 storageId, qint64 serverId, double latencyMs = 12.0, int ageS = 4)
{
    return ProbeRow { storageId, serverId, T0.addSecs(-ageS), true, latencyMs, 2LL * 1024 * 1024 * 1024, {} };
}

ProbeRow failedProbe(qint64 storageId, qint64 serverId, const QString& error = u"timeout"_s, int ageS = 4)
{
    return ProbeRow { storageId, serverId, T0.addSecs(-ageS), false, std::nullopt, std::nullopt, error };
}

FarmSnapshot snapshot(const QList<qint64>& servers, const QList<StorageFigures>& storages, int seconds = 0)
{
    FarmSnapshot result;
    result.generatedAt = T0.addSecs(seconds);
    for (qint64 id : servers)
        result.servers.append(server(id));
    result.storage = storages;
    return result;
}

// Every (storage, server) probed ok.
QList<ProbeRow> allOk(const QList<qint64>& storages, const QList<qint64>& servers)
{
    QList<ProbeRow> probes;
    for (qint64 s : storages) {
        for (qint64 id : servers)
            probes.append(okProbe(s, id));
    }
    return probes;
}

QStringList headers(const StorageModel& model)
{
    QStringList result;
    for (int column = StorageModel::FixedColumnCount; column < model.columnCount(); ++column)
        result.append(model.headerData(column, Qt::Horizontal).toString());
    return result;
}

QStringList storageNames(const StorageModel& model)
{
    QStringList result;
    for (int row = 0; row < model.rowCount(); ++row)
        result.append(model.index(row, StorageModel::Name).data().toString());
    return result;
}

constexpr int F = StorageModel::FixedColumnCount;

} // namespace

class TestStorageModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void grid()
    {
        StorageModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.columnCount(), F);

        StorageFigures nas = storage(20, StorageStatus::Partial);
        nas.failingServers = QStringList { u"web-2"_s };
        nas.probingServers = QStringList { u"web-1"_s, u"web-2"_s };
        StorageFigures blob = storage(10);
        blob.probeLatencyP95Ms.reset();
        model.setState(snapshot({ 3, 1, 2 }, { nas, blob }),
            { okProbe(20, 1, 12.0), failedProbe(20, 2, u"mount lost"_s), okProbe(10, 1, 3.4, 90) });

        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), F + 3);
        QCOMPARE(storageNames(model), (QStringList { u"blob"_s, u"nas"_s }));
        QCOMPARE(headers(model), (QStringList { u"web-1"_s, u"web-2"_s, u"web-3"_s }));
        QCOMPARE(model.headerData(F + 1, Qt::Horizontal, StorageModel::ServerIdRole).toLongLong(), 2);
        QCOMPARE(
            model.headerData(F + 1, Qt::Horizontal, Qt::ToolTipRole).toString(), u"web-2, zone-a, web-2.farm.test"_s);

        // Fixed columns
        QCOMPARE(model.index(1, StorageModel::Kind).data().toString(), u"network-share"_s);
        QCOMPARE(model.index(1, StorageModel::Status).data().toString(), u"partial"_s);
        QCOMPARE(model.index(1, StorageModel::Status).data(Qt::ToolTipRole).toString(),
            u"failing on web-2\nprobed by 2 instances"_s);
        QCOMPARE(model.index(1, StorageModel::LatencyP95).data().toString(), u"12 ms"_s);
        QCOMPARE(model.index(0, StorageModel::LatencyP95).data().toString(), u"\u2014"_s);
        QCOMPARE(model.index(0, StorageModel::Name).data(Qt::ToolTipRole).toString(), u"https://blob.example"_s);
        for (int column = 0; column < model.columnCount(); ++column) {
            QCOMPARE(model.index(1, column).data(StorageModel::StorageIdRole).toLongLong(), 20);
            QCOMPARE(model.index(1, column).data(StorageModel::StatusRole).toString(), u"partial"_s);
        }

        // ok
        const QModelIndex ok = model.index(1, F + 0);
        QCOMPARE(ok.data().toString(), u"ok 12 ms"_s);
        QCOMPARE(ok.data(StorageModel::ProbeOkRole).toBool(), true);
        QCOMPARE(ok.data(StorageModel::ProbeLatencyRole).toDouble(), 12.0);
        QVERIFY(!ok.data(StorageModel::ProbeErrorRole).isValid());
        QCOMPARE(ok.data(StorageModel::ProbeAgeRole).toDouble(), 4.0);
        QCOMPARE(ok.data(StorageModel::ServerIdRole).toLongLong(), 1);
        QCOMPARE(ok.data(Qt::ToolTipRole).toString(), u"ok in 12 ms\n2.00 GiB free\nprobed 4.0 s ago"_s);
        QCOMPARE(model.index(0, F + 0).data().toString(), u"ok 3.4 ms"_s);
        QCOMPARE(model.index(0, F + 0).data(Qt::ToolTipRole).toString(),
            u"ok in 3.4 ms\n2.00 GiB free\nprobed 1 min 30 s ago"_s);

        // failed
        const QModelIndex failed = model.index(1, F + 1);
        QCOMPARE(failed.data().toString(), u"failed"_s);
        QCOMPARE(failed.data(StorageModel::ProbeOkRole).toBool(), false);
        QVERIFY(failed.data(StorageModel::ProbeOkRole).isValid());
        QVERIFY(!failed.data(StorageModel::ProbeLatencyRole).isValid());
        QCOMPARE(failed.data(StorageModel::ProbeErrorRole).toString(), u"mount lost"_s);
        QCOMPARE(failed.data(Qt::ToolTipRole).toString(), u"failed: mount lost\nprobed 4.0 s ago"_s);

        // never probed
        const QModelIndex none = model.index(1, F + 2);
        QCOMPARE(none.data().toString(), u"\u2014"_s);
        QVERIFY(!none.data(StorageModel::ProbeOkRole).isValid());
        QVERIFY(!none.data(StorageModel::ProbeAgeRole).isValid());
        QCOMPARE(none.data(StorageModel::ServerIdRole).toLongLong(), 3);

        QCOMPARE(model.rowOfStorage(20), 1);
        QCOMPARE(model.storageIdAt(0), 10);
        QCOMPARE(model.columnOfServer(3), F + 2);
        QCOMPARE(model.serverIdAtColumn(F + 1), 2);
        QCOMPARE(model.serverIdAtColumn(StorageModel::Status), 0);
    }

    void latestProbeWins()
    {
        StorageModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setState(snapshot({ 1 }, { storage(10) }), { okProbe(10, 1, 5.0, 10), failedProbe(10, 1, u"x"_s, 2) });
        QCOMPARE(model.index(0, F).data().toString(), u"failed"_s);
    }

    void instanceColumns_data()
    {
        QTest::addColumn<QList<qint64>>("before");
        QTest::addColumn<QList<qint64>>("after");
        QTest::addColumn<Ranges>("removed");
        QTest::addColumn<Ranges>("inserted");

        QTest::addRow("join first") << QList<qint64> { 2, 3 } << QList<qint64> { 1, 2, 3 } << Ranges {}
                                    << Ranges { { F, F } };
        QTest::addRow("join middle") << QList<qint64> { 1, 3 } << QList<qint64> { 1, 2, 3 } << Ranges {}
                                     << Ranges { { F + 1, F + 1 } };
        QTest::addRow("join last") << QList<qint64> { 1, 2 } << QList<qint64> { 1, 2, 3 } << Ranges {}
                                   << Ranges { { F + 2, F + 2 } };
        QTest::addRow("leave first") << QList<qint64> { 1, 2, 3 } << QList<qint64> { 2, 3 } << Ranges { { F, F } }
                                     << Ranges {};
        QTest::addRow("leave middle") << QList<qint64> { 1, 2, 3 } << QList<qint64> { 1, 3 }
                                      << Ranges { { F + 1, F + 1 } } << Ranges {};
        QTest::addRow("leave last") << QList<qint64> { 1, 2, 3 } << QList<qint64> { 1, 2 }
                                    << Ranges { { F + 2, F + 2 } } << Ranges {};
        QTest::addRow("swap") << QList<qint64> { 1, 2, 4, 7 } << QList<qint64> { 1, 3, 5, 6, 7 }
                              << Ranges { { F + 1, F + 2 } } << Ranges { { F + 1, F + 3 } };
        QTest::addRow("all leave") << QList<qint64> { 1, 2 } << QList<qint64> {} << Ranges { { F, F + 1 } }
                                   << Ranges {};
    }

    void instanceColumns()
    {
        QFETCH(QList<qint64>, before);
        QFETCH(QList<qint64>, after);
        QFETCH(Ranges, removed);
        QFETCH(Ranges, inserted);

        StorageModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QList<StorageFigures> storages { storage(10), storage(20) };
        model.setState(snapshot(before, storages), allOk({ 10, 20 }, before));

        QSignalSpy removedSpy(&model, &QAbstractItemModel::columnsRemoved);
        QSignalSpy insertedSpy(&model, &QAbstractItemModel::columnsInserted);
        QSignalSpy rowsRemoved(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy rowsInserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setState(snapshot(after, storages), allOk({ 10, 20 }, after));

        QCOMPARE(ranges(removedSpy), removed);
        QCOMPARE(ranges(insertedSpy), inserted);
        QCOMPARE(rowsRemoved.count() + rowsInserted.count() + reset.count() + changed.count(), 0);
        QStringList expected;
        for (qint64 id : after)
            expected.append(u"web-%1"_s.arg(id));
        QCOMPARE(headers(model), expected);
        for (int row = 0; row < model.rowCount(); ++row) {
            for (int column = F; column < model.columnCount(); ++column)
                QCOMPARE(model.index(row, column).data().toString(), u"ok 12 ms"_s);
        }
        for (int k = 0; k < after.size(); ++k)
            QCOMPARE(model.columnOfServer(after[k]), F + k);
    }

    void storageRows()
    {
        StorageModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setState(snapshot({ 1, 2 }, { storage(10), storage(20), storage(30) }), allOk({ 10, 20, 30 }, { 1, 2 }));

        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.setState(snapshot({ 1, 2 }, { storage(20) }), allOk({ 20 }, { 1, 2 }));
        QCOMPARE(ranges(removed), (Ranges { { 2, 2 }, { 0, 0 } }));
        QCOMPARE(storageNames(model), QStringList { u"nas"_s });

        removed.clear();
        model.setState(snapshot({ 1, 2 }, { storage(30), storage(10), storage(20) }), allOk({ 10, 20, 30 }, { 1, 2 }));
        QCOMPARE(ranges(inserted), (Ranges { { 0, 0 }, { 2, 2 } }));
        QCOMPARE(removed.count(), 0);
        QCOMPARE(storageNames(model), (QStringList { u"blob"_s, u"nas"_s, u"s3"_s }));
        QCOMPARE(model.index(2, F + 1).data().toString(), u"ok 12 ms"_s);
        QCOMPARE(model.rowOfStorage(30), 2);
    }

    void oneProbeChanged()
    {
        StorageModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<ProbeRow> probes = allOk({ 10, 20 }, { 1, 2, 3 });
        model.setState(snapshot({ 1, 2, 3 }, { storage(10), storage(20) }), probes);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        probes[4] = failedProbe(20, 2, u"denied"_s); // same probed_at, so no age change elsewhere
        model.setState(snapshot({ 1, 2, 3 }, { storage(10), storage(20) }), probes);
        const QList<Change> all = changes(changed);
        QCOMPARE(all.size(), 1);
        QCOMPARE(all[0].topLeft, model.index(1, F + 1));
        QCOMPARE(all[0].bottomRight, model.index(1, F + 1));
        QVERIFY(all[0].roles.contains(StorageModel::ProbeOkRole));
        QVERIFY(all[0].roles.contains(StorageModel::ProbeErrorRole));
        QVERIFY(all[0].roles.contains(Qt::DisplayRole));
        QVERIFY(!all[0].roles.contains(StorageModel::ProbeAgeRole));
        QCOMPARE(model.index(1, F + 1).data().toString(), u"failed"_s);
    }

    void timePassingIsOneSignal()
    {
        StorageModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QList<ProbeRow> probes = allOk({ 10, 20 }, { 1, 2, 3 });
        model.setState(snapshot({ 1, 2, 3 }, { storage(10), storage(20) }), probes);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setState(snapshot({ 1, 2, 3 }, { storage(10), storage(20) }, 1), probes);
        const QList<Change> all = changes(changed);
        QCOMPARE(all.size(), 1);
        QCOMPARE(all[0].topLeft, model.index(0, F));
        QCOMPARE(all[0].bottomRight, model.index(1, F + 2));
        QCOMPARE(all[0].roles, (QList<int> { Qt::ToolTipRole, StorageModel::ProbeAgeRole }));
        QCOMPARE(model.index(0, F).data(StorageModel::ProbeAgeRole).toDouble(), 5.0);
    }

    void storageStatusTouchesTheRow()
    {
        StorageModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QList<ProbeRow> probes = allOk({ 10, 20 }, { 1, 2 });
        model.setState(snapshot({ 1, 2 }, { storage(10), storage(20) }), probes);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setState(snapshot({ 1, 2 }, { storage(10), storage(20, StorageStatus::Failing) }), probes);
        const QList<Change> all = changes(changed);
        QCOMPARE(all.size(), 1);
        QCOMPARE(all[0].topLeft, model.index(1, 0));
        QCOMPARE(all[0].bottomRight, model.index(1, F + 1));
        QVERIFY(all[0].roles.contains(StorageModel::StatusRole));
    }

    void joinAndChangeTogether()
    {
        StorageModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setState(snapshot({ 1, 3 }, { storage(10), storage(30) }), allOk({ 10, 30 }, { 1, 3 }));

        QList<ProbeRow> probes = allOk({ 10, 20, 30 }, { 1, 2 });
        probes.append(failedProbe(10, 3));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setState(snapshot({ 1, 2, 3 }, { storage(10), storage(20), storage(30) }), probes);
        QCOMPARE(headers(model), (QStringList { u"web-1"_s, u"web-2"_s, u"web-3"_s }));
        QCOMPARE(storageNames(model), (QStringList { u"blob"_s, u"nas"_s, u"s3"_s }));
        QCOMPARE(model.index(0, F + 2).data().toString(), u"failed"_s);
        QCOMPARE(model.index(2, F + 2).data().toString(), u"\u2014"_s);
        QCOMPARE(model.index(1, F + 1).data().toString(), u"ok 12 ms"_s);
        // The two cells that changed in place (blob/web-3, s3/web-3), at their new indices.
        QList<std::pair<int, int>> cells;
        for (const Change& change : changes(changed)) {
            for (int row = change.topLeft.row(); row <= change.bottomRight.row(); ++row) {
                for (int column = change.topLeft.column(); column <= change.bottomRight.column(); ++column)
                    cells.append({ row, column });
            }
        }
        QCOMPARE(cells, (QList<std::pair<int, int>> { { 0, F + 2 }, { 2, F + 2 } }));
    }

    void clearResets()
    {
        StorageModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setState(snapshot({ 1, 2 }, { storage(10) }), allOk({ 10 }, { 1, 2 }));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.clear();
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), F);
        QCOMPARE(model.columnOfServer(1), -1);
    }
};

QTEST_GUILESS_MAIN(TestStorageModel)
#include "tst_storagemodel.moc"
