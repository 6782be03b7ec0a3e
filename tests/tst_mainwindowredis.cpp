#include "cachetab.h"
#include "detachedwindow.h"
#include "engine.h"
#include "farmbuilder.h"
#include "mainwindow.h"
#include "settings.h"
#include "summarytile.h"
#include "topologylinkitem.h"
#include "topologyredisitem.h"
#include "topologyview.h"
#include "viewtabs.h"

#include <cmath>
#include <QTemporaryDir>
#include <QtTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

// web-01 to web-03 in zone-a, healthy, read a moment ago.
EngineUpdate farmUpdate(quint64 sequence)
{
    EngineUpdate update;
    update.sequence = sequence;
    update.initial = sequence == 1;
    update.snapshot.generatedAt = QDateTime::currentDateTimeUtc();
    update.snapshot.windowS = 60;
    for (qint64 id = 1; id <= 3; ++id) {
        update.snapshot.servers.append(Test::serverFigures(id, u"web-0%1"_s.arg(id)));
        update.serverNames.insert(id, u"web-0%1"_s.arg(id));
    }
    update.snapshot.farm.servers = 3;
    update.snapshot.farm.byStatus.insert(statusName(ServerStatus::Healthy), 3);
    return update;
}

// The Redis at cache:6379 as the models make it: failing (no answer), or answering with web-02
// not connected, which makes web-02 degraded and the Redis degraded.
RedisFigures redisFigures(RedisStatus status)
{
    RedisFigures redis;
    redis.address = u"cache:6379"_s;
    redis.status = status;
    if (status == RedisStatus::Failing) {
        redis.reasons = { u"no answer within 6.0 s"_s };
        return redis;
    }
    redis.version = u"7.2.4"_s;
    redis.role = u"master"_s;
    redis.hitRatio = 0.875;
    redis.hitsPerS = 700.0;
    redis.missesPerS = 100.0;
    redis.evictedKeysPerS = 2.5;
    redis.usedMemoryBytes = 768LL * 1024 * 1024;
    redis.maxMemoryBytes = 1024LL * 1024 * 1024;
    redis.instancesConnected = { u"web-01"_s, u"web-03"_s };
    redis.instancesMissing = { u"web-02"_s };
    redis.reasons = { u"web-02 not connected"_s };
    return redis;
}

// A sample a second for the last minute; the one of 30 s ago failed.
QList<RedisPoint> redisPoints(qint64 nowMs)
{
    QList<RedisPoint> points;
    for (int ago = 59; ago >= 0; --ago) {
        RedisPoint point;
        point.atMs = nowMs - ago * 1000LL;
        point.ok = ago != 30;
        if (point.ok) {
            point.hitsPerS = 700.0;
            point.missesPerS = 100.0;
            point.evictedPerS = 2.5;
            point.opsPerS = 1200.0;
            point.usedMemory = 768.0 * 1024 * 1024;
            point.maxMemory = 1024.0 * 1024 * 1024;
            point.pingMs = 0.4;
        }
        points.append(point);
    }
    return points;
}

bool hasBreak(const QList<QPointF>& points)
{
    return std::any_of(points.cbegin(), points.cend(), [](const QPointF& p) { return std::isnan(p.y()); });
}

} // namespace

