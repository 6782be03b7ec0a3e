#include "recordingsql.h"

#include "logging.h"

namespace Paddock::RecordingSql {

const std::shared_ptr<spdlog::logger>& log()
{
    return Log::recorder();
}

QString describe(const QSqlError& error)
{
    QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    if (text.contains(QLatin1String("malformed")) || text.contains(QLatin1String("not a database")))
        return QStringLiteral("the recording is damaged (%1)").arg(text);
    return text;
}

bool fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

bool run(QSqlQuery& query, QString* error)
{
    if (query.exec())
        return true;
    return fail(error, describe(query.lastError()));
}

bool run(const QSqlDatabase& db, const QString& sql, QString* error)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    return fail(error, describe(query.lastError()));
}

std::optional<qint64> scalar(const QSqlDatabase& db, const QString& sql, const QVariantList& values)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return std::nullopt;
    for (const QVariant& value : values)
        query.addBindValue(value);
    if (!query.exec() || !query.next() || query.value(0).isNull())
        return std::nullopt;
    return query.value(0).toLongLong();
}

} // namespace Paddock::RecordingSql
