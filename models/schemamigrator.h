#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <stdexcept>

namespace Paddock {

class PgConnection;

struct Migration {
    int version = 0;
    QString name; // file name, e.g. 0001_protocol.sql
    QString sql;
};

// One step of a migration: a file cut at its `-- step: WHAT | lock: WHICH` lines. A file without
// such lines is one step. Each step runs in its own transaction under lock_timeout.
struct MigrationStep {
    QString description;
    QString lock; // the lock it takes, as the file says, for --dry-run
    QString sql;
};

struct SchemaStatus {
    enum class State {
        Absent, // no schema webfarm
        Current, // installed at the version this build expects
        Older, // installed at an older version: upgrade applies
        Newer, // installed by a newer Paddock: refuse to touch
        Foreign, // a schema webfarm that Paddock did not create, or damaged
    };
    State state = State::Absent;
    int installedVersion = 0;
    int expectedVersion = 0;
    QStringList missingRoles;
    QString detail; // why a schema is foreign

    QString describe() const;
};

// Refused install/upgrade: nothing was changed.
class SchemaError : public std::runtime_error {
public:
    explicit SchemaError(const QString& message)
        : std::runtime_error(message.toStdString())
        , m_message(message)
    {
    }
    QString message() const { return m_message; }

private:
    QString m_message;
};

// Installs and upgrades the webfarm schema from the migrations compiled into the binary
// (resources/sql). Every migration runs in its own transaction together with grants.sql, under an
// advisory lock, so concurrent installers and a failure half-way leave no partial change.
class SchemaMigrator {
public:
    explicit SchemaMigrator(PgConnection& connection);
    // With another list of migrations than the compiled-in one (tests of the upgrade path).
    SchemaMigrator(PgConnection& connection, QList<Migration> migrations);

    // The migrations compiled into the binary, by version.
    static QList<Migration> builtinMigrations();
    int latestVersion() const;
    static QStringList roleNames();
    static QList<MigrationStep> stepsOf(const Migration& migration);

    // How long a step waits for a lock before it gives way and is tried again (the farm's writes
    // queue behind a waiting ALTER TABLE), and how many tries it gets.
    struct LockPolicy {
        int lockTimeoutMs = 300;
        int attempts = 40;
        int firstBackoffMs = 100;
        int maxBackoffMs = 3000;
    };
    void setLockPolicy(const LockPolicy& policy) { m_lockPolicy = policy; }

    // The steps an upgrade would run, as "NNNN_name.sql: step — lock" lines; changes nothing.
    QStringList plan();

    SchemaStatus inspect();

    struct Outcome {
        bool changed = false;
        int fromVersion = 0;
        int toVersion = 0;
        QStringList applied; // migration file names
        bool rolesRepaired = false;
        QString summary() const;
    };
    // Creates the schema where there is none; with the current version, repairs missing roles or
    // does nothing. Throws SchemaError for an older (use upgrade), newer or foreign schema.
    Outcome install();
    // Applies the migrations newer than the installed version. Throws SchemaError when there is
    // no schema, or a newer or foreign one.
    Outcome upgrade();

private:
    SchemaStatus inspectInTransaction();
    void applyFrom(int fromVersion, Outcome* outcome);
    void repairRoles(Outcome* outcome);
    void runStep(const Migration& migration, const MigrationStep& step);
    LockPolicy m_lockPolicy;

    PgConnection& m_connection;
    QList<Migration> m_migrations;
};

} // namespace Paddock
