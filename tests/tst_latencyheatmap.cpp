#include "engine.h"
#include "farmhistory.h"
#include "farmreader.h"
#include "latencyheatmap.h"
#include "pgconnection.h"
#include "testdatabase.h"

#include <cmath>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

using namespace Paddock;
using namespace Qt::StringLiterals;
using Paddock::Test::call;
using Paddock::Test::TestDatabase;

namespace {

const QDateTime T0(QDate(2026, 11, 22), QTime(10, 0), Qt::UTC);

QDateTime at(double seconds)
{
    return T0.addMSecs(qint64(std::llround(seconds * 1000)));
}

DeliveryRow delivery(
    qint64 task, qint64 server, const char* type, double createdS, double processedS, bool failed = false)
{
    DeliveryRow row;
    row.taskId = task;
    row.serverId = server;
    row.taskType = QString::fromLatin1(type);
    row.createdAt = at(createdS);
    row.processedAt = at(processedS);
    if (failed)
        row.errorMessage = u"boom"_s;
    return row;
}

// The cells of a heatmap as (second, bucket) -> count.
using Cells = QMap<QPair<qint64, int>, qint64>;

Cells cellsOf(const LatencyHeatmap* map)
{
    Cells cells;
    if (map) {
        map->forEachCell(std::numeric_limits<qint64>::min() / 4, std::numeric_limits<qint64>::max() / 4,
            [&](qint64 start, int bucket, qint64 count) {
                cells[{ start, bucket }] += count;
            });
    }
    return cells;
}

QString describe(const Cells& cells)
{
    QStringList parts;
    for (auto it = cells.cbegin(); it != cells.cend(); ++it)
        parts.append(u"%1/%2=%3"_s.arg(it.key().first).arg(it.key().second).arg(it.value()));
    return parts.join(u' ');
}

// The histogram of DESIGN.md section 3's cache-invalidation latency, computed by the database from
// the tables: successful deliveries of cache-family tasks, by the second of processed_at and the
// bucket of processed_at - created_at (both to the millisecond, as the reader reads them), the
// buckets from their lower edges with width_bucket. serverId 0: farm-wide.
Cells histogramInDatabase(PgConnection& connection, qint64 serverId)
{
    const PgResult result = connection.exec(
        u"WITH d AS (SELECT st.server_id, round(extract(epoch FROM st.processed_at) * 1000) AS processed_ms, "
        "round(extract(epoch FROM t.created_at) * 1000) AS created_ms FROM webfarm.server_task st "
        "JOIN webfarm.task t ON t.id = st.task_id WHERE st.processed_at IS NOT NULL AND st.error_message IS NULL "
        "AND t.type IN ('TOUCH_CACHE_ITEM', 'REMOVE_CACHE_ITEM', 'CLEAR_CACHE_ITEMS', 'CLEAR_FULL_PAGE_CACHE', "
        "'INVALIDATE_OBJECT', 'CLEAR_CACHE') AND ($1::bigint = 0 OR st.server_id = $1::bigint)) "
        "SELECT floor(processed_ms / 1000)::bigint AS second, "
        "width_bucket(processed_ms - created_ms, ARRAY[2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, "
        "20000, 30000, 60000, 120000]::numeric[]) AS bucket, count(*) FROM d GROUP BY 1, 2"_s,
        { serverId });
    Cells cells;
    for (int row = 0; row < result.rows(); ++row)
        cells[{ *result.integer(row, 0), int(*result.integer(row, 1)) }] = *result.integer(row, 2);
    return cells;
}

qint64 totalOf(const Cells& cells)
{
    qint64 total = 0;
    for (qint64 count : cells)
        total += count;
    return total;
}

// Inserts one task and its delivery to `server`, processed `agoMs` before the database's now
// (rounded to the millisecond) after `latencyMs`.
void insertDelivery(
    PgConnection& connection, qint64 server, const QString& type, qint64 agoMs, qint64 latencyMs, bool failed)
{
    connection.exec(u"WITH p AS (SELECT date_trunc('milliseconds', clock_timestamp()) - $1::bigint * interval "
                    "'1 millisecond' AS processed_at), t AS (INSERT INTO webfarm.task (type, target, created_at) "
                    "SELECT $2::text, 'k', processed_at - $3::bigint * interval '1 millisecond' FROM p RETURNING id) "
                    "INSERT INTO webfarm.server_task (task_id, server_id, processed_at, error_message) "
                    "SELECT t.id, $4::bigint, p.processed_at, $5::text FROM t, p"_s,
        { agoMs, type, latencyMs, server, failed ? QVariant(u"boom"_s) : QVariant(QMetaType::fromType<QString>()) });
}

} // namespace

