#pragma once

#include "farmdata.h"

namespace Paddock {

class PgConnection;

// The reads of the database server's own state (DESIGN.md section 7), on the monitor's session and
// inside the caller's transaction: the catalog's statistics views, which any login may query; what
// another login's sessions show depends on pg_read_all_stats (pg_monitor).
namespace DatabaseReads {

// The sessions, the settings and the standbys; the webfarm tables' sizes and live and dead rows
// only when `withTables` (their sizes walk every file of every partition, so the caller reads them
// less often).
DatabaseRows read(PgConnection& connection, bool withTables);

} // namespace DatabaseReads

} // namespace Paddock
