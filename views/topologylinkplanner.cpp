#include "topologylinkplanner.h"

#include "displayformat.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

enum class Beat { Fresh, Ageing, Lost, Idle };

TopologyLinkState linkState(Beat beat)
{
    switch (beat) {
    case Beat::Fresh:
        return TopologyLinkState::Fresh;
    case Beat::Ageing:
        return TopologyLinkState::Ageing;
    case Beat::Lost:
        return TopologyLinkState::Lost;
    case Beat::Idle:
        break;
    }
    return TopologyLinkState::Idle;
}

bool isMuted(ServerStatus status)
{
    return status == ServerStatus::Stopped || status == ServerStatus::Disabled;
}

// The instances expected to hold a connection to the Redis (Redis::runningInstances).
bool isRunning(ServerStatus status)
{
    return status == ServerStatus::Healthy || status == ServerStatus::Degraded;
}

QString html(const QString& text)
{
    return text.toHtmlEscaped();
}

struct Member {
    qint64 id = 0;
    const ServerFigures* figures = nullptr;
};

// Builds the plan of one farm: a link planned again under the same key replaces the earlier one
// where it stands.
class TopologyLinkPlanBuilder {
    Q_DECLARE_TR_FUNCTIONS(TopologyLinkPlanner)

public:
    explicit TopologyLinkPlanBuilder(const TopologyLinkPlanner::Farm& farm)
        : m_farm(farm)
    {
        if (m_farm.redis) {
            m_redisConnected
                = QSet<QString>(farm.redis->instancesConnected.cbegin(), farm.redis->instancesConnected.cend());
            m_redisMissing = QSet<QString>(farm.redis->instancesMissing.cbegin(), farm.redis->instancesMissing.cend());
        }
    }

    QList<TopologyLink> build()
    {
        for (const TopologyLinkPlanner::Zone& zone : m_farm.zones) {
            planZone(zone);
            if (m_farm.redis)
                planRedisZone(zone);
        }
        planFocus();
        return m_links;
    }

private:
    void put(TopologyLink link)
    {
        const auto it = m_index.constFind(link.key);
        if (it != m_index.constEnd()) {
            m_links[*it] = std::move(link);
        } else {
            m_index.insert(link.key, m_links.size());
            m_links.append(std::move(link));
        }
    }

    Beat beatOf(const ServerFigures& f) const
    {
        if (isMuted(f.status))
            return Beat::Idle;
        if (f.status == ServerStatus::NotResponding)
            return Beat::Lost;
        if (!f.lastHeartbeatAgeS)
            return Beat::Ageing; // registered, no heartbeat yet
        if (*f.lastHeartbeatAgeS >= m_farm.lostS)
            return Beat::Lost;
        if (*f.lastHeartbeatAgeS > m_farm.ageingS)
            return Beat::Ageing;
        return Beat::Fresh;
    }

    static QString ageText(const ServerFigures& f)
    {
        if (f.status == ServerStatus::Stopped)
            return tr("stopped");
        if (f.status == ServerStatus::Disabled)
            return tr("disabled");
        return f.lastHeartbeatAgeS ? Format::duration(f.lastHeartbeatAgeS) : tr("no heartbeat");
    }

    QString storageName(qint64 storageId) const
    {
        const auto it = m_farm.storages.constFind(storageId);
        return it != m_farm.storages.constEnd() ? *it : QString::number(storageId);
    }

    TopologyLink heartbeat(qint64 id, const ServerFigures& f) const
    {
        TopologyLink link;
        link.key = u"heartbeat:%1"_s.arg(id);
        link.from = TopologyLinkEnd::instance(id);
        link.to = TopologyLinkEnd::database();
        link.state = linkState(beatOf(f));
        link.label = ageText(f);
        link.toolTip = tr("%1: last heartbeat %2 ago").arg(html(f.server.name), ageText(f));
        return link;
    }

