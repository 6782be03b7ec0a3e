#include "recordingsql.h"

#include <algorithm>
#include <QHash>

// The flight recorder's cache-invalidation latency buckets (the Latency tab's heatmap): one row per
// second, scope and latency bucket, its count added up over the appends as the series' counts are.
// The table came after format 1's first files, so it is made when missing and a file without it
// simply has no buckets.
namespace Paddock::RecordingSql {

bool ensureLatencyTable(const QSqlDatabase& db, QString* error)
{
    return run(db,
        QStringLiteral("CREATE TABLE IF NOT EXISTS latency_bucket (second INTEGER NOT NULL, scope TEXT NOT NULL, "
                       "bucket INTEGER NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (second, scope, bucket)) "
                       "WITHOUT ROWID"),
        error);
}

bool clearSeriesFrom(const QSqlDatabase& db, const QList<SeriesUpdate>& series, QString* error)
{
    if (series.isEmpty())
        return true;
    qint64 from = std::numeric_limits<qint64>::max();
    for (const SeriesUpdate& row : series)
        from = std::min(from, row.second);
    for (const QString& table : { QStringLiteral("series"), QStringLiteral("latency_bucket") }) {
        QSqlQuery clear(db);
        clear.prepare(QStringLiteral("DELETE FROM %1 WHERE second >= ?").arg(table));
        clear.addBindValue(from);
        if (!run(clear, error))
            return false;
    }
    return true;
}

bool appendLatencyCells(const QSqlDatabase& db, const QList<SeriesUpdate>& series, QString* error)
{
    QSqlQuery insert(db);
    bool prepared = false;
    for (const SeriesUpdate& row : series) {
        for (const LatencyCell& cell : row.latencyCells) {
            if (!prepared) {
                insert.prepare(QStringLiteral("INSERT INTO latency_bucket (second, scope, bucket, count) VALUES (?, ?, "
                                              "?, ?) ON CONFLICT (second, scope, bucket) DO UPDATE SET count = count "
                                              "+ excluded.count"));
                prepared = true;
            }
            insert.addBindValue(row.second);
            insert.addBindValue(row.scope);
            insert.addBindValue(cell.bucket);
            insert.addBindValue(cell.count);
            if (!run(insert, error))
                return false;
        }
    }
    return true;
}

void readLatencyCells(const QSqlDatabase& db, qint64 fromS, qint64 toS, QList<SeriesUpdate>& series)
{
    QSqlQuery select(db);
    select.setForwardOnly(true);
    select.prepare(QStringLiteral(
        "SELECT second, scope, bucket, count FROM latency_bucket WHERE second > ? AND second <= ? ORDER BY 1, 2, 3"));
    select.addBindValue(fromS);
    select.addBindValue(toS);
    if (!select.exec())
        return; // a recording made before the table existed
    // Onto the series row of the same second and scope; a row of its own when there is none.
    QHash<QPair<qint64, QString>, qsizetype> rows;
    for (qsizetype i = 0; i < series.size(); ++i)
        rows.insert({ series[i].second, series[i].scope }, i);
    while (select.next()) {
        const QPair<qint64, QString> key { select.value(0).toLongLong(), select.value(1).toString() };
        auto it = rows.constFind(key);
        if (it == rows.cend()) {
            SeriesUpdate row;
            row.second = key.first;
            row.scope = key.second;
            series.append(row);
            it = rows.insert(key, series.size() - 1);
        }
        series[*it].latencyCells.append(LatencyCell { select.value(2).toInt(), select.value(3).toLongLong() });
    }
}

} // namespace Paddock::RecordingSql
