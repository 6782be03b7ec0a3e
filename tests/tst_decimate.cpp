#include "decimate.h"

#include <cmath>
#include <QtTest>

using namespace Paddock;

namespace {

// A wavy line with one spike up and one down, and NaN gaps where asked.
QList<QPointF> line(int count, int spikeAt, int dipAt, const QList<int>& nanAt)
{
    QList<QPointF> points;
    points.reserve(count);
    for (int i = 0; i < count; ++i) {
        double y = 100.0 + 10.0 * std::sin(i / 37.0) + (i % 7);
        if (i == spikeAt)
            y = 5000.0;
        if (i == dipAt)
            y = -300.0;
        if (nanAt.contains(i))
            y = NAN;
        points.append(QPointF(1000.0 * i, y));
    }
    return points;
}

} // namespace

class TestDecimate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void keepsExtremesOrderAndGaps_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("columns");
        QTest::addColumn<int>("spikeAt");
        QTest::addColumn<int>("dipAt");
        QTest::addColumn<QList<int>>("nanAt");

        QTest::addRow("10000 points into 100 columns") << 10000 << 100 << 4321 << 8765 << QList<int>();
        QTest::addRow("spike in the first point") << 10000 << 100 << 0 << 9999 << QList<int>();
        QTest::addRow("NaN gaps") << 10000 << 100 << 10 << 20 << QList<int> { 500, 501, 502, 7000 };
        QTest::addRow("NaN next to the spike") << 5000 << 80 << 2001 << 3000 << QList<int> { 2000, 2002 };
        QTest::addRow("3600 seconds into 700 pixels") << 3600 << 700 << 1800 << 1801 << QList<int> { 900 };
        QTest::addRow("one column") << 1000 << 1 << 999 << 0 << QList<int>();
    }

    void keepsExtremesOrderAndGaps()
    {
        QFETCH(int, count);
        QFETCH(int, columns);
        QFETCH(int, spikeAt);
        QFETCH(int, dipAt);
        QFETCH(QList<int>, nanAt);

        const QList<QPointF> input = line(count, spikeAt, dipAt, nanAt);
        const QList<QPointF> output = Decimate::minMax(input, columns);

        qsizetype nans = 0;
        for (const QPointF& p : output)
            nans += std::isnan(p.y()) ? 1 : 0;
        QVERIFY2(output.size() - nans <= 2 * columns + 2 * nans,
            qPrintable(QStringLiteral("%1 points for %2 columns").arg(output.size()).arg(columns)));

        double highest = -1e300;
        double lowest = 1e300;
        for (const QPointF& p : output) {
            if (!std::isnan(p.y())) {
                highest = std::max(highest, p.y());
                lowest = std::min(lowest, p.y());
            }
        }
        QCOMPARE(highest, 5000.0);
        QCOMPARE(lowest, -300.0);

        // Every output point is an input point, in the input's order.
        qsizetype at = 0;
        for (const QPointF& p : output) {
            while (at < input.size() && input[at].x() != p.x())
                ++at;
            QVERIFY2(at < input.size(), "a point out of order or made up");
            QVERIFY(std::isnan(p.y()) ? std::isnan(input[at].y()) : input[at].y() == p.y());
            ++at;
        }

        // Each run of NaN in the input is one NaN in the output, at the run's first x.
        QList<double> expectedGaps;
        for (qsizetype i = 0; i < input.size(); ++i) {
            if (std::isnan(input[i].y()) && (i == 0 || !std::isnan(input[i - 1].y())))
                expectedGaps.append(input[i].x());
        }
        QList<double> gaps;
        for (const QPointF& p : output) {
            if (std::isnan(p.y()))
                gaps.append(p.x());
        }
        QCOMPARE(gaps, expectedGaps);
    }

    void shortListsAreUnchanged()
    {
        const QList<QPointF> input = line(200, 5, 6, { 50 });
        const QList<QPointF> output = Decimate::minMax(input, 100);
        QCOMPARE(output.size(), input.size());
        for (qsizetype i = 0; i < input.size(); ++i) {
            QCOMPARE(output[i].x(), input[i].x());
            QVERIFY(std::isnan(input[i].y()) ? std::isnan(output[i].y()) : output[i].y() == input[i].y());
        }
    }

    void columnsFollowTheGivenRange()
    {
        // 1000 points crowded in the first tenth of a 10-column range: they all fall in column 0.
        QList<QPointF> input;
        for (int i = 0; i < 1000; ++i)
            input.append(QPointF(i * 0.1, i == 500 ? 99.0 : 1.0 + (i % 3)));
        const QList<QPointF> output = Decimate::minMax(input, 10, 0.0, 1000.0);
        QCOMPARE(output.size(), 2);
        QCOMPARE(output[0].y(), 1.0); // the first minimum, before the spike
        QCOMPARE(output[1].y(), 99.0);
    }

    void flatLineKeepsOnePointPerColumn()
    {
        QList<QPointF> input;
        for (int i = 0; i < 1000; ++i)
            input.append(QPointF(i, 7.0));
        const QList<QPointF> output = Decimate::minMax(input, 10, 0.0, 1000.0);
        QCOMPARE(output.size(), 10);
        QCOMPARE(output.first().x(), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestDecimate)
#include "tst_decimate.moc"
