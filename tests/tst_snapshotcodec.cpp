#include "snapshotcodec.h"

#include <bit>
#include <limits>
#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QtEndian>
#include <QTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

const QDateTime T0(QDate(2026, 11, 22), QTime(10, 0, 0, 123), Qt::UTC);

// Texts that show what QCOMPARE must tell apart: every bit of a double, null from empty strings,
// an absent optional from 0.
QString exact(double value)
{
    return u"%1 (%2)"_s.arg(QString::number(std::bit_cast<quint64>(value), 16), QString::number(value, 'g', 17));
}

QString exact(qint64 value)
{
    return QString::number(value);
}

QString exact(int value)
{
    return QString::number(value);
}

QString exact(bool value)
{
    return value ? u"true"_s : u"false"_s;
}

QString exact(const std::optional<double>& value)
{
    return value ? exact(*value) : u"nullopt"_s;
}

QString exact(const std::optional<qint64>& value)
{
    return value ? exact(*value) : u"nullopt"_s;
}

QString exact(const QString& text)
{
    return text.isNull() ? u"<null>"_s : u'"' + text + u'"';
}

QString exact(const std::optional<QString>& text)
{
    return text ? exact(*text) : u"nullopt"_s;
}

QString exact(const QStringList& texts)
{
    QStringList items;
    for (const QString& text : texts)
        items << exact(text);
    return u'[' + items.join(u", "_s) + u']';
}

QString exact(const QList<qint64>& numbers)
{
    QStringList items;
    for (qint64 number : numbers)
        items << exact(number);
    return u'[' + items.join(u", "_s) + u']';
}

// The instant only: a decoded time is always UTC, which compare() checks on its own.
QString exact(const QDateTime& time)
{
    if (time.isNull())
        return u"<null>"_s;
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : u"<invalid>"_s;
}

template<typename T> QString exact(const QMap<QString, T>& map)
{
    QStringList items;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        items << it.key() + u": "_s + exact(it.value());
    return u'{' + items.join(u", "_s) + u'}';
}

QString exact(ServerStatus status)
{
    return statusName(status);
}

QString exact(StorageStatus status)
{
    return statusName(status);
}

QString exact(FlushTargetProgress::State state)
{
    return QString::number(int(state));
}

// Compares one field of `actual` and `expected`; the failure message names the field.
#define COMPARE_FIELD(field) QCOMPARE(exact(actual.field), exact(expected.field))

void compareTime(const QDateTime& actual, const QDateTime& expected)
{
    QCOMPARE(exact(actual), exact(expected));
    if (actual.isValid())
        QCOMPARE(actual.timeSpec(), Qt::UTC);
}

template<typename T>
void compareEach(const QList<T>& actual, const QList<T>& expected, void (*compareItem)(const T&, const T&))
{
    QCOMPARE(actual.size(), expected.size());
    for (qsizetype i = 0; i < actual.size() && !QTest::currentTestFailed(); ++i) {
        compareItem(actual[i], expected[i]);
        if (QTest::currentTestFailed())
            qInfo("... in list item %lld", qint64(i));
    }
}

void compare(const LatencyStats& actual, const LatencyStats& expected)
{
    COMPARE_FIELD(count);
    COMPARE_FIELD(p50);
    COMPARE_FIELD(p95);
    COMPARE_FIELD(p99);
    COMPARE_FIELD(max);
}

void compare(const ServerRow& actual, const ServerRow& expected)
{
    COMPARE_FIELD(id);
    COMPARE_FIELD(name);
    COMPARE_FIELD(displayName);
    COMPARE_FIELD(host);
    COMPARE_FIELD(zone);
    COMPARE_FIELD(version);
    COMPARE_FIELD(enabled);
    compareTime(actual.registeredAt, expected.registeredAt);
    compareTime(actual.startedAt, expected.startedAt);
    compareTime(actual.stoppedAt, expected.stoppedAt);
}

void compare(const ServerFigures& actual, const ServerFigures& expected)
{
    compare(actual.server, expected.server);
    COMPARE_FIELD(status);
    COMPARE_FIELD(reasons);
    COMPARE_FIELD(lastHeartbeatAgeS);
    COMPARE_FIELD(clockSkewMs);
    COMPARE_FIELD(backlog);
    COMPARE_FIELD(oldestPendingAgeS);
    COMPARE_FIELD(deliveriesProcessedPerS);
    COMPARE_FIELD(deliveriesProcessed);
    COMPARE_FIELD(deliveriesFailed);
    COMPARE_FIELD(cacheHitRatio);
    COMPARE_FIELD(cacheItems);
    COMPARE_FIELD(memoryBytes);
    compare(actual.cacheLatency, expected.cacheLatency);
    COMPARE_FIELD(versionSkew);
}

