#include "displayformat.h"
#include "engine.h"
#include "faultinjection.h"
#include "recording.h"
#include "redisfigures.h"
#include "redismonitor.h"
#include "snapshotcodec.h"
#include "testdatabase.h"

#include <hiredis/hiredis.h>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QtTest>

using namespace Paddock;

namespace {

constexpr qint64 Now = 1'800'000'000'000; // ms

// A sample as INFO would have given it; counters are totals since the server started.
RedisSample sampleAt(qint64 atMs, qint64 hits, qint64 misses, qint64 evicted = 0)
{
    RedisSample sample;
    sample.atMs = atMs;
    sample.ok = true;
    sample.version = QStringLiteral("7.0.15");
    sample.uptimeS = 1000 + atMs / 1000 - Now / 1000;
    sample.keyspaceHits = hits;
    sample.keyspaceMisses = misses;
    sample.evictedKeys = evicted;
    sample.pingMs = 1.0;
    sample.usedMemory = 50;
    sample.maxMemory = 100;
    sample.connectedClients = 3;
    sample.clientNames = { QStringLiteral("web-1"), QStringLiteral("web-2") };
    sample.backplaneSubscribers = 2;
    return sample;
}

QStringList running()
{
    return { QStringLiteral("web-1"), QStringLiteral("web-2") };
}

// The test's own connection to the redis-server of scripts/test: hiredis straight, not Paddock's
// client, so that what the test computes does not share Paddock's code.
class OwnRedis {
public:
    OwnRedis()
    {
        const QUrl url(qEnvironmentVariable("PADDOCK_REDIS_URL"));
        m_context = redisConnect(url.host().toUtf8().constData(), url.port(6379));
    }
    ~OwnRedis()
    {
        if (m_context)
            redisFree(m_context);
    }
    OwnRedis(const OwnRedis&) = delete;
    OwnRedis& operator=(const OwnRedis&) = delete;

    bool ok() const { return m_context && !m_context->err; }

    // The reply as text (a string or status), or its integer, or the integers of an array's odd elements summed.
    QByteArray run(const QList<QByteArray>& arguments, qint64* integer = nullptr)
    {
        std::vector<const char*> argv;
        std::vector<size_t> lengths;
        for (const QByteArray& argument : arguments) {
            argv.push_back(argument.constData());
            lengths.push_back(size_t(argument.size()));
        }
        auto* reply
            = static_cast<redisReply*>(redisCommandArgv(m_context, int(argv.size()), argv.data(), lengths.data()));
        if (!reply)
            return {};
        QByteArray text(reply->str ? QByteArray(reply->str, qsizetype(reply->len)) : QByteArray());
        if (integer)
            *integer = reply->type == REDIS_REPLY_INTEGER ? reply->integer : 0;
        if (integer && reply->type == REDIS_REPLY_ARRAY) {
            for (size_t i = 1; i < reply->elements; i += 2)
                *integer += reply->element[i]->integer;
        }
        freeReplyObject(reply);
        return text;
    }

    // One field of INFO, found in the text by the test itself.
    qint64 info(const char* field)
    {
        const QByteArray text = run({ "INFO" });
        const QByteArray key = QByteArray("\r\n") + field + ':';
        const qsizetype at = text.indexOf(key);
        if (at < 0)
            return -1;
        const qsizetype start = at + key.size();
        return text.mid(start, text.indexOf("\r\n", start) - start).toLongLong();
    }

private:
    redisContext* m_context = nullptr;
};

RedisAddress privateRedis()
{
    QString error;
    return RedisAddress::parse(qEnvironmentVariable("PADDOCK_REDIS_URL"), &error).value_or(RedisAddress {});
}

RedisSample sampleNow(RedisClient& client)
{
    return RedisInfo::sample(client, "signalr*");
}

} // namespace

class TestRedis : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void address_data();
    void address();
    void infoText();
    void figures_data();
    void figures();
    void pingPercentiles();
    void instancesWithoutConnection();
    void points();
    void jsonAndRecording();
    void recorderKeepsPoints();

    // Against the redis-server of scripts/test.
    void figuresEqualInfo();
    void connectionsAndBackplane();
    void evictions();
    void frozenRedisReport();
    void leastPrivilege();
    void frozenRedisDoesNotDelayTheDatabase();

private:
    bool requireRedis();
};

