#include "redismonitor.h"

#include "logging.h"

#include <QDateTime>
#include <QThread>
#include <QTimer>

namespace Paddock {

namespace {

bool wantsPassword(const RedisError& error)
{
    return error.kind() == RedisError::Kind::Refused
        && (error.message().startsWith(QLatin1String("NOAUTH"))
            || error.message().startsWith(QLatin1String("WRONGPASS")));
}

} // namespace

// The monitor's half on the Redis thread: one connection, one sample a tick.
class RedisSampler : public QObject {
    Q_OBJECT

public:
    RedisSampler(RedisMonitor::Options options, std::shared_ptr<std::atomic<bool>> interrupted,
        std::shared_ptr<RedisClient> client)
        : m_options(std::move(options))
        , m_interrupted(std::move(interrupted))
        , m_client(std::move(client))
        , m_timer(this) // a child, so that it moves to the Redis thread with the sampler
    {
        m_timer.setInterval(m_options.intervalMs);
        connect(&m_timer, &QTimer::timeout, this, &RedisSampler::tick);
    }

    void start()
    {
        m_timer.start();
        tick();
    }

    RedisSample takeSample()
    {
        try {
            if (!m_client->isOpen())
                connectToRedis();
            return RedisInfo::sample(*m_client, m_options.channelPattern);
        } catch (const RedisError& error) {
            RedisSample failed;
            failed.atMs = QDateTime::currentMSecsSinceEpoch();
            failed.error = error.message();
            return failed;
        }
    }

Q_SIGNALS:
    void sampled(const Paddock::RedisSample& sample);

private:
    void tick()
    {
        if (m_interrupted->load())
            return;
        const RedisSample sample = takeSample();
        if (!sample.ok && sample.error != m_lastError)
            Log::engine()->warn("redis {}: {}", m_options.address.display().toStdString(), sample.error.toStdString());
        m_lastError = sample.error;
        if (!m_interrupted->load())
            Q_EMIT sampled(sample);
    }

    void connectToRedis()
    {
        try {
            m_client->open(m_options.address, m_options.password, m_options.deadlineMs);
        } catch (const RedisError& error) {
            if (!wantsPassword(error) || !m_options.password.isEmpty() || !m_options.prompt || m_prompted)
                throw;
            m_prompted = true; // asked once: a wrong answer is reported, not asked again every second
            m_options.password
                = m_options.prompt(QStringLiteral("Password for Redis %1").arg(m_options.address.url()), m_interrupted);
            if (m_options.password.isEmpty())
                throw;
            m_client->open(m_options.address, m_options.password, m_options.deadlineMs);
        }
    }

    RedisMonitor::Options m_options;
    std::shared_ptr<std::atomic<bool>> m_interrupted;
    std::shared_ptr<RedisClient> m_client;
    QTimer m_timer;
    QString m_lastError;
    bool m_prompted = false;
};

RedisMonitor::RedisMonitor(Options options, QObject* parent)
    : QObject(parent)
    , m_thread(new QThread)
{
    qRegisterMetaType<Paddock::RedisSample>();
    auto client = std::make_shared<RedisClient>();
    m_sampler = new RedisSampler(std::move(options), m_interrupted, client);
    m_sampler->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_sampler, &QObject::deleteLater);
    connect(m_sampler, &RedisSampler::sampled, this, &RedisMonitor::sampled);
    m_thread->setObjectName(QStringLiteral("paddock-redis"));
    m_interruptClient = [client] { client->interrupt(); };
}

RedisMonitor::~RedisMonitor()
{
    m_interrupted->store(true);
    m_interruptClient();
    m_thread->quit();
    if (m_thread->wait(QDeadlineTimer(900))) {
        delete m_thread;
        return;
    }
    Log::engine()->warn("the Redis thread did not stop within 900 ms: leaving it to finish on its own");
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
}

void RedisMonitor::start()
{
    m_thread->start();
    QMetaObject::invokeMethod(m_sampler, &RedisSampler::start, Qt::QueuedConnection);
}

QList<RedisSample> sampleRedisFor(const RedisMonitor::Options& options, int count)
{
    auto client = std::make_shared<RedisClient>();
    RedisSampler sampler(options, std::make_shared<std::atomic<bool>>(false), client);
    QList<RedisSample> samples;
    for (int i = 0; i < count; ++i) {
        if (i > 0)
            QThread::msleep(ulong(options.intervalMs));
        samples.append(sampler.takeSample());
        if (!samples.constLast().ok)
            break;
    }
    return samples;
}

} // namespace Paddock

#include "redismonitor.moc"
