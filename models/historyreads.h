#pragma once

#include "farmdata.h"
#include "pendingcounts.h"
#include "rowrules.h"

#include <functional>
#include <QSet>
#include <QString>
#include <QVariantList>

namespace Paddock {

class PgConnection;
class PgResult;

// The reads of the history tables that FarmReader makes, each row through the bad-row rules.
namespace HistoryReads {

// Timestamps travel as milliseconds since the epoch (see historyreads.cpp).
QString ms(const char* column);
// A text written by instances, cut in SQL.
QString shortText(const char* column, int maxChars = RowRules::MaxTextChars);
// A delivery's task creation time in milliseconds, NULL when it is out of the range a pending
// delivery's age can be taken from (before 1970, or ahead of the database clock).
QString placeableCreation(const char* column);
// Rows committed after the previous read: $1 its xmax, $2 its open transactions (docs/watermark.md).
QString committedSince(const char* xidColumn);

// The transaction ids of the history rows a refresh read.
using XidSet = QSet<quint64>;
void noteXid(const PgResult& result, int row, int column, XidSet* xids);

// A task the reader already holds, by id; nullptr when it does not.
using FindTask = std::function<const TaskRow*(qint64)>;
// `known`: tasks that need no lookup (most deliveries belong to a task of the last seconds).
// `processed`, when given, receives every row read as a processed delivery for the backlog,
// those the rules set aside included.
QList<DeliveryRow> readDeliveries(PgConnection& connection, RowRules& rules, const QString& where,
    const QVariantList& params, XidSet* xids, const FindTask& known, QList<PendingCounts::Change>* processed = nullptr);
// `ids`, when given, receives the id of every task read, those the rules set aside included.
QList<TaskRow> readTasks(PgConnection& connection, RowRules& rules, const QString& where, const QVariantList& params,
    XidSet* xids, QVariantList* ids = nullptr);
QList<HeartbeatRow> readHeartbeats(
    PgConnection& connection, RowRules& rules, const QString& where, const QVariantList& params, XidSet* xids);
QList<ProbeRow> readProbes(PgConnection& connection, RowRules& rules, const QString& from, const QString& where,
    const QVariantList& params, XidSet* xids);
QList<EventRow> readEvents(
    PgConnection& connection, RowRules& rules, const QString& where, const QVariantList& params, XidSet* xids);

// The backlog figure: kept by `pending` from this refresh's new tasks (`newTaskIds`) and newly
// processed deliveries, or counted whole when `walk` says so or they cannot be accounted for
// (docs/backlog.md). Out-of-range creation times are counted into `rules`.
QList<BacklogRow> readBacklog(PgConnection& connection, PendingCounts& pending, RowRules& rules,
    PendingCounts::Walk walk, const QVariantList& newTaskIds, const QList<PendingCounts::Change>& processed,
    qint64 nowMs);

} // namespace HistoryReads

} // namespace Paddock
