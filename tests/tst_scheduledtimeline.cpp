#include "farmhistory.h"
#include "runtimeline.h"
#include "runtimelinechart.h"
#include "scheduledrunhistory.h"
#include "scheduledtimeline.h"
#include "statusstyle.h"

#include <cmath>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QtTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

// Every scenario is built around this instant (a whole second), never the real clock.
const QDateTime T0(QDate(2026, 3, 2), QTime(10, 0), Qt::UTC);
constexpr double Open = NAN; // a run not finished, a run by hand (no due slot)

QDateTime at(double seconds)
{
    return std::isnan(seconds) ? QDateTime() : T0.addMSecs(qRound64(seconds * 1000.0));
}

qint64 ms(double seconds)
{
    return at(seconds).toMSecsSinceEpoch();
}

ServerFigures server(qint64 id, const QString& name, ServerStatus status = ServerStatus::Healthy)
{
    ServerFigures figures;
    figures.server.id = id;
    figures.server.name = name;
    figures.status = status;
    return figures;
}

ScheduledFigures task(qint64 id, const QString& name, qint64 intervalS, double nextRunAt)
{
    ScheduledFigures figures;
    figures.task = ScheduledTaskRow { id, name, intervalS, true, at(nextRunAt), 3600 };
    return figures;
}

ScheduledRunRow run(
    qint64 id, qint64 taskId, qint64 serverId, double due, double started, double finished, const QString& error = {})
{
    return { id, taskId, serverId, at(due), at(started), at(finished), error, std::isnan(due) };
}

// web-1 (1) and web-2 (2), healthy, and web-3 (3), not responding; "import" (1) every 60 s and
// "sitemap" (2) every 10 s.
struct Farm {
    QHash<qint64, ScheduledRunRow> runs;
    ScheduledTimeline::Input input;

    explicit Farm(const QList<ScheduledRunRow>& list, double now = 300)
    {
        for (const ScheduledRunRow& row : list)
            runs.insert(row.id, row);
        input.runs = &runs;
        input.servers
            = { server(1, u"web-1"_s), server(2, u"web-2"_s), server(3, u"web-3"_s, ServerStatus::NotResponding) };
        input.scheduled = { task(1, u"import"_s, 60, 320), task(2, u"sitemap"_s, 10, 310) };
        input.now = at(now);
    }
    TimelinePlan plan(double from = 0, double to = 300) const
    {
        return ScheduledTimeline::plan(input, ms(from), ms(to));
    }
};

const TimelineBar* findBar(const TimelinePlan& plan, qint64 runId, QString* instance = nullptr)
{
    for (const TimelineRow& row : plan.rows) {
        for (const TimelineBar& bar : row.bars) {
            if (bar.runId != runId)
                continue;
            if (instance)
                *instance = row.name;
            return &bar;
        }
    }
    return nullptr;
}

bool near(const QColor& a, const QColor& b)
{
    return std::abs(a.red() - b.red()) <= 8 && std::abs(a.green() - b.green()) <= 8
        && std::abs(a.blue() - b.blue()) <= 8;
}

// The share of the pixels inside `rect` (a pixel in from its edges) that have the colour.
double share(const QImage& image, const QRectF& rect, const QColor& colour)
{
    const QRect inner = rect.toAlignedRect().adjusted(2, 2, -2, -2);
    int count = 0;
    int total = 0;
    for (int y = inner.top(); y <= inner.bottom(); ++y) {
        for (int x = inner.left(); x <= inner.right(); ++x) {
            ++total;
            count += near(image.pixelColor(x, y), colour) ? 1 : 0;
        }
    }
    return total > 0 ? double(count) / total : 0.0;
}

QColor colourOf(const char* status)
{
    return StatusStyle::forStatus(QString::fromLatin1(status)).colour;
}

} // namespace

// The Scheduled tab's timeline of runs: which rows and bars a set of runs makes (the plan), where
// they are drawn and how, and how it follows the charts' window.
class TestScheduledTimeline : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void plan();
    void missedSlots_data();
    void missedSlots();
    void toolTip();
    void barGeometry_data();
    void barGeometry();
    void drawnAsTheyEnded();
    void clickEmitsTheInstance();
    void runHistory();
    void pauseKeepsTheWindowLiveFollows();
    void aThousandInstances();
};

