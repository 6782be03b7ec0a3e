#include "recording.h"

#include "logging.h"
#include "recordingsql.h"

#include <atomic>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtEndian>

namespace Paddock {

using namespace RecordingSql;

namespace {

const QLatin1String FormatName("paddock-recording");

// Format 1. A later format adds its migration from this one; the reader keeps reading this one.
const char* const Schema[] = {
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    // One row per engine refresh; data is a SnapshotCodec blob. at_ms is generated_at (DB clock).
    "CREATE TABLE snapshot (at_ms INTEGER PRIMARY KEY, recorded_at_ms INTEGER NOT NULL, "
    "servers INTEGER NOT NULL, exit_status INTEGER NOT NULL, data BLOB NOT NULL)",
    // The per-second series of FarmHistory: counts add up, backlog and latency are levels.
    "CREATE TABLE series (second INTEGER NOT NULL, scope TEXT NOT NULL, created INTEGER NOT NULL DEFAULT 0, "
    "processed INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0, backlog INTEGER, "
    "latency_count INTEGER, p50 REAL, p95 REAL, p99 REAL, max REAL, PRIMARY KEY (second, scope)) WITHOUT ROWID",
    // A reload brings events again: the unique key keeps one of each.
    "CREATE TABLE event (logged_at_ms INTEGER NOT NULL, server_id INTEGER NOT NULL, code TEXT NOT NULL, "
    "message TEXT NOT NULL DEFAULT '', UNIQUE (logged_at_ms, server_id, code, message))",
    // The engine's connection: when it was lost and restored (local clock).
    "CREATE TABLE connection (at_ms INTEGER NOT NULL, state TEXT NOT NULL, error TEXT NOT NULL DEFAULT '', "
    "target TEXT NOT NULL DEFAULT '')",
    "CREATE INDEX connection_time ON connection (at_ms)",
};

QString newConnectionName()
{
    static std::atomic<int> counter { 0 };
    return QStringLiteral("paddock-recording-%1").arg(++counter);
}

QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QVariant optionalValue(const std::optional<double>& value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<double>());
}

std::optional<double> optionalDouble(const QVariant& value)
{
    return value.isNull() ? std::nullopt : std::optional<double>(value.toDouble());
}

// What the first 100 bytes of the file say, checked before SQLite sees it: a random file must be
// refused by us, with a reason, not half-opened.
bool checkHeader(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(error, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const QByteArray header = file.read(100);
    const qint64 size = file.size();
    if (size == 0)
        return fail(error, QStringLiteral("%1 is empty: not a Paddock recording").arg(path));
    if (header.size() < 100 || !header.startsWith(QByteArrayLiteral("SQLite format 3\0")))
        return fail(error, QStringLiteral("%1 is not a Paddock recording (not an SQLite database)").arg(path));
    const auto u32 = [&header](int offset) { return qFromBigEndian<quint32>(header.constData() + offset); };
    const quint16 rawPageSize = qFromBigEndian<quint16>(header.constData() + 16);
    const qint64 pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
    const qint64 pages = u32(28);
    // The in-header size counts only when its change counter is current; with a WAL next to the
    // file, pages may still be on their way into it.
    const QFileInfo wal(path + QLatin1String("-wal"));
    const bool walPending = wal.exists() && wal.size() > 0;
    if (!walPending && pages > 0 && u32(24) == u32(92) && pages * pageSize > size)
        return fail(error,
            QStringLiteral("%1 is damaged: it is truncated (%2 of %3 bytes)")
                .arg(path)
                .arg(size)
                .arg(pages * pageSize));
    return true;
}

} // namespace

Recording::Recording(QString path, Mode mode, QString connectionName)
    : m_path(std::move(path))
    , m_mode(mode)
    , m_connectionName(std::move(connectionName))
{
}

Recording::~Recording()
{
    {
        QSqlDatabase db = database();
        if (db.isOpen() && m_mode == Mode::ReadWrite)
            checkpoint();
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlDatabase Recording::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

std::unique_ptr<Recording> Recording::open(const QString& path, Mode mode, QString* error, Check check)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
        fail(error, QStringLiteral("the Qt SQLite driver is missing (Debian: libqt6sql6-sqlite)"));
        return nullptr;
    }
    const QFileInfo file(path);
    const bool exists = file.exists();
    if (mode == Mode::ReadOnly && !exists) {
        fail(error, QStringLiteral("no such file: %1").arg(path));
        return nullptr;
    }
    if (exists && file.isDir()) {
        fail(error, QStringLiteral("%1 is a directory, not a recording").arg(path));
        return nullptr;
    }
    const bool fresh = mode == Mode::ReadWrite && (!exists || file.size() == 0);
    if (!fresh && !checkHeader(path, error))
        return nullptr;

    std::unique_ptr<QLockFile> lock;
    if (mode == Mode::ReadWrite) {
        if (!QDir().mkpath(file.absolutePath())) {
            fail(error, QStringLiteral("cannot create the directory %1").arg(file.absolutePath()));
            return nullptr;
        }
        // Two writers would count every second twice: one Paddock records a file at a time.
        lock = std::make_unique<QLockFile>(path + QLatin1String(".lock"));
        if (!lock->tryLock(0)) {
            qint64 pid = 0;
            QString host, application;
            lock->getLockInfo(&pid, &host, &application);
            fail(error,
                QStringLiteral("%1 is being recorded by another Paddock (process %2 on %3)")
                    .arg(path)
                    .arg(pid)
                    .arg(host));
            return nullptr;
        }
    }

    std::unique_ptr<Recording> recording(new Recording(path, mode, newConnectionName()));
    recording->m_lock = std::move(lock);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), recording->m_connectionName);
    db.setDatabaseName(path);
    db.setConnectOptions(mode == Mode::ReadOnly ? QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000")
                                                : QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open()) {
        fail(error, QStringLiteral("cannot open %1: %2").arg(path, describe(db.lastError())));
        return nullptr;
    }
    if (mode == Mode::ReadWrite) {
        // NORMAL is consistent under WAL (a kill loses at most the last commits, never the file).
        if (!run(db, QStringLiteral("PRAGMA synchronous = NORMAL"), error))
            return nullptr;
        if (fresh || scalar(db, QStringLiteral("PRAGMA application_id")).value_or(0) == 0) {
            if (!recording->initialise(error))
                return nullptr;
        }
    }
    if (!recording->validate(check, error))
        return nullptr;
    if (mode == Mode::ReadWrite && (!ensureRedisTable(db, error) || !ensureLatencyTable(db, error)))
        return nullptr;
    log()->info("opened {} ({})", path.toStdString(), mode == Mode::ReadOnly ? "read-only" : "recording");
    return recording;
}

