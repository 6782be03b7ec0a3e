#pragma once

#include "farmdata.h"
#include "pgconnection.h"

#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>

namespace Paddock::Test {

// The first column of the first row as a number (0 when NULL): for SELECT count(*), ids, …
qint64 call(PgConnection& connection, const QString& sql, const QVariantList& params = {});

// `count` instances web-0, web-1, … registered in zone z; their ids.
QList<qint64> registerServers(PgConnection& connection, int count);

// The backlog per instance as (pending deliveries, oldest creation time in ms; 0 when none can be
// placed): counted in SQL from the table, and as a reader holds it.
using Backlog = QMap<qint64, QPair<qint64, qint64>>;
Backlog backlogInDatabase(PgConnection& connection);
Backlog backlogOf(const QList<BacklogRow>& rows);

// A program run to its end, as a script would run it.
struct ProgramRun {
    int exitCode = -1; // -1: it did not finish in time
    QString out;
    QString err;
};
ProgramRun runProgram(const QString& program, const QStringList& arguments, int timeoutMs = 60000);

// Runs pg_ctl on the private cluster of scripts/test (stop, start, restart), as its owner, and
// waits for it. False with the reason in *error, also when there is no such cluster to control.
bool controlCluster(const QString& action, QString* error);

// Fails the running test function, with what to do, when the cluster of scripts/test cannot be
// reached, or (Private) when it is not the private cluster that tests may stop and restart. A suite
// that needs the database fails without it; it never skips. Returns whether the cluster is there.
enum class Cluster { Any, Private };
bool requireCluster(Cluster need = Cluster::Any);

#ifdef PADDOCK_PATH
// The paddock binary this build made, run as a script would run it.
inline ProgramRun runPaddock(const QStringList& arguments)
{
    return runProgram(QStringLiteral(PADDOCK_PATH), arguments);
}
#endif

// A fresh database in the PostgreSQL cluster that scripts/test started (PGHOST/PGPORT/PGUSER in
// the environment), dropped again when the object goes. Each test gets its own, so tests cannot
// see each other's rows.
class TestDatabase {
public:
    enum class Schema { Installed, Absent };
    explicit TestDatabase(Schema schema = Schema::Installed);
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    QString name() const { return m_name; }
    // A connection string for this database, as the cluster's superuser or as `user`.
    QString conninfo(const QString& user = {}) const;
    PgConnection connect(const QString& user = {}, const ConnectOptions& options = {}) const;

    // A new login role that is a member of `memberOf` (a webfarm_* role, or empty for none).
    // Dropped with the database.
    QString createLoginRole(const QString& memberOf);

    // Whether the cluster of scripts/test is reachable; the message says what to do if not.
    static bool available(QString* message);

private:
    QString m_name;
    QStringList m_roles;
};

} // namespace Paddock::Test