void TestScheduledTimeline::plan()
{
    const Farm farm({ run(1, 1, 1, 60, 60, 80), // import on web-1, ok
        run(2, 1, 2, 60, 61, 79), // the same slot again on web-2: a duplicate
        run(3, 2, 1, 70, 70, 71, u"disk full"_s), // sitemap on web-1, failed, beside run 1
        run(4, 1, 3, 120, 120, Open), // web-3 stopped answering: abandoned
        run(5, 2, 2, 290, 290, Open), // running
        run(6, 2, 2, Open, -50, -40), // before the window: not drawn
        run(7, 2, 1, 150, 150, 151) });
    const TimelinePlan plan = farm.plan();
    QCOMPARE(plan.rows.size(), 3);
    QCOMPARE(plan.rows[0].name, u"web-1"_s);
    QCOMPARE(plan.rows[2].name, u"web-3"_s);
    QVERIFY(!findBar(plan, 6));
    QCOMPARE(findBar(plan, 1)->outcome, TimelineBar::Outcome::Ok);
    QVERIFY(!findBar(plan, 1)->duplicate);
    QVERIFY(findBar(plan, 2)->duplicate);
    QCOMPARE(findBar(plan, 3)->outcome, TimelineBar::Outcome::Failed);
    // Runs 1 and 3 overlap on web-1: two lanes; run 7 comes after both, back on the first.
    QCOMPARE(plan.rows[0].lanes, 2);
    QCOMPARE(findBar(plan, 3)->lane, 1);
    QCOMPARE(findBar(plan, 7)->lane, 0);
    const TimelineBar* abandoned = findBar(plan, 4);
    QCOMPARE(abandoned->outcome, TimelineBar::Outcome::Abandoned);
    QCOMPARE(abandoned->endMs, ms(300)); // reaches now
    QCOMPARE(abandoned->abandonedBecause, u"web-3 is not responding"_s);
    QCOMPARE(findBar(plan, 5)->outcome, TimelineBar::Outcome::Running);
    QCOMPARE(findBar(plan, 5)->endMs, ms(300));

    // A window that ends before run 4 started leaves web-3 without a row.
    QCOMPARE(farm.plan(0, 100).rows.size(), 2);
}

void TestScheduledTimeline::missedSlots_data()
{
    QTest::addColumn<QList<double>>("dues");
    QTest::addColumn<double>("nextRunAt");
    QTest::addColumn<double>("completeFrom");
    QTest::addColumn<QList<double>>("expected");
    // Every 10 s. Slots 10 and 20 skipped between the runs due at 0 and 30.
    QTest::addRow("between two runs") << QList<double> { 0, 30 } << 40.0 << -1000.0 << QList<double> { 10, 20 };
    QTest::addRow("none skipped") << QList<double> { 0, 10, 20 } << 30.0 << -1000.0 << QList<double> {};
    // The claim at 30 moved next_run_at past now (70): 40, 50 and 60 were skipped.
    QTest::addRow("before next_run_at") << QList<double> { 30 } << 70.0 << -1000.0 << QList<double> { 40, 50, 60 };
    // The engine read nothing before 15: slot 10 may have run unseen.
    QTest::addRow("not before complete") << QList<double> { 0, 30 } << 40.0 << 15.0 << QList<double> { 20 };
    // The window is [0, 300]: a gap of a day is not walked through, only its slots in the window.
    QTest::addRow("a long gap") << QList<double> { -86400, 86400 } << 86410.0 << -1e6 << QList<double> { 0, 10, 20 };
}

void TestScheduledTimeline::missedSlots()
{
    QFETCH(QList<double>, dues);
    QFETCH(double, nextRunAt);
    QFETCH(double, completeFrom);
    QFETCH(QList<double>, expected);
    QList<QDateTime> dueAts;
    for (double due : dues)
        dueAts << at(due);
    const ScheduledTaskRow sitemap { 2, u"sitemap"_s, 10, true, at(nextRunAt), 60 };
    const qint64 to = QString::fromLatin1(QTest::currentDataTag()) == "a long gap"_L1 ? ms(20) : ms(300);
    QList<qint64> expectedMs;
    for (double slot : expected)
        expectedMs << ms(slot);
    QCOMPARE(ScheduledTimeline::missedSlots(sitemap, dueAts, ms(completeFrom), ms(0), to), expectedMs);
}

