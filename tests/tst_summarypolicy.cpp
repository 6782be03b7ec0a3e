#include "summarypolicy.h"

#include <QtTest>

using namespace Paddock;
using Level = SummaryPolicy::Level;
using Input = SummaryPolicy::Input;

Q_DECLARE_METATYPE(Paddock::SummaryPolicy::Input)
Q_DECLARE_METATYPE(Paddock::SummaryPolicy::Level)
Q_DECLARE_METATYPE(Paddock::SummaryPolicy::Tile)

namespace {

// Every scenario is built around this instant, never the real clock.
const QDateTime Now(QDate(2026, 11, 22), QTime(10, 0), Qt::UTC);

QString str(const char* text)
{
    return QString::fromUtf8(text);
}

ServerFigures server(
    const char* name, ServerStatus status, qint64 backlog = 0, std::optional<double> oldestPendingS = std::nullopt)
{
    ServerFigures figures;
    figures.server.name = str(name);
    figures.status = status;
    figures.backlog = backlog;
    figures.oldestPendingAgeS = oldestPendingS;
    return figures;
}

StorageFigures storage(const char* name, StorageStatus status, const QStringList& failing = {})
{
    StorageFigures figures;
    figures.storage.name = str(name);
    figures.status = status;
    figures.failingServers = failing;
    return figures;
}

// A live window, connected with LISTEN on, polling every second, a deadline of 8 s; the data arrived
// 0.5 s ago. Default thresholds: backlog 1000, oldest pending 10 s.
Input live(const QList<ServerFigures>& servers = {})
{
    Input input;
    input.freshness.state.state = ConnectionState::State::Connected;
    input.freshness.state.notifications = true;
    input.freshness.state.target = str("alice@db:5432/farm");
    input.freshness.haveData = true;
    input.freshness.lastDataAt = Now.addMSecs(-500);
    input.freshness.deadlineMs = 8000;
    input.freshness.now = Now;
    input.snapshot.generatedAt = Now.addMSecs(-500);
    input.snapshot.windowS = 60;
    input.snapshot.servers = servers;
    input.snapshot.farm.servers = servers.size();
    for (const ServerFigures& s : servers) {
        ++input.snapshot.farm.byStatus[statusName(s.status)];
        input.snapshot.farm.backlog += s.backlog;
    }
    input.haveEngine = true;
    input.pollIntervalMs = 1000;
    return input;
}

Input dataAged(Input input, double seconds)
{
    input.freshness.lastDataAt = Now.addMSecs(-qRound64(seconds * 1000));
    return input;
}

Input withState(Input input, ConnectionState::State state)
{
    input.freshness.state.state = state;
    return input;
}

Input noData(Input input)
{
    input.freshness.haveData = false;
    input.freshness.lastDataAt = {};
    input.snapshot = {};
    return input;
}

// A Redis at cache:6379 that answers: hits 93.1 % of lookups, nothing evicted, 512 MiB used of a
// maxmemory of 2 GiB.
RedisFigures redis(RedisStatus status = RedisStatus::Ok)
{
    RedisFigures figures;
    figures.address = str("cache:6379");
    figures.status = status;
    figures.hitRatio = 0.931;
    figures.evictedKeysPerS = 0.0;
    figures.usedMemoryBytes = 512LL * 1024 * 1024;
    figures.maxMemoryBytes = 2048LL * 1024 * 1024;
    return figures;
}

Input withRedis(Input input, const RedisFigures& figures)
{
    input.snapshot.redis = figures;
    return input;
}

// A replay window: a recording made at 03:00 UTC, shown as recorded.
Input replay(bool haveData = true)
{
    Input input = live({ server("web-01", ServerStatus::Healthy) });
    input.freshness.state.state = ConnectionState::State::Replay;
    input.freshness.replay = true;
    input.freshness.recorded = true;
    input.snapshot.generatedAt = QDateTime(QDate(2026, 11, 22), QTime(3, 0), Qt::UTC);
    input.freshness.lastDataAt = input.snapshot.generatedAt;
    input.replayWindow = true;
    input.recordingPath = str("/srv/incidents/farm.paddock-recording");
    return haveData ? input : noData(input);
}

} // namespace

class TestSummaryPolicy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tiles_data();
    void tiles();
    void redisTile_data();
    void redisTile();
    void noDataLeavesEveryFigureWaiting();
    void connectionText_data();
    void connectionText();
    void banner_data();
    void banner();
};

