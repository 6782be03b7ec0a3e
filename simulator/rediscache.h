#pragma once

#include "simconfig.h"
#include "simrandom.h"
#include "simredis.h"

#include <chrono>
#include <QByteArray>
#include <QString>
#include <QStringList>

namespace Paddock {

// The cache of one instance kept in Redis (--redis), shared with the rest of the farm: one connection
// for the lookups and one subscribed to the farm's SignalR backplane channel, both named after the
// instance. A lookup GETs a key drawn by popularity (a few keys are asked for all the time, most now
// and then); a miss SETs it with an expiry. Invalidations UNLINK the keys they touch. While Redis
// cannot be reached, or after drop(), every lookup is a miss, as in an application that falls back
// to its database.
class RedisCache {
public:
    using Clock = std::chrono::steady_clock;
    struct Counts {
        qint64 hits = 0;
        qint64 misses = 0;
    };

    RedisCache(const RedisAddress& address, const QString& instance, const QString& channel, quint64 seed);

    // count lookups, done by the deadline: those left then are not made (a slow cache serves fewer
    // requests).
    Counts lookup(qint64 count, Clock::time_point deadline);
    // An invalidation task: its target and `dependents` popular keys that depended on it.
    void invalidate(const QString& target, int dependents);
    // A manual flush of the listed keys, or of every key of the simulator; the keys removed.
    qint64 flush(const QStringList& keys);
    // The keys in the Redis database; 0 while it cannot be reached.
    qint64 items();
    // Subscribes the backplane connection, again after it was lost, and checks that it answers.
    void keepAlive();
    // --redis-drop: both connections closed for good.
    void drop();
    bool dropped() const { return m_dropped; }
    // A restarted application opens new connections.
    void reconnect();

    static QByteArray keyOf(const QString& name);
    // The name of the index-th most popular key: object and document keys as the tasks name them.
    static QString popularKeyName(int index);

private:
    QByteArray popularKey();
    QByteArray value();
    void subscribe();

    SimRedis m_cache;
    SimRedis m_backplane;
    QByteArray m_channel;
    SimRandom m_random;
    bool m_subscribed = false;
    bool m_dropped = false;
};

} // namespace Paddock
