#include "topologytooltips.h"

#include "displayformat.h"
#include "statusstyle.h"
#include "topologyaggregateitem.h"
#include "topologyglyph.h"
#include "topologynodeitem.h"
#include "topologyredisitem.h"
#include "topologystorageitem.h"
#include "topologyzoneitem.h"

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

QString html(const QString& text)
{
    return text.toHtmlEscaped();
}

QString row(const QString& name, const QString& value)
{
    return u"<tr><td style='padding-right:12px'>%1</td><td>%2</td></tr>"_s.arg(html(name), value);
}

QString glyphSpan(const StatusStyle& style)
{
    return u"<span style='color:%1'>%2</span>"_s.arg(style.colour.name(), style.glyph);
}

// "● 38 healthy, ▲ 1 degraded" with coloured glyphs.
QString countsText(const QList<TopologyStatusCount>& counts)
{
    QStringList lines;
    for (const TopologyStatusCount& c : counts) {
        const StatusStyle style = StatusStyle::forStatus(c.status);
        lines.append(u"%1 %2 %3"_s.arg(glyphSpan(style)).arg(c.count).arg(html(style.label.toLower())));
    }
    return lines.join(u", "_s);
}

// At most 12 names, then how many more.
QString namesText(const QStringList& names)
{
    QStringList shown = names.mid(0, 12);
    if (names.size() > 12)
        shown.append(TopologyToolTips::tr("%1 more").arg(names.size() - 12));
    return html(shown.join(u", "_s));
}

// "≠ 2 on another version than most:" and up to 10 of them, "web-07: 13.0.1 while 9 others run
// 13.0.2"; empty when none is.
QString versionSkewText(const QList<const TopologyNodeItem*>& members)
{
    QStringList skews;
    for (const TopologyNodeItem* node : members) {
        if (node->isVersionSkewed())
            skews.append(u"%1: %2"_s.arg(node->figures().server.name, *node->figures().versionSkew));
    }
    if (skews.isEmpty())
        return {};
    QString text = u"<br/>%1 %2"_s.arg(glyphSpan(StatusStyle::forStatus(u"version-skew"_s)),
        html(skews.size() == 1
                ? TopologyToolTips::tr("1 on another version than most:")
                : TopologyToolTips::tr("%1 on another version than most:").arg(Format::integer(skews.size()))));
    for (qsizetype i = 0; i < skews.size() && i < 10; ++i)
        text += u"<br/>&nbsp;&nbsp;%1"_s.arg(html(skews[i]));
    if (skews.size() > 10)
        text += u"<br/>&nbsp;&nbsp;"_s + html(TopologyToolTips::tr("and %1 more").arg(skews.size() - 10));
    return text;
}

} // namespace

QString TopologyToolTips::instancesText(int count)
{
    return count == 1 ? tr("1 instance") : tr("%1 instances").arg(Format::integer(count));
}

QString TopologyToolTips::zoneTitle(const QString& zone)
{
    return zone.isEmpty() ? tr("(no zone)") : zone;
}

