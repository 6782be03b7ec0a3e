#include "deliverydetail.h"

#include "pgresult.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

// The WHERE clause shared by the page and the count, with its parameters from $1.
QString whereClause(const DeliveryQuery& query, QVariantList* params)
{
    QStringList conditions { query.kind == DeliveryQuery::Kind::Pending ? u"st.processed_at IS NULL"_s
                                                                        : u"st.error_message IS NOT NULL"_s };
    if (!query.serverIds.isEmpty()) {
        QVariantList ids;
        for (qint64 id : query.serverIds)
            ids.append(id);
        params->append(QVariant(ids));
        conditions << u"st.server_id = ANY($%1::bigint[])"_s.arg(params->size());
    }
    if (!query.types.isEmpty()) {
        params->append(query.types);
        conditions << u"t.type = ANY($%1::text[])"_s.arg(params->size());
    }
    return u"WHERE "_s + conditions.join(u" AND "_s);
}

int pageSizeOf(const DeliveryQuery& query)
{
    return std::clamp(query.pageSize, 1, 10000);
}

QDateTime fromEpochMs(const PgResult& result, int row, int column)
{
    const auto ms = result.integer(row, column);
    return ms ? QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC) : QDateTime();
}

} // namespace

QString DeliveryQuery::sql() const
{
    QVariantList params;
    const QString where = whereClause(*this, &params);
    const QString order = kind == Kind::Pending ? u"st.task_created_at, st.task_id, st.server_id"_s
                                                : u"st.processed_at DESC, st.task_id DESC, st.server_id"_s;
    return uR"(SELECT st.task_id, st.server_id, s.name AS server_name, t.type AS task_type, t.target,
       left(t.text_data, %1) AS text_data, coalesce(length(t.text_data) > %1, false) AS text_data_truncated,
       c.name AS creator_name, st.error_message,
       round(extract(epoch FROM t.created_at) * 1000) AS created_at_ms,
       round(extract(epoch FROM st.processed_at) * 1000) AS processed_at_ms
FROM webfarm.server_task st
JOIN webfarm.task t ON t.id = st.task_id
JOIN webfarm.server s ON s.id = st.server_id
LEFT JOIN webfarm.server c ON c.id = t.creator_server_id
%2
ORDER BY %3
LIMIT $%4 OFFSET $%5)"_s.arg(TextDataLength)
        .arg(where, order)
        .arg(params.size() + 1)
        .arg(params.size() + 2);
}

QVariantList DeliveryQuery::params() const
{
    QVariantList params;
    whereClause(*this, &params);
    const int size = pageSizeOf(*this);
    params << size << qint64(std::max(page, 0)) * size;
    return params;
}

QString DeliveryQuery::countSql() const
{
    QVariantList params;
    const QString where = whereClause(*this, &params);
    const QString join = types.isEmpty() ? QString() : u" JOIN webfarm.task t ON t.id = st.task_id"_s;
    return u"SELECT count(*) FROM (SELECT 1 FROM webfarm.server_task st%1 %2 LIMIT %3) capped"_s.arg(
        join, where, QString::number(CountLimit + 1));
}

QVariantList DeliveryQuery::countParams() const
{
    QVariantList params;
    whereClause(*this, &params);
    return params;
}

QString DeliveryQuery::fullTextSql()
{
    return u"SELECT text_data FROM webfarm.task WHERE id = $1"_s;
}

QList<DeliveryDetailRow> DeliveryQuery::fromResult(const PgResult& result)
{
    const int taskId = result.column("task_id");
    const int serverId = result.column("server_id");
    const int serverName = result.column("server_name");
    const int taskType = result.column("task_type");
    const int target = result.column("target");
    const int textData = result.column("text_data");
    const int truncated = result.column("text_data_truncated");
    const int creatorName = result.column("creator_name");
    const int errorMessage = result.column("error_message");
    const int createdAt = result.column("created_at_ms");
    const int processedAt = result.column("processed_at_ms");

    QList<DeliveryDetailRow> rows;
    rows.reserve(result.rows());
    for (int row = 0; row < result.rows(); ++row) {
        DeliveryDetailRow detail;
        detail.taskId = result.integer(row, taskId).value_or(0);
        detail.serverId = result.integer(row, serverId).value_or(0);
        detail.serverName = result.text(row, serverName);
        detail.taskType = result.text(row, taskType);
        detail.target = result.text(row, target);
        detail.textData = result.text(row, textData);
        detail.textDataTruncated = result.boolean(row, truncated).value_or(false);
        detail.creatorName = result.text(row, creatorName);
        detail.errorMessage = result.text(row, errorMessage);
        detail.createdAt = fromEpochMs(result, row, createdAt);
        detail.processedAt = fromEpochMs(result, row, processedAt);
        rows.append(detail);
    }
    return rows;
}

} // namespace Paddock
