#include "pgconnection.h"

#include "logging.h"
#include "pgerror.h"

#include <cerrno>
#include <chrono>
#include <libpq-fe.h>
#include <mutex>
#include <optional>
#include <poll.h>
#include <QDateTime>
#include <QHash>
#include <QRegularExpression>
#include <vector>

namespace Paddock {

namespace {

QString resultError(const PGresult* result, PGconn* conn)
{
    const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    if (primary)
        return QString::fromUtf8(primary);
    return QString::fromUtf8(PQerrorMessage(conn)).trimmed();
}

QString field(const PGresult* result, int code)
{
    const char* value = result ? PQresultErrorField(result, code) : nullptr;
    return value ? QString::fromUtf8(value) : QString();
}

QByteArray encodeParameter(const QVariant& value)
{
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool() ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
    case QMetaType::QStringList:
        return PgConnection::arrayLiteral(value.toStringList()).toUtf8();
    case QMetaType::QVariantList: {
        QStringList elements;
        const QVariantList list = value.toList();
        for (const QVariant& element : list)
            elements.append(element.isNull() ? QString() : element.toString());
        return PgConnection::arrayLiteral(elements).toUtf8();
    }
    case QMetaType::QDateTime:
        return value.toDateTime().toString(Qt::ISODateWithMs).toUtf8();
    default:
        return value.toString().toUtf8();
    }
}

using Clock = std::chrono::steady_clock;

// How often a wait looks at the interrupt flag: the longest a closing window waits for its thread.
constexpr int WaitSliceMs = 50;

enum class Wait { Ready, Deadline, Interrupted };

// Waits for the socket to become ready for `events`, until the deadline (none when unset).
Wait waitForSocket(int socket, short events, std::optional<Clock::time_point> deadline, const PgInterrupt& interrupt)
{
    for (;;) {
        if (interrupt && interrupt->load())
            return Wait::Interrupted;
        int sliceMs = WaitSliceMs;
        if (deadline) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - Clock::now()).count();
            if (left <= 0)
                return Wait::Deadline;
            sliceMs = int(std::min<qint64>(sliceMs, left));
        }
        pollfd descriptor { socket, events, 0 };
        const int ready = ::poll(&descriptor, 1, sliceMs);
        if (ready > 0 || (ready < 0 && errno != EINTR))
            return Wait::Ready; // an error on the socket is for libpq to report
    }
}

std::optional<Clock::time_point> deadlineIn(int ms)
{
    if (ms <= 0)
        return std::nullopt;
    return Clock::now() + std::chrono::milliseconds(ms);
}

QString seconds(int ms)
{
    return QString::number(ms / 1000.0, 'g', 3);
}

} // namespace

struct PgConnection::Private {
    PGconn* conn = nullptr;
    QStringList notices;
    QString promptedPassword;
    std::mutex cancelMutex;
    PGcancel* cancelHandle = nullptr;
    int deadlineMs = 0;
    PgInterrupt interrupt;

    ~Private() { finish(); }

    void finish()
    {
        {
            std::lock_guard lock(cancelMutex);
            if (cancelHandle)
                PQfreeCancel(cancelHandle);
            cancelHandle = nullptr;
        }
        if (conn)
            PQfinish(conn);
        conn = nullptr;
    }

    static void onNotice(void* arg, const PGresult* result)
    {
        auto* self = static_cast<Private*>(arg);
        const QString severity = field(result, PG_DIAG_SEVERITY);
        const QString message = field(result, PG_DIAG_MESSAGE_PRIMARY);
        self->notices.append(message);
        Log::db()->debug("server {}: {}", severity.toStdString(), message.toStdString());
    }

    [[noreturn]] void throwError(const PGresult* result)
    {
        QString sqlState = field(result, PG_DIAG_SQLSTATE);
        // A session that died mid-statement reports no SQLSTATE: call it a connection failure.
        if (PQstatus(conn) != CONNECTION_OK && (sqlState.isEmpty() || sqlState == QLatin1String("57P01")))
            sqlState = QStringLiteral("08006");
        throw PgError(resultError(result, conn), sqlState, field(result, PG_DIAG_MESSAGE_DETAIL),
            field(result, PG_DIAG_MESSAGE_HINT));
    }

    // Gives the session up: libpq in non-blocking mode does not wait for the server to close it.
    [[noreturn]] void abandon(Wait why)
    {
        finish();
        if (why == Wait::Interrupted)
            throw PgError(QStringLiteral("interrupted while waiting for the database"), PgError::Interrupted);
        throw PgError(QStringLiteral("the database did not answer within %1 s; the session was abandoned")
                          .arg(seconds(deadlineMs)),
            PgError::NoAnswer);
    }