// The window's parts for a farm's Redis (DESIGN.md section 6): the tile, the node and its links on
// the map, the Cache tab; fed as the engine feeds them, through a detached engine.
class TestMainWindowRedis : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_fixture.prepare(u"tst_mainwindowredis"_s)); }

    void init()
    {
        QVERIFY(m_fixture.open(u"redis.ini"_s, u"farm with a Redis"_s));
        m_window = m_fixture.window();
        QVERIFY(m_window->engine()->settings().detached);
    }

    void cleanup()
    {
        m_window = nullptr;
        m_fixture.close();
    }

    void withoutRedisNothingShows()
    {
        m_window->engine()->deliver(farmUpdate(1));
        QVERIFY(redisTile()->isHidden());
        QVERIFY(!topology()->redisItem());
        QCOMPARE(topology()->linkItems().size(), 1); // the zone's trunk to the database
        QVERIFY(!cacheTab()->hasRedis());
        QVERIFY(cacheTab()->placeholderText().contains(u"--redis redis://host:port"_s));
    }

    void failingRedis()
    {
        EngineUpdate update = farmUpdate(1);
        update.snapshot.redis = redisFigures(RedisStatus::Failing);
        m_window->engine()->deliver(update);

        QVERIFY(!redisTile()->isHidden());
        QCOMPARE(redisTile()->value(), u"\u2014"_s);
        QCOMPARE(redisTile()->detail(), u"no answer within 6.0 s"_s);
        QCOMPARE(redisTile()->level(), SummaryTile::Level::Critical);

        TopologyRedisItem* node = topology()->redisItem();
        QVERIFY(node);
        QCOMPARE(node->status(), u"failing"_s);
        QCOMPARE(node->title(), u"Redis cache:6379"_s);
        QCOMPARE(node->detailText(), u"no answer within 6.0 s"_s);
        const QString tip = topology()->toolTipAt(topology()->mapFromScene(node->sceneBoundingRect().center()));
        QVERIFY2(tip.contains(u"Failing"_s) && tip.contains(u"no answer within 6.0 s"_s), qPrintable(tip));
        TopologyLinkItem* link = topology()->linkItem(u"redis:zone-a"_s);
        QVERIFY(link);
        QCOMPARE(link->state(), TopologyLinkState::ProbeFailed);
        QVERIFY(cacheTab()->hasRedis());
        QVERIFY2(cacheTab()->summaryText().startsWith(u"\u2716 failing \u00b7 Redis cache:6379"_s),
            qPrintable(cacheTab()->summaryText()));

        // The Redis leaves the profile: the map is as it was.
        m_window->engine()->deliver(farmUpdate(2));
        QVERIFY(!topology()->redisItem());
        QVERIFY(!topology()->linkItem(u"redis:zone-a"_s));
        QVERIFY(redisTile()->isHidden());
    }

    void degradedRedisWithAnInstanceNotConnected()
    {
        EngineUpdate update = farmUpdate(1);
        Redis::apply(update.snapshot, redisFigures(RedisStatus::Degraded));
        update.redisPoints = redisPoints(update.snapshot.generatedAt.toMSecsSinceEpoch());
        m_window->engine()->deliver(update);

        QCOMPARE(redisTile()->value(), u"87.5 %"_s);
        QCOMPARE(redisTile()->detail(), u"evicted 2.50/s \u00b7 768.0 MiB of 1.00 GiB"_s);
        QCOMPARE(redisTile()->level(), SummaryTile::Level::Warning);
        // The instance without a connection is degraded by the models, and counted so.
        QCOMPARE(m_window->tiles().at(SummaryPolicy::InstancesTile)->level(), SummaryTile::Level::Warning);

        TopologyRedisItem* node = topology()->redisItem();
        QVERIFY(node);
        QCOMPARE(node->status(), u"degraded"_s);
        QCOMPARE(node->detailText(), u"hit 87.5 %, evicted 2.50/s"_s);
        QCOMPARE(node->connectionsText(), u"web-02 not connected"_s);
        const QString tip = topology()->toolTipAt(topology()->mapFromScene(node->sceneBoundingRect().center()));
        for (const QString& part : { u"Redis cache:6379"_s, u"version 7.2.4, master"_s, u"web-02 not connected"_s,
                 u"87.5 %"_s, u"768.0 MiB of 1.00 GiB"_s })
            QVERIFY2(tip.contains(part), qPrintable(tip));
        TopologyLinkItem* lost = topology()->linkItem(u"redislink:2"_s);
        QVERIFY(lost);
        QCOMPARE(lost->state(), TopologyLinkState::ProbeFailed);
        QVERIFY(lost->toolTip().contains(u"web-02 has no connection to Redis cache:6379"_s));
        QCOMPARE(topology()->linkItem(u"redis:zone-a"_s)->state(), TopologyLinkState::Degraded);
        QVERIFY(!topology()->linkItem(u"redislink:1"_s));

        // The Cache tab's charts draw the samples, broken where one failed.
        ViewTabs* tabs = m_window->findChild<ViewTabs*>();
        tabs->setCurrentWidget(cacheTab());
        QVERIFY(cacheTab()->hasRedis());
        QVERIFY(cacheTab()->summaryText().contains(u"hit ratio 87.5 %"_s));
        TimeChart* lookups = cacheTab()->chart(CacheChart::Kind::Lookups)->chart();
        QTRY_VERIFY(!lookups->points(u"hits"_s).isEmpty());
        // Live, the window ends at the last whole second: the newest sample may wait for the next.
        QVERIFY(lookups->points(u"hits"_s).size() >= 58);
        QVERIFY(hasBreak(lookups->points(u"hits"_s)));
        QCOMPARE(lookups->points(u"misses"_s).constLast().y(), 100.0);
        TimeChart* memory = cacheTab()->chart(CacheChart::Kind::Memory)->chart();
        QTRY_VERIFY(!memory->points(u"maxmemory"_s).isEmpty());
        // In GiB: maxmemory is 1 GiB.
        QCOMPARE(memory->points(u"used"_s).constLast().y(), 0.75);
        QCOMPARE(memory->points(u"maxmemory"_s).constLast().y(), 1.0);
        QCOMPARE(memory->axisTitle(ChartAxis::Left), u"GiB"_s);
        TimeChart* ping = cacheTab()->chart(CacheChart::Kind::Ping)->chart();
        QTRY_VERIFY(!ping->points(u"ping"_s).isEmpty());
        QCOMPARE(ping->points(u"ping"_s).constLast().y(), 0.4);
        QTRY_VERIFY(!cacheTab()->chart(CacheChart::Kind::Evictions)->chart()->points(u"evicted"_s).isEmpty());
    }

    void cacheChartsFollowTheWindowAndPause()
    {
        EngineUpdate update = farmUpdate(1);
        Redis::apply(update.snapshot, redisFigures(RedisStatus::Degraded));
        update.redisPoints = redisPoints(update.snapshot.generatedAt.toMSecsSinceEpoch());
        m_window->engine()->deliver(update);
        m_window->findChild<ViewTabs*>()->setCurrentWidget(cacheTab());
        for (CacheChart* chart : cacheTab()->charts()) {
            QVERIFY(chart->isLive());
            QCOMPARE(chart->windowSeconds(), 900); // the window's default
        }
        // Pausing pauses every chart, the Cache tab's too.
        const QList<QAction*> actions = m_window->findChildren<QAction*>();
        const auto pause = std::find_if(actions.cbegin(), actions.cend(),
            [](const QAction* action) { return action->text().contains(u"Pause"_s); });
        QVERIFY(pause != actions.cend());
        (*pause)->trigger();
        for (CacheChart* chart : cacheTab()->charts())
            QVERIFY(!chart->isLive());
    }

private:
    SummaryTile* redisTile() const { return m_window->tiles().at(SummaryPolicy::RedisTile); }
    TopologyView* topology() const { return qobject_cast<TopologyView*>(m_window->topologyWidget()); }
    CacheTab* cacheTab() const { return m_window->findChild<CacheTab*>(); }

    Test::DetachedWindow m_fixture;
    MainWindow* m_window = nullptr; // m_fixture's, between init() and cleanup()
};

QTEST_MAIN(TestMainWindowRedis)
#include "tst_mainwindowredis.moc"
