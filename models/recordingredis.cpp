#include "recordingsql.h"

#include <cmath>

// The flight recorder's Redis samples (the Cache tab's points): one row each, at the local clock's
// time they were taken. The table came after format 1's first files, so it is made when missing and
// a file without it simply has no Redis points.
namespace Paddock::RecordingSql {

namespace {

QVariant valueOrNull(double value)
{
    return std::isnan(value) ? QVariant(QMetaType::fromType<double>()) : QVariant(value);
}

double numberOrNan(const QVariant& value)
{
    return value.isNull() ? NAN : value.toDouble();
}

} // namespace

bool ensureRedisTable(const QSqlDatabase& db, QString* error)
{
    return run(db,
        QStringLiteral("CREATE TABLE IF NOT EXISTS redis_point (at_ms INTEGER PRIMARY KEY, ok INTEGER NOT NULL, "
                       "hits_per_s REAL, misses_per_s REAL, evicted_per_s REAL, ops_per_s REAL, used_memory REAL, "
                       "max_memory REAL, ping_ms REAL)"),
        error);
}

bool appendRedisPoints(const QSqlDatabase& db, const QList<RedisPoint>& points, QString* error)
{
    if (points.isEmpty())
        return true;
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT OR REPLACE INTO redis_point (at_ms, ok, hits_per_s, misses_per_s, "
                                  "evicted_per_s, ops_per_s, used_memory, max_memory, ping_ms) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const RedisPoint& point : points) {
        insert.addBindValue(point.atMs);
        insert.addBindValue(point.ok ? 1 : 0);
        for (double value : { point.hitsPerS, point.missesPerS, point.evictedPerS, point.opsPerS, point.usedMemory,
                 point.maxMemory, point.pingMs })
            insert.addBindValue(valueOrNull(value));
        if (!run(insert, error))
            return false;
    }
    return true;
}

QList<RedisPoint> redisPoints(const QSqlDatabase& db, qint64 fromMs, qint64 toMs)
{
    QList<RedisPoint> points;
    QSqlQuery select(db);
    select.setForwardOnly(true);
    select.prepare(
        QStringLiteral("SELECT at_ms, ok, hits_per_s, misses_per_s, evicted_per_s, ops_per_s, used_memory, "
                       "max_memory, ping_ms FROM redis_point WHERE at_ms > ? AND at_ms <= ? ORDER BY at_ms"));
    select.addBindValue(fromMs);
    select.addBindValue(toMs);
    if (!select.exec())
        return points; // a recording made before the table existed
    while (select.next()) {
        RedisPoint point;
        point.atMs = select.value(0).toLongLong();
        point.ok = select.value(1).toInt() != 0;
        point.hitsPerS = numberOrNan(select.value(2));
        point.missesPerS = numberOrNan(select.value(3));
        point.evictedPerS = numberOrNan(select.value(4));
        point.opsPerS = numberOrNan(select.value(5));
        point.usedMemory = numberOrNan(select.value(6));
        point.maxMemory = numberOrNan(select.value(7));
        point.pingMs = numberOrNan(select.value(8));
        points.append(point);
    }
    return points;
}

} // namespace Paddock::RecordingSql
