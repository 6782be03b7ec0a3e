#include "redisfaults.h"

#include "logging.h"
#include "stopflag.h"

#include <algorithm>

namespace Paddock {

namespace {

// A slow Redis rather than a dead one: every command, PING included, waits up to 300 ms, and all of
// them are answered well within the clients' timeout, so nobody reconnects; and a simulator that is
// killed leaves a pause of 300 ms behind at most.
constexpr int PauseMs = 300;
constexpr int PausePeriodMs = 350;

std::string str(const QByteArray& text)
{
    return text.toStdString();
}

// One field of INFO's "name:value" lines.
qint64 infoField(const QByteArray& info, const QByteArray& name)
{
    for (const QByteArray& line : info.split('\n')) {
        if (line.startsWith(name + ':'))
            return line.mid(name.size() + 1).trimmed().toLongLong();
    }
    return 0;
}

} // namespace

RedisFaults::RedisFaults(const RedisAddress& address, const FaultPlan& faults, StopFlag* stop, Clock::time_point start)
    : m_control(address, QStringLiteral("paddock-sim-control"), QStringLiteral("redis control"))
    , m_stop(stop)
    , m_start(start)
{
    for (const FaultEvent& event : faults.events()) {
        if (event.kind == FaultEvent::Kind::RedisSlow || event.kind == FaultEvent::Kind::RedisEvict)
            m_events.append(event);
    }
}

RedisFaults::~RedisFaults()
{
    join();
}

bool RedisFaults::needed(const FaultPlan& faults)
{
    return std::any_of(faults.events().cbegin(), faults.events().cend(), [](const FaultEvent& event) {
        return event.kind == FaultEvent::Kind::RedisSlow || event.kind == FaultEvent::Kind::RedisEvict;
    });
}

void RedisFaults::start()
{
    m_thread = std::thread([this] { run(); });
}

void RedisFaults::join()
{
    if (m_thread.joinable())
        m_thread.join();
}

RedisFaults::Clock::time_point RedisFaults::timeAt(double t) const
{
    return m_start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(t));
}

void RedisFaults::run()
{
    QList<double> evictions;
    QList<FaultEvent> spans;
    for (const FaultEvent& event : std::as_const(m_events)) {
        if (event.kind == FaultEvent::Kind::RedisEvict)
            evictions.append(event.at);
        else
            spans.append(event);
    }
    bool slow = false;
    while (!m_stop->isRequested()) {
        const auto now = Clock::now();
        const double t = std::chrono::duration<double>(now - m_start).count();
        while (!evictions.isEmpty() && evictions.constFirst() <= t) {
            evictions.removeFirst();
            evict();
        }
        const bool slowNow = std::any_of(
            spans.cbegin(), spans.cend(), [t](const FaultEvent& e) { return e.at <= t && t < e.at + e.duration; });
        if (slowNow != slow)
            Log::sim()->info(
                "redis: {} at t={:.1f}s", slowNow ? "slow, every client paused 300 ms out of 350" : "fast again", t);
        slow = slowNow;
        Clock::time_point next = evictions.isEmpty() ? Clock::time_point::max() : timeAt(evictions.constFirst());
        for (const FaultEvent& span : std::as_const(spans)) {
            if (span.at > t)
                next = std::min(next, timeAt(span.at));
        }
        if (slow) {
            pause();
            next = std::min(next, now + std::chrono::milliseconds(PausePeriodMs));
        }
        m_stop->waitUntil(next);
    }
    restore();
    m_control.close();
}

void RedisFaults::pause()
{
    if (!m_control.ready())
        return;
    const auto reply = m_control.command({ "CLIENT", "PAUSE", QByteArray::number(PauseMs), "ALL" });
    if (reply && reply->isError())
        Log::sim()->warn("redis: CLIENT PAUSE refused: {}", str(reply->text));
}

std::optional<QByteArray> RedisFaults::configValue(const QByteArray& name)
{
    const auto reply = m_control.command({ "CONFIG", "GET", name });
    if (!reply || reply->type != RedisReply::Type::Array || reply->elements.size() != 2)
        return std::nullopt;
    return reply->elements.at(1).text;
}

void RedisFaults::evict()
{
    if (!m_control.ready()) {
        Log::sim()->warn("redis: cannot lower maxmemory: {}", m_control.lastError().toStdString());
        return;
    }
    const auto info = m_control.command({ "INFO", "memory" });
    const auto maxmemory = configValue("maxmemory");
    const auto policy = configValue("maxmemory-policy");
    if (!info || info->type != RedisReply::Type::String || !maxmemory || !policy) {
        Log::sim()->warn("redis: cannot lower maxmemory: INFO or CONFIG GET refused");
        return;
    }
    if (!m_savedMaxmemory) {
        m_savedMaxmemory = maxmemory;
        m_savedPolicy = policy;
    }
    // A quarter of the data below what is used: that much goes at once, and every SET of a miss
    // evicts another key from then on.
    const qint64 used = infoField(info->text, "used_memory");
    const qint64 dataset = infoField(info->text, "used_memory_dataset");
    const qint64 limit = std::max<qint64>(1, used - std::max<qint64>(dataset / 4, 1));
    const auto setPolicy = m_control.command({ "CONFIG", "SET", "maxmemory-policy", "allkeys-lru" });
    const auto setLimit = m_control.command({ "CONFIG", "SET", "maxmemory", QByteArray::number(limit) });
    if (!setPolicy || !setLimit || setPolicy->isError() || setLimit->isError()) {
        Log::sim()->warn("redis: CONFIG SET refused: {}",
            str(setLimit && setLimit->isError() ? setLimit->text
                    : setPolicy                 ? setPolicy->text
                                                : QByteArray()));
        return;
    }
    Log::sim()->info("redis: maxmemory {} bytes (used {}, data set {}), policy allkeys-lru; was {}, {}", limit, used,
        dataset, str(*m_savedMaxmemory), str(*m_savedPolicy));
}

void RedisFaults::restore()
{
    if (!m_savedMaxmemory)
        return;
    // One fresh attempt even during a back-off: the shared server must not stay full.
    if (!m_control.isOpen())
        m_control.close();
    const bool restored = m_control.ready()
        && m_control.command({ "CONFIG", "SET", "maxmemory", *m_savedMaxmemory }).has_value()
        && m_control.command({ "CONFIG", "SET", "maxmemory-policy", *m_savedPolicy }).has_value();
    if (restored)
        Log::sim()->info("redis: maxmemory {} and policy {} restored", str(*m_savedMaxmemory), str(*m_savedPolicy));
    else
        Log::sim()->error("redis: could not restore maxmemory {} and policy {}: {}", str(*m_savedMaxmemory),
            str(*m_savedPolicy), m_control.lastError().toStdString());
}

} // namespace Paddock