    void waitOrAbandon(short events, std::optional<Clock::time_point> deadline)
    {
        const Wait outcome = waitForSocket(PQsocket(conn), events, deadline, interrupt);
        if (outcome != Wait::Ready)
            abandon(outcome);
    }

    // Sends what libpq queued, then reads every result of the statement(s) sent, within the
    // deadline. Returns the last result, or throws for the first error.
    PgResult collect()
    {
        const auto deadline = deadlineIn(deadlineMs);
        for (;;) {
            const int pending = PQflush(conn);
            if (pending == 0)
                break;
            if (pending < 0)
                throwError(nullptr);
            waitOrAbandon(POLLIN | POLLOUT, deadline);
            if (!PQconsumeInput(conn))
                throwError(nullptr);
        }
        PgResult last;
        PgResult firstError;
        bool failed = false;
        for (;;) {
            while (PQisBusy(conn)) {
                waitOrAbandon(POLLIN, deadline);
                if (!PQconsumeInput(conn))
                    throwError(nullptr);
            }
            PGresult* raw = PQgetResult(conn);
            if (!raw)
                break;
            const ExecStatusType status = PQresultStatus(raw);
            const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
            if (!ok && !failed) {
                failed = true;
                firstError = PgResult(raw);
            } else {
                last = PgResult(raw);
            }
        }
        if (failed)
            throwError(firstError.raw());
        return last;
    }
};

PgConnection::PgConnection()
    : d(std::make_unique<Private>())
{
}

PgConnection::~PgConnection() = default;
PgConnection::PgConnection(PgConnection&&) noexcept = default;
PgConnection& PgConnection::operator=(PgConnection&&) noexcept = default;

PgConnection PgConnection::open(const QString& conninfo, const ConnectOptions& options)
{
    return open(conninfo, options, QString());
}

namespace {

// The keywords and values of a session as PQconnectStartParams takes them: the pointers point
// into the byte arrays the object keeps.
struct ConnectParams {
    std::vector<QByteArray> keys;
    std::vector<QByteArray> values;
    std::vector<const char*> keyPointers;
    std::vector<const char*> valuePointers;
};

ConnectParams connectParams(const QString& conninfo, const ConnectOptions& options, const QString& password)
{
    // Defaults come before the user's string so that it can override them; the application name
    // comes after it because the database-side audit relies on it.
    // Every session resolves names in pg_catalog first and never in a schema that another login may
    // write to: a look-alike of a built-in planted in public cannot run with this session's rights.
    // Paddock's own objects are always named with their schema.
    QString serverOptions = QStringLiteral("-c search_path=pg_catalog,pg_temp ");
    if (options.statementTimeoutMs > 0)
        serverOptions += QStringLiteral("-c statement_timeout=%1 ").arg(options.statementTimeoutMs);
    if (options.readOnly)
        serverOptions += QStringLiteral("-c default_transaction_read_only=on ");

    // tcp_user_timeout and the keepalives turn a server that stops answering into an error within
    // seconds instead of the kernel's minutes.
    ConnectParams params;
    std::vector<QByteArray>& keys = params.keys;
    std::vector<QByteArray>& values = params.values;
    keys = { "connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count",
        "tcp_user_timeout", "dbname" };
    values = { QByteArray::number(options.connectTimeoutS), "1", "5", "2", "3", "10000", conninfo.toUtf8() };
    keys.emplace_back("options");
    values.push_back(serverOptions.trimmed().toUtf8());
    keys.emplace_back("application_name");
    values.push_back(options.applicationName.toUtf8());
    if (!options.targetSessionAttrs.isEmpty()) {
        keys.emplace_back("target_session_attrs");
        values.push_back(options.targetSessionAttrs.toUtf8());
    }
    if (!password.isEmpty()) {
        keys.emplace_back("password");
        values.push_back(password.toUtf8());
    }

    for (size_t i = 0; i < keys.size(); ++i) {
        params.keyPointers.push_back(keys[i].constData());
        params.valuePointers.push_back(values[i].constData());
    }
    params.keyPointers.push_back(nullptr);
    params.valuePointers.push_back(nullptr);
    return params;
}

// Drives a connection that PQconnectStartParams started until it is made or fails; the error to
// throw when the deadline or an interrupt ends the attempt first.
std::optional<PgError> pollConnect(PGconn* conn, const ConnectOptions& options)
{
    // The whole attempt has one deadline: a server that accepts the socket and then says nothing
    // (frozen, or behind a stalled proxy) costs the connect timeout, not the kernel's minutes.
    const auto deadline = deadlineIn(options.connectTimeoutS * 1000);
    PostgresPollingStatusType polling = PGRES_POLLING_WRITING;
    while (PQstatus(conn) != CONNECTION_BAD && polling != PGRES_POLLING_OK && polling != PGRES_POLLING_FAILED) {
        const Wait outcome = waitForSocket(
            PQsocket(conn), polling == PGRES_POLLING_READING ? POLLIN : POLLOUT, deadline, options.interrupt);
        if (outcome == Wait::Interrupted)
            return PgError(QStringLiteral("interrupted while connecting"), PgError::Interrupted);
        if (outcome == Wait::Deadline)
            return PgError(QStringLiteral("the database accepted no session within %1 s (connect timeout)")
                               .arg(options.connectTimeoutS),
                PgError::NoAnswer);
        polling = PQconnectPoll(conn);
    }
    return std::nullopt;
}

} // namespace

