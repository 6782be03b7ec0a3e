// What one engine refresh costs as the history grows: the same live load on top of a small and a
// large history. The refresh should cost about the same on both (DESIGN.md: "its cost must not
// grow with the size of the history tables").
//
//   paddock-bench-refresh [--history N ...] [--refreshes R]   (PG* environment: a superuser)

#include "farmreader.h"
#include "figures.h"
#include "logging.h"
#include "pgconnection.h"
#include "pgerror.h"
#include "schemamigrator.h"

#include <algorithm>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

using namespace Paddock;

namespace {

constexpr int Servers = 50;
constexpr int DeliveriesPerTask = Servers - 1;

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

// The reader is a role of its own, so that pg_stat_statements (in public: every session of Paddock
// resolves names in pg_catalog only) tells its blocks from the writer's.
const QString ReaderRole = QStringLiteral("paddock_bench_reader");

// Shared blocks (hit or read) of the reader's statements since the last reset, those whose text
// contains `like` when it is given.
double readerBlocks(PgConnection& admin, const QString& like = {})
{
    return double(
        admin
            .exec(QStringLiteral("SELECT coalesce(sum(shared_blks_hit + shared_blks_read), 0) FROM "
                                 "public.pg_stat_statements WHERE userid = $1::regrole AND dbid = (SELECT oid FROM "
                                 "pg_database WHERE datname = current_database()) AND query LIKE $2"),
                { ReaderRole, QStringLiteral("%%%1%%").arg(like) })
            .integer(0, 0)
            .value_or(0));
}

qint64 pendingNow(PgConnection& writer)
{
    return writer.exec(QStringLiteral("SELECT count(*) FROM webfarm.server_task WHERE processed_at IS NULL"))
        .integer(0, 0)
        .value_or(0);
}

// `count` more pending deliveries: tasks of server 1 that nobody processes.
void addPending(PgConnection& writer, qint64 count)
{
    const qint64 tasks = std::max<qint64>(1, count / DeliveriesPerTask);
    writer.exec(QStringLiteral("SELECT webfarm.create_task(1, 'REMOVE_CACHE_ITEM', 'pending') FROM generate_series(1, "
                               "$1)"),
        { tasks });
    writer.exec(QStringLiteral("VACUUM ANALYZE webfarm.server_task"));
}

// What the farm writes between two refreshes: 20 tasks, each delivered to the other 49 instances
// and processed by them, and a heartbeat of each instance, about one second of a farm at 20 tasks/s;
// and instance 2 works through its backlog, the 10 oldest of its pending deliveries (slowly enough
// not to empty it during the bench at any of the backlogs measured).
void liveLoad(PgConnection& writer, int round)
{
    writer.exec(QStringLiteral("BEGIN"));
    for (int t = 0; t < 20; ++t) {
        const qint64 task = writer
                                .exec(QStringLiteral("SELECT webfarm.create_task($1, 'REMOVE_CACHE_ITEM', 'k')"),
                                    { 1 + (round + t) % Servers })
                                .integer(0, 0)
                                .value_or(0);
        writer.exec(QStringLiteral("SELECT count(webfarm.complete_task(server_id, task_id)) FROM webfarm.server_task "
                                   "WHERE task_id = $1"),
            { task });
    }
    writer.exec(QStringLiteral("SELECT count(webfarm.complete_task(2, t.task_id)) FROM webfarm.fetch_tasks(2, 10) t"));
    writer.exec(QStringLiteral("INSERT INTO webfarm.heartbeat (server_id, sent_at) SELECT id, clock_timestamp() FROM "
                               "webfarm.server"));
    writer.exec(QStringLiteral("COMMIT"));
}

QStringList openXids(const FarmReader& reader)
{
    QStringList xids;
    for (quint64 xid : reader.openTransactions())
        xids.append(QString::number(xid));
    return xids;
}

struct Result {
    qint64 history = 0;
    qint64 fillMs = 0;
    double initialMs = 0;
    double medianMs = 0;
    double p95Ms = 0;
    double rowsPerRefresh = 0;
    double blocksPerRefresh = 0;
    QString topStatements; // blocks per refresh and text of the costliest statements
    // The backlog figure's statements alone, in blocks per refresh, under the live load, at
    // several backlogs: as the reader keeps it, and counted whole at every refresh.
    struct BacklogCost {
        qint64 pending = 0;
        double kept = 0;
        double whole = 0;
    };
    QList<BacklogCost> backlog;
    QString plan;
    // The database server's own health (DESIGN.md section 7) in the refresh: median ms of the
    // refreshes that read it and of those that do not, alternating under the same live load.
    double withHealthMs = 0;
    double withoutHealthMs = 0;
};

// A database of its own with the schema, the reader's role, 50 instances and a storage.
PgConnection createFarm(const QString& database)
{
    {
        PgConnection admin = PgConnection::open(QStringLiteral("dbname=postgres"));
        admin.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(database));
        admin.exec(QStringLiteral("CREATE DATABASE %1").arg(database));
    }
    PgConnection writer = PgConnection::open(QStringLiteral("dbname=") + database);
    SchemaMigrator(writer).install();
    writer.exec(QStringLiteral("CREATE EXTENSION IF NOT EXISTS pg_stat_statements SCHEMA public"));
    writer.exec(QStringLiteral("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1') THEN CREATE "
                               "ROLE %1 LOGIN; END IF; END $$")
                    .arg(ReaderRole));
    writer.exec(QStringLiteral("GRANT webfarm_monitor TO %1").arg(ReaderRole));
    for (int i = 1; i <= Servers; ++i) {
        writer.exec(QStringLiteral("SELECT webfarm.register_server($1, NULL, NULL, $2, '13.0')"),
            { QStringLiteral("web-%1").arg(i, 2, 10, QLatin1Char('0')), QStringLiteral("zone-%1").arg(i % 3) });
    }
    writer.exec(QStringLiteral("SELECT webfarm.register_storage('media', 'azure-blob', 'media')"));
    return writer;
}

