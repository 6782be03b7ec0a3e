#include "simredis.h"

#include "logging.h"

#include <algorithm>

namespace Paddock {

namespace {

constexpr double FirstBackoffS = 0.5;
constexpr double LastBackoffS = 10;

} // namespace

SimRedis::SimRedis(RedisAddress address, QString name, const QString& role)
    : m_address(std::move(address))
    , m_name(std::move(name))
    , m_role(role.toStdString())
    , m_backoffS(FirstBackoffS)
{
}

void SimRedis::close()
{
    m_client.close();
    m_retryAt = {};
}

void SimRedis::failed(const QString& what)
{
    m_lastError = what;
    m_client.close();
    if (!m_lost && !m_quiet)
        Log::sim()->warn("{}: Redis at {}: {}; next attempt in {} s", m_role, m_address.url().toStdString(),
            what.toStdString(), m_backoffS);
    m_lost = true;
    m_retryAt = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(m_backoffS));
    m_backoffS = std::min(m_backoffS * 2, LastBackoffS);
}

bool SimRedis::ready()
{
    if (m_client.isOpen())
        return true;
    if (Clock::now() < m_retryAt)
        return false;
    return open();
}

bool SimRedis::open()
{
    try {
        // The password is never logged, and never part of the address.
        m_client.open(m_address, qEnvironmentVariable("REDISCLI_AUTH"), TimeoutMs);
        if (!m_name.isEmpty()) {
            const RedisReply named = m_client.command({ "CLIENT", "SETNAME", m_name.toUtf8() });
            if (named.isError()) {
                failed(QStringLiteral("CLIENT SETNAME refused: %1").arg(QString::fromUtf8(named.text)));
                return false;
            }
        }
    } catch (const RedisError& error) {
        failed(error.message());
        return false;
    }
    if (m_lost && !m_quiet)
        Log::sim()->info("{}: Redis at {} answers again", m_role, m_address.url().toStdString());
    m_lost = false;
    m_backoffS = FirstBackoffS;
    return true;
}

std::optional<RedisReply> SimRedis::command(const QList<QByteArray>& arguments)
{
    if (!m_client.isOpen())
        return std::nullopt;
    try {
        return m_client.command(arguments);
    } catch (const RedisError& error) {
        failed(error.message());
        return std::nullopt;
    }
}

std::optional<QString> SimRedis::check(const RedisAddress& address)
{
    SimRedis redis(address, QString(), QStringLiteral("paddock-sim"));
    redis.m_quiet = true;
    if (!redis.ready())
        return redis.lastError();
    const auto pong = redis.command({ "PING" });
    if (!pong)
        return redis.lastError();
    if (pong->isError())
        return QString::fromUtf8(pong->text);
    return std::nullopt;
}

} // namespace Paddock