    void planZone(const TopologyLinkPlanner::Zone& zone)
    {
        QList<Member> fresh;
        QList<Member> late;
        QList<Member> lost;
        QHash<qint64, QList<Member>> failing; // storage -> instances
        for (qint64 id : zone.members) {
            const auto instance = m_farm.instances.constFind(id);
            if (instance == m_farm.instances.constEnd() || instance->leaving)
                continue;
            const Member member { id, &instance->figures };
            const Beat beat = beatOf(instance->figures);
            if (beat == Beat::Fresh)
                fresh.append(member);
            else if (beat == Beat::Ageing)
                late.append(member);
            else if (beat == Beat::Lost)
                lost.append(member);
            if (beat == Beat::Idle)
                continue;
            const QList<ProbeRow> probes = m_farm.probes.value(id);
            for (const ProbeRow& probe : probes) {
                if (!probe.ok && m_farm.storages.contains(probe.storageId))
                    failing[probe.storageId].append(member);
            }
        }

        const bool oneByOne = !zone.collapsed && late.size() + lost.size() <= TopologyLinkPlanner::IndividualLinkLimit;
        put(trunk(zone, fresh, late, lost, oneByOne));
        if (oneByOne) {
            for (const auto* list : { &late, &lost }) {
                for (const Member& member : *list)
                    put(heartbeat(member.id, *member.figures));
            }
        }
        for (auto it = failing.cbegin(); it != failing.cend(); ++it) {
            if (zone.collapsed || it.value().size() > TopologyLinkPlanner::IndividualLinkLimit)
                put(zoneProbe(zone, it.key(), it.value()));
            else
                planFailedProbes(it.key(), it.value());
        }
    }

    // The zone's one link to the database, styled by its heartbeats.
    TopologyLink trunk(const TopologyLinkPlanner::Zone& zone, const QList<Member>& fresh, const QList<Member>& late,
        const QList<Member>& lost, bool oneByOne) const
    {
        TopologyLink trunk;
        trunk.key = u"trunk:"_s + zone.name;
        trunk.from = TopologyLinkEnd::zoneOf(zone.name);
        trunk.to = TopologyLinkEnd::database();
        if (fresh.isEmpty() && late.isEmpty() && lost.isEmpty())
            trunk.state = TopologyLinkState::Idle;
        else if (oneByOne && !fresh.isEmpty())
            trunk.state = TopologyLinkState::Fresh;
        else
            trunk.state = !lost.isEmpty() ? TopologyLinkState::Lost
                : !late.isEmpty()         ? TopologyLinkState::Ageing
                                          : TopologyLinkState::Fresh;
        if (!oneByOne) {
            QStringList parts;
            if (!lost.isEmpty())
                parts.append(tr("%1 lost").arg(lost.size()));
            if (!late.isEmpty())
                parts.append(tr("%1 late").arg(late.size()));
            trunk.label = parts.join(u", "_s);
        }
        QStringList tip { u"<b>%1</b> \u2194 %2"_s.arg(html(zone.title), html(tr("database"))) };
        double oldestFresh = 0.0;
        for (const Member& member : fresh)
            oldestFresh = qMax(oldestFresh, member.figures->lastHeartbeatAgeS.value_or(0.0));
        if (!fresh.isEmpty())
            tip.append(tr("%1 heartbeats fresh (oldest %2)").arg(fresh.size()).arg(Format::duration(oldestFresh)));
        const auto describe = [&](const QList<Member>& members, const QString& what) {
            if (members.isEmpty())
                return;
            QStringList names;
            for (qsizetype i = 0; i < members.size() && i < 6; ++i)
                names.append(u"%1 (%2)"_s.arg(members[i].figures->server.name, ageText(*members[i].figures)));
            if (members.size() > 6)
                names.append(tr("%1 more").arg(members.size() - 6));
            tip.append(u"%1 %2: %3"_s.arg(members.size()).arg(what, html(names.join(u", "_s))));
        };
        describe(late, tr("late"));
        describe(lost, tr("lost"));
        trunk.toolTip = tip.join(u"<br/>"_s);
        return trunk;
    }

    // One link from the zone to a storage that many of its instances (or a collapsed zone's) fail to reach.
    TopologyLink zoneProbe(const TopologyLinkPlanner::Zone& zone, qint64 storageId, const QList<Member>& members) const
    {
        TopologyLink link;
        link.key = u"zoneprobe:%1:%2"_s.arg(zone.name, QString::number(storageId));
        link.from = TopologyLinkEnd::zoneOf(zone.name);
        link.to = TopologyLinkEnd::storage(storageId);
        link.state = TopologyLinkState::ProbeFailed;
        link.label = tr("%1 failing").arg(members.size());
        QStringList names;
        for (const Member& member : members)
            names.append(member.figures->server.name);
        if (names.size() > 12)
            names = names.mid(0, 12) << tr("%1 more").arg(members.size() - 12);
        link.toolTip = tr("%1 instances of %2 fail to reach %3: %4")
                           .arg(members.size())
                           .arg(html(zone.title), html(storageName(storageId)), html(names.join(u", "_s)));
        return link;
    }

