#include "farmreader.h"

#include "currentreads.h"
#include "databasereads.h"
#include "historyreads.h"
#include "logging.h"
#include "pgconnection.h"
#include "pgerror.h"
#include "pgtransaction.h"
#include "rowrules.h"

#include <algorithm>
#include <QSet>

namespace Paddock {

namespace {

using namespace HistoryReads;

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
    m_xmax = 0;
    m_open.clear();
    m_tasksById.clear();
    m_latestProbeAt.clear();
    m_pending = PendingCounts(m_countWhole);
}

namespace {

QVariant xidList(const QList<quint64>& xids)
{
    QStringList texts;
    texts.reserve(xids.size());
    for (quint64 xid : xids)
        texts.append(QString::number(xid));
    return texts;
}

QList<quint64> xidsOf(const QStringList& texts)
{
    QList<quint64> xids;
    xids.reserve(texts.size());
    for (const QString& text : texts)
        xids.append(text.toULongLong());
    return xids;
}

// The runs a read found unfinished: the next read looks at them again, to see them finish.
QList<qint64> unfinishedRuns(const QList<ScheduledRunRow>& runs)
{
    QList<qint64> ids;
    for (const ScheduledRunRow& run : runs) {
        if (!run.finished())
            ids.append(run.id);
    }
    return ids;
}

} // namespace

FarmReader::OpenTransactions FarmReader::openTransactions(
    PgConnection& connection, quint64 from, const QList<quint64>& open)
{
    // Before the refresh's snapshot, in a statement of its own: which of the transactions that may
    // still write rows the next read must look for are in progress. A transaction found finished
    // here finished before the snapshot, so its rows are in it. A primary lists them in its
    // snapshot; a hot standby does not (its snapshots keep them elsewhere), so there every id
    // since the previous read is asked about, one status lookup each.
    const PgResult result = connection.exec(
        QStringLiteral("WITH s AS (SELECT pg_current_snapshot() AS snap, pg_is_in_recovery() AS standby), "
                       "b AS (SELECT snap, standby, coalesce($1::xid8, pg_snapshot_xmin(snap)) AS low, "
                       "pg_snapshot_xmax(snap) AS high FROM s), "
                       "n AS (SELECT *, high::text::numeric - low::text::numeric AS span FROM b) "
                       "SELECT high::text, standby, span > $3, ARRAY(SELECT c.x::text FROM ("
                       "SELECT unnest($2::text[]::xid8[]) AS x "
                       "UNION SELECT x FROM pg_snapshot_xip(snap) x WHERE NOT standby AND x >= low "
                       "UNION SELECT g::text::xid8 FROM generate_series(low::text::numeric, "
                       "CASE WHEN standby AND span <= $3 THEN high::text::numeric - 1 ELSE 0 END) g) c "
                       "WHERE CASE WHEN c.x < high THEN pg_xact_status(c.x) END = 'in progress' ORDER BY c.x) FROM n"),
        { from ? QVariant(QString::number(from)) : QVariant(), xidList(open), MaxStandbyXidSpan });
    OpenTransactions look;
    look.high = result.text(0, 0).toULongLong();
    look.standby = result.boolean(0, 1).value_or(false);
    look.tooMany = look.standby && result.boolean(0, 2).value_or(false);
    look.inProgress = xidsOf(result.array(0, 3));
    return look;
}

// One refresh's working state, from its look at the open transactions to the watermark it leaves.
struct FarmReader::Pass {
    explicit Pass(const QDateTime& now)
        : current(now)
        , history(now)
    {
    }
    // Rows of the small tables are read whole each time, so their bad values are counted afresh;
    // history rows are read once, so theirs add up until the window is reloaded.
    RowRules current;
    RowRules history;
    XidSet read; // the transactions whose rows this read found
    QHash<qint64, TaskRow> freshTasks;
    QVariantList newTaskIds;
    QList<PendingCounts::Change> processedNow;
    bool outsideWritten = false;
};

bool FarmReader::mustReload(PgConnection& connection, OpenTransactions& open)
{
    // A database restored from a backup goes back in transaction ids: start again from scratch.
    bool initial = m_xmax == 0;
    open = openTransactions(connection, m_xmax, m_open);
    if (!initial && open.high < m_xmax) {
        Log::engine()->warn("transaction ids went backwards ({} < {}): reloading", open.high, m_xmax);
        initial = true;
    } else if (!initial && open.tooMany) {
        Log::engine()->warn(
            "more than {} transactions since the last read on this standby: reloading", MaxStandbyXidSpan);
        initial = true;
    }
    if (initial && m_xmax != 0)
        open = openTransactions(connection, 0, {});
    if (open.tooMany) {
        throw PgError(QStringLiteral("this hot standby replays a primary with a transaction open for more than %1 "
                                     "transaction ids; read from the primary until it ends")
                          .arg(MaxStandbyXidSpan),
            QStringLiteral("PD002"));
    }
    return initial;
}

FarmReader::Head FarmReader::readHead(PgConnection& connection, FarmData& next)
{
    const PgResult head = connection.exec(
        QStringLiteral("SELECT %1, pg_snapshot_xmax(pg_current_snapshot())::text, "
                       "ARRAY(SELECT x::text FROM pg_snapshot_xip(pg_current_snapshot()) x), "
                       "(SELECT version FROM webfarm.schema_version), pg_is_in_recovery(), "
                       "CASE WHEN pg_is_in_recovery() THEN round(extract(epoch FROM clock_timestamp() - "
                       "pg_last_xact_replay_timestamp()) * 1000) END, "
                       "pg_is_in_recovery() AND (pg_last_wal_receive_lsn() IS NULL OR pg_last_wal_receive_lsn() > "
                       "pg_last_wal_replay_lsn() OR NOT EXISTS (SELECT 1 FROM pg_stat_wal_receiver)), "
                       "coalesce(has_table_privilege(to_regclass('webfarm.outside_write'), 'SELECT'), false)")
            .arg(ms("clock_timestamp()")));
    next.now = QDateTime::fromMSecsSinceEpoch(head.integer(0, 0).value_or(0), Qt::UTC);
    next.schemaVersion = int(head.integer(0, 3).value_or(0));
    next.standby = head.boolean(0, 4).value_or(false);
    // Replay behind what the standby has received, or nothing arriving: the data is as old as the
    // last transaction replayed. Caught up with a live primary: as fresh as the read.
    if (next.standby && head.boolean(0, 6).value_or(false))
        next.replayLagMs = std::max<qint64>(0, head.integer(0, 5).value_or(0));
    else if (next.standby)
        next.replayLagMs = 0;
    if (next.schemaVersion < RequiredSchemaVersion) {
        throw PgError(QStringLiteral("webfarm schema version %1 is too old for this Paddock (needs %2): run `paddock "
                                     "schema upgrade`")
                          .arg(next.schemaVersion)
                          .arg(RequiredSchemaVersion),
            QStringLiteral("PD001"));
    }
    return { head.text(0, 1).toULongLong(), xidsOf(head.array(0, 2)), head.boolean(0, 7).value_or(false) };
}

FindTask FarmReader::taskFinder(const Pass& pass, bool initial) const
{
    return [&pass, initial, this](qint64 id) -> const TaskRow* {
        if (const auto it = pass.freshTasks.constFind(id); it != pass.freshTasks.cend())
            return &*it;
        if (const auto it = m_tasksById.constFind(id); !initial && it != m_tasksById.cend())
            return &*it;
        return nullptr;
    };
}

void FarmReader::readWindow(PgConnection& connection, Pass& pass, FarmData& next, ReadDelta& delta)
{
    const QVariantList windowStart { next.now.addMSecs(-qint64(m_windowS) * 1000).toMSecsSinceEpoch() };
    const QString afterStart = QStringLiteral("> to_timestamp($1::bigint / 1000.0)");
    // Tasks before deliveries: a delivery's task is then mostly one the reader holds.
    delta.tasks
        = readTasks(connection, pass.history, QStringLiteral("t.created_at ") + afterStart, windowStart, &pass.read);
    for (const TaskRow& task : std::as_const(delta.tasks))
        pass.freshTasks.insert(task.id, task);
    delta.deliveries = readDeliveries(connection, pass.history, QStringLiteral("st.processed_at ") + afterStart,
        windowStart, &pass.read, taskFinder(pass, true));
    delta.heartbeats = readHeartbeats(
        connection, pass.history, QStringLiteral("h.received_at ") + afterStart, windowStart, &pass.read);
    delta.probes = readProbes(connection, pass.history, QStringLiteral("webfarm.storage_probe p"),
        QStringLiteral("p.probed_at ") + afterStart, windowStart, &pass.read);
    delta.events = readEvents(connection, pass.history,
        QStringLiteral("l.logged_at >= (SELECT coalesce(min(logged_at), '-infinity') FROM (SELECT logged_at FROM "
                       "webfarm.server_log ORDER BY logged_at DESC LIMIT $1) recent)"),
        { m_eventBacklog }, &pass.read);

    next.deliveries = delta.deliveries;
    next.tasks = delta.tasks;
    next.heartbeats = delta.heartbeats;
    next.probes = delta.probes;
    next.lastHeartbeat = CurrentReads::readLastHeartbeats(connection, pass.history);
    RowRules latest(next.now); // the latest probes were counted with the window's already
    next.latestProbes = CurrentReads::readLatestProbes(connection, latest);
}

void FarmReader::readSince(PgConnection& connection, Pass& pass, ReadDelta& delta, bool outsideWatched)
{
    const QVariantList since { QString::number(m_xmax), xidList(m_open) };
    delta.tasks
        = readTasks(connection, pass.history, committedSince("t.created_xid"), since, &pass.read, &pass.newTaskIds);
    for (const TaskRow& task : std::as_const(delta.tasks))
        pass.freshTasks.insert(task.id, task);
    delta.deliveries = readDeliveries(connection, pass.history, committedSince("st.processed_xid"), since, &pass.read,
        taskFinder(pass, false), &pass.processedNow);
    delta.heartbeats = readHeartbeats(connection, pass.history, committedSince("h.xid"), since, &pass.read);
    delta.probes = readProbes(connection, pass.history, QStringLiteral("webfarm.storage_probe p"),
        committedSince("p.xid"), since, &pass.read);
    delta.events = readEvents(connection, pass.history, committedSince("l.xid"), since, &pass.read);
    if (outsideWatched) {
        const PgResult written = connection.exec(
            QStringLiteral("SELECT o.xid FROM webfarm.outside_write o WHERE %1").arg(committedSince("o.xid")), since);
        for (int r = 0; r < written.rows(); ++r)
            noteXid(written, r, 0, &pass.read);
        pass.outsideWritten = written.rows() > 0;
    }
}

void FarmReader::adoptWindow(FarmData&& next, const Pass& pass)
{
    m_data = std::move(next);
    indexLatestProbes();
    m_ignoredHistory = pass.history.ignored();
    m_deliveryKeys.clear();
    for (const DeliveryRow& delivery : std::as_const(m_data.deliveries))
        m_deliveryKeys.insert({ delivery.taskId, delivery.serverId });
}

void FarmReader::mergeDelta(FarmData&& next, const Pass& pass, ReadDelta& delta)
{
    m_data.now = next.now;
    m_data.schemaVersion = next.schemaVersion;
    m_data.standby = next.standby;
    m_data.replayLagMs = next.replayLagMs;
    m_data.servers = std::move(next.servers);
    m_data.storages = std::move(next.storages);
    m_data.backlog = std::move(next.backlog);
    m_data.flushes = std::move(next.flushes);
    m_data.scheduledTasks = std::move(next.scheduledTasks);
    m_data.scheduledRuns = std::move(next.scheduledRuns);
    m_data.registrationEvents = std::move(next.registrationEvents);
    m_data.database = std::move(next.database);
    RowRules::add(m_ignoredHistory, pass.history.ignored());
    // A delivery processed again (its processed_at reset and set anew) counts once, at its
    // latest processing: the earlier row leaves the window and the delta.
    QList<DeliveryRow> fresh;
    fresh.reserve(delta.deliveries.size());
    for (const DeliveryRow& delivery : std::as_const(delta.deliveries)) {
        const QPair<qint64, qint64> key { delivery.taskId, delivery.serverId };
        if (m_deliveryKeys.contains(key)) {
            m_data.deliveries.removeIf(
                [&key](const DeliveryRow& row) { return row.taskId == key.first && row.serverId == key.second; });
            m_data.deliveries.append(delivery);
            continue;
        }
        m_deliveryKeys.insert(key);
        m_data.deliveries.append(delivery);
        fresh.append(delivery);
    }
    delta.deliveries = std::move(fresh);
    m_data.tasks.append(delta.tasks);
    m_data.heartbeats.append(delta.heartbeats);
    m_data.probes.append(delta.probes);
    for (const HeartbeatRow& heartbeat : std::as_const(delta.heartbeats)) {
        QDateTime& last = m_data.lastHeartbeat[heartbeat.serverId];
        if (!last.isValid() || heartbeat.receivedAt > last)
            last = heartbeat.receivedAt;
    }
    for (const ProbeRow& probe : std::as_const(delta.probes))
        keepLatestProbe(probe);
}

void FarmReader::advanceWatermark(const OpenTransactions& open, const Head& head, const XidSet& read)
{
    // The transactions the next read must look for below this snapshot's xmax: those found open
    // before it, and those that got their id between that look and the snapshot, less those whose
    // rows this read found (they had committed by the snapshot). A primary's snapshot names its
    // open transactions; a standby's range is a few milliseconds' worth of ids.
    QSet<quint64> stillOpen(open.inProgress.cbegin(), open.inProgress.cend());
    if (open.standby) {
        for (quint64 xid = open.high; xid < head.xmax; ++xid)
            stillOpen.insert(xid);
    } else {
        for (quint64 xid : head.open) {
            if (xid >= open.high)
                stillOpen.insert(xid);
        }
    }
    m_open.clear();
    for (quint64 xid : std::as_const(stillOpen)) {
        if (!read.contains(xid))
            m_open.append(xid);
    }
    std::sort(m_open.begin(), m_open.end());
    m_xmax = head.xmax;
}

ReadDelta FarmReader::refresh(PgConnection& connection)
{
    OpenTransactions open;
    const bool initial = mustReload(connection, open);

    PgTransaction transaction(connection, PgTransaction::Mode::RepeatableReadOnly);
    // Read into locals and apply only after COMMIT: a failure leaves the state as it was, without
    // copying the window's rows at every refresh.
    FarmData next;
    const Head head = readHead(connection, next);
    Pass pass(next.now);
    next.servers = CurrentReads::readServers(connection, pass.current);
    next.storages = CurrentReads::readStorages(connection, pass.current);
    next.flushes = CurrentReads::readFlushes(connection, pass.current, m_flushHistory);
    if (next.schemaVersion >= ScheduledSchemaVersion) {
        next.scheduledTasks = CurrentReads::readScheduledTasks(connection, pass.current);
        next.scheduledRuns = CurrentReads::readScheduledRuns(connection, pass.current,
            next.now.addMSecs(-qint64(m_windowS) * 1000), MaxScheduledRuns, unfinishedRuns(m_data.scheduledRuns));
        next.registrationEvents = CurrentReads::readRegistrationEvents(connection, pass.current);
    }

    ReadDelta delta;
    delta.initial = initial;
    if (initial)
        readWindow(connection, pass, next, delta);
    else
        readSince(connection, pass, delta, head.outsideWatched);
    PendingCounts pending = initial ? PendingCounts(m_countWhole) : m_pending;
    const qint64 nowMs = next.now.toMSecsSinceEpoch();
    next.backlog = readBacklog(connection, pending, pass.current,
        initial ? PendingCounts::Walk::First : pending.mustWalk(head.outsideWatched, pass.outsideWritten, nowMs),
        pass.newTaskIds, pass.processedNow, nowMs);
    bool tablesRead = false;
    if (m_readDatabase) {
        const bool tablesDue = initial || m_tablesReadAtMs == 0 || nowMs - m_tablesReadAtMs >= TableSizesEveryMs
            || nowMs < m_tablesReadAtMs;
        next.database = DatabaseReads::read(connection, tablesDue);
        tablesRead = tablesDue;
    }
    transaction.commit();
    if (tablesRead) {
        m_tables = next.database->tables;
        m_tablesReadAtMs = nowMs;
    } else if (next.database) {
        next.database->tables = m_tables;
    }

    if (initial) {
        m_tasksById = std::move(pass.freshTasks);
        adoptWindow(std::move(next), pass);
    } else {
        m_tasksById.insert(pass.freshTasks);
        mergeDelta(std::move(next), pass, delta);
    }
    m_data.ignoredRows = m_ignoredHistory;
    RowRules::add(m_data.ignoredRows, pass.current.ignored());
    m_data.ignoredRows.removeIf([](const auto& it) { return it.value() == 0; });
    advanceWatermark(open, head, pass.read);
    m_pending = std::move(pending);
    prune();
    return delta;
}

void FarmReader::prune()
{
    // Raw rows are kept for the window only; the time series keep the longer history.
    const QDateTime start = m_data.now.addMSecs(-qint64(m_windowS) * 1000);
    auto old = [&start](const QDateTime& t) { return t <= start; };
    m_data.deliveries.removeIf([&](const DeliveryRow& r) {
        if (!old(r.processedAt))
            return false;
        m_deliveryKeys.remove({ r.taskId, r.serverId });
        return true;
    });
    m_data.tasks.removeIf([&](const TaskRow& r) {
        if (!old(r.createdAt))
            return false;
        m_tasksById.remove(r.id);
        return true;
    });
    m_data.heartbeats.removeIf([&](const HeartbeatRow& r) { return old(r.receivedAt); });
    m_data.probes.removeIf([&](const ProbeRow& r) { return old(r.probedAt); });

    QSet<qint64> serverIds;
    for (const ServerRow& server : std::as_const(m_data.servers))
        serverIds.insert(server.id);
    m_data.lastHeartbeat.removeIf([&](const auto& it) { return !serverIds.contains(it.key()); });
    if (m_data.latestProbes.removeIf([&](const ProbeRow& r) { return !serverIds.contains(r.serverId); }) > 0)
        indexLatestProbes();
}

void FarmReader::indexLatestProbes()
{
    m_latestProbeAt.clear();
    m_latestProbeAt.reserve(m_data.latestProbes.size());
    for (qsizetype i = 0; i < m_data.latestProbes.size(); ++i) {
        const ProbeRow& probe = m_data.latestProbes.at(i);
        m_latestProbeAt.insert({ probe.storageId, probe.serverId }, i);
    }
}

void FarmReader::keepLatestProbe(const ProbeRow& probe)
{
    // By (storage, instance) through the index: a refresh's probes cost what they are, not that
    // times every pair (storages × instances) as a search of the list would.
    const auto at = m_latestProbeAt.constFind({ probe.storageId, probe.serverId });
    if (at == m_latestProbeAt.cend()) {
        m_latestProbeAt.insert({ probe.storageId, probe.serverId }, m_data.latestProbes.size());
        m_data.latestProbes.append(probe);
        return;
    }
    ProbeRow& existing = m_data.latestProbes[*at];
    if (probe.probedAt >= existing.probedAt)
        existing = probe;
}

} // namespace Paddock
