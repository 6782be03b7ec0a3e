#include "farmhistory.h"
#include "farmreader.h"

#include <QtTest>

using namespace Paddock;

namespace {

const QDateTime T0(QDate(2026, 11, 22), QTime(10, 0), Qt::UTC);

ServerRow server(qint64 id, const char* name)
{
    ServerRow row;
    row.id = id;
    row.name = QString::fromLatin1(name);
    return row;
}

QDateTime at(double seconds)
{
    return T0.addMSecs(qint64(seconds * 1000));
}

DeliveryRow delivery(qint64 server, const char* type, double createdS, double processedS, bool failed = false)
{
    DeliveryRow row;
    row.taskId = qint64(createdS * 1000);
    row.serverId = server;
    row.taskType = QString::fromLatin1(type);
    row.createdAt = at(createdS);
    row.processedAt = at(processedS);
    if (failed)
        row.errorMessage = QStringLiteral("boom");
    return row;
}

} // namespace

class TestFarmHistory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void ringKeepsTheNewestSeconds()
    {
        TimeSeries series(10);
        for (qint64 s = 100; s < 125; ++s)
            series.bucket(s)->processed = int(s);
        QCOMPARE(series.newest(), 124);
        QVERIFY(series.at(114) == nullptr); // 124 - 10
        QCOMPARE(series.at(115)->processed, 115);
        QVERIFY(series.bucket(110) == nullptr); // too old to write
        const QList<SeriesBucket> range = series.range(0, 1000);
        QCOMPARE(range.size(), 10);
        QCOMPARE(range.first().second, 115);
        QCOMPARE(range.last().second, 124);
    }

    void skippedSecondsAreEmpty()
    {
        TimeSeries series(10);
        series.bucket(100)->processed = 7;
        series.bucket(105)->processed = 3;
        QCOMPARE(series.range(100, 105).size(), 2);
        QVERIFY(series.at(103) == nullptr);
        // Writing far ahead leaves nothing of the old seconds behind in their slots.
        series.bucket(200)->processed = 1;
        QVERIFY(series.at(100) == nullptr);
        QCOMPARE(series.range(0, 1000).size(), 1);
    }

    void updatesCountAndRecomputeLatency()
    {
        FarmData data;
        data.now = at(10);
        data.servers = { server(1, "a"), server(2, "b") };
        ReadDelta delta;
        delta.tasks = { TaskRow { 1, QStringLiteral("TOUCH_CACHE_ITEM"), at(5.1), 1, {} },
            TaskRow { 2, QStringLiteral("UPDATE_METAFILE"), at(5.9), 2, {} } };
        // Second 6 of server 2: cache latencies 100, 300 ms; a failed one and a file task do not count.
        delta.deliveries = { delivery(2, "TOUCH_CACHE_ITEM", 5.9, 6.0), delivery(2, "TOUCH_CACHE_ITEM", 5.7, 6.0),
            delivery(2, "TOUCH_CACHE_ITEM", 5.0, 6.5, true), delivery(1, "UPDATE_METAFILE", 5.9, 6.2) };
        data.deliveries = delta.deliveries;
        data.backlog = { BacklogRow { 2, 4, at(3) } };

        FarmHistory history(60);
        history.apply(FarmHistory::updatesFor(delta, data));
        const qint64 s5 = at(5).toSecsSinceEpoch();
        const qint64 s6 = s5 + 1;
        const TimeSeries* farm = history.series(FarmHistory::farmScope());
        QVERIFY(farm);
        QCOMPARE(farm->at(s5)->created, 2);
        QCOMPARE(farm->at(s6)->processed, 4);
        QCOMPARE(farm->at(s6)->failed, 1);
        QCOMPARE(farm->at(s6)->latencyCount, 2);
        QCOMPARE(farm->at(s6)->p50, 200.0f); // (100 + 300) / 2
        QCOMPARE(farm->at(s6)->max, 300.0f);
        const TimeSeries* b = history.series(FarmHistory::serverScope(2));
        QCOMPARE(b->at(s6)->processed, 3);
        QCOMPARE(b->at(s5 + 5)->backlog, 4); // sampled at data.now
        QCOMPARE(history.series(FarmHistory::serverScope(1))->at(s5 + 5)->backlog, 0);
        QCOMPARE(farm->at(s5 + 5)->backlog, 4);
        QCOMPARE(history.series(FarmHistory::typeScope(QStringLiteral("UPDATE_METAFILE")))->at(s6)->processed, 1);

        // A late delivery of second 6 adds to its counts and re-computes its percentiles.
        ReadDelta late;
        late.deliveries = { delivery(2, "REMOVE_CACHE_ITEM", 5.5, 6.1) }; // 600 ms
        data.deliveries.append(late.deliveries);
        history.apply(FarmHistory::updatesFor(late, data));
        QCOMPARE(farm->at(s6)->processed, 5);
        QCOMPARE(farm->at(s6)->latencyCount, 3);
        QCOMPARE(farm->at(s6)->p50, 300.0f); // 100, 300, 600
        QCOMPARE(farm->at(s6)->max, 600.0f);
    }

    void memoryIsBoundedByTheRetention()
    {
        FarmHistory history(120);
        FarmData data;
        data.servers = { server(1, "a") };
        for (int s = 0; s < 10000; ++s) {
            data.now = at(s);
            ReadDelta delta;
            delta.tasks = { TaskRow { s, QStringLiteral("TOUCH_CACHE_ITEM"), at(s), 1, {} } };
            history.apply(FarmHistory::updatesFor(delta, data));
        }
        const TimeSeries* farm = history.series(FarmHistory::farmScope());
        QCOMPARE(farm->capacity(), 120);
        QCOMPARE(farm->range(0, std::numeric_limits<qint64>::max()).size(), 120);
        QCOMPARE(history.scopes().size(), 3); // farm, server:1, type:TOUCH_CACHE_ITEM
    }

    void probesMakeAStorageSeries()
    {
        FarmData data;
        data.now = at(10);
        ReadDelta delta;
        ProbeRow fast { 7, 1, at(4.2), true, 10.0, std::nullopt, QString() };
        ProbeRow slow { 7, 2, at(4.8), false, 30.0, std::nullopt, QStringLiteral("timeout") };
        ProbeRow noLatency { 7, 3, at(4.9), false, std::nullopt, std::nullopt, QStringLiteral("refused") };
        delta.probes = { fast, slow, noLatency };
        data.probes = delta.probes;
        FarmHistory history(60);
        history.apply(FarmHistory::updatesFor(delta, data));
        const TimeSeries* series = history.series(FarmHistory::storageScope(7));
        QVERIFY(series);
        const SeriesBucket* bucket = series->at(at(4).toSecsSinceEpoch());
        QVERIFY(bucket);
        QCOMPARE(bucket->processed, 3);
        QCOMPARE(bucket->failed, 2);
        QCOMPARE(bucket->latencyCount, 2);
        QCOMPARE(bucket->p50, 20.0f); // (10 + 30) / 2
        QCOMPARE(bucket->max, 30.0f);
    }
};

QTEST_GUILESS_MAIN(TestFarmHistory)
#include "tst_farmhistory.moc"