    void planFailedProbes(qint64 storageId, const QList<Member>& members)
    {
        for (const Member& member : members) {
            TopologyLink link;
            link.key = u"probe:%1:%2"_s.arg(member.id).arg(storageId);
            link.from = TopologyLinkEnd::instance(member.id);
            link.to = TopologyLinkEnd::storage(storageId);
            link.state = TopologyLinkState::ProbeFailed;
            QString error;
            const QList<ProbeRow> probes = m_farm.probes.value(member.id);
            for (const ProbeRow& probe : probes) {
                if (probe.storageId == storageId)
                    error = probe.error;
            }
            link.toolTip = tr("%1 cannot reach %2: %3")
                               .arg(html(member.figures->server.name), html(storageName(storageId)),
                                   html(error.isEmpty() ? tr("probe failed") : error));
            put(link);
        }
    }

    enum class RedisUse { Connected, Missing, Unseen };

    bool redisAnswers() const
    {
        return m_farm.redis->status == RedisStatus::Ok || m_farm.redis->status == RedisStatus::Degraded;
    }

    // A Redis that does not answer says nothing of its connections: every running instance counts
    // as connected to it, and its links take the redis status.
    RedisUse redisUse(const ServerFigures& f) const
    {
        if (!redisAnswers() || m_redisConnected.contains(f.server.name))
            return RedisUse::Connected;
        return m_redisMissing.contains(f.server.name) ? RedisUse::Missing : RedisUse::Unseen;
    }

    // How a link to the Redis looks for instances that hold a connection.
    TopologyLinkState connectedState() const
    {
        switch (m_farm.redis->status) {
        case RedisStatus::Ok:
            return TopologyLinkState::ProbeOk;
        case RedisStatus::Degraded:
            return TopologyLinkState::Degraded;
        case RedisStatus::Failing:
            return TopologyLinkState::ProbeFailed;
        case RedisStatus::Unknown:
            break;
        }
        return TopologyLinkState::Idle;
    }

    QString redisName() const { return tr("Redis %1").arg(m_farm.redis->address); }

    // The redis status and why, for a tooltip; empty when ok.
    QString redisStatusText() const
    {
        const RedisFigures& redis = *m_farm.redis;
        if (redis.status == RedisStatus::Ok)
            return {};
        const QString status = statusName(redis.status);
        return html(redis.reasons.isEmpty() ? status : u"%1: %2"_s.arg(status, redis.reasons.join(u"; "_s)));
    }

    // The zone's one link to the Redis for its running instances, and the instances without a
    // connection one by one up to the limit, else as a count on the zone's link.
    void planRedisZone(const TopologyLinkPlanner::Zone& zone)
    {
        QList<Member> connected;
        QList<Member> missing;
        QList<Member> unseen;
        for (qint64 id : zone.members) {
            const auto instance = m_farm.instances.constFind(id);
            if (instance == m_farm.instances.constEnd() || instance->leaving || !isRunning(instance->figures.status))
                continue;
            const Member member { id, &instance->figures };
            const RedisUse use = redisUse(instance->figures);
            (use == RedisUse::Connected ? connected : use == RedisUse::Missing ? missing : unseen).append(member);
        }
        const bool oneByOne = !zone.collapsed && missing.size() <= TopologyLinkPlanner::IndividualLinkLimit;
        if (oneByOne) {
            for (const Member& member : std::as_const(missing))
                put(redisLink(member.id, *member.figures));
        }
        // The zone's link carries the others; those without a connection one by one need none.
        if (connected.isEmpty() && unseen.isEmpty() && (missing.isEmpty() || oneByOne))
            return;
        TopologyLink link;
        link.key = u"redis:"_s + zone.name;
        link.from = TopologyLinkEnd::zoneOf(zone.name);
        link.to = TopologyLinkEnd::redis();
        if (!missing.isEmpty() && !oneByOne)
            link.state = TopologyLinkState::ProbeFailed;
        else if (!connected.isEmpty())
            link.state = connectedState();
        else
            link.state = TopologyLinkState::Idle;
        if (!oneByOne && !missing.isEmpty())
            link.label = tr("%1 not connected").arg(missing.size());
        QStringList tip { u"<b>%1</b> \u2194 %2"_s.arg(html(zone.title), html(redisName())) };
        if (const QString status = redisStatusText(); !status.isEmpty())
            tip.append(status);
        if (!connected.isEmpty())
            tip.append(redisAnswers() ? tr("%1 connected").arg(connected.size())
                                      : tr("%1 running instances use it").arg(connected.size()));
        if (!missing.isEmpty())
            tip.append(tr("%1 not connected: %2").arg(missing.size()).arg(html(namesOf(missing))));
        if (!unseen.isEmpty())
            tip.append(tr("%1 whose connection cannot be seen").arg(unseen.size()));
        link.toolTip = tip.join(u"<br/>"_s);
        put(link);
    }

