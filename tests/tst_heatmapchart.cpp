#include "farmhistory.h"
#include "heatmapchart.h"
#include "latencychart.h"

#include <QHelpEvent>
#include <QToolTip>
#include <QtTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 S0 = 1'900'000'000; // seconds since the epoch

qint64 ms(qint64 second)
{
    return second * 1000;
}

SeriesUpdate cells(const QString& scope, qint64 second, QList<LatencyCell> cells)
{
    SeriesUpdate update;
    update.scope = scope;
    update.second = second;
    for (const LatencyCell& cell : cells)
        update.processed += int(cell.count);
    update.latencyCells = std::move(cells);
    return update;
}

SeriesUpdate percentiles(const QString& scope, qint64 second, double p95, double p99)
{
    SeriesUpdate update;
    update.scope = scope;
    update.second = second;
    LatencyStats stats;
    stats.count = 10;
    stats.p50 = p95 / 2;
    stats.p95 = p95;
    stats.p99 = p99;
    stats.max = p99;
    update.latency = stats;
    return update;
}

QString timeOf(qint64 second)
{
    return QDateTime::fromMSecsSinceEpoch(ms(second)).toString(u"HH:mm:ss"_s);
}

void show(LatencyChart& chart)
{
    chart.setWindowSeconds(HistoryChart::MinWindowS);
    chart.resize(800, 400);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.rebuildNow();
}

} // namespace