// The history: processed deliveries spread over the last 30 days, ending 10 minutes ago, with
// heartbeats and probes in proportion. Written in bulk, as a long-running farm would have them.
// Returns the milliseconds it took.
qint64 fillHistory(PgConnection& writer, qint64 historyDeliveries)
{
    QElapsedTimer fill;
    fill.start();
    const qint64 tasks = std::max<qint64>(1, historyDeliveries / DeliveriesPerTask);
    writer.exec(QStringLiteral("BEGIN"));
    writer.exec(
        QStringLiteral("INSERT INTO webfarm.task (type, target, creator_server_id, created_at) "
                       "SELECT 'TOUCH_CACHE_ITEM', 'key-' || g, 1 + g % %1, clock_timestamp() - interval '10 minutes' "
                       "- (g * (interval '30 days' / %2)) FROM generate_series(1, %2) g")
            .arg(Servers)
            .arg(tasks));
    writer.exec(
        QStringLiteral("INSERT INTO webfarm.server_task (task_id, server_id, processed_at, task_created_at) "
                       "SELECT t.id, s.id, t.created_at + interval '40 milliseconds', t.created_at FROM webfarm.task t "
                       "JOIN webfarm.server s ON s.id <> t.creator_server_id"));
    writer.exec(QStringLiteral(
        "INSERT INTO webfarm.heartbeat (server_id, sent_at, received_at, cache_items, cache_hits, cache_misses) "
        "SELECT 1 + g % %1, ts, ts, 1000, g, g / 10 FROM (SELECT g, clock_timestamp() - interval '10 minutes' "
        "- (g * (interval '30 days' / %2)) AS ts FROM generate_series(1, %2) g) h")
                    .arg(Servers)
                    .arg(std::max<qint64>(1, historyDeliveries / 10)));
    writer.exec(QStringLiteral("COMMIT"));
    writer.exec(QStringLiteral("VACUUM ANALYZE"));
    return fill.elapsed();
}

// The first refresh, then `refreshes` more, each after the live load between two refreshes: 20
// tasks (980 deliveries processed) and 50 heartbeats, about what this farm writes in one second at
// 20 tasks/s.
void measureRefreshes(PgConnection& writer, PgConnection& reading, FarmReader& reader, int refreshes, Result* result)
{
    QElapsedTimer timer;
    timer.start();
    reader.refresh(reading);
    result->initialMs = double(timer.nsecsElapsed()) / 1e6;

    QList<double> times;
    qint64 rows = 0;
    writer.exec(QStringLiteral("SELECT public.pg_stat_statements_reset()"));
    for (int r = 0; r < refreshes; ++r) {
        liveLoad(writer, r);
        timer.restart();
        const ReadDelta delta = reader.refresh(reading);
        times.append(double(timer.nsecsElapsed()) / 1e6);
        rows += delta.deliveries.size() + delta.tasks.size() + delta.heartbeats.size();
        // The figures are part of every refresh too.
        Figures::compute(reader.data(), 60);
    }
    result->medianMs = Figures::percentile(times, 0.5).value_or(0);
    result->p95Ms = Figures::percentile(times, 0.95).value_or(0);
    result->rowsPerRefresh = double(rows) / refreshes;
    result->blocksPerRefresh = readerBlocks(writer) / refreshes;
}

