#include "reporttext.h"

#include "displayformat.h"
#include "versionskew.h"

#include <algorithm>
#include <QStringList>

namespace Paddock {

namespace {

QString table(const QStringList& header, QList<QStringList> rows)
{
    // Texts written by instances reach a terminal: no escape sequence of theirs may act on it.
    for (QStringList& row : rows) {
        for (QString& cell : row)
            cell = terminalSafe(cell);
    }
    QList<qsizetype> widths;
    for (const QString& h : header)
        widths.append(h.size());
    for (const QStringList& row : rows) {
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], row.at(i).size());
    }
    auto line = [&widths](const QStringList& cells) {
        QString text;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            const bool last = i + 1 == cells.size();
            text += last ? cells.at(i) : cells.at(i).leftJustified(widths.at(i) + 2);
        }
        return text.trimmed() + QLatin1Char('\n');
    };
    QString text = line(header);
    for (const QStringList& row : rows)
        text += line(row);
    return text;
}

} // namespace

QString terminalSafe(const QString& text)
{
    QString safe;
    safe.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 || (u >= 0x7f && u <= 0x9f))
            safe += QStringLiteral("\\x%1").arg(int(u), 2, 16, QLatin1Char('0'));
        else if (u == u'\\')
            safe += QStringLiteral("\\\\");
        else
            safe += c;
    }
    return safe;
}

namespace {

// The Redis paragraph: its status and why, then its figures.
QString formatRedis(const RedisFigures& redis)
{
    QString text = QStringLiteral("Redis %1: %2").arg(terminalSafe(redis.address), statusName(redis.status));
    if (!redis.reasons.isEmpty())
        text += QStringLiteral(" (%1)").arg(terminalSafe(redis.reasons.join(QStringLiteral("; "))));
    text += QLatin1Char('\n');
    if (redis.status == RedisStatus::Failing || redis.status == RedisStatus::Unknown)
        return text;
    const auto rate = [](const std::optional<double>& perS) { return perS ? Format::rate(*perS) : Format::none(); };
    const auto count = [](const std::optional<qint64>& n) { return n ? Format::integer(*n) : Format::none(); };
    text += QStringLiteral("  hit ratio %1, hits %2, misses %3, evicted %4, expired %5, commands %6\n")
                .arg(Format::percent(redis.hitRatio), rate(redis.hitsPerS), rate(redis.missesPerS),
                    rate(redis.evictedKeysPerS), rate(redis.expiredKeysPerS), rate(redis.opsPerS));
    text += QStringLiteral("  memory %1, %2 clients, PING p50 %3 p99 %4, backplane subscribers %5\n")
                .arg(Format::bytesOfLimit(redis.usedMemoryBytes, redis.maxMemoryBytes), count(redis.connectedClients),
                    Format::milliseconds(redis.pingP50Ms), Format::milliseconds(redis.pingP99Ms),
                    count(redis.backplaneSubscribers));
    const QString connected = redis.instancesConnected.join(QStringLiteral(", "));
    text += QStringLiteral("  instances connected: %1\n")
                .arg(connected.isEmpty() ? Format::none() : terminalSafe(connected));
    if (!redis.cannotSee.isEmpty())
        text += QStringLiteral("  not allowed to read: %1\n")
                    .arg(terminalSafe(redis.cannotSee.join(QStringLiteral("; "))));
    return text;
}

// The database paragraph: its status and why, its figures, then the sessions that wait or hold.
QString formatDatabase(const DatabaseFigures& database)
{
    QString text = QStringLiteral("Database (%1): %2").arg(database.role, statusName(database.status));
    if (!database.reasons.isEmpty())
        text += QStringLiteral(" (%1)").arg(terminalSafe(database.reasons.join(QStringLiteral("; "))));
    text += QStringLiteral("\n  %1 connections of %2, %3 blocked sessions, oldest transaction %4")
                .arg(Format::integer(database.connections), Format::integer(database.maxConnections),
                    Format::integer(database.blockedSessions), Format::duration(database.oldestTransactionAgeS));
    if (database.replayLagS)
        text += QStringLiteral(", replay lag %1").arg(Format::duration(database.replayLagS));
    text += QLatin1Char('\n');
    for (const DatabaseSession& session : database.notable) {
        if (session.row.blockedBy.isEmpty())
            continue;
        text += QStringLiteral("  %1%2 waiting %3 on pid %4\n")
                    .arg(terminalSafe(Database::describe(session.row)),
                        session.instance.isEmpty() ? QString()
                                                   : QStringLiteral(" [%1]").arg(terminalSafe(session.instance)),
                        Format::duration(session.waitingS), QString::number(session.row.blockedBy.constFirst()));
    }
    if (!database.cannotSee.isEmpty())
        text += QStringLiteral("  cannot see: %1\n").arg(terminalSafe(database.cannotSee.join(QStringLiteral("; "))));
    return text;
}

// "  running versions: 13.0.2 (9 instances), 13.0.1 (1 instance)", the most common first; empty when
// no running instance has a version.
QString formatVersions(const FarmFigures& farm)
{
    QList<std::pair<QString, qint64>> versions;
    for (auto it = farm.versions.cbegin(); it != farm.versions.cend(); ++it)
        versions.append({ it.key(), it.value() });
    if (versions.isEmpty())
        return {};
    std::sort(versions.begin(), versions.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : VersionSkew::compare(a.first, b.first) > 0;
    });
    QStringList parts;
    for (const auto& [version, count] : versions)
        parts.append(QStringLiteral("%1 (%2 %3)")
                         .arg(terminalSafe(version), Format::integer(count),
                             count == 1 ? QStringLiteral("instance") : QStringLiteral("instances")));
    return QStringLiteral("  running versions: %1\n").arg(parts.join(QStringLiteral(", ")));
}