void TestSummaryPolicy::tiles_data()
{
    QTest::addColumn<Input>("input");
    QTest::addColumn<SummaryPolicy::Tile>("tile");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<Level>("level");

    const ServerFigures ok1 = server("web-01", ServerStatus::Healthy);
    const ServerFigures ok2 = server("web-02", ServerStatus::Healthy);
    const ServerFigures degraded = server("web-02", ServerStatus::Degraded);
    const ServerFigures silent = server("web-03", ServerStatus::NotResponding);

    // Instances: the worst status sets the level; the detail counts each, the worst first.
    QTest::addRow("instances all healthy")
        << live({ ok1, ok2 }) << SummaryPolicy::InstancesTile << str("2") << str("2 healthy") << Level::Ok;
    QTest::addRow("instances one degraded") << live({ ok1, degraded }) << SummaryPolicy::InstancesTile << str("2")
                                            << str("1 \u25b2 degraded \u00b7 1 healthy") << Level::Warning;
    QTest::addRow("instances not responding outranks degraded")
        << live({ ok1, degraded, silent }) << SummaryPolicy::InstancesTile << str("3")
        << str("1 \u2716 not responding \u00b7 1 \u25b2 degraded \u00b7 1 healthy") << Level::Critical;
    {
        // Greyed: nobody is known to be anything; what was last seen, at no level.
        Input input = live({ ok1, silent });
        input.stale = true;
        QTest::addRow("instances stale") << input << SummaryPolicy::InstancesTile << str("2")
                                         << str("unknown \u00b7 last seen 1 \u2716 not responding, 1 healthy")
                                         << Level::Neutral;
    }

    // Tasks created: a rate as Format writes it everywhere; never a level.
    {
        Input input = live({ ok1 });
        input.snapshot.farm.tasksCreatedPerS = 2.34;
        input.snapshot.farm.tasksCreated = 140;
        QTest::addRow("created slow") << input << SummaryPolicy::CreatedTile << str("2.34/s") << str("140 in 60 s")
                                      << Level::Neutral;
        input.snapshot.farm.tasksCreatedPerS = 12.6;
        input.snapshot.farm.tasksCreated = 756;
        QTest::addRow("created fast") << input << SummaryPolicy::CreatedTile << str("12.6/s") << str("756 in 60 s")
                                      << Level::Neutral;
    }

    // Deliveries: a failure in the window is a warning.
    {
        Input input = live({ ok1 });
        input.snapshot.farm.deliveriesProcessedPerS = 5.0;
        QTest::addRow("processed none failed")
            << input << SummaryPolicy::ProcessedTile << str("5.00/s") << str("none failed") << Level::Ok;
        input.snapshot.farm.deliveriesFailed = 3;
        QTest::addRow("processed some failed")
            << input << SummaryPolicy::ProcessedTile << str("5.00/s") << str("3 failed in 60 s") << Level::Warning;
    }

    // Backlog: over 1000 pending or the oldest over 10 s on a running instance; critical when that
    // instance does not respond; instances that left are nobody's emergency.
    QTest::addRow("backlog nothing pending")
        << live({ ok1, ok2 }) << SummaryPolicy::BacklogTile << str("0") << str("nothing pending") << Level::Ok;
    QTest::addRow("backlog oldest over the threshold")
        << live({ server("web-01", ServerStatus::Healthy, 2, 3.0), server("web-02", ServerStatus::Degraded, 5, 12.5) })
        << SummaryPolicy::BacklogTile << str("7") << str("oldest 12.5 s (web-02)") << Level::Warning;
    QTest::addRow("backlog on an instance not responding")
        << live({ ok1, server("web-03", ServerStatus::NotResponding, 5, 12.5) }) << SummaryPolicy::BacklogTile
        << str("5") << str("oldest 12.5 s (web-03)") << Level::Critical;
    QTest::addRow("backlog of a stopped instance")
        << live({ ok1, server("web-04", ServerStatus::Stopped, 4000, 300.0) }) << SummaryPolicy::BacklogTile
        << str("4000") << str("oldest 5 min 0 s (web-04)") << Level::Ok;
    QTest::addRow("backlog at the count threshold")
        << live({ server("web-01", ServerStatus::Healthy, 1000, 1.0) }) << SummaryPolicy::BacklogTile << str("1000")
        << str("oldest 1.0 s (web-01)") << Level::Ok;
    QTest::addRow("backlog over the count threshold")
        << live({ server("web-01", ServerStatus::Healthy, 1001, 1.0) }) << SummaryPolicy::BacklogTile << str("1001")
        << str("oldest 1.0 s (web-01)") << Level::Warning;
    {
        // 8 s old when read, read 3 s ago: 11 s by now, over the 10 s threshold once the ages count on.
        Input input = dataAged(live({ server("web-01", ServerStatus::Healthy, 4, 8.0) }), 3.0);
        QTest::addRow("backlog as read") << input << SummaryPolicy::BacklogTile << str("4")
                                         << str("oldest 8.0 s (web-01)") << Level::Ok;
        input.agesCounted = true;
        QTest::addRow("backlog with ages counted on")
            << input << SummaryPolicy::BacklogTile << str("4") << str("oldest 11.0 s (web-01)") << Level::Warning;
    }

    // Cache latency: over the oldest-pending threshold (10 s) is a warning; nothing measured is
    // neutral and a dash.
    {
        Input input = live({ ok1 });
        QTest::addRow("p95 nothing measured")
            << input << SummaryPolicy::P95Tile << str("\u2014") << str("0 invalidations in 60 s") << Level::Neutral;
        input.snapshot.farm.cacheLatency = { 42, 300.0, 850.0, 10000.0, 15000.0 };
        QTest::addRow("p95 fine") << input << SummaryPolicy::P95Tile << str("850 ms") << str("42 invalidations in 60 s")
                                  << Level::Ok;
        QTest::addRow("p99 at the threshold")
            << input << SummaryPolicy::P99Tile << str("10,000 ms") << str("max 15,000 ms") << Level::Ok;
        input.snapshot.farm.cacheLatency = { 42, 300.0, 10500.0, 12000.0, 15000.0 };
        QTest::addRow("p95 over the threshold")
            << input << SummaryPolicy::P95Tile << str("10,500 ms") << str("42 invalidations in 60 s") << Level::Warning;
        QTest::addRow("p99 over the threshold")
            << input << SummaryPolicy::P99Tile << str("12,000 ms") << str("max 15,000 ms") << Level::Warning;
    }

    // Storage: failing is critical, partial a warning naming who fails; no storage is neutral.
    {
        Input input = live({ ok1 });
        QTest::addRow("storage none") << input << SummaryPolicy::StorageTile << str("0 storage(s)")
                                      << str("all probes ok") << Level::Neutral;
        input.snapshot.storage = { storage("blob", StorageStatus::Ok) };
        QTest::addRow("storage ok") << input << SummaryPolicy::StorageTile << str("1 storage(s)")
                                    << str("all probes ok") << Level::Ok;
        input.snapshot.storage = { storage("blob", StorageStatus::Ok),
            storage("share", StorageStatus::Partial, { str("web-01"), str("web-03") }) };
        QTest::addRow("storage partial") << input << SummaryPolicy::StorageTile << str("2 storage(s)")
                                         << str("share partial (web-01, web-03)") << Level::Warning;
        input.snapshot.storage
            = { storage("blob", StorageStatus::Failing), storage("share", StorageStatus::Partial, { str("web-02") }) };
        QTest::addRow("storage failing") << input << SummaryPolicy::StorageTile << str("2 storage(s)")
                                         << str("blob failing; share partial (web-02)") << Level::Critical;
    }

    // Connection: how fresh the data is, with or without data.
    const Input connected = live({ ok1 });
    QTest::addRow("connection live") << connected << SummaryPolicy::ConnectionTile << str("live")
                                     << str("data 0.5 s old") << Level::Ok;
    {
        Input input = connected;
        input.freshness.state.notifications = false;
        QTest::addRow("connection polling")
            << input << SummaryPolicy::ConnectionTile << str("polling") << str("data 0.5 s old") << Level::Ok;
    }
    // 6 s: older than five polls (5 s), within the deadline (8 s).
    QTest::addRow("connection slow") << dataAged(connected, 6.0) << SummaryPolicy::ConnectionTile << str("live")
                                     << str("data 6.0 s old") << Level::Warning;
    QTest::addRow("connection overdue") << dataAged(connected, 9.0) << SummaryPolicy::ConnectionTile << str("no answer")
                                        << str("data 9.0 s old") << Level::Critical;
    {
        // Read 0.5 s ago on a standby 9 s behind (over the 8 s deadline): the data is 9.5 s old.
        Input input = connected;
        input.snapshot.standby = true;
        input.snapshot.replayLagMs = 9000;
        input.freshness.replayLagMs = 9000;
        QTest::addRow("connection standby behind")
            << input << SummaryPolicy::ConnectionTile << str("behind")
            << str("data 9.5 s old \u00b7 standby, replay 9.0 s behind") << Level::Critical;
    }
    QTest::addRow("connection lost") << withState(connected, ConnectionState::State::Reconnecting)
                                     << SummaryPolicy::ConnectionTile << str("lost") << str("data 0.5 s old")
                                     << Level::Critical;
    QTest::addRow("connection not answering")
        << withState(connected, ConnectionState::State::NotAnswering) << SummaryPolicy::ConnectionTile
        << str("no answer") << str("data 0.5 s old") << Level::Critical;
    QTest::addRow("connection connecting")
        << noData(withState(connected, ConnectionState::State::Connecting)) << SummaryPolicy::ConnectionTile
        << str("connecting") << str("no data yet") << Level::Neutral;
    {
        Input input = noData(withState(connected, ConnectionState::State::Idle));
        input.haveEngine = false;
        QTest::addRow("connection none") << input << SummaryPolicy::ConnectionTile << str("none") << str("no data yet")
                                         << Level::Neutral;
    }
    const QString recordedAt = replay().snapshot.generatedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    QTest::addRow("replay") << replay() << SummaryPolicy::ConnectionTile << str("recording")
                            << str("as of %1").arg(recordedAt) << Level::Neutral;
    QTest::addRow("replay opening") << replay(false) << SummaryPolicy::ConnectionTile << str("recording")
                                    << str("opening") << Level::Neutral;
    QTest::addRow("replay refused") << withState(replay(false), ConnectionState::State::Stopped)
                                    << SummaryPolicy::ConnectionTile << str("stopped") << str("opening")
                                    << Level::Critical;
}

