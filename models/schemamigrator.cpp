#include "schemamigrator.h"

#include "logging.h"
#include "pgconnection.h"
#include "pgerror.h"
#include "pgtransaction.h"

#include <algorithm>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QThread>

namespace Paddock {

namespace {

// Serialises installers across sessions; the value only has to be unique to Paddock.
constexpr qint64 MigrationLockKey = 0x5061646f636b01; // "Padock" + 1

QString readResource(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw SchemaError(QStringLiteral("internal error: cannot read %1").arg(path));
    return QString::fromUtf8(file.readAll());
}

QString grantsSql()
{
    return readResource(QStringLiteral(":/sql/grants.sql"));
}

// Tables every version since 1 has; their absence means the schema is not ours or is damaged.
const QStringList& contractTables()
{
    static const QStringList tables { QStringLiteral("server"), QStringLiteral("heartbeat"), QStringLiteral("task"),
        QStringLiteral("server_task"), QStringLiteral("server_log"), QStringLiteral("storage"),
        QStringLiteral("storage_probe"), QStringLiteral("flush_request") };
    return tables;
}

// PostgreSQL's lock_not_available: lock_timeout expired.
const QString LockNotAvailable = QStringLiteral("55P03");

} // namespace

QList<MigrationStep> SchemaMigrator::stepsOf(const Migration& migration)
{
    static const QRegularExpression marker(
        QStringLiteral("^-- step: ([^|\\n]*)(?:\\| lock: (.*))?$"), QRegularExpression::MultilineOption);
    QList<MigrationStep> steps;
    qsizetype start = 0;
    MigrationStep current { QStringLiteral("the whole migration"), QStringLiteral("as the statements take them"), {} };
    auto it = marker.globalMatch(migration.sql);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        current.sql = migration.sql.mid(start, match.capturedStart() - start);
        if (!steps.isEmpty() || !current.sql.trimmed().isEmpty())
            steps.append(current);
        current = { match.captured(1).trimmed(), match.captured(2).trimmed(), {} };
        start = match.capturedEnd();
    }
    current.sql = migration.sql.mid(start);
    steps.append(current);
    // A header of comments alone before the first step is not a step.
    steps.removeIf([](const MigrationStep& step) {
        const QStringList lines = step.sql.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        return std::all_of(lines.cbegin(), lines.cend(), [](const QString& line) {
            return line.trimmed().isEmpty() || line.trimmed().startsWith(QLatin1String("--"));
        });
    });
    return steps;
}

QStringList SchemaMigrator::plan()
{
    const SchemaStatus status = inspect();
    const int from = status.state == SchemaStatus::State::Absent ? 0 : status.installedVersion;
    QStringList lines;
    for (const Migration& migration : std::as_const(m_migrations)) {
        if (migration.version <= from)
            continue;
        const QList<MigrationStep> steps = stepsOf(migration);
        for (const MigrationStep& step : steps)
            lines.append(QStringLiteral("%1: %2 \u2014 lock: %3").arg(migration.name, step.description, step.lock));
    }
    return lines;
}

void SchemaMigrator::runStep(const Migration& migration, const MigrationStep& step)
{
    int backoffMs = m_lockPolicy.firstBackoffMs;
    for (int attempt = 1;; ++attempt) {
        try {
            PgTransaction transaction(m_connection);
            m_connection.exec(QStringLiteral("SELECT pg_catalog.set_config('lock_timeout', $1::text, true)"),
                { QStringLiteral("%1ms").arg(m_lockPolicy.lockTimeoutMs) });
            m_connection.execScript(step.sql);
            transaction.commit();
            return;
        } catch (const PgError& error) {
            if (error.sqlState() != LockNotAvailable || attempt >= m_lockPolicy.attempts)
                throw;
            Log::schema()->info("{}: {}: a lock is busy ({} ms), trying again in {} ms (attempt {})",
                migration.name.toStdString(), step.description.toStdString(), m_lockPolicy.lockTimeoutMs, backoffMs,
                attempt);
            // The farm's writes get the lock meanwhile; then the step tries again.
            QThread::msleep(static_cast<unsigned long>(backoffMs));
            backoffMs = std::min(backoffMs * 2, m_lockPolicy.maxBackoffMs);
        }
    }
}

