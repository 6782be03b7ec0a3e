#include "topologylinkplanner.h"

#include <QTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

using Farm = TopologyLinkPlanner::Farm;
Q_DECLARE_METATYPE(Farm)

namespace {

constexpr std::optional<double> NoHeartbeat = std::nullopt;

// An instance "web-<id>" of a zone with a heartbeat ageS old.
TopologyLinkPlanner::Instance instance(
    qint64 id, const QString& zone, std::optional<double> ageS = 1.0, ServerStatus status = ServerStatus::Healthy)
{
    TopologyLinkPlanner::Instance result;
    result.figures.server.id = id;
    result.figures.server.name = u"web-%1"_s.arg(id);
    result.figures.server.zone = zone;
    result.figures.status = status;
    result.figures.lastHeartbeatAgeS = ageS;
    return result;
}

// A farm of these instances, each zone holding its instances in the order given.
Farm farmOf(const QList<TopologyLinkPlanner::Instance>& instances, const QStringList& collapsed = {})
{
    Farm farm;
    for (const TopologyLinkPlanner::Instance& i : instances) {
        const QString zone = i.figures.server.zone;
        auto it = std::find_if(farm.zones.begin(), farm.zones.end(), [&](const auto& z) { return z.name == zone; });
        if (it == farm.zones.end()) {
            farm.zones.append({ zone, zone.isEmpty() ? u"(no zone)"_s : zone, collapsed.contains(zone), {} });
            it = std::prev(farm.zones.end());
        }
        it->members.append(i.figures.server.id);
        farm.instances.insert(i.figures.server.id, i);
        if (it->collapsed)
            farm.instances[i.figures.server.id].visible = false;
    }
    farm.storages = { { 1, u"blob"_s }, { 2, u"share"_s } };
    return farm;
}

ProbeRow probe(qint64 serverId, qint64 storageId, bool ok)
{
    ProbeRow row;
    row.serverId = serverId;
    row.storageId = storageId;
    row.ok = ok;
    if (ok)
        row.latencyMs = 8.0;
    else
        row.error = u"connection timed out"_s;
    return row;
}

Farm withProbes(Farm farm, const QList<ProbeRow>& probes)
{
    for (const ProbeRow& p : probes)
        farm.probes[p.serverId].append(p);
    return farm;
}

// The farm's Redis at cache:6379 with this status; the instances named connected or missing (the
// status rule would make it degraded with one missing: the rows say which status they play).
Farm withRedis(Farm farm, RedisStatus status, const QList<qint64>& connected, const QList<qint64>& missing = {})
{
    RedisFigures redis;
    redis.address = u"cache:6379"_s;
    redis.status = status;
    for (qint64 id : connected)
        redis.instancesConnected.append(u"web-%1"_s.arg(id));
    for (qint64 id : missing)
        redis.instancesMissing.append(u"web-%1"_s.arg(id));
    if (status == RedisStatus::Failing)
        redis.reasons = { u"no answer within 6.0 s"_s };
    if (!missing.isEmpty())
        redis.reasons.append(u"not connected"_s);
    farm.redis = redis;
    return farm;
}

QString stateName(TopologyLinkState state)
{
    switch (state) {
    case TopologyLinkState::Degraded:
        return u"Degraded"_s;
    case TopologyLinkState::Fresh:
        return u"Fresh"_s;
    case TopologyLinkState::Ageing:
        return u"Ageing"_s;
    case TopologyLinkState::Lost:
        return u"Lost"_s;
    case TopologyLinkState::Idle:
        return u"Idle"_s;
    case TopologyLinkState::ProbeOk:
        return u"ProbeOk"_s;
    case TopologyLinkState::ProbeFailed:
        return u"ProbeFailed"_s;
    }
    return u"?"_s;
}

// "key State 'label' *" for each link by key, joined by "; " ('label' when there is one, * when
// emphasised).
QString describe(const QList<TopologyLink>& plan)
{
    QStringList links;
    for (const TopologyLink& link : plan) {
        QString text = link.key + u" "_s + stateName(link.state);
        if (!link.label.isEmpty())
            text += u" '"_s + link.label + u"'"_s;
        if (link.emphasised)
            text += u" *"_s;
        links.append(text);
    }
    links.sort();
    return links.join(u"; "_s);
}

const TopologyLink* find(const QList<TopologyLink>& plan, const QString& key)
{
    for (const TopologyLink& link : plan) {
        if (link.key == key)
            return &link;
    }
    return nullptr;
}

} // namespace

