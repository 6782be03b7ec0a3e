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

QString stateName(TopologyLinkState state)
{
    switch (state) {
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