QString TopologyToolTips::node(const TopologyNodeItem* node, const QList<ProbeRow>& probes,
    const QHash<qint64, TopologyStorageItem*>& storages, bool stale)
{
    const ServerFigures& f = node->figures();
    const StatusStyle style = StatusStyle::forStatus(node->status());
    QString text = u"<b>%1</b>"_s.arg(html(f.server.name));
    if (!f.server.displayName.isEmpty() && f.server.displayName != f.server.name)
        text += u" \u2014 %1"_s.arg(html(f.server.displayName));
    QStringList where;
    if (!f.server.host.isEmpty())
        where.append(html(f.server.host));
    where.append(html(zoneTitle(f.server.zone)));
    if (!f.server.version.isEmpty())
        where.append(tr("version %1").arg(html(f.server.version)));
    text += u"<br/>"_s + where.join(u" \u00b7 "_s);
    text += u"<br/>%1 <b>%2</b>"_s.arg(glyphSpan(style), html(style.label));
    for (const QString& reason : f.reasons)
        text += u"<br/>&nbsp;&nbsp;\u2022 %1"_s.arg(html(reason));
    if (f.versionSkew)
        text += u"<br/>%1 %2"_s.arg(glyphSpan(StatusStyle::forStatus(u"version-skew"_s)), html(*f.versionSkew));
    if (!node->scheduledRunning().isEmpty())
        text += u"<br/>%1 %2"_s.arg(glyphSpan(StatusStyle::forStatus(u"scheduled-running"_s)),
            html(tr("Running scheduled: %1").arg(node->scheduledRunning().join(u", "_s))));
    text += u"<table style='margin-top:4px'>"_s;
    text += row(tr("Last heartbeat"),
        f.lastHeartbeatAgeS ? tr("%1 ago").arg(Format::duration(f.lastHeartbeatAgeS)) : Format::none());
    QString backlog = Format::integer(f.backlog);
    if (f.oldestPendingAgeS)
        backlog += u" "_s + tr("(oldest %1)").arg(Format::duration(f.oldestPendingAgeS));
    text += row(tr("Backlog"), backlog);
    text += row(tr("Cache latency p95"), Format::milliseconds(f.cacheLatency.p95));
    text += row(tr("Clock skew"), Format::signedMilliseconds(f.clockSkewMs));
    text += row(tr("Cache hit ratio"), Format::percent(f.cacheHitRatio));
    text += row(tr("Processed"),
        tr("%1, %2 failed").arg(Format::rate(f.deliveriesProcessedPerS), Format::integer(f.deliveriesFailed)));
    for (const ProbeRow& probe : probes) {
        const TopologyStorageItem* storage = storages.value(probe.storageId);
        const QString name = storage ? storage->figures().storage.name : QString::number(probe.storageId);
        const StatusStyle probeStyle = StatusStyle::forStatus(probe.ok ? u"ok"_s : u"failing"_s);
        const QString value = probe.ok ? Format::milliseconds(probe.latencyMs)
                                       : html(probe.error.isEmpty() ? tr("probe failed") : probe.error);
        text += row(tr("Storage %1").arg(name), u"%1 %2"_s.arg(glyphSpan(probeStyle), value));
    }
    text += u"</table>"_s;
    if (stale)
        text += u"<i>%1</i>"_s.arg(html(tr("Data stale: last known figures")));
    return text;
}

QString TopologyToolTips::aggregate(
    const TopologyAggregateItem* aggregate, const QList<const TopologyNodeItem*>& members)
{
    QString text = u"<b>%1</b> \u2014 %2<br/>"_s.arg(html(aggregate->title()), html(instancesText(aggregate->total())));
    text += countsText(aggregate->counts());
    // Name the instances that need attention, worst first: the reason to expand or not.
    QList<const TopologyNodeItem*> troubled;
    for (const TopologyNodeItem* node : members) {
        if (node->needsAttention())
            troubled.append(node);
    }
    std::sort(troubled.begin(), troubled.end(), [](const TopologyNodeItem* a, const TopologyNodeItem* b) {
        return TopologyGlyph::severity(a->status()) > TopologyGlyph::severity(b->status());
    });
    for (qsizetype i = 0; i < troubled.size() && i < 10; ++i) {
        const ServerFigures& f = troubled[i]->figures();
        text += u"<br/>%1 %2"_s.arg(glyphSpan(StatusStyle::forStatus(troubled[i]->status())), html(f.server.name));
        if (!f.reasons.isEmpty())
            text += u": "_s + html(f.reasons.constFirst());
    }
    if (troubled.size() > 10)
        text += u"<br/>"_s + html(tr("and %1 more").arg(troubled.size() - 10));
    text += versionSkewText(members);
    text += u"<br/><i>%1</i>"_s.arg(html(tr("Double-click to expand")));
    return text;
}