void compare(const StorageFigures& actual, const StorageFigures& expected)
{
    COMPARE_FIELD(storage.id);
    COMPARE_FIELD(storage.name);
    COMPARE_FIELD(storage.kind);
    COMPARE_FIELD(storage.location);
    COMPARE_FIELD(status);
    COMPARE_FIELD(probeLatencyP95Ms);
    COMPARE_FIELD(failingServers);
    COMPARE_FIELD(probingServers);
}

void compare(const FlushTargetRow& actual, const FlushTargetRow& expected)
{
    COMPARE_FIELD(serverId);
    compareTime(actual.processedAt, expected.processedAt);
    COMPARE_FIELD(errorMessage);
}

void compare(const FlushTargetProgress& actual, const FlushTargetProgress& expected)
{
    COMPARE_FIELD(serverId);
    COMPARE_FIELD(serverName);
    COMPARE_FIELD(state);
    COMPARE_FIELD(ackMs);
    COMPARE_FIELD(pendingForS);
    COMPARE_FIELD(error);
}

void compare(const FlushProgress& actual, const FlushProgress& expected)
{
    COMPARE_FIELD(request.id);
    compareTime(actual.request.requestedAt, expected.request.requestedAt);
    COMPARE_FIELD(request.requestedBy);
    COMPARE_FIELD(request.clientAddr);
    COMPARE_FIELD(request.applicationName);
    COMPARE_FIELD(request.scope);
    COMPARE_FIELD(request.serverIds);
    COMPARE_FIELD(request.cacheKeys);
    COMPARE_FIELD(request.reason);
    COMPARE_FIELD(request.taskId);
    compareEach(actual.request.targets, expected.request.targets, compare);
    COMPARE_FIELD(targets);
    COMPARE_FIELD(acknowledged);
    COMPARE_FIELD(failed);
    COMPARE_FIELD(pending);
    COMPARE_FIELD(slowestAckMs);
    compareEach(actual.perTarget, expected.perTarget, compare);
}

void compare(const ProbeRow& actual, const ProbeRow& expected)
{
    COMPARE_FIELD(storageId);
    COMPARE_FIELD(serverId);
    compareTime(actual.probedAt, expected.probedAt);
    COMPARE_FIELD(ok);
    COMPARE_FIELD(latencyMs);
    COMPARE_FIELD(freeBytes);
    COMPARE_FIELD(error);
}

void compare(const RecordedSnapshot& actual, const RecordedSnapshot& expected)
{
    compareTime(actual.snapshot.generatedAt, expected.snapshot.generatedAt);
    COMPARE_FIELD(snapshot.windowS);
    COMPARE_FIELD(snapshot.schemaVersion);
    COMPARE_FIELD(snapshot.farm.servers);
    COMPARE_FIELD(snapshot.farm.byStatus);
    COMPARE_FIELD(snapshot.farm.tasksCreatedPerS);
    COMPARE_FIELD(snapshot.farm.tasksCreated);
    COMPARE_FIELD(snapshot.farm.deliveriesProcessedPerS);
    COMPARE_FIELD(snapshot.farm.deliveriesProcessed);
    COMPARE_FIELD(snapshot.farm.deliveriesFailed);
    COMPARE_FIELD(snapshot.farm.backlog);
    compare(actual.snapshot.farm.cacheLatency, expected.snapshot.farm.cacheLatency);
    COMPARE_FIELD(snapshot.farm.tasksCreatedPerSByType);
    COMPARE_FIELD(snapshot.farm.deliveriesProcessedPerSByType);
    COMPARE_FIELD(snapshot.farm.versions);
    compareEach(actual.snapshot.servers, expected.snapshot.servers, compare);
    compareEach(actual.snapshot.storage, expected.snapshot.storage, compare);
    compareEach(actual.snapshot.flushes, expected.snapshot.flushes, compare);
    compareEach(actual.latestProbes, expected.latestProbes, compare);
    QCOMPARE(actual.serverNames, expected.serverNames);
}

#undef COMPARE_FIELD

