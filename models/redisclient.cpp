#include "redisclient.h"

#include <cerrno>
#include <hiredis/hiredis.h>
#include <sys/socket.h>
#include <vector>

namespace Paddock {

namespace {

timeval timeoutOf(int deadlineMs)
{
    const int ms = std::max(1, deadlineMs);
    return timeval { ms / 1000, (ms % 1000) * 1000 };
}

RedisReply copyOf(const redisReply& reply)
{
    RedisReply copy;
    switch (reply.type) {
    case REDIS_REPLY_STRING:
        copy.type = RedisReply::Type::String;
        copy.text = QByteArray(reply.str, qsizetype(reply.len));
        break;
    case REDIS_REPLY_STATUS:
        copy.type = RedisReply::Type::Status;
        copy.text = QByteArray(reply.str, qsizetype(reply.len));
        break;
    case REDIS_REPLY_ERROR:
        copy.type = RedisReply::Type::Error;
        copy.text = QByteArray(reply.str, qsizetype(reply.len));
        break;
    case REDIS_REPLY_INTEGER:
        copy.type = RedisReply::Type::Integer;
        copy.integer = reply.integer;
        break;
    case REDIS_REPLY_ARRAY:
        copy.type = RedisReply::Type::Array;
        copy.elements.reserve(qsizetype(reply.elements));
        for (size_t i = 0; i < reply.elements; ++i)
            copy.elements.append(copyOf(*reply.element[i]));
        break;
    default:
        copy.type = RedisReply::Type::Nil;
        break;
    }
    return copy;
}

bool timedOut(const redisContext& context)
{
    // hiredis 0.14 reports a socket timeout as an I/O error with errno EAGAIN (or ETIMEDOUT on connect).
    if (context.err != REDIS_ERR_IO)
        return false;
    const QByteArray text(context.errstr);
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == ETIMEDOUT || text.contains("temporarily unavailable")
        || text.contains("timed out");
}

} // namespace

RedisClient::RedisClient() = default;

RedisClient::~RedisClient()
{
    close();
}

bool RedisClient::isOpen() const
{
    return m_context != nullptr;
}

void RedisClient::open(const RedisAddress& address, const QString& password, int deadlineMs)
{
    close();
    if (m_interrupted)
        throw RedisError(RedisError::Kind::Interrupted, QStringLiteral("interrupted"));
    const QByteArray host = address.host.toUtf8();
    redisContext* context = redisConnectWithTimeout(host.constData(), address.port, timeoutOf(deadlineMs));
    {
        const std::lock_guard lock(m_mutex);
        m_context = context;
    }
    if (!context)
        throw RedisError(RedisError::Kind::Unreachable, QStringLiteral("out of memory"));
    if (context->err)
        fail(QStringLiteral("connecting to %1").arg(address.display()));
    redisSetTimeout(context, timeoutOf(deadlineMs));
    if (!password.isEmpty()) {
        QList<QByteArray> auth { "AUTH" };
        if (!address.user.isEmpty())
            auth.append(address.user.toUtf8());
        auth.append(password.toUtf8());
        const RedisReply reply = command(auth);
        if (reply.isError()) {
            close();
            throw RedisError(RedisError::Kind::Refused, QString::fromUtf8(reply.text));
        }
    }
    if (address.database != 0) {
        const RedisReply reply = command({ "SELECT", QByteArray::number(address.database) });
        if (reply.isError()) {
            close();
            throw RedisError(RedisError::Kind::Refused, QString::fromUtf8(reply.text));
        }
    }
}

void RedisClient::close()
{
    redisContext* context = nullptr;
    {
        const std::lock_guard lock(m_mutex);
        std::swap(context, m_context);
    }
    if (context)
        redisFree(context);
}

RedisReply RedisClient::command(const QList<QByteArray>& arguments)
{
    if (m_interrupted)
        throw RedisError(RedisError::Kind::Interrupted, QStringLiteral("interrupted"));
    if (!m_context)
        throw RedisError(RedisError::Kind::Unreachable, QStringLiteral("not connected"));
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    for (const QByteArray& argument : arguments) {
        argv.push_back(argument.constData());
        lengths.push_back(size_t(argument.size()));
    }
    auto* reply = static_cast<redisReply*>(redisCommandArgv(m_context, int(argv.size()), argv.data(), lengths.data()));
    if (!reply)
        fail(QString::fromLatin1(arguments.value(0)));
    RedisReply copy = copyOf(*reply);
    freeReplyObject(reply);
    return copy;
}

void RedisClient::interrupt()
{
    m_interrupted = true;
    const std::lock_guard lock(m_mutex);
    if (m_context)
        ::shutdown(m_context->fd, SHUT_RDWR);
}

void RedisClient::fail(const QString& during)
{
    RedisError::Kind kind = RedisError::Kind::Unreachable;
    QString message = QStringLiteral("no connection");
    if (m_context) {
        message = QString::fromUtf8(m_context->errstr);
        if (m_interrupted)
            kind = RedisError::Kind::Interrupted;
        else if (timedOut(*m_context))
            kind = RedisError::Kind::NotAnswering;
        else if (m_context->err == REDIS_ERR_EOF)
            message = QStringLiteral("the server closed the connection");
    }
    close();
    if (kind == RedisError::Kind::NotAnswering)
        message = QStringLiteral("no answer within the deadline");
    throw RedisError(kind, during + QStringLiteral(": ") + message);
}

} // namespace Paddock