void TestScheduledTimeline::toolTip()
{
    Farm farm({ run(1, 1, 1, 60, 61, 63.5, u"products.csv line 3: bad price"_s), run(2, 2, 1, 0, 0, 1),
        run(3, 2, 2, 30, 30, 31) });
    farm.input.completeFromMs = ms(-60);
    farm.input.scheduled[0].task.nextRunAt = at(120); // import: no slot missed
    const TimelinePlan plan = farm.plan();
    QString instance;
    const TimelineBar* bar = findBar(plan, 1, &instance);
    const QString text = ScheduledTimeline::toolTip(*bar, instance);
    QVERIFY2(text.startsWith(u"import on web-1 (run 1)\nDue "_s), qPrintable(text));
    QVERIFY2(text.contains(u"Finished "_s) && text.contains(u", after 2.5 s\nOutcome: failed\n"_s), qPrintable(text));
    QVERIFY2(text.endsWith(u"Error: products.csv line 3: bad price"_s), qPrintable(text));
    // sitemap ran at 0 and 30: 10 and 20 were missed; then 40 .. 300 before next_run_at 310.
    QCOMPARE(plan.missed.size(), 29);
    QCOMPARE(plan.missed.first().slotMs, ms(10));
    QVERIFY(ScheduledTimeline::toolTip(plan.missed.first()).startsWith(u"sitemap: the slot due "_s));
}

void TestScheduledTimeline::barGeometry_data()
{
    QTest::addColumn<double>("from");
    QTest::addColumn<double>("to");
    QTest::addColumn<double>("start");
    QTest::addColumn<double>("finish");
    QTest::addColumn<double>("expectedLeft"); // seconds into the window
    QTest::addColumn<double>("expectedRight");
    QTest::addRow("inside") << 0.0 << 300.0 << 30.0 << 90.0 << 30.0 << 90.0;
    QTest::addRow("another window") << 60.0 << 960.0 << 510.0 << 600.0 << 450.0 << 540.0;
    QTest::addRow("begun before the window") << 0.0 << 300.0 << -20.0 << 30.0 << 0.0 << 30.0;
}

void TestScheduledTimeline::barGeometry()
{
    QFETCH(double, from);
    QFETCH(double, to);
    QFETCH(double, start);
    QFETCH(double, finish);
    QFETCH(double, expectedLeft);
    QFETCH(double, expectedRight);
    const Farm farm({ run(1, 1, 1, start, start, finish) }, to);
    RunTimeline timeline;
    timeline.resize(800, 200);
    timeline.setPlan(farm.plan(from, to));
    const QRect plot = timeline.plotRect();
    QVERIFY(plot.width() > 500);
    const double pxPerS = plot.width() / (to - from);
    const QRectF bar = timeline.barRect(1);
    QVERIFY(!bar.isNull());
    QVERIFY2(
        std::abs(bar.left() - (plot.left() + expectedLeft * pxPerS)) < 0.5, qPrintable(QString::number(bar.left())));
    QVERIFY2(
        std::abs(bar.right() - (plot.left() + expectedRight * pxPerS)) < 0.5, qPrintable(QString::number(bar.right())));
    QVERIFY(bar.top() >= plot.top() && bar.bottom() <= plot.bottom());
}

