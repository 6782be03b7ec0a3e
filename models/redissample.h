#pragma once

#include "redisclient.h"

#include <optional>
#include <QHash>
#include <QMetaType>
#include <QStringList>

namespace Paddock {

// One look at a farm's Redis (DESIGN.md section 6): a PING round trip, the INFO counters, the names
// of the connections and the backplane's subscribers. Counters are as INFO gives them: totals since
// the server started.
struct RedisSample {
    qint64 atMs = 0; // local clock, ms since the epoch
    bool ok = false;
    QString error; // why not ok, one line
    std::optional<double> pingMs;
    QString version;
    QString role;
    qint64 processId = 0;
    qint64 uptimeS = 0;
    qint64 keyspaceHits = 0;
    qint64 keyspaceMisses = 0;
    qint64 evictedKeys = 0;
    qint64 expiredKeys = 0;
    qint64 commandsProcessed = 0;
    qint64 usedMemory = 0;
    qint64 maxMemory = 0; // 0: no limit
    qint64 connectedClients = 0;
    QStringList clientNames; // CLIENT LIST's names, sorted, without the empty ones
    std::optional<qint64> backplaneSubscribers; // nullopt: PUBSUB was refused
    QStringList cannotSee; // what the login may not read ("CLIENT LIST: NOPERM ...")
};

namespace RedisInfo {

// INFO's text as field -> value ("keyspace_hits" -> "42"); section headers and blank lines are left out.
QHash<QByteArray, QByteArray> parse(const QByteArray& info);
// The non-empty names of CLIENT LIST's lines (`... name=web-01 ...`), sorted, each once.
QStringList clientNames(const QByteArray& clientList);
// A sample of the server behind `client`, read with PING, INFO, CLIENT LIST and PUBSUB (the
// channels matching `channelPattern`). Throws RedisError when a round trip fails.
RedisSample sample(RedisClient& client, const QByteArray& channelPattern);

} // namespace RedisInfo

} // namespace Paddock

Q_DECLARE_METATYPE(Paddock::RedisSample)
