#pragma once

#include "redissample.h"

#include <cmath>
#include <optional>
#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

namespace Paddock {

enum class RedisStatus { Ok, Degraded, Failing, Unknown }; // Unknown: not read yet
QString statusName(RedisStatus status); // "ok", "degraded", "failing", "unknown"

// Thresholds of the redis status rule (DESIGN.md section 6); the defaults are the documented ones.
struct RedisThresholds {
    double memoryFraction = 0.9; // used memory above this share of maxmemory
    double pingP99Ms = 50.0;
};

// The figures of a farm's Redis over the window (DESIGN.md section 6). A figure with nothing to
// measure (one sample, no lookups) is nullopt.
struct RedisFigures {
    QString address; // host:port
    RedisStatus status = RedisStatus::Unknown;
    QStringList reasons; // why degraded or failing, for people
    QString version;
    QString role;
    std::optional<double> pingP50Ms;
    std::optional<double> pingP99Ms;
    std::optional<double> hitRatio;
    std::optional<double> hitsPerS;
    std::optional<double> missesPerS;
    std::optional<double> evictedKeysPerS;
    std::optional<double> expiredKeysPerS;
    std::optional<double> opsPerS;
    qint64 evictedKeys = 0; // in the window
    std::optional<qint64> usedMemoryBytes;
    std::optional<qint64> maxMemoryBytes; // 0: no limit
    std::optional<qint64> connectedClients;
    QStringList instancesConnected; // the farm's instances with a named connection, sorted
    QStringList instancesMissing; // running instances without one, sorted
    std::optional<qint64> backplaneSubscribers;
    QStringList cannotSee; // what the login may not read
    double sampledS = 0.0; // the span the rates are over
    QDateTime sampledAt; // the newest sample (local clock)

    bool operator==(const RedisFigures&) const = default;
};

// One point of the Cache tab's charts: the rates between two consecutive samples, and the levels
// at the second. A failed sample is a point with ok false (a gap).
struct RedisPoint {
    qint64 atMs = 0; // when sampled: the local clock, moved onto the DB clock by the engine
    bool ok = false;
    double hitsPerS = NAN;
    double missesPerS = NAN;
    double evictedPerS = NAN;
    double opsPerS = NAN;
    double usedMemory = NAN;
    double maxMemory = NAN; // NaN: no limit
    double pingMs = NAN;
};

struct FarmSnapshot;

namespace Redis {

// The figures from `samples` (oldest first) of the last windowS before nowMs. `running` are the
// farm's instances expected to hold a connection (responding, enabled, not stopped).
RedisFigures figures(const QString& address, const QList<RedisSample>& samples, int windowS, qint64 nowMs,
    const QStringList& running, const RedisThresholds& thresholds = {});
// The farm's instances that are healthy or degraded, the ones expected to hold a connection.
QStringList runningInstances(const FarmSnapshot& snapshot);
// Puts `redis` into the snapshot: an instance without a connection to a Redis that answers is
// degraded ("no connection to Redis host:port"), and the farm's counts follow.
void apply(FarmSnapshot& snapshot, RedisFigures redis);
// The Cache tab's point for `current`, with rates from `previous` (the sample before it; none for the first).
RedisPoint point(const RedisSample* previous, const RedisSample& current);
// The `"redis"` object of `report --json`.
QJsonObject toJson(const RedisFigures& figures);

} // namespace Redis

} // namespace Paddock