// Every field set, none to its default; doubles whose last bit, sign or range a lossy encoding
// would change; optionals set to 0; empty strings next to null ones.
RecordedSnapshot full()
{
    RecordedSnapshot recorded;
    FarmSnapshot& snapshot = recorded.snapshot;
    snapshot.generatedAt = T0;
    snapshot.windowS = 300;
    snapshot.schemaVersion = 7;

    FarmFigures& farm = snapshot.farm;
    farm.servers = 3;
    farm.byStatus = { { u"healthy"_s, 0 }, { u"degraded"_s, 1 }, { u"not-responding"_s, 1 }, { u"stopped"_s, 0 },
        { u"disabled"_s, 1 } };
    farm.tasksCreatedPerS = 0.1 + 0.2;
    farm.tasksCreated = 9'007'199'254'740'993; // 2^53 + 1, which a double cannot hold
    farm.deliveriesProcessedPerS = 1.0 / 3.0;
    farm.deliveriesProcessed = 4242;
    farm.deliveriesFailed = 17;
    farm.backlog = 1501;
    farm.cacheLatency = { 211, 1.25, 9.875, 12.345678901234567, 15.5 };
    farm.tasksCreatedPerSByType = { { u"CLEAR_CACHE"_s, 0.05 }, { u"REINDEX_PRODUCT"_s, 2.0 / 7.0 } };
    farm.deliveriesProcessedPerSByType = { { u"CLEAR_CACHE"_s, 0.15 }, { u"TOUCH_CACHE_ITEM"_s, 1e-9 } };
    farm.versions = { { u"2.4.1"_s, 1 }, { u"2.5.0-rc1"_s, 1 }, { u""_s, 0 } };

    ServerFigures degraded;
    degraded.server = { 1, u"web-01"_s, u"Web 1 (Zürich) ✓"_s, u"10.0.0.11"_s, u"eu-central-1a"_s, u"2.4.1"_s, true,
        T0.addDays(-30), T0.addSecs(-3600).addMSecs(7), T0.addSecs(-60) };
    degraded.status = ServerStatus::Degraded;
    degraded.reasons = { u"backlog 1501 > 1000"_s, u"clock skew -2500.5 ms < -2000 ms"_s };
    degraded.lastHeartbeatAgeS = 1e-300;
    degraded.clockSkewMs = -0.0;
    degraded.backlog = 1501;
    degraded.oldestPendingAgeS = 12.000000000000002;
    degraded.deliveriesProcessedPerS = std::numeric_limits<double>::denorm_min();
    degraded.deliveriesProcessed = 3000;
    degraded.deliveriesFailed = 12;
    degraded.cacheHitRatio = 0.0;
    degraded.cacheItems = 0;
    degraded.memoryBytes = std::numeric_limits<qint64>::max();
    degraded.cacheLatency = { 1, 0.5, 0.5, 0.5, 0.5 };
    degraded.versionSkew = u"2.4.1 while 1 other runs 2.5.0-rc1"_s;

    ServerFigures gone;
    // Another offset than UTC: it must come back as the same instant, in UTC.
    gone.server = { std::numeric_limits<qint64>::min(), u"web-02"_s, u""_s, u"host-2"_s, u""_s, u"2.5.0-rc1"_s, false,
        QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::OffsetFromUTC, 7200), T0.addMSecs(-1), T0.addMSecs(1) };
    gone.status = ServerStatus::NotResponding;
    gone.reasons = { u"no heartbeat for 30.001 s"_s, u""_s };
    gone.lastHeartbeatAgeS = 30.001;
    gone.clockSkewMs = 2.5e10;
    gone.backlog = -1;
    gone.oldestPendingAgeS = 0.0;
    gone.deliveriesProcessedPerS = std::numeric_limits<double>::max();
    gone.deliveriesProcessed = 1;
    gone.deliveriesFailed = 1;
    gone.cacheHitRatio = 1.0 - 1e-16;
    gone.cacheItems = 123456789;
    gone.memoryBytes = 0;
    gone.cacheLatency = { 2, 0.0, 1e-5, 1e5, 1e300 };
    gone.versionSkew = u""_s; // set, and empty
    snapshot.servers = { degraded, gone };

    StorageFigures media;
    media.storage = { 11, u"media"_s, u"s3"_s, u"s3://media"_s };
    media.status = StorageStatus::Failing;
    media.probeLatencyP95Ms = 0.0;
    media.failingServers = { u"web-01"_s, u"web-02"_s };
    media.probingServers = { u"web-01"_s, u"web-02"_s, u""_s };
    StorageFigures exports;
    exports.storage = { 12, u"exports"_s, u""_s, u"//nas/exports"_s };
    exports.status = StorageStatus::Partial;
    exports.probeLatencyP95Ms = 87.65432109876543;
    exports.failingServers = { u"web-02"_s };
    exports.probingServers = { u"web-01"_s };
    snapshot.storage = { media, exports };

    FlushProgress flush;
    flush.request.id = 900;
    flush.request.requestedAt = T0.addMSecs(-1500);
    flush.request.requestedBy = u"alice"_s;
    flush.request.clientAddr = u"10.0.0.7/32"_s;
    flush.request.applicationName = u""_s;
    flush.request.scope = u"keys"_s;
    flush.request.serverIds = { 1, 2, 3, -9, std::numeric_limits<qint64>::max() };
    flush.request.cacheKeys = { u"product:17"_s, u"category:*"_s, u""_s };
    flush.request.reason = u"stale prices ✓"_s;
    flush.request.taskId = 123456789012;
    // Acknowledged, failed with an empty message, pending, failed with a message.
    flush.request.targets = { { 1, T0.addMSecs(-1000), QString() }, { 2, T0.addMSecs(-900), u""_s },
        { 3, QDateTime(), QString() }, { 4, T0.addMSecs(-800), u"disk full"_s } };
    flush.targets = 4;
    flush.acknowledged = 1;
    flush.failed = 2;
    flush.pending = 1;
    flush.slowestAckMs = 500.0;
    using State = FlushTargetProgress::State;
    flush.perTarget = { { 1, u"web-01"_s, State::Acknowledged, 500.0, std::nullopt, QString() },
        { 2, u"web-02"_s, State::Failed, 600.0, 0.0, u""_s },
        { 3, u"web-03"_s, State::Pending, std::nullopt, 1.5, QString() },
        { 4, u""_s, State::Failed, 0.0, std::nullopt, u"disk full"_s } };
    FlushProgress done;
    done.request.id = 899;
    done.request.requestedAt = T0.addDays(-1);
    done.request.requestedBy = u"bob"_s;
    done.request.clientAddr = u"::1"_s;
    done.request.applicationName = u"paddock 0.1"_s;
    done.request.scope = u"farm"_s;
    done.request.serverIds = { 2 };
    done.request.cacheKeys = { u"*"_s };
    done.request.reason = u""_s;
    done.request.taskId = 0;
    done.request.targets = { { 2, T0.addDays(-1).addMSecs(3), QString() } };
    done.targets = 1;
    done.acknowledged = 1;
    done.slowestAckMs = 3.0;
    done.perTarget = { { 2, u"web-02"_s, State::Acknowledged, 3.0, 0.0, QString() } };
    snapshot.flushes = { flush, done };

    recorded.latestProbes = { { 11, 1, T0.addMSecs(-250), false, 3.5, 0, u"timeout after 3.5 s"_s },
        { 12, 2, T0.addSecs(-2), true, 0.0, std::numeric_limits<qint64>::max(), u""_s } };
    recorded.serverNames = { { 1, u"web-01"_s }, { std::numeric_limits<qint64>::min(), u"web-02"_s }, { 3, u""_s },
        { 4, u"Zürich ✓"_s } };
    return recorded;
}