void TestScheduledTimeline::drawnAsTheyEnded()
{
    Farm farm({ run(1, 1, 1, 20, 20, 80), run(2, 1, 2, 20, 21, 80), // a slot run twice
        run(3, 1, 1, 140, 140, 200, u"timeout"_s), // failed
        run(4, 1, 3, 100, 100, Open), // abandoned: web-3 is not responding
        run(5, 2, 1, 210, 210, 211), run(6, 2, 1, 250, 250, 251) }); // sitemap: 220 .. 240 missed
    farm.input.scheduled[0].task.nextRunAt = at(200);
    farm.input.scheduled[1].task.nextRunAt = at(260);
    RunTimeline timeline;
    timeline.resize(800, 240);
    timeline.setPlan(farm.plan());
    const QImage image = timeline.grab().toImage();

    // Failed: solid in the failing colour. Abandoned: hatched, the failing colour on a lighter tint.
    QVERIFY2(share(image, timeline.barRect(3), colourOf("failing")) > 0.7,
        qPrintable(QString::number(share(image, timeline.barRect(3), colourOf("failing")))));
    const double hatched = share(image, timeline.barRect(4), colourOf("failing"));
    QVERIFY2(hatched > 0.05 && hatched < 0.6, qPrintable(QString::number(hatched)));
    QCOMPARE(share(image, timeline.barRect(1), colourOf("failing")), 0.0);
    // The duplicate outlined in the degraded colour; its first run not.
    const QRectF duplicate = timeline.barRect(2);
    QVERIFY(near(
        image.pixelColor(QPointF(duplicate.left() + 1.5, duplicate.center().y()).toPoint()), colourOf("degraded")));
    const QRectF first = timeline.barRect(1);
    QVERIFY(!near(image.pixelColor(QPointF(first.left() + 1.5, first.center().y()).toPoint()), colourOf("degraded")));
    // Missed slots: a mark on the top lane at each slot's time.
    QCOMPARE(timeline.plan().missed.size(), 3);
    const QRectF missed = timeline.missedRect(0);
    QVERIFY(std::abs(missed.center().x() - timeline.xOf(ms(220))) < 1.0);
    QVERIFY(near(image.pixelColor(QPointF(missed.center().x(), missed.top() + 3).toPoint()), colourOf("degraded")));
    QVERIFY(missed.bottom() <= timeline.plotRect().top());
}

void TestScheduledTimeline::clickEmitsTheInstance()
{
    const Farm farm({ run(1, 1, 1, 20, 20, 80), run(4, 1, 3, 100, 100, Open) });
    RunTimeline timeline;
    timeline.resize(800, 200);
    timeline.show();
    QVERIFY(QTest::qWaitForWindowExposed(&timeline));
    timeline.setPlan(farm.plan());
    QSignalSpy clicked(&timeline, &RunTimeline::runClicked);
    QTest::mouseClick(&timeline, Qt::LeftButton, {}, timeline.barRect(4).center().toPoint());
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.last().at(0).toLongLong(), 3);
    QVERIFY(
        timeline.toolTipAt(timeline.barRect(4).center()).contains(u"Outcome: abandoned (web-3 is not responding)"_s));
    // Between the bars: nothing.
    QTest::mouseClick(
        &timeline, Qt::LeftButton, {}, QPoint(int(timeline.xOf(ms(90))), timeline.barRect(1).center().y()));
    QCOMPARE(clicked.count(), 1);
}

void TestScheduledTimeline::runHistory()
{
    ScheduledRunHistory history;
    FarmSnapshot snapshot;
    snapshot.windowS = 60;
    snapshot.generatedAt = at(100);
    history.take(
        { run(1, 1, 1, 50, 50, Open), run(2, 1, 2, 60, 60, 61), run(3, 1, 2, 70, 70, Open) }, snapshot, true, 3600);
    QCOMPARE(history.runs().size(), 3);
    QCOMPARE(history.completeFromMs(), ms(40));
    // Run 1 finished; run 2 left the read's window (kept); run 3 is no longer read: its row is gone.
    snapshot.generatedAt = at(101);
    history.take({ run(1, 1, 1, 50, 50, 100.5, u"boom"_s) }, snapshot, false, 3600);
    QCOMPARE(history.runs().size(), 2);
    QCOMPARE(history.runs().value(1).error, u"boom"_s);
    QVERIFY(history.runs().contains(2));
    QCOMPARE(history.completeFromMs(), ms(40));
    // A gap longer than the read's window: runs may have passed unseen before this read's window.
    snapshot.generatedAt = at(200);
    history.take({}, snapshot, false, 3600);
    QCOMPARE(history.completeFromMs(), ms(140));
    // An hour after they finished, the finished runs are gone.
    snapshot.generatedAt = at(3800);
    history.take({}, snapshot, false, 3600);
    QVERIFY(history.runs().isEmpty());
}