// The instances that run another version than the farm's prevailing one; empty when none does.
QString formatVersionSkew(const QList<ServerFigures>& servers)
{
    QList<QStringList> rows;
    for (const ServerFigures& s : servers) {
        if (s.versionSkew)
            rows.append({ s.server.name, *s.versionSkew });
    }
    return rows.isEmpty()
        ? QString()
        : QLatin1Char('\n') + table({ QStringLiteral("INSTANCE"), QStringLiteral("VERSION SKEW") }, rows);
}

// The SCHEDULED table (DESIGN.md section 9); empty when the farm has no scheduled task.
QString formatScheduled(const QList<ScheduledFigures>& scheduled)
{
    if (scheduled.isEmpty())
        return {};
    QList<QStringList> rows;
    for (const ScheduledFigures& s : scheduled) {
        const QString last = s.lastServer.isEmpty()
            ? Format::none()
            : QStringLiteral("%1 on %2, %3")
                  .arg(Format::dateTime(s.lastStartedAt), s.lastServer,
                      s.lastDurationS ? QStringLiteral("%1 %2").arg(s.lastOutcome, Format::duration(s.lastDurationS))
                                      : s.lastOutcome);
        const QString running = s.runningOn.isEmpty()
            ? Format::none()
            : QStringLiteral("%1 for %2").arg(s.runningOn.join(QStringLiteral(", ")), Format::duration(s.runningForS));
        rows.append({ s.task.name, statusName(s.status), last, Format::dateTime(s.nextDueAt),
            s.lateS ? Format::duration(s.lateS) : Format::none(), running, Format::integer(s.missedInWindow),
            Format::integer(s.duplicatesInWindow), Format::integer(s.failedInWindow),
            s.reasons.join(QStringLiteral("; ")) });
    }
    return QLatin1Char('\n')
        + table(
            { QStringLiteral("SCHEDULED"), QStringLiteral("STATUS"), QStringLiteral("LAST RUN"),
                QStringLiteral("NEXT DUE"), QStringLiteral("LATE"), QStringLiteral("RUNNING"), QStringLiteral("MISSED"),
                QStringLiteral("DUPLICATES"), QStringLiteral("FAILED"), QStringLiteral("WHY") },
            rows);
}

} // namespace