QString SchemaStatus::describe() const
{
    switch (state) {
    case State::Absent:
        return QStringLiteral("no webfarm schema is installed (this Paddock installs version %1)").arg(expectedVersion);
    case State::Current:
        return QStringLiteral("webfarm schema version %1 is installed, as this Paddock expects").arg(installedVersion);
    case State::Older:
        return QStringLiteral("webfarm schema version %1 is installed; this Paddock expects %2: run `paddock schema "
                              "upgrade`")
            .arg(installedVersion)
            .arg(expectedVersion);
    case State::Newer:
        return QStringLiteral("webfarm schema version %1 is installed, newer than the %2 this Paddock knows: use a "
                              "newer Paddock")
            .arg(installedVersion)
            .arg(expectedVersion);
    case State::Foreign:
        return QStringLiteral("a schema named webfarm exists but was not installed by Paddock (%1)").arg(detail);
    }
    return {};
}

QString SchemaMigrator::Outcome::summary() const
{
    if (!changed)
        return QStringLiteral("webfarm schema version %1 is already installed; nothing changed").arg(toVersion);
    QStringList parts;
    if (!applied.isEmpty()) {
        parts.append(fromVersion == 0 ? QStringLiteral("installed webfarm schema version %1 (%2)")
                                            .arg(toVersion)
                                            .arg(applied.join(QStringLiteral(", ")))
                                      : QStringLiteral("upgraded webfarm schema from version %1 to %2 (%3)")
                                            .arg(fromVersion)
                                            .arg(toVersion)
                                            .arg(applied.join(QStringLiteral(", "))));
    }
    if (rolesRepaired)
        parts.append(QStringLiteral("recreated missing roles and grants"));
    return parts.join(QStringLiteral("; "));
}

SchemaMigrator::SchemaMigrator(PgConnection& connection)
    : SchemaMigrator(connection, builtinMigrations())
{
}

SchemaMigrator::SchemaMigrator(PgConnection& connection, QList<Migration> migrations)
    : m_connection(connection)
    , m_migrations(std::move(migrations))
{
    std::sort(m_migrations.begin(), m_migrations.end(),
        [](const Migration& a, const Migration& b) { return a.version < b.version; });
}

QList<Migration> SchemaMigrator::builtinMigrations()
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{4})_[a-z0-9_]+\\.sql$"));
    QList<Migration> list;
    const QStringList files = QDir(QStringLiteral(":/sql")).entryList(QDir::Files, QDir::Name);
    for (const QString& file : files) {
        const auto match = pattern.match(file);
        if (!match.hasMatch())
            continue;
        list.append({ match.captured(1).toInt(), file, readResource(QStringLiteral(":/sql/") + file) });
    }
    std::sort(list.begin(), list.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
    return list;
}

int SchemaMigrator::latestVersion() const
{
    return m_migrations.isEmpty() ? 0 : m_migrations.last().version;
}

QStringList SchemaMigrator::roleNames()
{
    return { QStringLiteral("webfarm_monitor"), QStringLiteral("webfarm_operator"),
        QStringLiteral("webfarm_instance") };
}

SchemaStatus SchemaMigrator::inspect()
{
    // Read-only look in its own short transaction, so a half-read state is impossible.
    PgTransaction transaction(m_connection, PgTransaction::Mode::RepeatableReadOnly);
    SchemaStatus status = inspectInTransaction();
    transaction.commit();
    return status;
}

