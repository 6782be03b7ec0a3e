#pragma once

#include "redisaddress.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <QByteArray>
#include <QList>
#include <QString>

struct redisContext;

namespace Paddock {

// What a transport failure of a Redis round trip was: it decides what the status says.
class RedisError {
public:
    // Unreachable: no connection (refused, reset, unknown host); NotAnswering: no answer within the
    // deadline; Refused: the server said no (a wrong password, a missing permission); Interrupted:
    // the client was interrupted (closing).
    enum class Kind { Unreachable, NotAnswering, Refused, Interrupted };
    RedisError(Kind kind, QString message)
        : m_kind(kind)
        , m_message(std::move(message))
    {
    }
    Kind kind() const { return m_kind; }
    const QString& message() const { return m_message; }

private:
    Kind m_kind;
    QString m_message;
};

// One reply, copied out of hiredis's.
struct RedisReply {
    enum class Type { String, Status, Integer, Array, Nil, Error };
    Type type = Type::Nil;
    QByteArray text; // String, Status, Error
    qint64 integer = 0;
    QList<RedisReply> elements;
    bool isError() const { return type == Type::Error; }
};

// One blocking hiredis connection whose every round trip has a deadline. Paddock sends only reads
// through it (PING, INFO, CLIENT LIST, PUBSUB); the simulator plays a farm's writes with it. Not
// thread-safe, except interrupt(), which another thread may call to end a waiting round trip at once.
class RedisClient {
public:
    RedisClient();
    ~RedisClient();
    RedisClient(const RedisClient&) = delete;
    RedisClient& operator=(const RedisClient&) = delete;

    // Connects within deadlineMs, authenticates (AUTH [user] password, when a password is given) and
    // selects the database; throws RedisError.
    void open(const RedisAddress& address, const QString& password, int deadlineMs);
    bool isOpen() const;
    void close();
    // One command; an error reply is returned as such, a transport failure throws RedisError and
    // closes the connection.
    RedisReply command(const QList<QByteArray>& arguments);
    // Ends a waiting round trip at once (it throws Interrupted) and every later one.
    void interrupt();

private:
    [[noreturn]] void fail(const QString& during);

    std::mutex m_mutex; // guards m_context against interrupt() from another thread
    redisContext* m_context = nullptr;
    std::atomic<bool> m_interrupted { false };
};

} // namespace Paddock
