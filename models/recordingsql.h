#pragma once

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

} // namespace Paddock::RecordingSql
