#include "faultplan.h"

#include <algorithm>

namespace Paddock {

FaultPlan::FaultPlan(QList<FaultEvent> events)
    : m_events(std::move(events))
{
    std::stable_sort(
        m_events.begin(), m_events.end(), [](const FaultEvent& a, const FaultEvent& b) { return a.at < b.at; });
}

QList<FaultEvent> FaultPlan::incident(const QStringList& instances, const QStringList& storages, bool redis)
{
    const QString scenario = QStringLiteral("--scenario incident");
    auto event = [&scenario](FaultEvent::Kind kind, double at, const QString& target) {
        FaultEvent e;
        e.kind = kind;
        e.at = at;
        e.target = target;
        e.spec = scenario;
        return e;
    };
    QList<FaultEvent> events;
    // web-03 hangs in the middle of a scheduled run: silent from then on, the run never finished.
    events.append(event(FaultEvent::Kind::CrashDuringRun, 20, instances.at(2)));
    FaultEvent slow = event(FaultEvent::Kind::Slow, 30, instances.at(1));
    slow.factor = 25;
    events.append(slow);
    FaultEvent outage = event(FaultEvent::Kind::Outage, 40, storages.at(0));
    outage.duration = 120;
    outage.instances = QStringList { instances.at(0), instances.at(3) };
    events.append(outage);
    FaultEvent skew = event(FaultEvent::Kind::Skew, 45, instances.at(3));
    skew.skewMs = 3500;
    events.append(skew);
    events.append(event(FaultEvent::Kind::Join, 60, QString()));
    events.append(event(FaultEvent::Kind::Leave, 90, instances.constLast()));
    // Shorter than the not-responding threshold (30 s) and longer than the database's lock-wait one (5 s).
    FaultEvent lock = event(FaultEvent::Kind::Lock, 95, instances.size() >= 6 ? instances.at(4) : instances.at(0));
    lock.duration = 20;
    events.append(lock);
    if (!redis)
        return events;
    // The shared cache between the join and the end of the outage: a slow spell, then a Redis that is
    // full for good, then one instance that loses it (web-01: never silent, never leaving).
    FaultEvent slowRedis = event(FaultEvent::Kind::RedisSlow, 70, QString());
    slowRedis.duration = 10;
    events.append(slowRedis);
    events.append(event(FaultEvent::Kind::RedisEvict, 110, QString()));
    events.append(event(FaultEvent::Kind::RedisDrop, 130, instances.at(0)));
    return events;
}

QList<FaultEvent> FaultPlan::joins() const
{
    QList<FaultEvent> result;
    for (const FaultEvent& event : m_events) {
        if (event.kind == FaultEvent::Kind::Join)
            result.append(event);
    }
    return result;
}

bool FaultPlan::silentAt(const QString& instance, double t) const
{
    return std::any_of(m_events.cbegin(), m_events.cend(), [&](const FaultEvent& e) {
        return (e.kind == FaultEvent::Kind::Silence || e.kind == FaultEvent::Kind::CrashDuringRun)
            && e.target == instance && e.at <= t && (e.duration <= 0 || t < e.at + e.duration);
    });
}

std::optional<double> FaultPlan::silenceEnd(const QString& instance, double t) const
{
    // Overlapping silences join up: follow them until one ends with nothing else holding.
    double end = t;
    for (bool extended = true; extended;) {
        extended = false;
        for (const FaultEvent& e : m_events) {
            const bool silence = e.kind == FaultEvent::Kind::Silence || e.kind == FaultEvent::Kind::CrashDuringRun;
            if (!silence || e.target != instance || e.at > end)
                continue;
            if (e.duration <= 0)
                return std::nullopt;
            if (e.at + e.duration > end) {
                end = e.at + e.duration;
                extended = true;
            }
        }
    }
    return end;
}

double FaultPlan::slowFactorAt(const QString& instance, double t) const
{
    double factor = 1;
    for (const FaultEvent& e : m_events) {
        if (e.kind == FaultEvent::Kind::Slow && e.target == instance && e.at <= t)
            factor = e.factor;
    }
    return factor;
}

int FaultPlan::skewAt(const QString& instance, double t) const
{
    int skew = 0;
    for (const FaultEvent& e : m_events) {
        if (e.kind == FaultEvent::Kind::Skew && e.target == instance && e.at <= t)
            skew = e.skewMs;
    }
    return skew;
}

std::optional<double> FaultPlan::leaveAt(const QString& instance) const
{
    for (const FaultEvent& e : m_events) {
        if (e.kind == FaultEvent::Kind::Leave && e.target == instance)
            return e.at;
    }
    return std::nullopt;
}

std::optional<double> FaultPlan::crashAt(const QString& instance) const
{
    for (const FaultEvent& e : m_events) {
        if (e.kind == FaultEvent::Kind::CrashDuringRun && e.target == instance)
            return e.at;
    }
    return std::nullopt;
}

bool FaultPlan::unsafeScheduler(const QString& instance) const
{
    return std::any_of(m_events.cbegin(), m_events.cend(),
        [&](const FaultEvent& e) { return e.kind == FaultEvent::Kind::UnsafeScheduler && e.target == instance; });
}

std::optional<double> FaultPlan::redisDropAt(const QString& instance) const
{
    for (const FaultEvent& e : m_events) {
        if (e.kind == FaultEvent::Kind::RedisDrop && e.target == instance)
            return e.at;
    }
    return std::nullopt;
}

bool FaultPlan::storageDownAt(const QString& storage, const QString& instance, double t) const
{
    return std::any_of(m_events.cbegin(), m_events.cend(), [&](const FaultEvent& e) {
        return e.kind == FaultEvent::Kind::Outage && e.target == storage && e.affects(instance) && e.at <= t
            && (e.duration <= 0 || t < e.at + e.duration);
    });
}

bool FaultPlan::lockNear(const QString& instance, double t, double margin) const
{
    return std::any_of(m_events.cbegin(), m_events.cend(), [&](const FaultEvent& e) {
        return e.kind == FaultEvent::Kind::Lock && e.target == instance && e.at - margin <= t
            && t < e.at + e.duration + margin;
    });
}

double FaultPlan::longestLock(const QString& instance) const
{
    double longest = 0;
    for (const FaultEvent& e : m_events) {
        if (e.kind == FaultEvent::Kind::Lock && e.target == instance)
            longest = std::max(longest, e.duration);
    }
    return longest;
}

QList<FaultPlan::Restart> FaultPlan::restarts(const QString& instance) const
{
    QList<Restart> result;
    for (const FaultEvent& e : m_events) {
        const qsizetype turn = e.kind == FaultEvent::Kind::Deploy ? e.instances.indexOf(instance) : -1;
        if (turn >= 0)
            result.append({ e.at + double(turn) * FaultEvent::DeploySpacingS, e.version });
    }
    std::stable_sort(result.begin(), result.end(), [](const Restart& a, const Restart& b) { return a.at < b.at; });
    return result;
}

QList<double> FaultPlan::wakeTimes(const QString& instance) const
{
    QList<double> times;
    for (const Restart& restart : restarts(instance))
        times.append(restart.at);
    for (const FaultEvent& e : m_events) {
        if (e.target != instance)
            continue;
        if (e.kind == FaultEvent::Kind::Silence) {
            times.append(e.at);
            if (e.duration > 0)
                times.append(e.at + e.duration);
        } else if (e.kind == FaultEvent::Kind::Leave || e.kind == FaultEvent::Kind::RedisDrop
            || e.kind == FaultEvent::Kind::CrashDuringRun) {
            times.append(e.at);
        }
    }
    std::sort(times.begin(), times.end());
    return times;
}

} // namespace Paddock