void TestScheduledTimeline::pauseKeepsTheWindowLiveFollows()
{
    RunTimelineChart chart;
    chart.resize(900, 300);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setWindowSeconds(300);
    FarmHistory history(3600);
    ScheduledRunHistory runs;
    FarmSnapshot snapshot;
    snapshot.windowS = 60;
    snapshot.generatedAt = at(600);
    snapshot.servers = Farm({}).input.servers;
    snapshot.scheduled = Farm({}).input.scheduled;
    runs.take({ run(1, 1, 1, 590, 590, 595) }, snapshot, true, 3600);
    chart.setRunHistory(&runs);
    chart.setSnapshot(snapshot);
    chart.refresh(history, ms(600));
    chart.rebuildNow();
    QCOMPARE(chart.timeline()->plan().toMs, ms(600));
    QCOMPARE(chart.timeline()->plan().fromMs, ms(300));
    QVERIFY(findBar(chart.timeline()->plan(), 1));

    // Paused with the charts' keys: a quarter window back, and it stays there while runs arrive.
    QSignalSpy navigated(&chart, &HistoryChart::navigated);
    chart.setFocus();
    QTest::keyClick(&chart, Qt::Key_Left);
    QCOMPARE(navigated.count(), 1);
    QVERIFY(!chart.isLive());
    chart.rebuildNow();
    QCOMPARE(chart.timeline()->plan().toMs, ms(525));
    snapshot.generatedAt = at(630);
    runs.take({ run(2, 1, 2, 620, 620, 625) }, snapshot, false, 3600);
    chart.setSnapshot(snapshot);
    chart.refresh(history, ms(630));
    chart.rebuildNow();
    QCOMPARE(chart.timeline()->plan().toMs, ms(525));
    QVERIFY(!findBar(chart.timeline()->plan(), 2));

    // End: live again, the window ends at the newest data and shows the new run.
    QTest::keyClick(&chart, Qt::Key_End);
    QVERIFY(chart.isLive());
    chart.rebuildNow();
    QCOMPARE(chart.timeline()->plan().toMs, ms(630));
    QVERIFY(findBar(chart.timeline()->plan(), 2));
    // Zoomed out with -: 15 minutes.
    QTest::keyClick(&chart, Qt::Key_Minus);
    chart.rebuildNow();
    QCOMPARE(chart.timeline()->plan().fromMs, ms(630 - 900));
}

void TestScheduledTimeline::aThousandInstances()
{
    // An hour of a thousand instances: each ran sitemap 7 times, and import once before the window.
    QList<ScheduledRunRow> runs;
    qint64 id = 0;
    QList<ServerFigures> servers;
    for (qint64 instance = 1; instance <= 1000; ++instance) {
        servers << server(instance, u"web-%1"_s.arg(instance, 4, 10, QLatin1Char('0')));
        for (int k = 0; k < 7; ++k) {
            const double due = -3600 + double(instance * 7 + k) / 2.0;
            runs << run(++id, 2, instance, due, due, due + 0.8);
        }
        runs << run(++id, 1, instance, -7200, -7200, -7190);
    }
    Farm farm(runs, 0);
    farm.input.servers = servers;
    QElapsedTimer elapsed;
    elapsed.start();
    const TimelinePlan plan = farm.plan(-3600, 0);
    const qint64 planMs = elapsed.restart();
    QCOMPARE(plan.rows.size(), 1000);
    QCOMPARE(plan.rows.first().bars.size(), 7); // import's run ended before the window: culled
    RunTimeline timeline;
    timeline.resize(1200, 400);
    timeline.setPlan(plan);
    const QImage image = timeline.grab().toImage();
    const qint64 paintMs = elapsed.elapsed();
    QVERIFY(!image.isNull());
    // The rows scroll: the bar of the last instance is out of sight until scrolled to.
    QVERIFY(!timeline.scrollBar()->isHidden());
    QCOMPARE(timeline.scrollBar()->maximum(), timeline.contentHeight() - timeline.plotRect().height());
    QVERIFY(timeline.barRect(id - 1).isNull());
    timeline.scrollBar()->setValue(timeline.scrollBar()->maximum());
    QVERIFY(!timeline.barRect(id - 1).isNull());
    qInfo("1,000 instances, %lld runs: plan %lld ms, paint %lld ms", qint64(runs.size()), planMs, paintMs);
}

QTEST_MAIN(TestScheduledTimeline)
#include "tst_scheduledtimeline.moc"