class TestLatencyHeatmap : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void bucketEdges_data()
    {
        QTest::addColumn<double>("ms");
        QTest::addColumn<int>("bucket");
        // Below the scale: the first bucket (1-2 ms) takes it, a clock that went backwards too.
        QTest::addRow("negative") << -5.0 << 0;
        QTest::addRow("0 ms") << 0.0 << 0;
        QTest::addRow("0.4 ms") << 0.4 << 0;
        QTest::addRow("NaN") << double(NAN) << 0;
        // Each value on an edge starts the bucket above it; just under an edge stays below.
        const int edges[]
            = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 30000, 60000, 120000 };
        for (int i = 0; i < LatencyBuckets::Count; ++i) {
            QTest::addRow("on %d ms", edges[i]) << double(edges[i]) << i;
            if (i > 0)
                QTest::addRow("just under %d ms", edges[i]) << double(edges[i]) - 0.001 << i - 1;
        }
        // The last bucket (2-5 min) holds 5 min and over.
        QTest::addRow("299,999 ms") << 299999.0 << 16;
        QTest::addRow("on 5 min") << 300000.0 << 16;
        QTest::addRow("1 h") << 3600000.0 << 16;
    }

    void bucketEdges()
    {
        QFETCH(double, ms);
        QFETCH(int, bucket);
        QCOMPARE(LatencyBuckets::of(ms), bucket);
    }

    void bucketTexts()
    {
        QCOMPARE(LatencyBuckets::edgeText(0), u"1 ms"_s);
        QCOMPARE(LatencyBuckets::edgeText(9), u"1 s"_s);
        QCOMPARE(LatencyBuckets::edgeText(15), u"1 min"_s);
        QCOMPARE(LatencyBuckets::edgeText(17), u"5 min"_s);
        QCOMPARE(LatencyBuckets::rangeText(0), u"under 2 ms"_s);
        QCOMPARE(LatencyBuckets::rangeText(6), u"100\u2013200 ms"_s);
        QCOMPARE(LatencyBuckets::rangeText(8), u"500 ms\u20131 s"_s);
        QCOMPARE(LatencyBuckets::rangeText(14), u"30 s\u20131 min"_s);
        QCOMPARE(LatencyBuckets::rangeText(16), u"2 min and over"_s);
    }

    // Hand-built rows through FarmHistory::updatesFor: which deliveries count, in which second and
    // bucket, for the farm and for their instance.
    void cellsFromRows()
    {
        FarmData data;
        data.now = at(20);
        ReadDelta delta;
        // Second 5 (processed at 5.000-5.999), by hand:
        //   instance 1: 0 ms (bucket 0, below the scale), 2 ms on the edge (1), 150 ms (6), 150 ms (6)
        //   instance 2: 1,000 ms on the edge (9), 301 s (16, above the scale), 300 s on the edge (16)
        //   not counted: a failed cache delivery, a file task, a restart, a type outside the contract
        delta.deliveries = { delivery(1, 1, "TOUCH_CACHE_ITEM", 5.0, 5.0),
            delivery(2, 1, "REMOVE_CACHE_ITEM", 4.998, 5.0), delivery(3, 1, "CLEAR_CACHE", 4.85, 5.0),
            delivery(4, 1, "INVALIDATE_OBJECT", 5.2, 5.35), delivery(5, 2, "CLEAR_CACHE_ITEMS", 4.5, 5.5),
            delivery(6, 2, "CLEAR_FULL_PAGE_CACHE", -296.0, 5.0), delivery(7, 2, "TOUCH_CACHE_ITEM", -295.0, 5.0),
            delivery(8, 2, "TOUCH_CACHE_ITEM", 4.0, 5.9, true), delivery(9, 1, "UPDATE_METAFILE", 4.9, 5.1),
            delivery(10, 1, "RESTART_APPLICATION", 4.9, 5.1), delivery(11, 2, "REINDEX", 4.9, 5.1),
            // Second 6: instance 2, 20 s (13).
            delivery(12, 2, "TOUCH_CACHE_ITEM", -14.0, 6.0) };
        data.deliveries = delta.deliveries;
        FarmHistory history(600);
        history.apply(FarmHistory::updatesFor(delta, data));
        const qint64 s5 = at(5).toSecsSinceEpoch();
        const Cells farm = cellsOf(history.heatmap(FarmHistory::farmScope()));
        const Cells expectedFarm { { { s5, 0 }, 1 }, { { s5, 1 }, 1 }, { { s5, 6 }, 2 }, { { s5, 9 }, 1 },
            { { s5, 16 }, 2 }, { { s5 + 1, 13 }, 1 } };
        QVERIFY2(farm == expectedFarm, qPrintable(describe(farm)));
        const Cells one = cellsOf(history.heatmap(FarmHistory::serverScope(1)));
        QVERIFY2(one == (Cells { { { s5, 0 }, 1 }, { { s5, 1 }, 1 }, { { s5, 6 }, 2 } }), qPrintable(describe(one)));
        const Cells two = cellsOf(history.heatmap(FarmHistory::serverScope(2)));
        QVERIFY2(
            two == (Cells { { { s5, 9 }, 1 }, { { s5, 16 }, 2 }, { { s5 + 1, 13 }, 1 } }), qPrintable(describe(two)));
        QCOMPARE(history.heatmap(FarmHistory::farmScope())->count(s5, 6), 2);

        // A delivery processed again: the reader keeps its row once, at the new time, and leaves it
        // out of the delta (FarmReader::mergeDelta). It stays counted once, where it was first.
        ReadDelta again;
        data.deliveries.replace(2, delivery(3, 1, "CLEAR_CACHE", 4.85, 9.0));
        data.now = at(21);
        history.apply(FarmHistory::updatesFor(again, data));
        QCOMPARE(cellsOf(history.heatmap(FarmHistory::farmScope())), expectedFarm);
        // A late delivery of second 5 adds to its cell.
        ReadDelta late;
        late.deliveries = { delivery(13, 1, "TOUCH_CACHE_ITEM", 5.8, 5.95) };
        data.deliveries.append(late.deliveries);
        history.apply(FarmHistory::updatesFor(late, data));
        QCOMPARE(history.heatmap(FarmHistory::farmScope())->count(s5, 6), 3);
        QCOMPARE(history.heatmap(FarmHistory::serverScope(1))->count(s5, 6), 3);
        // A reload recounts from its first second: what was there is forgotten first.
        history.clearFrom(s5 + 1);
        QCOMPARE(history.heatmap(FarmHistory::farmScope())->count(s5 + 1, 13), 0);
        QCOMPARE(history.heatmap(FarmHistory::farmScope())->count(s5, 6), 3);
    }

    void coarseningAndGridsAddCounts()
    {
        LatencyHeatmap fine(600);
        qint64 total = 0;
        for (qint64 s = 1000; s < 1300; ++s) {
            fine.add(s, int(s % 3), s % 5 + 1);
            total += s % 5 + 1;
        }
        const LatencyHeatmap coarse = fine.coarsened(10);
        QCOMPARE(coarse.resolution(), 10);
        qint64 coarseTotal = 0;
        coarse.forEachCell(0, 5000, [&](qint64 start, int, qint64 count) {
            QCOMPARE(start % 10, 0);
            coarseTotal += count;
        });
        QCOMPARE(coarseTotal, total);
        // 1000-1009 in bucket 1: s % 3 == 1 for 1000, 1003, 1006, 1009; counts s % 5 + 1 = 1, 4, 2, 5.
        QCOMPARE(coarse.count(1005, 1), 1 + 4 + 2 + 5);
        QCOMPARE(coarse.newest(), fine.newest());

        // A grid of 30 columns over 300 s: 10 s a column, aligned on multiples of 10.
        const HeatmapGrid grid = HeatmapGrid::of({ &fine }, 1000, 1299, 30);
        QCOMPARE(grid.secondsPerColumn, 10);
        QCOMPARE(grid.columns, 30);
        QCOMPARE(grid.firstS, 1000);
        QCOMPARE(grid.at(0, 1), 12);
        QCOMPARE(grid.total, total);
        // Two maps add up; a coarse one sets the column width.
        const HeatmapGrid both = HeatmapGrid::of({ &fine, &coarse }, 1000, 1299, 300);
        QCOMPARE(both.secondsPerColumn, 10);
        QCOMPARE(both.at(0, 1), 24);
        QCOMPARE(both.total, 2 * total);
        // A window that does not start on a column edge: the first column is partly outside it.
        const HeatmapGrid shifted = HeatmapGrid::of({ &fine }, 1005, 1294, 29);
        QCOMPARE(shifted.firstS, 1000);
        QCOMPARE(shifted.secondsPerColumn, 10);
        QCOMPARE(shifted.at(0, 1), 2 + 5); // 1006, 1009
    }

    void retentionAndMemoryFollowTheData()
    {
        LatencyHeatmap map(120);
        QCOMPARE(map.cellCount(), 0);
        const qint64 empty = map.heldBytes();
        for (qint64 s = 0; s < 1000; ++s)
            map.add(s, 5, 1);
        QVERIFY(!map.add(800, 5, 1)); // older than the retention
        QCOMPARE(map.count(879, 5), 0);
        QCOMPARE(map.count(880, 5), 1);
        map.dropBefore(1000 - 120);
        // What is held is about the retention's cells: chunks of 64 seconds, at most three of them.
        QVERIFY2(map.cellCount() <= 3 * LatencyHeatmap::ChunkSlots, qPrintable(QString::number(map.cellCount())));
        QVERIFY2(map.heldBytes() - empty <= 3 * (64 + LatencyHeatmap::ChunkSlots * 8),
            qPrintable(QString::number(map.heldBytes() - empty)));
        map.clearFrom(0);
        QCOMPARE(map.cellCount(), 0);
    }

    // An hour of a farm whose instances each deliver in two or three latency buckets a second: the
    // bytes the heatmaps hold at 100 and 1,000 instances (printed), bounded by the cells they hold.
    void memoryOfAnHour_data()
    {
        QTest::addColumn<int>("instances");
        QTest::addRow("100 instances") << 100;
        QTest::addRow("1000 instances") << 1000;
    }

    void memoryOfAnHour()
    {
        QFETCH(int, instances);
        FarmHistory history(3600);
        QStringList scopes;
        for (int i = 1; i <= instances; ++i)
            scopes.append(FarmHistory::serverScope(i));
        const qint64 s0 = T0.toSecsSinceEpoch();
        QElapsedTimer timer;
        timer.start();
        for (qint64 s = s0; s < s0 + 3600; ++s) {
            QList<SeriesUpdate> updates;
            updates.reserve(instances + 1);
            SeriesUpdate farm;
            farm.scope = FarmHistory::farmScope();
            farm.second = s;
            for (int i = 0; i < instances; ++i) {
                SeriesUpdate server;
                server.scope = scopes[i];
                server.second = s;
                server.processed = 20;
                // Most in 200-500 ms and 500 ms-1 s; one instance in ten also in 1-2 s.
                server.latencyCells = { { 7, 12 }, { 8, 8 } };
                if ((i + s) % 10 == 0)
                    server.latencyCells.append({ 9, 1 });
                for (const LatencyCell& cell : std::as_const(server.latencyCells)) {
                    bool found = false;
                    for (LatencyCell& sum : farm.latencyCells) {
                        if (sum.bucket == cell.bucket) {
                            sum.count += cell.count;
                            found = true;
                        }
                    }
                    if (!found)
                        farm.latencyCells.append(cell);
                }
                updates.append(server);
            }
            updates.append(farm);
            history.apply(updates);
        }
        qint64 cells = 0;
        for (const QString& scope : history.heatmapScopes())
            cells += history.heatmap(scope)->cellCount();
        const qint64 bytes = history.heatmapBytes();
        qInfo("%d instances x 1 h: %lld cells, %.1f MB in the heatmaps (%.1f bytes a cell; instance buckets of %d s; "
              "fed in %lld ms)",
            instances, cells, double(bytes) / 1e6, double(bytes) / double(cells), history.instanceResolution(),
            timer.elapsed());
        // The farm's hour at one-second resolution: 3 cells a second, less what left the retention.
        QVERIFY(history.heatmap(FarmHistory::farmScope())->cellCount() >= 3 * 3600 - 3 * 64);
        // Eight bytes a cell, the vectors' slack, and a ring and a few chunks' headers per scope.
        const qint64 perScope = 1200 + 3 * qint64(sizeof(void*)) * (3600 / LatencyHeatmap::ChunkSlots + 2);
        QVERIFY2(bytes <= 12 * cells + perScope * (instances + 1),
            qPrintable(u"%1 bytes for %2 cells"_s.arg(bytes).arg(cells)));
    }

    // Against the private cluster: deliveries with chosen latencies (on the edges, beyond the scale,
    // failed ones, file tasks, one processed again) read by the live engine, every non-empty cell
    // compared with the histogram the database computes from webfarm.server_task and webfarm.task.
    void cellsMatchTheDatabase()
    {
        QVERIFY(Test::requireCluster());
        TestDatabase db;
        PgConnection writer = db.connect();
        QList<qint64> servers;
        for (const char* name : { "web-01", "web-02", "web-03" })
            servers.append(call(
                writer, u"SELECT webfarm.register_server($1, NULL, NULL, 'z', NULL)"_s, { QString::fromLatin1(name) }));
        const qint64 latencies[] = { 0, 1, 2, 5, 7, 10, 19, 20, 50, 99, 100, 150, 200, 499, 500, 999, 1000, 1999, 2000,
            4999, 5000, 10000, 20000, 29999, 30000, 60000, 119999, 120000, 299999, 300000, 400000 };
        const auto insertBatch = [&](int first, int count) {
            for (int k = first; k < first + count; ++k) {
                const qint64 server = servers[k % servers.size()];
                const QString type = k % 11 == 0 ? u"UPDATE_METAFILE"_s
                    : k % 7 == 0                 ? u"CLEAR_CACHE"_s
                                                 : u"TOUCH_CACHE_ITEM"_s;
                const qint64 agoMs = 2000 + (k % 37) * 1000 + (k * 137) % 1000;
                insertDelivery(writer, server, type, agoMs, latencies[k % std::size(latencies)], k % 13 == 0);
            }
        };
        insertBatch(0, 150);

        EngineSettings settings;
        settings.conninfo = db.conninfo();
        settings.windowS = 600;
        Engine engine(settings);
        QSignalSpy updates(&engine, &Engine::updated);
        engine.start();
        const auto matches = [&](qint64 serverId) {
            const QString scope = serverId == 0 ? FarmHistory::farmScope() : FarmHistory::serverScope(serverId);
            return cellsOf(engine.history().heatmap(scope)) == histogramInDatabase(writer, serverId);
        };
        const Cells first = histogramInDatabase(writer, 0);
        QVERIFY(totalOf(first) > 100);
        QTRY_VERIFY_WITH_TIMEOUT(
            totalOf(cellsOf(engine.history().heatmap(FarmHistory::farmScope()))) == totalOf(first), 15000);
        QVERIFY2(matches(0), qPrintable(describe(cellsOf(engine.history().heatmap(FarmHistory::farmScope())))));
        QVERIFY(matches(servers[1]));

        // Read incrementally: more deliveries, and one of the first ones processed again (150 ms,
        // moved by a millisecond towards the middle of its second: the same second and bucket,
        // wherever in the second the clock put it), in one transaction.
        const qint64 again = call(writer,
            u"SELECT st.task_id FROM webfarm.server_task st JOIN webfarm.task t ON t.id = st.task_id WHERE "
            "st.server_id = $1 AND st.error_message IS NULL AND st.processed_at - t.created_at = interval '150 "
            "milliseconds' LIMIT 1"_s,
            { servers[1] });
        QVERIFY(again > 0);
        writer.exec(u"BEGIN"_s);
        insertBatch(150, 100);
        writer.exec(u"UPDATE webfarm.server_task SET processed_at = processed_at + CASE WHEN "
                    "extract(milliseconds FROM processed_at)::int % 1000 < 500 THEN interval '1 millisecond' "
                    "ELSE interval '-1 millisecond' END WHERE task_id = $1 AND server_id = $2"_s,
            { again, servers[1] });
        writer.exec(u"COMMIT"_s);
        const Cells all = histogramInDatabase(writer, 0);
        QVERIFY(totalOf(all) > totalOf(first));
        QTRY_VERIFY_WITH_TIMEOUT(
            totalOf(cellsOf(engine.history().heatmap(FarmHistory::farmScope()))) >= totalOf(all), 15000);
        QVERIFY2(matches(0),
            qPrintable(u"engine %1\ndatabase %2"_s.arg(
                describe(cellsOf(engine.history().heatmap(FarmHistory::farmScope()))), describe(all))));
        for (qint64 server : std::as_const(servers))
            QVERIFY2(matches(server), qPrintable(QString::number(server)));
    }
};

QTEST_GUILESS_MAIN(TestLatencyHeatmap)
#include "tst_latencyheatmap.moc"
