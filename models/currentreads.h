#pragma once

#include "farmdata.h"

#include <QHash>
#include <QList>

namespace Paddock {

class PgConnection;
class RowRules;

// The reads of the small current-state tables that FarmReader makes whole at every refresh, each
// row through the bad-row rules. Each runs inside the caller's transaction.
namespace CurrentReads {

// Every instance, by name; a time out of range is cleared and counted.
QList<ServerRow> readServers(PgConnection& connection, RowRules& rules);
QList<StorageRow> readStorages(PgConnection& connection, RowRules& rules);
// The `count` latest flush requests, newest first, each with its targets' acknowledgements.
QList<FlushRequestRow> readFlushes(PgConnection& connection, RowRules& rules, int count);
// Each instance's latest heartbeat, however old (one index probe each). Heartbeats sent at a time
// outside the instance clock's range, or received ahead of the database clock, are passed over.
QHash<qint64, QDateTime> readLastHeartbeats(PgConnection& connection, RowRules& rules);
// The latest probe of each (storage, instance), however old.
QList<ProbeRow> readLatestProbes(PgConnection& connection, RowRules& rules);

// Scheduled tasks (schema version 7, DESIGN.md section 9): every task, by name; bad times counted.
QList<ScheduledTaskRow> readScheduledTasks(PgConnection& connection, RowRules& rules);
// The runs the figures need: those started after `windowStart`, those not finished, and each task's
// latest scheduled run (by due_at) and latest manual run that started before it; at most `limit`,
// newest first (more are counted as set aside).
// `readOpen`: the runs the last read found unfinished, read again whatever they are now, so that a
// run that started before the window still shows when it finished, and how.
QList<ScheduledRunRow> readScheduledRuns(PgConnection& connection, RowRules& rules, const QDateTime& windowStart,
    int limit, const QList<qint64>& readOpen = {});
// The DUPLICATE_NAME event each instance's latest registration logged (the register_server call at
// started_at), if any.
QList<EventRow> readRegistrationEvents(PgConnection& connection, RowRules& rules);

} // namespace CurrentReads

} // namespace Paddock
