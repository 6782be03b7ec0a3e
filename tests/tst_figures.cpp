#include "figures.h"
#include "versionskew.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace Paddock;

namespace {

// Every scenario is built around this instant, never the real clock.
const QDateTime Now(QDate(2026, 11, 22), QTime(10, 0), Qt::UTC);

QString str(const char* text)
{
    return QString::fromUtf8(text);
}

QStringList strs(std::initializer_list<const char*> texts)
{
    QStringList list;
    for (const char* text : texts)
        list << str(text);
    return list;
}

// `seconds` before Now; negative is after Now.
QDateTime ago(double seconds)
{
    return Now.addMSecs(-qRound64(seconds * 1000.0));
}

ServerRow server(qint64 id, const char* name)
{
    ServerRow row;
    row.id = id;
    row.name = str(name);
    row.registeredAt = ago(3600);
    row.startedAt = ago(3600);
    return row;
}

// Servers a (id 1), b (id 2), c (id 3): registered an hour ago, last heartbeat received 1 s ago, so
// healthy unless a row says otherwise. Storage "media" (id 1) and "exports" (id 2).
FarmData farm(int servers = 3)
{
    FarmData data;
    data.now = Now;
    data.schemaVersion = 1;
    const char* names[] = { "a", "b", "c" };
    for (int i = 0; i < servers; ++i) {
        data.servers << server(i + 1, names[i]);
        data.lastHeartbeat.insert(i + 1, ago(1));
    }
    data.storages << StorageRow { 1, str("media"), str("s3"), str("s3://media") }
                  << StorageRow { 2, str("exports"), str("network-share"), str("//nas/exports") };
    return data;
}

ServerRow& serverRow(FarmData& data, qint64 id)
{
    for (ServerRow& row : data.servers) {
        if (row.id == id)
            return row;
    }
    qFatal("no server %lld in the scenario", id);
}

TaskRow task(const char* type, double createdAgo)
{
    TaskRow row;
    row.type = str(type);
    row.createdAt = ago(createdAgo);
    return row;
}

DeliveryRow delivery(
    qint64 serverId, const char* type, double createdAgo, double processedAgo, const char* error = nullptr)
{
    DeliveryRow row;
    row.serverId = serverId;
    row.taskType = str(type);
    row.createdAt = ago(createdAgo);
    row.processedAt = ago(processedAgo);
    if (error)
        row.errorMessage = str(error);
    return row;
}

HeartbeatRow heartbeat(qint64 serverId, double receivedAgo, qint64 skewMs = 0)
{
    HeartbeatRow row;
    row.serverId = serverId;
    row.receivedAt = ago(receivedAgo);
    row.sentAt = row.receivedAt.addMSecs(skewMs);
    return row;
}

HeartbeatRow counters(double receivedAgo, std::optional<qint64> hits, std::optional<qint64> misses, qint64 serverId = 1)
{
    HeartbeatRow row = heartbeat(serverId, receivedAgo);
    row.cacheHits = hits;
    row.cacheMisses = misses;
    return row;
}

BacklogRow pendingRow(qint64 serverId, qint64 pending, double oldestAgo)
{
    return BacklogRow { serverId, pending, ago(oldestAgo) };
}

ProbeRow probe(qint64 storageId, qint64 serverId, bool ok, const char* error = nullptr,
    std::optional<double> latencyMs = {}, double probedAgo = 1)
{
    ProbeRow row;
    row.storageId = storageId;
    row.serverId = serverId;
    row.ok = ok;
    row.latencyMs = latencyMs;
    row.probedAt = ago(probedAgo);
    if (error)
        row.error = str(error);
    return row;
}

FlushTargetRow target(qint64 serverId, std::optional<double> processedAgo, const char* error = nullptr)
{
    FlushTargetRow row;
    row.serverId = serverId;
    if (processedAgo)
        row.processedAt = ago(*processedAgo);
    if (error)
        row.errorMessage = str(error);
    return row;
}

FlushRequestRow flush(qint64 id, double requestedAgo, QList<FlushTargetRow> targets = {})
{
    FlushRequestRow row;
    row.id = id;
    row.requestedAt = ago(requestedAgo);
    row.requestedBy = str("alice");
    row.scope = str("farm");
    row.reason = str("stale prices");
    row.targets = std::move(targets);
    return row;
}

const ServerFigures& serverNamed(const FarmSnapshot& snapshot, const char* name)
{
    for (const ServerFigures& figures : snapshot.servers) {
        if (figures.server.name == str(name))
            return figures;
    }
    qFatal("no server %s in the snapshot", name);
}

QString stateName(FlushTargetProgress::State state)
{
    switch (state) {
    case FlushTargetProgress::State::Pending:
        return str("pending");
    case FlushTargetProgress::State::Acknowledged:
        return str("acknowledged");
    case FlushTargetProgress::State::Failed:
        return str("failed");
    }
    return {};
}

// One instance per entry, web-0001, web-0002, … (ids 1, 2, …): "VERSION" or "VERSION STATE", STATE
// one of healthy (when left out), not-responding, stopped, disabled; "-" for no version.
FarmData versionFarm(const QStringList& instances)
{
    FarmData data = farm(0);
    for (qsizetype i = 0; i < instances.size(); ++i) {
        const qint64 id = i + 1;
        const QStringList parts = instances[i].split(QLatin1Char(' '));
        ServerRow row = server(id, "");
        row.name = QStringLiteral("web-%1").arg(id, 4, 10, QLatin1Char('0'));
        row.version = parts[0] == str("-") ? QString() : parts[0];
        const QString state = parts.value(1, str("healthy"));
        data.lastHeartbeat.insert(id, ago(state == str("not-responding") ? 45 : 1));
        if (state == str("stopped"))
            row.stoppedAt = ago(0.5);
        row.enabled = state != str("disabled");
        data.servers << row;
    }
    return data;
}

QStringList times(int n, const char* instance)
{
    return QStringList(n, str(instance));
}

using RatesByType = QMap<QString, double>;
using CountsByName = QMap<QString, qint64>;

QStringList keys(const QJsonObject& object)
{
    QStringList list = object.keys();
    list.sort();
    return list;
}

} // namespace

// An optional figure against an expected QVariant: an invalid QVariant means null (nothing to measure).
// Interpolated doubles are compared fuzzily; everything else is exact anyway.
#define COMPARE_FIGURE(actualFigure, expectedVariant)                                                                  \
    do {                                                                                                               \
        const std::optional<double> actual_ = (actualFigure);                                                          \
        const QVariant expected_ = (expectedVariant);                                                                  \
        if (!expected_.isValid()) {                                                                                    \
            QVERIFY2(!actual_.has_value(),                                                                             \
                qPrintable(QStringLiteral("expected null, got %1").arg(actual_.value_or(0.0), 0, 'g', 17)));           \
        } else {                                                                                                       \
            QVERIFY2(actual_.has_value(),                                                                              \
                qPrintable(QStringLiteral("expected %1, got null").arg(expected_.toDouble(), 0, 'g', 17)));            \
            QVERIFY2(*actual_ == expected_.toDouble() || qFuzzyCompare(*actual_, expected_.toDouble()),                \
                qPrintable(QStringLiteral("expected %1, got %2")                                                       \
                               .arg(expected_.toDouble(), 0, 'g', 17)                                                  \
                               .arg(actual_.value_or(0.0), 0, 'g', 17)));                                              \
        }                                                                                                              \
    } while (false)

