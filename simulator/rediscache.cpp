#include "rediscache.h"

#include "logging.h"

#include <algorithm>
#include <cmath>

namespace Paddock {

namespace {

constexpr int PopularKeys = 40'000;
constexpr int TtlS = 300;
constexpr auto FlushWork = std::chrono::seconds(5);
const QByteArray Prefix = QByteArrayLiteral("paddock-sim:");

} // namespace

RedisCache::RedisCache(const RedisAddress& address, const QString& instance, const QString& channel, quint64 seed)
    : m_cache(address, instance, instance + QStringLiteral(" cache"))
    , m_backplane(address, instance, instance + QStringLiteral(" backplane"))
    , m_channel(channel.toUtf8())
    , m_random(seed)
{
}

QByteArray RedisCache::keyOf(const QString& name)
{
    return Prefix + name.toUtf8();
}

QString RedisCache::popularKeyName(int index)
{
    static const char* const cultures[] = { "en-us", "de-de", "fr-fr", "cs-cz" };
    static const char* const sections[] = { "products", "events", "careers", "support" };
    static const char* const words[] = { "spring-release", "security-advisory", "pricing-update", "customer-story",
        "webinar-recap", "roadmap", "getting-started", "office-opening", "quarterly-results", "partner-program",
        "maintenance-window", "product-launch" };
    static const char* const objects[]
        = { "cms.document", "cms.user", "ecommerce.sku", "cms.category", "cms.settingskey" };
    // Even: a document as TOUCH_CACHE_ITEM names it; odd: an object by id.
    const int n = index / 2;
    if (index % 2 == 0)
        return QStringLiteral("cms.document|%1|/%2/%3-%4")
            .arg(QLatin1String(cultures[n % 4]), QLatin1String(sections[(n / 4) % 4]),
                QLatin1String(words[(n / 16) % 12]))
            .arg(1000 + n / 192);
    return QStringLiteral("%1|byid|%2").arg(QLatin1String(objects[n % 5])).arg(1 + n / 5);
}

QByteArray RedisCache::popularKey()
{
    // Zipf-like: the chance of the k-th key falls as 1/k.
    const int index = std::min(PopularKeys - 1, int(std::exp(m_random.uniform() * std::log(PopularKeys + 1.0))) - 1);
    return keyOf(popularKeyName(std::max(0, index)));
}

QByteArray RedisCache::value()
{
    // Serialised pages, objects and fragments: mostly under a kilobyte, some much larger.
    static const QByteArray filler(16'384, 'x');
    const double size = std::clamp(m_random.logNormal(600, 0.8), 64.0, double(filler.size()));
    return filler.left(qsizetype(size));
}

RedisCache::Counts RedisCache::lookup(qint64 count, Clock::time_point deadline)
{
    Counts counts;
    for (qint64 done = 0; done < count; ++done) {
        if (m_dropped || !m_cache.ready()) {
            counts.misses += count - done;
            break;
        }
        if (Clock::now() >= deadline)
            break;
        const QByteArray key = popularKey();
        const auto reply = m_cache.command({ "GET", key });
        if (reply && reply->type == RedisReply::Type::String) {
            ++counts.hits;
            continue;
        }
        ++counts.misses;
        if (reply && !reply->isError()) {
            // An OOM answer under a full maxmemory is the application's problem, not the connection's.
            m_cache.command({ "SET", key, value(), "EX", QByteArray::number(TtlS) });
        }
    }
    return counts;
}

void RedisCache::invalidate(const QString& target, int dependents)
{
    if (m_dropped || !m_cache.ready())
        return;
    QList<QByteArray> command { "UNLINK" };
    if (!target.isEmpty())
        command.append(keyOf(target));
    for (int i = 0; i < dependents; ++i)
        command.append(popularKey());
    if (command.size() > 1)
        m_cache.command(command);
}

qint64 RedisCache::flush(const QStringList& keys)
{
    if (m_dropped || !m_cache.ready())
        return 0;
    qint64 removed = 0;
    auto unlink = [this, &removed](QList<QByteArray> command) {
        command.prepend("UNLINK");
        if (command.size() < 2)
            return true;
        const auto reply = m_cache.command(command);
        removed += reply && reply->type == RedisReply::Type::Integer ? reply->integer : 0;
        return reply.has_value();
    };
    if (!keys.isEmpty()) {
        QList<QByteArray> names;
        for (const QString& key : keys)
            names.append(keyOf(key));
        unlink(names);
        return removed;
    }
    // Everything of ours, a page of SCAN at a time, within a bound.
    const auto until = Clock::now() + FlushWork;
    QByteArray cursor = "0";
    do {
        const auto page = m_cache.command({ "SCAN", cursor, "MATCH", Prefix + '*', "COUNT", "1000" });
        if (!page || page->type != RedisReply::Type::Array || page->elements.size() != 2)
            break;
        cursor = page->elements.at(0).text;
        QList<QByteArray> names;
        for (const RedisReply& name : page->elements.at(1).elements)
            names.append(name.text);
        if (!unlink(names))
            break;
    } while (cursor != "0" && Clock::now() < until);
    return removed;
}

qint64 RedisCache::items()
{
    if (m_dropped || !m_cache.ready())
        return 0;
    const auto reply = m_cache.command({ "DBSIZE" });
    return reply && reply->type == RedisReply::Type::Integer ? reply->integer : 0;
}

void RedisCache::subscribe()
{
    const auto reply = m_backplane.command({ "SUBSCRIBE", m_channel });
    m_subscribed = reply && reply->type == RedisReply::Type::Array;
    if (reply && !m_subscribed)
        m_backplane.close(); // refused: try again on the next beat
}

void RedisCache::keepAlive()
{
    if (m_dropped)
        return;
    if (!m_backplane.isOpen())
        m_subscribed = false;
    if (!m_backplane.ready())
        return;
    if (!m_subscribed)
        return subscribe();
    // A subscribed connection answers PING with ["pong", ""]. Nobody publishes on the channel, so
    // anything else means the connection is out of step: subscribe afresh.
    const auto reply = m_backplane.command({ "PING" });
    const bool pong = reply && reply->type == RedisReply::Type::Array && !reply->elements.isEmpty()
        && reply->elements.constFirst().text == "pong";
    if (reply && !pong)
        m_backplane.close();
}

void RedisCache::drop()
{
    m_dropped = true;
    m_cache.close();
    m_backplane.close();
    m_subscribed = false;
}

void RedisCache::reconnect()
{
    m_cache.close();
    m_backplane.close();
    m_subscribed = false;
}

} // namespace Paddock