// Every optional empty, every date and string null, but one of each item, so that the absent
// values are there to be lost.
RecordedSnapshot emptyOptionals()
{
    RecordedSnapshot recorded;
    recorded.snapshot.windowS = 0;
    recorded.snapshot.servers = { ServerFigures() };
    recorded.snapshot.storage = { StorageFigures() };
    FlushProgress flush;
    flush.request.targets = { FlushTargetRow() };
    flush.perTarget = { FlushTargetProgress() };
    recorded.snapshot.flushes = { flush };
    ProbeRow probe;
    probe.ok = false;
    recorded.latestProbes = { probe };
    recorded.serverNames = { { 0, QString() } };
    return recorded;
}

// What the engine would record for a farm of `serverCount` instances, 3 storages and 5 flushes
// of the whole farm: names, versions and zones repeat, figures do not.
RecordedSnapshot realistic(int serverCount)
{
    QRandomGenerator random(20261122);
    const auto ms = [&random](int max) { return random.bounded(max * 1000) / 1000.0; };
    RecordedSnapshot recorded;
    FarmSnapshot& snapshot = recorded.snapshot;
    snapshot.generatedAt = T0;
    snapshot.schemaVersion = 3;
    QList<double> farmLatencies;
    for (int i = 1; i <= serverCount; ++i) {
        ServerFigures figures;
        figures.server.id = i;
        figures.server.name = u"web-%1"_s.arg(i, 2, 10, QLatin1Char('0'));
        figures.server.displayName = u"Web %1"_s.arg(i);
        figures.server.host = u"10.0.%1.%2"_s.arg(i / 10).arg(i % 10 + 10);
        figures.server.zone = u"eu-central-1%1"_s.arg(QChar(u'a' + i % 3));
        figures.server.version = u"2.4.1"_s;
        figures.server.registeredAt = T0.addDays(-30).addSecs(i * 37);
        figures.server.startedAt = T0.addSecs(-3600 - i * 11);
        figures.status = i % 17 == 0 ? ServerStatus::Degraded : ServerStatus::Healthy;
        if (figures.status == ServerStatus::Degraded)
            figures.reasons << u"backlog 1200 > 1000"_s;
        figures.lastHeartbeatAgeS = ms(5);
        figures.clockSkewMs = double(random.bounded(80) - 40);
        figures.backlog = random.bounded(50);
        figures.oldestPendingAgeS = ms(3);
        figures.deliveriesProcessed = random.bounded(5000);
        figures.deliveriesProcessedPerS = figures.deliveriesProcessed / 60.0;
        figures.deliveriesFailed = random.bounded(3);
        const qint64 hits = random.bounded(100000);
        figures.cacheHitRatio = double(hits) / double(hits + random.bounded(10000) + 1);
        figures.cacheItems = random.bounded(2000000);
        figures.memoryBytes = qint64(random.bounded(4000)) * 1024 * 1024;
        QList<double> latencies;
        for (int j = 0; j < 200; ++j)
            latencies << ms(40);
        farmLatencies << latencies;
        figures.cacheLatency = LatencyStats::of(latencies);
        snapshot.servers << figures;
        recorded.serverNames.insert(i, figures.server.name);
    }
    snapshot.farm.servers = serverCount;
    snapshot.farm.byStatus = { { u"healthy"_s, serverCount - serverCount / 17 }, { u"degraded"_s, serverCount / 17 },
        { u"not-responding"_s, 0 }, { u"stopped"_s, 0 }, { u"disabled"_s, 0 } };
    snapshot.farm.tasksCreated = 12345;
    snapshot.farm.tasksCreatedPerS = 12345 / 60.0;
    snapshot.farm.deliveriesProcessed = 12345 * serverCount;
    snapshot.farm.deliveriesProcessedPerS = 12345 * serverCount / 60.0;
    snapshot.farm.backlog = 1234;
    snapshot.farm.cacheLatency = LatencyStats::of(farmLatencies);
    for (const QString& type : { u"CLEAR_CACHE"_s, u"TOUCH_CACHE_ITEM"_s, u"REINDEX_PRODUCT"_s, u"SEND_MAIL"_s }) {
        snapshot.farm.tasksCreatedPerSByType.insert(type, ms(50));
        snapshot.farm.deliveriesProcessedPerSByType.insert(type, ms(50) * serverCount);
    }

    for (qint64 storageId : { 1, 2, 3 }) {
        StorageFigures figures;
        figures.storage = { storageId, u"storage-%1"_s.arg(storageId), u"s3"_s, u"s3://bucket-%1"_s.arg(storageId) };
        figures.status = StorageStatus::Ok;
        figures.probeLatencyP95Ms = ms(100);
        for (const ServerFigures& server : std::as_const(snapshot.servers)) {
            figures.probingServers << server.server.name;
            recorded.latestProbes << ProbeRow { storageId, server.server.id, T0.addMSecs(-random.bounded(30000)), true,
                ms(100), qint64(random.bounded(1000000)) * 1000000, QString() };
        }
        snapshot.storage << figures;
    }

    for (int f = 0; f < 5; ++f) {
        FlushProgress flush;
        flush.request.id = 1000 - f;
        flush.request.requestedAt = T0.addSecs(-600 * f);
        flush.request.requestedBy = u"alice"_s;
        flush.request.clientAddr = u"10.0.0.7"_s;
        flush.request.applicationName = u"paddock"_s;
        flush.request.scope = u"farm"_s;
        flush.request.reason = u"deploy"_s;
        flush.request.taskId = 500000 + f;
        for (const ServerFigures& server : std::as_const(snapshot.servers)) {
            const int ackMs = random.bounded(2000);
            flush.request.serverIds << server.server.id;
            flush.request.targets << FlushTargetRow { server.server.id, flush.request.requestedAt.addMSecs(ackMs), {} };
            FlushTargetProgress target { server.server.id, server.server.name, FlushTargetProgress::State::Acknowledged,
                double(ackMs), std::nullopt, QString() };
            flush.perTarget << target;
            flush.slowestAckMs = std::max(flush.slowestAckMs.value_or(0.0), double(ackMs));
        }
        flush.targets = flush.acknowledged = serverCount;
        snapshot.flushes << flush;
    }
    return recorded;
}

