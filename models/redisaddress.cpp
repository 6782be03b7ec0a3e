#include "redisaddress.h"

#include <QUrl>

namespace Paddock {

std::optional<RedisAddress> RedisAddress::parse(const QString& url, QString* error)
{
    const auto fail = [error](const QString& why) -> std::optional<RedisAddress> {
        *error = why;
        return std::nullopt;
    };
    const QUrl parsed(url.trimmed(), QUrl::StrictMode);
    if (!parsed.isValid() || parsed.host().isEmpty())
        return fail(QStringLiteral("\"%1\" is not a Redis URL: write redis://[user@]host[:port][/db]")
                        .arg(parsed.toString(QUrl::RemovePassword)));
    if (parsed.scheme() == QLatin1String("rediss"))
        return fail(QStringLiteral("rediss:// (TLS) is not supported: this build's hiredis (0.14) has no TLS; "
                                   "reach the Redis through a TLS tunnel on 127.0.0.1 and use redis://"));
    if (parsed.scheme() != QLatin1String("redis"))
        return fail(QStringLiteral("\"%1\" is not a Redis URL: it must start with redis://").arg(parsed.scheme()));
    if (!parsed.password().isEmpty())
        return fail(QStringLiteral("the Redis URL carries a password: Paddock never stores or prints one; "
                                   "set REDISCLI_AUTH or answer the prompt instead"));
    RedisAddress address;
    address.host = parsed.host();
    address.port = parsed.port(6379);
    if (address.port <= 0)
        return fail(QStringLiteral("the Redis URL's port is not a number between 1 and 65535"));
    address.user = parsed.userName();
    const QString path = parsed.path().mid(1);
    if (!path.isEmpty()) {
        bool ok = false;
        address.database = path.toInt(&ok);
        if (!ok || address.database < 0)
            return fail(QStringLiteral("the Redis URL's database \"/%1\" is not a number").arg(path));
    }
    return address;
}

QString RedisAddress::display() const
{
    const bool ipv6 = host.contains(QLatin1Char(':'));
    return (ipv6 ? QLatin1Char('[') + host + QLatin1Char(']') : host) + QLatin1Char(':') + QString::number(port);
}

QString RedisAddress::url() const
{
    QString text = QStringLiteral("redis://");
    if (!user.isEmpty())
        text += user + QLatin1Char('@');
    text += display();
    if (database != 0)
        text += QLatin1Char('/') + QString::number(database);
    return text;
}

} // namespace Paddock