void TestSummaryPolicy::tiles()
{
    QFETCH(Input, input);
    QFETCH(SummaryPolicy::Tile, tile);
    QFETCH(QString, value);
    QFETCH(QString, detail);
    QFETCH(Level, level);
    const QList<SummaryPolicy::TileText> tiles = SummaryPolicy(input).tiles();
    QCOMPARE(tiles.size(), qsizetype(SummaryPolicy::TileCount));
    QCOMPARE(tiles.at(tile).value, value);
    QCOMPARE(tiles.at(tile).detail, detail);
    QCOMPARE(tiles.at(tile).level, level);
}

void TestSummaryPolicy::redisTile_data()
{
    QTest::addColumn<Input>("input");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<Level>("level");
    QTest::addColumn<bool>("hidden");

    const Input farm = live({ server("web-01", ServerStatus::Healthy) });
    // A farm without a Redis has no Redis tile.
    QTest::addRow("no redis configured") << farm << QString() << QString() << Level::Neutral << true;
    // The hit ratio, then what was evicted and the memory against maxmemory; the level is the
    // redis status's (DESIGN.md section 6).
    QTest::addRow("ok") << withRedis(farm, redis()) << str("93.1 %")
                        << str("evicted 0.0/s \u00b7 512.0 MiB of 2.00 GiB") << Level::Ok << false;
    {
        RedisFigures figures = redis();
        figures.maxMemoryBytes = 0;
        QTest::addRow("ok without maxmemory") << withRedis(farm, figures) << str("93.1 %")
                                              << str("evicted 0.0/s \u00b7 512.0 MiB, no limit") << Level::Ok << false;
    }
    {
        // 1,945 MiB of 2,048 MiB is over 90 %, and keys go: degraded, a warning.
        RedisFigures figures = redis(RedisStatus::Degraded);
        figures.reasons = { str("750 keys evicted in the last 1 min 0 s") };
        figures.hitRatio = 0.705;
        figures.evictedKeysPerS = 12.5;
        figures.usedMemoryBytes = 1945LL * 1024 * 1024;
        QTest::addRow("degraded by evictions")
            << withRedis(farm, figures) << str("70.5 %") << str("evicted 12.5/s \u00b7 1.90 GiB of 2.00 GiB")
            << Level::Warning << false;
        figures.hitRatio.reset();
        figures.evictedKeysPerS.reset();
        QTest::addRow("degraded, nothing to measure yet")
            << withRedis(farm, figures) << str("\u2014") << str("evicted \u2014 \u00b7 1.90 GiB of 2.00 GiB")
            << Level::Warning << false;
    }
    {
        // Failing is critical, as a failing storage: the figures are gone, the reason says why.
        RedisFigures figures;
        figures.address = str("cache:6379");
        figures.status = RedisStatus::Failing;
        figures.reasons = { str("no answer within 6.0 s") };
        QTest::addRow("failing") << withRedis(farm, figures) << str("\u2014") << str("no answer within 6.0 s")
                                 << Level::Critical << false;
        figures.reasons.clear();
        QTest::addRow("failing without a reason")
            << withRedis(farm, figures) << str("\u2014") << str("failing") << Level::Critical << false;
        figures.status = RedisStatus::Unknown;
        figures.reasons = { str("not read yet") };
        QTest::addRow("not read yet") << withRedis(farm, figures) << str("\u2014") << str("not read yet")
                                      << Level::Neutral << false;
    }
    {
        Input input = noData(withState(farm, ConnectionState::State::Connecting));
        QTest::addRow("no data, no redis") << input << QString() << str("waiting for data") << Level::Neutral << true;
        input.snapshot.redis = redis();
        QTest::addRow("no data, a redis") << input << QString() << str("waiting for data") << Level::Neutral << false;
    }
}