class TestHeatmapChart : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Viridis at the anchors that the scale's ends and its middle fall on (log-scaled counts: 10 of
    // 100 is the middle).
    void countsOnTheScale()
    {
        QCOMPARE(HeatmapChart::colourFor(0, 100).alpha(), 0);
        QCOMPARE(HeatmapChart::colourFor(1, 100).rgb(), QColor(0x44, 0x01, 0x54).rgb());
        QCOMPARE(HeatmapChart::colourFor(10, 100).rgb(), QColor(0x21, 0x90, 0x8d).rgb());
        QCOMPARE(HeatmapChart::colourFor(100, 100).rgb(), QColor(0xfd, 0xe7, 0x25).rgb());
        QCOMPARE(HeatmapChart::colourFor(1, 1).rgb(), QColor(0xfd, 0xe7, 0x25).rgb());
    }

    // A cell painted with the colour of its count; an empty one shows the background.
    void cellsArePaintedInTheColourOfTheirCount()
    {
        FarmHistory history;
        const QString farm = FarmHistory::farmScope();
        history.apply({ cells(farm, S0 + 1, { { 6, 10 } }), cells(farm, S0 + 2, { { 12, 100 } }),
            cells(farm, S0 + 3, { { 0, 1 } }) });
        LatencyChart chart;
        QCOMPARE(chart.view(), LatencyChart::View::Heatmap);
        chart.refresh(history, ms(S0 + 10));
        show(chart);
        HeatmapChart* heatmap = chart.heatmap();
        QVERIFY(heatmap->isVisible());
        QVERIFY(!chart.chart()->isVisible());
        const HeatmapGrid& grid = heatmap->grid();
        QCOMPARE(grid.secondsPerColumn, 1);
        QCOMPARE(grid.maxCount, 100);
        const QImage image = heatmap->grab().toImage();
        const auto pixelAt = [&](qint64 second, int bucket) {
            const QRectF cell = heatmap->cellRect(grid.columnOf(second), bucket);
            return image.pixelColor(cell.center().toPoint()).rgb();
        };
        QVERIFY(heatmap->cellRect(grid.columnOf(S0 + 2), 12).width() >= 1.0);
        QCOMPARE(pixelAt(S0 + 2, 12), QColor(0xfd, 0xe7, 0x25).rgb());
        QCOMPARE(pixelAt(S0 + 1, 6), QColor(0x21, 0x90, 0x8d).rgb());
        QCOMPARE(pixelAt(S0 + 3, 0), QColor(0x44, 0x01, 0x54).rgb());
        QCOMPARE(pixelAt(S0 + 2, 6), heatmap->palette().color(QPalette::Base).rgb());
    }

    // The tooltip of a cell: its second, its bucket, its count and the instances in it, the busiest
    // five by name and the rest counted.
    void tooltipNamesTheInstancesOfACell()
    {
        FarmHistory history;
        QList<SeriesUpdate> updates;
        QHash<qint64, QString> names;
        qint64 total = 0;
        for (qint64 id = 1; id <= 7; ++id) {
            updates.append(cells(FarmHistory::serverScope(id), S0 + 5, { { 6, 8 - id }, { 9, 1 } }));
            names.insert(id, u"web-%1"_s.arg(id, 2, 10, QLatin1Char('0')));
            total += 8 - id;
        }
        updates.append(cells(FarmHistory::farmScope(), S0 + 5, { { 6, total }, { 9, 7 } }));
        history.apply(updates);
        LatencyChart chart;
        chart.setServerNames(names);
        chart.refresh(history, ms(S0 + 10));
        show(chart);
        HeatmapChart* heatmap = chart.heatmap();
        const int column = heatmap->grid().columnOf(S0 + 5);
        QCOMPARE(heatmap->toolTipFor(column, 6),
            u"%1\n100\u2013200 ms: 28 cache invalidations\nweb-01: 7\nweb-02: 6\nweb-03: 5\nweb-04: 4\nweb-05: 3\n"
            "+2 more"_s.arg(timeOf(S0 + 5)));
        QVERIFY(heatmap->toolTipFor(column, 7).isEmpty()); // an empty cell says nothing
        // The same through a hover, shown as plain text.
        const QPoint centre = heatmap->cellRect(column, 6).center().toPoint();
        QHelpEvent help(QEvent::ToolTip, centre, heatmap->mapToGlobal(centre));
        QApplication::sendEvent(heatmap, &help);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().contains(u"web-01: 7"_s), qPrintable(QToolTip::text()));
        QToolTip::hideText();

        // The selected instances: their cells only, and only they in the tooltip.
        chart.setMode(LatencyChart::Mode::Servers);
        chart.setServers({ 2, 6 }, { u"web-02"_s, u"web-06"_s });
        chart.rebuildNow();
        QCOMPARE(heatmap->grid().at(heatmap->grid().columnOf(S0 + 5), 6), 6 + 2);
        QCOMPARE(heatmap->toolTipFor(heatmap->grid().columnOf(S0 + 5), 9),
            u"%1\n1\u20132 s: 2 cache invalidations\nweb-02: 1\nweb-06: 1"_s.arg(timeOf(S0 + 5)));
    }

    // Paused, the heatmap stays on its window while data comes in; live again, it follows it. The
    // second still being counted is not drawn.
    void pausedAndLive()
    {
        FarmHistory history;
        const QString farm = FarmHistory::farmScope();
        history.apply({ cells(farm, S0 + 5, { { 6, 3 } }) });
        LatencyChart chart;
        chart.refresh(history, ms(S0 + 10));
        show(chart);
        HeatmapChart* heatmap = chart.heatmap();
        QCOMPARE(heatmap->timeTo(), ms(S0 + 10));
        QCOMPARE(heatmap->grid().total, 3);

        chart.setLive(false);
        history.apply({ cells(farm, S0 + 12, { { 6, 4 } }), cells(farm, S0 + 13, { { 6, 5 } }) });
        chart.refresh(history, ms(S0 + 13) + 400);
        chart.rebuildNow();
        QCOMPARE(heatmap->timeTo(), ms(S0 + 10));
        QCOMPARE(heatmap->grid().total, 3);

        chart.setLive(true);
        chart.rebuildNow();
        QCOMPARE(heatmap->timeTo(), ms(S0 + 13));
        QCOMPARE(heatmap->grid().total, 3 + 4); // second 13 is still being counted
        chart.refresh(history, ms(S0 + 14));
        chart.rebuildNow();
        QCOMPARE(heatmap->grid().total, 3 + 4 + 5);
    }

    // An hour on a chart narrower than 3,600 pixels: columns of several seconds, whose counts are the
    // sums of their seconds'.
    void mergedColumnsAddCounts()
    {
        FarmHistory history;
        const QString farm = FarmHistory::farmScope();
        for (qint64 s = S0; s < S0 + 3600; ++s)
            history.apply({ cells(farm, s, { { 7, s % 4 + 1 }, { 10, s % 60 == 0 ? 9 : 0 } }) });
        LatencyChart chart;
        chart.resize(800, 400);
        chart.setWindowSeconds(3600);
        chart.refresh(history, ms(S0 + 3600));
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.rebuildNow();
        const HeatmapGrid& grid = chart.heatmap()->grid();
        QVERIFY(grid.secondsPerColumn > 1);
        QVERIFY2(grid.columns <= chart.heatmap()->plotWidth(),
            qPrintable(u"%1 columns for %2 px"_s.arg(grid.columns).arg(chart.heatmap()->plotWidth())));
        QCOMPARE(grid.firstS % grid.secondsPerColumn, 0);
        qint64 total = 0;
        for (int column = 0; column < grid.columns; ++column) {
            qint64 expected7 = 0;
            qint64 expected10 = 0;
            for (qint64 s = grid.columnStart(column); s < grid.columnStart(column + 1); ++s) {
                if (s >= S0 && s < S0 + 3600) {
                    expected7 += s % 4 + 1;
                    expected10 += s % 60 == 0 ? 9 : 0;
                }
            }
            QCOMPARE(grid.at(column, 7), expected7);
            QCOMPARE(grid.at(column, 10), expected10);
            total += expected7 + expected10;
        }
        QCOMPARE(grid.total, total);
        // A merged column's tooltip spans its seconds.
        const int column = grid.columnOf(S0 + 1800);
        QVERIFY(chart.heatmap()->toolTipFor(column, 7).startsWith(
            u"%1\u2013%2"_s.arg(timeOf(grid.columnStart(column)), timeOf(grid.columnStart(column + 1)))));
    }

    // p95 and p99 over the heatmap: the farm's, or the one selected instance's.
    void percentileLinesOverTheHeatmap()
    {
        FarmHistory history;
        const QString farm = FarmHistory::farmScope();
        const QString web = FarmHistory::serverScope(4);
        history.apply({ percentiles(farm, S0 + 1, 120, 300), cells(farm, S0 + 1, { { 6, 10 } }),
            percentiles(web, S0 + 1, 34000, 34100), cells(web, S0 + 1, { { 13, 2 } }) });
        LatencyChart chart;
        chart.refresh(history, ms(S0 + 3));
        show(chart);
        QList<HeatmapLine> lines = chart.heatmap()->lines();
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0].id, u"p95"_s);
        QCOMPARE(lines[0].points, (QList<QPointF> { { 1e3 * (S0 + 1), 120 } }));
        QCOMPARE(lines[1].points, (QList<QPointF> { { 1e3 * (S0 + 1), 300 } }));
        chart.setMode(LatencyChart::Mode::Servers);
        chart.setServers({ 4 }, { u"web-04"_s });
        chart.rebuildNow();
        lines = chart.heatmap()->lines();
        QCOMPARE(lines[0].points, (QList<QPointF> { { 1e3 * (S0 + 1), 34000 } }));
        QCOMPARE(lines[1].name, u"p99"_s);
        QCOMPARE(chart.heatmap()->grid().total, 2);

        // The lines view is a choice away, with the chart's percentiles.
        chart.setView(LatencyChart::View::Lines);
        chart.rebuildNow();
        QVERIFY(chart.chart()->isVisible());
        QVERIFY(!chart.heatmap()->isVisible());
        QCOMPARE(chart.chart()->points(u"p95:4"_s), (QList<QPointF> { { 1e3 * (S0 + 1), 34.0 } }));
    }
};

QTEST_MAIN(TestHeatmapChart)
#include "tst_heatmapchart.moc"