SchemaStatus SchemaMigrator::inspectInTransaction()
{
    SchemaStatus status;
    status.expectedVersion = latestVersion();

    const PgResult roles
        = m_connection.exec(QStringLiteral("SELECT r FROM unnest($1::text[]) AS r WHERE NOT EXISTS "
                                           "(SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) ORDER BY r"),
            { roleNames() });
    for (int row = 0; row < roles.rows(); ++row)
        status.missingRoles.append(roles.text(row, 0));

    const PgResult schema
        = m_connection.exec(QStringLiteral("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'webfarm'"));
    if (schema.rows() == 0) {
        status.state = SchemaStatus::State::Absent;
        return status;
    }

    const PgResult table
        = m_connection.exec(QStringLiteral("SELECT to_regclass('webfarm.schema_version') IS NOT NULL"));
    if (!table.boolean(0, 0).value_or(false)) {
        status.state = SchemaStatus::State::Foreign;
        status.detail = QStringLiteral("it has no webfarm.schema_version table");
        return status;
    }
    const PgResult version = m_connection.exec(QStringLiteral("SELECT version FROM webfarm.schema_version"));
    if (version.rows() != 1 || !version.integer(0, 0)) {
        status.state = SchemaStatus::State::Foreign;
        status.detail = QStringLiteral("webfarm.schema_version holds %1 rows instead of one").arg(version.rows());
        return status;
    }
    status.installedVersion = int(*version.integer(0, 0));

    const PgResult missing = m_connection.exec(
        QStringLiteral("SELECT t FROM unnest($1::text[]) AS t WHERE to_regclass('webfarm.' || quote_ident(t)) IS NULL "
                       "ORDER BY t"),
        { contractTables() });
    if (missing.rows() > 0) {
        QStringList names;
        for (int row = 0; row < missing.rows(); ++row)
            names.append(QStringLiteral("webfarm.") + missing.text(row, 0));
        status.state = SchemaStatus::State::Foreign;
        status.detail = QStringLiteral("missing %1").arg(names.join(QStringLiteral(", ")));
        return status;
    }

    if (status.installedVersion == status.expectedVersion)
        status.state = SchemaStatus::State::Current;
    else if (status.installedVersion < status.expectedVersion && status.installedVersion >= 1)
        status.state = SchemaStatus::State::Older;
    else if (status.installedVersion > status.expectedVersion)
        status.state = SchemaStatus::State::Newer;
    else {
        status.state = SchemaStatus::State::Foreign;
        status.detail = QStringLiteral("version %1 is not a Paddock version").arg(status.installedVersion);
    }
    return status;
}

void SchemaMigrator::applyFrom(int fromVersion, Outcome* outcome)
{
    outcome->fromVersion = fromVersion;
    outcome->toVersion = fromVersion;
    for (const Migration& migration : std::as_const(m_migrations)) {
        if (migration.version <= fromVersion)
            continue;
        PgTransaction transaction(m_connection);
        m_connection.exec(QStringLiteral("SELECT pg_catalog.pg_advisory_xact_lock($1::bigint)"), { MigrationLockKey });
        // Another installer may have got here first while we waited for the lock.
        const SchemaStatus status = inspectInTransaction();
        const int installed = status.state == SchemaStatus::State::Absent ? 0 : status.installedVersion;
        if (installed >= migration.version)
            continue;
        if (installed != migration.version - 1 && !(installed == 0 && migration.version == 1))
            throw SchemaError(
                QStringLiteral("cannot apply %1 on top of version %2").arg(migration.name).arg(installed));
        Log::schema()->info("applying {}", migration.name.toStdString());
        const QList<MigrationStep> steps = stepsOf(migration);
        if (steps.size() > 1) {
            // Each step in a short transaction of its own, the version last: a failure half-way
            // leaves the version as it was, and the steps run again skip what is done.
            transaction.commit();
            for (const MigrationStep& step : steps) {
                Log::schema()->info("{}: {}", migration.name.toStdString(), step.description.toStdString());
                runStep(migration, step);
            }
            runStep(migration,
                { QStringLiteral("version %1 and the grants").arg(migration.version),
                    QStringLiteral("ROW EXCLUSIVE on webfarm.schema_version"),
                    QStringLiteral("UPDATE webfarm.schema_version SET version = %1;\n").arg(migration.version)
                        + grantsSql() });
            outcome->applied.append(migration.name);
            outcome->toVersion = migration.version;
            outcome->changed = true;
            continue;
        }
        m_connection.execScript(migration.sql);
        m_connection.exec(QStringLiteral("UPDATE webfarm.schema_version SET version = $1"), { migration.version });
        m_connection.execScript(grantsSql());
        transaction.commit();
        outcome->applied.append(migration.name);
        outcome->toVersion = migration.version;
        outcome->changed = true;
    }
}

