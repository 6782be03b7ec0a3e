// What the flight recorder costs: an append at the engine's fastest pace, the bytes each update
// leaves on disk, dropping the oldest data, the read behind a seek and a full check at open. No
// database server: the updates are synthetic, shaped like refreshes of a farm (the series that
// FarmHistory::updatesFor produces, a few flushes, 1-3 events each).
//
//   paddock-bench-recording

#include "enginetypes.h"
#include "farmhistory.h"
#include "figures.h"
#include "logging.h"
#include "recording.h"
#include "snapshotcodec.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>
#include <utility>

using namespace Paddock;

namespace {

constexpr int RefreshMs = 250; // 4 refreshes per second: the engine's minRefreshIntervalMs
constexpr int RefreshesPerS = 1000 / RefreshMs;
constexpr int HistoryS = 3600; // what the window shows (retentionS)
constexpr int SpanS = HistoryS + 300; // the long recording: a full hour behind every seek
constexpr int Seeks = 20;
constexpr int SeekEvents = 2000; // EngineSettings::recordingEvents

const QDateTime T0(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC);

const QStringList TaskTypes { QStringLiteral("TOUCH_CACHE_ITEM"), QStringLiteral("REMOVE_CACHE_ITEM"),
    QStringLiteral("CLEAR_CACHE_ITEMS"), QStringLiteral("CLEAR_FULL_PAGE_CACHE"), QStringLiteral("INVALIDATE_OBJECT"),
    QStringLiteral("UPDATE_METAFILE"), QStringLiteral("DELETE_METAFILE") };

// What stops the benchmark: the recorder refused something it should have done.
struct Failure {
    QString message;
};

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

QString fixed(double value, int precision, int width = 10)
{
    return QStringLiteral("%1").arg(value, width, 'f', precision);
}

QString integer(qint64 value, int width = 10)
{
    return QStringLiteral("%1").arg(value, width);
}

QString head(const char* text, int width = 10)
{
    return QStringLiteral("%1").arg(QLatin1String(text), width);
}

double megabytes(qint64 bytes)
{
    return double(bytes) / (1024.0 * 1024.0);
}

double msSince(const QElapsedTimer& timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

double uniform(QRandomGenerator& random, double low, double high)
{
    return low + random.generateDouble() * (high - low);
}

struct Timing {
    double median = 0;
    double p95 = 0;
    double max = 0;
};

Timing timingOf(const QList<double>& ms)
{
    if (ms.isEmpty())
        return {};
    return { Figures::percentile(ms, 0.5).value_or(0), Figures::percentile(ms, 0.95).value_or(0),
        *std::max_element(ms.cbegin(), ms.cend()) };
}

LatencyStats latencyOf(QRandomGenerator& random, qint64 count, double typicalMs)
{
    LatencyStats stats;
    stats.count = count;
    if (count > 0) {
        const double p50 = typicalMs * uniform(random, 0.8, 1.2);
        stats.p50 = p50;
        stats.p95 = p50 * uniform(random, 1.8, 2.5);
        stats.p99 = *stats.p95 * uniform(random, 1.2, 1.6);
        stats.max = *stats.p99 * uniform(random, 1.0, 2.0);
    }
    return stats;
}

// What stays from one refresh to the next: the instances, the storages and the recent flushes.
struct Farm {
    QList<ServerRow> servers; // sorted by name
    QList<StorageRow> storages;
    QHash<qint64, QString> names;
    QList<FlushProgress> flushes; // newest first
};

Farm farmOf(int instances, int storages)
{
    Farm farm;
    for (int i = 1; i <= instances; ++i) {
        ServerRow server;
        server.id = 100 + i;
        server.name = QStringLiteral("web-%1").arg(i, 2, 10, QLatin1Char('0'));
        server.displayName = QStringLiteral("Web %1").arg(i);
        server.host = server.name + QLatin1String(".farm.example.net");
        server.zone = QStringLiteral("zone-%1").arg(i % 3 + 1);
        server.version = QStringLiteral("13.0.2");
        server.registeredAt = T0.addDays(-40);
        server.startedAt = T0.addSecs(-3 * 3600 - i * 60);
        farm.servers.append(server);
        farm.names.insert(server.id, server.name);
    }
    const char* const kinds[] = { "azure-blob", "s3", "nfs" };
    for (int s = 1; s <= storages; ++s) {
        StorageRow storage;
        storage.id = s;
        storage.name = QStringLiteral("media-%1").arg(s);
        storage.kind = QLatin1String(kinds[(s - 1) % 3]);
        storage.location = QStringLiteral("https://media%1.example.net/content").arg(s);
        farm.storages.append(storage);
    }
    for (int f = 0; f < 3; ++f) {
        FlushProgress flush;
        FlushRequestRow& request = flush.request;
        request.id = 500 - f;
        request.requestedAt = T0.addSecs(-600 * (f + 1));
        request.requestedBy = QStringLiteral("deploy");
        request.clientAddr = QStringLiteral("10.0.4.%1").arg(20 + f);
        request.applicationName = QStringLiteral("paddock");
        request.scope = f == 1 ? QStringLiteral("keys") : QStringLiteral("farm");
        if (f == 1)
            request.cacheKeys = { QStringLiteral("page:/pricing"), QStringLiteral("page:/news/spring-release") };
        request.reason = QStringLiteral("release 2026.3.%1").arg(3 - f);
        request.taskId = 90000 - f;
        double slowest = 0;
        for (const ServerRow& server : std::as_const(farm.servers)) {
            const double ackMs = 20.0 + double(server.id % 17) * 7.5;
            slowest = std::max(slowest, ackMs);
            FlushTargetRow target;
            target.serverId = server.id;
            target.processedAt = request.requestedAt.addMSecs(qint64(ackMs));
            request.targets.append(target);
            FlushTargetProgress progress;
            progress.serverId = server.id;
            progress.serverName = server.name;
            progress.state = FlushTargetProgress::State::Acknowledged;
            progress.ackMs = ackMs;
            flush.perTarget.append(progress);
        }
        flush.targets = flush.acknowledged = farm.servers.size();
        flush.slowestAckMs = slowest;
        farm.flushes.append(flush);
    }
    return farm;
}

// The per-type series of the current second, their sum in *total, and the per-type rates.
void addTypeSeries(EngineUpdate& update, SeriesUpdate& total, int instances, QRandomGenerator& random)
{
    const int maxPerType = instances < 10 ? 1 : 3;
    FarmFigures& figures = update.snapshot.farm;
    for (const QString& type : TaskTypes) {
        SeriesUpdate row;
        row.scope = FarmHistory::typeScope(type);
        row.second = total.second;
        row.created = qint32(random.bounded(maxPerType + 1));
        row.processed = qint32(random.bounded(maxPerType + 1)) * (instances - 1);
        row.failed = random.bounded(100) == 0 ? 1 : 0;
        total.created += row.created;
        total.processed += row.processed;
        total.failed += row.failed;
        figures.tasksCreatedPerSByType.insert(type, uniform(random, 0.0, 2.0 * maxPerType));
        figures.deliveriesProcessedPerSByType.insert(type, uniform(random, 0.0, 2.0 * maxPerType * instances));
        update.series.append(row);
    }
}

// One instance's figures, added to the farm's, and its series of the current second.
void addServer(
    EngineUpdate& update, const ServerRow& server, const SeriesUpdate& total, int instances, QRandomGenerator& random)
{
    const int maxPerType = instances < 10 ? 1 : 3;
    FarmFigures& figures = update.snapshot.farm;
    ServerFigures f;
    f.server = server;
    f.backlog = random.bounded(40);
    f.lastHeartbeatAgeS = uniform(random, 0.0, 5.0);
    f.clockSkewMs = uniform(random, -40.0, 40.0);
    if (f.backlog > 0)
        f.oldestPendingAgeS = uniform(random, 0.0, 3.0);
    if (random.bounded(50) == 0) {
        f.status = ServerStatus::Degraded;
        f.reasons.append(QStringLiteral("oldest pending %1 s > 10 s").arg(uniform(random, 10.0, 30.0), 0, 'f', 1));
    }
    f.deliveriesProcessedPerS = uniform(random, 0.5, 1.5) * maxPerType * RefreshesPerS;
    f.deliveriesProcessed = qint64(f.deliveriesProcessedPerS * 60);
    f.deliveriesFailed = random.bounded(3);
    f.cacheHitRatio = uniform(random, 0.85, 0.99);
    f.cacheItems = 100000 + random.bounded(20000);
    f.memoryBytes = (qint64(900) + random.bounded(200)) * 1024 * 1024;
    f.cacheLatency = latencyOf(random, f.deliveriesProcessed, 40.0);
    figures.deliveriesProcessed += f.deliveriesProcessed;
    figures.deliveriesFailed += f.deliveriesFailed;
    figures.deliveriesProcessedPerS += f.deliveriesProcessedPerS;
    figures.backlog += f.backlog;
    ++figures.byStatus[statusName(f.status)];

    SeriesUpdate row;
    row.scope = FarmHistory::serverScope(server.id);
    row.second = total.second;
    row.created = qint32(random.bounded(2));
    row.processed = total.processed / instances;
    row.backlog = f.backlog;
    row.latency = latencyOf(random, row.processed, 40.0);
    update.series.append(row);
    update.snapshot.servers.append(f);
}

// One storage's figures, every instance's latest probe of it and its series of the current second.
void addStorage(
    EngineUpdate& update, const Farm& farm, const StorageRow& storage, qint64 second, QRandomGenerator& random)
{
    StorageFigures f;
    f.storage = storage;
    f.status = StorageStatus::Ok;
    f.probeLatencyP95Ms = uniform(random, 20.0, 80.0);
    for (const ServerRow& server : farm.servers) {
        f.probingServers.append(server.name);
        ProbeRow probe;
        probe.storageId = storage.id;
        probe.serverId = server.id;
        probe.probedAt = update.snapshot.generatedAt.addMSecs(-random.bounded(30000));
        probe.latencyMs = uniform(random, 10.0, 60.0);
        probe.freeBytes = qint64(500 + storage.id) * 1024 * 1024 * 1024;
        update.latestProbes.append(probe);
    }
    update.snapshot.storage.append(f);

    SeriesUpdate row;
    row.scope = FarmHistory::storageScope(storage.id);
    row.second = second;
    row.processed = qint32(1 + random.bounded(int(farm.servers.size()) / 2 + 1));
    row.latency = latencyOf(random, row.processed, 30.0);
    update.series.append(row);
}

// An instance event logged during the refresh before `at`.
EventRow eventOf(const Farm& farm, const QDateTime& at, QRandomGenerator& random)
{
    static const std::pair<const char*, const char*> kinds[] = {
        { "INFO", "cache cleared: %1 items" },
        { "INFO", "page cache warmed: %1 pages" },
        { "WARNING", "storage probe slow: %1 ms" },
        { "ERROR", "task %1 failed: timeout while writing the metafile" },
    };
    const auto& [code, message] = kinds[random.bounded(4)];
    EventRow event;
    event.serverId = farm.servers.at(random.bounded(int(farm.servers.size()))).id;
    event.loggedAt = at.addMSecs(-random.bounded(RefreshMs));
    event.code = QLatin1String(code);
    event.message = QString::fromLatin1(message).arg(random.bounded(100000));
    return event;
}

// The update of refresh `index`: a snapshot whose figures move, the series of the current second
// (counts, backlog, latency) and 1-3 instance events.
EngineUpdate refreshOf(const Farm& farm, qint64 index, QRandomGenerator& random)
{
    EngineUpdate update;
    update.sequence = quint64(index + 1);
    update.initial = index == 0;
    update.serverNames = farm.names;
    FarmSnapshot& snapshot = update.snapshot;
    snapshot.generatedAt = T0.addMSecs(index * RefreshMs);
    snapshot.windowS = 60;
    snapshot.schemaVersion = 3;
    snapshot.flushes = farm.flushes;
    const qint64 second = snapshot.generatedAt.toSecsSinceEpoch();
    const int instances = int(farm.servers.size());

    SeriesUpdate total;
    total.scope = FarmHistory::farmScope();
    total.second = second;
    addTypeSeries(update, total, instances, random);
    for (const ServerRow& server : farm.servers)
        addServer(update, server, total, instances, random);
    FarmFigures& figures = snapshot.farm;
    figures.servers = instances;
    figures.tasksCreated = total.created * 60 * RefreshesPerS;
    figures.tasksCreatedPerS = double(total.created * RefreshesPerS);
    figures.cacheLatency = latencyOf(random, figures.deliveriesProcessed, 40.0);
    total.backlog = figures.backlog;
    total.latency = latencyOf(random, total.processed, 40.0);
    update.series.append(total);

    for (const StorageRow& storage : farm.storages)
        addStorage(update, farm, storage, second, random);
    const int events = 1 + int(random.bounded(3));
    for (int e = 0; e < events; ++e)
        update.newEvents.append(eventOf(farm, snapshot.generatedAt, random));
    return update;
}

struct Result {
    int instances = 0;
    int storages = 0;
    qint64 seriesPerUpdate = 0;
    qint64 blobBytes = 0; // one encoded snapshot
    int timedAppends = 0;
    Timing append; // the first appends, into a new file
    Timing appendAtHour; // as many appends, more than an hour in
    qint64 bytesAtTimed = 0;
    qint64 updates = 0; // the long recording
    qint64 bytes = 0;
    double headerOpenMs = 0;
    double fullOpenMs = 0;
    Timing seek;
    qint64 seekSeries = 0; // rows of one seek
    qint64 seekEvents = 0;
    double seekWithoutSeriesMs = 0; // historyS 0
    double withinLimitsMs = 0; // enforceLimits with nothing to drop
    qint64 limitBytes = 0;
    double enforceMs = 0;
    qint64 dropped = 0;
    qint64 bytesAfterEnforce = 0;
    qint64 compactBytes = 0; // the long recording thinned by the default limits, as a compact copy
};

std::unique_ptr<Recording> openRecording(const QString& path, Recording::Mode mode, Recording::Check check)
{
    QString error;
    std::unique_ptr<Recording> recording = Recording::open(path, mode, &error, check);
    if (!recording)
        throw Failure { error };
    return recording;
}

qint64 fileSize(const QString& path)
{
    return QFileInfo(path).size();
}

// 1, 2: appends into a new file, then on to more than an hour of recording.
void measureAppends(
    Recording* recording, const QString& path, const Farm& farm, QRandomGenerator& random, Result* result)
{
    const qint64 updates = qint64(SpanS) * RefreshesPerS;
    QList<double> times;
    times.reserve(updates);
    QElapsedTimer timer;
    for (qint64 i = 0; i < updates; ++i) {
        const EngineUpdate update = refreshOf(farm, i, random);
        QString error;
        timer.start();
        const bool ok = recording->append(update, &error);
        times.append(msSince(timer));
        if (!ok)
            throw Failure { QStringLiteral("append %1: %2").arg(i).arg(error) };
        if (i + 1 == result->timedAppends) {
            recording->checkpoint();
            result->bytesAtTimed = fileSize(path);
        }
    }
    result->append = timingOf(times.first(result->timedAppends));
    result->appendAtHour = timingOf(times.last(result->timedAppends));
    recording->checkpoint();
    result->updates = updates;
    result->bytes = fileSize(path);
}

// What the engine pays every 30 appends when the file is within its limits; the size of a compact
// copy of what the default limits keep.
void measureWithinLimits(Recording* recording, const QString& path, Result* result)
{
    QElapsedTimer timer;
    QList<double> checks;
    for (int i = 0; i < 20; ++i) {
        timer.start();
        recording->enforceLimits(RecordingLimits {});
        checks.append(msSince(timer));
    }
    result->withinLimitsMs = timingOf(checks).median; // the first call thinned, the median did not
    const QString compact = path + QStringLiteral(".compact");
    QString error;
    if (!recording->copyTo(compact, &error))
        throw Failure { QStringLiteral("copyTo: ") + error };
    result->compactBytes = fileSize(compact);
    QFile::remove(compact);
}

// 5: opening, as `paddock open` and the replay do; the header check for comparison. Returns the
// recording opened with the full check.
std::unique_ptr<Recording> measureOpen(const QString& path, Result* result)
{
    QElapsedTimer timer;
    timer.start();
    std::unique_ptr<Recording> reader = openRecording(path, Recording::Mode::ReadOnly, Recording::Check::Header);
    result->headerOpenMs = msSince(timer);
    reader.reset();
    timer.start();
    reader = openRecording(path, Recording::Mode::ReadOnly, Recording::Check::Full);
    result->fullOpenMs = msSince(timer);
    return reader;
}

// 4: seeks anywhere past the first hour, so that each one reads a full hour of series.
void measureSeeks(Recording* reader, QRandomGenerator& random, Result* result)
{
    QElapsedTimer timer;
    QList<double> seeks;
    QList<double> seeksWithoutSeries;
    for (int s = 0; s < Seeks; ++s) {
        const QDateTime at = T0.addMSecs(qint64(HistoryS) * 1000 + random.bounded(qint64(SpanS - HistoryS) * 1000));
        QString error;
        timer.start();
        const std::optional<EngineUpdate> state = reader->stateAt(at, HistoryS, SeekEvents, &error);
        seeks.append(msSince(timer));
        if (!state)
            throw Failure { QStringLiteral("stateAt: ") + error };
        result->seekSeries = state->series.size();
        result->seekEvents = state->newEvents.size();
        // The same seek without the series: the snapshot and the events alone.
        timer.start();
        reader->stateAt(at, 0, SeekEvents);
        seeksWithoutSeries.append(msSince(timer));
    }
    result->seek = timingOf(seeks);
    result->seekWithoutSeriesMs = timingOf(seeksWithoutSeries).median;
}

// 3: a limit of half the file, so that enforceLimits has to drop about half of it.
void measureEnforce(const QString& path, Result* result)
{
    std::unique_ptr<Recording> recording = openRecording(path, Recording::Mode::ReadWrite, Recording::Check::Header);
    RecordingLimits limits;
    limits.maxBytes = result->compactBytes / 2; // half of what it holds after thinning
    result->limitBytes = limits.maxBytes;
    QElapsedTimer timer;
    timer.start();
    result->dropped = recording->enforceLimits(limits);
    result->enforceMs = msSince(timer);
    recording->checkpoint();
    result->bytesAfterEnforce = fileSize(path);
}

Result run(const QString& path, int instances, int storages, int timedAppends)
{
    Result result;
    result.instances = instances;
    result.storages = storages;
    result.timedAppends = timedAppends;
    const Farm farm = farmOf(instances, storages);
    QRandomGenerator random { quint32(instances) };
    {
        const EngineUpdate sample = refreshOf(farm, 1, random);
        result.seriesPerUpdate = sample.series.size();
        result.blobBytes = SnapshotCodec::encode({ sample.snapshot, sample.latestProbes, sample.serverNames }).size();
    }

    std::unique_ptr<Recording> recording = openRecording(path, Recording::Mode::ReadWrite, Recording::Check::Header);
    measureAppends(recording.get(), path, farm, random, &result);
    measureWithinLimits(recording.get(), path, &result);
    recording.reset();
    std::unique_ptr<Recording> reader = measureOpen(path, &result);
    measureSeeks(reader.get(), random, &result);
    reader.reset();
    measureEnforce(path, &result);
    return result;
}

double hoursIn(qint64 bytes, qint64 bytesPerUpdate)
{
    return double(bytes) / double(bytesPerUpdate * RefreshesPerS * 3600);
}

void print(const QList<Result>& results)
{
    const qint64 limitBytes = RecordingLimits {}.maxBytes;

    out() << "\n1. append(), one transaction per update: into the new file, and as many appends more than an hour in\n"
          << head("instances") << head("storages") << head("series", 8) << head("snapshot B", 12) << head("appends")
          << head("median ms") << head("p95 ms") << head("max ms") << "  when\n";
    for (const Result& r : results) {
        const auto line = [&r](const Timing& t, const char* when) {
            out() << integer(r.instances) << integer(r.storages) << integer(r.seriesPerUpdate, 8)
                  << integer(r.blobBytes, 12) << integer(r.timedAppends) << fixed(t.median, 3) << fixed(t.p95, 3)
                  << fixed(t.max, 2) << "  " << when << "\n";
        };
        line(r.append, "new file");
        line(r.appendAtHour, "1 h in");
    }

    out() << "\n2. bytes on disk per update (file after a checkpoint / updates), and the hours "
          << limitBytes / (1024 * 1024) << " MB holds at " << RefreshesPerS << " updates/s\n"
          << head("instances") << head("updates") << head("file MB") << head("B/update") << head("h in limit", 12)
          << "\n";
    for (const Result& r : results) {
        for (const auto& [updates, bytes] :
            { std::pair(qint64(r.timedAppends), r.bytesAtTimed), std::pair(r.updates, r.bytes) }) {
            const qint64 perUpdate = bytes / updates;
            out() << integer(r.instances) << integer(updates) << fixed(megabytes(bytes), 1) << integer(perUpdate)
                  << fixed(hoursIn(limitBytes, perUpdate), 1, 12) << "\n";
        }
    }

    const RecordingLimits defaults;
    out() << "\n2b. with the default thinning (every snapshot of the last " << defaults.fullResolutionS / 60
          << " min, one per " << defaults.thinnedEveryS << " s before): the same recording compacted, and the hours "
          << limitBytes / (1024 * 1024) << " MB holds\n"
          << head("instances") << head("span h") << head("file MB") << head("thinned MB", 12) << head("MB/h older", 12)
          << head("h in limit", 12) << "\n";
    for (const Result& r : results) {
        const double spanH = double(SpanS) / 3600.0;
        const double fullH = double(defaults.fullResolutionS) / 3600.0;
        const double fullBytes = double(r.bytes) / spanH * fullH;
        const double olderPerHour = (double(r.compactBytes) - fullBytes) / (spanH - fullH);
        out() << integer(r.instances) << fixed(spanH, 2) << fixed(megabytes(r.bytes), 1)
              << fixed(megabytes(r.compactBytes), 1, 12) << fixed(olderPerHour / (1024 * 1024), 1, 12)
              << fixed(fullH + (double(limitBytes) - fullBytes) / olderPerHour, 1, 12) << "\n";
    }

    out() << "\n3. enforceLimits() on the thinned 1 h file with maxBytes at half of its data (and, last column, with "
             "nothing "
             "to drop)\n"
          << head("instances") << head("file MB") << head("limit MB") << head("ms") << head("dropped")
          << head("MB after") << head("no-op ms", 12) << "\n";
    for (const Result& r : results) {
        out() << integer(r.instances) << fixed(megabytes(r.bytes), 1) << fixed(megabytes(r.limitBytes), 1)
              << fixed(r.enforceMs, 1) << integer(r.dropped) << fixed(megabytes(r.bytesAfterEnforce), 1)
              << fixed(r.withinLimitsMs, 3, 12) << "\n";
    }

    out() << "\n4. stateAt(historyS " << HistoryS << ", " << SeekEvents << " events) at " << Seeks
          << " random moments past the first hour; last column: the same seeks with historyS 0\n"
          << head("instances") << head("median ms") << head("p95 ms") << head("max ms") << head("series", 12)
          << head("events") << head("no series ms", 14) << "\n";
    for (const Result& r : results) {
        out() << integer(r.instances) << fixed(r.seek.median, 1) << fixed(r.seek.p95, 1) << fixed(r.seek.max, 1)
              << integer(r.seekSeries, 12) << integer(r.seekEvents) << fixed(r.seekWithoutSeriesMs, 1, 14) << "\n";
    }

    out() << "\n5. open, read-only, with Check::Full (quick_check) and, for comparison, Check::Header\n"
          << head("instances") << head("file MB") << head("full ms") << head("MB/s") << head("header ms") << "\n";
    for (const Result& r : results) {
        out() << integer(r.instances) << fixed(megabytes(r.bytes), 1) << fixed(r.fullOpenMs, 1)
              << fixed(megabytes(r.bytes) / (r.fullOpenMs / 1000.0), 0) << fixed(r.headerOpenMs, 2) << "\n";
    }
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    Log::init(spdlog::level::warn);
    QTemporaryDir directory;
    if (!directory.isValid()) {
        QTextStream(stderr) << "paddock-bench-recording: no temporary directory: " << directory.errorString()
                            << Qt::endl;
        return 1;
    }
    out() << "flight recorder cost (Qt " << qVersion() << "; a refresh every " << RefreshMs << " ms with "
          << TaskTypes.size() << " task types, 3 flushes, 1-3 events; one new file per farm, recorded for "
          << fixed(SpanS / 3600.0, 2, 0) << " h)" << Qt::endl;
    try {
        const QList<Result> results {
            run(directory.filePath(QStringLiteral("farm-6.paddock-recording")), 6, 2, 3000),
            run(directory.filePath(QStringLiteral("farm-50.paddock-recording")), 50, 3, 1500),
        };
        print(results);
    } catch (const Failure& failure) {
        QTextStream(stderr) << "paddock-bench-recording: " << failure.message << Qt::endl;
        return 1;
    }
    return 0;
}
