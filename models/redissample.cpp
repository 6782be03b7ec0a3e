#include "redissample.h"

#include <chrono>
#include <QDateTime>

namespace Paddock {

namespace RedisInfo {

QHash<QByteArray, QByteArray> parse(const QByteArray& info)
{
    QHash<QByteArray, QByteArray> fields;
    for (QByteArray line : info.split('\n')) {
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            fields.insert(line.left(colon), line.mid(colon + 1));
    }
    return fields;
}

QStringList clientNames(const QByteArray& clientList)
{
    QStringList names;
    for (const QByteArray& line : clientList.split('\n')) {
        for (const QByteArray& field : line.trimmed().split(' ')) {
            if (field.startsWith("name=") && field.size() > 5)
                names.append(QString::fromUtf8(field.mid(5)));
        }
    }
    names.sort();
    names.removeDuplicates();
    return names;
}

namespace {

qint64 integerOf(const QHash<QByteArray, QByteArray>& fields, const char* key)
{
    bool ok = false;
    const qint64 value = fields.value(key).toLongLong(&ok);
    return ok && value >= 0 ? value : 0;
}

// The text of a reply that must be a string; an error reply is refused access to what it asked.
std::optional<QByteArray> textOf(const RedisReply& reply, const char* what, RedisSample& sample)
{
    if (reply.isError()) {
        sample.cannotSee.append(QLatin1String(what) + QStringLiteral(": ") + QString::fromUtf8(reply.text).left(120));
        return std::nullopt;
    }
    return reply.text;
}

std::optional<qint64> subscribers(RedisClient& client, const QByteArray& channelPattern, RedisSample& sample)
{
    const RedisReply channels = client.command({ "PUBSUB", "CHANNELS", channelPattern });
    if (channels.isError()) {
        textOf(channels, "PUBSUB", sample);
        return std::nullopt;
    }
    if (channels.elements.isEmpty())
        return 0;
    QList<QByteArray> numsub { "PUBSUB", "NUMSUB" };
    for (const RedisReply& channel : channels.elements)
        numsub.append(channel.text);
    const RedisReply counts = client.command(numsub);
    if (counts.isError()) {
        textOf(counts, "PUBSUB", sample);
        return std::nullopt;
    }
    qint64 total = 0;
    for (qsizetype i = 1; i < counts.elements.size(); i += 2)
        total += counts.elements.at(i).integer;
    return total;
}

} // namespace

RedisSample sample(RedisClient& client, const QByteArray& channelPattern)
{
    RedisSample sample;
    sample.atMs = QDateTime::currentMSecsSinceEpoch();
    const auto started = std::chrono::steady_clock::now();
    const RedisReply pong = client.command({ "PING" });
    const auto elapsed = std::chrono::steady_clock::now() - started;
    if (pong.isError()) {
        sample.error = QStringLiteral("PING: ") + QString::fromUtf8(pong.text);
        return sample;
    }
    sample.pingMs = std::chrono::duration<double, std::milli>(elapsed).count();
    const RedisReply info = client.command({ "INFO" });
    const std::optional<QByteArray> infoText = textOf(info, "INFO", sample);
    if (!infoText) {
        sample.error = sample.cannotSee.constLast();
        return sample;
    }
    const QHash<QByteArray, QByteArray> fields = parse(*infoText);
    sample.version = QString::fromLatin1(fields.value("redis_version"));
    sample.role = QString::fromLatin1(fields.value("role"));
    sample.processId = integerOf(fields, "process_id");
    sample.uptimeS = integerOf(fields, "uptime_in_seconds");
    sample.keyspaceHits = integerOf(fields, "keyspace_hits");
    sample.keyspaceMisses = integerOf(fields, "keyspace_misses");
    sample.evictedKeys = integerOf(fields, "evicted_keys");
    sample.expiredKeys = integerOf(fields, "expired_keys");
    sample.commandsProcessed = integerOf(fields, "total_commands_processed");
    sample.usedMemory = integerOf(fields, "used_memory");
    sample.maxMemory = integerOf(fields, "maxmemory");
    sample.connectedClients = integerOf(fields, "connected_clients");
    if (const std::optional<QByteArray> list = textOf(client.command({ "CLIENT", "LIST" }), "CLIENT LIST", sample))
        sample.clientNames = clientNames(*list);
    sample.backplaneSubscribers = subscribers(client, channelPattern, sample);
    sample.ok = true;
    return sample;
}

} // namespace RedisInfo

} // namespace Paddock