void SchemaMigrator::repairRoles(Outcome* outcome)
{
    PgTransaction transaction(m_connection);
    m_connection.exec(QStringLiteral("SELECT pg_catalog.pg_advisory_xact_lock($1::bigint)"), { MigrationLockKey });
    m_connection.execScript(grantsSql());
    transaction.commit();
    outcome->rolesRepaired = true;
    outcome->changed = true;
}

namespace {

// Held for a whole install or upgrade, so that a second installer waits for the first to finish
// every migration and then finds nothing to do (the per-migration transactions take the same
// key again, which PostgreSQL grants to the session that holds it).
class SessionLock {
public:
    explicit SessionLock(PgConnection& connection)
        : m_connection(connection)
    {
        m_connection.exec(QStringLiteral("SELECT pg_catalog.pg_advisory_lock($1::bigint)"), { MigrationLockKey });
    }
    ~SessionLock()
    {
        try {
            m_connection.exec(QStringLiteral("SELECT pg_catalog.pg_advisory_unlock($1::bigint)"), { MigrationLockKey });
        } catch (const PgError&) {
            // The session is gone, and its locks with it.
        }
    }
    SessionLock(const SessionLock&) = delete;
    SessionLock& operator=(const SessionLock&) = delete;

private:
    PgConnection& m_connection;
};

} // namespace

namespace {

// What install or upgrade did before doing anything: nothing, at the installed version.
SchemaMigrator::Outcome unchanged(const SchemaStatus& status)
{
    SchemaMigrator::Outcome outcome;
    outcome.fromVersion = outcome.toVersion = status.installedVersion;
    return outcome;
}

} // namespace

SchemaMigrator::Outcome SchemaMigrator::install()
{
    SessionLock lock(m_connection);
    const SchemaStatus status = inspect();
    Outcome outcome = unchanged(status);
    switch (status.state) {
    case SchemaStatus::State::Absent:
        applyFrom(0, &outcome);
        break;
    case SchemaStatus::State::Current:
        if (!status.missingRoles.isEmpty())
            repairRoles(&outcome);
        break;
    case SchemaStatus::State::Older:
    case SchemaStatus::State::Newer:
    case SchemaStatus::State::Foreign:
        throw SchemaError(status.describe());
    }
    return outcome;
}

SchemaMigrator::Outcome SchemaMigrator::upgrade()
{
    SessionLock lock(m_connection);
    const SchemaStatus status = inspect();
    Outcome outcome = unchanged(status);
    switch (status.state) {
    case SchemaStatus::State::Absent:
        throw SchemaError(QStringLiteral("no webfarm schema to upgrade: run `paddock schema install` first"));
    case SchemaStatus::State::Older:
        applyFrom(status.installedVersion, &outcome);
        break;
    case SchemaStatus::State::Current:
        if (!status.missingRoles.isEmpty())
            repairRoles(&outcome);
        break;
    case SchemaStatus::State::Newer:
    case SchemaStatus::State::Foreign:
        throw SchemaError(status.describe());
    }
    return outcome;
}

} // namespace Paddock
