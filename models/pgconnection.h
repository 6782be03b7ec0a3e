#pragma once

#include "pgresult.h"

#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>

struct pg_conn;

namespace Paddock {

struct ConnectOptions {
    QString applicationName = QStringLiteral("paddock");
    int connectTimeoutS = 10;
    int statementTimeoutMs = 0; // 0 keeps the server's default
    bool readOnly = false;
};

// One libpq session, used by one thread at a time. Failures throw PgError.
class PgConnection {
public:
    PgConnection();
    ~PgConnection();
    PgConnection(PgConnection&&) noexcept;
    PgConnection& operator=(PgConnection&&) noexcept;
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    // Accepts a key=value string, a postgresql:// URI, or "" (PG* environment, service file).
    static PgConnection open(const QString& conninfo, const ConnectOptions& options = {});

    bool isOpen() const;
    void close();

    // One statement with parameters ($1, $2, …). A null QVariant is SQL NULL, a QStringList or
    // QVariantList becomes an array literal.
    PgResult exec(const QString& sql, const QVariantList& params = {});
    // Several statements separated by semicolons, without parameters (migrations).
    void execScript(const QString& sql);

    // NOTICE/WARNING messages received since the last call.
    QStringList takeNotices();

    int backendPid() const;
    int serverVersion() const;
    QString database() const;
    QString user() const;
    QString host() const;
    QString port() const;
    pg_conn* handle() const;

    // The connection string with secrets removed, safe for logs and messages.
    static QString redact(const QString& conninfo);
    // An array literal for a text[] or bigint[] parameter.
    static QString arrayLiteral(const QStringList& elements);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Paddock