QString TopologyToolTips::zone(const TopologyZoneItem* zone)
{
    QString text = u"<b>%1</b> \u2014 %2<br/>"_s.arg(html(zone->title()), html(instancesText(zone->memberCount())));
    text += countsText(zone->counts());
    text += u"<br/><i>%1</i>"_s.arg(html(
        zone->isCollapsed() ? tr("Double-click the header to expand") : tr("Double-click the header to collapse")));
    return text;
}

QStringList TopologyToolTips::databaseLines(const DatabaseFigures& database)
{
    QStringList lines {
        tr("%1 of %2 connections").arg(Format::integer(database.connections), Format::integer(database.maxConnections))
    };
    QStringList waits;
    if (database.blockedSessions > 0)
        waits.append(tr("%1 blocked").arg(Format::integer(database.blockedSessions)));
    if (database.oldestTransactionAgeS)
        waits.append(tr("oldest tx %1").arg(Format::duration(database.oldestTransactionAgeS)));
    if (database.replayLagS)
        waits.append(tr("lag %1").arg(Format::duration(database.replayLagS)));
    lines.append(waits.isEmpty() ? tr("no lock waits") : waits.join(u" \u00b7 "_s));
    return lines;
}

QString TopologyToolTips::database(
    const FarmFigures& farm, const DatabaseFigures* database, const QDateTime& generatedAt, bool hasState, bool stale)
{
    QString text = u"<b>%1</b>"_s.arg(html(tr("Shared database")));
    if (!hasState)
        return text + u"<br/>"_s + html(tr("Waiting for the first snapshot"));
    text += u"<br/>"_s + html(tr("Snapshot of %1").arg(Format::dateTime(generatedAt)));
    QStringList lines;
    for (auto it = farm.byStatus.cbegin(); it != farm.byStatus.cend(); ++it) {
        if (it.value() > 0) {
            const StatusStyle style = StatusStyle::forStatus(it.key());
            lines.append(u"%1 %2 %3"_s.arg(glyphSpan(style)).arg(it.value()).arg(html(style.label.toLower())));
        }
    }
    text += u"<br/>"_s + html(instancesText(int(farm.servers)));
    if (!lines.isEmpty())
        text += u": "_s + lines.join(u", "_s);
    text += u"<table style='margin-top:4px'>"_s;
    text += row(tr("Tasks created"), Format::rate(farm.tasksCreatedPerS));
    text += row(tr("Deliveries processed"), Format::rate(farm.deliveriesProcessedPerS));
    text += row(tr("Deliveries failed"), Format::integer(farm.deliveriesFailed));
    text += row(tr("Backlog"), Format::integer(farm.backlog));
    text += row(tr("Cache latency p95"), Format::milliseconds(farm.cacheLatency.p95));
    if (database) {
        const StatusStyle style = StatusStyle::forStatus(statusName(database->status));
        text += row(
            tr("Server"), u"%1 %2, %3"_s.arg(glyphSpan(style), html(style.label.toLower()), html(database->role)));
        text += row(tr("Connections"),
            tr("%1 of %2").arg(Format::integer(database->connections), Format::integer(database->maxConnections)));
        text += row(tr("Blocked sessions"), Format::integer(database->blockedSessions));
        text += row(tr("Oldest transaction"), Format::duration(database->oldestTransactionAgeS));
        if (database->replayLagS)
            text += row(tr("Replay lag"), Format::duration(database->replayLagS));
    }
    text += u"</table>"_s;
    if (database) {
        for (const QString& reason : database->reasons)
            text += html(reason) + u"<br/>"_s;
        for (const QString& hidden : database->cannotSee)
            text += u"<i>%1</i><br/>"_s.arg(html(tr("Cannot see %1").arg(hidden)));
        text += u"<i>%1</i><br/>"_s.arg(html(tr("Double-click for the Database tab")));
    }
    if (stale)
        text += u"<i>%1</i>"_s.arg(html(tr("Data stale: last known figures")));
    return text;
}

