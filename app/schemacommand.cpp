#include "schemacommand.h"

#include "commandline.h"
#include "logging.h"
#include "pgconnection.h"
#include "pgerror.h"
#include "schemamigrator.h"

#include <QTextStream>
#include <QThread>

namespace Paddock {

namespace {

enum ExitStatus { Ok = 0, ActionNeeded = 1, Incompatible = 2, NoConnection = 3 };

int exitStatusFor(SchemaStatus::State state)
{
    switch (state) {
    case SchemaStatus::State::Current:
        return Ok;
    case SchemaStatus::State::Absent:
    case SchemaStatus::State::Older:
        return ActionNeeded;
    case SchemaStatus::State::Newer:
    case SchemaStatus::State::Foreign:
        return Incompatible;
    }
    return Incompatible;
}

} // namespace

namespace {

// Runs webfarm.maintain(), again after a pause while a partition's lock was busy.
int maintain(PgConnection& connection, const QString& keep, const QString& where, QTextStream& out, QTextStream& err)
{
    SchemaMigrator migrator(connection);
    const SchemaStatus status = migrator.inspect();
    if (status.state != SchemaStatus::State::Current) {
        err << "paddock: " << where << ": " << status.describe() << "; nothing was changed" << Qt::endl;
        return Incompatible;
    }
    connection.exec(QStringLiteral("SET lock_timeout = '1s'"));
    int busy = 0;
    for (int attempt = 1; attempt <= 3; ++attempt) {
        const PgResult result = connection.exec(
            QStringLiteral("SELECT action, partition_name, detail FROM webfarm.maintain($1::interval)"), { keep });
        busy = 0;
        for (int row = 0; row < result.rows(); ++row) {
            const QString action = result.text(row, 0);
            out << where << ": " << action << " " << result.text(row, 1) << " (" << result.text(row, 2) << ")"
                << Qt::endl;
            busy += action == QLatin1String("busy") || action == QLatin1String("blocked") ? 1 : 0;
        }
        if (busy == 0)
            break;
        QThread::sleep(attempt * 2);
    }
    out << where << ": history kept for " << keep << (busy ? "; some partitions were busy: run again" : "") << Qt::endl;
    return busy ? ActionNeeded : Ok;
}

// GRANT pg_monitor: what lets a monitor login see every session's state, waits and transactions
// (DESIGN.md section 7). Needs a superuser, or a role with ADMIN OPTION on pg_monitor.
int grantMonitoring(
    PgConnection& connection, const QString& role, const QString& where, QTextStream& out, QTextStream& err)
{
    try {
        const QString grant
            = connection.exec(QStringLiteral("SELECT format('GRANT pg_monitor TO %I', $1::text)"), { role }).scalar();
        connection.exec(grant);
    } catch (const PgError& error) {
        QString message = error.message();
        if (error.sqlState() == QLatin1String("42704"))
            message = QStringLiteral("there is no role \"%1\"").arg(role);
        else if (error.sqlState() == QLatin1String("42501"))
            message += QStringLiteral(" (granting pg_monitor needs a superuser or ADMIN OPTION on pg_monitor)");
        err << "paddock: " << where << ": the schema is in place, but pg_monitor was not granted: " << message
            << Qt::endl;
        return error.isConnectionError() ? NoConnection : ActionNeeded;
    }
    out << where << ": granted pg_monitor to " << role
        << ": Paddock sees every session's state, waits and transactions with that login" << Qt::endl;
    return Ok;
}

} // namespace

int runSchemaCommand(const CommandLine& commandLine)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString& subcommand = commandLine.subcommand;
    const QString& conninfo = commandLine.connect;

    PgConnection connection;
    try {
        ConnectOptions options;
        options.applicationName = QStringLiteral("paddock-schema");
        // A migration may build an index on a big table: a generous deadline, but one all the same.
        options.deadlineMs = 5 * 60 * 1000;
        connection = PgConnection::open(conninfo, options);
    } catch (const PgError& error) {
        err << "paddock: cannot connect to " << PgConnection::redact(conninfo) << ": " << error.message() << Qt::endl;
        return NoConnection;
    }
    const QString where = QStringLiteral("%1@%2:%3/%4")
                              .arg(connection.user(), connection.host(), connection.port(), connection.database());

    SchemaMigrator migrator(connection);
    try {
        if (subcommand == QLatin1String("check")) {
            const SchemaStatus status = migrator.inspect();
            out << where << ": " << status.describe() << Qt::endl;
            if (!status.missingRoles.isEmpty())
                out << where << ": missing roles: " << status.missingRoles.join(QStringLiteral(", "))
                    << " (`paddock schema install` creates them)" << Qt::endl;
            const int status_ = exitStatusFor(status.state);
            return status_ == Ok && !status.missingRoles.isEmpty() ? ActionNeeded : status_;
        }
        if (subcommand == QLatin1String("maintain"))
            return maintain(connection, commandLine.keep, where, out, err);
        if (commandLine.dryRun) {
            const QStringList steps = migrator.plan();
            out << where << ": " << migrator.inspect().describe() << Qt::endl;
            for (const QString& step : steps)
                out << "  " << step << Qt::endl;
            out << where << ": " << steps.size() << " step(s); each waits for its lock at most "
                << SchemaMigrator::LockPolicy().lockTimeoutMs << " ms and is tried again; nothing was changed"
                << Qt::endl;
            return Ok;
        }
        const SchemaMigrator::Outcome outcome
            = subcommand == QLatin1String("install") ? migrator.install() : migrator.upgrade();
        for (const QString& notice : connection.takeNotices())
            Log::schema()->info("{}", notice.toStdString());
        out << where << ": " << outcome.summary() << Qt::endl;
        if (!commandLine.grantMonitoring.isEmpty())
            return grantMonitoring(connection, commandLine.grantMonitoring, where, out, err);
        return Ok;
    } catch (const SchemaError& error) {
        err << "paddock: " << where << ": " << error.message() << "; nothing was changed" << Qt::endl;
        return ActionNeeded;
    } catch (const PgError& error) {
        QString message = error.fullMessage();
        if (error.sqlState() == QLatin1String("42501"))
            message += QStringLiteral(" (installing needs a role that may create schemas and roles in this database)");
        err << "paddock: " << where << ": schema " << subcommand << " failed: " << message << "; nothing was changed"
            << Qt::endl;
        return error.isConnectionError() ? NoConnection : Incompatible;
    }
}

} // namespace Paddock
