#include "databasereads.h"

#include "pgconnection.h"
#include "pgresult.h"

namespace Paddock::DatabaseReads {

namespace {

QDateTime msTime(const PgResult& result, int row, int column)
{
    const std::optional<qint64> ms = result.integer(row, column);
    return ms ? QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC) : QDateTime();
}

QList<qint64> pids(const QStringList& texts)
{
    QList<qint64> list;
    list.reserve(texts.size());
    for (const QString& text : texts)
        list.append(text.toLongLong());
    return list;
}

QList<SessionRow> readSessions(PgConnection& connection)
{
    // pg_locks once, not per session: each reference to it copies the whole lock table. Another
    // login's session shows no backend type without pg_read_all_stats: one with a user is a client.
    const PgResult result = connection.exec(QStringLiteral(
        "WITH waits AS (SELECT pid, min(waitstart) AS waitstart FROM pg_locks WHERE NOT granted GROUP BY pid) "
        "SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''), host(a.client_addr), "
        "coalesce(a.datname::text, ''), pg_has_role('pg_read_all_stats', 'USAGE') OR pg_has_role(a.usesysid, "
        "'USAGE'), a.pid = pg_backend_pid(), coalesce(a.state, ''), a.wait_event_type, a.wait_event, "
        "round(extract(epoch FROM a.backend_start) * 1000), round(extract(epoch FROM a.xact_start) * 1000), "
        "round(extract(epoch FROM a.state_change) * 1000), left(split_part(a.query, E'\\n', 1), 200), "
        "CASE WHEN w.pid IS NOT NULL THEN pg_blocking_pids(a.pid) END, round(extract(epoch FROM w.waitstart) * 1000) "
        "FROM pg_stat_activity a LEFT JOIN waits w ON w.pid = a.pid "
        "WHERE a.backend_type = 'client backend' OR (a.backend_type IS NULL AND a.usesysid IS NOT NULL) "
        "ORDER BY a.pid"));
    QList<SessionRow> sessions;
    sessions.reserve(result.rows());
    for (int r = 0; r < result.rows(); ++r) {
        SessionRow session;
        session.pid = result.integer(r, 0).value_or(0);
        session.applicationName = result.text(r, 1);
        session.user = result.text(r, 2);
        session.clientAddr = result.text(r, 3);
        session.database = result.text(r, 4);
        session.visible = result.boolean(r, 5).value_or(false);
        session.own = result.boolean(r, 6).value_or(false);
        session.state = result.text(r, 7);
        session.waitEventType = result.text(r, 8);
        session.waitEvent = result.text(r, 9);
        session.backendStart = msTime(result, r, 10);
        session.xactStart = msTime(result, r, 11);
        session.stateChange = msTime(result, r, 12);
        if (session.visible)
            session.query = result.text(r, 13);
        session.blockedBy = pids(result.array(r, 14));
        session.lockWaitStart = msTime(result, r, 15);
        sessions.append(session);
    }
    return sessions;
}

void readSettingsAndStandbys(PgConnection& connection, DatabaseRows& rows)
{
    const PgResult result = connection.exec(QStringLiteral(
        "SELECT current_user::text, current_setting('max_connections')::bigint, pg_has_role('pg_read_all_stats', "
        "'USAGE'), r.application_name, host(r.client_addr), r.state, extract(epoch FROM r.replay_lag) "
        "FROM (SELECT 1) one LEFT JOIN pg_stat_replication r ON true ORDER BY r.application_name, r.pid"));
    for (int r = 0; r < result.rows(); ++r) {
        rows.login = result.text(r, 0);
        rows.maxConnections = result.integer(r, 1).value_or(0);
        rows.seesAllSessions = result.boolean(r, 2).value_or(false);
        if (result.isNull(r, 3) && result.isNull(r, 5))
            continue; // no standby: the one row of the settings
        StandbyRow standby;
        standby.name = result.text(r, 3);
        standby.clientAddr = result.text(r, 4);
        standby.state = result.text(r, 5);
        standby.replayLagS = result.real(r, 6);
        rows.standbys.append(standby);
    }
}

QList<RelationRow> readTables(PgConnection& connection)
{
    // A partition counts into its partitioned table (the root of its tree). The statistics by
    // function, without the view's joins over every relation of the database; the sizes are most of
    // the cost (a stat() of every file of every table, index and TOAST table: about 25 ms for the
    // 33 tables of a partitioned schema on a busy 2-core machine).
    const PgResult result = connection.exec(
        QStringLiteral("SELECT r.relname::text, sum(pg_total_relation_size(c.oid))::bigint, "
                       "sum(pg_stat_get_live_tuples(c.oid))::bigint, "
                       "sum(pg_stat_get_dead_tuples(c.oid))::bigint, round(extract(epoch FROM max(greatest("
                       "pg_stat_get_last_vacuum_time(c.oid), pg_stat_get_last_autovacuum_time(c.oid)))) * 1000) "
                       "FROM pg_class c JOIN pg_class r ON r.oid = coalesce(pg_partition_root(c.oid), c.oid) "
                       "WHERE c.relnamespace = to_regnamespace('webfarm') AND c.relkind IN ('r', 'p') "
                       "GROUP BY r.relname ORDER BY r.relname"));
    QList<RelationRow> tables;
    tables.reserve(result.rows());
    for (int r = 0; r < result.rows(); ++r) {
        RelationRow table;
        table.name = result.text(r, 0);
        table.bytes = result.integer(r, 1).value_or(0);
        table.liveRows = result.integer(r, 2);
        table.deadRows = result.integer(r, 3);
        table.lastVacuum = msTime(result, r, 4);
        tables.append(table);
    }
    return tables;
}

} // namespace

DatabaseRows read(PgConnection& connection, bool withTables)
{
    DatabaseRows rows;
    readSettingsAndStandbys(connection, rows);
    rows.sessions = readSessions(connection);
    if (withTables) {
        rows.tables = readTables(connection);
        rows.tablesRead = true;
    }
    return rows;
}

} // namespace Paddock::DatabaseReads
