#include "summarypolicy.h"

#include "displayformat.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

using Level = SummaryPolicy::Level;

Level worse(Level a, Level b)
{
    return int(a) > int(b) ? a : b;
}

} // namespace

SummaryPolicy::SummaryPolicy(Input input)
    : m_in(std::move(input))
    , m_freshness(m_in.freshness)
{
}

QStringList SummaryPolicy::titles()
{
    return { tr("Instances"), tr("Tasks created"), tr("Deliveries"), tr("Backlog"), tr("Cache p95"), tr("Cache p99"),
        tr("Storage"), tr("Redis"), tr("Connection") };
}

QList<SummaryPolicy::TileText> SummaryPolicy::tiles() const
{
    QList<TileText> tiles;
    if (!m_in.freshness.haveData) {
        tiles.fill({ QString(), tr("waiting for data"), Level::Neutral }, ConnectionTile);
        tiles[RedisTile].hidden = !m_in.snapshot.redis;
    } else {
        const FarmSnapshot figures = shown();
        tiles = { instances(figures), created(figures), processed(figures), backlog(figures), latency(figures, P95Tile),
            latency(figures, P99Tile), storage(figures), redis(figures) };
    }
    // The connection tile is about freshness, with or without data.
    tiles.append(connection());
    return tiles;
}

FarmSnapshot SummaryPolicy::shown() const
{
    if (!m_in.agesCounted)
        return m_in.snapshot;
    const qint64 elapsedMs = std::max<qint64>(0, m_in.freshness.lastDataAt.msecsTo(m_in.freshness.now));
    return Figures::aged(m_in.snapshot, double(elapsedMs) / 1000.0, false, {});
}

QString SummaryPolicy::banner() const
{
    return m_freshness.banner();
}

SummaryPolicy::TileText SummaryPolicy::instances(const FarmSnapshot& figures) const
{
    const FarmFigures& farm = figures.farm;
    const qint64 notResponding = farm.byStatus.value(QStringLiteral("not-responding"));
    const qint64 degraded = farm.byStatus.value(QStringLiteral("degraded"));
    const qint64 healthy = farm.byStatus.value(QStringLiteral("healthy"));
    QStringList parts;
    if (notResponding)
        parts << tr("%1 \u2716 not responding").arg(notResponding);
    if (degraded)
        parts << tr("%1 \u25b2 degraded").arg(degraded);
    parts << tr("%1 healthy").arg(healthy);
    if (m_in.stale)
        return { QString::number(farm.servers), tr("unknown \u00b7 last seen %1").arg(parts.join(QStringLiteral(", "))),
            Level::Neutral };
    return { QString::number(farm.servers), parts.join(QStringLiteral(" \u00b7 ")),
        notResponding  ? Level::Critical
            : degraded ? Level::Warning
                       : Level::Ok };
}

SummaryPolicy::TileText SummaryPolicy::created(const FarmSnapshot& figures) const
{
    return { Format::rate(figures.farm.tasksCreatedPerS),
        tr("%1 in %2 s").arg(figures.farm.tasksCreated).arg(figures.windowS), Level::Neutral };
}

SummaryPolicy::TileText SummaryPolicy::processed(const FarmSnapshot& figures) const
{
    const FarmFigures& farm = figures.farm;
    return { Format::rate(farm.deliveriesProcessedPerS),
        farm.deliveriesFailed ? tr("%1 failed in %2 s").arg(farm.deliveriesFailed).arg(figures.windowS)
                              : tr("none failed"),
        farm.deliveriesFailed ? Level::Warning : Level::Ok };
}

SummaryPolicy::TileText SummaryPolicy::backlog(const FarmSnapshot& figures) const
{
    const Thresholds& thresholds = m_in.thresholds;
    Level level = Level::Ok;
    std::optional<double> oldest;
    QString oldestName;
    for (const ServerFigures& server : figures.servers) {
        if (server.oldestPendingAgeS && (!oldest || *server.oldestPendingAgeS > *oldest)) {
            oldest = server.oldestPendingAgeS;
            oldestName = server.server.name;
        }
        // Instances that left keep their pending deliveries, but they are nobody's emergency.
        if (server.status == ServerStatus::Stopped || server.status == ServerStatus::Disabled)
            continue;
        if (server.backlog > thresholds.backlog
            || (server.oldestPendingAgeS && *server.oldestPendingAgeS > thresholds.oldestPendingS))
            level = server.status == ServerStatus::NotResponding ? Level::Critical : worse(level, Level::Warning);
    }
    return { QString::number(figures.farm.backlog),
        oldest ? tr("oldest %1 (%2)").arg(Format::duration(oldest), oldestName) : tr("nothing pending"), level };
}