PgConnection PgConnection::open(const QString& conninfo, const ConnectOptions& options, const QString& password)
{
    const ConnectParams params = connectParams(conninfo, options, password);
    PgConnection connection;
    connection.d->interrupt = options.interrupt;
    connection.d->deadlineMs = options.deadlineMs >= 0 ? options.deadlineMs
        : options.statementTimeoutMs > 0               ? options.statementTimeoutMs + 2000
                                                       : 0;
    connection.d->conn = PQconnectStartParams(params.keyPointers.data(), params.valuePointers.data(), 1);
    if (!connection.d->conn)
        throw PgError(QStringLiteral("out of memory while connecting"));
    if (std::optional<PgError> failure = pollConnect(connection.d->conn, options)) {
        connection.d->finish();
        throw *failure;
    }
    if (PQstatus(connection.d->conn) != CONNECTION_OK) {
        const QString message = QString::fromUtf8(PQerrorMessage(connection.d->conn)).trimmed();
        if (password.isEmpty() && PQconnectionNeedsPassword(connection.d->conn) && options.passwordPrompt) {
            const QString prompt = QStringLiteral("Password for %1@%2: ")
                                       .arg(QString::fromUtf8(PQuser(connection.d->conn)),
                                           QString::fromUtf8(PQhost(connection.d->conn)));
            const QString answer = options.passwordPrompt(prompt);
            if (!answer.isEmpty()) {
                PgConnection retried = open(conninfo, options, answer);
                retried.d->promptedPassword = answer;
                return retried;
            }
        }
        throw PgError(describeConnectError(conninfo, message), QStringLiteral("08001"));
    }
    PQsetNoticeReceiver(connection.d->conn, &Private::onNotice, connection.d.get());
    // Sends never block: a server that stopped reading cannot hold a thread past its deadline.
    PQsetnonblocking(connection.d->conn, 1);
    connection.d->cancelHandle = PQgetCancel(connection.d->conn);
    Log::db()->debug("connected to {} as pid {}", redact(conninfo).toStdString(), connection.backendPid());
    return connection;
}

QString PgConnection::promptedPassword() const
{
    return d->promptedPassword;
}

QString PgConnection::describeConnectError(const QString& conninfo, const QString& libpqMessage)
{
    char* parseError = nullptr;
    PQconninfoOption* parsed = PQconninfoParse(conninfo.toUtf8().constData(), &parseError);
    if (!parsed && !conninfo.trimmed().isEmpty()) {
        PQfreemem(parseError);
        return QStringLiteral("malformed connection string: expected key=value pairs or a postgresql:// URI");
    }
    PQconninfoFree(parsed);

    // libpq reports connection failures as text only; the first line names the problem.
    QString first = libpqMessage.section(QLatin1Char('\n'), 0, 0).trimmed();
    static const QRegularExpression serverPrefix(QStringLiteral("^connection to server (at|on) .*? failed: "));
    first.remove(serverPrefix);
    auto has = [&](const char* text) { return libpqMessage.contains(QLatin1String(text), Qt::CaseInsensitive); };
    if (has("could not translate host name"))
        return QStringLiteral("unknown host: %1").arg(first);
    if (has("Connection refused"))
        return QStringLiteral("connection refused (is PostgreSQL running and listening there?): %1").arg(first);
    if (has("password authentication failed") || has("authentication failed"))
        return QStringLiteral("authentication failed: %1").arg(first);
    if (has("no password supplied") || has("fe_sendauth"))
        return QStringLiteral("a password is needed: put it in ~/.pgpass or PGPASSWORD, or run from a terminal to be "
                              "asked");
    if (has("does not exist") && has("database"))
        return QStringLiteral("database missing: %1").arg(first);
    if (has("timeout expired") || has("timed out"))
        return QStringLiteral("connection timed out: %1").arg(first);
    if (has("no pg_hba.conf entry"))
        return QStringLiteral("not allowed by the server's pg_hba.conf: %1").arg(first);
    if (has("role") && has("does not exist"))
        return QStringLiteral("unknown user: %1").arg(first);
    return first.isEmpty() ? QStringLiteral("connection failed") : first;
}

