#pragma once

#include "pgresult.h"

#include <atomic>
#include <functional>
#include <memory>
#include <QString>
#include <QStringList>
#include <QVariant>

struct pg_conn;

namespace Paddock {

// Set from any thread to end the session's current wait at once (PgError::Interrupted): how a
// closing window or Ctrl+C gets its thread back from a database that does not answer.
using PgInterrupt = std::shared_ptr<std::atomic<bool>>;

struct ConnectOptions {
    QString applicationName = QStringLiteral("paddock");
    int connectTimeoutS = 5; // also the deadline of the whole connection attempt
    int statementTimeoutMs = 0; // 0 keeps the server's default
    // The client-side deadline of every round trip; -1: the statement timeout + 2 s (none without
    // one). Past it the session is abandoned and PgError::NoAnswer thrown.
    int deadlineMs = -1;
    PgInterrupt interrupt;
    bool readOnly = false;
    QString targetSessionAttrs; // e.g. read-write for writes on a multi-host string; empty: the string's own
    // Asked when libpq needs a password that neither the string, PGPASSWORD nor .pgpass gave; the
    // answer is kept in memory for reconnects only. Empty: never ask.
    std::function<QString(const QString& prompt)> passwordPrompt;
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
    // The password given at the prompt, if one was asked for: pass it back for reconnects.
    QString promptedPassword() const;
    static PgConnection open(const QString& conninfo, const ConnectOptions& options, const QString& password);

    // A one-line explanation of a failed connection attempt, naming the problem, never the password.
    static QString describeConnectError(const QString& conninfo, const QString& libpqMessage);

    // Asks the server to cancel the statement running on this connection; callable from any thread.
    // Blocks while the server does not answer: never call it where a frozen server must not stall.
    void cancel();
    // The deadline of each round trip, in ms (0: none).
    int deadlineMs() const;
    void setDeadlineMs(int ms);
    // The socket, for waiting on notifications; -1 when closed.
    int socket() const;
    // Reads what arrived on the socket and returns the channels of the notifications received.
    QStringList takeNotifications();

    bool isOpen() const;
    void close();

    // One statement with parameters ($1, $2, …). A null QVariant or null QString is SQL NULL, a QStringList or
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
    // The connection string without password/sslpassword, still usable (profiles, recent list).
    // A URI is rewritten as key=value pairs; a malformed string comes back unchanged.
    static QString withoutPassword(const QString& conninfo);
    // Names the farm a connection string reaches, before connecting: host_port_database, from the
    // string, the PG* environment and libpq's defaults (a socket directory counts as "local").
    static QString farmKey(const QString& conninfo);
    // An array literal for a text[] or bigint[] parameter.
    static QString arrayLiteral(const QStringList& elements);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Paddock
