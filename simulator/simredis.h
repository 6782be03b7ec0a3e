#pragma once

#include "redisaddress.h"
#include "redisclient.h"

#include <chrono>
#include <optional>
#include <QByteArray>
#include <QList>
#include <QString>
#include <string>

namespace Paddock {

// One Redis connection of the simulator: a RedisClient (every round trip within TimeoutMs) that is
// named with CLIENT SETNAME, sends what an application sends (GET, SET, UNLINK, SUBSCRIBE, and the
// control connection's CLIENT PAUSE and CONFIG SET), and comes back by itself. A connection that
// fails (refused, reset, no answer in time) is closed, and ready() opens it again only once a
// back-off (0.5 s doubling to 10 s) has passed: a broken or stalled Redis holds a thread for one
// deadline at most, never longer.
class SimRedis {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr int TimeoutMs = 2000;

    // name: the CLIENT SETNAME of the connection (empty: unnamed); role: for log lines ("web-01 cache").
    SimRedis(RedisAddress address, QString name, const QString& role);

    // Open, or opened now when the back-off allows it: authenticated (REDISCLI_AUTH), its database
    // selected, named. False while Redis cannot be reached.
    bool ready();
    // One command on the open connection; nullopt when the connection failed, which closes it. An
    // error reply (OOM, NOAUTH, …) is an answer: the connection stays.
    std::optional<RedisReply> command(const QList<QByteArray>& arguments);
    // Closes the connection; the next ready() opens it again at once.
    void close();
    bool isOpen() const { return m_client.isOpen(); }
    const QString& lastError() const { return m_lastError; }

    // Whether Redis answers at this address (one attempt and a PING); what is wrong when it does not.
    static std::optional<QString> check(const RedisAddress& address);

private:
    bool open();
    void failed(const QString& what);

    RedisAddress m_address;
    QString m_name;
    std::string m_role;
    RedisClient m_client;
    Clock::time_point m_retryAt {};
    double m_backoffS;
    bool m_lost = false; // failed since it was last open: said once, and "again" once it is back
    bool m_quiet = false; // check(): no log lines, the caller says what is wrong
    QString m_lastError;
};

} // namespace Paddock