void TestSummaryPolicy::redisTile()
{
    QFETCH(Input, input);
    QFETCH(QString, value);
    QFETCH(QString, detail);
    QFETCH(Level, level);
    QFETCH(bool, hidden);
    const QList<SummaryPolicy::TileText> tiles = SummaryPolicy(input).tiles();
    QCOMPARE(tiles.size(), qsizetype(SummaryPolicy::TileCount));
    const SummaryPolicy::TileText tile = tiles.at(SummaryPolicy::RedisTile);
    QCOMPARE(tile.value, value);
    QCOMPARE(tile.detail, detail);
    QCOMPARE(tile.level, level);
    QCOMPARE(tile.hidden, hidden);
    QCOMPARE(SummaryPolicy::titles().at(SummaryPolicy::RedisTile), str("Redis"));
}

void TestSummaryPolicy::noDataLeavesEveryFigureWaiting()
{
    const QList<SummaryPolicy::TileText> tiles
        = SummaryPolicy(noData(withState(live(), ConnectionState::State::Connecting))).tiles();
    QCOMPARE(tiles.size(), qsizetype(SummaryPolicy::TileCount));
    for (int tile = 0; tile < SummaryPolicy::ConnectionTile; ++tile) {
        // Without data there is no Redis either: its tile is hidden.
        const bool hidden = tile == SummaryPolicy::RedisTile;
        QCOMPARE(
            tiles.at(tile), (SummaryPolicy::TileText { QString(), str("waiting for data"), Level::Neutral, hidden }));
    }
    QCOMPARE(tiles.at(SummaryPolicy::ConnectionTile).value, str("connecting"));
    QCOMPARE(SummaryPolicy::titles().size(), qsizetype(SummaryPolicy::TileCount));
}