bool TestRedis::requireRedis()
{
    if (qEnvironmentVariableIsEmpty("PADDOCK_REDIS_URL") || Test::redisPid() == 0) {
        QTest::qFail("no redis-server: run the tests with scripts/test, which starts one (PADDOCK_REDIS_URL, "
                     "PADDOCK_REDIS_PID)",
            __FILE__, __LINE__);
        return false;
    }
    return true;
}

void TestRedis::address_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("display"); // empty: refused
    QTest::addColumn<QString>("user");
    QTest::addColumn<int>("database");
    QTest::addColumn<QString>("errorHas");

    QTest::newRow("host and port") << "redis://cache1:6380"
                                   << "cache1:6380"
                                   << "" << 0 << "";
    QTest::newRow("default port") << "redis://cache1"
                                  << "cache1:6379"
                                  << "" << 0 << "";
    QTest::newRow("user and database") << "redis://paddock@10.0.0.5:6379/2"
                                       << "10.0.0.5:6379"
                                       << "paddock" << 2 << "";
    QTest::newRow("ipv6") << "redis://[::1]:6379"
                          << "[::1]:6379"
                          << "" << 0 << "";
    QTest::newRow("tls") << "rediss://cache1:6380"
                         << ""
                         << "" << 0 << "no TLS";
    QTest::newRow("password") << "redis://paddock:secret@cache1"
                              << ""
                              << "" << 0 << "REDISCLI_AUTH";
    QTest::newRow("not redis") << "http://cache1"
                               << ""
                               << "" << 0 << "redis://";
    QTest::newRow("database not a number") << "redis://cache1/x"
                                           << ""
                                           << "" << 0 << "database";
    QTest::newRow("no host") << "redis://"
                             << ""
                             << "" << 0 << "not a Redis URL";
}

void TestRedis::address()
{
    QFETCH(QString, url);
    QFETCH(QString, display);
    QFETCH(QString, user);
    QFETCH(int, database);
    QFETCH(QString, errorHas);
    QString error;
    const std::optional<RedisAddress> address = RedisAddress::parse(url, &error);
    QCOMPARE(address.has_value(), !display.isEmpty());
    if (!address) {
        QVERIFY2(error.contains(errorHas), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1String("secret")), qPrintable(error));
        return;
    }
    QCOMPARE(address->display(), display);
    QCOMPARE(address->user, user);
    QCOMPARE(address->database, database);
    QString again;
    QCOMPARE(RedisAddress::parse(address->url(), &again), address);
}

void TestRedis::infoText()
{
    const QByteArray info = "# Server\r\nredis_version:7.0.15\r\nprocess_id:4711\r\n\r\n# Stats\r\nkeyspace_hits:42\r\n"
                            "keyspace_misses:8\r\nweird line\r\n";
    const QHash<QByteArray, QByteArray> fields = RedisInfo::parse(info);
    QCOMPARE(fields.value("redis_version"), QByteArray("7.0.15"));
    QCOMPARE(fields.value("keyspace_hits"), QByteArray("42"));
    QCOMPARE(fields.value("keyspace_misses"), QByteArray("8"));
    QCOMPARE(fields.size(), 4);

    const QByteArray clients = "id=3 addr=127.0.0.1:5000 laddr=127.0.0.1:6379 fd=8 name=web-02 age=1 db=0\n"
                               "id=4 addr=127.0.0.1:5001 laddr=127.0.0.1:6379 fd=9 name= age=1 db=0\n"
                               "id=5 addr=127.0.0.1:5002 laddr=127.0.0.1:6379 fd=10 name=web-01 age=1 db=0\n"
                               "id=6 addr=127.0.0.1:5003 laddr=127.0.0.1:6379 fd=11 name=web-02 age=1 db=0\n";
    QCOMPARE(RedisInfo::clientNames(clients), (QStringList { QStringLiteral("web-01"), QStringLiteral("web-02") }));
}

