#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>

namespace Paddock {

class PgResult;

// One pending or failed delivery with its task, for the deliveries table.
struct DeliveryDetailRow {
    qint64 taskId = 0;
    qint64 serverId = 0;
    QString serverName;
    QString taskType;
    QString target;
    QString textData; // at most DeliveryQuery::TextDataLength characters; see textDataTruncated
    QString creatorName; // null when the task has no creator (or it was deleted)
    QString errorMessage; // null unless the delivery failed
    QDateTime createdAt; // task.created_at, UTC
    QDateTime processedAt; // null while pending
    bool textDataTruncated = false; // the full text needs DeliveryQuery::fullTextSql()

    friend bool operator==(const DeliveryDetailRow&, const DeliveryDetailRow&) = default;
};

// One page of pending or failed deliveries: never the whole history. Pending deliveries oldest
// first (the ones that matter), failed ones newest first. Empty filters match everything.
struct DeliveryQuery {
    enum class Kind { Pending, Failed };

    static constexpr int TextDataLength = 200;
    // count(*) over the failed history would grow with the table: countSql() stops here.
    static constexpr int CountLimit = 10000;

    Kind kind = Kind::Pending;
    QList<qint64> serverIds;
    QStringList types;
    int pageSize = 200;
    int page = 0; // zero-based

    QString sql() const;
    QVariantList params() const;
    // The number of matching deliveries, at most CountLimit + 1 (show "more than CountLimit").
    QString countSql() const;
    QVariantList countParams() const;

    // $1 = task id: the full text_data of one task.
    static QString fullTextSql();
    static QList<DeliveryDetailRow> fromResult(const PgResult& result);
};

} // namespace Paddock
