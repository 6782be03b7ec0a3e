#include "farmreader.h"

#include "logging.h"
#include "pgconnection.h"
#include "pgerror.h"
#include "pgtransaction.h"

#include <algorithm>
#include <QSet>

namespace Paddock {

namespace {

// Timestamps travel as milliseconds since the epoch: no time-zone or locale parsing.
QString ms(const char* column)
{
    return QStringLiteral("(extract(epoch FROM %1) * 1000)::bigint").arg(QLatin1String(column));
}

QDateTime timestamp(const PgResult& result, int row, int column)
{
    const std::optional<qint64> value = result.integer(row, column);
    return value ? QDateTime::fromMSecsSinceEpoch(*value, Qt::UTC) : QDateTime();
}

// Rows committed after `previous` and visible now; $1 is the previous snapshot.
QString committedSince(const char* xidColumn)
{
    return QStringLiteral("%1 >= pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(%1, $1::pg_snapshot)")
        .arg(QLatin1String(xidColumn));
}

QList<DeliveryRow> readDeliveries(PgConnection& connection, const QString& where, const QVariantList& params)
{
    const PgResult result = connection.exec(
        QStringLiteral("SELECT st.task_id, st.server_id, t.type, %1, %2, st.error_message, t.flush_request_id "
                       "FROM webfarm.server_task st JOIN webfarm.task t ON t.id = st.task_id WHERE %3")
            .arg(ms("t.created_at"), ms("st.processed_at"), where),
        params);
    QList<DeliveryRow> rows;
    rows.reserve(result.rows());
    for (int r = 0; r < result.rows(); ++r) {
        DeliveryRow row;
        row.taskId = result.integer(r, 0).value_or(0);
        row.serverId = result.integer(r, 1).value_or(0);
        row.taskType = result.text(r, 2);
        row.createdAt = timestamp(result, r, 3);
        row.processedAt = timestamp(result, r, 4);
        row.errorMessage = result.text(r, 5);
        row.flushRequestId = result.integer(r, 6);
        rows.append(row);
    }
    return rows;
}

QList<TaskRow> readTasks(PgConnection& connection, const QString& where, const QVariantList& params)
{
    const PgResult result
        = connection.exec(QStringLiteral("SELECT t.id, t.type, %1, t.creator_server_id FROM webfarm.task t WHERE %2")
                              .arg(ms("t.created_at"), where),
            params);
    QList<TaskRow> rows;
    rows.reserve(result.rows());
    for (int r = 0; r < result.rows(); ++r)
        rows.append(
            { result.integer(r, 0).value_or(0), result.text(r, 1), timestamp(result, r, 2), result.integer(r, 3) });
    return rows;
}

QList<HeartbeatRow> readHeartbeats(PgConnection& connection, const QString& where, const QVariantList& params)
{
    const PgResult result = connection.exec(
        QStringLiteral("SELECT h.server_id, %1, %2, h.cache_items, h.cache_hits, h.cache_misses, h.memory_bytes "
                       "FROM webfarm.heartbeat h WHERE %3")
            .arg(ms("h.sent_at"), ms("h.received_at"), where),
        params);
    QList<HeartbeatRow> rows;
    rows.reserve(result.rows());
    for (int r = 0; r < result.rows(); ++r) {
        rows.append({ result.integer(r, 0).value_or(0), timestamp(result, r, 1), timestamp(result, r, 2),
            result.integer(r, 3), result.integer(r, 4), result.integer(r, 5), result.integer(r, 6) });
    }
    return rows;
}

QList<ProbeRow> readProbes(
    PgConnection& connection, const QString& from, const QString& where, const QVariantList& params)
{
    const PgResult result = connection.exec(
        QStringLiteral("SELECT p.storage_id, p.server_id, %1, p.ok, p.latency_ms, p.free_bytes, p.error FROM %2 "
                       "WHERE %3")
            .arg(ms("p.probed_at"), from, where),
        params);
    QList<ProbeRow> rows;
    rows.reserve(result.rows());
    for (int r = 0; r < result.rows(); ++r) {
        rows.append({ result.integer(r, 0).value_or(0), result.integer(r, 1).value_or(0), timestamp(result, r, 2),
            result.boolean(r, 3).value_or(false), result.real(r, 4), result.integer(r, 5), result.text(r, 6) });
    }
    return rows;
}

QList<EventRow> readEvents(PgConnection& connection, const QString& where, const QVariantList& params)
{
    const PgResult result
        = connection.exec(QStringLiteral("SELECT l.server_id, %1, l.code, l.message FROM webfarm.server_log l WHERE %2")
                              .arg(ms("l.logged_at"), where),
            params);
    QList<EventRow> rows;
    rows.reserve(result.rows());
    for (int r = 0; r < result.rows(); ++r)
        rows.append(
            { result.integer(r, 0).value_or(0), timestamp(result, r, 1), result.text(r, 2), result.text(r, 3) });
    std::sort(rows.begin(), rows.end(), [](const EventRow& a, const EventRow& b) { return a.loggedAt < b.loggedAt; });
    return rows;
}

void keepLatestProbe(QList<ProbeRow>& latest, const ProbeRow& probe)
{
    for (ProbeRow& existing : latest) {
        if (existing.storageId == probe.storageId && existing.serverId == probe.serverId) {
            if (probe.probedAt >= existing.probedAt)
                existing = probe;
            return;
        }
    }
    latest.append(probe);
}

} // namespace

bool roleMayFlush(PgConnection& connection)
{
    return connection
        .exec(
            QStringLiteral("SELECT has_function_privilege('webfarm.request_cache_flush(text, bigint[], text[], text)', "
                           "'EXECUTE')"))
        .boolean(0, 0)
        .value_or(false);
}

FarmReader::FarmReader(int windowS)
    : m_windowS(windowS)
{
}

void FarmReader::setWindow(int windowS)
{
    if (windowS == m_windowS)
        return;
    // A longer window needs rows the reader has already dropped.
    if (windowS > m_windowS)
        reset();
    m_windowS = windowS;
}

void FarmReader::reset()
{
    m_snapshot.clear();
    m_snapshotXmax.clear();
}

ReadDelta FarmReader::refresh(PgConnection& connection)
{
    PgTransaction transaction(connection, PgTransaction::Mode::RepeatableReadOnly);
    const PgResult head = connection.exec(
        QStringLiteral("SELECT %1, pg_current_snapshot()::text, pg_snapshot_xmax(pg_current_snapshot())::text, "
                       "(SELECT version FROM webfarm.schema_version)")
            .arg(ms("clock_timestamp()")));
    // Read into locals and apply only after COMMIT: a failure leaves the state as it was, without
    // copying the window's rows at every refresh.
    FarmData next;
    next.now = timestamp(head, 0, 0);
    const QString snapshot = head.text(0, 1);
    const QString xmax = head.text(0, 2);
    next.schemaVersion = int(head.integer(0, 3).value_or(0));
    if (next.schemaVersion < RequiredSchemaVersion) {
        throw PgError(QStringLiteral("webfarm schema version %1 is too old for this Paddock (needs %2): run `paddock "
                                     "schema upgrade`")
                          .arg(next.schemaVersion)
                          .arg(RequiredSchemaVersion),
            QStringLiteral("PD001"));
    }

    // A database restored from a backup goes back in transaction ids: start again from scratch.
    bool initial = m_snapshot.isEmpty();
    if (!initial && xmax.toULongLong() < m_snapshotXmax.toULongLong()) {
        Log::get("paddock.engine")
            ->warn("transaction ids went backwards ({} < {}): reloading", xmax.toStdString(),
                m_snapshotXmax.toStdString());
        initial = true;
    }

    ReadDelta delta;
    delta.initial = initial;
    const QVariantList windowStart { next.now.addMSecs(-qint64(m_windowS) * 1000).toMSecsSinceEpoch() };
    const QVariantList since { m_snapshot };
    const QString afterStart = QStringLiteral("> to_timestamp($1::bigint / 1000.0)");

    // Current state: small tables, read whole.
    {
        const PgResult result = connection.exec(QStringLiteral(
            "SELECT id, name, display_name, host, zone, version, enabled, %1, %2, %3 FROM webfarm.server "
            "ORDER BY name")
                                                    .arg(ms("registered_at"), ms("started_at"), ms("stopped_at")));
        next.servers.clear();
        for (int r = 0; r < result.rows(); ++r) {
            next.servers.append({ result.integer(r, 0).value_or(0), result.text(r, 1), result.text(r, 2),
                result.text(r, 3), result.text(r, 4), result.text(r, 5), result.boolean(r, 6).value_or(true),
                timestamp(result, r, 7), timestamp(result, r, 8), timestamp(result, r, 9) });
        }
    }
    {
        const PgResult result
            = connection.exec(QStringLiteral("SELECT id, name, kind, location FROM webfarm.storage ORDER BY name"));
        next.storages.clear();
        for (int r = 0; r < result.rows(); ++r)
            next.storages.append(
                { result.integer(r, 0).value_or(0), result.text(r, 1), result.text(r, 2), result.text(r, 3) });
    }
    {
        // Only pending rows: the partial index keeps this proportional to the backlog, not the history.
        const PgResult result = connection.exec(
            QStringLiteral("SELECT server_id, count(*), %1 FROM webfarm.server_task WHERE processed_at IS NULL "
                           "GROUP BY server_id")
                .arg(ms("min(task_created_at)")));
        next.backlog.clear();
        for (int r = 0; r < result.rows(); ++r)
            next.backlog.append(
                { result.integer(r, 0).value_or(0), result.integer(r, 1).value_or(0), timestamp(result, r, 2) });
    }
    {
        const PgResult result = connection.exec(
            QStringLiteral("SELECT id, %1, requested_by, host(client_addr), application_name, scope, server_ids, "
                           "cache_keys, reason, task_id FROM webfarm.flush_request ORDER BY requested_at DESC, id DESC "
                           "LIMIT $1")
                .arg(ms("requested_at")),
            { m_flushHistory });
        next.flushes.clear();
        QVariantList taskIds;
        for (int r = 0; r < result.rows(); ++r) {
            FlushRequestRow flush;
            flush.id = result.integer(r, 0).value_or(0);
            flush.requestedAt = timestamp(result, r, 1);
            flush.requestedBy = result.text(r, 2);
            flush.clientAddr = result.text(r, 3);
            flush.applicationName = result.text(r, 4);
            flush.scope = result.text(r, 5);
            const QStringList ids = result.array(r, 6);
            for (const QString& id : ids)
                flush.serverIds.append(id.toLongLong());
            flush.cacheKeys = result.array(r, 7);
            flush.reason = result.text(r, 8);
            flush.taskId = result.integer(r, 9);
            if (flush.taskId)
                taskIds.append(*flush.taskId);
            next.flushes.append(flush);
        }
        if (!taskIds.isEmpty()) {
            const PgResult targets = connection.exec(
                QStringLiteral("SELECT task_id, server_id, %1, error_message FROM webfarm.server_task "
                               "WHERE task_id = ANY($1::bigint[]) ORDER BY task_id, server_id")
                    .arg(ms("processed_at")),
                { QVariant(taskIds) });
            for (int r = 0; r < targets.rows(); ++r) {
                const qint64 taskId = targets.integer(r, 0).value_or(0);
                for (FlushRequestRow& flush : next.flushes) {
                    if (flush.taskId == taskId)
                        flush.targets.append(
                            { targets.integer(r, 1).value_or(0), timestamp(targets, r, 2), targets.text(r, 3) });
                }
            }
        }
    }

    if (initial) {
        delta.deliveries = readDeliveries(connection, QStringLiteral("st.processed_at ") + afterStart, windowStart);
        delta.tasks = readTasks(connection, QStringLiteral("t.created_at ") + afterStart, windowStart);
        delta.heartbeats = readHeartbeats(connection, QStringLiteral("h.received_at ") + afterStart, windowStart);
        delta.probes = readProbes(connection, QStringLiteral("webfarm.storage_probe p"),
            QStringLiteral("p.probed_at ") + afterStart, windowStart);
        delta.events = readEvents(connection,
            QStringLiteral("l.logged_at >= (SELECT coalesce(min(logged_at), '-infinity') FROM (SELECT logged_at FROM "
                           "webfarm.server_log ORDER BY logged_at DESC LIMIT $1) recent)"),
            { m_eventBacklog });

        next.deliveries = delta.deliveries;
        next.tasks = delta.tasks;
        next.heartbeats = delta.heartbeats;
        next.probes = delta.probes;
        // The latest of everything, however old: one index probe per server or per pair.
        const PgResult last = connection.exec(
            QStringLiteral("SELECT s.id, %1 FROM webfarm.server s CROSS JOIN LATERAL (SELECT received_at FROM "
                           "webfarm.heartbeat WHERE server_id = s.id ORDER BY received_at DESC LIMIT 1) h")
                .arg(ms("h.received_at")));
        next.lastHeartbeat.clear();
        for (int r = 0; r < last.rows(); ++r)
            next.lastHeartbeat.insert(last.integer(r, 0).value_or(0), timestamp(last, r, 1));
        next.latestProbes = readProbes(connection,
            QStringLiteral(
                "webfarm.storage st CROSS JOIN webfarm.server s CROSS JOIN LATERAL (SELECT * FROM "
                "webfarm.storage_probe WHERE storage_id = st.id AND server_id = s.id ORDER BY probed_at DESC "
                "LIMIT 1) p"),
            QStringLiteral("true"), {});
    } else {
        delta.deliveries = readDeliveries(connection, committedSince("st.processed_xid"), since);
        delta.tasks = readTasks(connection, committedSince("t.created_xid"), since);
        delta.heartbeats = readHeartbeats(connection, committedSince("h.xid"), since);
        delta.probes
            = readProbes(connection, QStringLiteral("webfarm.storage_probe p"), committedSince("p.xid"), since);
        delta.events = readEvents(connection, committedSince("l.xid"), since);
    }
    transaction.commit();

    if (initial) {
        m_data = std::move(next);
    } else {
        m_data.now = next.now;
        m_data.schemaVersion = next.schemaVersion;
        m_data.servers = std::move(next.servers);
        m_data.storages = std::move(next.storages);
        m_data.backlog = std::move(next.backlog);
        m_data.flushes = std::move(next.flushes);
        m_data.deliveries.append(delta.deliveries);
        m_data.tasks.append(delta.tasks);
        m_data.heartbeats.append(delta.heartbeats);
        m_data.probes.append(delta.probes);
        for (const HeartbeatRow& heartbeat : std::as_const(delta.heartbeats)) {
            QDateTime& last = m_data.lastHeartbeat[heartbeat.serverId];
            if (!last.isValid() || heartbeat.receivedAt > last)
                last = heartbeat.receivedAt;
        }
        for (const ProbeRow& probe : std::as_const(delta.probes))
            keepLatestProbe(m_data.latestProbes, probe);
    }
    m_snapshot = snapshot;
    m_snapshotXmax = xmax;
    prune();
    return delta;
}

void FarmReader::prune()
{
    // Raw rows are kept for the window only; the time series keep the longer history.
    const QDateTime start = m_data.now.addMSecs(-qint64(m_windowS) * 1000);
    auto old = [&start](const QDateTime& t) { return t <= start; };
    m_data.deliveries.removeIf([&](const DeliveryRow& r) { return old(r.processedAt); });
    m_data.tasks.removeIf([&](const TaskRow& r) { return old(r.createdAt); });
    m_data.heartbeats.removeIf([&](const HeartbeatRow& r) { return old(r.receivedAt); });
    m_data.probes.removeIf([&](const ProbeRow& r) { return old(r.probedAt); });

    QSet<qint64> serverIds;
    for (const ServerRow& server : std::as_const(m_data.servers))
        serverIds.insert(server.id);
    m_data.lastHeartbeat.removeIf([&](const auto& it) { return !serverIds.contains(it.key()); });
    m_data.latestProbes.removeIf([&](const ProbeRow& r) { return !serverIds.contains(r.serverId); });
}

} // namespace Paddock
