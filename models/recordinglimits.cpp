#include "recording.h"
#include "recordingsql.h"

#include <QSqlDatabase>
#include <QSqlQuery>

// The flight recorder's bounds: thinning, age and size (RecordingLimits).
namespace Paddock {

using namespace RecordingSql;

qint64 Recording::dropBefore(qint64 cutoffMs, QString* error)
{
    QSqlDatabase db = database();
    if (!db.transaction()) {
        fail(error, describe(db.lastError()));
        return -1;
    }
    qint64 dropped = 0;
    const QList<std::pair<QString, qint64>> statements {
        { QStringLiteral("DELETE FROM snapshot WHERE at_ms < ?"), cutoffMs },
        { QStringLiteral("DELETE FROM series WHERE second < ?"), cutoffMs / 1000 },
        { QStringLiteral("DELETE FROM latency_bucket WHERE second < ?"), cutoffMs / 1000 },
        { QStringLiteral("DELETE FROM event WHERE logged_at_ms < ?"), cutoffMs },
        { QStringLiteral("DELETE FROM connection WHERE at_ms < ?"), cutoffMs },
        { QStringLiteral("DELETE FROM redis_point WHERE at_ms < ?"), cutoffMs },
    };
    for (const auto& [sql, bound] : statements) {
        QSqlQuery query(db);
        query.prepare(sql);
        query.addBindValue(bound);
        if (!run(query, error)) {
            db.rollback();
            return -1;
        }
        if (dropped == 0 && sql.contains(QLatin1String("snapshot")))
            dropped = query.numRowsAffected();
    }
    if (!db.commit()) {
        fail(error, describe(db.lastError()));
        return -1;
    }
    return dropped;
}

bool Recording::thin(const RecordingLimits& limits, qint64 newestMs, QString* error)
{
    // Whole buckets only, each keeping its first snapshot; what was thinned is not read again.
    const qint64 bucketMs = limits.thinnedEveryS * 1000;
    const qint64 until = (newestMs - limits.fullResolutionS * 1000) / bucketMs * bucketMs;
    if (until <= m_thinnedUntilMs)
        return true;
    QSqlQuery thin(database());
    thin.prepare(QStringLiteral(
        "DELETE FROM snapshot WHERE at_ms >= :from AND at_ms < :until AND at_ms NOT IN ("
        "SELECT min(at_ms) FROM snapshot WHERE at_ms >= :from AND at_ms < :until GROUP BY at_ms / :bucket)"));
    thin.bindValue(QStringLiteral(":from"), m_thinnedUntilMs);
    thin.bindValue(QStringLiteral(":until"), until);
    thin.bindValue(QStringLiteral(":bucket"), bucketMs);
    if (!run(thin, error))
        return false;
    log()->debug("thinned {} snapshots older than {} s to one per {} s", thin.numRowsAffected(), limits.fullResolutionS,
        limits.thinnedEveryS);
    m_thinnedUntilMs = until;
    return true;
}

void Recording::giveBackPages(const RecordingLimits& limits)
{
    // Freed pages are reused by the next appends; only a file larger than the limit (a lowered
    // limit) gives the excess back. Through Qt Sql the pragma frees one page per execution (it is
    // stepped once); one transaction keeps that cheap (~35 µs a page).
    QSqlDatabase db = database();
    const qint64 pageSize = scalar(db, QStringLiteral("PRAGMA page_size")).value_or(4096);
    const qint64 excessPages = scalar(db, QStringLiteral("PRAGMA page_count")).value_or(0) - limits.maxBytes / pageSize;
    const qint64 freePages = std::min(excessPages, scalar(db, QStringLiteral("PRAGMA freelist_count")).value_or(0));
    if (freePages <= 0 || !db.transaction())
        return;
    QSqlQuery vacuum(db);
    vacuum.prepare(QStringLiteral("PRAGMA incremental_vacuum(1)"));
    for (qint64 page = 0; page < freePages && vacuum.exec(); ++page)
        vacuum.finish(); // an unfinished statement would keep the commit from happening
    if (!db.commit())
        db.rollback();
}

qint64 Recording::enforceLimits(const RecordingLimits& limits, QString* error)
{
    if (m_mode != Mode::ReadWrite)
        return 0;
    QSqlDatabase db = database();
    qint64 total = 0;
    const std::optional<qint64> newest = scalar(db, QStringLiteral("SELECT max(at_ms) FROM snapshot"));
    if (newest && limits.thinnedEveryS > 0 && !thin(limits, *newest, error))
        return total;
    const std::optional<qint64> oldest = scalar(db, QStringLiteral("SELECT min(at_ms) FROM snapshot"));
    if (newest && oldest && *newest - *oldest > limits.maxAgeS * 1000) {
        const qint64 dropped = dropBefore(*newest - limits.maxAgeS * 1000, error);
        if (dropped < 0)
            return total;
        total += dropped;
    }
    while (usedBytes() > limits.maxBytes) {
        const qint64 count = scalar(db, QStringLiteral("SELECT count(*) FROM snapshot")).value_or(0);
        if (count < 2)
            break;
        // A twentieth at a time: one short transaction, not one per snapshot.
        const std::optional<qint64> cutoff
            = scalar(db, QStringLiteral("SELECT at_ms FROM snapshot ORDER BY at_ms LIMIT 1 OFFSET ?"),
                { std::max<qint64>(1, count / 20) });
        if (!cutoff)
            break;
        const qint64 dropped = dropBefore(*cutoff, error);
        if (dropped <= 0)
            break;
        total += dropped;
    }
    if (total > 0) {
        giveBackPages(limits);
        log()->info("dropped the {} oldest snapshots of {} to keep within {} h and {} MB", total, m_path.toStdString(),
            limits.maxAgeS / 3600, limits.maxBytes / (1024 * 1024));
    }
    return total;
}

} // namespace Paddock
