#include "schemacommand.h"

#include "logging.h"
#include "pgconnection.h"
#include "pgerror.h"
#include "schemamigrator.h"

#include <QTextStream>

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

int runSchemaCommand(const QString& subcommand, const QString& conninfo)
{
    QTextStream out(stdout);
    QTextStream err(stderr);

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
        const SchemaMigrator::Outcome outcome
            = subcommand == QLatin1String("install") ? migrator.install() : migrator.upgrade();
        for (const QString& notice : connection.takeNotices())
            Log::schema()->info("{}", notice.toStdString());
        out << where << ": " << outcome.summary() << Qt::endl;
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
