#include "currentreads.h"

#include "historyreads.h"
#include "pgconnection.h"
#include "pgresult.h"
#include "rowrules.h"

namespace Paddock::CurrentReads {

namespace {

using namespace HistoryReads;

// Latest-of queries pass over rows stamped in the future, which would otherwise win forever.
QString notAhead()
{
    return QStringLiteral("<= statement_timestamp() + interval '%1 milliseconds'").arg(RowRules::DatabaseClockAheadMs);
}

// Adds the acknowledgements of the flushes' tasks to their requests.
void readFlushTargets(PgConnection& connection, RowRules& rules, QList<FlushRequestRow>& flushes)
{
    QVariantList taskIds;
    for (const FlushRequestRow& flush : std::as_const(flushes)) {
        if (flush.taskId)
            taskIds.append(*flush.taskId);
    }
    if (taskIds.isEmpty())
        return;
    const PgResult targets
        = connection.exec(QStringLiteral("SELECT task_id, server_id, %1, %2 FROM webfarm.server_task "
                                         "WHERE task_id = ANY($1::bigint[]) ORDER BY task_id, server_id")
                              .arg(ms("processed_at"), shortText("error_message")),
            { QVariant(taskIds) });
    for (int r = 0; r < targets.rows(); ++r) {
        const qint64 taskId = targets.integer(r, 0).value_or(0);
        const auto processed = rules.databaseTime(targets, r, 2);
        if (!processed)
            rules.ignore(QStringLiteral("delivery_time_out_of_range"));
        for (FlushRequestRow& flush : flushes) {
            if (flush.taskId == taskId)
                flush.targets.append({ targets.integer(r, 1).value_or(0), processed.value_or(QDateTime()),
                    rules.message(targets.text(r, 3)) });
        }
    }
}

} // namespace

QList<ServerRow> readServers(PgConnection& connection, RowRules& rules)
{
    const PgResult result = connection.exec(
        QStringLiteral("SELECT id, %4, %5, %6, %7, %8, enabled, %1, %2, %3 FROM webfarm.server ORDER BY name")
            .arg(ms("registered_at"), ms("started_at"), ms("stopped_at"), shortText("name", RowRules::MaxNameChars),
                shortText("display_name", RowRules::MaxNameChars), shortText("host", RowRules::MaxNameChars),
                shortText("zone", RowRules::MaxNameChars), shortText("version", RowRules::MaxNameChars)));
    QList<ServerRow> servers;
    servers.reserve(result.rows());
    for (int r = 0; r < result.rows(); ++r) {
        ServerRow server { result.integer(r, 0).value_or(0), rules.name(result.text(r, 1)),
            rules.name(result.text(r, 2)), rules.name(result.text(r, 3)), rules.name(result.text(r, 4)),
            rules.name(result.text(r, 5)), result.boolean(r, 6).value_or(true), {}, {}, {} };
        bool cleared = false;
        for (auto [column, field] : { std::pair { 7, &server.registeredAt }, std::pair { 8, &server.startedAt },
                 std::pair { 9, &server.stoppedAt } }) {
            const auto value = rules.databaseTime(result, r, column);
            cleared |= !value;
            *field = value.value_or(QDateTime());
        }
        if (cleared)
            rules.ignore(QStringLiteral("server_time_out_of_range"));
        servers.append(server);
    }
    return servers;
}

QList<StorageRow> readStorages(PgConnection& connection, RowRules& rules)
{
    const PgResult result = connection.exec(QStringLiteral("SELECT id, %1, %2, %3 FROM webfarm.storage ORDER BY name")
                                                .arg(shortText("name", RowRules::MaxNameChars),
                                                    shortText("kind", RowRules::MaxNameChars), shortText("location")));
    QList<StorageRow> storages;
    storages.reserve(result.rows());
    for (int r = 0; r < result.rows(); ++r)
        storages.append({ result.integer(r, 0).value_or(0), rules.name(result.text(r, 1)),
            rules.name(result.text(r, 2)), rules.message(result.text(r, 3)) });
    return storages;
}

QList<FlushRequestRow> readFlushes(PgConnection& connection, RowRules& rules, int count)
{
    const PgResult result = connection.exec(
        QStringLiteral("SELECT id, %1, %2, host(client_addr), %3, %4, server_ids, cache_keys, %5, task_id "
                       "FROM webfarm.flush_request ORDER BY requested_at DESC, id DESC LIMIT $1")
            .arg(ms("requested_at"), shortText("requested_by", RowRules::MaxNameChars),
                shortText("application_name", RowRules::MaxNameChars), shortText("scope", RowRules::MaxNameChars),
                shortText("reason")),
        { count });
    QList<FlushRequestRow> flushes;
    for (int r = 0; r < result.rows(); ++r) {
        FlushRequestRow flush;
        flush.id = result.integer(r, 0).value_or(0);
        const auto requested = rules.databaseTime(result, r, 1);
        if (!requested)
            rules.ignore(QStringLiteral("flush_time_out_of_range"));
        flush.requestedAt = requested.value_or(QDateTime());
        flush.requestedBy = rules.name(result.text(r, 2));
        flush.clientAddr = result.text(r, 3);
        flush.applicationName = rules.name(result.text(r, 4));
        flush.scope = rules.name(result.text(r, 5));
        const QStringList ids = result.array(r, 6);
        for (const QString& id : ids)
            flush.serverIds.append(id.toLongLong());
        flush.cacheKeys = result.array(r, 7);
        flush.reason = rules.message(result.text(r, 8));
        flush.taskId = result.integer(r, 9);
        flushes.append(flush);
    }
    readFlushTargets(connection, rules, flushes);
    return flushes;
}

QHash<qint64, QDateTime> readLastHeartbeats(PgConnection& connection, RowRules& rules)
{
    const PgResult last = connection.exec(
        QStringLiteral("SELECT s.id, %1 FROM webfarm.server s CROSS JOIN LATERAL (SELECT received_at FROM "
                       "webfarm.heartbeat WHERE server_id = s.id AND received_at %2 AND received_at >= 'epoch' AND "
                       "sent_at BETWEEN statement_timestamp() - interval '%3 milliseconds' AND statement_timestamp() + "
                       "interval '%3 milliseconds' ORDER BY received_at DESC LIMIT 1) h")
            .arg(ms("h.received_at"), notAhead())
            .arg(RowRules::InstanceClockRangeMs));
    QHash<qint64, QDateTime> lastHeartbeat;
    for (int r = 0; r < last.rows(); ++r) {
        if (const auto received = rules.databaseTime(last, r, 1); received && received->isValid())
            lastHeartbeat.insert(last.integer(r, 0).value_or(0), *received);
    }
    return lastHeartbeat;
}

QList<ProbeRow> readLatestProbes(PgConnection& connection, RowRules& rules)
{
    return readProbes(connection, rules,
        QStringLiteral("webfarm.storage st CROSS JOIN webfarm.server s CROSS JOIN LATERAL (SELECT * FROM "
                       "webfarm.storage_probe WHERE storage_id = st.id AND server_id = s.id AND probed_at %1 AND "
                       "probed_at >= 'epoch' ORDER BY probed_at DESC LIMIT 1) p")
            .arg(notAhead()),
        QStringLiteral("true"), {}, nullptr);
}

QList<ScheduledTaskRow> readScheduledTasks(PgConnection& connection, RowRules& rules)
{
    const PgResult result = connection.exec(
        QStringLiteral("SELECT id, %1, interval_s, enabled, %2, timeout_s FROM webfarm.scheduled_task ORDER BY name")
            .arg(shortText("name", RowRules::MaxNameChars), ms("next_run_at")));
    QList<ScheduledTaskRow> tasks;
    tasks.reserve(result.rows());
    for (int r = 0; r < result.rows(); ++r) {
        // next_run_at is ahead of the clock by design: only a time that is no time is cleared.
        const std::optional<qint64> next = result.integer(r, 4);
        if (!next)
            rules.ignore(QStringLiteral("scheduled_task_time_out_of_range"));
        tasks.append({ result.integer(r, 0).value_or(0), rules.name(result.text(r, 1)),
            result.integer(r, 2).value_or(0), result.boolean(r, 3).value_or(true),
            next ? QDateTime::fromMSecsSinceEpoch(*next, Qt::UTC) : QDateTime(), result.integer(r, 5).value_or(0) });
    }
    return tasks;
}

QList<ScheduledRunRow> readScheduledRuns(
    PgConnection& connection, RowRules& rules, const QDateTime& windowStart, int limit, const QList<qint64>& readOpen)
{
    // Each part through an index: started_at, the unfinished runs' partial index, and (task, due_at); the
    // ids as an array, so that the rows are fetched by key (an IN would join the whole table).
    const PgResult result = connection.exec(
        QStringLiteral(
            "SELECT r.id, r.scheduled_task_id, r.server_id, %1, %2, %3, %4, r.manual FROM webfarm.scheduled_run r "
            "WHERE r.id = ANY (ARRAY(SELECT id FROM webfarm.scheduled_run WHERE started_at > to_timestamp($1::bigint / "
            "1000.0) "
            "UNION SELECT id FROM webfarm.scheduled_run WHERE finished_at IS NULL "
            "UNION SELECT l.id FROM webfarm.scheduled_task t CROSS JOIN LATERAL (SELECT id FROM webfarm.scheduled_run "
            "WHERE scheduled_task_id = t.id AND due_at IS NOT NULL AND started_at <= to_timestamp($1::bigint / "
            "1000.0) ORDER BY due_at DESC LIMIT 1) l "
            "UNION SELECT m.id FROM webfarm.scheduled_task t CROSS JOIN LATERAL (SELECT id FROM webfarm.scheduled_run "
            "WHERE scheduled_task_id = t.id AND due_at IS NULL AND started_at <= to_timestamp($1::bigint / 1000.0) "
            "ORDER BY started_at DESC LIMIT 1) m "
            "UNION SELECT unnest($3::bigint[]))) "
            "ORDER BY r.started_at DESC, r.id DESC LIMIT $2")
            .arg(ms("r.due_at"), ms("r.started_at"), ms("r.finished_at"), shortText("r.error")),
        { windowStart.toMSecsSinceEpoch(), limit + 1, QVariant(QVariantList(readOpen.cbegin(), readOpen.cend())) });
    QList<ScheduledRunRow> runs;
    runs.reserve(std::min(result.rows(), limit));
    for (int r = 0; r < result.rows(); ++r) {
        if (r == limit) {
            rules.ignore(QStringLiteral("scheduled_runs_over_limit"));
            break;
        }
        const auto due = rules.databaseTime(result, r, 3);
        const auto started = rules.databaseTime(result, r, 4);
        const auto finished = rules.databaseTime(result, r, 5);
        if (!due || !started || !started->isValid() || !finished) {
            rules.ignore(QStringLiteral("scheduled_run_time_out_of_range"));
            continue;
        }
        runs.append(
            { result.integer(r, 0).value_or(0), result.integer(r, 1).value_or(0), result.integer(r, 2).value_or(0),
                *due, *started, *finished, rules.message(result.text(r, 6)), result.boolean(r, 7).value_or(false) });
    }
    return runs;
}

QList<EventRow> readRegistrationEvents(PgConnection& connection, RowRules& rules)
{
    // register_server logs DUPLICATE_NAME just after it sets started_at: one index probe per instance.
    const PgResult result = connection.exec(
        QStringLiteral("SELECT s.id, %1, %2 FROM webfarm.server s CROSS JOIN LATERAL (SELECT logged_at, message FROM "
                       "webfarm.server_log WHERE server_id = s.id AND logged_at >= s.started_at AND logged_at < "
                       "s.started_at + interval '10 seconds' AND code = 'DUPLICATE_NAME' ORDER BY logged_at DESC "
                       "LIMIT 1) e")
            .arg(ms("e.logged_at"), shortText("e.message")));
    QList<EventRow> events;
    for (int r = 0; r < result.rows(); ++r) {
        const auto logged = rules.databaseTime(result, r, 1);
        if (!logged || !logged->isValid()) {
            rules.ignore(QStringLiteral("event_time_out_of_range"));
            continue;
        }
        events.append({ result.integer(r, 0).value_or(0), *logged, QStringLiteral("DUPLICATE_NAME"),
            rules.message(result.text(r, 2)) });
    }
    return events;
}

} // namespace Paddock::CurrentReads