QString TopologyToolTips::storage(const TopologyStorageItem* storage)
{
    const StorageFigures& f = storage->figures();
    const StatusStyle style = StatusStyle::forStatus(storage->status());
    QString text = u"<b>%1</b> (%2)"_s.arg(html(f.storage.name), html(f.storage.kind));
    if (!f.storage.location.isEmpty())
        text += u"<br/>"_s + html(f.storage.location);
    text += u"<br/>%1 <b>%2</b>"_s.arg(glyphSpan(style), html(style.label));
    text += u"<table style='margin-top:4px'>"_s;
    text += row(tr("Probe latency p95"), Format::milliseconds(f.probeLatencyP95Ms));
    text += row(tr("Probing instances"), Format::integer(f.probingServers.size()));
    if (!f.failingServers.isEmpty()) {
        QStringList names = f.failingServers.mid(0, 12);
        if (f.failingServers.size() > 12)
            names.append(tr("%1 more").arg(f.failingServers.size() - 12));
        text += row(tr("Failing"), html(names.join(u", "_s)));
    }
    text += u"</table>"_s;
    return text;
}

QString TopologyToolTips::redis(const TopologyRedisItem* redis)
{
    const RedisFigures& f = redis->figures();
    const StatusStyle style = StatusStyle::forStatus(redis->status());
    QString text = u"<b>%1</b>"_s.arg(html(redis->title()));
    if (!f.version.isEmpty())
        text += u" (%1)"_s.arg(
            html(f.role.isEmpty() ? tr("version %1").arg(f.version) : tr("version %1, %2").arg(f.version, f.role)));
    text += u"<br/>%1 <b>%2</b>"_s.arg(glyphSpan(style), html(style.label));
    for (const QString& reason : f.reasons)
        text += u"<br/>&nbsp;&nbsp;\u2022 %1"_s.arg(html(reason));
    if (f.status == RedisStatus::Failing || f.status == RedisStatus::Unknown)
        return text;
    const auto rate = [](const std::optional<double>& perS) { return perS ? Format::rate(*perS) : Format::none(); };
    const auto count = [](const std::optional<qint64>& n) { return n ? Format::integer(*n) : Format::none(); };
    text += u"<table style='margin-top:4px'>"_s;
    text += row(tr("Hit ratio"), Format::percent(f.hitRatio));
    text += row(tr("Hits, misses"), tr("%1, %2").arg(rate(f.hitsPerS), rate(f.missesPerS)));
    text += row(tr("Evicted keys"), rate(f.evictedKeysPerS));
    text += row(tr("Expired keys"), rate(f.expiredKeysPerS));
    text += row(tr("Commands"), rate(f.opsPerS));
    text += row(tr("Memory"),
        f.maxMemoryBytes.value_or(0) > 0
            ? tr("%1 of %2").arg(Format::bytes(f.usedMemoryBytes), Format::bytes(f.maxMemoryBytes))
            : tr("%1, no limit").arg(Format::bytes(f.usedMemoryBytes)));
    text += row(
        tr("PING p50, p99"), tr("%1, %2").arg(Format::milliseconds(f.pingP50Ms), Format::milliseconds(f.pingP99Ms)));
    text += row(tr("Clients"), count(f.connectedClients));
    text += row(tr("Backplane subscribers"), count(f.backplaneSubscribers));
    text += row(tr("Instances connected"), Format::integer(f.instancesConnected.size()));
    if (!f.instancesMissing.isEmpty())
        text += row(tr("Not connected"), namesText(f.instancesMissing));
    text += u"</table>"_s;
    if (!f.cannotSee.isEmpty())
        text += u"<i>%1</i>"_s.arg(html(tr("Not allowed to read: %1").arg(f.cannotSee.join(u"; "_s))));
    return text;
}

} // namespace Paddock
