#pragma once

#include "farmdata.h"

#include <cmath>
#include <optional>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QStringList>

namespace Paddock {

struct FarmSnapshot;

enum class DatabaseStatus { Healthy, Degraded };
QString statusName(DatabaseStatus status); // "healthy", "degraded"

// Thresholds of the database's status rule (DESIGN.md section 7); the defaults are the documented ones.
struct DatabaseThresholds {
    double lockWaitS = 5.0; // a session waiting on a lock for longer
    double transactionS = 60.0; // a transaction open for longer
    double connectionsFraction = 0.9; // connections above this share of max_connections
};

// One client session with what the figures make of it.
struct DatabaseSession {
    SessionRow row;
    QString instance; // the farm's instance it belongs to by application_name, or empty
    std::optional<double> transactionAgeS; // now - xact_start
    std::optional<double> waitingS; // on a lock: now - the wait's start
    bool blocking = false; // another session waits on a lock this one holds
};

// The database server's own health (DESIGN.md section 7). A figure with nothing to measure (no
// transaction open, nothing visible) is nullopt.
struct DatabaseFigures {
    QString role; // "primary" or "standby"
    std::optional<double> replayLagS; // on a standby
    qint64 connections = 0;
    qint64 maxConnections = 0;
    QMap<QString, qint64> sessionsByInstance; // every instance of the farm, zeros included
    qint64 blockedSessions = 0;
    QStringList blockedInstances; // sorted
    std::optional<double> oldestTransactionAgeS; // among the sessions other than this reader's
    std::optional<qint64> oldestTransactionPid;
    QList<RelationRow> tables; // by name
    bool tablesRead = false; // the tables' sizes were read at this refresh (not carried over)
    QList<StandbyRow> standbys;
    // The sessions worth a look: blocked, blocking, or in a transaction, oldest transaction first;
    // `sessions` has them all (not recorded).
    QList<DatabaseSession> notable;
    QList<DatabaseSession> sessions;
    DatabaseStatus status = DatabaseStatus::Healthy;
    QStringList reasons; // why degraded, for people
    QStringList cannotSee; // what the login may not read, and the grant that would show it

    // The session with `pid` among `sessions` (or `notable`), or nullptr.
    const DatabaseSession* session(qint64 pid) const;
};

// One point of the Database tab's charts.
struct DatabasePoint {
    qint64 atMs = 0; // DB clock
    double connections = NAN;
    double maxConnections = NAN;
    double blockedSessions = NAN;
    double oldestTransactionS = NAN;
    double replayLagS = NAN;
    // Table name -> bytes and dead rows, at the refreshes that read the tables only.
    QMap<QString, QPair<double, double>> tables;
};

namespace Database {

// The figures of `rows` read at `now` for a farm whose instances are `instanceNames`.
DatabaseFigures figures(const DatabaseRows& rows, const QDateTime& now, const QStringList& instanceNames,
    const DatabaseThresholds& thresholds = {});
// Which of `instanceNames` a session named `applicationName` belongs to: the name itself, or what
// follows a space at its end ("paddock-sim web-01" is web-01's). Empty when none.
QString instanceOf(const QString& applicationName, const QSet<QString>& instanceNames);
// How people read who holds a session: "pid 4711 (psql, admin@10.0.0.9)".
QString describe(const SessionRow& session);
// Why `instance` waits, for people ("waiting 12.4 s on a lock held by pid 4711 (psql, admin@10.0.0.9)"),
// or empty when none of its sessions has waited longer than the threshold.
QString lockReason(const DatabaseFigures& figures, const QString& instance, double lockWaitS);
// What holds the locks `instance`'s sessions wait for, a line per holder, for people: "pid 4711 (psql,
// admin@10.0.0.9), idle in transaction for 1 min 5 s: UPDATE webfarm.server_task SET …". Empty when
// none of its sessions waits.
QStringList blockers(const DatabaseFigures& figures, const QString& instance);
// Puts `database` into the snapshot (a standby's replay lag from the snapshot): an instance with
// a session waiting on a lock beyond the threshold is degraded with that reason, and the farm's
// counts follow.
void apply(FarmSnapshot& snapshot, DatabaseFigures database, const DatabaseThresholds& thresholds = {});
// The Database tab's point for `figures` at `atMs`; the tables when they were read at that refresh.
DatabasePoint point(const DatabaseFigures& figures, qint64 atMs);
// The `"database"` object of `report --json`.
QJsonObject toJson(const DatabaseFigures& figures);

} // namespace Database

} // namespace Paddock
