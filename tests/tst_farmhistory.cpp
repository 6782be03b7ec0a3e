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
    // A reader that kept what it drew at revision r redraws from oldestChangeSince(r) on.
    void changesAreCountedWithTheirOldestSecond()
    {
        FarmHistory history;
        auto update = [](qint64 second) {
            SeriesUpdate u;
            u.scope = FarmHistory::farmScope();
            u.second = second;
            u.processed = 1;
            return u;
        };
        const quint64 start = history.revision();
        QCOMPARE(history.oldestChangeSince(start), std::numeric_limits<qint64>::max()); // nothing since
        history.apply({ update(1000), update(1001) });
        history.apply({ update(1002), update(990) }); // a late read of an older second
        QCOMPARE(history.oldestChangeSince(start), qint64(990));
        const quint64 afterLate = history.revision();
        history.apply({ update(1003) });
        QCOMPARE(history.oldestChangeSince(afterLate), qint64(1003));
        history.clearFrom(995);
        QCOMPARE(history.oldestChangeSince(afterLate), qint64(995));
        const quint64 beforeClear = history.revision();
        history.clear();
        QCOMPARE(history.oldestChangeSince(beforeClear), std::numeric_limits<qint64>::min()); // everything
        // Further back than the log: everything, as for another history's revision.
        const quint64 old = history.revision();
        for (int i = 0; i < 100; ++i)
            history.apply({ update(2000 + i) });
        QCOMPARE(history.oldestChangeSince(old), std::numeric_limits<qint64>::min());
        FarmHistory other;
        QCOMPARE(other.oldestChangeSince(history.revision()), std::numeric_limits<qint64>::min());
        QCOMPARE(history.oldestChangeSince(other.revision()), std::numeric_limits<qint64>::min());
    }

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
    void memoryFollowsTheData()
    {
        // Nothing is held before data arrives; an hour of one series holds about an hour of buckets.
        TimeSeries series(3600);
        QCOMPARE(series.heldBuckets(), 0);
        series.bucket(1000)->processed = 1;
        QCOMPARE(series.heldBuckets(), TimeSeries::ChunkBuckets);
        for (qint64 s = 1000; s < 1000 + 3 * 3600; ++s)
            series.bucket(s)->processed = 1;
        QVERIFY2(series.heldBuckets() <= 3600 + 2 * TimeSeries::ChunkBuckets,
            qPrintable(QString::number(series.heldBuckets())));
        QCOMPARE(series.range(0, std::numeric_limits<qint64>::max()).size(), 3600);
        // What fell out of the retention is freed on request.
        series.dropBefore(1000 + 3 * 3600 - 600);
        QVERIFY(series.heldBuckets() <= 600 + 2 * TimeSeries::ChunkBuckets);
        QCOMPARE(series.at(1000 + 3 * 3600 - 1)->processed, 1);
    }

    void goneInstancesAreReleasedAfterTheRetention()
    {
        FarmHistory history(120);
        const qint64 s0 = T0.toSecsSinceEpoch();
        for (qint64 s = s0; s < s0 + 400; ++s) {
            SeriesUpdate farm { FarmHistory::farmScope(), s, 0, 1, 0, {}, {} };
            QList<SeriesUpdate> updates { farm };
            if (s < s0 + 100) // instance 2 leaves after 100 s
                updates.append(SeriesUpdate { FarmHistory::serverScope(2), s, 0, 1, 0, 0, {} });
            updates.append(SeriesUpdate { FarmHistory::serverScope(1), s, 0, 1, 0, 0, {} });
            history.apply(updates);
            if (s == s0 + 150)
                QVERIFY(history.series(FarmHistory::serverScope(2))); // within the retention: still shown
        }
        QVERIFY(!history.series(FarmHistory::serverScope(2)));
        QVERIFY(history.series(FarmHistory::serverScope(1)));
        // Each remaining series holds about its retention, not the 400 s it saw.
        QVERIFY(history.heldBuckets() <= 2 * (120 + 2 * TimeSeries::ChunkBuckets));
    }

    void largeFarmsGetCoarserInstanceBuckets()
    {
        QCOMPARE(FarmHistory::instanceResolutionFor(100, 3600), 1);
        QCOMPARE(FarmHistory::instanceResolutionFor(1000, 3600), 3);
        QCOMPARE(FarmHistory::instanceResolutionFor(10000, 3600), 30);
        // Each figure of the coarse series, computed by hand from the seconds it was fed.
        FarmHistory history(3600);
        const qint64 s0 = (T0.toSecsSinceEpoch() / 30) * 30;
        QList<SeriesUpdate> first;
        for (qint64 id = 1; id <= 10000; ++id)
            first.append(SeriesUpdate { FarmHistory::serverScope(id), s0, 0, 2, 0, 5, {} });
        history.apply(first);
        QCOMPARE(history.instanceResolution(), 30);
        const LatencyStats slow { 3, 80.0, 400.0, 500.0, 600.0 };
        const LatencyStats fast { 9, 20.0, 30.0, 40.0, 50.0 };
        history.apply({ SeriesUpdate { FarmHistory::serverScope(7), s0 + 10, 0, 3, 1, 9, slow },
            SeriesUpdate { FarmHistory::serverScope(7), s0 + 29, 0, 4, 0, 2, fast },
            SeriesUpdate { FarmHistory::farmScope(), s0 + 29, 0, 4, 0, 2, fast } });
        const TimeSeries* seven = history.series(FarmHistory::serverScope(7));
        QCOMPARE(seven->resolution(), 30);
        const SeriesBucket* bucket = seven->at(s0 + 15);
        QVERIFY(bucket);
        QCOMPARE(bucket, seven->at(s0)); // one bucket for the 30 seconds
        QCOMPARE(bucket->second, s0);
        QCOMPARE(bucket->processed, 2 + 3 + 4);
        QCOMPARE(bucket->failed, 1);
        QCOMPARE(bucket->backlog, 2); // the latest sample
        QCOMPARE(bucket->p95, 400.0f); // the worst second
        QCOMPARE(bucket->p50, 80.0f);
        QCOMPARE(bucket->latencyCount, 9);
        QVERIFY(!seven->at(s0 + 30));
        // The farm's own series keeps its seconds.
        QCOMPARE(history.series(FarmHistory::farmScope())->resolution(), 1);
        // 10,000 instances for an hour fit the budget.
        QVERIFY(10000 * ((3600 + 29) / 30) <= FarmHistory::InstanceBucketBudget);
    }

    // The latency buckets live as the series do: coarser for the instances of a large farm, released
    // with a gone instance, cleared from a reload's first second.
    void heatmapsFollowTheSeries()
    {
        FarmHistory history(600);
        const qint64 s0 = (T0.toSecsSinceEpoch() / 30) * 30;
        auto cells = [](const QString& scope, qint64 second, QList<LatencyCell> cells) {
            SeriesUpdate update;
            update.scope = scope;
            update.second = second;
            update.processed = 1;
            update.latencyCells = std::move(cells);
            return update;
        };
        history.apply({ cells(FarmHistory::farmScope(), s0, { { 6, 2 } }),
            cells(FarmHistory::serverScope(1), s0 + 1, { { 6, 1 } }),
            cells(FarmHistory::serverScope(2), s0 + 2, { { 6, 1 }, { 12, 4 } }) });
        QCOMPARE(history.heatmap(FarmHistory::serverScope(2))->resolution(), 1);
        QCOMPARE(history.heatmap(FarmHistory::serverScope(2))->count(s0 + 2, 12), 4);
        // 10,000 more instances over 600 s: 5 s buckets for the instances (the budget), counts kept; the
        // farm keeps its seconds.
        QList<SeriesUpdate> many;
        for (qint64 id = 10; id < 10010; ++id)
            many.append(cells(FarmHistory::serverScope(id), s0 + 3, { { 7, 1 } }));
        history.apply(many);
        QCOMPARE(history.instanceResolution(), 5);
        const LatencyHeatmap* two = history.heatmap(FarmHistory::serverScope(2));
        QCOMPARE(two->resolution(), 5);
        QCOMPARE(two->count(s0 + 4, 12), 4); // the bucket of s0 .. s0 + 4
        QCOMPARE(two->count(s0 + 4, 6), 1);
        QCOMPARE(history.heatmap(FarmHistory::serverScope(1))->count(s0, 6), 1);
        QCOMPARE(history.heatmap(FarmHistory::serverScope(10))->resolution(), 5);
        QCOMPARE(history.heatmap(FarmHistory::farmScope())->resolution(), 1);
        // Instance 2 stops; once the retention has passed its buckets are released.
        for (qint64 s = s0 + 4; s < s0 + 700; s += 10)
            history.apply({ cells(FarmHistory::farmScope(), s, { { 6, 1 } }) });
        QVERIFY(!history.heatmap(FarmHistory::serverScope(2)));
        QVERIFY(history.heatmap(FarmHistory::farmScope()));
        history.clearFrom(s0 + 600);
        QCOMPARE(history.heatmap(FarmHistory::farmScope())->count(s0 + 604, 6), 0);
        QCOMPARE(history.heatmap(FarmHistory::farmScope())->count(s0 + 594, 6), 1);
    }

    void coarseningKeepsTheTotals()
    {
        TimeSeries fine(600);
        qint64 processed = 0;
        for (qint64 s = 1000; s < 1300; ++s) {
            SeriesBucket* bucket = fine.bucket(s);
            bucket->processed = int(s % 7);
            bucket->backlog = int(s);
            processed += s % 7;
        }
        const TimeSeries coarse = fine.coarsened(10);
        qint64 total = 0;
        for (const SeriesBucket& bucket : coarse.range(0, 5000))
            total += bucket.processed;
        QCOMPARE(total, processed);
        QCOMPARE(coarse.at(1295)->backlog, 1299);
        QCOMPARE(coarse.newest(), fine.newest());
    }

    void inventedTaskTypesShareOneSeries()
    {
        FarmData data;
        data.now = at(60);
        data.servers = { server(1, "a") };
        ReadDelta delta;
        // 500 types with a key in each, one task each; one busy type of the farm's own; contract types.
        for (int i = 0; i < 500; ++i)
            delta.tasks.append(TaskRow { i, QStringLiteral("TOUCH:/page/%1").arg(i), at(5), 1, {} });
        for (int i = 0; i < 40; ++i)
            delta.tasks.append(TaskRow { 1000 + i, QStringLiteral("REINDEX"), at(5), 1, {} });
        delta.tasks.append(TaskRow { 2000, QStringLiteral("UPDATE_METAFILE"), at(5), 1, {} });
        data.tasks = delta.tasks;
        FarmHistory history(600);
        history.apply(FarmHistory::updatesFor(delta, data));
        QStringList types;
        for (const QString& scope : history.scopes()) {
            if (scope.startsWith(QLatin1String("type:")))
                types.append(scope);
        }
        types.sort();
        QCOMPARE(types,
            (QStringList { FarmHistory::otherTypesScope(), FarmHistory::typeScope(QStringLiteral("REINDEX")),
                FarmHistory::typeScope(QStringLiteral("UPDATE_METAFILE")) }));
        const qint64 s5 = at(5).toSecsSinceEpoch();
        QCOMPARE(history.series(FarmHistory::otherTypesScope())->at(s5)->created, 500);
        QCOMPARE(history.series(FarmHistory::typeScope(QStringLiteral("REINDEX")))->at(s5)->created, 40);
    }
};

QTEST_GUILESS_MAIN(TestFarmHistory)
#include "tst_farmhistory.moc"
