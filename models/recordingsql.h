#pragma once

#include "farmhistory.h"
#include "redisfigures.h"

#include <memory>
#include <optional>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <spdlog/spdlog.h>

// What the flight recorder's files (recording.cpp, recordinglimits.cpp) share: its logger and the
// way a failed SQLite statement becomes a one-line reason.
namespace Paddock::RecordingSql {

const std::shared_ptr<spdlog::logger>& log();
// The reason for people; a damaged file says so.
QString describe(const QSqlError& error);
// Sets *error (when given) and answers false.
bool fail(QString* error, const QString& message);
// Runs one statement; on failure fills *error and returns false.
bool run(QSqlQuery& query, QString* error);
bool run(const QSqlDatabase& db, const QString& sql, QString* error);
// The first column of the first row, nullopt when there is none or it is NULL.
std::optional<qint64> scalar(const QSqlDatabase& db, const QString& sql, const QVariantList& values = {});

// The Redis samples (recordingredis.cpp): the table, made when missing; appending; reading (fromMs, toMs].
bool ensureRedisTable(const QSqlDatabase& db, QString* error);
bool appendRedisPoints(const QSqlDatabase& db, const QList<RedisPoint>& points, QString* error);
QList<RedisPoint> redisPoints(const QSqlDatabase& db, qint64 fromMs, qint64 toMs);

// The series and their latency buckets from the first second of `series` on, deleted (a reload's).
bool clearSeriesFrom(const QSqlDatabase& db, const QList<SeriesUpdate>& series, QString* error);
// The latency buckets of the series (recordinglatency.cpp): the table, made when missing; appending
// the cells of each series row (counts add up); reading those of the seconds (fromS, toS] onto the
// series rows of their second and scope.
bool ensureLatencyTable(const QSqlDatabase& db, QString* error);
bool appendLatencyCells(const QSqlDatabase& db, const QList<SeriesUpdate>& series, QString* error);
void readLatencyCells(const QSqlDatabase& db, qint64 fromS, qint64 toS, QList<SeriesUpdate>& series);

} // namespace Paddock::RecordingSql