void PgConnection::cancel()
{
    std::lock_guard lock(d->cancelMutex);
    if (!d->cancelHandle)
        return;
    char error[256];
    PQcancel(d->cancelHandle, error, sizeof error);
}

int PgConnection::deadlineMs() const
{
    return d->deadlineMs;
}

void PgConnection::setDeadlineMs(int ms)
{
    d->deadlineMs = std::max(0, ms);
}

int PgConnection::socket() const
{
    return d->conn ? PQsocket(d->conn) : -1;
}

QStringList PgConnection::takeNotifications()
{
    QStringList channels;
    if (!d->conn)
        return channels;
    if (!PQconsumeInput(d->conn))
        throw PgError(QString::fromUtf8(PQerrorMessage(d->conn)).trimmed(), QStringLiteral("08006"));
    while (PGnotify* notify = PQnotifies(d->conn)) {
        channels.append(QString::fromUtf8(notify->relname));
        PQfreemem(notify);
    }
    return channels;
}

bool PgConnection::isOpen() const
{
    return d && d->conn && PQstatus(d->conn) == CONNECTION_OK;
}

void PgConnection::close()
{
    if (d)
        d->finish();
}

PgResult PgConnection::exec(const QString& sql, const QVariantList& params)
{
    if (!d || !d->conn)
        throw PgError(QStringLiteral("not connected"), QStringLiteral("08003"));
    const QByteArray query = sql.toUtf8();
    if (params.isEmpty()) {
        if (!PQsendQueryParams(d->conn, query.constData(), 0, nullptr, nullptr, nullptr, nullptr, 0))
            d->throwError(nullptr);
        return d->collect();
    }

    std::vector<QByteArray> encoded;
    std::vector<const char*> pointers;
    encoded.reserve(params.size());
    for (const QVariant& param : params) {
        // A null QString is NULL too: QVariant(QString()) is not a null QVariant in Qt 6.
        if (param.isNull() || (param.typeId() == QMetaType::QString && param.toString().isNull())) {
            encoded.emplace_back();
            pointers.push_back(nullptr);
        } else {
            encoded.push_back(encodeParameter(param));
            pointers.push_back(encoded.back().constData());
        }
    }
    if (!PQsendQueryParams(
            d->conn, query.constData(), int(params.size()), nullptr, pointers.data(), nullptr, nullptr, 0))
        d->throwError(nullptr);
    return d->collect();
}

void PgConnection::execScript(const QString& sql)
{
    if (!d || !d->conn)
        throw PgError(QStringLiteral("not connected"), QStringLiteral("08003"));
    const QByteArray script = sql.toUtf8();
    // Several statements in one simple query: an error stops the script.
    if (!PQsendQuery(d->conn, script.constData()))
        d->throwError(nullptr);
    d->collect();
}

QStringList PgConnection::takeNotices()
{
    QStringList notices;
    notices.swap(d->notices);
    return notices;
}

int PgConnection::backendPid() const
{
    return d->conn ? PQbackendPID(d->conn) : 0;
}
int PgConnection::serverVersion() const
{
    return d->conn ? PQserverVersion(d->conn) : 0;
}
QString PgConnection::database() const
{
    return d->conn ? QString::fromUtf8(PQdb(d->conn)) : QString();
}
QString PgConnection::user() const
{
    return d->conn ? QString::fromUtf8(PQuser(d->conn)) : QString();
}
QString PgConnection::host() const
{
    return d->conn ? QString::fromUtf8(PQhost(d->conn)) : QString();
}
QString PgConnection::port() const
{
    return d->conn ? QString::fromUtf8(PQport(d->conn)) : QString();
}
pg_conn* PgConnection::handle() const
{
    return d->conn;
}

QString PgConnection::arrayLiteral(const QStringList& elements)
{
    QStringList quoted;
    quoted.reserve(elements.size());
    for (const QString& element : elements) {
        if (element.isNull()) {
            quoted.append(QStringLiteral("NULL"));
            continue;
        }
        QString escaped = element;
        escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('"'), QLatin1String("\\\""));
        quoted.append(QLatin1Char('"') + escaped + QLatin1Char('"'));
    }
    return QLatin1Char('{') + quoted.join(QLatin1Char(',')) + QLatin1Char('}');
}

} // namespace Paddock