// The recording's CBOR of a snapshot, before compression.
QCborValue cborOf(const RecordedSnapshot& recorded)
{
    return QCborValue::fromCbor(qUncompress(SnapshotCodec::encode(recorded)));
}

// `root` with the value at `path` (map keys, array indices) replaced or added.
QCborValue replaced(const QCborValue& root, QList<QCborValue> path, const QCborValue& value)
{
    if (path.isEmpty())
        return value;
    const QCborValue step = path.takeFirst();
    if (root.isArray()) {
        QCborArray array = root.toArray();
        array[step.toInteger()] = replaced(array.at(step.toInteger()), path, value);
        return array;
    }
    QCborMap map = root.toMap();
    map.insert(step, replaced(map.value(step), path, value));
    return map;
}

// The full snapshot's encoding, with one value replaced.
QByteArray tampered(const QList<QCborValue>& path, const QCborValue& value)
{
    return qCompress(replaced(cborOf(full()), path, value).toCbor());
}

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QRandomGenerator random(seed);
    QByteArray bytes(size, Qt::Uninitialized);
    for (char& byte : bytes)
        byte = char(random.bounded(256));
    return bytes;
}

} // namespace

class TestSnapshotCodec : public QObject {
    Q_OBJECT

private:
    void checkRoundTrip(const RecordedSnapshot& original)
    {
        const QByteArray bytes = SnapshotCodec::encode(original);
        QString error = u"not cleared"_s;
        const std::optional<RecordedSnapshot> decoded = SnapshotCodec::decode(bytes, &error);
        QVERIFY2(decoded, qPrintable(error));
        QVERIFY(error.isEmpty());
        compare(*decoded, original);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(decoded->snapshot.toJson(), original.snapshot.toJson());
        // Nothing lost and nothing added: the decoded snapshot encodes to the very same bytes.
        QCOMPARE(SnapshotCodec::encode(*decoded), bytes);
    }

private Q_SLOTS:
    void roundTripsEveryField() { checkRoundTrip(full()); }
    void roundTripsEmptyOptionals() { checkRoundTrip(emptyOptionals()); }
    void roundTripsDefaults() { checkRoundTrip(RecordedSnapshot()); }

