#include "databasehealth.h"

#include "displayformat.h"
#include "figures.h"
#include "instancedegrade.h"

#include <algorithm>
#include <QSet>

// The database server's own figures and status (DESIGN.md section 7), from the rows of one read.
namespace Paddock {

QString statusName(DatabaseStatus status)
{
    return status == DatabaseStatus::Degraded ? QStringLiteral("degraded") : QStringLiteral("healthy");
}

const DatabaseSession* DatabaseFigures::session(qint64 pid) const
{
    for (const QList<DatabaseSession>* list : { &sessions, &notable }) {
        for (const DatabaseSession& session : *list) {
            if (session.row.pid == pid)
                return &session;
        }
    }
    return nullptr;
}

namespace Database {

namespace {

std::optional<double> secondsSince(const QDateTime& start, const QDateTime& now)
{
    if (!start.isValid() || !now.isValid())
        return std::nullopt;
    return std::max(0.0, double(start.msecsTo(now)) / 1000.0);
}

DatabaseSession sessionFigures(const SessionRow& row, const QDateTime& now, const QSet<QString>& names)
{
    DatabaseSession session;
    session.row = row;
    session.instance = instanceOf(row.applicationName, names);
    if (!row.own)
        session.transactionAgeS = secondsSince(row.xactStart, now);
    if (!row.blockedBy.isEmpty()) {
        // The lock's own wait start; without it (the first moments of a wait) the state's change.
        session.waitingS = secondsSince(row.lockWaitStart.isValid() ? row.lockWaitStart : row.stateChange, now);
    }
    return session;
}

QStringList statusReasons(const DatabaseFigures& figures, const DatabaseThresholds& thresholds)
{
    constexpr qsizetype MaxWaitsNamed = 3;
    QList<const DatabaseSession*> waiting;
    for (const DatabaseSession& session : figures.notable) {
        if (session.waitingS && *session.waitingS > thresholds.lockWaitS)
            waiting.append(&session);
    }
    std::stable_sort(waiting.begin(), waiting.end(),
        [](const DatabaseSession* a, const DatabaseSession* b) { return *a->waitingS > *b->waitingS; });
    QStringList reasons;
    for (const DatabaseSession* session : waiting.first(std::min(waiting.size(), MaxWaitsNamed))) {
        reasons << QStringLiteral("%1 waiting %2 on a lock held by pid %3")
                       .arg(describe(session->row), Format::duration(session->waitingS),
                           QString::number(session->row.blockedBy.constFirst()));
    }
    if (waiting.size() > MaxWaitsNamed)
        reasons << QStringLiteral("%1 more sessions waiting on locks").arg(waiting.size() - MaxWaitsNamed);
    if (figures.oldestTransactionAgeS && *figures.oldestTransactionAgeS > thresholds.transactionS) {
        const DatabaseSession* oldest = figures.session(figures.oldestTransactionPid.value_or(0));
        reasons << QStringLiteral("transaction open for %1 in %2")
                       .arg(Format::duration(figures.oldestTransactionAgeS),
                           oldest ? describe(oldest->row) : QStringLiteral("pid ?"));
    }
    if (figures.maxConnections > 0
        && double(figures.connections) > thresholds.connectionsFraction * double(figures.maxConnections)) {
        reasons << QStringLiteral("%1 connections of %2 (over %3)")
                       .arg(Format::integer(figures.connections), Format::integer(figures.maxConnections),
                           Format::percent(thresholds.connectionsFraction));
    }
    return reasons;
}

QStringList cannotSee(const DatabaseRows& rows)
{
    QStringList hidden;
    const QString login = rows.login.isEmpty() ? QStringLiteral("the monitor's login") : rows.login;
    if (!rows.seesAllSessions) {
        hidden << QStringLiteral("other logins' sessions: their state, transaction age, waits and queries (GRANT "
                                 "pg_monitor TO %1 shows them)")
                      .arg(login);
        if (!rows.standbys.isEmpty())
            hidden << QStringLiteral("the standbys' lag (GRANT pg_monitor TO %1 shows it)").arg(login);
    }
    return hidden;
}

} // namespace

QString instanceOf(const QString& applicationName, const QSet<QString>& instanceNames)
{
    if (instanceNames.contains(applicationName))
        return applicationName;
    for (qsizetype space = applicationName.indexOf(QLatin1Char(' ')); space >= 0;
         space = applicationName.indexOf(QLatin1Char(' '), space + 1)) {
        const QString tail = applicationName.mid(space + 1);
        if (instanceNames.contains(tail))
            return tail;
    }
    return {};
}

QString describe(const SessionRow& session)
{
    QString who = session.user;
    if (!session.clientAddr.isEmpty())
        who += QLatin1Char('@') + session.clientAddr;
    QStringList parts;
    if (!session.applicationName.isEmpty())
        parts << session.applicationName;
    if (!who.isEmpty())
        parts << who;
    if (parts.isEmpty())
        return QStringLiteral("pid %1").arg(session.pid);
    return QStringLiteral("pid %1 (%2)").arg(QString::number(session.pid), parts.join(QStringLiteral(", ")));
}

DatabaseFigures figures(const DatabaseRows& rows, const QDateTime& now, const QStringList& instanceNames,
    const DatabaseThresholds& thresholds)
{
    DatabaseFigures figures;
    figures.role = QStringLiteral("primary");
    figures.maxConnections = rows.maxConnections;
    figures.connections = rows.sessions.size();
    figures.tables = rows.tables;
    figures.tablesRead = rows.tablesRead;
    figures.standbys = rows.standbys;
    figures.cannotSee = cannotSee(rows);
    const QSet<QString> names(instanceNames.cbegin(), instanceNames.cend());
    for (const QString& name : instanceNames)
        figures.sessionsByInstance.insert(name, 0);

    QSet<qint64> blockers;
    for (const SessionRow& row : rows.sessions) {
        for (qint64 pid : row.blockedBy)
            blockers.insert(pid);
    }
    QSet<QString> blockedInstances;
    figures.sessions.reserve(rows.sessions.size());
    for (const SessionRow& row : rows.sessions) {
        DatabaseSession session = sessionFigures(row, now, names);
        session.blocking = blockers.contains(row.pid);
        if (!session.instance.isEmpty())
            ++figures.sessionsByInstance[session.instance];
        if (!row.blockedBy.isEmpty()) {
            ++figures.blockedSessions;
            if (!session.instance.isEmpty())
                blockedInstances.insert(session.instance);
        }
        if (session.transactionAgeS
            && (!figures.oldestTransactionAgeS || *session.transactionAgeS > *figures.oldestTransactionAgeS)) {
            figures.oldestTransactionAgeS = session.transactionAgeS;
            figures.oldestTransactionPid = row.pid;
        }
        if (!row.blockedBy.isEmpty() || session.blocking || session.transactionAgeS)
            figures.notable.append(session);
        figures.sessions.append(std::move(session));
    }
    figures.blockedInstances = QStringList(blockedInstances.cbegin(), blockedInstances.cend());
    figures.blockedInstances.sort();
    std::stable_sort(
        figures.notable.begin(), figures.notable.end(), [](const DatabaseSession& a, const DatabaseSession& b) {
            return a.transactionAgeS.value_or(-1.0) > b.transactionAgeS.value_or(-1.0);
        });
    std::stable_sort(
        figures.sessions.begin(), figures.sessions.end(), [](const DatabaseSession& a, const DatabaseSession& b) {
            if (a.instance != b.instance)
                return b.instance.isEmpty() || (!a.instance.isEmpty() && a.instance < b.instance);
            return a.row.pid < b.row.pid;
        });
    figures.reasons = statusReasons(figures, thresholds);
    figures.status = figures.reasons.isEmpty() ? DatabaseStatus::Healthy : DatabaseStatus::Degraded;
    return figures;
}

QString lockReason(const DatabaseFigures& figures, const QString& instance, double lockWaitS)
{
    const DatabaseSession* longest = nullptr;
    for (const DatabaseSession& session : figures.notable) {
        if (session.instance != instance || !session.waitingS || *session.waitingS <= lockWaitS)
            continue;
        if (!longest || *session.waitingS > *longest->waitingS)
            longest = &session;
    }
    if (!longest)
        return {};
    const qint64 holderPid = longest->row.blockedBy.constFirst();
    const DatabaseSession* holder = figures.session(holderPid);
    QString held = holder ? describe(holder->row) : QStringLiteral("pid %1").arg(holderPid);
    if (longest->row.blockedBy.size() > 1)
        held += QStringLiteral(" and %1 more").arg(longest->row.blockedBy.size() - 1);
    return QStringLiteral("waiting %1 on a lock held by %2").arg(Format::duration(longest->waitingS), held);
}

QStringList blockers(const DatabaseFigures& figures, const QString& instance)
{
    QList<qint64> holders;
    for (const DatabaseSession& session : figures.notable) {
        if (session.instance != instance)
            continue;
        for (qint64 pid : session.row.blockedBy) {
            if (!holders.contains(pid))
                holders.append(pid);
        }
    }
    QStringList lines;
    for (qint64 pid : std::as_const(holders)) {
        const DatabaseSession* holder = figures.session(pid);
        if (!holder) {
            lines.append(QStringLiteral("pid %1").arg(pid));
            continue;
        }
        QString line = describe(holder->row);
        if (!holder->row.state.isEmpty())
            line += QStringLiteral(", ") + holder->row.state;
        if (holder->transactionAgeS)
            line += QStringLiteral(" (transaction open for %1)").arg(Format::duration(holder->transactionAgeS));
        if (!holder->row.query.isEmpty())
            line += QStringLiteral(": ") + holder->row.query;
        lines.append(line);
    }
    return lines;
}

void apply(FarmSnapshot& snapshot, DatabaseFigures database, const DatabaseThresholds& thresholds)
{
    if (snapshot.standby) {
        database.role = QStringLiteral("standby");
        database.cannotSee.append(QStringLiteral("the primary's sessions and locks: this is a hot standby"));
        if (snapshot.replayLagMs)
            database.replayLagS = double(*snapshot.replayLagMs) / 1000.0;
    }
    degradeRunningInstances(snapshot, [&database, &thresholds](const ServerFigures& server) {
        return database.blockedInstances.contains(server.server.name)
            ? lockReason(database, server.server.name, thresholds.lockWaitS)
            : QString();
    });
    snapshot.database = std::move(database);
}

DatabasePoint point(const DatabaseFigures& figures, qint64 atMs)
{
    DatabasePoint point;
    point.atMs = atMs;
    point.connections = double(figures.connections);
    point.maxConnections = figures.maxConnections > 0 ? double(figures.maxConnections) : NAN;
    point.blockedSessions = double(figures.blockedSessions);
    point.oldestTransactionS = figures.oldestTransactionAgeS.value_or(NAN);
    point.replayLagS = figures.replayLagS.value_or(NAN);
    if (figures.tablesRead) {
        for (const RelationRow& table : figures.tables)
            point.tables.insert(table.name, { double(table.bytes), double(table.deadRows.value_or(0)) });
    }
    return point;
}

} // namespace Database

} // namespace Paddock