    static QString namesOf(const QList<Member>& members)
    {
        QStringList names;
        for (qsizetype i = 0; i < members.size() && i < 6; ++i)
            names.append(members[i].figures->server.name);
        if (members.size() > 6)
            names.append(tr("%1 more").arg(members.size() - 6));
        return names.join(u", "_s);
    }

    // The link of one running instance to the Redis.
    TopologyLink redisLink(qint64 id, const ServerFigures& f) const
    {
        TopologyLink link;
        link.key = u"redislink:%1"_s.arg(id);
        link.from = TopologyLinkEnd::instance(id);
        link.to = TopologyLinkEnd::redis();
        const QString name = html(f.server.name);
        switch (redisUse(f)) {
        case RedisUse::Connected:
            link.state = connectedState();
            link.toolTip = redisAnswers() ? tr("%1 is connected to %2").arg(name, html(redisName()))
                                          : tr("%1 \u2192 %2: %3").arg(name, html(redisName()), redisStatusText());
            break;
        case RedisUse::Missing:
            link.state = TopologyLinkState::ProbeFailed;
            link.toolTip = tr("%1 has no connection to %2").arg(name, html(redisName()));
            break;
        case RedisUse::Unseen:
            link.state = TopologyLinkState::Idle;
            link.toolTip = tr("%1: its connection to %2 cannot be seen").arg(name, html(redisName()));
            break;
        }
        return link;
    }

    // Every link of the hovered instance and of a small selection, emphasised.
    void planFocus()
    {
        QList<qint64> focus;
        if (m_farm.hovered)
            focus.append(m_farm.hovered);
        if (m_farm.selected.size() <= TopologyLinkPlanner::SelectionLinkLimit) {
            for (qint64 id : m_farm.selected) {
                if (id != m_farm.hovered)
                    focus.append(id);
            }
        }
        for (qint64 id : std::as_const(focus)) {
            const auto instance = m_farm.instances.constFind(id);
            if (instance == m_farm.instances.constEnd() || !instance->visible || instance->leaving)
                continue;
            TopologyLink beat = heartbeat(id, instance->figures);
            beat.emphasised = true;
            put(beat);
            const QList<ProbeRow> probes = m_farm.probes.value(id);
            for (const ProbeRow& probe : probes) {
                if (m_farm.storages.contains(probe.storageId))
                    put(focusProbe(id, instance->figures, probe, id == m_farm.hovered));
            }
            if (m_farm.redis && isRunning(instance->figures.status)) {
                TopologyLink redis = redisLink(id, instance->figures);
                redis.emphasised = true;
                put(redis);
            }
        }
    }

    TopologyLink focusProbe(qint64 id, const ServerFigures& f, const ProbeRow& probe, bool hovered) const
    {
        TopologyLink link;
        link.key = u"probe:%1:%2"_s.arg(id).arg(probe.storageId);
        link.from = TopologyLinkEnd::instance(id);
        link.to = TopologyLinkEnd::storage(probe.storageId);
        link.state = probe.ok ? TopologyLinkState::ProbeOk : TopologyLinkState::ProbeFailed;
        if (hovered && probe.ok)
            link.label = Format::milliseconds(probe.latencyMs);
        link.toolTip = probe.ok
            ? tr("%1 \u2192 %2: ok, %3")
                  .arg(html(f.server.name), html(storageName(probe.storageId)), Format::milliseconds(probe.latencyMs))
            : tr("%1 cannot reach %2: %3")
                  .arg(html(f.server.name), html(storageName(probe.storageId)),
                      html(probe.error.isEmpty() ? tr("probe failed") : probe.error));
        link.emphasised = true;
        return link;
    }

    const TopologyLinkPlanner::Farm& m_farm;
    QSet<QString> m_redisConnected; // names
    QSet<QString> m_redisMissing;
    QList<TopologyLink> m_links;
    QHash<QString, qsizetype> m_index; // key -> position in m_links
};

} // namespace

QList<TopologyLink> TopologyLinkPlanner::plan(const Farm& farm)
{
    return TopologyLinkPlanBuilder(farm).build();
}

} // namespace Paddock
