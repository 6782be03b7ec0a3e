#include "farmbuilder.h"
#include "flushprogresspanel.h"
#include "flushtargetmodel.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

using State = FlushTargetProgress::State;

const QDateTime RequestedAt(QDate(2026, 11, 22), QTime(10, 0), Qt::UTC);

FlushTargetProgress target(
    qint64 id, State state, std::optional<double> value = std::nullopt, const QString& error = {})
{
    FlushTargetProgress t;
    t.serverId = id;
    t.serverName = u"web-%1"_s.arg(id, 2, 10, QLatin1Char('0'));
    t.state = state;
    if (state == State::Pending)
        t.pendingForS = value;
    else
        t.ackMs = value;
    t.error = error;
    return t;
}

FarmSnapshot snapshotWith(qint64 flushId, const QList<FlushTargetProgress>& targets)
{
    FlushProgress progress = Test::flushProgress(flushId, RequestedAt, targets);
    progress.request.clientAddr.clear();
    progress.request.applicationName.clear();
    FarmSnapshot snapshot;
    snapshot.generatedAt = RequestedAt.addSecs(3);
    FlushProgress other; // an older flush in the same snapshot must not leak into the panel
    other.request.id = flushId - 1;
    other.request.requestedBy = u"bob"_s;
    other.perTarget = { target(99, State::Failed, 5.0, u"boom"_s) };
    other.targets = 1;
    other.failed = 1;
    snapshot.flushes = { progress, other };
    return snapshot;
}

// The first six targets of flush 12: 4 acknowledged, 1 failed, 1 pending.
QList<FlushTargetProgress> midway()
{
    return { target(1, State::Acknowledged, 12.0), target(2, State::Acknowledged, 1500.0),
        target(3, State::Failed, 40.0, u"cache locked"_s), target(4, State::Pending, 3.0),
        target(5, State::Acknowledged, 8.5), target(6, State::Acknowledged, 300.0) };
}

// Rows as the table shows them: instance, state, displayed time, error.
QStringList rowText(const FlushProgressPanel& panel, int row)
{
    const QAbstractItemModel* model = panel.view()->model();
    QStringList cells;
    for (int column = 0; column < model->columnCount(); ++column) {
        const QModelIndex index = model->index(row, column);
        cells.append(column == FlushTargetModel::Elapsed ? panel.elapsedText(index) : index.data().toString());
    }
    return cells;
}

} // namespace

class TestFlushProgressPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void countsAndStatesFromASnapshot();
    void finishedOnceWhenTheLastPendingTargetAnswers();
    void waitingForTheFirstReport();
    void flushWithoutTargetsIsFinishedAtOnce();
};

void TestFlushProgressPanel::countsAndStatesFromASnapshot()
{
    FlushProgressPanel panel;
    QAbstractItemModelTester tester(panel.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.setFlushId(12);
    panel.setSnapshot(snapshotWith(12, midway()));
    panel.resize(700, 400);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));

    QCOMPARE(panel.headerText(), u"Flush #12 by alice, 4 of 6 acknowledged, 1 failed, 1 pending, slowest 1.5 s"_s);
    QCOMPARE(panel.findChild<QLabel*>(u"header"_s)->text(), panel.headerText());
    auto* bar = panel.findChild<QProgressBar*>(u"progress"_s);
    QCOMPARE(bar->maximum(), 6);
    QCOMPARE(bar->value(), 5);

    // Failed first, then pending, then acknowledged (by name within a state).
    QCOMPARE(panel.view()->model()->rowCount(), 6);
    QCOMPARE(rowText(panel, 0), QStringList({ u"web-03"_s, u"failed"_s, u"40 ms"_s, u"cache locked"_s }));
    QCOMPARE(rowText(panel, 1).mid(0, 2), QStringList({ u"web-04"_s, u"pending"_s }));
    QVERIFY2(rowText(panel, 1).at(2).startsWith(u"waiting "_s), qPrintable(rowText(panel, 1).at(2)));
    QCOMPARE(rowText(panel, 2), QStringList({ u"web-01"_s, u"acknowledged"_s, u"12 ms"_s, QString() }));
    QCOMPARE(rowText(panel, 3).mid(0, 3), QStringList({ u"web-02"_s, u"acknowledged"_s, u"1,500 ms"_s }));

    // The pending target's time keeps counting between snapshots: at least 3 s, then more.
    const QModelIndex pendingTime = panel.view()->model()->index(1, FlushTargetModel::Elapsed);
    const QString before = panel.elapsedText(pendingTime);
    QVERIFY2(before == u"waiting 3 s"_s || before == u"waiting 4 s"_s, qPrintable(before));
    QTRY_VERIFY_WITH_TIMEOUT(panel.elapsedText(pendingTime) != before, 3000);
}