bool Recording::initialise(QString* error)
{
    QSqlDatabase db = database();
    // An SQLite file with tables but no application id belongs to someone else: leave it alone.
    if (scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_schema")).value_or(0) > 0)
        return fail(error, QStringLiteral("%1 is an SQLite database, but not a Paddock recording").arg(m_path));
    // These must precede the first table; WAL is a property of the file from then on. With 8 KiB
    // pages a small farm's snapshot (2-3 KiB) no longer has a page to itself: a third less disk.
    if (!run(db, QStringLiteral("PRAGMA page_size = 8192"), error)
        || !run(db, QStringLiteral("PRAGMA auto_vacuum = INCREMENTAL"), error)
        || !run(db, QStringLiteral("PRAGMA journal_mode = WAL"), error))
        return false;
    if (!db.transaction())
        return fail(error, describe(db.lastError()));
    for (const char* statement : Schema) {
        if (!run(db, QString::fromLatin1(statement), error)) {
            db.rollback();
            return false;
        }
    }
    QSqlQuery meta(db);
    meta.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?)"));
    const QList<std::pair<QString, QString>> values {
        { QStringLiteral("format"), FormatName },
        { QStringLiteral("created_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) },
        { QStringLiteral("created_by"), QStringLiteral("paddock %1").arg(QStringLiteral(PADDOCK_VERSION)) },
    };
    for (const auto& [key, value] : values) {
        meta.addBindValue(key);
        meta.addBindValue(value);
        if (!run(meta, error)) {
            db.rollback();
            return false;
        }
    }
    // The header fields are written with the transaction: a file is a recording entirely or not at all.
    if (!run(db, QStringLiteral("PRAGMA application_id = %1").arg(ApplicationId), error)
        || !run(db, QStringLiteral("PRAGMA user_version = %1").arg(FormatVersion), error)) {
        db.rollback();
        return false;
    }
    if (!db.commit())
        return fail(error, describe(db.lastError()));
    log()->info("created the recording {}", m_path.toStdString());
    return true;
}

bool Recording::validate(Check check, QString* error)
{
    QSqlDatabase db = database();
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA application_id")) || !query.next())
        return fail(error, QStringLiteral("%1: %2").arg(m_path, describe(query.lastError())));
    if (query.value(0).toLongLong() != ApplicationId)
        return fail(error, QStringLiteral("%1 is an SQLite database, but not a Paddock recording").arg(m_path));
    const int version = int(scalar(db, QStringLiteral("PRAGMA user_version")).value_or(0));
    if (version > FormatVersion)
        return fail(error,
            QStringLiteral("%1 was made by a newer Paddock (recording format %2; this one reads up to %3)")
                .arg(m_path)
                .arg(version)
                .arg(FormatVersion));
    if (version < 1)
        return fail(error, QStringLiteral("%1 is damaged: it has no recording format").arg(m_path));
    QSqlQuery format(db);
    if (!format.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'format'")) || !format.next()
        || format.value(0).toString() != FormatName)
        return fail(error,
            QStringLiteral("%1 is damaged: %2")
                .arg(m_path,
                    format.lastError().isValid() ? describe(format.lastError()) : QStringLiteral("no format record")));
    if (check == Check::Full) {
        QSqlQuery quick(db);
        if (!quick.exec(QStringLiteral("PRAGMA quick_check")) || !quick.next())
            return fail(error, QStringLiteral("%1 is damaged: %2").arg(m_path, describe(quick.lastError())));
        if (quick.value(0).toString() != QLatin1String("ok"))
            return fail(error, QStringLiteral("%1 is damaged: %2").arg(m_path, quick.value(0).toString()));
    }
    return true;
}

QString Recording::defaultPath(const QString& directory, const QString& farmKey)
{
    QString name = farmKey;
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("_"));
    if (name.isEmpty())
        name = QStringLiteral("farm");
    return QDir(directory).filePath(name + QLatin1String(".paddock-recording"));
}

QDateTime Recording::parseTime(const QString& text, const QDateTime& end)
{
    const QString trimmed = text.trimmed();
    static const QRegularExpression relative(QStringLiteral("^-(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)$"));
    const QRegularExpressionMatch match = relative.match(trimmed);
    if (match.hasMatch()) {
        if (!end.isValid())
            return {};
        const double amount = match.captured(1).toDouble();
        const QString unit = match.captured(2);
        const double ms = unit == QLatin1String("ms") ? amount
            : unit == QLatin1String("s")              ? amount * 1e3
            : unit == QLatin1String("m")              ? amount * 60e3
            : unit == QLatin1String("h")              ? amount * 3600e3
                                                      : amount * 86400e3;
        return end.addMSecs(-qint64(ms));
    }
    QString iso = trimmed;
    iso.replace(QLatin1Char(' '), QLatin1Char('T'));
    QDateTime time = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (!time.isValid())
        time = QDateTime::fromString(iso, Qt::ISODate);
    return time.isValid() ? time.toUTC() : QDateTime();
}

RecordingInfo Recording::info() const
{
    QSqlDatabase db = database();
    RecordingInfo info;
    info.path = m_path;
    info.formatVersion = int(scalar(db, QStringLiteral("PRAGMA user_version")).value_or(0));
    QSqlQuery meta(db);
    if (meta.exec(QStringLiteral("SELECT key, value FROM meta"))) {
        while (meta.next()) {
            if (meta.value(0).toString() == QLatin1String("farm"))
                info.farm = meta.value(1).toString();
            else if (meta.value(0).toString() == QLatin1String("created_by"))
                info.createdBy = meta.value(1).toString();
        }
    }
    QSqlQuery range(db);
    if (range.exec(QStringLiteral("SELECT count(*), min(at_ms), max(at_ms) FROM snapshot")) && range.next()) {
        info.snapshots = range.value(0).toLongLong();
        if (info.snapshots > 0) {
            info.first = fromMs(range.value(1).toLongLong());
            info.last = fromMs(range.value(2).toLongLong());
        }
    }
    // With its WAL: between checkpoints the newest pages are there.
    info.bytes = QFileInfo(m_path).size() + QFileInfo(m_path + QLatin1String("-wal")).size();
    return info;
}

std::optional<RecordedSnapshot> Recording::snapshotAt(const QDateTime& at, QString* error) const
{
    QSqlQuery query(database());
    query.setForwardOnly(true);
    if (at.isValid()) {
        query.prepare(QStringLiteral("SELECT at_ms, data FROM snapshot WHERE at_ms <= ? ORDER BY at_ms DESC LIMIT 1"));
        query.addBindValue(at.toMSecsSinceEpoch());
    } else {
        query.prepare(QStringLiteral("SELECT at_ms, data FROM snapshot ORDER BY at_ms DESC LIMIT 1"));
    }
    if (!run(query, error))
        return std::nullopt;
    if (!query.next()) {
        fail(error,
            at.isValid() ? QStringLiteral("nothing was recorded by %1").arg(at.toString(Qt::ISODateWithMs))
                         : QStringLiteral("the recording holds no snapshot"));
        return std::nullopt;
    }
    QString reason;
    std::optional<RecordedSnapshot> recorded = SnapshotCodec::decode(query.value(1).toByteArray(), &reason);
    if (!recorded)
        fail(error,
            QStringLiteral("the snapshot of %1 is damaged: %2")
                .arg(fromMs(query.value(0).toLongLong()).toString(Qt::ISODateWithMs), reason));
    return recorded;
}

std::optional<EngineUpdate> Recording::stateAt(const QDateTime& at, int historyS, int maxEvents, QString* error) const
{
    std::optional<RecordedSnapshot> recorded = snapshotAt(at, error);
    if (!recorded)
        return std::nullopt;
    EngineUpdate update;
    update.origin = EngineUpdate::Origin::Recording;
    update.initial = true;
    update.snapshot = std::move(recorded->snapshot);
    update.latestProbes = std::move(recorded->latestProbes);
    update.serverNames = std::move(recorded->serverNames);
    const qint64 endMs = update.snapshot.generatedAt.toMSecsSinceEpoch();
    const qint64 endS = endMs / 1000;
    QSqlDatabase db = database();

    QSqlQuery series(db);
    series.setForwardOnly(true);
    series.prepare(QStringLiteral("SELECT second, scope, created, processed, failed, backlog, latency_count, p50, p95, "
                                  "p99, max FROM series WHERE second > ? AND second <= ?"));
    series.addBindValue(endS - historyS);
    series.addBindValue(endS);
    if (!run(series, error))
        return std::nullopt;
    while (series.next()) {
        SeriesUpdate row;
        row.second = series.value(0).toLongLong();
        row.scope = series.value(1).toString();
        row.created = series.value(2).toInt();
        row.processed = series.value(3).toInt();
        row.failed = series.value(4).toInt();
        if (!series.value(5).isNull())
            row.backlog = series.value(5).toLongLong();
        if (!series.value(6).isNull()) {
            LatencyStats latency;
            latency.count = series.value(6).toLongLong();
            latency.p50 = optionalDouble(series.value(7));
            latency.p95 = optionalDouble(series.value(8));
            latency.p99 = optionalDouble(series.value(9));
            latency.max = optionalDouble(series.value(10));
            row.latency = latency;
        }
        update.series.append(row);
    }
    readLatencyCells(db, endS - historyS, endS, update.series);

    update.redisPoints = redisPoints(db, endMs - qint64(historyS) * 1000, endMs);

    // The newest events up to the snapshot, and the connection losses and returns among them.
    QSqlQuery events(db);
    events.setForwardOnly(true);
    // Each side limited on its own index first: the cost stays flat however long the recording is.
    events.prepare(QStringLiteral(
        "SELECT at_ms, server_id, code, message FROM ("
        "  SELECT * FROM (SELECT logged_at_ms AS at_ms, server_id, code, message FROM event"
        "    WHERE logged_at_ms <= :end ORDER BY logged_at_ms DESC LIMIT :limit)"
        "  UNION ALL"
        "  SELECT * FROM (SELECT at_ms, 0, CASE state WHEN 'connected' THEN 'CONNECTION_RESTORED'"
        "    ELSE 'CONNECTION_LOST' END, error FROM connection"
        "    WHERE at_ms <= :end AND state IN ('connected', 'reconnecting') ORDER BY at_ms DESC LIMIT :limit)"
        ") ORDER BY at_ms DESC LIMIT :limit"));
    // Up to the moment asked for: a loss after the last snapshot is part of the story (the end).
    events.bindValue(QStringLiteral(":end"),
        at.isValid() ? std::max(endMs, at.toMSecsSinceEpoch()) : std::numeric_limits<qint64>::max());
    events.bindValue(QStringLiteral(":limit"), maxEvents);
    if (!run(events, error))
        return std::nullopt;
    while (events.next()) {
        EventRow row;
        row.loggedAt = fromMs(events.value(0).toLongLong());
        row.serverId = events.value(1).toLongLong();
        row.code = events.value(2).toString();
        row.message = events.value(3).toString();
        update.newEvents.prepend(row);
    }
    return update;
}

bool Recording::append(const EngineUpdate& update, QString* error)
{
    if (m_mode != Mode::ReadWrite)
        return fail(error, QStringLiteral("the recording is open read-only"));
    if (!update.snapshot.generatedAt.isValid())
        return fail(error, QStringLiteral("an update without a time cannot be recorded"));
    QSqlDatabase db = database();
    if (!db.transaction())
        return fail(error, describe(db.lastError()));
    auto abort = [&db] {
        db.rollback();
        return false;
    };

    QSqlQuery snapshot(db);
    snapshot.prepare(
        QStringLiteral("INSERT OR REPLACE INTO snapshot (at_ms, recorded_at_ms, servers, exit_status, data) "
                       "VALUES (?, ?, ?, ?, ?)"));
    snapshot.addBindValue(update.snapshot.generatedAt.toMSecsSinceEpoch());
    snapshot.addBindValue(QDateTime::currentMSecsSinceEpoch());
    snapshot.addBindValue(qint64(update.snapshot.servers.size()));
    snapshot.addBindValue(update.snapshot.exitStatus());
    snapshot.addBindValue(SnapshotCodec::encode({ update.snapshot, update.latestProbes, update.serverNames }));
    if (!run(snapshot, error))
        return abort();

    // A reload counts its window from scratch: what was recorded of those seconds is replaced.
    if (update.initial && !clearSeriesFrom(db, update.series, error))
        return abort();
    QSqlQuery series(db);
    series.prepare(QStringLiteral(
        "INSERT INTO series (second, scope, created, processed, failed, backlog, latency_count, p50, p95, p99, max) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (second, scope) DO UPDATE SET "
        "created = created + excluded.created, processed = processed + excluded.processed, "
        "failed = failed + excluded.failed, backlog = coalesce(excluded.backlog, backlog), "
        "latency_count = coalesce(excluded.latency_count, latency_count), "
        "p50 = CASE WHEN excluded.latency_count IS NULL THEN p50 ELSE excluded.p50 END, "
        "p95 = CASE WHEN excluded.latency_count IS NULL THEN p95 ELSE excluded.p95 END, "
        "p99 = CASE WHEN excluded.latency_count IS NULL THEN p99 ELSE excluded.p99 END, "
        "max = CASE WHEN excluded.latency_count IS NULL THEN max ELSE excluded.max END"));
    const QVariant nullInteger(QMetaType::fromType<qint64>());
    for (const SeriesUpdate& row : update.series) {
        series.addBindValue(row.second);
        series.addBindValue(row.scope);
        series.addBindValue(row.created);
        series.addBindValue(row.processed);
        series.addBindValue(row.failed);
        series.addBindValue(row.backlog ? QVariant(*row.backlog) : nullInteger);
        series.addBindValue(row.latency ? QVariant(row.latency->count) : nullInteger);
        series.addBindValue(optionalValue(row.latency ? row.latency->p50 : std::nullopt));
        series.addBindValue(optionalValue(row.latency ? row.latency->p95 : std::nullopt));
        series.addBindValue(optionalValue(row.latency ? row.latency->p99 : std::nullopt));
        series.addBindValue(optionalValue(row.latency ? row.latency->max : std::nullopt));
        if (!run(series, error))
            return abort();
    }

    if (!appendLatencyCells(db, update.series, error) || !appendRedisPoints(db, update.redisPoints, error))
        return abort();

    QSqlQuery event(db);
    event.prepare(
        QStringLiteral("INSERT OR IGNORE INTO event (logged_at_ms, server_id, code, message) VALUES (?, ?, ?, ?)"));
    for (const EventRow& row : update.newEvents) {
        event.addBindValue(row.loggedAt.toMSecsSinceEpoch());
        event.addBindValue(row.serverId);
        event.addBindValue(row.code);
        event.addBindValue(row.message.isNull() ? QString(QLatin1String("")) : row.message);
        if (!run(event, error))
            return abort();
    }
    if (!db.commit())
        return fail(error, describe(db.lastError()));
    return true;
}

bool Recording::appendConnection(const ConnectionState& state, QString* error)
{
    if (m_mode != Mode::ReadWrite)
        return fail(error, QStringLiteral("the recording is open read-only"));
    QSqlDatabase db = database();
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO connection (at_ms, state, error, target) VALUES (?, ?, ?, ?)"));
    query.addBindValue((state.since.isValid() ? state.since : QDateTime::currentDateTimeUtc()).toMSecsSinceEpoch());
    query.addBindValue(state.stateName());
    query.addBindValue(state.error.isNull() ? QString(QLatin1String("")) : state.error);
    query.addBindValue(state.target.isNull() ? QString(QLatin1String("")) : state.target);
    if (!run(query, error))
        return false;
    if (state.state == ConnectionState::State::Connected && !state.target.isEmpty()) {
        QSqlQuery farm(db);
        farm.prepare(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES ('farm', ?)"));
        farm.addBindValue(state.target);
        return run(farm, error);
    }
    return true;
}

qint64 Recording::usedBytes() const
{
    QSqlDatabase db = database();
    const qint64 pages = scalar(db, QStringLiteral("PRAGMA page_count")).value_or(0);
    const qint64 free = scalar(db, QStringLiteral("PRAGMA freelist_count")).value_or(0);
    return (pages - free) * scalar(db, QStringLiteral("PRAGMA page_size")).value_or(4096);
}

void Recording::checkpoint()
{
    QSqlQuery query(database());
    query.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
}

bool Recording::copyTo(const QString& target, QString* error) const
{
    if (QFileInfo::exists(target) && !QFile::remove(target))
        return fail(error, QStringLiteral("cannot replace %1").arg(target));
    QSqlQuery query(database());
    query.prepare(QStringLiteral("VACUUM INTO ?"));
    query.addBindValue(target);
    return run(query, error);
}

} // namespace Paddock
