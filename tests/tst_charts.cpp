#include "farmhistory.h"
#include "historychart.h"
#include "instancelatencybars.h"
#include "latencychart.h"
#include "probelatencychart.h"
#include "throughputchart.h"

#include <cmath>
#include <QScrollBar>
#include <QtTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 S0 = 1'900'000'000; // seconds since the epoch

qint64 ms(qint64 second)
{
    return second * 1000;
}

SeriesUpdate counts(const QString& scope, qint64 second, int created, int processed, int failed = 0,
    std::optional<qint64> backlog = std::nullopt)
{
    SeriesUpdate update;
    update.scope = scope;
    update.second = second;
    update.created = created;
    update.processed = processed;
    update.failed = failed;
    update.backlog = backlog;
    return update;
}

SeriesUpdate latency(const QString& scope, qint64 second, double p50, double p95, double p99, double max)
{
    SeriesUpdate update;
    update.scope = scope;
    update.second = second;
    LatencyStats stats;
    stats.count = 10;
    stats.p50 = p50;
    stats.p95 = p95;
    stats.p99 = p99;
    stats.max = max;
    update.latency = stats;
    return update;
}

// Compares point lists where a NaN y equals a NaN y.
bool samePoints(const QList<QPointF>& actual, const QList<QPointF>& expected)
{
    if (actual.size() != expected.size())
        return false;
    for (qsizetype i = 0; i < actual.size(); ++i) {
        if (actual[i].x() != expected[i].x())
            return false;
        const bool nanA = std::isnan(actual[i].y());
        const bool nanE = std::isnan(expected[i].y());
        if (nanA != nanE || (!nanA && actual[i].y() != expected[i].y()))
            return false;
    }
    return true;
}

double highest(const QList<QPointF>& points)
{
    double result = -1.0;
    for (const QPointF& p : points) {
        if (std::isfinite(p.y()))
            result = std::max(result, p.y());
    }
    return result;
}

QString describe(const QList<QPointF>& points)
{
    QStringList parts;
    for (const QPointF& p : points)
        parts.append(u"(%1, %2)"_s.arg(qint64(p.x() / 1000) - S0).arg(p.y()));
    return parts.join(u' ');
}

#define COMPARE_POINTS(actual, expected)                                                                               \
    QVERIFY2(samePoints(actual, expected),                                                                             \
        qPrintable(u"got %1, expected %2 (x as seconds after S0)"_s.arg(describe(actual), describe(expected))))

ServerFigures server(qint64 id, const QString& name, ServerStatus status, std::optional<double> p95)
{
    ServerFigures f;
    f.server.id = id;
    f.server.name = name;
    f.status = status;
    f.cacheLatency.count = p95 ? 20 : 0;
    f.cacheLatency.p95 = p95;
    f.cacheLatency.p99 = p95 ? std::optional<double>(*p95 * 1.2) : std::nullopt;
    f.cacheLatency.max = p95 ? std::optional<double>(*p95 * 1.5) : std::nullopt;
    return f;
}

template<class Chart> void showAndRebuild(Chart& chart)
{
    chart.resize(800, 400);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.rebuildNow();
}

} // namespace