SummaryPolicy::TileText SummaryPolicy::latency(const FarmSnapshot& figures, Tile tile) const
{
    const LatencyStats& latency = figures.farm.cacheLatency;
    // Latency beyond the oldest-pending threshold is the same stale-cache condition the status rules flag.
    const double limitMs = m_in.thresholds.oldestPendingS * 1000.0;
    auto level = [limitMs](const std::optional<double>& value) {
        return !value ? Level::Neutral : *value > limitMs ? Level::Warning : Level::Ok;
    };
    if (tile == P99Tile)
        return { Format::milliseconds(latency.p99), tr("max %1").arg(Format::milliseconds(latency.max)),
            level(latency.p99) };
    return { Format::milliseconds(latency.p95), tr("%1 invalidations in %2 s").arg(latency.count).arg(figures.windowS),
        level(latency.p95) };
}

SummaryPolicy::TileText SummaryPolicy::storage(const FarmSnapshot& figures) const
{
    Level level = figures.storage.isEmpty() ? Level::Neutral : Level::Ok;
    QStringList parts;
    for (const StorageFigures& storage : figures.storage) {
        if (storage.status == StorageStatus::Failing) {
            level = Level::Critical;
            parts << tr("%1 failing").arg(storage.storage.name);
        } else if (storage.status == StorageStatus::Partial) {
            level = worse(level, Level::Warning);
            parts << tr("%1 partial (%2)").arg(storage.storage.name, storage.failingServers.join(QStringLiteral(", ")));
        }
    }
    return { tr("%n storage(s)", nullptr, int(figures.storage.size())),
        parts.isEmpty() ? tr("all probes ok") : parts.join(QStringLiteral("; ")), level };
}

SummaryPolicy::TileText SummaryPolicy::redis(const FarmSnapshot& figures) const
{
    if (!figures.redis)
        return { QString(), QString(), Level::Neutral, true };
    const RedisFigures& redis = *figures.redis;
    const QString why = redis.reasons.value(0, statusName(redis.status));
    switch (redis.status) {
    case RedisStatus::Failing:
        return { Format::percent(std::nullopt), why, Level::Critical };
    case RedisStatus::Unknown:
        return { Format::percent(std::nullopt), why, Level::Neutral };
    case RedisStatus::Ok:
    case RedisStatus::Degraded:
        break;
    }
    const QString memory = Format::bytesOfLimit(redis.usedMemoryBytes, redis.maxMemoryBytes);
    const QString evicted
        = tr("evicted %1").arg(redis.evictedKeysPerS ? Format::rate(*redis.evictedKeysPerS) : Format::none());
    return { Format::percent(redis.hitRatio), evicted + u" \u00b7 "_s + memory,
        redis.status == RedisStatus::Degraded ? Level::Warning : Level::Ok };
}

QString SummaryPolicy::age() const
{
    if (!m_in.freshness.lastDataAt.isValid())
        return tr("no data yet");
    QString age = tr("data %1 old").arg(Format::duration(m_freshness.dataAgeS()));
    if (m_in.snapshot.standby)
        age += tr(" · standby, replay %1 behind")
                   .arg(Format::duration(double(m_in.snapshot.replayLagMs.value_or(0)) / 1000.0));
    return age;
}

SummaryPolicy::TileText SummaryPolicy::connection() const
{
    const ConnectionState& state = m_in.freshness.state;
    const bool overdue = m_freshness.isOverdue() || m_freshness.isBehind();
    Level level = Level::Neutral;
    QString value = state.stateName();
    switch (state.state) {
    case ConnectionState::State::Connected:
        level = overdue                                                   ? Level::Critical
            : m_freshness.dataAgeS() > 5.0 * m_in.pollIntervalMs / 1000.0 ? Level::Warning
                                                                          : Level::Ok;
        value = m_freshness.isBehind() ? tr("behind")
            : overdue                  ? tr("no answer")
            : state.notifications      ? tr("live")
                                       : tr("polling");
        break;
    case ConnectionState::State::Reconnecting:
        level = Level::Critical;
        value = tr("lost");
        break;
    case ConnectionState::State::NotAnswering:
        level = Level::Critical;
        value = tr("no answer");
        break;
    case ConnectionState::State::Connecting:
        break;
    case ConnectionState::State::Replay:
        value = tr("recording");
        break;
    case ConnectionState::State::Idle:
    case ConnectionState::State::Stopped:
        value = m_in.haveEngine ? value : tr("none");
        break;
    }
    if (m_in.replayWindow) {
        const QString shownAt = m_in.snapshot.generatedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
        return { value, m_in.freshness.haveData ? tr("as of %1").arg(shownAt) : tr("opening"),
            state.state == ConnectionState::State::Stopped ? Level::Critical : Level::Neutral };
    }
    return { value, age(), level };
}

QString SummaryPolicy::connectionText() const
{
    if (m_in.replayWindow)
        return tr("%1 \u00b7 read-only").arg(QFileInfo(m_in.recordingPath).fileName());
    const ConnectionState& state = m_in.freshness.state;
    return state.target.isEmpty()
        ? state.stateName()
        : QStringLiteral("%1 \u00b7 %2 \u00b7 %3").arg(state.target, state.stateName(), age());
}

} // namespace Paddock