class TestFigures : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Counts are written as people read them (Format): "1,234".
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void percentile_data()
    {
        QTest::addColumn<QList<double>>("values");
        QTest::addColumn<double>("fraction");
        QTest::addColumn<QVariant>("expected");
        QTest::addRow("empty") << QList<double> {} << 0.5 << QVariant();
        QTest::addRow("one value p50") << QList<double> { 7 } << 0.5 << QVariant(7.0); // pos 0
        QTest::addRow("one value p99") << QList<double> { 7 } << 0.99 << QVariant(7.0); // pos 0
        QTest::addRow("two values p50") << QList<double> { 10, 20 } << 0.5 << QVariant(15.0); // pos 0.5: 10 + 10*0.5
        QTest::addRow("two values p95") << QList<double> { 10, 20 } << 0.95 << QVariant(19.5); // 10 + 10*0.95
        QTest::addRow("four values p50") << QList<double> { 10, 20, 30, 40 } << 0.5
                                         << QVariant(25.0); // pos 1.5: 20 + 10*0.5
        QTest::addRow("four values p95") << QList<double> { 10, 20, 30, 40 } << 0.95
                                         << QVariant(38.5); // pos 2.85: 30 + 10*0.85
        QTest::addRow("four values p99") << QList<double> { 10, 20, 30, 40 } << 0.99
                                         << QVariant(39.7); // pos 2.97: 30 + 10*0.97
        QTest::addRow("five values p50") << QList<double> { 1, 2, 3, 4, 5 } << 0.5
                                         << QVariant(3.0); // pos 2: an exact rank
        QTest::addRow("five values p95") << QList<double> { 1, 2, 3, 4, 5 } << 0.95
                                         << QVariant(4.8); // pos 3.8: 4 + 1*0.8
        QTest::addRow("five values p99") << QList<double> { 1, 2, 3, 4, 5 } << 0.99 << QVariant(4.96); // pos 3.96
        QTest::addRow("unsorted four p95") << QList<double> { 40, 10, 30, 20 } << 0.95 << QVariant(38.5); // as sorted
        QTest::addRow("unsorted five p50") << QList<double> { 5, 3, 1, 4, 2 } << 0.5 << QVariant(3.0);
        QTest::addRow("p0 is the minimum") << QList<double> { 30, 10, 20 } << 0.0 << QVariant(10.0);
        QTest::addRow("p100 is the maximum") << QList<double> { 30, 10, 20 } << 1.0 << QVariant(30.0);
        QTest::addRow("duplicates") << QList<double> { 5, 100, 5, 5 } << 0.95
                                    << QVariant(85.75); // pos 2.85: 5 + 95*0.85
        QTest::addRow("negative values") << QList<double> { -10, -40, -20, -30 } << 0.5
                                         << QVariant(-25.0); // -40 -30 -20 -10, pos 1.5: -30 + 10*0.5
    }

    void percentile()
    {
        QFETCH(QList<double>, values);
        QFETCH(double, fraction);
        QFETCH(QVariant, expected);
        COMPARE_FIGURE(Figures::percentile(values, fraction), expected);
    }

    void median_data()
    {
        QTest::addColumn<QList<double>>("values");
        QTest::addColumn<QVariant>("expected");
        QTest::addRow("empty") << QList<double> {} << QVariant();
        QTest::addRow("single") << QList<double> { 42 } << QVariant(42.0);
        QTest::addRow("odd count") << QList<double> { 3, 1, 2 } << QVariant(2.0); // 1 2 3: the middle one
        QTest::addRow("even count") << QList<double> { 4, 1, 3, 2 } << QVariant(2.5); // pos 1.5: 2 + 1*0.5
        QTest::addRow("negative even") << QList<double> { -300, -100, -400, -200 }
                                       << QVariant(-250.0); // (-300 + -200)/2
        QTest::addRow("mixed signs") << QList<double> { 50, -100 } << QVariant(-25.0); // (-100 + 50)/2
    }

    void median()
    {
        QFETCH(QList<double>, values);
        QFETCH(QVariant, expected);
        COMPARE_FIGURE(Figures::median(values), expected);
    }

    void latencyStats_data()
    {
        QTest::addColumn<QList<double>>("values");
        QTest::addColumn<qint64>("count");
        QTest::addColumn<QVariant>("p50");
        QTest::addColumn<QVariant>("p95");
        QTest::addColumn<QVariant>("p99");
        QTest::addColumn<QVariant>("max");
        QTest::addRow("empty") << QList<double> {} << qint64(0) << QVariant() << QVariant() << QVariant() << QVariant();
        QTest::addRow("one") << QList<double> { 120 } << qint64(1) << QVariant(120.0) << QVariant(120.0)
                             << QVariant(120.0) << QVariant(120.0);
        // 10 20 30 40 50: p50 pos 2 = 30; p95 pos 3.8 = 40 + 10*0.8; p99 pos 3.96 = 40 + 10*0.96
        QTest::addRow("five unsorted") << QList<double> { 40, 10, 50, 30, 20 } << qint64(5) << QVariant(30.0)
                                       << QVariant(48.0) << QVariant(49.6) << QVariant(50.0);
    }

    void latencyStats()
    {
        QFETCH(QList<double>, values);
        QFETCH(qint64, count);
        QFETCH(QVariant, p50);
        QFETCH(QVariant, p95);
        QFETCH(QVariant, p99);
        QFETCH(QVariant, max);
        const LatencyStats stats = LatencyStats::of(values);
        QCOMPARE(stats.count, count);
        COMPARE_FIGURE(stats.p50, p50);
        COMPARE_FIGURE(stats.p95, p95);
        COMPARE_FIGURE(stats.p99, p99);
        COMPARE_FIGURE(stats.max, max);

        const QJsonObject json = stats.toJson();
        QCOMPARE(keys(json), strs({ "count", "max", "p50", "p95", "p99" }));
        QCOMPARE(json.value(str("count")).toInteger(), count);
        QCOMPARE(json.value(str("p50")).isNull(), !p50.isValid());
        QCOMPARE(json.value(str("max")).isNull(), !max.isValid());
        if (max.isValid())
            QCOMPARE(json.value(str("max")).toDouble(), max.toDouble());
    }

    void isCacheTaskType_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<bool>("cache");
        for (const char* type : { "TOUCH_CACHE_ITEM", "REMOVE_CACHE_ITEM", "CLEAR_CACHE_ITEMS", "CLEAR_FULL_PAGE_CACHE",
                 "INVALIDATE_OBJECT", "CLEAR_CACHE" })
            QTest::addRow("%s", type) << str(type) << true;
        for (const char* type : { "UPDATE_METAFILE", "DELETE_METAFILE", "RESTART_APPLICATION", "CUSTOM_PURGE" })
            QTest::addRow("%s", type) << str(type) << false;
        QTest::addRow("lower case is another type") << str("remove_cache_item") << false;
        QTest::addRow("empty") << QString() << false;
    }

    void isCacheTaskType()
    {
        QFETCH(QString, type);
        QFETCH(bool, cache);
        QCOMPARE(Paddock::isCacheTaskType(type), cache);
    }

    void cacheLatency_data()
    {
        QTest::addColumn<FarmData>("data");
        QTest::addColumn<qint64>("count");
        QTest::addColumn<QVariant>("p50");
        QTest::addColumn<QVariant>("p95");
        QTest::addColumn<QVariant>("max");
        QTest::addColumn<qint64>("countA");
        QTest::addColumn<QVariant>("maxA");

        FarmData data = farm();
        // a: 100 ms, a: 300 ms, b: 200 ms. Sorted 100 200 300: p50 200; p95 pos 1.9 = 200 + 100*0.9
        data.deliveries = { delivery(1, "REMOVE_CACHE_ITEM", 10.1, 10), delivery(1, "TOUCH_CACHE_ITEM", 5.3, 5),
            delivery(2, "CLEAR_CACHE", 2.2, 2) };
        QTest::addRow("successful cache deliveries") << data << qint64(3) << QVariant(200.0) << QVariant(290.0)
                                                     << QVariant(300.0) << qint64(2) << QVariant(300.0);

        data = farm();
        // 100, 200 and a failed 5000: {100, 200}: p50 pos 0.5 = 150; p95 = 100 + 100*0.95
        data.deliveries = { delivery(1, "REMOVE_CACHE_ITEM", 10.1, 10), delivery(1, "REMOVE_CACHE_ITEM", 10.2, 10),
            delivery(1, "REMOVE_CACHE_ITEM", 15, 10, "cache locked") };
        QTest::addRow("failed deliveries excluded") << data << qint64(2) << QVariant(150.0) << QVariant(195.0)
                                                    << QVariant(200.0) << qint64(2) << QVariant(200.0);

        data = farm();
        // Only the 100 ms REMOVE_CACHE_ITEM is a cache task.
        data.deliveries = { delivery(1, "REMOVE_CACHE_ITEM", 10.1, 10), delivery(1, "UPDATE_METAFILE", 10.9, 10),
            delivery(1, "DELETE_METAFILE", 10.8, 10), delivery(2, "RESTART_APPLICATION", 10.7, 10),
            delivery(2, "CUSTOM_PURGE", 10.6, 10) };
        QTest::addRow("file, system and unknown types excluded")
            << data << qint64(1) << QVariant(100.0) << QVariant(100.0) << QVariant(100.0) << qint64(1)
            << QVariant(100.0);

        data = farm();
        // Processed exactly now-60 (1000 ms): out; exactly now (50 ms): in; now-59.999 (70 ms): in;
        // 1 s in the future (20 ms): out. {50, 70}: p50 60; p95 = 50 + 20*0.95 = 69
        data.deliveries = { delivery(1, "REMOVE_CACHE_ITEM", 61, 60), delivery(1, "REMOVE_CACHE_ITEM", 0.05, 0),
            delivery(1, "REMOVE_CACHE_ITEM", 60.069, 59.999), delivery(1, "REMOVE_CACHE_ITEM", -0.98, -1) };
        QTest::addRow("window boundaries")
            << data << qint64(2) << QVariant(60.0) << QVariant(69.0) << QVariant(70.0) << qint64(2) << QVariant(70.0);

        data = farm();
        // Created 120 s ago, processed 30 s ago: in the window by processed_at, 90 000 ms.
        data.deliveries = { delivery(1, "INVALIDATE_OBJECT", 120, 30) };
        QTest::addRow("created before the window") << data << qint64(1) << QVariant(90000.0) << QVariant(90000.0)
                                                   << QVariant(90000.0) << qint64(1) << QVariant(90000.0);

        data = farm();
        // 10 20 30 40 50 60 on b: p50 pos 2.5 = 30 + 10*0.5; p95 pos 4.75 = 50 + 10*0.75
        data.deliveries = { delivery(2, "TOUCH_CACHE_ITEM", 1.01, 1), delivery(2, "REMOVE_CACHE_ITEM", 1.02, 1),
            delivery(2, "CLEAR_CACHE_ITEMS", 1.03, 1), delivery(2, "CLEAR_FULL_PAGE_CACHE", 1.04, 1),
            delivery(2, "INVALIDATE_OBJECT", 1.05, 1), delivery(2, "CLEAR_CACHE", 1.06, 1) };
        QTest::addRow("every cache type")
            << data << qint64(6) << QVariant(35.0) << QVariant(57.5) << QVariant(60.0) << qint64(0) << QVariant();

        data = farm();
        data.deliveries = { delivery(9, "REMOVE_CACHE_ITEM", 1.1, 1) }; // 100 ms by an instance not in the table
        QTest::addRow("unknown instance counts farm-wide")
            << data << qint64(1) << QVariant(100.0) << QVariant(100.0) << QVariant(100.0) << qint64(0) << QVariant();

        QTest::addRow("nothing processed")
            << farm() << qint64(0) << QVariant() << QVariant() << QVariant() << qint64(0) << QVariant();
    }

    void cacheLatency()
    {
        QFETCH(FarmData, data);
        QFETCH(qint64, count);
        QFETCH(QVariant, p50);
        QFETCH(QVariant, p95);
        QFETCH(QVariant, max);
        QFETCH(qint64, countA);
        QFETCH(QVariant, maxA);
        const FarmSnapshot snapshot = Figures::compute(data, 60);
        QCOMPARE(snapshot.farm.cacheLatency.count, count);
        COMPARE_FIGURE(snapshot.farm.cacheLatency.p50, p50);
        COMPARE_FIGURE(snapshot.farm.cacheLatency.p95, p95);
        COMPARE_FIGURE(snapshot.farm.cacheLatency.max, max);
        QCOMPARE(serverNamed(snapshot, "a").cacheLatency.count, countA);
        COMPARE_FIGURE(serverNamed(snapshot, "a").cacheLatency.max, maxA);
    }

    void throughput_data()
    {
        QTest::addColumn<FarmData>("data");
        QTest::addColumn<int>("windowS");
        QTest::addColumn<qint64>("tasksCreated");
        QTest::addColumn<double>("tasksPerS");
        QTest::addColumn<QMap<QString, double>>("tasksPerSByType");
        QTest::addColumn<qint64>("processed");
        QTest::addColumn<double>("processedPerS");
        QTest::addColumn<qint64>("failed");
        QTest::addColumn<QMap<QString, double>>("processedPerSByType");
        QTest::addColumn<qint64>("processedA");
        QTest::addColumn<double>("processedPerSA");
        QTest::addColumn<qint64>("failedA");

        FarmData data = farm();
        data.tasks = { task("REMOVE_CACHE_ITEM", 1), task("REMOVE_CACHE_ITEM", 2), task("REMOVE_CACHE_ITEM", 3),
            task("UPDATE_METAFILE", 4), task("CUSTOM_PURGE", 5), task("TOUCH_CACHE_ITEM", 0),
            task("INVALIDATE_OBJECT", 30), task("REMOVE_CACHE_ITEM", 60), task("REMOVE_CACHE_ITEM", 61) };
        data.deliveries
            = { delivery(1, "REMOVE_CACHE_ITEM", 3, 2.9), delivery(1, "UPDATE_METAFILE", 4, 3.5, "disk full"),
                  delivery(2, "REMOVE_CACHE_ITEM", 3, 2.8), delivery(2, "CUSTOM_PURGE", 5, 4.9),
                  delivery(2, "INVALIDATE_OBJECT", 30, 29), delivery(1, "REMOVE_CACHE_ITEM", 70, 61) };

        // 60 s: tasks at 0,1,2,3,4,5,30 s ago count (60 is the boundary, out; 61 out) = 7;
        // deliveries at 2.9, 3.5, 2.8, 4.9, 29 s ago = 5, one failed; a processed 2 (one failed).
        QTest::addRow("per second and per type over 60 s")
            << data << 60 << qint64(7) << 7.0 / 60
            << QMap<QString, double> { { str("REMOVE_CACHE_ITEM"), 3.0 / 60 }, { str("UPDATE_METAFILE"), 1.0 / 60 },
                   { str("CUSTOM_PURGE"), 1.0 / 60 }, { str("TOUCH_CACHE_ITEM"), 1.0 / 60 },
                   { str("INVALIDATE_OBJECT"), 1.0 / 60 } }
            << qint64(5) << 5.0 / 60 << qint64(1)
            << QMap<QString, double> { { str("REMOVE_CACHE_ITEM"), 2.0 / 60 }, { str("UPDATE_METAFILE"), 1.0 / 60 },
                   { str("CUSTOM_PURGE"), 1.0 / 60 }, { str("INVALIDATE_OBJECT"), 1.0 / 60 } }
            << qint64(2) << 2.0 / 60 << qint64(1);

        // 10 s: the task and the delivery 30 s ago drop out: 6 tasks, 4 deliveries.
        QTest::addRow("per second and per type over 10 s")
            << data << 10 << qint64(6) << 6.0 / 10
            << QMap<QString, double> { { str("REMOVE_CACHE_ITEM"), 3.0 / 10 }, { str("UPDATE_METAFILE"), 1.0 / 10 },
                   { str("CUSTOM_PURGE"), 1.0 / 10 }, { str("TOUCH_CACHE_ITEM"), 1.0 / 10 } }
            << qint64(4) << 4.0 / 10 << qint64(1)
            << QMap<QString, double> { { str("REMOVE_CACHE_ITEM"), 2.0 / 10 }, { str("UPDATE_METAFILE"), 1.0 / 10 },
                   { str("CUSTOM_PURGE"), 1.0 / 10 } }
            << qint64(2) << 2.0 / 10 << qint64(1);

        data = farm();
        // 3 failed + 1 ok on a, all processed in the window: 4 processed, 3 failed.
        data.deliveries
            = { delivery(1, "UPDATE_METAFILE", 2, 1, "disk full"), delivery(1, "UPDATE_METAFILE", 3, 2, "disk full"),
                  delivery(1, "DELETE_METAFILE", 4, 3, "no such file"), delivery(1, "DELETE_METAFILE", 5, 4) };
        QTest::addRow("failed deliveries are processed too")
            << data << 60 << qint64(0) << 0.0 << QMap<QString, double> {} << qint64(4) << 4.0 / 60 << qint64(3)
            << QMap<QString, double> { { str("UPDATE_METAFILE"), 2.0 / 60 }, { str("DELETE_METAFILE"), 2.0 / 60 } }
            << qint64(4) << 4.0 / 60 << qint64(3);

        QTest::addRow("nothing in the window")
            << farm() << 60 << qint64(0) << 0.0 << QMap<QString, double> {} << qint64(0) << 0.0 << qint64(0)
            << QMap<QString, double> {} << qint64(0) << 0.0 << qint64(0);
    }

    void throughput()
    {
        QFETCH(FarmData, data);
        QFETCH(int, windowS);
        QFETCH(qint64, tasksCreated);
        QFETCH(double, tasksPerS);
        QFETCH(RatesByType, tasksPerSByType);
        QFETCH(qint64, processed);
        QFETCH(double, processedPerS);
        QFETCH(qint64, failed);
        QFETCH(RatesByType, processedPerSByType);
        QFETCH(qint64, processedA);
        QFETCH(double, processedPerSA);
        QFETCH(qint64, failedA);
        const FarmSnapshot snapshot = Figures::compute(data, windowS);
        QCOMPARE(snapshot.windowS, windowS);
        QCOMPARE(snapshot.farm.tasksCreated, tasksCreated);
        QCOMPARE(snapshot.farm.tasksCreatedPerS, tasksPerS);
        QCOMPARE(snapshot.farm.tasksCreatedPerSByType, tasksPerSByType);
        QCOMPARE(snapshot.farm.deliveriesProcessed, processed);
        QCOMPARE(snapshot.farm.deliveriesProcessedPerS, processedPerS);
        QCOMPARE(snapshot.farm.deliveriesFailed, failed);
        QCOMPARE(snapshot.farm.deliveriesProcessedPerSByType, processedPerSByType);
        const ServerFigures& a = serverNamed(snapshot, "a");
        QCOMPARE(a.deliveriesProcessed, processedA);
        QCOMPARE(a.deliveriesProcessedPerS, processedPerSA);
        QCOMPARE(a.deliveriesFailed, failedA);
    }

    void backlog_data()
    {
        QTest::addColumn<FarmData>("data");
        QTest::addColumn<qint64>("farmBacklog");
        QTest::addColumn<qint64>("backlogA");
        QTest::addColumn<QVariant>("oldestA");
        QTest::addColumn<qint64>("backlogB");
        QTest::addColumn<QVariant>("oldestB");

        QTest::addRow("nothing pending") << farm() << qint64(0) << qint64(0) << QVariant() << qint64(0) << QVariant();

        FarmData data = farm();
        data.backlog = { pendingRow(1, 5, 12.3) };
        QTest::addRow("one instance") << data << qint64(5) << qint64(5) << QVariant(12.3) << qint64(0) << QVariant();

        data = farm();
        data.backlog = { pendingRow(1, 1500, 2), pendingRow(2, 7, 0.5) }; // 1500 + 7
        QTest::addRow("summed over the farm")
            << data << qint64(1507) << qint64(1500) << QVariant(2.0) << qint64(7) << QVariant(0.5);

        data = farm();
        data.backlog = { pendingRow(9, 4, 1), pendingRow(2, 1, 3) }; // 4 (not in the server table) + 1
        QTest::addRow("unknown instance counts farm-wide")
            << data << qint64(5) << qint64(0) << QVariant() << qint64(1) << QVariant(3.0);
    }

    void backlog()
    {
        QFETCH(FarmData, data);
        QFETCH(qint64, farmBacklog);
        QFETCH(qint64, backlogA);
        QFETCH(QVariant, oldestA);
        QFETCH(qint64, backlogB);
        QFETCH(QVariant, oldestB);
        const FarmSnapshot snapshot = Figures::compute(data, 60);
        QCOMPARE(snapshot.farm.backlog, farmBacklog);
        QCOMPARE(serverNamed(snapshot, "a").backlog, backlogA);
        COMPARE_FIGURE(serverNamed(snapshot, "a").oldestPendingAgeS, oldestA);
        QCOMPARE(serverNamed(snapshot, "b").backlog, backlogB);
        COMPARE_FIGURE(serverNamed(snapshot, "b").oldestPendingAgeS, oldestB);
    }

    void heartbeatFigures_data()
    {
        QTest::addColumn<FarmData>("data");
        QTest::addColumn<QVariant>("ageS");
        QTest::addColumn<QVariant>("cacheItems");
        QTest::addColumn<QVariant>("memoryBytes");

        FarmData data = farm(1);
        data.lastHeartbeat.clear();
        QTest::addRow("never") << data << QVariant() << QVariant() << QVariant();

        data = farm(1);
        data.lastHeartbeat[1] = ago(41);
        QTest::addRow("41 s ago, no heartbeat row") << data << QVariant(41.0) << QVariant() << QVariant();

        data = farm(1);
        HeartbeatRow older = heartbeat(1, 5);
        older.cacheItems = 100;
        older.memoryBytes = 1000;
        HeartbeatRow latest = heartbeat(1, 1);
        latest.cacheItems = 120;
        latest.memoryBytes = 1200;
        HeartbeatRow middle = heartbeat(1, 3);
        middle.cacheItems = 110;
        HeartbeatRow otherServer = heartbeat(2, 0.5);
        otherServer.cacheItems = 999;
        data.heartbeats = { older, latest, middle, otherServer };
        QTest::addRow("latest heartbeat, whatever the order")
            << data << QVariant(1.0) << QVariant(120.0) << QVariant(1200.0);

        data = farm(1);
        HeartbeatRow old = heartbeat(1, 90);
        old.cacheItems = 50;
        data.heartbeats = { old };
        data.lastHeartbeat[1] = ago(90);
        QTest::addRow("latest heartbeat before the window") << data << QVariant(90.0) << QVariant(50.0) << QVariant();
    }

    void heartbeatFigures()
    {
        QFETCH(FarmData, data);
        QFETCH(QVariant, ageS);
        QFETCH(QVariant, cacheItems);
        QFETCH(QVariant, memoryBytes);
        const FarmSnapshot snapshot = Figures::compute(data, 60);
        const ServerFigures& a = serverNamed(snapshot, "a");
        COMPARE_FIGURE(a.lastHeartbeatAgeS, ageS);
        COMPARE_FIGURE(a.cacheItems, cacheItems);
        COMPARE_FIGURE(a.memoryBytes, memoryBytes);
    }

    void clockSkew_data()
    {
        QTest::addColumn<QList<HeartbeatRow>>("heartbeats");
        QTest::addColumn<QVariant>("expected");
        QTest::addRow("odd count") << QList<HeartbeatRow> { heartbeat(1, 10, 100), heartbeat(1, 20, 300),
            heartbeat(1, 30, 200) } << QVariant(200.0); // 100 200 300
        QTest::addRow("even count") << QList<HeartbeatRow> { heartbeat(1, 10, 100), heartbeat(1, 20, 400),
            heartbeat(1, 30, 200), heartbeat(1, 40, 300) }
                                    << QVariant(250.0); // (200 + 300)/2
        QTest::addRow("negative skew") << QList<HeartbeatRow> { heartbeat(1, 10, -3000), heartbeat(1, 20, -1000),
            heartbeat(1, 30, -2000) } << QVariant(-2000.0);
        QTest::addRow("negative, even count")
            << QList<HeartbeatRow> { heartbeat(1, 10, -100), heartbeat(1, 20, 50) } << QVariant(-25.0); // (-100 + 50)/2
        // now-60 is outside the window, so is now-61; only the 100 ms one counts.
        QTest::addRow("outside the window") << QList<HeartbeatRow> { heartbeat(1, 10, 100), heartbeat(1, 60, 9999),
            heartbeat(1, 61, 8888) } << QVariant(100.0);
        QTest::addRow("none in the window") << QList<HeartbeatRow> { heartbeat(1, 61, 9999) } << QVariant();
        QTest::addRow("other servers ignored") << QList<HeartbeatRow> { heartbeat(1, 5, 100), heartbeat(2, 5, 5000),
            heartbeat(2, 6, 5000) } << QVariant(100.0);
        QTest::addRow("no heartbeat") << QList<HeartbeatRow> {} << QVariant();
    }

    void clockSkew()
    {
        QFETCH(QList<HeartbeatRow>, heartbeats);
        QFETCH(QVariant, expected);
        FarmData data = farm();
        data.heartbeats = heartbeats;
        COMPARE_FIGURE(serverNamed(Figures::compute(data, 60), "a").clockSkewMs, expected);
    }

    void cacheHitRatio_data()
    {
        QTest::addColumn<QList<HeartbeatRow>>("heartbeats");
        QTest::addColumn<QVariant>("expected");
        const auto none = std::nullopt;
        QTest::addRow("normal") << QList<HeartbeatRow> { counters(20, 100, 100), counters(10, 190, 110) }
                                << QVariant(0.9); // 90 / (90 + 10)
        QTest::addRow("out of order") << QList<HeartbeatRow> { counters(10, 190, 110), counters(20, 100, 100) }
                                      << QVariant(0.9);
        QTest::addRow("first and last of three") << QList<HeartbeatRow> { counters(30, 0, 0), counters(20, 50, 10),
            counters(10, 120, 30) } << QVariant(0.8); // 120 / (120 + 30)
        QTest::addRow("hits counter reset") << QList<HeartbeatRow> { counters(30, 1000, 1000), counters(20, 1500, 1100),
            counters(10, 30, 10) } << QVariant(0.75); // last alone: 30 / (30 + 10)
        QTest::addRow("misses counter reset") << QList<HeartbeatRow> { counters(20, 100, 100), counters(10, 200, 50) }
                                              << QVariant(0.8); // last alone: 200 / (200 + 50)
        QTest::addRow("reset in the middle") << QList<HeartbeatRow> { counters(30, 100, 100), counters(20, 10, 10),
            counters(10, 40, 20) } << QVariant(40.0 / 60); // last alone: 40 / (40 + 20)
        QTest::addRow("all misses") << QList<HeartbeatRow> { counters(20, 0, 0), counters(10, 0, 50) }
                                    << QVariant(0.0); // 0 / (0 + 50): measured, not null
        QTest::addRow("single heartbeat") << QList<HeartbeatRow> { counters(10, 100, 100) } << QVariant();
        QTest::addRow("no heartbeat") << QList<HeartbeatRow> {} << QVariant();
        QTest::addRow("zero denominator")
            << QList<HeartbeatRow> { counters(20, 100, 100), counters(10, 100, 100) } << QVariant(); // 0 / 0
        QTest::addRow("reset to zero") << QList<HeartbeatRow> { counters(20, 10, 10), counters(10, 0, 0) }
                                       << QVariant(); // last alone: 0 / 0
        QTest::addRow("heartbeats without counters ignored")
            << QList<HeartbeatRow> { counters(20, 100, 100), counters(10, none, none) } << QVariant();
        QTest::addRow("half counters ignored") << QList<HeartbeatRow> { counters(30, 100, 100), counters(20, 150, none),
            counters(10, 200, 100) } << QVariant(1.0); // 100 / (100 + 0)
    }

    void cacheHitRatio()
    {
        QFETCH(QList<HeartbeatRow>, heartbeats);
        QFETCH(QVariant, expected);
        COMPARE_FIGURE(Figures::cacheHitRatio(heartbeats), expected);
    }

    void cacheHitRatioInWindow_data()
    {
        QTest::addColumn<QList<HeartbeatRow>>("heartbeats");
        QTest::addColumn<QVariant>("expected");
        // The one 90 s ago is out: 30 / (30 + 10), not 130 / (130 + 110).
        QTest::addRow("heartbeat before the window excluded") << QList<HeartbeatRow> { counters(90, 0, 0),
            counters(50, 100, 100), counters(10, 130, 110) } << QVariant(0.75);
        QTest::addRow("one heartbeat in the window")
            << QList<HeartbeatRow> { counters(90, 0, 0), counters(10, 100, 100) } << QVariant();
        QTest::addRow("other servers ignored") << QList<HeartbeatRow> { counters(20, 0, 0), counters(10, 10, 30),
            counters(20, 0, 0, 2), counters(10, 500, 0, 2) }
                                               << QVariant(0.25); // 10 / (10 + 30)
    }

    void cacheHitRatioInWindow()
    {
        QFETCH(QList<HeartbeatRow>, heartbeats);
        QFETCH(QVariant, expected);
        FarmData data = farm();
        data.heartbeats = heartbeats;
        COMPARE_FIGURE(serverNamed(Figures::compute(data, 60), "a").cacheHitRatio, expected);
    }

    // The rules alone, on figures written by hand (no rows, no compute): one instance per row.
    void serverStatusOfOneInstance_data()
    {
        QTest::addColumn<ServerFigures>("figures");
        QTest::addColumn<QDateTime>("lastHeartbeat");
        QTest::addColumn<QStringList>("storageFailures");
        QTest::addColumn<ServerStatus>("expected");
        QTest::addColumn<QStringList>("reasons");

        ServerFigures base;
        base.server.id = 1;
        base.server.name = QStringLiteral("a");
        base.server.registeredAt = ago(3600);
        base.lastHeartbeatAgeS = 1.0;
        const QDateTime fresh = ago(1);

        QTest::addRow("healthy") << base << fresh << QStringList() << ServerStatus::Healthy << QStringList();

        ServerFigures f = base;
        f.server.enabled = false;
        f.backlog = 5000;
        QTest::addRow("disabled wins over a backlog")
            << f << fresh << strs({ "storage s failing" }) << ServerStatus::Disabled << strs({ "disabled" });

        f = base;
        f.server.stoppedAt = ago(0.5);
        QTest::addRow("stopped after its last heartbeat")
            << f << fresh << QStringList() << ServerStatus::Stopped << strs({ "stopped" });

        f = base;
        f.lastHeartbeatAgeS.reset();
        f.server.registeredAt = ago(31);
        QTest::addRow("never heartbeated, registered 31 s ago")
            << f << QDateTime() << QStringList() << ServerStatus::NotResponding
            << strs({ "no heartbeat since registration 31 s ago" });

        f = base;
        f.lastHeartbeatAgeS = 45.0;
        f.backlog = 1001;
        QTest::addRow("not responding lists what piled up too")
            << f << ago(45) << strs({ "storage media failing: timeout" }) << ServerStatus::NotResponding
            << strs({ "no heartbeat for 45 s", "backlog 1001 > 1000", "storage media failing: timeout" });

        f = base;
        f.oldestPendingAgeS = 12.3;
        f.clockSkewMs = -2500.0;
        QTest::addRow("degraded: oldest pending and a clock behind")
            << f << fresh << QStringList() << ServerStatus::Degraded
            << strs({ "oldest pending 12.3 s > 10 s", "clock skew -2500 ms < -2000 ms" });

        f = base;
        QTest::addRow("storage failures in the order given")
            << f << fresh << strs({ "storage a failing", "storage b failing: refused" }) << ServerStatus::Degraded
            << strs({ "storage a failing", "storage b failing: refused" });
    }

    void serverStatusOfOneInstance()
    {
        QFETCH(ServerFigures, figures);
        QFETCH(QDateTime, lastHeartbeat);
        QFETCH(QStringList, storageFailures);
        QFETCH(ServerStatus, expected);
        QFETCH(QStringList, reasons);
        const ServerVerdict verdict = Figures::serverStatus(figures, lastHeartbeat, storageFailures, Now, Thresholds());
        QCOMPARE(verdict.status, expected);
        QCOMPARE(verdict.reasons, reasons);
    }

    void serverStatus_data()
    {
        QTest::addColumn<FarmData>("data");
        QTest::addColumn<Thresholds>("thresholds");
        QTest::addColumn<ServerStatus>("expected");
        QTest::addColumn<QStringList>("reasons");
        const Thresholds defaults;

        // Each row changes server a (id 1) of a healthy farm: heartbeat 1 s ago, registered 1 h ago.
        QTest::addRow("healthy") << farm() << defaults << ServerStatus::Healthy << QStringList();

        FarmData data = farm();
        serverRow(data, 1).enabled = false;
        QTest::addRow("disabled") << data << defaults << ServerStatus::Disabled << strs({ "disabled" });

        data.lastHeartbeat.remove(1);
        data.backlog = { pendingRow(1, 5000, 100) };
        QTest::addRow("disabled before not responding and degraded")
            << data << defaults << ServerStatus::Disabled << strs({ "disabled" });

        data = farm();
        serverRow(data, 1).enabled = false;
        serverRow(data, 1).stoppedAt = ago(10);
        data.lastHeartbeat[1] = ago(20);
        QTest::addRow("disabled before stopped") << data << defaults << ServerStatus::Disabled << strs({ "disabled" });

        data = farm();
        serverRow(data, 1).stoppedAt = ago(20);
        data.lastHeartbeat[1] = ago(21);
        QTest::addRow("stopped after the last heartbeat")
            << data << defaults << ServerStatus::Stopped << strs({ "stopped" });

        data.lastHeartbeat[1] = ago(20);
        QTest::addRow("stopped at the last heartbeat")
            << data << defaults << ServerStatus::Stopped << strs({ "stopped" });

        data = farm();
        serverRow(data, 1).stoppedAt = ago(100);
        data.lastHeartbeat[1] = ago(120);
        data.backlog = { pendingRow(1, 5000, 100) };
        QTest::addRow("stopped before not responding and degraded")
            << data << defaults << ServerStatus::Stopped << strs({ "stopped" });

        data = farm();
        serverRow(data, 1).stoppedAt = ago(100);
        data.lastHeartbeat.remove(1);
        QTest::addRow("stopped, never heartbeated") << data << defaults << ServerStatus::Stopped << strs({ "stopped" });

        data = farm();
        serverRow(data, 1).stoppedAt = ago(20);
        data.lastHeartbeat[1] = ago(1);
        // Stopped (by itself or by a login that may act for it) and still alive: it receives no
        // tasks and no flushes, which healthy would hide.
        QTest::addRow("heartbeat after the stop: degraded, not healthy")
            << data << defaults << ServerStatus::Degraded
            << strs({ "stopped 20 s ago but still heartbeating: receives no tasks" });

        data = farm();
        serverRow(data, 1).stoppedAt = ago(100);
        data.lastHeartbeat[1] = ago(41);
        QTest::addRow("heartbeat after the stop: judged further, not responding")
            << data << defaults << ServerStatus::NotResponding
            << strs({ "no heartbeat for 41 s", "stopped 100 s ago but still heartbeating: receives no tasks" });

        data = farm();
        data.lastHeartbeat[1] = ago(41);
        QTest::addRow("not responding") << data << defaults << ServerStatus::NotResponding
                                        << strs({ "no heartbeat for 41 s" });

        data.lastHeartbeat[1] = ago(30);
        QTest::addRow("heartbeat exactly 30 s ago is no breach")
            << data << defaults << ServerStatus::Healthy << QStringList();

        data.lastHeartbeat[1] = ago(30.001);
        QTest::addRow("heartbeat 30.001 s ago")
            << data << defaults << ServerStatus::NotResponding << strs({ "no heartbeat for 30.001 s" });

        data = farm();
        data.lastHeartbeat.remove(1);
        serverRow(data, 1).registeredAt = ago(31);
        QTest::addRow("never heartbeated, registered 31 s ago")
            << data << defaults << ServerStatus::NotResponding << strs({ "no heartbeat since registration 31 s ago" });

        serverRow(data, 1).registeredAt = ago(30);
        QTest::addRow("never heartbeated, registered exactly 30 s ago")
            << data << defaults << ServerStatus::Healthy << QStringList();

        data = farm();
        data.lastHeartbeat[1] = ago(41);
        data.backlog = { pendingRow(1, 1500, 12.3) };
        QTest::addRow("not responding before degraded, both listed")
            << data << defaults << ServerStatus::NotResponding
            << strs({ "no heartbeat for 41 s", "oldest pending 12.3 s > 10 s", "backlog 1500 > 1000" });

        data = farm();
        data.backlog = { pendingRow(1, 1001, 1) };
        QTest::addRow("backlog over the threshold")
            << data << defaults << ServerStatus::Degraded << strs({ "backlog 1001 > 1000" });

        data.backlog = { pendingRow(1, 1000, 1) };
        QTest::addRow("backlog exactly at the threshold") << data << defaults << ServerStatus::Healthy << QStringList();

        data.backlog = { pendingRow(1, 3, 12.3) };
        QTest::addRow("oldest pending over the threshold")
            << data << defaults << ServerStatus::Degraded << strs({ "oldest pending 12.3 s > 10 s" });

        data.backlog = { pendingRow(1, 3, 45.978) }; // one decimal for people: 46.0 -> "46"
        QTest::addRow("oldest pending shown with one decimal")
            << data << defaults << ServerStatus::Degraded << strs({ "oldest pending 46 s > 10 s" });

        data.backlog = { pendingRow(1, 3, 10.004) }; // "10.0" would look equal to the threshold
        QTest::addRow("oldest pending just over the threshold")
            << data << defaults << ServerStatus::Degraded << strs({ "oldest pending 10.004 s > 10 s" });

        data.backlog = { pendingRow(1, 3, 10) };
        QTest::addRow("oldest pending exactly at the threshold")
            << data << defaults << ServerStatus::Healthy << QStringList();

        data = farm();
        data.latestProbes = { probe(1, 1, false, "timeout"), probe(2, 1, true) };
        QTest::addRow("latest storage probe failed")
            << data << defaults << ServerStatus::Degraded << strs({ "storage media failing: timeout" });

        data.latestProbes = { probe(1, 1, false) };
        QTest::addRow("latest storage probe failed, no message")
            << data << defaults << ServerStatus::Degraded << strs({ "storage media failing" });

        data.latestProbes = { probe(1, 1, true), probe(1, 2, false, "timeout") };
        data.probes = { probe(1, 1, false, "timeout", 5000.0, 30) };
        QTest::addRow("an older failure or another instance's does not count")
            << data << defaults << ServerStatus::Healthy << QStringList();

        data = farm();
        data.heartbeats = { heartbeat(1, 10, 3500), heartbeat(1, 5, 3500), heartbeat(1, 1, 4000) }; // median 3500
        QTest::addRow("clock skew over the threshold")
            << data << defaults << ServerStatus::Degraded << strs({ "clock skew 3500 ms > 2000 ms" });

        data.heartbeats = { heartbeat(1, 10, -2500) };
        QTest::addRow("negative clock skew over the threshold")
            << data << defaults << ServerStatus::Degraded << strs({ "clock skew -2500 ms < -2000 ms" });

        data.heartbeats = { heartbeat(1, 10, 2000) };
        QTest::addRow("clock skew exactly at the threshold")
            << data << defaults << ServerStatus::Healthy << QStringList();

        data.heartbeats = { heartbeat(1, 10, -2000) };
        QTest::addRow("negative clock skew exactly at the threshold")
            << data << defaults << ServerStatus::Healthy << QStringList();

        data = farm();
        data.backlog = { pendingRow(1, 1500, 12.3) };
        data.latestProbes = { probe(2, 1, false, "mount lost"), probe(1, 1, false, "timeout") };
        data.heartbeats = { heartbeat(1, 10, 3500) };
        QTest::addRow("every degraded condition")
            << data << defaults << ServerStatus::Degraded
            << strs({ "oldest pending 12.3 s > 10 s", "backlog 1500 > 1000", "storage exports failing: mount lost",
                   "storage media failing: timeout", "clock skew 3500 ms > 2000 ms" });

        Thresholds tight;
        tight.notRespondingAfterS = 5;
        tight.oldestPendingS = 2;
        tight.backlog = 10;
        tight.clockSkewMs = 100;
        data = farm();
        data.backlog = { pendingRow(1, 11, 1) };
        QTest::addRow("custom backlog threshold")
            << data << tight << ServerStatus::Degraded << strs({ "backlog 11 > 10" });

        data = farm();
        data.heartbeats = { heartbeat(1, 10, 150) };
        data.backlog = { pendingRow(1, 1, 2.5) };
        QTest::addRow("custom pending and skew thresholds")
            << data << tight << ServerStatus::Degraded
            << strs({ "oldest pending 2.5 s > 2 s", "clock skew 150 ms > 100 ms" });

        data = farm();
        data.lastHeartbeat[1] = ago(6);
        QTest::addRow("custom not-responding threshold")
            << data << tight << ServerStatus::NotResponding << strs({ "no heartbeat for 6 s" });
    }

    void serverStatus()
    {
        QFETCH(FarmData, data);
        QFETCH(Thresholds, thresholds);
        QFETCH(ServerStatus, expected);
        QFETCH(QStringList, reasons);
        const FarmSnapshot snapshot = Figures::compute(data, 60, thresholds);
        const ServerFigures& a = serverNamed(snapshot, "a");
        QCOMPARE(statusName(a.status), statusName(expected));
        QCOMPARE(a.reasons, reasons);
    }

    void statusNames()
    {
        QCOMPARE(statusName(ServerStatus::Disabled), str("disabled"));
        QCOMPARE(statusName(ServerStatus::Stopped), str("stopped"));
        QCOMPARE(statusName(ServerStatus::NotResponding), str("not-responding"));
        QCOMPARE(statusName(ServerStatus::Degraded), str("degraded"));
        QCOMPARE(statusName(ServerStatus::Healthy), str("healthy"));
        QCOMPARE(statusName(StorageStatus::Ok), str("ok"));
        QCOMPARE(statusName(StorageStatus::Partial), str("partial"));
        QCOMPARE(statusName(StorageStatus::Failing), str("failing"));
        QCOMPARE(statusName(StorageStatus::Unknown), str("unknown"));
    }

    void farmSummary_data()
    {
        QTest::addColumn<FarmData>("data");
        QTest::addColumn<qint64>("servers");
        QTest::addColumn<QMap<QString, qint64>>("byStatus");
        QTest::addColumn<QStringList>("order");

        FarmData data = farm(0);
        QTest::addRow("empty farm") << data << qint64(0)
                                    << QMap<QString, qint64> { { str("healthy"), 0 }, { str("degraded"), 0 },
                                           { str("not-responding"), 0 }, { str("stopped"), 0 }, { str("disabled"), 0 } }
                                    << QStringList();

        // One of each, listed out of name order.
        data = farm(0);
        data.servers = { server(5, "x-disabled"), server(4, "s-stopped"), server(3, "n-not-responding"),
            server(2, "d-degraded"), server(1, "h-healthy") };
        for (qint64 id = 1; id <= 5; ++id)
            data.lastHeartbeat.insert(id, ago(1));
        data.servers[0].enabled = false;
        data.servers[1].stoppedAt = ago(0.5);
        data.lastHeartbeat[3] = ago(100);
        data.backlog = { pendingRow(2, 2000, 1) };
        QTest::addRow("one of each") << data << qint64(5)
                                     << QMap<QString, qint64> { { str("healthy"), 1 }, { str("degraded"), 1 },
                                            { str("not-responding"), 1 }, { str("stopped"), 1 },
                                            { str("disabled"), 1 } }
                                     << strs({ "d-degraded", "h-healthy", "n-not-responding", "s-stopped",
                                            "x-disabled" });

        data = farm();
        data.backlog = { pendingRow(2, 2000, 1) };
        QTest::addRow("two healthy, one degraded")
            << data << qint64(3)
            << QMap<QString, qint64> { { str("healthy"), 2 }, { str("degraded"), 1 }, { str("not-responding"), 0 },
                   { str("stopped"), 0 }, { str("disabled"), 0 } }
            << strs({ "a", "b", "c" });
    }

    void farmSummary()
    {
        QFETCH(FarmData, data);
        QFETCH(qint64, servers);
        QFETCH(CountsByName, byStatus);
        QFETCH(QStringList, order);
        const FarmSnapshot snapshot = Figures::compute(data, 60);
        QCOMPARE(snapshot.farm.servers, servers);
        QCOMPARE(snapshot.farm.byStatus, byStatus);
        QStringList names;
        for (const ServerFigures& figures : snapshot.servers)
            names << figures.server.name;
        QCOMPARE(names, order);
    }

    void storageStatus_data()
    {
        QTest::addColumn<QList<ProbeRow>>("latestProbes");
        QTest::addColumn<StorageStatus>("expected");
        QTest::addRow("no probe") << QList<ProbeRow> {} << StorageStatus::Unknown;
        QTest::addRow("one ok") << QList<ProbeRow> { probe(1, 1, true) } << StorageStatus::Ok;
        QTest::addRow("all ok") << QList<ProbeRow> { probe(1, 1, true), probe(1, 2, true), probe(1, 3, true) }
                                << StorageStatus::Ok;
        QTest::addRow("one failed") << QList<ProbeRow> { probe(1, 1, false) } << StorageStatus::Failing;
        QTest::addRow("all failed") << QList<ProbeRow> { probe(1, 1, false), probe(1, 2, false) }
                                    << StorageStatus::Failing;
        QTest::addRow("some failed") << QList<ProbeRow> { probe(1, 1, true), probe(1, 2, false), probe(1, 3, true) }
                                     << StorageStatus::Partial;
    }

    void storageStatus()
    {
        QFETCH(QList<ProbeRow>, latestProbes);
        QFETCH(StorageStatus, expected);
        QCOMPARE(statusName(Figures::storageStatus(latestProbes)), statusName(expected));
    }

    void storageFigures_data()
    {
        QTest::addColumn<FarmData>("data");
        QTest::addColumn<StorageStatus>("status");
        QTest::addColumn<QStringList>("failing");
        QTest::addColumn<QStringList>("probing");
        QTest::addColumn<QVariant>("p95");

        // Storage "media" (id 1) as seen by a, b, c.
        FarmData data = farm();
        data.latestProbes = { probe(1, 1, true), probe(1, 2, true), probe(1, 3, true) };
        QTest::addRow("all ok") << data << StorageStatus::Ok << QStringList() << strs({ "a", "b", "c" }) << QVariant();

        data.latestProbes = { probe(1, 1, true), probe(1, 2, false), probe(1, 3, true) };
        QTest::addRow("partial") << data << StorageStatus::Partial << strs({ "b" }) << strs({ "a", "b", "c" })
                                 << QVariant();

        data.latestProbes = { probe(1, 1, false), probe(1, 2, false), probe(1, 3, false) };
        QTest::addRow("failing") << data << StorageStatus::Failing << strs({ "a", "b", "c" }) << strs({ "a", "b", "c" })
                                 << QVariant();

        QTest::addRow("no probe") << farm() << StorageStatus::Unknown << QStringList() << QStringList() << QVariant();

        data.latestProbes = { probe(1, 3, false), probe(1, 2, true), probe(1, 1, false) };
        QTest::addRow("names sorted") << data << StorageStatus::Partial << strs({ "a", "c" }) << strs({ "a", "b", "c" })
                                      << QVariant();

        data = farm();
        serverRow(data, 3).stoppedAt = ago(10);
        data.lastHeartbeat[3] = ago(20);
        data.latestProbes = { probe(1, 1, true), probe(1, 2, true), probe(1, 3, false) };
        QTest::addRow("stopped instance ignored")
            << data << StorageStatus::Ok << QStringList() << strs({ "a", "b" }) << QVariant();

        data.latestProbes = { probe(1, 3, false) };
        QTest::addRow("only a stopped instance probed")
            << data << StorageStatus::Unknown << QStringList() << QStringList() << QVariant();

        data = farm();
        serverRow(data, 3).enabled = false;
        data.latestProbes = { probe(1, 1, true), probe(1, 2, true), probe(1, 3, false) };
        QTest::addRow("disabled instance ignored")
            << data << StorageStatus::Ok << QStringList() << strs({ "a", "b" }) << QVariant();

        data = farm();
        serverRow(data, 3).stoppedAt = ago(100);
        data.latestProbes = { probe(1, 1, true), probe(1, 2, true), probe(1, 3, false) };
        QTest::addRow("restarted instance counted")
            << data << StorageStatus::Partial << strs({ "c" }) << strs({ "a", "b", "c" }) << QVariant();

        data = farm();
        data.lastHeartbeat[3] = ago(100);
        data.latestProbes = { probe(1, 1, true), probe(1, 2, true), probe(1, 3, false) };
        QTest::addRow("not responding instance counted")
            << data << StorageStatus::Partial << strs({ "c" }) << strs({ "a", "b", "c" }) << QVariant();

        data = farm();
        data.latestProbes = { probe(1, 1, true), probe(2, 1, false), probe(2, 2, false) };
        QTest::addRow("other storage ignored")
            << data << StorageStatus::Ok << QStringList() << strs({ "a" }) << QVariant();

        data.latestProbes = { probe(1, 1, true), probe(1, 9, false) };
        QTest::addRow("instance not in the server table ignored")
            << data << StorageStatus::Ok << QStringList() << strs({ "a" }) << QVariant();

        data = farm();
        data.latestProbes = { probe(1, 1, true) };
        // In the window: 10 20 30 (ok) and 40 (a failed probe still has a latency); out: 1000 at
        // now-60 and 2000 at now-61; a probe without latency and another storage's 5000 do not count.
        // p95 of 10 20 30 40: pos 2.85 = 30 + 10*0.85
        data.probes = { probe(1, 1, true, nullptr, 10.0, 1), probe(1, 2, true, nullptr, 20.0, 2),
            probe(1, 3, true, nullptr, 30.0, 3), probe(1, 1, false, "slow", 40.0, 4),
            probe(1, 2, true, nullptr, 1000.0, 60), probe(1, 3, true, nullptr, 2000.0, 61),
            probe(1, 1, false, "refused", std::nullopt, 5), probe(2, 1, true, nullptr, 5000.0, 1) };
        QTest::addRow("probe latency p95 over the window")
            << data << StorageStatus::Ok << QStringList() << strs({ "a" }) << QVariant(38.5);
    }

    void storageFigures()
    {
        QFETCH(FarmData, data);
        QFETCH(StorageStatus, status);
        QFETCH(QStringList, failing);
        QFETCH(QStringList, probing);
        QFETCH(QVariant, p95);
        const FarmSnapshot snapshot = Figures::compute(data, 60);
        QCOMPARE(snapshot.storage.size(), 2);
        const StorageFigures& media = snapshot.storage.at(1); // "exports" sorts first
        QCOMPARE(media.storage.name, str("media"));
        QCOMPARE(statusName(media.status), statusName(status));
        QCOMPARE(media.failingServers, failing);
        QCOMPARE(media.probingServers, probing);
        COMPARE_FIGURE(media.probeLatencyP95Ms, p95);
    }

    void flushProgress_data()
    {
        QTest::addColumn<FlushRequestRow>("request");
        QTest::addColumn<qint64>("targets");
        QTest::addColumn<qint64>("acknowledged");
        QTest::addColumn<qint64>("failed");
        QTest::addColumn<qint64>("pending");
        QTest::addColumn<QVariant>("slowestAckMs");
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<QStringList>("states");
        QTest::addColumn<bool>("done");

        // Requested 10 s ago. b acknowledged after 250 ms, a after 2000 ms, c failed after 1000 ms,
        // #9 (not in the server table) pending; failures are not acknowledgements, so slowest is 2000.
        QTest::addRow("mixed") << flush(
            1, 10, { target(2, 9.75), target(1, 8), target(3, 9, "disk full"), target(9, std::nullopt) })
                               << qint64(4) << qint64(2) << qint64(1) << qint64(1) << QVariant(2000.0)
                               << strs({ "#9", "a", "b", "c" })
                               << strs({ "pending", "acknowledged", "acknowledged", "failed" }) << false;
        QTest::addRow("all acknowledged")
            << flush(1, 10, { target(2, 9.7), target(1, 9.9) }) << qint64(2) << qint64(2) << qint64(0) << qint64(0)
            << QVariant(300.0) << strs({ "a", "b" }) << strs({ "acknowledged", "acknowledged" }) << true;
        QTest::addRow("only failures") << flush(1, 10, { target(1, 9, "no cache") }) << qint64(1) << qint64(0)
                                       << qint64(1) << qint64(0) << QVariant() << strs({ "a" }) << strs({ "failed" })
                                       << true;
        QTest::addRow("all pending") << flush(1, 10, { target(3, std::nullopt), target(1, std::nullopt) }) << qint64(2)
                                     << qint64(0) << qint64(0) << qint64(2) << QVariant() << strs({ "a", "c" })
                                     << strs({ "pending", "pending" }) << false;
        QTest::addRow("no targets") << flush(1, 10) << qint64(0) << qint64(0) << qint64(0) << qint64(0) << QVariant()
                                    << QStringList() << QStringList() << true;
    }

    void flushProgress()
    {
        QFETCH(FlushRequestRow, request);
        QFETCH(qint64, targets);
        QFETCH(qint64, acknowledged);
        QFETCH(qint64, failed);
        QFETCH(qint64, pending);
        QFETCH(QVariant, slowestAckMs);
        QFETCH(QStringList, names);
        QFETCH(QStringList, states);
        QFETCH(bool, done);
        FarmData data = farm();
        data.flushes = { request };
        const FarmSnapshot snapshot = Figures::compute(data, 60);
        QCOMPARE(snapshot.flushes.size(), 1);
        const FlushProgress& progress = snapshot.flushes.first();
        QCOMPARE(progress.request.id, request.id);
        QCOMPARE(progress.targets, targets);
        QCOMPARE(progress.acknowledged, acknowledged);
        QCOMPARE(progress.failed, failed);
        QCOMPARE(progress.pending, pending);
        COMPARE_FIGURE(progress.slowestAckMs, slowestAckMs);
        QStringList actualNames;
        QStringList actualStates;
        for (const FlushTargetProgress& target : progress.perTarget) {
            actualNames << target.serverName;
            actualStates << stateName(target.state);
        }
        QCOMPARE(actualNames, names);
        QCOMPARE(actualStates, states);
        QCOMPARE(progress.done(), done);
    }

    void flushTargetDetails()
    {
        FarmData data = farm();
        data.flushes = { flush(1, 10, { target(2, 9.75), target(3, 9, "disk full"), target(9, std::nullopt) }) };
        const QList<FlushTargetProgress> perTarget = Figures::compute(data, 60).flushes.first().perTarget;
        QCOMPARE(perTarget.size(), 3);
        // #9: pending for 10 s.
        QCOMPARE(perTarget[0].serverId, qint64(9));
        COMPARE_FIGURE(perTarget[0].ackMs, QVariant());
        COMPARE_FIGURE(perTarget[0].pendingForS, QVariant(10.0));
        QVERIFY(perTarget[0].error.isEmpty());
        // b: acknowledged 250 ms after the request.
        QCOMPARE(perTarget[1].serverName, str("b"));
        COMPARE_FIGURE(perTarget[1].ackMs, QVariant(250.0));
        COMPARE_FIGURE(perTarget[1].pendingForS, QVariant());
        // c: failed 1000 ms after the request.
        QCOMPARE(perTarget[2].serverName, str("c"));
        COMPARE_FIGURE(perTarget[2].ackMs, QVariant(1000.0));
        QCOMPARE(perTarget[2].error, str("disk full"));
    }

    void flushOrder()
    {
        FarmData data = farm();
        data.flushes = { flush(1, 30), flush(2, 10), flush(3, 10), flush(4, 20) };
        QList<qint64> ids;
        const FarmSnapshot snapshot = Figures::compute(data, 60);
        for (const FlushProgress& progress : snapshot.flushes)
            ids << progress.request.id;
        QCOMPARE(ids, (QList<qint64> { 3, 2, 4, 1 })); // newest first, the higher id first on a tie
    }

    void storageOrder()
    {
        FarmData data = farm();
        data.storages
            = { StorageRow { 7, str("zeta"), str("local"), {} }, StorageRow { 8, str("alpha"), str("s3"), {} } };
        const FarmSnapshot snapshot = Figures::compute(data, 60);
        QCOMPARE(snapshot.storage.size(), 2);
        QCOMPARE(snapshot.storage[0].storage.name, str("alpha"));
        QCOMPARE(snapshot.storage[1].storage.name, str("zeta"));
    }

    void nothingToMeasure()
    {
        FarmData data = farm(1);
        data.lastHeartbeat.clear();
        serverRow(data, 1).registeredAt = ago(10);
        data.flushes = { flush(1, 5, { target(1, std::nullopt) }) };
        const FarmSnapshot snapshot = Figures::compute(data, 60);

        const ServerFigures& a = snapshot.servers.first();
        QCOMPARE(statusName(a.status), str("healthy"));
        QVERIFY(!a.lastHeartbeatAgeS);
        QVERIFY(!a.clockSkewMs);
        QVERIFY(!a.oldestPendingAgeS);
        QVERIFY(!a.cacheHitRatio);
        QVERIFY(!a.cacheItems);
        QVERIFY(!a.memoryBytes);
        QCOMPARE(a.cacheLatency.count, qint64(0));
        QVERIFY(!a.cacheLatency.p50 && !a.cacheLatency.p95 && !a.cacheLatency.p99 && !a.cacheLatency.max);
        QVERIFY(!snapshot.farm.cacheLatency.max);
        QVERIFY(!snapshot.storage.first().probeLatencyP95Ms);
        QVERIFY(!snapshot.flushes.first().slowestAckMs);

        const QJsonObject json = snapshot.toJson();
        const QJsonObject server = json.value(str("servers")).toArray().first().toObject();
        for (const char* key : { "zone", "host", "last_heartbeat_age_s", "clock_skew_ms", "oldest_pending_age_s",
                 "cache_hit_ratio", "cache_items", "memory_bytes" }) {
            QVERIFY2(server.contains(str(key)), key);
            QVERIFY2(server.value(str(key)).isNull(), key);
        }
        for (const char* key : { "p50", "p95", "p99", "max" }) {
            QVERIFY2(server.value(str("cache_latency_ms")).toObject().value(str(key)).isNull(), key);
            QVERIFY2(
                json.value(str("farm")).toObject().value(str("cache_latency_ms")).toObject().value(str(key)).isNull(),
                key);
        }
        // Counts of nothing are measured zeros, not nulls.
        QCOMPARE(server.value(str("backlog")), QJsonValue(0));
        QCOMPARE(server.value(str("deliveries_failed")), QJsonValue(0));
        QCOMPARE(server.value(str("cache_latency_ms")).toObject().value(str("count")), QJsonValue(0));
        const QJsonObject storage = json.value(str("storage")).toArray().first().toObject();
        QVERIFY(storage.value(str("probe_latency_ms_p95")).isNull());
        QCOMPARE(storage.value(str("status")).toString(), str("unknown"));
        QCOMPARE(storage.value(str("failing_servers")).toArray(), QJsonArray());
        const QJsonObject flushObject = json.value(str("flushes")).toArray().first().toObject();
        QVERIFY(flushObject.value(str("slowest_ack_ms")).isNull());

        const QByteArray text = QJsonDocument(json).toJson(QJsonDocument::Compact);
        QVERIFY(text.contains("\"clock_skew_ms\":null"));
        QVERIFY(text.contains("\"p95\":null"));
    }

    // The keys fixed by DESIGN.md section 3 (more are allowed, none may be missing).
    void jsonKeys_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QStringList>("required");
        QTest::addRow("top") << QString()
                             << strs({ "generated_at", "window_s", "schema_version", "farm", "servers", "storage",
                                    "flushes" });
        QTest::addRow("farm") << str("farm")
                              << strs({ "servers", "by_status", "tasks_created_per_s", "deliveries_processed_per_s",
                                     "deliveries_failed", "backlog", "cache_latency_ms" });
        QTest::addRow("farm latency") << str("farm/cache_latency_ms") << strs({ "count", "p50", "p95", "p99", "max" });
        QTest::addRow("by status") << str("farm/by_status")
                                   << strs({ "healthy", "degraded", "not-responding", "stopped", "disabled" });
        QTest::addRow("server") << str("servers/0")
                                << strs({ "name", "zone", "host", "status", "last_heartbeat_age_s", "clock_skew_ms",
                                       "backlog", "oldest_pending_age_s", "deliveries_processed_per_s",
                                       "deliveries_failed", "cache_hit_ratio", "cache_latency_ms" });
        QTest::addRow("server latency") << str("servers/0/cache_latency_ms")
                                        << strs({ "count", "p50", "p95", "p99", "max" });
        QTest::addRow("storage") << str("storage/0")
                                 << strs({ "name", "kind", "status", "probe_latency_ms_p95", "failing_servers" });
        QTest::addRow("flush") << str("flushes/0")
                               << strs({ "id", "requested_by", "requested_at", "scope", "targets", "acknowledged",
                                      "failed", "pending", "slowest_ack_ms" });
    }

    void jsonKeys()
    {
        QFETCH(QString, path);
        QFETCH(QStringList, required);
        FarmData data = farm(1);
        data.flushes = { flush(1, 5) };
        QJsonValue value = Figures::compute(data, 60).toJson();
        for (const QString& step : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
            bool isIndex = false;
            const int index = step.toInt(&isIndex);
            value = isIndex ? value.toArray().at(index) : value.toObject().value(step);
        }
        QVERIFY(value.isObject());
        const QJsonObject object = value.toObject();
        for (const QString& key : required)
            QVERIFY2(object.contains(key), qPrintable(key));
        if (path == str("farm/by_status") || path.endsWith(str("cache_latency_ms")))
            QCOMPARE(object.size(), required.size());
    }

    void jsonValues()
    {
        FarmData data = farm(2);
        serverRow(data, 1).zone = str("eu-west-1a");
        serverRow(data, 1).host = str("web-a.internal");
        data.lastHeartbeat[1] = ago(45);
        data.heartbeats = { counters(50, 100, 100), counters(45, 190, 110) }; // skew 0, ratio 90 / (90 + 10)
        data.backlog = { pendingRow(1, 12, 3.5) };
        data.tasks = { task("REMOVE_CACHE_ITEM", 1), task("REMOVE_CACHE_ITEM", 2), task("UPDATE_METAFILE", 3) };
        data.deliveries
            = { delivery(1, "REMOVE_CACHE_ITEM", 1.2, 1), delivery(2, "UPDATE_METAFILE", 3, 2, "disk full") };
        data.latestProbes = { probe(1, 1, true), probe(1, 2, false, "timeout") };
        data.probes = { probe(1, 1, true, nullptr, 12.0) };
        data.flushes = { flush(4, 10, { target(1, 9.5), target(2, std::nullopt) }) };
        const QJsonObject json = Figures::compute(data, 60).toJson();

        QCOMPARE(json.value(str("generated_at")).toString(), str("2026-11-22T10:00:00.000Z"));
        QCOMPARE(json.value(str("window_s")), QJsonValue(60));
        QCOMPARE(json.value(str("schema_version")), QJsonValue(1));

        const QJsonObject farmObject = json.value(str("farm")).toObject();
        QCOMPARE(farmObject.value(str("servers")), QJsonValue(2));
        QCOMPARE(farmObject.value(str("by_status")).toObject().value(str("not-responding")), QJsonValue(1));
        QCOMPARE(farmObject.value(str("by_status")).toObject().value(str("degraded")), QJsonValue(1));
        QCOMPARE(farmObject.value(str("tasks_created_per_s")).toDouble(), 3.0 / 60);
        QCOMPARE(farmObject.value(str("deliveries_processed_per_s")).toDouble(), 2.0 / 60);
        QCOMPARE(farmObject.value(str("deliveries_failed")), QJsonValue(1));
        QCOMPARE(farmObject.value(str("backlog")), QJsonValue(12));
        QCOMPARE(farmObject.value(str("cache_latency_ms")).toObject().value(str("count")), QJsonValue(1));
        QCOMPARE(farmObject.value(str("cache_latency_ms")).toObject().value(str("max")).toDouble(), 200.0);
        QCOMPARE(
            farmObject.value(str("tasks_created_per_s_by_type")).toObject().value(str("REMOVE_CACHE_ITEM")).toDouble(),
            2.0 / 60);

        const QJsonArray servers = json.value(str("servers")).toArray();
        QCOMPARE(servers.size(), 2);
        const QJsonObject a = servers[0].toObject();
        QCOMPARE(a.value(str("name")).toString(), str("a"));
        QCOMPARE(a.value(str("zone")).toString(), str("eu-west-1a"));
        QCOMPARE(a.value(str("host")).toString(), str("web-a.internal"));
        QCOMPARE(a.value(str("status")).toString(), str("not-responding"));
        QCOMPARE(a.value(str("reasons")).toArray(), QJsonArray { str("no heartbeat for 45 s") });
        QCOMPARE(a.value(str("last_heartbeat_age_s")).toDouble(), 45.0);
        QCOMPARE(a.value(str("clock_skew_ms")).toDouble(), 0.0);
        QVERIFY(!a.value(str("clock_skew_ms")).isNull());
        QCOMPARE(a.value(str("backlog")), QJsonValue(12));
        QCOMPARE(a.value(str("oldest_pending_age_s")).toDouble(), 3.5);
        QCOMPARE(a.value(str("deliveries_processed_per_s")).toDouble(), 1.0 / 60);
        QCOMPARE(a.value(str("deliveries_failed")), QJsonValue(0));
        QCOMPARE(a.value(str("cache_hit_ratio")).toDouble(), 0.9);
        QCOMPARE(a.value(str("cache_latency_ms")).toObject().value(str("p50")).toDouble(), 200.0);
        const QJsonObject b = servers[1].toObject();
        QCOMPARE(b.value(str("status")).toString(), str("degraded"));
        QVERIFY(b.value(str("zone")).isNull());
        QVERIFY(b.value(str("host")).isNull());
        QCOMPARE(b.value(str("deliveries_failed")), QJsonValue(1));
        QVERIFY(b.value(str("cache_hit_ratio")).isNull());

        const QJsonObject media = json.value(str("storage")).toArray()[1].toObject();
        QCOMPARE(media.value(str("name")).toString(), str("media"));
        QCOMPARE(media.value(str("kind")).toString(), str("s3"));
        QCOMPARE(media.value(str("status")).toString(), str("partial"));
        QCOMPARE(media.value(str("probe_latency_ms_p95")).toDouble(), 12.0);
        QCOMPARE(media.value(str("failing_servers")).toArray(), QJsonArray { str("b") });

        const QJsonObject flushObject = json.value(str("flushes")).toArray().first().toObject();
        QCOMPARE(flushObject.value(str("id")), QJsonValue(4));
        QCOMPARE(flushObject.value(str("requested_by")).toString(), str("alice"));
        QCOMPARE(flushObject.value(str("requested_at")).toString(), str("2026-11-22T09:59:50.000Z"));
        QCOMPARE(flushObject.value(str("scope")).toString(), str("farm"));
        QCOMPARE(flushObject.value(str("reason")).toString(), str("stale prices"));
        QCOMPARE(flushObject.value(str("targets")), QJsonValue(2));
        QCOMPARE(flushObject.value(str("acknowledged")), QJsonValue(1));
        QCOMPARE(flushObject.value(str("failed")), QJsonValue(0));
        QCOMPARE(flushObject.value(str("pending")), QJsonValue(1));
        QCOMPARE(flushObject.value(str("slowest_ack_ms")).toDouble(), 500.0);
        const QJsonArray perTarget = flushObject.value(str("per_target")).toArray();
        QCOMPARE(perTarget.size(), 2);
        QCOMPARE(perTarget[0].toObject().value(str("state")).toString(), str("acknowledged"));
        QCOMPARE(perTarget[0].toObject().value(str("ack_ms")).toDouble(), 500.0);
        QCOMPARE(perTarget[1].toObject().value(str("name")).toString(), str("b"));
        QCOMPARE(perTarget[1].toObject().value(str("state")).toString(), str("pending"));
        QVERIFY(perTarget[1].toObject().value(str("ack_ms")).isNull());
        QVERIFY(perTarget[1].toObject().value(str("error")).isNull());
    }

    void jsonGeneratedAt_data()
    {
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<QString>("expected");
        QTest::addRow("UTC") << Now << str("2026-11-22T10:00:00.000Z");
        QTest::addRow("milliseconds") << Now.addMSecs(123) << str("2026-11-22T10:00:00.123Z");
        QTest::addRow("offset converted to UTC")
            << QDateTime(QDate(2026, 11, 22), QTime(11, 0), Qt::OffsetFromUTC, 3600) << str("2026-11-22T10:00:00.000Z");
    }

    void jsonGeneratedAt()
    {
        QFETCH(QDateTime, now);
        QFETCH(QString, expected);
        FarmData data = farm(0);
        data.now = now;
        QCOMPARE(Figures::compute(data, 60).toJson().value(str("generated_at")).toString(), expected);
    }

    // The prevailing version among the running instances and who runs another one (VersionSkew).
    void versionSkew_data()
    {
        QTest::addColumn<QStringList>("instances");
        QTest::addColumn<CountsByName>("versions");
        QTest::addColumn<QStringList>("skews"); // "NAME: text", in name order

        QTest::addRow("one version") << times(3, "13.0.2") << CountsByName { { str("13.0.2"), 3 } } << QStringList();
        QTest::addRow("one of ten behind")
            << times(9, "13.0.2") + strs({ "13.0.1" }) << CountsByName { { str("13.0.2"), 9 }, { str("13.0.1"), 1 } }
            << strs({ "web-0010: 13.0.1 while 9 others run 13.0.2" });
        // A tie of one each: the newer prevails, and the other reads in the singular.
        QTest::addRow("one other") << strs({ "13.0.1", "13.0.2" })
                                   << CountsByName { { str("13.0.2"), 1 }, { str("13.0.1"), 1 } }
                                   << strs({ "web-0001: 13.0.1 while 1 other runs 13.0.2" });
        // By number, 13.0.10 is the newer; as text, 13.0.9 would be.
        QTest::addRow("tie goes to the newer by number")
            << strs({ "13.0.10", "13.0.9", "13.0.10", "13.0.9" })
            << CountsByName { { str("13.0.10"), 2 }, { str("13.0.9"), 2 } }
            << strs({ "web-0002: 13.0.9 while 2 others run 13.0.10", "web-0004: 13.0.9 while 2 others run 13.0.10" });
        QTest::addRow("most common wins over newer (a canary)")
            << strs({ "13.0.1", "13.0.2", "13.0.1" }) << CountsByName { { str("13.0.1"), 2 }, { str("13.0.2"), 1 } }
            << strs({ "web-0002: 13.0.2 while 2 others run 13.0.1" });
        QTest::addRow("three versions") << times(3, "13.0.2") + strs({ "13.0.1", "12.9", "13.0.1" })
                                        << CountsByName { { str("13.0.2"), 3 }, { str("13.0.1"), 2 },
                                               { str("12.9"), 1 } }
                                        << strs({ "web-0004: 13.0.1 while 3 others run 13.0.2",
                                               "web-0005: 12.9 while 3 others run 13.0.2",
                                               "web-0006: 13.0.1 while 3 others run 13.0.2" });
        QTest::addRow("no versions") << times(3, "-") << CountsByName {} << QStringList();
        QTest::addRow("no version is never skewed")
            << strs({ "13.0.2", "-", "13.0.2" }) << CountsByName { { str("13.0.2"), 2 } } << QStringList();
        // 13.0.1 is on three instances, none of them running: neither counted nor marked.
        QTest::addRow("stopped and disabled left out")
            << strs({ "13.0.1 stopped", "13.0.1 stopped", "13.0.1 disabled", "13.0.2", "13.0.2" })
            << CountsByName { { str("13.0.2"), 2 } } << QStringList();
        // Not responding is still in the farm: its version counts, and a skew of its own is marked.
        QTest::addRow("not responding counts")
            << strs({ "13.0.1", "13.0.1 not-responding", "13.0.2", "12.0 not-responding" })
            << CountsByName { { str("13.0.1"), 2 }, { str("13.0.2"), 1 }, { str("12.0"), 1 } }
            << strs({ "web-0003: 13.0.2 while 2 others run 13.0.1", "web-0004: 12.0 while 2 others run 13.0.1" });
        QTest::addRow("thousands") << times(1234, "13.0.2") + strs({ "13.0.1" })
                                   << CountsByName { { str("13.0.2"), 1234 }, { str("13.0.1"), 1 } }
                                   << strs({ "web-1235: 13.0.1 while 1,234 others run 13.0.2" });
    }

    void versionSkew()
    {
        QFETCH(QStringList, instances);
        QFETCH(CountsByName, versions);
        QFETCH(QStringList, skews);
        const FarmSnapshot snapshot = Figures::compute(versionFarm(instances), 60);
        QCOMPARE(snapshot.farm.versions, versions);
        QStringList actual;
        for (const ServerFigures& figures : snapshot.servers) {
            if (figures.versionSkew)
                actual << figures.server.name + str(": ") + *figures.versionSkew;
        }
        QCOMPARE(actual, skews);
    }

    // A mark, not a status: a skewed instance stays healthy, with no reason, and the exit status 0.
    void versionSkewIsNotAStatus()
    {
        const FarmSnapshot snapshot = Figures::compute(versionFarm(times(9, "13.0.2") + strs({ "13.0.1" })), 60);
        QVERIFY(serverNamed(snapshot, "web-0010").versionSkew);
        for (const ServerFigures& figures : snapshot.servers) {
            QCOMPARE(figures.status, ServerStatus::Healthy);
            QVERIFY(figures.reasons.isEmpty());
        }
        QCOMPARE(snapshot.farm.byStatus.value(str("healthy")), qint64(10));
        QCOMPARE(snapshot.exitStatus(), 0);
    }

    void versionOrder_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<int>("expected"); // the sign of compare(a, b)
        QTest::addRow("equal") << str("13.0.2") << str("13.0.2") << 0;
        QTest::addRow("patch") << str("13.0.2") << str("13.0.1") << 1;
        QTest::addRow("numbers, not text") << str("13.0.10") << str("13.0.9") << 1;
        QTest::addRow("major") << str("9.9.9") << str("10.0.0") << -1;
        QTest::addRow("after its prefix") << str("13.0.1") << str("13.0") << 1;
        QTest::addRow("letters as text") << str("v2-beta") << str("v2-alpha") << 1;
        QTest::addRow("prefixed numbers") << str("v10") << str("v9") << 1;
        QTest::addRow("longer than 64 bits") << str("1.100000000000000000000") << str("1.99999999999999999999") << 1;
        // Equal as numbers, different versions: the text decides ('0' < '1').
        QTest::addRow("leading zero") << str("1.01") << str("1.1") << -1;
        QTest::addRow("empty first") << QString() << str("1") << -1;
    }

    void versionOrder()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(int, expected);
        QCOMPARE(VersionSkew::compare(a, b), expected);
        QCOMPARE(VersionSkew::compare(b, a), -expected);
    }

    // "version" and "version_skew" of each instance, "versions" of the farm (the running ones).
    void jsonVersions()
    {
        const FarmData data = versionFarm(times(9, "13.0.2") + strs({ "13.0.1", "12.0 stopped", "-" }));
        const QJsonObject json = Figures::compute(data, 60).toJson();
        QCOMPARE(json[str("farm")].toObject()[str("versions")].toObject(),
            (QJsonObject { { str("13.0.2"), 9 }, { str("13.0.1"), 1 } }));
        const QJsonArray servers = json[str("servers")].toArray();
        QCOMPARE(servers.size(), 12);
        for (const auto& value : servers) {
            const QJsonObject server = value.toObject();
            QVERIFY(server.contains(str("version")));
            QVERIFY(server.contains(str("version_skew")));
        }
        QCOMPARE(servers[0].toObject()[str("version")].toString(), str("13.0.2"));
        QVERIFY(servers[0].toObject()[str("version_skew")].isNull());
        QCOMPARE(servers[9].toObject()[str("version")].toString(), str("13.0.1"));
        QCOMPARE(servers[9].toObject()[str("version_skew")].toString(), str("13.0.1 while 9 others run 13.0.2"));
        QCOMPARE(servers[10].toObject()[str("status")].toString(), str("stopped"));
        QVERIFY(servers[10].toObject()[str("version_skew")].isNull());
        QVERIFY(servers[11].toObject()[str("version")].isNull());
        QVERIFY(servers[11].toObject()[str("version_skew")].isNull());
    }

    void exitStatus_data()
    {
        QTest::addColumn<QList<ServerStatus>>("servers");
        QTest::addColumn<QList<StorageStatus>>("storage");
        QTest::addColumn<int>("expected");
        using S = ServerStatus;
        using T = StorageStatus;
        QTest::addRow("empty farm") << QList<S> {} << QList<T> {} << 0;
        QTest::addRow("all healthy") << QList<S> { S::Healthy, S::Healthy } << QList<T> { T::Ok } << 0;
        QTest::addRow("stopped and disabled") << QList<S> { S::Stopped, S::Disabled, S::Healthy } << QList<T> {} << 0;
        QTest::addRow("storage unknown") << QList<S> { S::Healthy } << QList<T> { T::Unknown } << 0;
        QTest::addRow("degraded") << QList<S> { S::Healthy, S::Degraded } << QList<T> { T::Ok } << 1;
        QTest::addRow("storage partial") << QList<S> { S::Healthy } << QList<T> { T::Ok, T::Partial } << 1;
        QTest::addRow("not responding") << QList<S> { S::Healthy, S::NotResponding } << QList<T> { T::Ok } << 2;
        QTest::addRow("storage failing") << QList<S> { S::Healthy } << QList<T> { T::Failing } << 2;
        QTest::addRow("degraded and failing") << QList<S> { S::Degraded } << QList<T> { T::Failing } << 2;
        QTest::addRow("not responding and partial") << QList<S> { S::NotResponding } << QList<T> { T::Partial } << 2;
    }

    void exitStatus()
    {
        QFETCH(QList<ServerStatus>, servers);
        QFETCH(QList<StorageStatus>, storage);
        QFETCH(int, expected);
        FarmSnapshot snapshot;
        for (ServerStatus status : servers) {
            ServerFigures figures;
            figures.status = status;
            snapshot.servers << figures;
        }
        for (StorageStatus status : storage) {
            StorageFigures figures;
            figures.status = status;
            snapshot.storage << figures;
        }
        QCOMPARE(snapshot.exitStatus(), expected);
    }

    void exitStatusComputed_data()
    {
        QTest::addColumn<FarmData>("data");
        QTest::addColumn<int>("expected");
        QTest::addRow("healthy farm") << farm() << 0;
        FarmData data = farm();
        data.backlog = { pendingRow(2, 1001, 1) };
        QTest::addRow("one degraded") << data << 1;
        data.lastHeartbeat[3] = ago(31);
        QTest::addRow("one not responding") << data << 2;
        data = farm();
        data.latestProbes = { probe(1, 1, false), probe(1, 2, false), probe(1, 3, false) };
        QTest::addRow("storage failing everywhere") << data << 2;
        data = farm();
        serverRow(data, 3).stoppedAt = ago(0.5);
        data.latestProbes = { probe(1, 3, false) };
        QTest::addRow("only a stopped instance failing") << data << 0;
    }

    void exitStatusComputed()
    {
        QFETCH(FarmData, data);
        QFETCH(int, expected);
        QCOMPARE(Figures::compute(data, 60).exitStatus(), expected);
    }
};

QTEST_GUILESS_MAIN(TestFigures)
#include "tst_figures.moc"