class TestCharts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void throughputFarmPointsAreTheCountsPerSecond()
    {
        FarmHistory history;
        const QString farm = FarmHistory::farmScope();
        history.apply({ counts(farm, S0 + 1, 2, 3), counts(farm, S0 + 2, 0, 5, 1, 7) });
        ThroughputChart chart;
        chart.refresh(history, ms(S0 + 3));
        showAndRebuild(chart);

        COMPARE_POINTS(
            chart.chart()->points(u"processed"_s), (QList<QPointF> { { 1e3 * (S0 + 1), 3 }, { 1e3 * (S0 + 2), 5 } }));
        COMPARE_POINTS(
            chart.chart()->points(u"created"_s), (QList<QPointF> { { 1e3 * (S0 + 1), 2 }, { 1e3 * (S0 + 2), 0 } }));
        COMPARE_POINTS(
            chart.chart()->points(u"failed"_s), (QList<QPointF> { { 1e3 * (S0 + 1), 0 }, { 1e3 * (S0 + 2), 1 } }));
        COMPARE_POINTS(chart.chart()->points(u"backlog"_s), (QList<QPointF> { { 1e3 * (S0 + 2), 7 } }));
        QCOMPARE(chart.chart()->timeTo(), ms(S0 + 3));
        QCOMPARE(chart.chart()->timeFrom(), ms(S0 + 3) - 300'000);
        QVERIFY(chart.chart()->axisMaximum(ChartAxis::Left) >= 5.0);
        QVERIFY(chart.chart()->axisMaximum(ChartAxis::Right) >= 7.0);
        QVERIFY(chart.chart()->axisTitle(ChartAxis::Left).contains(u"per second"_s));
    }

    void theSecondStillBeingCountedIsNotDrawn()
    {
        FarmHistory history;
        const QString farm = FarmHistory::farmScope();
        history.apply({ counts(farm, S0 + 1, 0, 3), counts(farm, S0 + 2, 0, 1) });
        ThroughputChart chart;
        chart.refresh(history, ms(S0 + 2) + 400); // 400 ms into second 2
        showAndRebuild(chart);
        COMPARE_POINTS(chart.chart()->points(u"processed"_s), (QList<QPointF> { { 1e3 * (S0 + 1), 3 } }));
    }

    void unreadSecondsAreGapsAndQuietOnesZeros()
    {
        FarmHistory history;
        const QString farm = FarmHistory::farmScope();
        // Reads 3 s apart: the seconds between were read and quiet. Then 40 s without a read.
        history.apply({ counts(farm, S0 + 1, 0, 4), counts(farm, S0 + 4, 0, 6), counts(farm, S0 + 45, 0, 2),
            counts(farm, S0 + 46, 0, 1) });
        ThroughputChart chart;
        chart.refresh(history, ms(S0 + 47));
        showAndRebuild(chart);
        const double n = NAN;
        COMPARE_POINTS(chart.chart()->points(u"processed"_s),
            (QList<QPointF> { { 1e3 * (S0 + 1), 4 }, { 1e3 * (S0 + 2), 0 }, { 1e3 * (S0 + 3), 0 },
                { 1e3 * (S0 + 4), 6 }, { 1e3 * (S0 + 5), n }, { 1e3 * (S0 + 45), 2 }, { 1e3 * (S0 + 46), 1 } }));
    }

    void throughputPerInstance()
    {
        FarmHistory history;
        const QString farm = FarmHistory::farmScope();
        const QString web1 = FarmHistory::serverScope(7);
        const QString web2 = FarmHistory::serverScope(9);
        history.apply({ counts(farm, S0 + 1, 0, 9, 0, 30), counts(web1, S0 + 1, 0, 4, 0, 10),
            counts(web2, S0 + 1, 0, 5, 2, 20), counts(farm, S0 + 2, 0, 1, 0, 31), counts(web1, S0 + 2, 0, 1, 0, 11),
            counts(web2, S0 + 2, 0, 0, 0, 20) });
        ThroughputChart chart;
        chart.setMode(ThroughputChart::Mode::Servers);
        chart.setServers({ 7, 9 }, { u"web-01"_s, u"web-02"_s });
        chart.refresh(history, ms(S0 + 3));
        showAndRebuild(chart);

        COMPARE_POINTS(
            chart.chart()->points(u"processed:7"_s), (QList<QPointF> { { 1e3 * (S0 + 1), 4 }, { 1e3 * (S0 + 2), 1 } }));
        COMPARE_POINTS(
            chart.chart()->points(u"processed:9"_s), (QList<QPointF> { { 1e3 * (S0 + 1), 5 }, { 1e3 * (S0 + 2), 0 } }));
        COMPARE_POINTS(
            chart.chart()->points(u"failed:9"_s), (QList<QPointF> { { 1e3 * (S0 + 1), 2 }, { 1e3 * (S0 + 2), 0 } }));
        COMPARE_POINTS(
            chart.chart()->points(u"backlog:7"_s), (QList<QPointF> { { 1e3 * (S0 + 1), 10 }, { 1e3 * (S0 + 2), 11 } }));
        QStringList ids;
        for (const ChartSeries& s : chart.chart()->series())
            ids.append(s.id);
        // web-01 never failed: no failure line for it.
        QCOMPARE(
            ids, (QStringList { u"processed:7"_s, u"backlog:7"_s, u"processed:9"_s, u"failed:9"_s, u"backlog:9"_s }));
        QCOMPARE(chart.chart()->series().first().name, u"web-01 processed/s"_s);
    }

    void throughputTopTaskTypes()
    {
        FarmHistory history;
        const QString farm = FarmHistory::farmScope();
        history.apply({ counts(farm, S0 + 1, 16, 0), counts(FarmHistory::typeScope(u"CLEARCACHE"_s), S0 + 1, 10, 0),
            counts(FarmHistory::typeScope(u"UPDATEFILE"_s), S0 + 1, 5, 0),
            counts(FarmHistory::typeScope(u"DELETEFILE"_s), S0 + 1, 1, 0), counts(farm, S0 + 2, 0, 0) });
        ThroughputChart chart;
        chart.setMode(ThroughputChart::Mode::TaskTypes);
        chart.setTopTypes(2);
        chart.refresh(history, ms(S0 + 3));
        showAndRebuild(chart);
        QCOMPARE(chart.shownTypes(), (QStringList { u"CLEARCACHE"_s, u"UPDATEFILE"_s }));
        // Five minutes show 5-second averages: 10 and 0 tasks in the bucket starting at S0.
        COMPARE_POINTS(chart.chart()->points(u"created:CLEARCACHE"_s), (QList<QPointF> { { 1e3 * S0, 5 } }));
        QVERIFY(chart.chart()->axisTitle(ChartAxis::Left).contains(u"5 s average"_s));
        QVERIFY(chart.chart()->points(u"created:DELETEFILE"_s).isEmpty());
        // One minute shows every second.
        chart.setWindowSeconds(60);
        chart.rebuildNow();
        COMPARE_POINTS(chart.chart()->points(u"created:CLEARCACHE"_s),
            (QList<QPointF> { { 1e3 * (S0 + 1), 10 }, { 1e3 * (S0 + 2), 0 } }));
    }

    void latencyFarmPercentiles()
    {
        FarmHistory history;
        const QString farm = FarmHistory::farmScope();
        history.apply({ latency(farm, S0 + 1, 20, 120, 300, 450), latency(farm, S0 + 2, 25, 80, 90, 95),
            latency(farm, S0 + 30, 30, 60, 70, 75) });
        LatencyChart chart;
        chart.setView(LatencyChart::View::Lines);
        chart.refresh(history, ms(S0 + 31));
        showAndRebuild(chart);
        QVERIFY(!chart.showsSeconds());
        COMPARE_POINTS(chart.chart()->points(u"p95"_s),
            (QList<QPointF> {
                { 1e3 * (S0 + 1), 120 }, { 1e3 * (S0 + 2), 80 }, { 1e3 * (S0 + 3), NAN }, { 1e3 * (S0 + 30), 60 } }));
        COMPARE_POINTS(chart.chart()->points(u"max"_s).mid(0, 2),
            (QList<QPointF> { { 1e3 * (S0 + 1), 450 }, { 1e3 * (S0 + 2), 95 } }));
        QCOMPARE(chart.chart()->series().first().unit, u" ms"_s);
        QCOMPARE(chart.chart()->axisTitle(ChartAxis::Left), u"latency (ms)"_s);
    }

    void latencySwitchesToSecondsForSlowInstances()
    {
        FarmHistory history;
        const QString farm = FarmHistory::farmScope();
        const QString web2 = FarmHistory::serverScope(9);
        history.apply({ latency(farm, S0 + 1, 50, 900, 30000, 34200), latency(web2, S0 + 1, 20000, 34000, 34100, 34200),
            latency(web2, S0 + 2, 21000, 34500, 34600, 34700) });
        LatencyChart chart;
        chart.setView(LatencyChart::View::Lines);
        chart.setMode(LatencyChart::Mode::Servers);
        chart.setServers({ 9 }, { u"web-02"_s });
        chart.refresh(history, ms(S0 + 3));
        showAndRebuild(chart);
        QVERIFY(chart.showsSeconds());
        COMPARE_POINTS(
            chart.chart()->points(u"p95:9"_s), (QList<QPointF> { { 1e3 * (S0 + 1), 34.0 }, { 1e3 * (S0 + 2), 34.5 } }));
        COMPARE_POINTS(chart.chart()->points(u"farm:p95"_s), (QList<QPointF> { { 1e3 * (S0 + 1), 0.9 } }));
        QCOMPARE(chart.chart()->axisTitle(ChartAxis::Left), u"latency (s)"_s);

        // Several instances: one line each, of the chosen percentile.
        chart.setServers({ 9, 7 }, { u"web-02"_s, u"web-01"_s });
        chart.setPercentile(LatencyChart::Percentile::P99);
        chart.rebuildNow();
        QStringList ids;
        for (const ChartSeries& s : chart.chart()->series())
            ids.append(s.id);
        QCOMPARE(ids, (QStringList { u"p99:9"_s, u"p99:7"_s, u"farm:p99"_s }));
        COMPARE_POINTS(
            chart.chart()->points(u"p99:9"_s), (QList<QPointF> { { 1e3 * (S0 + 1), 34.1 }, { 1e3 * (S0 + 2), 34.6 } }));
    }

    void pausedChartKeepsItsEndTime()
    {
        FarmHistory history;
        history.apply({ counts(FarmHistory::farmScope(), S0 + 1, 1, 1) });
        ThroughputChart chart;
        chart.refresh(history, ms(S0 + 10));
        showAndRebuild(chart);
        QVERIFY(chart.isLive());
        QCOMPARE(chart.endTime(), ms(S0 + 10));

        chart.setLive(false);
        history.apply({ counts(FarmHistory::farmScope(), S0 + 15, 1, 1) });
        chart.refresh(history, ms(S0 + 20));
        chart.rebuildNow();
        QCOMPARE(chart.endTime(), ms(S0 + 10));
        QCOMPARE(chart.chart()->timeTo(), ms(S0 + 10));

        chart.scrollBy(-60);
        QVERIFY(!chart.isLive());
        QCOMPARE(chart.endTime(), ms(S0 - 50));
        chart.scrollBy(+600); // not past the newest data
        QCOMPARE(chart.endTime(), ms(S0 + 20));

        chart.setLive(true);
        QCOMPARE(chart.endTime(), ms(S0 + 20));
        chart.rebuildNow();
        QCOMPARE(chart.chart()->timeTo(), ms(S0 + 20));
        chart.refresh(history, ms(S0 + 21));
        QCOMPARE(chart.endTime(), ms(S0 + 21));
    }

    void keysScrollAndReturnToLive()
    {
        FarmHistory history;
        history.apply({ counts(FarmHistory::farmScope(), S0 + 1, 1, 1) });
        ThroughputChart chart;
        chart.refresh(history, ms(S0 + 1000));
        showAndRebuild(chart);
        QSignalSpy navigated(&chart, &HistoryChart::navigated);
        QTest::keyClick(&chart, Qt::Key_Left);
        QVERIFY(!chart.isLive());
        QCOMPARE(chart.endTime(), ms(S0 + 1000 - 75));
        QCOMPARE(navigated.count(), 1);
        QCOMPARE(navigated.last().at(2).toBool(), false);
        QTest::keyClick(&chart, Qt::Key_Minus);
        QCOMPARE(chart.windowSeconds(), 900);
        QTest::keyClick(&chart, Qt::Key_End);
        QVERIFY(chart.isLive());
        QCOMPARE(navigated.last().at(2).toBool(), true);
        QCOMPARE(navigated.count(), 3);
    }

    void windowSwitching()
    {
        FarmHistory history;
        const QString farm = FarmHistory::farmScope();
        // Activity 20 minutes ago, then a read every second for the last minute.
        history.apply({ counts(farm, S0 + 3600 - 1200, 0, 42) });
        for (qint64 s = S0 + 3600 - 60; s < S0 + 3600; ++s)
            history.apply({ counts(farm, s, 0, 1) });
        ThroughputChart chart;
        chart.refresh(history, ms(S0 + 3600));
        showAndRebuild(chart);
        QCOMPARE(chart.chart()->timeTo() - chart.chart()->timeFrom(), 300'000);
        QCOMPARE(highest(chart.chart()->points(u"processed"_s)), 1.0);

        chart.setWindowSeconds(900);
        chart.rebuildNow();
        QCOMPARE(chart.chart()->timeTo() - chart.chart()->timeFrom(), 900'000);
        QCOMPARE(highest(chart.chart()->points(u"processed"_s)), 1.0);

        chart.setWindowSeconds(3600);
        chart.rebuildNow();
        QCOMPARE(chart.chart()->timeTo() - chart.chart()->timeFrom(), 3'600'000);
        QCOMPARE(highest(chart.chart()->points(u"processed"_s)), 42.0);
    }

    void longWindowsAreDecimatedAndKeepTheSpike()
    {
        FarmHistory history;
        const QString farm = FarmHistory::farmScope();
        for (qint64 s = S0; s < S0 + 3600; ++s)
            history.apply({ counts(farm, s, 1, s == S0 + 1234 ? 500 : int(10 + s % 5)) });
        ThroughputChart chart;
        chart.setWindowSeconds(3600);
        chart.refresh(history, ms(S0 + 3600));
        showAndRebuild(chart);
        const QList<QPointF> points = chart.chart()->points(u"processed"_s);
        QVERIFY2(points.size() <= 2 * chart.chart()->plotWidth() + 2,
            qPrintable(u"%1 points for %2 px"_s.arg(points.size()).arg(chart.chart()->plotWidth())));
        QVERIFY(points.size() >= chart.chart()->plotWidth());
        QCOMPARE(highest(points), 500.0);
    }

    // While live each line keeps its points and reads only the seconds that entered the window or
    // changed; what it draws is what a chart made afresh from the same history draws, through
    // seconds the engine did not read, latency gaps, a late change to a past second and a change
    // older than the history's log.
    void liveChartsKeepTheirLinesAndDrawWhatAFreshChartDraws()
    {
        FarmHistory history;
        const QString farm = FarmHistory::farmScope();
        const QString web = FarmHistory::serverScope(7);
        ThroughputChart throughput;
        throughput.setWindowSeconds(HistoryChart::MinWindowS);
        LatencyChart latencies;
        latencies.setView(LatencyChart::View::Lines);
        latencies.setWindowSeconds(HistoryChart::MinWindowS);
        showAndRebuild(throughput);
        showAndRebuild(latencies);

        // A minute of seconds is never decimated: the two compare point for point whatever their width.
        auto sameAsFresh = [&](auto& live, qint64 nowMs, const char* what) {
            using Chart = std::remove_reference_t<decltype(live)>;
            Chart fresh;
            if constexpr (std::is_same_v<Chart, LatencyChart>)
                fresh.setView(LatencyChart::View::Lines);
            fresh.setWindowSeconds(live.windowSeconds());
            fresh.refresh(history, nowMs);
            fresh.resize(live.size());
            fresh.show();
            fresh.rebuildNow();
            const QList<ChartSeries> series = live.chart()->series();
            QVERIFY(!series.isEmpty());
            for (const ChartSeries& line : series) {
                QVERIFY2(samePoints(live.chart()->points(line.id), fresh.chart()->points(line.id)),
                    qPrintable(
                        u"%1 %2 at %3: kept %4, fresh %5"_s.arg(QLatin1String(what), line.id)
                            .arg(nowMs / 1000 - S0)
                            .arg(describe(live.chart()->points(line.id)), describe(fresh.chart()->points(line.id)))));
            }
        };

        qint64 keptReads = 0;
        qint64 wholeReads = 0;
        for (qint64 t = S0; t < S0 + 240; ++t) {
            const qint64 i = t - S0;
            QList<SeriesUpdate> updates;
            const bool reading = i < 100 || i > 115; // the engine was not reading for 15 s
            if (reading) {
                updates.append(counts(farm, t, int(i % 4), int(3 + i % 7), i % 11 == 0 ? 1 : 0, 20 + i % 9));
                if (i % 29 < 20) // latency with gaps wider than the chart bridges
                    updates.append(latency(farm, t, 10 + i % 5, 40 + i % 13, 60 + i % 3, 90 + i % 17));
                updates.append(counts(web, t, 0, int(1 + i % 3)));
            }
            if (i % 37 == 0 && i > 5) // a late read adds to a second already drawn
                updates.append(counts(farm, t - 5, 0, 50));
            if (!updates.isEmpty())
                history.apply(updates);
            const qint64 nowMs = ms(t) + 250 * (i % 4);
            if (i == 180) {
                // Further back than the history remembers: the lines are made again.
                for (int n = 0; n < 80; ++n)
                    history.apply({ counts(farm, t, 0, 0) });
                history.apply({ counts(farm, t - 30, 0, 70) });
            }
            throughput.refresh(history, nowMs);
            latencies.refresh(history, nowMs);
            throughput.rebuildNow();
            latencies.rebuildNow();
            if (i > HistoryChart::MinWindowS && i != 181) {
                const HistoryChart::ReadStats reads = latencies.lastReads();
                keptReads += reads.secondsRead;
                wholeReads += qint64(reads.lines) * HistoryChart::MinWindowS;
            }
            if (i % 7 == 0 || (i >= 98 && i <= 120) || i == 180 || i == 181) {
                sameAsFresh(throughput, nowMs, "throughput");
                sameAsFresh(latencies, nowMs, "latency");
            }
        }
        // Only the newest seconds are read again: a fraction of the window at each rebuild.
        QVERIFY2(keptReads * 3 < wholeReads, qPrintable(u"%1 of %2 seconds read"_s.arg(keptReads).arg(wholeReads)));
    }

    void aBurstOfRefreshesRebuildsOnce()
    {
        FarmHistory history;
        history.apply({ counts(FarmHistory::farmScope(), S0 + 1, 1, 1) });
        ThroughputChart chart;
        chart.resize(800, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QTRY_VERIFY(!chart.rebuildPending());
        QSignalSpy rebuilt(&chart, &HistoryChart::rebuilt);
        for (int i = 0; i < 50; ++i)
            chart.refresh(history, ms(S0 + 2) + 100 * i);
        QVERIFY(rebuilt.isEmpty());
        QTRY_VERIFY(!rebuilt.isEmpty());
        QVERIFY(!chart.rebuildPending());
        QVERIFY(rebuilt.count() <= 2);
        // The last refresh's second (a live window moves a whole second at a time).
        QCOMPARE(chart.chart()->timeTo(), ms(S0 + 6));
    }

    void hiddenChartsWaitUntilShown()
    {
        FarmHistory history;
        history.apply({ counts(FarmHistory::farmScope(), S0 + 1, 1, 1) });
        ThroughputChart chart;
        chart.refresh(history, ms(S0 + 2));
        QTRY_VERIFY(!chart.rebuildPending());
        QCOMPARE(chart.rebuildCount(), 0);
        chart.show();
        QTRY_COMPARE(chart.rebuildCount(), 1);
        COMPARE_POINTS(chart.chart()->points(u"processed"_s), (QList<QPointF> { { 1e3 * (S0 + 1), 1 } }));
    }

    void markersInTheWindowReachTheChart()
    {
        FarmHistory history;
        history.apply({ counts(FarmHistory::farmScope(), S0 + 1, 1, 1) });
        LatencyChart chart;
        chart.refresh(history, ms(S0 + 100));
        chart.setMarkers(
            { { ms(S0 + 50), u"web-03 stopped heartbeating"_s, Qt::red }, { ms(S0 - 1000), u"too old"_s, Qt::blue } });
        showAndRebuild(chart);
        QCOMPARE(chart.chart()->markers().size(), 1);
        QCOMPARE(chart.chart()->markers().first().label, u"web-03 stopped heartbeating"_s);
    }

    void probeLatencyPerStorage()
    {
        FarmHistory history;
        history.apply({ counts(FarmHistory::farmScope(), S0 + 1, 0, 0),
            latency(FarmHistory::storageScope(1), S0 + 1, 10, 12, 13, 14),
            latency(FarmHistory::storageScope(1), S0 + 6, 10, 15, 16, 17),
            latency(FarmHistory::storageScope(2), S0 + 2, 100, 250, 260, 270) });
        ProbeLatencyChart chart;
        StorageRow media;
        media.id = 1;
        media.name = u"media"_s;
        StorageRow share;
        share.id = 2;
        share.name = u"attachments"_s;
        chart.setStorages({ media, share });
        chart.refresh(history, ms(S0 + 10));
        showAndRebuild(chart);
        COMPARE_POINTS(
            chart.chart()->points(u"storage:1"_s), (QList<QPointF> { { 1e3 * (S0 + 1), 12 }, { 1e3 * (S0 + 6), 15 } }));
        COMPARE_POINTS(chart.chart()->points(u"storage:2"_s), (QList<QPointF> { { 1e3 * (S0 + 2), 250 } }));
        QCOMPARE(chart.chart()->series().at(1).name, u"attachments"_s);
        chart.setMeasure(ProbeLatencyChart::Measure::Max);
        chart.rebuildNow();
        COMPARE_POINTS(chart.chart()->points(u"storage:2"_s), (QList<QPointF> { { 1e3 * (S0 + 2), 270 } }));
    }

    void grabImageIsTheWidget()
    {
        FarmHistory history;
        for (qint64 s = S0; s < S0 + 300; ++s)
            history.apply({ counts(FarmHistory::farmScope(), s, 3, int(5 + s % 7), 0, 100) });
        ThroughputChart chart;
        chart.refresh(history, ms(S0 + 300));
        chart.resize(640, 360);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        const QImage image = chart.grabImage();
        QVERIFY(!image.isNull());
        QCOMPARE(image.deviceIndependentSize().toSize(), chart.size());
        QVERIFY(image.pixel(5, image.height() / 2) != image.pixel(image.width() / 2, image.height() / 2)
            || image.pixel(image.width() / 3, image.height() / 3) != image.pixel(5, 5));

        InstanceLatencyBars bars;
        bars.resize(400, 300);
        const QImage barsImage = bars.grabImage();
        QVERIFY(!barsImage.isNull());
        QCOMPARE(barsImage.deviceIndependentSize().toSize(), bars.size());
    }

    void barsShowTheSlowestAndSayHowManyMore()
    {
        // 1,000 instances: the slowest 100, in order, then one line for the other 900.
        FarmSnapshot snapshot;
        for (int i = 0; i < 1000; ++i)
            snapshot.servers.append(server(i + 1, u"web-%1"_s.arg(i + 1, 4, 10, QLatin1Char('0')),
                ServerStatus::Healthy, double((i * 7919) % 1000)));
        InstanceLatencyBars bars;
        bars.setSnapshot(snapshot);
        const QList<qint64> order = bars.serverOrder();
        QCOMPARE(order.size(), InstanceLatencyBars::MaxRows);
        QCOMPARE(bars.hiddenCount(), 900);
        // By hand: latency (i * 7919) % 1000 is a permutation of 0..999, so the slowest is 999 ms,
        // the 100th 900 ms.
        QCOMPARE(bars.rowText(order.first()).section(u' ', -2), u"999 ms"_s);
        QCOMPARE(bars.rowText(order.last()).section(u' ', -2), u"900 ms"_s);
        QVERIFY2(bars.moreText().startsWith(u"900 more instances"_s), qPrintable(bars.moreText()));
        bars.resize(420, 400);
        bars.show();
        QVERIFY(QTest::qWaitForWindowExposed(&bars));
        bars.scrollToServer(order.last());
        bars.verticalScrollBar()->setValue(bars.verticalScrollBar()->maximum());
        QVERIFY(bars.viewport()->rect().contains(bars.moreRect()));
        QSignalSpy more(&bars, &InstanceLatencyBars::moreClicked);
        QSignalSpy clicked(&bars, &InstanceLatencyBars::serverClicked);
        QTest::mouseClick(bars.viewport(), Qt::LeftButton, {}, bars.moreRect().center());
        QCOMPARE(more.count(), 1);
        QCOMPARE(clicked.count(), 0);
        // A farm that fits shows no such line.
        snapshot.servers.resize(50);
        bars.setSnapshot(snapshot);
        QCOMPARE(bars.hiddenCount(), 0);
        QVERIFY(bars.moreText().isEmpty());
        QVERIFY(!bars.moreRect().isValid());
    }

    void barsSlowestFirstNullsLast()
    {
        FarmSnapshot snapshot;
        snapshot.servers = { server(1, u"web-01"_s, ServerStatus::Healthy, 50.0),
            server(2, u"web-02"_s, ServerStatus::Degraded, 34200.0),
            server(3, u"web-03"_s, ServerStatus::NotResponding, std::nullopt),
            server(4, u"web-04"_s, ServerStatus::Healthy, 120.0),
            server(5, u"web-00"_s, ServerStatus::Stopped, std::nullopt) };
        snapshot.farm.cacheLatency.p95 = 140.0;
        InstanceLatencyBars bars;
        bars.setSnapshot(snapshot);
        QCOMPARE(bars.serverOrder(), (QList<qint64> { 2, 4, 1, 5, 3 }));
        QCOMPARE(bars.rowText(2), u"web-02 \u25b2 34.2 s"_s);
        QCOMPARE(bars.rowText(4), u"web-04 \u25cf 120 ms"_s);
        QCOMPARE(bars.rowText(3), u"web-03 \u2716 \u2014"_s);

        bars.setMetric(InstanceLatencyBars::Metric::Max);
        QCOMPARE(bars.rowText(1), u"web-01 \u25cf 75 ms"_s);
        QCOMPARE(bars.serverOrder(), (QList<qint64> { 2, 4, 1, 5, 3 }));
    }

    void clickingABarSelectsItsInstance()
    {
        FarmSnapshot snapshot;
        snapshot.servers = { server(1, u"web-01"_s, ServerStatus::Healthy, 50.0),
            server(2, u"web-02"_s, ServerStatus::Degraded, 34200.0),
            server(4, u"web-04"_s, ServerStatus::Healthy, 120.0) };
        InstanceLatencyBars bars;
        bars.setSnapshot(snapshot);
        bars.resize(400, 300);
        bars.show();
        QVERIFY(QTest::qWaitForWindowExposed(&bars));
        QSignalSpy clicked(&bars, &InstanceLatencyBars::serverClicked);
        QTest::mouseClick(bars.viewport(), Qt::LeftButton, {}, bars.rowRect(4).center());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.last().first().toLongLong(), 4);

        // Keyboard: from the clicked row one down is web-01.
        bars.setFocus();
        QTest::keyClick(&bars, Qt::Key_Down);
        QTest::keyClick(&bars, Qt::Key_Return);
        QCOMPARE(clicked.count(), 2);
        QCOMPARE(clicked.last().first().toLongLong(), 1);
    }

    void barsScrollForHundredsOfInstances()
    {
        FarmSnapshot snapshot;
        for (int i = 0; i < 300; ++i) {
            snapshot.servers.append(server(i + 1, u"web-%1"_s.arg(i + 1, 3, 10, QLatin1Char('0')),
                i == 137 ? ServerStatus::Degraded : ServerStatus::Healthy, i == 137 ? 30000.0 : 40.0 + i % 50));
        }
        InstanceLatencyBars bars;
        bars.setSnapshot(snapshot);
        bars.resize(420, 400);
        bars.show();
        QVERIFY(QTest::qWaitForWindowExposed(&bars));
        QCOMPARE(bars.serverOrder().first(), 138); // the slow one on top
        const qint64 lastId = bars.serverOrder().last();
        QVERIFY(!bars.viewport()->rect().contains(bars.rowRect(lastId)));
        bars.scrollToServer(lastId);
        QVERIFY(bars.viewport()->rect().contains(bars.rowRect(lastId)));
        QSignalSpy clicked(&bars, &InstanceLatencyBars::serverClicked);
        QTest::mouseClick(bars.viewport(), Qt::LeftButton, {}, bars.rowRect(lastId).center());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.last().first().toLongLong(), lastId);
    }
};

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