// Where the blocks go: the reader's statements that cost the most, in blocks per refresh.
QString topStatements(PgConnection& writer, int refreshes)
{
    const PgResult top = writer.exec(
        QStringLiteral(
            "SELECT round((shared_blks_hit + shared_blks_read)::numeric / $2, 1)::text, left(regexp_replace("
            "query, '\\s+', ' ', 'g'), 150) FROM public.pg_stat_statements WHERE userid = $1::regrole AND dbid = "
            "(SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY shared_blks_hit + "
            "shared_blks_read DESC LIMIT 6"),
        { ReaderRole, refreshes });
    QString text;
    for (int r = 0; r < top.rows(); ++r)
        text += QStringLiteral("    %1  %2\n").arg(top.text(r, 0), 8).arg(top.text(r, 1));
    return text;
}

// How the incremental delivery read is executed: index scans whose cost does not depend on the history.
QString deliveryReadPlan(PgConnection& reading, const FarmReader& reader)
{
    const PgResult plan = reading.exec(
        QStringLiteral(
            "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT st.task_id FROM "
            "webfarm.server_task st JOIN webfarm.task t ON t.id = st.task_id WHERE (st.processed_xid >= $1::xid8 "
            "OR st.processed_xid = ANY($2::text[]::xid8[]))"),
        { QString::number(reader.watermarkXmax()), openXids(reader) });
    QString text;
    for (int r = 0; r < plan.rows(); ++r)
        text += QStringLiteral("    ") + plan.text(r, 0) + QLatin1Char('\n');
    return text;
}

// The backlog figure alone under the same live load, at a small and two large backlogs (one
// instance working through its own, oldest first): the statements marked as the backlog's,
// per refresh, as the reader keeps it and counted whole.
QList<Result::BacklogCost> backlogCosts(PgConnection& writer, PgConnection& reading, int refreshes)
{
    QList<Result::BacklogCost> costs;
    for (qint64 level : { qint64(100), qint64(20000), qint64(200000) }) {
        addPending(writer, level - pendingNow(writer));
        Result::BacklogCost cost;
        cost.pending = pendingNow(writer);
        for (double* field : { &cost.kept, &cost.whole }) {
            FarmReader measured(60);
            if (field == &cost.whole)
                measured.setBacklogCountedWhole(true);
            measured.refresh(reading);
            writer.exec(QStringLiteral("SELECT public.pg_stat_statements_reset()"));
            for (int r = 0; r < refreshes; ++r) {
                liveLoad(writer, r);
                measured.refresh(reading);
            }
            *field = readerBlocks(writer, QStringLiteral("/* paddock: backlog */")) / refreshes;
        }
        costs.append(cost);
    }
    return costs;
}

void healthCost(PgConnection& writer, PgConnection& reading, int refreshes, Result* result)
{
    FarmReader with(60);
    FarmReader without(60);
    without.setDatabaseHealthRead(false);
    with.refresh(reading);
    without.refresh(reading);
    QList<double> withMs;
    QList<double> withoutMs;
    QElapsedTimer timer;
    for (int r = 0; r < refreshes; ++r) {
        for (FarmReader* reader : { &with, &without }) {
            liveLoad(writer, r);
            timer.start();
            reader->refresh(reading);
            (reader == &with ? withMs : withoutMs).append(double(timer.nsecsElapsed()) / 1e6);
        }
    }
    result->withHealthMs = Figures::percentile(withMs, 0.5).value_or(0);
    result->withoutHealthMs = Figures::percentile(withoutMs, 0.5).value_or(0);
}

