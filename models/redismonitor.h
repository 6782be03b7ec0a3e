#pragma once

#include "redisaddress.h"
#include "redissample.h"

#include <atomic>
#include <functional>
#include <memory>
#include <QObject>

class QThread;

namespace Paddock {

class RedisSampler;

// Reads a farm's Redis once a second on a thread of its own, so that a Redis that does not answer
// never delays the database's figures (DESIGN.md section 6). Every round trip has the deadline;
// a failed one is a sample that says why, and the next tick connects again. Read-only.
class RedisMonitor : public QObject {
    Q_OBJECT

public:
    struct Options {
        RedisAddress address;
        QByteArray channelPattern = "signalr*"; // the backplane's channels
        QString password; // REDISCLI_AUTH, or empty
        // Asked, on the monitor's thread, when Redis wants a password and none was given; must
        // return (empty) soon after `interrupted` is set. May be empty.
        std::function<QString(const QString& prompt, const std::shared_ptr<std::atomic<bool>>& interrupted)> prompt;
        int intervalMs = 1000;
        int deadlineMs = 6000;
    };

    explicit RedisMonitor(Options options, QObject* parent = nullptr);
    // Ends a waiting round trip at once and lets the thread go without waiting on Redis.
    ~RedisMonitor() override;

    void start();

Q_SIGNALS:
    void sampled(const Paddock::RedisSample& sample);

private:
    QThread* m_thread = nullptr;
    RedisSampler* m_sampler = nullptr; // lives on m_thread, deleted with it
    std::function<void()> m_interruptClient; // ends the sampler's waiting round trip
    std::shared_ptr<std::atomic<bool>> m_interrupted = std::make_shared<std::atomic<bool>>(false);
};

// Samples with a fresh connection until `count` samples were taken `intervalMs` apart, or one failed:
// `paddock report`'s look at the Redis, which has no window to wait for. Blocks the calling thread.
QList<RedisSample> sampleRedisFor(const RedisMonitor::Options& options, int count);

} // namespace Paddock