void TestFlushProgressPanel::finishedOnceWhenTheLastPendingTargetAnswers()
{
    FlushProgressPanel panel;
    QAbstractItemModelTester tester(panel.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy finished(&panel, &FlushProgressPanel::finished);
    panel.setFlushId(12);
    panel.setSnapshot(snapshotWith(12, midway()));
    QCOMPARE(finished.count(), 0);

    QList<FlushTargetProgress> targets = midway();
    targets[3] = target(4, State::Acknowledged, 4100.0);
    panel.setSnapshot(snapshotWith(12, targets));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toLongLong(), 12);
    QCOMPARE(panel.headerText(), u"Flush #12 by alice, 5 of 6 acknowledged, 1 failed, 0 pending, slowest 4.1 s"_s);
    QCOMPARE(panel.findChild<QProgressBar*>(u"progress"_s)->value(), 6);
    // Rows that changed state sort among the others by name.
    QStringList order;
    for (int row = 0; row < panel.view()->model()->rowCount(); ++row)
        order.append(rowText(panel, row).at(0));
    QCOMPARE(order, QStringList({ u"web-03"_s, u"web-01"_s, u"web-02"_s, u"web-04"_s, u"web-05"_s, u"web-06"_s }));
    QCOMPARE(panel.view()->model()->index(0, FlushTargetModel::State).data(FlushTargetModel::StateRole).toString(),
        u"failed"_s);

    panel.setSnapshot(snapshotWith(12, targets));
    panel.setSnapshot(FarmSnapshot {}); // the flush left the recent list: the panel keeps it
    QCOMPARE(finished.count(), 1);
    QVERIFY(panel.headerText().startsWith(u"Flush #12 by alice, 5 of 6"_s));
}

void TestFlushProgressPanel::waitingForTheFirstReport()
{
    FlushProgressPanel panel;
    QSignalSpy finished(&panel, &FlushProgressPanel::finished);
    panel.setSnapshot(snapshotWith(12, midway()));
    panel.setFlushId(13); // just requested: not in any snapshot yet
    QVERIFY(!panel.hasProgress());
    QCOMPARE(panel.headerText(), u"Flush #13: waiting for its first progress report…"_s);
    QCOMPARE(panel.view()->model()->rowCount(), 0);
    FarmSnapshot both = snapshotWith(13, { target(1, State::Pending, 0.4) });
    both.flushes[1] = snapshotWith(12, midway()).flushes.constFirst();
    panel.setSnapshot(both);
    QVERIFY(panel.hasProgress());
    QCOMPARE(panel.view()->model()->rowCount(), 1);
    QCOMPARE(finished.count(), 0);

    // Following another flush starts over, from the snapshot already at hand.
    panel.setFlushId(12);
    QCOMPARE(panel.view()->model()->rowCount(), 6);
    QVERIFY(panel.headerText().startsWith(u"Flush #12 by alice, 4 of 6"_s));
}

void TestFlushProgressPanel::flushWithoutTargetsIsFinishedAtOnce()
{
    FlushProgressPanel panel;
    QSignalSpy finished(&panel, &FlushProgressPanel::finished);
    panel.setFlushId(12);
    panel.setSnapshot(snapshotWith(12, {}));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(panel.headerText(), u"Flush #12 by alice, 0 of 0 acknowledged, 0 failed, 0 pending"_s);
}

QTEST_MAIN(TestFlushProgressPanel)
#include "tst_flushprogresspanel.moc"