Result run(qint64 historyDeliveries, int refreshes, bool measureBacklog)
{
    Result result;
    result.history = historyDeliveries;
    const QString database = QStringLiteral("paddock_bench_%1").arg(historyDeliveries);
    PgConnection writer = createFarm(database);
    result.fillMs = fillHistory(writer, historyDeliveries);

    ConnectOptions options;
    options.readOnly = true;
    PgConnection reading = PgConnection::open(QStringLiteral("dbname=%1 user=%2").arg(database, ReaderRole), options);
    FarmReader reader(60);
    measureRefreshes(writer, reading, reader, refreshes, &result);
    result.topStatements = topStatements(writer, refreshes);
    result.plan = deliveryReadPlan(reading, reader);
    if (measureBacklog) {
        result.backlog = backlogCosts(writer, reading, refreshes);
        healthCost(writer, reading, refreshes, &result);
    }

    reading.close();
    writer.close();
    PgConnection admin = PgConnection::open(QStringLiteral("dbname=postgres"));
    admin.exec(QStringLiteral("DROP DATABASE %1 WITH (FORCE)").arg(database));
    return result;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    Log::init(spdlog::level::warn);
    QList<qint64> histories { 5000, 5000000 };
    int refreshes = 50;
    const QStringList args = QCoreApplication::arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args.at(i) == QLatin1String("--history"))
            histories = { args.at(i + 1).toLongLong() };
        else if (args.at(i) == QLatin1String("--refreshes"))
            refreshes = args.at(i + 1).toInt();
    }
    out() << "refresh cost against the history (" << Servers << " instances, per refresh: 20 tasks, 980 deliveries, "
          << Servers << " heartbeats; " << refreshes << " refreshes)\n";
    out() << QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                 .arg(QStringLiteral("history deliveries"), 20)
                 .arg(QStringLiteral("fill s"), 8)
                 .arg(QStringLiteral("initial ms"), 11)
                 .arg(QStringLiteral("median ms"), 10)
                 .arg(QStringLiteral("p95 ms"), 8)
                 .arg(QStringLiteral("rows/refresh"), 13)
                 .arg(QStringLiteral("blocks/refresh"), 15);
    out().flush();
    QList<Result> results;
    try {
        for (qint64 history : histories) {
            const Result r = run(history, refreshes, history == histories.first());
            out() << QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                         .arg(r.history, 20)
                         .arg(double(r.fillMs) / 1000.0, 8, 'f', 1)
                         .arg(r.initialMs, 11, 'f', 1)
                         .arg(r.medianMs, 10, 'f', 2)
                         .arg(r.p95Ms, 8, 'f', 2)
                         .arg(r.rowsPerRefresh, 13, 'f', 0)
                         .arg(r.blocksPerRefresh, 15, 'f', 1);
            out().flush();
            results.append(r);
        }
    } catch (const PgError& error) {
        QTextStream(stderr) << "paddock-bench-refresh: " << error.fullMessage() << Qt::endl;
        return 1;
    }
    if (results.size() >= 2 && results.first().blocksPerRefresh > 0)
        out() << QStringLiteral("\nblocks per refresh, %1 against %2 historical deliveries: %3x (budget 1.2x)\n")
                     .arg(results.last().history)
                     .arg(results.first().history)
                     .arg(results.last().blocksPerRefresh / results.first().blocksPerRefresh, 0, 'f', 2);
    for (const Result& r : std::as_const(results)) {
        if (r.withoutHealthMs > 0)
            out() << QStringLiteral(
                "\ndatabase health (sessions, locks, standbys; tables every minute), median refresh "
                "under the live load: %1 ms with it, %2 ms without (%3x)\n")
                         .arg(r.withHealthMs, 0, 'f', 2)
                         .arg(r.withoutHealthMs, 0, 'f', 2)
                         .arg(r.withHealthMs / r.withoutHealthMs, 0, 'f', 2);
        if (r.backlog.isEmpty())
            continue;
        out() << "\nbacklog figure, blocks per refresh under the live load (kept: as Paddock reads it; counted: the "
                 "whole backlog at every refresh):\n";
        for (const Result::BacklogCost& cost : r.backlog)
            out() << QStringLiteral("  %1 pending: kept %2, counted %3\n")
                         .arg(cost.pending, 7)
                         .arg(cost.kept, 7, 'f', 1)
                         .arg(cost.whole, 7, 'f', 1);
        const Result::BacklogCost& large = r.backlog.last();
        for (qsizetype i = 0; i + 1 < r.backlog.size(); ++i) {
            const Result::BacklogCost& small = r.backlog.at(i);
            if (small.kept > 0 && small.whole > 0)
                out() << QStringLiteral("  %1 against %2 pending: kept %3x, counted %4x\n")
                             .arg(large.pending)
                             .arg(small.pending)
                             .arg(large.kept / small.kept, 0, 'f', 2)
                             .arg(large.whole / small.whole, 0, 'f', 1);
        }
    }
    for (const Result& r : std::as_const(results))
        out() << "\nblocks per refresh of the costliest statements, history " << r.history << ":\n" << r.topStatements;
    for (const Result& r : std::as_const(results))
        out() << "\nplan of the incremental delivery read, history " << r.history << ":\n" << r.plan;
    return 0;
}
