#include "historyreads.h"

#include "logging.h"
#include "pgconnection.h"
#include "pgresult.h"

#include <algorithm>
#include <limits>

namespace Paddock::HistoryReads {

// Timestamps travel as milliseconds since the epoch: no time-zone or locale parsing. Rounded as
// numeric, so that ±infinity arrives as text for the rules below instead of failing the read.
QString ms(const char* column)
{
    return QStringLiteral("round(extract(epoch FROM %1) * 1000)").arg(QLatin1String(column));
}

// A text written by instances, cut in SQL: a megabyte of message costs a refresh its first kilobyte.
QString shortText(const char* column, int maxChars)
{
    return QStringLiteral("CASE WHEN octet_length(%1) > %2 THEN left(%1, %2) || '%3' || octet_length(%1) || ' bytes]' "
                          "ELSE %1 END")
        .arg(QLatin1String(column))
        .arg(maxChars)
        .arg(QLatin1String(RowRules::TruncationMark));
}

// Rows committed after the previous read (see docs/watermark.md): those of transactions that got
// their id at or after its snapshot's xmax ($1), and those of the transactions it saw open ($2).
QString placeableCreation(const char* column)
{
    return QStringLiteral(
        "CASE WHEN %1 >= 'epoch' AND %1 <= statement_timestamp() + interval '%2 milliseconds' THEN %3 END")
        .arg(QLatin1String(column))
        .arg(RowRules::DatabaseClockAheadMs)
        .arg(ms(column));
}

QString committedSince(const char* xidColumn)
{
    return QStringLiteral("(%1 >= $1::xid8 OR %1 = ANY($2::text[]::xid8[]))").arg(QLatin1String(xidColumn));
}

// The transaction ids of the history rows a refresh read: a transaction that was open and whose
// rows have now been read is not open any more for the next one.

void noteXid(const PgResult& result, int row, int column, XidSet* xids)
{
    if (xids && !result.isNull(row, column))
        xids->insert(result.text(row, column).toULongLong());
}

QList<DeliveryRow> readDeliveries(PgConnection& connection, RowRules& rules, const QString& where,
    const QVariantList& params, XidSet* xids, const FindTask& known, QList<PendingCounts::Change>* processed)
{
    // The deliveries alone, then their tasks: from those the reader holds (the window's), and
    // those it does not once each. A join would look every task up once per delivery, and even once
    // per task a lookup costs the depth of the task index, which grows with the history.
    const PgResult result = connection.exec(
        QStringLiteral(
            "SELECT st.task_id, st.server_id, %1, %2, st.processed_xid, %4 FROM webfarm.server_task st WHERE %3")
            .arg(ms("st.processed_at"), shortText("st.error_message"), where, placeableCreation("st.task_created_at")),
        params);
    if (processed) {
        for (int r = 0; r < result.rows(); ++r) {
            const auto created = result.integer(r, 5);
            processed->append({ result.integer(r, 1).value_or(0), 1,
                created ? QList<qint64> { *created } : QList<qint64> {}, !created });
        }
    }
    struct TaskInfo {
        QString type;
        std::optional<QDateTime> createdAt;
        std::optional<qint64> flushRequestId;
    };
    QHash<qint64, TaskInfo> tasks;
    QSet<qint64> unknown;
    QVariantList taskIds;
    for (int r = 0; r < result.rows(); ++r) {
        const qint64 taskId = result.integer(r, 0).value_or(0);
        if (tasks.contains(taskId) || unknown.contains(taskId))
            continue;
        if (const TaskRow* task = known(taskId)) {
            tasks.insert(taskId, { task->type, task->createdAt, task->flushRequestId });
        } else {
            unknown.insert(taskId);
            taskIds.append(taskId);
        }
    }
    if (!taskIds.isEmpty()) {
        const PgResult found = connection.exec(
            QStringLiteral("SELECT t.id, %1, %2, t.flush_request_id FROM webfarm.task t WHERE t.id = ANY($1::bigint[])")
                .arg(shortText("t.type", RowRules::MaxNameChars), ms("t.created_at")),
            { QVariant(taskIds) });
        for (int r = 0; r < found.rows(); ++r)
            tasks.insert(found.integer(r, 0).value_or(0),
                { rules.name(found.text(r, 1)), rules.databaseTime(found, r, 2), found.integer(r, 3) });
    }
    QList<DeliveryRow> rows;
    rows.reserve(result.rows());
    for (int r = 0; r < result.rows(); ++r) {
        noteXid(result, r, 4, xids);
        DeliveryRow row;
        row.taskId = result.integer(r, 0).value_or(0);
        row.serverId = result.integer(r, 1).value_or(0);
        const auto task = tasks.constFind(row.taskId);
        if (task == tasks.cend())
            continue; // its task is gone (deleted meanwhile): as the join did, no delivery
        row.taskType = task->type;
        const auto& created = task->createdAt;
        const auto processed = rules.databaseTime(result, r, 2);
        if (!created || !processed || !processed->isValid()) {
            rules.ignore(QStringLiteral("delivery_time_out_of_range"));
            continue;
        }
        row.createdAt = *created;
        row.processedAt = *processed;
        row.errorMessage = rules.message(result.text(r, 3));
        row.flushRequestId = task->flushRequestId;
        rows.append(row);
    }
    return rows;
}

QList<TaskRow> readTasks(PgConnection& connection, RowRules& rules, const QString& where, const QVariantList& params,
    XidSet* xids, QVariantList* ids)
{
    const PgResult result = connection.exec(
        QStringLiteral(
            "SELECT t.id, %3, %1, t.creator_server_id, t.created_xid, t.flush_request_id FROM webfarm.task t WHERE %2")
            .arg(ms("t.created_at"), where, shortText("t.type", RowRules::MaxNameChars)),
        params);
    QList<TaskRow> rows;
    rows.reserve(result.rows());
    for (int r = 0; r < result.rows(); ++r) {
        noteXid(result, r, 4, xids);
        if (ids)
            ids->append(result.integer(r, 0).value_or(0));
        const auto created = rules.databaseTime(result, r, 2);
        if (!created || !created->isValid()) {
            rules.ignore(QStringLiteral("task_time_out_of_range"));
            continue;
        }
        rows.append({ result.integer(r, 0).value_or(0), rules.name(result.text(r, 1)), *created, result.integer(r, 3),
            result.integer(r, 5) });
    }
    return rows;
}

QList<HeartbeatRow> readHeartbeats(
    PgConnection& connection, RowRules& rules, const QString& where, const QVariantList& params, XidSet* xids)
{
    const PgResult result = connection.exec(
        QStringLiteral("SELECT h.server_id, %1, %2, h.cache_items, h.cache_hits, h.cache_misses, h.memory_bytes, h.xid "
                       "FROM webfarm.heartbeat h WHERE %3")
            .arg(ms("h.sent_at"), ms("h.received_at"), where),
        params);
    QList<HeartbeatRow> rows;
    rows.reserve(result.rows());
    for (int r = 0; r < result.rows(); ++r) {
        noteXid(result, r, 7, xids);
        const auto sent = rules.instanceTime(result, r, 1);
        const auto received = rules.databaseTime(result, r, 2);
        if (!sent || !received || !sent->isValid() || !received->isValid()) {
            rules.ignore(QStringLiteral("heartbeat_time_out_of_range"));
            continue;
        }
        rows.append({ result.integer(r, 0).value_or(0), *sent, *received, rules.counter(result, r, 3),
            rules.counter(result, r, 4), rules.counter(result, r, 5), rules.counter(result, r, 6) });
    }
    return rows;
}

QList<ProbeRow> readProbes(PgConnection& connection, RowRules& rules, const QString& from, const QString& where,
    const QVariantList& params, XidSet* xids)
{
    const PgResult result = connection.exec(
        QStringLiteral("SELECT p.storage_id, p.server_id, %1, p.ok, p.latency_ms, p.free_bytes, %4, p.xid FROM %2 "
                       "WHERE %3")
            .arg(ms("p.probed_at"), from, where, shortText("p.error")),
        params);
    QList<ProbeRow> rows;
    rows.reserve(result.rows());
    for (int r = 0; r < result.rows(); ++r) {
        noteXid(result, r, 7, xids);
        const auto probed = rules.databaseTime(result, r, 2);
        if (!probed || !probed->isValid()) {
            rules.ignore(QStringLiteral("probe_time_out_of_range"));
            continue;
        }
        rows.append({ result.integer(r, 0).value_or(0), result.integer(r, 1).value_or(0), *probed,
            result.boolean(r, 3).value_or(false), rules.latency(result, r, 4), rules.counter(result, r, 5),
            rules.message(result.text(r, 6)) });
    }
    return rows;
}

QList<EventRow> readEvents(
    PgConnection& connection, RowRules& rules, const QString& where, const QVariantList& params, XidSet* xids)
{
    const PgResult result = connection.exec(
        QStringLiteral("SELECT l.server_id, %1, %3, %4, l.xid FROM webfarm.server_log l WHERE %2")
            .arg(ms("l.logged_at"), where, shortText("l.code", RowRules::MaxNameChars), shortText("l.message")),
        params);
    QList<EventRow> rows;
    rows.reserve(result.rows());
    for (int r = 0; r < result.rows(); ++r) {
        noteXid(result, r, 4, xids);
        const auto logged = rules.databaseTime(result, r, 1);
        if (!logged || !logged->isValid()) {
            rules.ignore(QStringLiteral("event_time_out_of_range"));
            continue;
        }
        rows.append({ result.integer(r, 0).value_or(0), *logged, rules.name(result.text(r, 2)),
            rules.message(result.text(r, 3)) });
    }
    std::sort(rows.begin(), rows.end(), [](const EventRow& a, const EventRow& b) { return a.loggedAt < b.loggedAt; });
    return rows;
}

namespace {

// Creation times sent as a text array of milliseconds.
QList<qint64> millisecondsOf(const QStringList& texts)
{
    QList<qint64> values;
    values.reserve(texts.size());
    for (const QString& text : texts)
        values.append(text.toLongLong());
    return values;
}

} // namespace

QList<BacklogRow> readBacklog(PgConnection& connection, PendingCounts& pending, RowRules& rules,
    PendingCounts::Walk walk, const QVariantList& newTaskIds, const QList<PendingCounts::Change>& processed,
    qint64 nowMs)
{
    // The statements are marked, so that pg_stat_statements tells what the backlog costs.
    if (walk == PendingCounts::Walk::No) {
        // The deliveries of the tasks new to this read: how many per instance, and the Kept
        // oldest creation times of each instance's (all of them, processed or not: the processed
        // are in `processed` too, so each delivery arrives before it leaves).
        QList<PendingCounts::Change> arrived;
        if (!newTaskIds.isEmpty()) {
            // A processed delivery has two versions on two pages, and an index scan would alternate
            // between them, one buffer access per version; a bitmap scan visits each page once
            // (ten times fewer accesses once the table has churned).
            // New task ids are mostly consecutive: one range in the index, not one descent per task
            // (its depth grows with the history), the list then only filters.
            qint64 low = std::numeric_limits<qint64>::max();
            qint64 high = std::numeric_limits<qint64>::min();
            for (const QVariant& id : newTaskIds) {
                low = std::min(low, id.toLongLong());
                high = std::max(high, id.toLongLong());
            }
            const bool dense = high - low < 2 * qint64(newTaskIds.size()) + 64;
            connection.exec(QStringLiteral("SET LOCAL enable_indexscan = off"));
            const PgResult result = connection.exec(
                QStringLiteral("/* paddock: backlog */ SELECT server_id, count(*), (array_agg(c ORDER BY c) FILTER "
                               "(WHERE c IS NOT NULL))[1:$2]::text[], count(*) FILTER (WHERE c IS NULL) FROM "
                               "(SELECT server_id, %1 AS c FROM webfarm.server_task WHERE %2) d GROUP BY server_id")
                    .arg(placeableCreation("task_created_at"),
                        dense ? QStringLiteral("task_id BETWEEN $3 AND $4 AND task_id + 0 = ANY($1::bigint[])")
                              : QStringLiteral("task_id = ANY($1::bigint[]) AND $3::bigint <= $4::bigint")),
                { QVariant(newTaskIds), PendingCounts::Kept, low, high });
            connection.exec(QStringLiteral("SET LOCAL enable_indexscan = on"));
            for (int r = 0; r < result.rows(); ++r)
                arrived.append({ result.integer(r, 0).value_or(0), result.integer(r, 1).value_or(0),
                    millisecondsOf(result.array(r, 2)), result.integer(r, 3).value_or(0) > 0 });
        }
        if (!pending.apply(arrived, processed)) {
            walk = PendingCounts::Walk::Unaccounted;
            Log::engine()->info("backlog: {}; counted afresh", PendingCounts::reason(walk));
        }
    }
    if (walk != PendingCounts::Walk::No) {
        // Every pending delivery, from the partial index: the cost grows with the backlog.
        const PgResult result = connection.exec(QStringLiteral(
            "/* paddock: backlog */ SELECT server_id, count(*), min(c), count(*) FILTER (WHERE c IS NULL), "
            "count(*) FILTER (WHERE c IS NULL AND task_created_at IS NOT NULL) FROM (SELECT server_id, "
            "task_created_at, %1 AS c FROM webfarm.server_task "
            "WHERE processed_at IS NULL) p GROUP BY server_id")
                                                    .arg(placeableCreation("task_created_at")));
        QList<PendingCounts::Walked> rows;
        for (int r = 0; r < result.rows(); ++r)
            rows.append({ result.integer(r, 0).value_or(0), result.integer(r, 1).value_or(0),
                result.integer(r, 3).value_or(0), result.integer(r, 4).value_or(0), result.integer(r, 2) });
        const QList<qint64> drifted = pending.walked(rows, nowMs);
        if (walk == PendingCounts::Walk::Check && !drifted.isEmpty()) {
            Log::engine()->warn("the backlog kept for {} instance(s) differed from a count of it (instance {} first); "
                                "counted afresh",
                drifted.size(), drifted.first());
        }
        Log::engine()->trace("backlog counted whole: {}", PendingCounts::reason(walk));
    } else if (const QList<qint64> servers = pending.needOldest(); !servers.isEmpty()) {
        // The instances whose kept creation times ran out: the next Kept from the pending-age index.
        QVariantList ids;
        for (qint64 id : servers)
            ids.append(id);
        const PgResult result = connection.exec(
            QStringLiteral("/* paddock: backlog */ SELECT s.id, ARRAY(SELECT %1 FROM webfarm.server_task WHERE "
                           "server_id = s.id AND processed_at IS NULL ORDER BY task_created_at LIMIT $2)::text[] "
                           "FROM unnest($1::bigint[]) s(id)")
                .arg(ms("task_created_at")),
            { QVariant(ids), PendingCounts::Kept });
        for (int r = 0; r < result.rows(); ++r)
            pending.setOldest(result.integer(r, 0).value_or(0), millisecondsOf(result.array(r, 1)));
    }
    rules.ignore(QStringLiteral("pending_time_out_of_range"), pending.outOfRange());
    return pending.backlog();
}

} // namespace Paddock::HistoryReads