    void decodesWithoutErrorOut()
    {
        QVERIFY(SnapshotCodec::decode(SnapshotCodec::encode(full())));
        QVERIFY(!SnapshotCodec::decode(QByteArray("garbage")));
    }

    void refusesMalformed_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expectedError"); // part of the message
        QTest::addColumn<bool>("zlibWarns"); // qUncompress warns about a damaged stream on its own

        const QByteArray encoded = SnapshotCodec::encode(full());
        const QByteArray cbor = qUncompress(encoded);
        const auto withSizeHeader = [&encoded](quint32 size) {
            QByteArray bytes = encoded;
            qToBigEndian(size, bytes.data());
            return bytes;
        };

        QTest::addRow("empty") << QByteArray() << u"too few"_s << false;
        QTest::addRow("size header of nothing") << QByteArray(4, '\0') << u"too few"_s << false;
        QTest::addRow("random bytes") << randomBytes(4096, 1) << QString() << false;
        QTest::addRow("random bytes after a plausible header")
            << QByteArray::fromHex("000003e8789c") + randomBytes(4096, 2) << u"damaged"_s << true;
        for (qsizetype length : { qsizetype(1), qsizetype(5), qsizetype(6), qsizetype(20), encoded.size() / 2,
                 encoded.size() - 4, encoded.size() - 1 }) {
            QTest::addRow("truncated to %lld bytes", qint64(length))
                << encoded.left(length) << (length < 6 ? u"too few"_s : u"damaged"_s) << (length >= 6);
        }
        QTest::addRow("size header of 4 GiB") << withSizeHeader(0xffffffff) << u"64 MiB"_s << false;
        QTest::addRow("size header too small")
            << withSizeHeader(quint32(cbor.size() - 1)) << u"where the header says"_s << false;
        QTest::addRow("size header too large")
            << withSizeHeader(quint32(cbor.size() + 1)) << u"where the header says"_s << false;
        QTest::addRow("not zlib after the header")
            << QByteArray::fromHex("00000010") + QByteArray("PK\x03\x04 a zip file") << u"not zlib"_s << false;
        // qCompress(QByteArray()) is the size header alone; this is a zlib stream of nothing.
        QTest::addRow("zlib of nothing") << QByteArray::fromHex("00000000789c030000000001") << u"not CBOR"_s << false;
        QTest::addRow("zlib of a CBOR break") << qCompress(QByteArray("\xff")) << u"not CBOR"_s << false;
        QTest::addRow("zlib of text") << qCompress(QByteArray("paddock snapshot")) << QString() << false;
        QTest::addRow("stray bytes after the CBOR") << qCompress(cbor + "xyz") << u"3 stray bytes"_s << false;
        QTest::addRow("CBOR array") << qCompress(QCborValue(QCborArray { 1, 2, 3 }).toCbor()) << u"not a map"_s
                                    << false;
        QTest::addRow("map without marker")
            << qCompress(QCborValue(QCborMap { { u"snapshot"_s, QCborMap() } }).toCbor()) << u"marker"_s << false;
        QTest::addRow("foreign marker") << tampered({ u"k"_s }, u"paddock-settings"_s) << u"marker"_s << false;
        QTest::addRow("newer format") << tampered({ u"v"_s }, 2) << u"format 2"_s << false;
        QTest::addRow("format version as text") << tampered({ u"v"_s }, u"1"_s) << u"no format version"_s << false;
        QTest::addRow("snapshot is a number")
            << tampered({ u"snapshot"_s }, 5) << u"snapshot: expected a map"_s << false;
        QTest::addRow("servers is a string") << tampered({ u"snapshot"_s, u"servers"_s }, u"many"_s)
                                             << u"snapshot.servers: expected an array"_s << false;
        QTest::addRow("server is an array") << tampered({ u"snapshot"_s, u"servers"_s, 1 }, QCborArray())
                                            << u"snapshot.servers[1]: expected a map"_s << false;
        QTest::addRow("server name is an integer")
            << tampered({ u"snapshot"_s, u"servers"_s, 0, u"server"_s, u"name"_s }, 7)
            << u"snapshot.servers[0].server.name: expected a string"_s << false;
        QTest::addRow("date is text") << tampered({ u"snapshot"_s, u"generated_at"_s }, u"2026-11-22T10:00:00Z"_s)
                                      << u"snapshot.generated_at: expected milliseconds"_s << false;
        QTest::addRow("unknown status") << tampered({ u"snapshot"_s, u"servers"_s, 1, u"status"_s }, u"sleepy"_s)
                                        << u"snapshot.servers[1].status: unknown name \"sleepy\""_s << false;
        QTest::addRow("unknown flush state")
            << tampered({ u"snapshot"_s, u"flushes"_s, 0, u"per_target"_s, 2, u"state"_s }, u"lost"_s)
            << u"snapshot.flushes[0].per_target[2].state"_s << false;
        QTest::addRow("window beyond int") << tampered({ u"snapshot"_s, u"window_s"_s }, qint64(1) << 40)
                                           << u"snapshot.window_s: 1099511627776 is out of range"_s << false;
        QTest::addRow("latency is text") << tampered(
            { u"snapshot"_s, u"servers"_s, 0, u"cache_latency"_s, u"p95"_s }, u"fast"_s)
                                         << u"snapshot.servers[0].cache_latency.p95: expected a number"_s << false;
        QTest::addRow("count is a double") << tampered({ u"snapshot"_s, u"farm"_s, u"by_status"_s, u"healthy"_s }, 1.5)
                                           << u"snapshot.farm.by_status[\"healthy\"]: expected an integer"_s << false;
        QTest::addRow("probe ok is a number") << tampered({ u"latest_probes"_s, 0, u"ok"_s }, 1)
                                              << u"latest_probes[0].ok: expected true or false"_s << false;
        QTest::addRow("multi-line status")
            << tampered({ u"snapshot"_s, u"servers"_s, 1, u"status"_s }, u"sleepy\nhealthy"_s)
            << u"unknown name \"sleepy\\nhealthy\""_s << false;
        QTest::addRow("multi-line type name")
            << tampered({ u"snapshot"_s, u"farm"_s, u"tasks_created_per_s_by_type"_s, u"A\nB"_s }, u"fast"_s)
            << u"snapshot.farm.tasks_created_per_s_by_type[\"A\\nB\"]: expected a number"_s << false;
        QTest::addRow("server names keyed by text")
            << tampered({ u"server_names"_s }, QCborMap { { u"1"_s, u"web-01"_s } })
            << u"server_names: expected integer keys"_s << false;
        QTest::addRow("server name is bytes") << tampered({ u"server_names"_s, 1 }, QCborValue(QByteArray("web-01")))
                                              << u"server_names[1]: expected a string"_s << false;
    }

    void refusesMalformed()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expectedError);
        QFETCH(bool, zlibWarns);
        if (zlibWarns)
            QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^qUncompress"_s));
        QString error;
        QVERIFY(!SnapshotCodec::decode(bytes, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY2(error.contains(expectedError), qPrintable(error));
        QVERIFY2(!error.contains(u'\n'), qPrintable(error));
    }

    void ignoresUnknownKeys()
    {
        QCborValue cbor = cborOf(full());
        cbor = replaced(cbor, { u"recorded_by"_s }, u"paddock 9.0"_s);
        cbor = replaced(cbor, { u"snapshot"_s, u"farm"_s, u"energy_kwh"_s }, 1.5);
        cbor = replaced(cbor, { u"snapshot"_s, u"servers"_s, 1, u"gpu"_s }, QCborMap { { u"count"_s, 2 } });
        QString error;
        const std::optional<RecordedSnapshot> decoded = SnapshotCodec::decode(qCompress(cbor.toCbor()), &error);
        QVERIFY2(decoded, qPrintable(error));
        compare(*decoded, full());
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(decoded->snapshot.toJson(), full().snapshot.toJson());
    }

    void missingKeysKeepDefaults()
    {
        const QCborMap marker { { u"k"_s, u"paddock-snapshot"_s }, { u"v"_s, 1 } };
        std::optional<RecordedSnapshot> decoded = SnapshotCodec::decode(qCompress(QCborValue(marker).toCbor()));
        QVERIFY(decoded);
        compare(*decoded, RecordedSnapshot());

        QCborMap sparse = marker;
        // Null reads as missing.
        const QCborMap server { { u"cache_items"_s, QCborValue(QCborValue::Null) } };
        sparse.insert(u"snapshot"_s, QCborMap { { u"servers"_s, QCborArray { server } } });
        decoded = SnapshotCodec::decode(qCompress(QCborValue(sparse).toCbor()));
        QVERIFY(decoded);
        QCOMPARE(decoded->snapshot.windowS, 60);
        QCOMPARE(decoded->snapshot.servers.size(), 1);
        QCOMPARE(decoded->snapshot.servers[0].status, ServerStatus::Healthy);
        QVERIFY(decoded->snapshot.servers[0].server.enabled);
        QVERIFY(!decoded->snapshot.servers[0].cacheItems);
    }

    void encodingIsDeterministic()
    {
        // The same names, hashed in another order and into another capacity.
        RecordedSnapshot ascending;
        RecordedSnapshot descending;
        descending.serverNames.reserve(4096);
        for (qint64 id = 1; id <= 200; ++id) {
            ascending.serverNames.insert(id, u"web-%1"_s.arg(id));
            descending.serverNames.insert(201 - id, u"web-%1"_s.arg(201 - id));
        }
        QCOMPARE(SnapshotCodec::encode(descending), SnapshotCodec::encode(ascending));
    }

    void realisticSize()
    {
        const RecordedSnapshot recorded = realistic(50);
        const QByteArray encoded = SnapshotCodec::encode(recorded);
        const QByteArray cbor = qUncompress(encoded);
        const QByteArray json = QJsonDocument(recorded.snapshot.toJson()).toJson(QJsonDocument::Compact);
        qInfo("50 servers, 3 storages, 5 flushes of 50 targets, 150 probes: %lld bytes encoded, %lld bytes of CBOR "
              "before compression (toJson: %lld bytes compact)",
            qint64(encoded.size()), qint64(cbor.size()), qint64(json.size()));
        QVERIFY(encoded.size() < cbor.size());

        const std::optional<RecordedSnapshot> decoded = SnapshotCodec::decode(encoded);
        QVERIFY(decoded);
        compare(*decoded, recorded);
    }
};

QTEST_GUILESS_MAIN(TestSnapshotCodec)
#include "tst_snapshotcodec.moc"
