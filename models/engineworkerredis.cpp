#include "engineworker.h"
#include "logging.h"

// The farm's Redis on the engine's side: the monitor samples it on its own thread; each update of
// the database's figures carries the Redis figures of the same window and the samples since the last.
namespace Paddock {

namespace {

constexpr qsizetype MaxPendingPoints = 3600; // an hour of samples while the window takes no update

} // namespace

void EngineWorker::startRedis()
{
    m_redis.reset();
    m_redisSamples.clear();
    m_redisPoints.clear();
    if (m_settings.redisUrl.isEmpty())
        return;
    QString error;
    const std::optional<RedisAddress> address = RedisAddress::parse(m_settings.redisUrl, &error);
    if (!address) {
        m_redisAddress = m_settings.redisUrl;
        m_redisUrlError = error;
        Log::engine()->error("redis: {}", error.toStdString());
        return;
    }
    m_redisAddress = address->display();
    RedisMonitor::Options options;
    options.address = *address;
    options.channelPattern = m_settings.redisChannelPattern;
    options.password = qEnvironmentVariable("REDISCLI_AUTH");
    options.prompt = m_settings.passwordPrompt;
    options.intervalMs = m_settings.pollIntervalMs;
    options.deadlineMs = m_settings.deadlineMs();
    m_redis = std::make_unique<RedisMonitor>(std::move(options));
    connect(m_redis.get(), &RedisMonitor::sampled, this, &EngineWorker::takeRedisSample);
    m_redis->start();
}

void EngineWorker::takeRedisSample(const RedisSample& sample)
{
    if (!m_redis)
        return; // stopped meanwhile
    m_redisPoints.append(Redis::point(m_redisSamples.isEmpty() ? nullptr : &m_redisSamples.constLast(), sample));
    if (m_redisPoints.size() > MaxPendingPoints)
        m_redisPoints.remove(0, m_redisPoints.size() - MaxPendingPoints);
    m_redisSamples.append(sample);
    // The window's samples and the one before them, which the rates of its first second need.
    const qint64 oldest = sample.atMs - (qint64(m_settings.windowS) + 2) * 1000;
    while (m_redisSamples.size() > 2 && m_redisSamples.at(1).atMs < oldest)
        m_redisSamples.removeFirst();
}

void EngineWorker::addRedis(EngineUpdate& update)
{
    if (m_settings.redisUrl.isEmpty())
        return;
    RedisFigures figures;
    if (!m_redisUrlError.isEmpty()) {
        figures.address = m_redisAddress;
        figures.status = RedisStatus::Failing;
        figures.reasons.append(m_redisUrlError);
    } else {
        figures = Redis::figures(m_redisAddress, m_redisSamples, m_settings.windowS,
            QDateTime::currentMSecsSinceEpoch(), Redis::runningInstances(update.snapshot), m_settings.redisThresholds);
    }
    Redis::apply(update.snapshot, std::move(figures));
    // The charts follow the database's clock: the samples are placed on it by the offset between
    // the two clocks at this refresh (within the read's own few milliseconds).
    const qint64 offsetMs = update.snapshot.generatedAt.isValid()
        ? update.snapshot.generatedAt.toMSecsSinceEpoch() - QDateTime::currentMSecsSinceEpoch()
        : 0;
    update.redisPoints = std::exchange(m_redisPoints, {});
    for (RedisPoint& point : update.redisPoints)
        point.atMs += offsetMs;
}

} // namespace Paddock
