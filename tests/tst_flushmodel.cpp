#include "farmbuilder.h"
#include "flushmodel.h"
#include "flushtargetmodel.h"
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

using State = FlushTargetProgress::State;

FlushTargetProgress target(
    qint64 serverId, State state, std::optional<double> ms = std::nullopt, const QString& error = {})
{
    FlushTargetProgress t;
    t.serverId = serverId;
    t.serverName = u"web-%1"_s.arg(serverId);
    t.state = state;
    if (state == State::Pending)
        t.pendingForS = ms;
    else
        t.ackMs = ms;
    t.error = error;
    return t;
}

FlushProgress flush(qint64 id, const QList<FlushTargetProgress>& targets = {})
{
    return Test::flushProgress(id, T0.addSecs(id), targets);
}

QList<qint64> ids(const FlushModel& model)
{
    QList<qint64> result;
    for (int row = 0; row < model.rowCount(); ++row)
        result.append(model.index(row, 0).data(FlushModel::FlushIdRole).toLongLong());
    return result;
}

// The cells named by dataChanged signals, as (row, column) pairs.
QList<std::pair<int, int>> changedCells(const QSignalSpy& spy)
{
    QList<std::pair<int, int>> cells;
    for (const QList<QVariant>& arguments : spy) {
        const auto topLeft = arguments.at(0).value<QModelIndex>();
        const auto bottomRight = arguments.at(1).value<QModelIndex>();
        for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
            for (int column = topLeft.column(); column <= bottomRight.column(); ++column)
                cells.append({ row, column });
        }
    }
    return cells;
}

} // namespace

Q_DECLARE_METATYPE(FlushProgress)

class TestFlushModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void state_data()
    {
        QTest::addColumn<FlushProgress>("progress");
        QTest::addColumn<QString>("state");
        QTest::addRow("all acknowledged") << flush(1, { target(1, State::Acknowledged, 300.0) }) << u"done"_s;
        QTest::addRow("no targets") << flush(1) << u"done"_s;
        QTest::addRow("pending") << flush(1, { target(1, State::Acknowledged, 300.0), target(2, State::Pending, 3.0) })
                                 << u"in progress"_s;
        QTest::addRow("failed and pending")
            << flush(1, { target(1, State::Failed, 300.0), target(2, State::Pending, 3.0) }) << u"in progress"_s;
        QTest::addRow("failed") << flush(1, { target(1, State::Failed, 300.0), target(2, State::Acknowledged, 3.0) })
                                << u"failed targets"_s;
    }

    void state()
    {
        QFETCH(FlushProgress, progress);
        QFETCH(QString, state);
        QCOMPARE(FlushModel::stateName(progress), state);
        FlushModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFlushes({ progress });
        QCOMPARE(model.index(0, FlushModel::State).data().toString(), state);
        QCOMPARE(model.index(0, FlushModel::Id).data(FlushModel::StateRole).toString(), state);
    }

    void display()
    {
        FlushModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        FlushProgress keys = flush(7,
            { target(1, State::Acknowledged, 1250.0), target(2, State::Failed, 80.0, u"boom"_s),
                target(3, State::Pending, 2.0) });
        keys.request.scope = u"keys"_s;
        keys.request.cacheKeys = QStringList { u"product:1"_s, u"product:2"_s };
        FlushProgress none = flush(3);
        model.setFlushes({ none, keys });

        QCOMPARE(ids(model), (QList<qint64> { 7, 3 }));
        const auto cell = [&model](int column) { return model.index(0, column).data().toString(); };
        QCOMPARE(cell(FlushModel::Id), u"7"_s);
        QCOMPARE(cell(FlushModel::RequestedAt), T0.addSecs(7).toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s));
        QCOMPARE(
            model.index(0, FlushModel::RequestedAt).data(Qt::ToolTipRole).toString(), u"2024-01-01T12:00:07.000Z"_s);
        QCOMPARE(cell(FlushModel::RequestedBy), u"alice"_s);
        QCOMPARE(
            model.index(0, FlushModel::RequestedBy).data(Qt::ToolTipRole).toString(), u"from 10.0.0.7 with paddock"_s);
        QCOMPARE(cell(FlushModel::Scope), u"keys (2)"_s);
        QCOMPARE(model.index(0, FlushModel::Scope).data(Qt::ToolTipRole).toString(), u"product:1\nproduct:2"_s);
        QCOMPARE(cell(FlushModel::Reason), u"stale prices"_s);
        QCOMPARE(cell(FlushModel::Targets), u"3"_s);
        QCOMPARE(cell(FlushModel::Acknowledged), u"1"_s);
        QCOMPARE(cell(FlushModel::Failed), u"1"_s);
        QCOMPARE(cell(FlushModel::Pending), u"1"_s);
        QCOMPARE(cell(FlushModel::SlowestAck), u"1,250 ms"_s);
        QCOMPARE(cell(FlushModel::State), u"in progress"_s);
        QCOMPARE(model.index(0, FlushModel::State).data(Qt::ToolTipRole).toString(),
            u"1 of 3 acknowledged, 1 failed, 1 pending"_s);
        QCOMPARE(model.index(1, FlushModel::SlowestAck).data().toString(), u"\u2014"_s);
        QVERIFY(!model.index(1, FlushModel::SlowestAck).data(FlushModel::SortRole).isValid());
        QCOMPARE(model.index(1, FlushModel::Scope).data().toString(), u"farm"_s);
        QCOMPARE(model.index(1, FlushModel::Id).data(FlushModel::DoneRole).toBool(), true);
        QCOMPARE(model.rowOfFlush(3), 1);
        QCOMPARE(model.flushIdAt(0), 7);
        QCOMPARE(model.progressAt(0).failed, 1);
    }

    void newFlushOnTop()
    {
        FlushModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFlushes({ flush(2), flush(1) });
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setFlushes({ flush(3), flush(2), flush(1) });
        QCOMPARE(ranges(inserted), (Ranges { { 0, 0 } }));
        QCOMPARE(removed.count() + changed.count(), 0);
        QCOMPARE(ids(model), (QList<qint64> { 3, 2, 1 }));
    }

    void oldFlushLeaves_data()
    {
        QTest::addColumn<QList<qint64>>("after");
        QTest::addColumn<Ranges>("removed");
        QTest::addRow("newest") << QList<qint64> { 3, 2 } << Ranges { { 0, 0 } };
        QTest::addRow("middle") << QList<qint64> { 4, 2 } << Ranges { { 1, 1 } };
        QTest::addRow("oldest") << QList<qint64> { 4, 3 } << Ranges { { 2, 2 } };
        QTest::addRow("two oldest") << QList<qint64> { 4 } << Ranges { { 1, 2 } };
    }

    void oldFlushLeaves()
    {
        QFETCH(QList<qint64>, after);
        QFETCH(Ranges, removed);
        FlushModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFlushes({ flush(4), flush(3), flush(2) });
        QSignalSpy removedSpy(&model, &QAbstractItemModel::rowsRemoved);
        QList<FlushProgress> next;
        for (qint64 id : after)
            next.append(flush(id));
        model.setFlushes(next);
        QCOMPARE(ranges(removedSpy), removed);
        QCOMPARE(ids(model), after);
    }

    void progressChangesCountsOnly()
    {
        FlushModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const FlushProgress before = flush(5,
            { target(1, State::Acknowledged, 300.0), target(2, State::Pending, 1.0), target(3, State::Pending, 1.0) });
        model.setFlushes({ flush(6), before });

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        const FlushProgress after = flush(5,
            { target(1, State::Acknowledged, 300.0), target(2, State::Acknowledged, 900.0),
                target(3, State::Pending, 2.0) });
        model.setFlushes({ flush(6), after });
        QCOMPARE(changedCells(changed),
            (QList<std::pair<int, int>> { { 1, FlushModel::Acknowledged }, { 1, FlushModel::Pending },
                { 1, FlushModel::SlowestAck }, { 1, FlushModel::State } }));
        QCOMPARE(changed.count(), 2); // Acknowledged, then Pending..State (its tooltip counts)

        // The last acknowledgement changes the state: the whole row (StateRole, DoneRole).
        changed.clear();
        model.setFlushes({ flush(6),
            flush(5,
                { target(1, State::Acknowledged, 300.0), target(2, State::Acknowledged, 900.0),
                    target(3, State::Acknowledged, 950.0) }) });
        QCOMPARE(changed.count(), 1);
        const QList<QVariant> arguments = changed.first();
        QCOMPARE(arguments.at(0).value<QModelIndex>(), model.index(1, 0));
        QCOMPARE(arguments.at(1).value<QModelIndex>(), model.index(1, FlushModel::ColumnCount - 1));
        const auto roles = arguments.at(2).value<QList<int>>();
        QVERIFY(roles.contains(FlushModel::StateRole));
        QVERIFY(roles.contains(FlushModel::DoneRole));
        QCOMPARE(model.index(1, FlushModel::State).data().toString(), u"done"_s);
    }

    void targets()
    {
        FlushTargetModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.flushId(), 0);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setProgress(flush(9,
            { target(3, State::Pending, 12.0), target(1, State::Acknowledged, 350.0),
                target(2, State::Failed, 80.0, u"cache locked"_s) }));
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.flushId(), 9);
        QCOMPARE(model.progress().pending, 1);
        QCOMPARE(model.rowCount(), 3);

        const auto text = [&model](int row, int column) { return model.index(row, column).data().toString(); };
        QCOMPARE(text(0, FlushTargetModel::Instance), u"web-1"_s);
        QCOMPARE(text(0, FlushTargetModel::State), u"acknowledged"_s);
        QCOMPARE(text(0, FlushTargetModel::Elapsed), u"350 ms"_s);
        QCOMPARE(text(0, FlushTargetModel::Error), QString());
        QCOMPARE(text(1, FlushTargetModel::State), u"failed"_s);
        QCOMPARE(text(1, FlushTargetModel::Error), u"cache locked"_s);
        QCOMPARE(text(2, FlushTargetModel::State), u"pending"_s);
        QCOMPARE(text(2, FlushTargetModel::Elapsed), u"waiting 12.0 s"_s);
        QCOMPARE(model.index(2, FlushTargetModel::Elapsed).data(FlushTargetModel::SortRole).toDouble(), 12000.0);
        QCOMPARE(model.index(1, 0).data(FlushTargetModel::ServerIdRole).toLongLong(), 2);
        QCOMPARE(model.index(1, FlushTargetModel::Elapsed).data(FlushTargetModel::StateRole).toString(), u"failed"_s);
        QCOMPARE(model.rowOfServer(3), 2);

        // The same flush: merged; web-3 acknowledges.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        reset.clear();
        model.setProgress(flush(9,
            { target(1, State::Acknowledged, 350.0), target(2, State::Failed, 80.0, u"cache locked"_s),
                target(3, State::Acknowledged, 12500.0) }));
        QCOMPARE(reset.count() + inserted.count() + removed.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).value<QModelIndex>(), model.index(2, 0));
        QCOMPARE(changed.first().at(1).value<QModelIndex>(), model.index(2, FlushTargetModel::ColumnCount - 1));
        QCOMPARE(text(2, FlushTargetModel::Elapsed), u"12,500 ms"_s);
        QCOMPARE(model.progress().pending, 0);

        // Only time passes for the pending target: its Elapsed cell.
        model.setProgress(flush(9, { target(1, State::Acknowledged, 350.0), target(4, State::Pending, 1.0) }));
        QCOMPARE(ranges(removed), (Ranges { { 1, 2 } }));
        QCOMPARE(ranges(inserted), (Ranges { { 1, 1 } }));
        changed.clear();
        model.setProgress(flush(9, { target(1, State::Acknowledged, 350.0), target(4, State::Pending, 2.0) }));
        QCOMPARE(changedCells(changed), (QList<std::pair<int, int>> { { 1, FlushTargetModel::Elapsed } }));

        // Another flush is another data set.
        model.setProgress(flush(10, { target(1, State::Pending, 0.5) }));
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.flushId(), 10);
        QCOMPARE(model.rowCount(), 1);

        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.flushId(), 0);
    }
};

QTEST_GUILESS_MAIN(TestFlushModel)
#include "tst_flushmodel.moc"