QString formatReport(const FarmSnapshot& snapshot)
{
    const FarmFigures& farm = snapshot.farm;
    QStringList statusParts;
    for (auto it = farm.byStatus.cbegin(); it != farm.byStatus.cend(); ++it) {
        if (it.value() > 0)
            statusParts.append(QStringLiteral("%1 %2").arg(it.value()).arg(it.key()));
    }
    QString text = QStringLiteral("Farm at %1 (window %2 s, schema %3): %4 instances (%5)\n")
                       .arg(snapshot.generatedAt.toString(Qt::ISODate))
                       .arg(snapshot.windowS)
                       .arg(snapshot.schemaVersion)
                       .arg(farm.servers)
                       .arg(statusParts.isEmpty() ? QStringLiteral("none") : statusParts.join(QStringLiteral(", ")));
    text += QStringLiteral("  tasks created %1, deliveries processed %2, failed %3, backlog %4\n")
                .arg(Format::rate(farm.tasksCreatedPerS), Format::rate(farm.deliveriesProcessedPerS),
                    Format::integer(farm.deliveriesFailed), Format::integer(farm.backlog));
    text += QStringLiteral("  cache-invalidation latency: %1 deliveries, p50 %2, p95 %3, p99 %4, max %5\n")
                .arg(Format::integer(farm.cacheLatency.count), Format::milliseconds(farm.cacheLatency.p50),
                    Format::milliseconds(farm.cacheLatency.p95), Format::milliseconds(farm.cacheLatency.p99),
                    Format::milliseconds(farm.cacheLatency.max));
    text += formatVersions(farm) + QLatin1Char('\n');

    QList<QStringList> rows;
    for (const ServerFigures& s : snapshot.servers) {
        rows.append({ s.server.name, s.server.zone.isEmpty() ? Format::none() : s.server.zone, statusName(s.status),
            Format::duration(s.lastHeartbeatAgeS), Format::signedMilliseconds(s.clockSkewMs),
            Format::integer(s.backlog), Format::duration(s.oldestPendingAgeS), Format::rate(s.deliveriesProcessedPerS),
            Format::integer(s.deliveriesFailed), Format::percent(s.cacheHitRatio),
            Format::milliseconds(s.cacheLatency.p50), Format::milliseconds(s.cacheLatency.p95),
            Format::milliseconds(s.cacheLatency.p99), s.reasons.join(QStringLiteral("; ")) });
    }
    text += table(
        { QStringLiteral("INSTANCE"), QStringLiteral("ZONE"), QStringLiteral("STATUS"), QStringLiteral("HEARTBEAT"),
            QStringLiteral("SKEW"), QStringLiteral("BACKLOG"), QStringLiteral("OLDEST"), QStringLiteral("PROCESSED"),
            QStringLiteral("FAILED"), QStringLiteral("HIT"), QStringLiteral("P50"), QStringLiteral("P95"),
            QStringLiteral("P99"), QStringLiteral("WHY") },
        rows);
    text += formatVersionSkew(snapshot.servers);

    if (!snapshot.storage.isEmpty()) {
        rows.clear();
        for (const StorageFigures& s : snapshot.storage) {
            rows.append(
                { s.storage.name, s.storage.kind, statusName(s.status), Format::milliseconds(s.probeLatencyP95Ms),
                    s.failingServers.isEmpty() ? Format::none() : s.failingServers.join(QStringLiteral(", ")) });
        }
        text += QLatin1Char('\n')
            + table({ QStringLiteral("STORAGE"), QStringLiteral("KIND"), QStringLiteral("STATUS"),
                        QStringLiteral("PROBE P95"), QStringLiteral("FAILING ON") },
                rows);
    }
    text += formatScheduled(snapshot.scheduled);
    if (snapshot.redis)
        text += QLatin1Char('\n') + formatRedis(*snapshot.redis);
    if (snapshot.database)
        text += QLatin1Char('\n') + formatDatabase(*snapshot.database);
    if (!snapshot.flushes.isEmpty()) {
        rows.clear();
        for (const FlushProgress& f : snapshot.flushes) {
            rows.append({ QString::number(f.request.id), f.request.requestedAt.toString(Qt::ISODate),
                f.request.requestedBy, f.request.scope, Format::integer(f.targets), Format::integer(f.acknowledged),
                Format::integer(f.failed), Format::integer(f.pending), Format::milliseconds(f.slowestAckMs),
                f.request.reason });
        }
        text += QLatin1Char('\n')
            + table(
                { QStringLiteral("FLUSH"), QStringLiteral("REQUESTED"), QStringLiteral("BY"), QStringLiteral("SCOPE"),
                    QStringLiteral("TARGETS"), QStringLiteral("ACK"), QStringLiteral("FAILED"),
                    QStringLiteral("PENDING"), QStringLiteral("SLOWEST"), QStringLiteral("REASON") },
                rows);
    }
    if (!snapshot.ignoredRows.isEmpty()) {
        QStringList parts;
        for (auto it = snapshot.ignoredRows.cbegin(); it != snapshot.ignoredRows.cend(); ++it)
            parts.append(QStringLiteral("%1 %2").arg(it.value()).arg(it.key()));
        text += QStringLiteral("\nRows set aside by the reader's rules (docs/bad-rows.md): %1\n")
                    .arg(terminalSafe(parts.join(QStringLiteral(", "))));
    }
    return text;
}

} // namespace Paddock