void TestSummaryPolicy::connectionText_data()
{
    QTest::addColumn<Input>("input");
    QTest::addColumn<QString>("text");
    QTest::addRow("live") << live() << str("alice@db:5432/farm \u00b7 connected \u00b7 data 0.5 s old");
    Input nowhere = noData(withState(live(), ConnectionState::State::Connecting));
    nowhere.freshness.state.target.clear();
    QTest::addRow("no target yet") << nowhere << str("connecting");
    QTest::addRow("replay") << replay() << str("farm.paddock-recording \u00b7 read-only");
}

void TestSummaryPolicy::connectionText()
{
    QFETCH(Input, input);
    QFETCH(QString, text);
    QCOMPARE(SummaryPolicy(input).connectionText(), text);
}

void TestSummaryPolicy::banner_data()
{
    QTest::addColumn<Input>("input");
    QTest::addColumn<QString>("start"); // empty: no banner
    QTest::addRow("fresh") << live() << QString();
    QTest::addRow("overdue") << dataAged(live(), 9.0) << str("\u26a0 No answer from the database for 9.0 s");
    Input lost = withState(live(), ConnectionState::State::Reconnecting);
    lost.freshness.state.since = Now.addSecs(-4);
    QTest::addRow("lost") << lost << str("\u26a0 Connection lost at");
    QTest::addRow("replay") << replay() << QString();
}

void TestSummaryPolicy::banner()
{
    QFETCH(Input, input);
    QFETCH(QString, start);
    const QString banner = SummaryPolicy(input).banner();
    if (start.isEmpty())
        QCOMPARE(banner, QString());
    else
        QVERIFY2(banner.startsWith(start), qPrintable(banner));
}

QTEST_GUILESS_MAIN(TestSummaryPolicy)
#include "tst_summarypolicy.moc"