class TestTopologyLinkPlanner : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void plan_data()
    {
        QTest::addColumn<Farm>("farm");
        QTest::addColumn<QString>("expected");

        // Heartbeats (late from over 10 s, lost from 30 s): fresh instances ride on their zone's
        // trunk; up to 3 late or lost ones get a link each with their age.
        QTest::addRow("calm zone: one fresh trunk")
            << farmOf({ instance(1, u"a"_s), instance(2, u"a"_s), instance(3, u"a"_s) }) << u"trunk:a Fresh"_s;
        QTest::addRow("a late instance gets its own link") << farmOf({ instance(1, u"a"_s), instance(2, u"a"_s, 15.0) })
                                                           << u"heartbeat:2 Ageing '15.0 s'; trunk:a Fresh"_s;
        QTest::addRow("10 s exactly is still fresh")
            << farmOf({ instance(1, u"a"_s), instance(2, u"a"_s, 10.0) }) << u"trunk:a Fresh"_s;
        QTest::addRow("30 s exactly is lost") << farmOf({ instance(1, u"a"_s), instance(2, u"a"_s, 30.0) })
                                              << u"heartbeat:2 Lost '30.0 s'; trunk:a Fresh"_s;
        QTest::addRow("no heartbeat yet is late") << farmOf({ instance(1, u"a"_s), instance(2, u"a"_s, NoHeartbeat) })
                                                  << u"heartbeat:2 Ageing 'no heartbeat'; trunk:a Fresh"_s;
        QTest::addRow("not responding is lost whatever its age")
            << farmOf({ instance(1, u"a"_s), instance(2, u"a"_s, 2.0, ServerStatus::NotResponding) })
            << u"heartbeat:2 Lost '2.0 s'; trunk:a Fresh"_s;
        // Nobody fresh: the trunk takes the worst of its one-by-one exceptions, without a count.
        QTest::addRow("only late ones: the trunk is late too")
            << farmOf({ instance(1, u"a"_s, 15.0) }) << u"heartbeat:1 Ageing '15.0 s'; trunk:a Ageing"_s;
        QTest::addRow("stopped and disabled: an idle trunk, no links")
            << farmOf({ instance(1, u"a"_s, 300.0, ServerStatus::Stopped),
                   instance(2, u"a"_s, NoHeartbeat, ServerStatus::Disabled) })
            << u"trunk:a Idle"_s;
        // 3 exceptions: still one by one; 4: the trunk carries the counts, lost before late.
        QTest::addRow("three late: one link each")
            << farmOf({ instance(1, u"a"_s), instance(2, u"a"_s, 11.0), instance(3, u"a"_s, 12.0),
                   instance(4, u"a"_s, 13.0) })
            << u"heartbeat:2 Ageing '11.0 s'; heartbeat:3 Ageing '12.0 s'; heartbeat:4 Ageing '13.0 s'; "
               u"trunk:a Fresh"_s;
        QTest::addRow("four late: one late trunk with the count") << farmOf(
            { instance(1, u"a"_s), instance(2, u"a"_s, 11.0), instance(3, u"a"_s, 12.0), instance(4, u"a"_s, 13.0),
                instance(5, u"a"_s, 14.0) }) << u"trunk:a Ageing '4 late'"_s;
        QTest::addRow("two lost and two late: a lost trunk") << farmOf({ instance(1, u"a"_s, 40.0),
            instance(2, u"a"_s, 50.0), instance(3, u"a"_s, 12.0), instance(4, u"a"_s, 13.0) })
                                                             << u"trunk:a Lost '2 lost, 2 late'"_s;
        QTest::addRow("collapsed: even one late instance is a count on the trunk")
            << farmOf({ instance(1, u"a"_s), instance(2, u"a"_s, 15.0) }, { u"a"_s }) << u"trunk:a Ageing '1 late'"_s;
        QTest::addRow("a leaving instance has no link") << [] {
            Farm farm = farmOf({ instance(1, u"a"_s), instance(2, u"a"_s, 45.0) });
            farm.instances[2].leaving = true;
            return farm;
        }() << u"trunk:a Fresh"_s;
        QTest::addRow("a trunk per zone, the zone without a name too")
            << farmOf({ instance(1, u"a"_s), instance(2, u"b"_s), instance(3, QString()) })
            << u"trunk: Fresh; trunk:a Fresh; trunk:b Fresh"_s;
        QTest::addRow("lower thresholds make the same heartbeats late") << [] {
            Farm farm = farmOf({ instance(1, u"a"_s), instance(2, u"a"_s), instance(3, u"a"_s), instance(4, u"a"_s) });
            farm.ageingS = 0.5;
            return farm;
        }() << u"trunk:a Ageing '4 late'"_s;

        // Storages: only failures are drawn, one by one up to 3 per zone and storage, else one zone
        // link with the count; probes of stopped instances or to unknown storages count for nothing.
        QTest::addRow("ok probes draw nothing")
            << withProbes(farmOf({ instance(1, u"a"_s) }), { probe(1, 1, true), probe(1, 2, true) })
            << u"trunk:a Fresh"_s;
        QTest::addRow("a failing probe: its own link") << withProbes(
            farmOf({ instance(1, u"a"_s), instance(2, u"a"_s) }), { probe(1, 1, false), probe(2, 1, true) })
                                                       << u"probe:1:1 ProbeFailed; trunk:a Fresh"_s;
        QTest::addRow("four failing: one zone link with the count")
            << withProbes(
                   farmOf({ instance(1, u"a"_s), instance(2, u"a"_s), instance(3, u"a"_s), instance(4, u"a"_s) }),
                   { probe(1, 2, false), probe(2, 2, false), probe(3, 2, false), probe(4, 2, false) })
            << u"trunk:a Fresh; zoneprobe:a:2 ProbeFailed '4 failing'"_s;
        QTest::addRow("collapsed: one failing is a zone link")
            << withProbes(farmOf({ instance(1, u"a"_s) }, { u"a"_s }), { probe(1, 1, false) })
            << u"trunk:a Fresh; zoneprobe:a:1 ProbeFailed '1 failing'"_s;
        QTest::addRow("failures of another zone are counted apart")
            << withProbes(
                   farmOf({ instance(1, u"a"_s), instance(2, u"b"_s) }), { probe(1, 1, false), probe(2, 1, false) })
            << u"probe:1:1 ProbeFailed; probe:2:1 ProbeFailed; trunk:a Fresh; trunk:b Fresh"_s;
        QTest::addRow("a stopped instance's failure is not drawn") << withProbes(
            farmOf({ instance(1, u"a"_s), instance(2, u"a"_s, 300.0, ServerStatus::Stopped) }), { probe(2, 1, false) })
                                                                   << u"trunk:a Fresh"_s;
        QTest::addRow("a probe to an unknown storage is not drawn")
            << withProbes(farmOf({ instance(1, u"a"_s) }), { probe(1, 9, false) }) << u"trunk:a Fresh"_s;

        // Focus: every link of the hovered instance and of a small selection, emphasised; the
        // hovered one's ok probes show their latency.
        QTest::addRow("hovered: its heartbeat and probes, latency on the ok one")
            <<
            [] {
                Farm farm = withProbes(farmOf({ instance(1, u"a"_s) }), { probe(1, 1, true), probe(1, 2, false) });
                farm.hovered = 1;
                return farm;
            }()
            << u"heartbeat:1 Fresh '1.0 s' *; probe:1:1 ProbeOk '8.0 ms' *; probe:1:2 ProbeFailed *; "
               u"trunk:a Fresh"_s;
        QTest::addRow("selected: the same links, no latency") << [] {
            Farm farm = withProbes(farmOf({ instance(1, u"a"_s) }), { probe(1, 1, true) });
            farm.selected = { 1 };
            return farm;
        }() << u"heartbeat:1 Fresh '1.0 s' *; probe:1:1 ProbeOk *; trunk:a Fresh"_s;
        QTest::addRow("a selection of 13 draws no links of its own") << [] {
            QList<TopologyLinkPlanner::Instance> list;
            for (int id = 1; id <= 13; ++id)
                list.append(instance(id, u"a"_s));
            Farm farm = farmOf(list);
            for (int id = 1; id <= 13; ++id)
                farm.selected.insert(id);
            return farm;
        }() << u"trunk:a Fresh"_s;
        QTest::addRow("hovered in a collapsed zone: nothing of its own") << [] {
            Farm farm = farmOf({ instance(1, u"a"_s) }, { u"a"_s });
            farm.hovered = 1;
            return farm;
        }() << u"trunk:a Fresh"_s;
        QTest::addRow("a late instance hovered: its link emphasised, once") << [] {
            Farm farm = farmOf({ instance(1, u"a"_s), instance(2, u"a"_s, 15.0) });
            farm.hovered = 2;
            return farm;
        }() << u"heartbeat:2 Ageing '15.0 s' *; trunk:a Fresh"_s;
    }

    void redis_data()
    {
        QTest::addColumn<Farm>("farm");
        QTest::addColumn<QString>("expected");

        const Farm two = farmOf({ instance(1, u"a"_s), instance(2, u"a"_s), instance(3, u"b"_s) });
        // No Redis configured: the map is as it was.
        QTest::addRow("no redis: no links to it") << two << u"trunk:a Fresh; trunk:b Fresh"_s;
        // A zone's running instances ride on one link to the Redis, in the redis status's style.
        QTest::addRow("redis ok: a healthy link per zone") << withRedis(two, RedisStatus::Ok, { 1, 2, 3 })
                                                           << u"redis:a ProbeOk; redis:b ProbeOk; trunk:a Fresh; "
                                                              u"trunk:b Fresh"_s;
        QTest::addRow("redis degraded: links in its colour") << withRedis(two, RedisStatus::Degraded, { 1, 2, 3 })
                                                             << u"redis:a Degraded; redis:b Degraded; trunk:a Fresh; "
                                                                u"trunk:b Fresh"_s;
        // An instance without a connection gets a broken link of its own, up to 3 per zone.
        QTest::addRow("a missing instance: its own lost link") << withRedis(two, RedisStatus::Degraded, { 1, 3 },
            { 2 }) << u"redis:a Degraded; redis:b Degraded; redislink:2 ProbeFailed; trunk:a Fresh; trunk:b Fresh"_s;
        QTest::addRow("three missing: one link each")
            << withRedis(farmOf({ instance(1, u"a"_s), instance(2, u"a"_s), instance(3, u"a"_s), instance(4, u"a"_s) }),
                   RedisStatus::Degraded, { 1 }, { 2, 3, 4 })
            << u"redis:a Degraded; redislink:2 ProbeFailed; redislink:3 "
               u"ProbeFailed; redislink:4 ProbeFailed; trunk:a Fresh"_s;
        QTest::addRow("four missing: the zone's link broken with the count") << withRedis(
            farmOf({ instance(1, u"a"_s), instance(2, u"a"_s), instance(3, u"a"_s), instance(4, u"a"_s),
                instance(5, u"a"_s) }),
            RedisStatus::Degraded, { 1 }, { 2, 3, 4, 5 }) << u"redis:a ProbeFailed '4 not connected'; trunk:a Fresh"_s;
        QTest::addRow("collapsed: one missing is a count on the zone's link") << withRedis(
            farmOf({ instance(1, u"a"_s), instance(2, u"a"_s) }, { u"a"_s }), RedisStatus::Degraded, { 1 },
            { 2 }) << u"redis:a ProbeFailed '1 not connected'; trunk:a Fresh"_s;
        QTest::addRow("collapsed and all connected: one healthy link")
            << withRedis(farmOf({ instance(1, u"a"_s), instance(2, u"a"_s) }, { u"a"_s }), RedisStatus::Ok, { 1, 2 })
            << u"redis:a ProbeOk; trunk:a Fresh"_s;
        // Nobody connected: the broken links one by one, and no zone link with nothing to carry.
        QTest::addRow("only missing ones: no zone link") << withRedis(farmOf({ instance(1, u"a"_s) }),
            RedisStatus::Degraded, {}, { 1 }) << u"redislink:1 ProbeFailed; trunk:a Fresh"_s;
        QTest::addRow("only missing ones, too many: the zone's link broken with the count") << withRedis(
            farmOf({ instance(1, u"a"_s), instance(2, u"a"_s), instance(3, u"a"_s), instance(4, u"a"_s) }),
            RedisStatus::Degraded, {}, { 1, 2, 3, 4 }) << u"redis:a ProbeFailed '4 not connected'; trunk:a Fresh"_s;
        // A failing Redis says nothing of its connections: every zone's link is broken.
        QTest::addRow("redis failing: every link broken")
            << withRedis(two, RedisStatus::Failing, {})
            << u"redis:a ProbeFailed; redis:b ProbeFailed; trunk:a Fresh; "
               u"trunk:b Fresh"_s;
        QTest::addRow("redis failing, collapsed: broken without a count")
            << withRedis(farmOf({ instance(1, u"a"_s), instance(2, u"a"_s) }, { u"a"_s }), RedisStatus::Failing, {})
            << u"redis:a ProbeFailed; trunk:a Fresh"_s;
        QTest::addRow("redis not read yet: idle links") << withRedis(
            two, RedisStatus::Unknown, {}) << u"redis:a Idle; redis:b Idle; trunk:a Fresh; trunk:b Fresh"_s;
        // Only running instances are expected to hold a connection.
        QTest::addRow("stopped and not responding instances: no link to the redis")
            << withRedis(farmOf({ instance(1, u"a"_s), instance(2, u"a"_s, 45.0, ServerStatus::NotResponding),
                             instance(3, u"b"_s, 300.0, ServerStatus::Stopped) }),
                   RedisStatus::Failing, {})
            << u"heartbeat:2 Lost '45.0 s'; redis:a ProbeFailed; trunk:a Fresh; trunk:b Idle"_s;
        QTest::addRow("connections not seen: an idle link") << withRedis(
            two, RedisStatus::Ok, { 3 }) << u"redis:a Idle; redis:b ProbeOk; trunk:a Fresh; trunk:b Fresh"_s;
        QTest::addRow("a leaving instance has no link") << [] {
            Farm farm
                = withRedis(farmOf({ instance(1, u"a"_s), instance(2, u"a"_s) }), RedisStatus::Degraded, { 1 }, { 2 });
            farm.instances[2].leaving = true;
            return farm;
        }() << u"redis:a Degraded; trunk:a Fresh"_s;
        // Focus: the hovered or selected instance's own link, emphasised.
        QTest::addRow("hovered: its link to the redis emphasised")
            <<
            [&two] {
                Farm farm = withRedis(two, RedisStatus::Ok, { 1, 2, 3 });
                farm.hovered = 1;
                return farm;
            }()
            << u"heartbeat:1 Fresh '1.0 s' *; redis:a ProbeOk; redis:b ProbeOk; redislink:1 ProbeOk *; trunk:a Fresh; "
               u"trunk:b Fresh"_s;
        QTest::addRow("a missing instance selected: its broken link emphasised, once")
            <<
            [&two] {
                Farm farm = withRedis(two, RedisStatus::Degraded, { 1, 3 }, { 2 });
                farm.selected = { 2 };
                return farm;
            }()
            << u"heartbeat:2 Fresh '1.0 s' *; redis:a Degraded; redis:b Degraded; redislink:2 ProbeFailed *; "
               u"trunk:a Fresh; trunk:b Fresh"_s;
        QTest::addRow("redis failing, hovered: its link broken")
            <<
            [&two] {
                Farm farm = withRedis(two, RedisStatus::Failing, {});
                farm.hovered = 3;
                return farm;
            }()
            << u"heartbeat:3 Fresh '1.0 s' *; redis:a ProbeFailed; redis:b ProbeFailed; redislink:3 ProbeFailed *; "
               u"trunk:a Fresh; trunk:b Fresh"_s;
    }

    void redis()
    {
        QFETCH(Farm, farm);
        QFETCH(QString, expected);
        QCOMPARE(describe(TopologyLinkPlanner::plan(farm)), expected);
    }

    void redisLinksStayFewAtAThousandInstances()
    {
        // 1,000 instances in 10 collapsed zones, 25 without a connection spread over them, 3 of
        // them selected: one link per zone to the database and one to the Redis, nothing else.
        QList<TopologyLinkPlanner::Instance> instances;
        QStringList zones;
        for (int z = 1; z <= 10; ++z)
            zones.append(u"zone-%1"_s.arg(z));
        QList<qint64> connected;
        QList<qint64> missing;
        for (qint64 id = 1; id <= 1000; ++id) {
            instances.append(instance(id, zones.at(int(id % 10))));
            (id % 40 == 0 ? missing : connected).append(id);
        }
        Farm farm = withRedis(farmOf(instances, zones), RedisStatus::Degraded, connected, missing);
        farm.selected = { 40, 41, 42 };
        const QList<TopologyLink> plan = TopologyLinkPlanner::plan(farm);
        QCOMPARE(plan.size(), 20);
        // Every 40th instance is in zone-1 (id % 10 == 0): 25 missing there, none elsewhere.
        QCOMPARE(find(plan, u"redis:zone-1"_s)->state, TopologyLinkState::ProbeFailed);
        QCOMPARE(find(plan, u"redis:zone-1"_s)->label, u"25 not connected"_s);
        QCOMPARE(find(plan, u"redis:zone-2"_s)->state, TopologyLinkState::Degraded);
        QVERIFY(find(plan, u"redis:zone-1"_s)->toolTip.contains(u"web-40, web-80, web-120"_s));
    }

    void plan()
    {
        QFETCH(Farm, farm);
        QFETCH(QString, expected);
        QCOMPARE(describe(TopologyLinkPlanner::plan(farm)), expected);
    }

    void endsConnectWhatTheKeysSay()
    {
        Farm farm = withProbes(farmOf({ instance(1, u"a"_s), instance(2, u"a"_s, 15.0), instance(3, u"b"_s),
                                   instance(4, u"b"_s), instance(5, u"b"_s), instance(6, u"b"_s) }),
            { probe(1, 1, false), probe(3, 2, false), probe(4, 2, false), probe(5, 2, false), probe(6, 2, false) });
        const QList<TopologyLink> plan = TopologyLinkPlanner::plan(farm);
        const TopologyLink* trunk = find(plan, u"trunk:a"_s);
        QVERIFY(trunk);
        QCOMPARE(trunk->from, TopologyLinkEnd::zoneOf(u"a"_s));
        QCOMPARE(trunk->to, TopologyLinkEnd::database());
        const TopologyLink* heartbeat = find(plan, u"heartbeat:2"_s);
        QVERIFY(heartbeat);
        QCOMPARE(heartbeat->from, TopologyLinkEnd::instance(2));
        QCOMPARE(heartbeat->to, TopologyLinkEnd::database());
        const TopologyLink* probe = find(plan, u"probe:1:1"_s);
        QVERIFY(probe);
        QCOMPARE(probe->from, TopologyLinkEnd::instance(1));
        QCOMPARE(probe->to, TopologyLinkEnd::storage(1));
        const TopologyLink* zoneProbe = find(plan, u"zoneprobe:b:2"_s);
        QVERIFY(zoneProbe);
        QCOMPARE(zoneProbe->from, TopologyLinkEnd::zoneOf(u"b"_s));
        QCOMPARE(zoneProbe->to, TopologyLinkEnd::storage(2));

        const QList<TopologyLink> redisPlan
            = TopologyLinkPlanner::plan(withRedis(farm, RedisStatus::Degraded, { 1 }, { 2 }));
        const TopologyLink* redis = find(redisPlan, u"redis:a"_s);
        QVERIFY(redis);
        QCOMPARE(redis->from, TopologyLinkEnd::zoneOf(u"a"_s));
        QCOMPARE(redis->to, TopologyLinkEnd::redis());
        const TopologyLink* missing = find(redisPlan, u"redislink:2"_s);
        QVERIFY(missing);
        QCOMPARE(missing->from, TopologyLinkEnd::instance(2));
        QCOMPARE(missing->to, TopologyLinkEnd::redis());
    }

    void redisToolTipsSayWhoAndWhy()
    {
        Farm farm
            = withRedis(farmOf({ instance(1, u"a"_s), instance(2, u"a"_s) }), RedisStatus::Degraded, { 1 }, { 2 });
        farm.instances[2].figures.server.name = u"<web-2>"_s;
        farm.redis->instancesMissing = { u"<web-2>"_s };
        const QList<TopologyLink> plan = TopologyLinkPlanner::plan(farm);
        QCOMPARE(find(plan, u"redislink:2"_s)->toolTip, u"&lt;web-2&gt; has no connection to Redis cache:6379"_s);
        QCOMPARE(find(plan, u"redis:a"_s)->toolTip,
            u"<b>a</b> \u2194 Redis cache:6379<br/>degraded: not connected<br/>1 connected<br/>1 not connected: "
            u"&lt;web-2&gt;"_s);
        const QList<TopologyLink> failing = TopologyLinkPlanner::plan(withRedis(farm, RedisStatus::Failing, {}));
        QCOMPARE(find(failing, u"redis:a"_s)->toolTip,
            u"<b>a</b> \u2194 Redis cache:6379<br/>failing: no answer within 6.0 s<br/>2 running instances use it"_s);
    }

    void toolTipsNameWhoAndWhyEscaped()
    {
        Farm farm = withProbes(farmOf({ instance(1, u"a"_s), instance(2, u"a"_s, 15.0), instance(3, u"a"_s, 45.0) }),
            { probe(1, 1, false) });
        farm.instances[1].figures.server.name = u"<b>web&1</b>"_s;
        farm.storages[1] = u"<i>blob</i>"_s;
        const QList<TopologyLink> plan = TopologyLinkPlanner::plan(farm);
        QCOMPARE(find(plan, u"probe:1:1"_s)->toolTip,
            u"&lt;b&gt;web&amp;1&lt;/b&gt; cannot reach &lt;i&gt;blob&lt;/i&gt;: connection timed out"_s);
        QCOMPARE(find(plan, u"heartbeat:2"_s)->toolTip, u"web-2: last heartbeat 15.0 s ago"_s);
        QCOMPARE(find(plan, u"trunk:a"_s)->toolTip,
            u"<b>a</b> \u2194 database<br/>1 heartbeats fresh (oldest 1.0 s)<br/>1 late: web-2 (15.0 s)<br/>"
            u"1 lost: web-3 (45.0 s)"_s);
    }

    void eachKeyOnceInTheOrderFirstPlanned()
    {
        // A failing probe planned for the zone and again for the selection is one link, where the
        // zone put it.
        Farm farm = withProbes(farmOf({ instance(1, u"a"_s), instance(2, u"a"_s) }), { probe(2, 1, false) });
        farm.selected = { 2 };
        QStringList keys;
        for (const TopologyLink& link : TopologyLinkPlanner::plan(farm))
            keys.append(link.key);
        QCOMPARE(keys, (QStringList { u"trunk:a"_s, u"probe:2:1"_s, u"heartbeat:2"_s }));
    }
};

QTEST_GUILESS_MAIN(TestTopologyLinkPlanner)
#include "tst_topologylinkplanner.moc"