void TestRedis::figures_data()
{
    QTest::addColumn<QList<RedisSample>>("samples");
    QTest::addColumn<QString>("status");
    QTest::addColumn<double>("hitsPerS"); // -1: null
    QTest::addColumn<double>("hitRatio"); // -1: null
    QTest::addColumn<qint64>("evicted");
    QTest::addColumn<QString>("reasonHas");

    // 60 hits and 40 misses in 10 s: 6/s, 4/s, ratio 0.6.
    QTest::newRow("lookups") << QList { sampleAt(Now - 10'000, 100, 50), sampleAt(Now, 160, 90) } << "ok" << 6.0 << 0.6
                             << qint64(0) << "";
    QTest::newRow("no lookups: no ratio")
        << QList { sampleAt(Now - 10'000, 100, 50), sampleAt(Now, 100, 50) } << "ok" << 0.0 << -1.0 << qint64(0) << "";
    QTest::newRow("one sample: no rates")
        << QList { sampleAt(Now, 100, 50) } << "ok" << -1.0 << -1.0 << qint64(0) << "";
    // Only the samples of the last 60 s count: 60 hits in the 50 s between the two inside it.
    QTest::newRow("older than the window")
        << QList { sampleAt(Now - 120'000, 0, 0), sampleAt(Now - 50'000, 100, 0), sampleAt(Now, 160, 0) } << "ok" << 1.2
        << 1.0 << qint64(0) << "";
    // Restarted 5 s ago: only its own 20 hits over its 5 s of uptime are known.
    RedisSample restarted = sampleAt(Now, 20, 0);
    restarted.uptimeS = 5;
    QTest::newRow("restarted") << QList { sampleAt(Now - 10'000, 500, 0), restarted } << "ok" << 4.0 << 1.0 << qint64(0)
                               << "";
    QTest::newRow("evictions") << QList { sampleAt(Now - 10'000, 0, 0, 7), sampleAt(Now, 0, 0, 10) } << "degraded"
                               << 0.0 << -1.0 << qint64(3) << "3 keys evicted";
    RedisSample full = sampleAt(Now, 0, 0);
    full.usedMemory = 91;
    QTest::newRow("memory over 90 %") << QList { full } << "degraded" << -1.0 << -1.0 << qint64(0) << "maxmemory";
    RedisSample atLimit = sampleAt(Now, 0, 0);
    atLimit.usedMemory = 90;
    QTest::newRow("memory at 90 %") << QList { atLimit } << "ok" << -1.0 << -1.0 << qint64(0) << "";
    RedisSample noLimit = sampleAt(Now, 0, 0);
    noLimit.usedMemory = 1'000'000;
    noLimit.maxMemory = 0;
    QTest::newRow("no limit") << QList { noLimit } << "ok" << -1.0 << -1.0 << qint64(0) << "";
    RedisSample missing = sampleAt(Now, 0, 0);
    missing.clientNames = { QStringLiteral("web-1") };
    QTest::newRow("an instance not connected")
        << QList { missing } << "degraded" << -1.0 << -1.0 << qint64(0) << "web-2 not connected";
    RedisSample refused = missing;
    refused.clientNames.clear();
    refused.cannotSee = { QStringLiteral("CLIENT LIST: NOPERM this user has no permissions") };
    QTest::newRow("CLIENT LIST refused: cannot tell") << QList { refused } << "ok" << -1.0 << -1.0 << qint64(0) << "";
    RedisSample failed;
    failed.atMs = Now;
    failed.error = QStringLiteral("PING: no answer within the deadline");
    QTest::newRow("no answer") << QList { sampleAt(Now - 1000, 0, 0), failed } << "failing" << -1.0 << -1.0 << qint64(0)
                               << "no answer within the deadline";
    QTest::newRow("not read yet") << QList<RedisSample> {} << "unknown" << -1.0 << -1.0 << qint64(0) << "not read yet";
}

void TestRedis::figures()
{
    QFETCH(QList<RedisSample>, samples);
    QFETCH(QString, status);
    QFETCH(double, hitsPerS);
    QFETCH(double, hitRatio);
    QFETCH(qint64, evicted);
    QFETCH(QString, reasonHas);
    const RedisFigures figures = Redis::figures(QStringLiteral("cache:6379"), samples, 60, Now, running());
    QCOMPARE(statusName(figures.status), status);
    QCOMPARE(figures.hitsPerS.has_value(), hitsPerS >= 0);
    if (figures.hitsPerS)
        QCOMPARE(*figures.hitsPerS, hitsPerS);
    QCOMPARE(figures.hitRatio.has_value(), hitRatio >= 0);
    if (figures.hitRatio)
        QCOMPARE(*figures.hitRatio, hitRatio);
    QCOMPARE(figures.evictedKeys, evicted);
    if (reasonHas.isEmpty())
        QVERIFY2(figures.reasons.isEmpty(), qPrintable(figures.reasons.join(QLatin1Char(';'))));
    else
        QVERIFY2(figures.reasons.join(QLatin1Char(';')).contains(reasonHas),
            qPrintable(figures.reasons.join(QLatin1Char(';'))));
}

void TestRedis::pingPercentiles()
{
    // 100 round trips of 1..100 ms: p50 50.5, p99 99.01 by percentile_cont; over 50 ms is degraded.
    QList<RedisSample> samples;
    for (int i = 1; i <= 100; ++i) {
        RedisSample sample = sampleAt(Now - (100 - i) * 500, 0, 0);
        sample.pingMs = double(i);
        samples.append(sample);
    }
    const RedisFigures figures = Redis::figures(QStringLiteral("cache:6379"), samples, 60, Now, running());
    QCOMPARE(*figures.pingP50Ms, 50.5);
    QCOMPARE(*figures.pingP99Ms, 99.01);
    QCOMPARE(figures.status, RedisStatus::Degraded);
    QVERIFY(figures.reasons.join(QLatin1Char(';')).contains(QLatin1String("PING p99")));
}

void TestRedis::instancesWithoutConnection()
{
    FarmSnapshot snapshot;
    const auto server = [](const char* name, ServerStatus status) {
        ServerFigures figures;
        figures.server.name = QString::fromLatin1(name);
        figures.status = status;
        return figures;
    };
    snapshot.servers = { server("web-1", ServerStatus::Healthy), server("web-2", ServerStatus::Healthy),
        server("web-3", ServerStatus::Stopped), server("web-4", ServerStatus::NotResponding) };
    snapshot.farm.byStatus = { { QStringLiteral("healthy"), 2 }, { QStringLiteral("degraded"), 0 },
        { QStringLiteral("stopped"), 1 }, { QStringLiteral("not-responding"), 1 } };
    QCOMPARE(Redis::runningInstances(snapshot), running());

    RedisSample onlyOne = sampleAt(Now, 0, 0);
    onlyOne.clientNames = { QStringLiteral("web-1") };
    FarmSnapshot degraded = snapshot;
    Redis::apply(degraded,
        Redis::figures(QStringLiteral("cache:6379"), { onlyOne }, 60, Now, Redis::runningInstances(degraded)));
    QCOMPARE(degraded.servers.at(0).status, ServerStatus::Healthy);
    QCOMPARE(degraded.servers.at(1).status, ServerStatus::Degraded);
    QCOMPARE(degraded.servers.at(1).reasons, QStringList { QStringLiteral("no connection to Redis cache:6379") });
    QCOMPARE(degraded.servers.at(2).status, ServerStatus::Stopped); // not expected to hold one
    QCOMPARE(degraded.servers.at(3).status, ServerStatus::NotResponding);
    QCOMPARE(degraded.farm.byStatus.value(QStringLiteral("healthy")), 1);
    QCOMPARE(degraded.farm.byStatus.value(QStringLiteral("degraded")), 1);
    QCOMPARE(degraded.redis->instancesConnected, QStringList { QStringLiteral("web-1") });
    QCOMPARE(degraded.exitStatus(), 2); // web-4 does not respond

    // A Redis that does not answer says nothing of who is connected: the instances stay as they were.
    RedisSample failed;
    failed.atMs = Now;
    failed.error = QStringLiteral("refused");
    FarmSnapshot failing = snapshot;
    Redis::apply(failing, Redis::figures(QStringLiteral("cache:6379"), { failed }, 60, Now, running()));
    QCOMPARE(failing.servers.at(1).status, ServerStatus::Healthy);
    failing.servers.removeLast();
    QCOMPARE(failing.exitStatus(), 2); // the Redis fails
    failing.redis->status = RedisStatus::Degraded;
    QCOMPARE(failing.exitStatus(), 1);
    failing.redis->status = RedisStatus::Ok;
    QCOMPARE(failing.exitStatus(), 0);
}

void TestRedis::points()
{
    const RedisSample first = sampleAt(Now - 2000, 10, 10, 1);
    RedisSample second = sampleAt(Now, 30, 14, 5);
    second.maxMemory = 0;
    second.commandsProcessed = 100;
    const RedisPoint start = Redis::point(nullptr, first);
    QVERIFY(start.ok);
    QVERIFY(std::isnan(start.hitsPerS)); // nothing before it
    QCOMPARE(start.maxMemory, 100.0);
    const RedisPoint point = Redis::point(&first, second);
    QCOMPARE(point.hitsPerS, 10.0);
    QCOMPARE(point.missesPerS, 2.0);
    QCOMPARE(point.evictedPerS, 2.0);
    QCOMPARE(point.opsPerS, 50.0);
    QCOMPARE(point.usedMemory, 50.0);
    QVERIFY(std::isnan(point.maxMemory)); // no limit
    RedisSample failed;
    failed.atMs = Now + 1000;
    QVERIFY(!Redis::point(&second, failed).ok);
}

void TestRedis::jsonAndRecording()
{
    FarmSnapshot snapshot;
    QVERIFY(snapshot.toJson().value(QLatin1String("redis")).isNull());
    Redis::apply(snapshot,
        Redis::figures(QStringLiteral("cache:6379"), { sampleAt(Now - 10'000, 100, 50), sampleAt(Now, 160, 90) }, 60,
            Now, running()));
    const QJsonObject redis = snapshot.toJson().value(QLatin1String("redis")).toObject();
    // The keys of DESIGN.md section 6.
    for (const char* key : { "address", "status", "version", "ping_ms_p99", "hit_ratio", "hits_per_s", "misses_per_s",
             "evicted_keys_per_s", "ops_per_s", "used_memory_bytes", "maxmemory_bytes", "connected_clients",
             "instances_connected", "backplane_subscribers" })
        QVERIFY2(redis.contains(QLatin1String(key)), key);
    QCOMPARE(redis.value(QLatin1String("address")).toString(), QStringLiteral("cache:6379"));
    QCOMPARE(redis.value(QLatin1String("hit_ratio")).toDouble(), 0.6);
    QCOMPARE(redis.value(QLatin1String("maxmemory_bytes")).toInteger(), 100);
    QCOMPARE(redis.value(QLatin1String("backplane_subscribers")).toInteger(), 2);
    QCOMPARE(redis.value(QLatin1String("instances_connected")).toArray().size(), 2);

    RecordedSnapshot recorded;
    recorded.snapshot = snapshot;
    QString error;
    const std::optional<RecordedSnapshot> back = SnapshotCodec::decode(SnapshotCodec::encode(recorded), &error);
    QVERIFY2(back, qPrintable(error));
    QVERIFY(back->snapshot.redis.has_value());
    QCOMPARE(*back->snapshot.redis, *snapshot.redis);
}

void TestRedis::recorderKeepsPoints()
{
    QTemporaryDir directory;
    QString error;
    const QString path = directory.filePath(QStringLiteral("farm.paddock"));
    const std::unique_ptr<Recording> recording = Recording::open(path, Recording::Mode::ReadWrite, &error);
    QVERIFY2(recording, qPrintable(error));
    const RedisSample first = sampleAt(Now - 1000, 10, 0);
    const RedisSample second = sampleAt(Now, 14, 2);
    EngineUpdate update;
    update.snapshot.generatedAt = QDateTime::fromMSecsSinceEpoch(Now, Qt::UTC);
    Redis::apply(update.snapshot, Redis::figures(QStringLiteral("cache:6379"), { first, second }, 60, Now, running()));
    update.redisPoints = { Redis::point(nullptr, first), Redis::point(&first, second) };
    QVERIFY2(recording->append(update, &error), qPrintable(error));

    const std::optional<EngineUpdate> state = recording->stateAt({}, 60, 100, &error);
    QVERIFY2(state, qPrintable(error));
    QCOMPARE(*state->snapshot.redis, *update.snapshot.redis);
    QCOMPARE(state->redisPoints.size(), 2);
    QCOMPARE(state->redisPoints.at(1).atMs, Now);
    QCOMPARE(state->redisPoints.at(1).hitsPerS, 4.0);
    QCOMPARE(state->redisPoints.at(1).missesPerS, 2.0);
    QVERIFY(std::isnan(state->redisPoints.at(0).hitsPerS)); // stays "nothing to measure"
    QCOMPARE(state->redisPoints.at(0).maxMemory, 100.0);
}

void TestRedis::figuresEqualInfo()
{
    if (!requireRedis())
        return;
    OwnRedis own;
    QVERIFY(own.ok());
    own.run({ "SET", "paddock-test:present", "1" });
    own.run({ "DEL", "paddock-test:absent" });
    RedisClient client;
    client.open(privateRedis(), {}, 5000);
    const qint64 hitsBefore = own.info("keyspace_hits");
    const qint64 missesBefore = own.info("keyspace_misses");
    const RedisSample first = sampleNow(client);
    for (int i = 0; i < 30; ++i)
        own.run({ "GET", "paddock-test:present" });
    for (int i = 0; i < 20; ++i)
        own.run({ "GET", "paddock-test:absent" });
    const RedisSample second = sampleNow(client);
    // The test's own INFO, read around the samples: nothing else looked anything up meanwhile.
    QCOMPARE(own.info("keyspace_hits") - hitsBefore, qint64(30));
    QCOMPARE(own.info("keyspace_misses") - missesBefore, qint64(20));
    const qint64 connected = own.info("connected_clients");
    const qint64 maxMemory = own.info("maxmemory");

    const RedisFigures figures
        = Redis::figures(privateRedis().display(), { first, second }, 60, QDateTime::currentMSecsSinceEpoch(), {});
    QVERIFY(first.ok && second.ok);
    const double spanS = double(second.atMs - first.atMs) / 1000.0;
    QCOMPARE(figures.sampledS, spanS);
    QVERIFY(spanS > 0);
    QCOMPARE(*figures.hitsPerS, 30.0 / spanS);
    QCOMPARE(*figures.missesPerS, 20.0 / spanS);
    QCOMPARE(*figures.hitRatio, 0.6);
    QCOMPARE(*figures.maxMemoryBytes, maxMemory);
    QCOMPARE(*figures.connectedClients, connected);
    const QByteArray server = own.run({ "INFO", "server" });
    const qsizetype version = server.indexOf("redis_version:") + 14;
    QCOMPARE(figures.version, QString::fromLatin1(server.mid(version, server.indexOf('\r', version) - version)));
    QCOMPARE(second.processId, Test::redisPid()); // the server scripts/test started
    QVERIFY(figures.pingP99Ms.has_value());
    QCOMPARE(figures.status, RedisStatus::Ok);
    own.run({ "DEL", "paddock-test:present" });
}

void TestRedis::connectionsAndBackplane()
{
    if (!requireRedis())
        return;
    OwnRedis named;
    OwnRedis subscriber;
    QVERIFY(named.ok() && subscriber.ok());
    named.run({ "CLIENT", "SETNAME", "web-7" });
    subscriber.run({ "CLIENT", "SETNAME", "web-7" });
    subscriber.run({ "SUBSCRIBE", "signalr:paddock-test" });
    OwnRedis own;
    qint64 subscribers = 0;
    own.run({ "PUBSUB", "NUMSUB", "signalr:paddock-test" }, &subscribers);
    QCOMPARE(subscribers, qint64(1));

    RedisClient client;
    client.open(privateRedis(), {}, 5000);
    const RedisSample sample = sampleNow(client);
    QVERIFY2(sample.ok, qPrintable(sample.error));
    const RedisFigures figures = Redis::figures(
        privateRedis().display(), { sample }, 60, sample.atMs, { QStringLiteral("web-7"), QStringLiteral("web-8") });
    QCOMPARE(figures.instancesConnected, QStringList { QStringLiteral("web-7") });
    QCOMPARE(figures.instancesMissing, QStringList { QStringLiteral("web-8") });
    QCOMPARE(*figures.backplaneSubscribers, subscribers);
    QCOMPARE(figures.status, RedisStatus::Degraded);
}

void TestRedis::evictions()
{
    if (!requireRedis())
        return;
    OwnRedis own;
    QVERIFY(own.ok());
    RedisClient client;
    client.open(privateRedis(), {}, 5000);
    const qint64 evictedBefore = own.info("evicted_keys");
    const RedisSample first = sampleNow(client);
    // A limit just above what is used now, then 4 MB of keys: some must go.
    own.run({ "CONFIG", "SET", "maxmemory-policy", "allkeys-lru" });
    own.run({ "CONFIG", "SET", "maxmemory", QByteArray::number(own.info("used_memory") + 1024 * 1024) });
    const QByteArray value(4096, 'x');
    for (int i = 0; i < 1000; ++i)
        own.run({ "SET", "paddock-test:fill:" + QByteArray::number(i), value });
    // No limit before the count and the sample: a server at its limit may evict another key between
    // the two (the INFO replies themselves take memory), and the figure would be one off.
    own.run({ "CONFIG", "SET", "maxmemory", "0" });
    own.run({ "CONFIG", "SET", "maxmemory-policy", "noeviction" });
    const qint64 evicted = own.info("evicted_keys") - evictedBefore;
    const RedisSample second = sampleNow(client);
    for (int i = 0; i < 1000; ++i)
        own.run({ "UNLINK", "paddock-test:fill:" + QByteArray::number(i) });

    QVERIFY(evicted > 0);
    const RedisFigures figures = Redis::figures(privateRedis().display(), { first, second }, 60, second.atMs, {});
    QCOMPARE(figures.evictedKeys, evicted);
    QCOMPARE(*figures.evictedKeysPerS, double(evicted) / figures.sampledS);
    QCOMPARE(figures.status, RedisStatus::Degraded);
    QVERIFY(
        figures.reasons.join(QLatin1Char(';')).contains(Format::integer(evicted) + QStringLiteral(" keys evicted")));
}

void TestRedis::frozenRedisReport()
{
    if (!requireRedis() || !Test::requireCluster())
        return;
    Test::TestDatabase database;
    PgConnection connection = database.connect();
    Test::registerServers(connection, 3);
    const Test::ProgramRun plain = Test::runPaddock(
        { QStringLiteral("report"), QStringLiteral("--json"), QStringLiteral("--connect"), database.conninfo() });
    QVERIFY2(plain.exitCode == 0, qPrintable(plain.err));

    Test::Freeze freeze({ Test::redisPid() });
    QElapsedTimer elapsed;
    elapsed.start();
    const Test::ProgramRun frozen
        = Test::runPaddock({ QStringLiteral("report"), QStringLiteral("--json"), QStringLiteral("--connect"),
            database.conninfo(), QStringLiteral("--redis"), qEnvironmentVariable("PADDOCK_REDIS_URL") });
    const qint64 tookMs = elapsed.elapsed();
    freeze.thaw();
    // The deadline of a round trip is the statement timeout (4 s) + 2 s.
    QVERIFY2(tookMs < 6000 + 3000, qPrintable(QString::number(tookMs)));
    QCOMPARE(frozen.exitCode, 2);
    const QJsonObject before = QJsonDocument::fromJson(plain.out.toUtf8()).object();
    const QJsonObject after = QJsonDocument::fromJson(frozen.out.toUtf8()).object();
    const QJsonObject redis = after.value(QLatin1String("redis")).toObject();
    QCOMPARE(redis.value(QLatin1String("status")).toString(), QStringLiteral("failing"));
    QVERIFY(redis.value(QLatin1String("reasons")).toArray().at(0).toString().contains(QLatin1String("deadline")));
    // The database's figures are those read without the Redis.
    QCOMPARE(after.value(QLatin1String("farm")).toObject().value(QLatin1String("by_status")),
        before.value(QLatin1String("farm")).toObject().value(QLatin1String("by_status")));
    const QJsonArray serversBefore = before.value(QLatin1String("servers")).toArray();
    const QJsonArray serversAfter = after.value(QLatin1String("servers")).toArray();
    QCOMPARE(serversAfter.size(), 3);
    QCOMPARE(serversAfter.size(), serversBefore.size());
    for (qsizetype i = 0; i < serversAfter.size(); ++i) {
        for (const char* key : { "name", "status", "backlog" })
            QCOMPARE(serversAfter.at(i).toObject().value(QLatin1String(key)),
                serversBefore.at(i).toObject().value(QLatin1String(key)));
    }
}

void TestRedis::leastPrivilege()
{
    if (!requireRedis() || !Test::requireCluster())
        return;
    Test::TestDatabase database;
    PgConnection connection = database.connect();
    Test::registerServers(connection, 1);
    OwnRedis own;
    QVERIFY(own.ok());
    // The README's user, and one that may not list clients or look at the backplane.
    own.run({ "ACL", "SETUSER", "paddock-test-monitor", "reset", "on", ">s3cret-pw", "+info", "+ping", "+client|list",
        "+pubsub" });
    own.run({ "ACL", "SETUSER", "paddock-test-blind", "reset", "on", ">s3cret-pw", "+info", "+ping" });
    const QUrl url(qEnvironmentVariable("PADDOCK_REDIS_URL"));
    const auto report = [&](const char* user, const QByteArray& password) {
        qputenv("REDISCLI_AUTH", password);
        const Test::ProgramRun run = Test::runPaddock({ QStringLiteral("report"), QStringLiteral("--json"),
            QStringLiteral("--connect"), database.conninfo(), QStringLiteral("--redis"),
            QStringLiteral("redis://%1@%2:%3").arg(QLatin1String(user), url.host()).arg(url.port()) });
        qunsetenv("REDISCLI_AUTH");
        // The password is never printed.
        [&] { QVERIFY(!run.out.contains(QLatin1String("s3cret")) && !run.err.contains(QLatin1String("s3cret"))); }();
        return std::make_pair(
            run.exitCode, QJsonDocument::fromJson(run.out.toUtf8()).object().value(QLatin1String("redis")).toObject());
    };

    const auto [monitorExit, monitor] = report("paddock-test-monitor", "s3cret-pw");
    QCOMPARE(monitorExit, 1); // web-0 holds no connection
    QCOMPARE(monitor.value(QLatin1String("status")).toString(), QStringLiteral("degraded"));
    QCOMPARE(monitor.value(QLatin1String("cannot_see")).toArray().size(), 0);
    QCOMPARE(monitor.value(QLatin1String("instances_missing")).toArray().at(0).toString(), QStringLiteral("web-0"));
    QVERIFY(monitor.value(QLatin1String("backplane_subscribers")).isDouble());

    const auto [blindExit, blind] = report("paddock-test-blind", "s3cret-pw");
    const QString cannotSee
        = blind.value(QLatin1String("cannot_see")).toVariant().toStringList().join(QLatin1Char(';'));
    QVERIFY2(cannotSee.contains(QLatin1String("CLIENT LIST")) && cannotSee.contains(QLatin1String("PUBSUB")),
        qPrintable(cannotSee));
    // Who is connected cannot be told: nobody is called missing.
    QCOMPARE(blind.value(QLatin1String("instances_missing")).toArray().size(), 0);
    QVERIFY(blind.value(QLatin1String("backplane_subscribers")).isNull());
    QCOMPARE(blind.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(blindExit, 0);

    const auto [wrongExit, wrong] = report("paddock-test-monitor", "not-the-password");
    QCOMPARE(wrongExit, 2);
    QCOMPARE(wrong.value(QLatin1String("status")).toString(), QStringLiteral("failing"));
    QVERIFY(wrong.value(QLatin1String("reasons")).toArray().at(0).toString().contains(QLatin1String("WRONGPASS")));
    own.run({ "ACL", "DELUSER", "paddock-test-monitor", "paddock-test-blind" });
}

void TestRedis::frozenRedisDoesNotDelayTheDatabase()
{
    if (!requireRedis() || !Test::requireCluster())
        return;
    Test::TestDatabase database;
    PgConnection connection = database.connect();
    Test::registerServers(connection, 2);
    EngineSettings settings;
    settings.conninfo = database.conninfo();
    settings.pollIntervalMs = 200;
    settings.redisUrl = qEnvironmentVariable("PADDOCK_REDIS_URL");
    settings.keepHistory = false;
    auto engine = std::make_unique<Engine>(settings);
    QList<EngineUpdate> updates;
    connect(engine.get(), &Engine::updated, this, [&updates](const EngineUpdate& update) { updates.append(update); });
    engine->start();
    const auto redisIs = [&updates](RedisStatus status) {
        return !updates.isEmpty() && updates.constLast().snapshot.redis
            && updates.constLast().snapshot.redis->status == status;
    };
    // The test's instances hold no connection: the Redis answers and is degraded.
    QTRY_VERIFY_WITH_TIMEOUT(redisIs(RedisStatus::Degraded), 10000);
    QCOMPARE(updates.constLast().snapshot.servers.at(0).reasons.constLast(),
        QStringLiteral("no connection to Redis %1").arg(privateRedis().display()));

    Test::Freeze freeze({ Test::redisPid() });
    const qsizetype atFreeze = updates.size();
    // Five more reads of the database while the Redis read waits out its 6 s deadline.
    QTRY_VERIFY_WITH_TIMEOUT(updates.size() >= atFreeze + 5, 4000);
    QVERIFY(redisIs(RedisStatus::Degraded)); // still the last answer
    QTRY_VERIFY_WITH_TIMEOUT(redisIs(RedisStatus::Failing), 12000);
    // A Redis that does not answer says nothing of the instances' connections.
    QCOMPARE(updates.constLast().snapshot.servers.at(0).status, ServerStatus::Healthy);

    // Closing never waits on the Redis.
    QElapsedTimer closing;
    closing.start();
    engine.reset();
    QVERIFY2(closing.elapsed() < 1500, qPrintable(QString::number(closing.elapsed())));
}

QTEST_GUILESS_MAIN(TestRedis)
#include "tst_redis.moc"
