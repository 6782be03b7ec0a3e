#include "cachechart.h"

#include "chartpalette.h"
#include "decimate.h"
#include "pointline.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

constexpr double MiB = 1024.0 * 1024.0;
constexpr double GiB = 1024.0 * MiB;

int decimalsBelow(double highest, int atMost)
{
    return highest < 10.0 ? atMost : highest < 100.0 ? std::min(1, atMost) : 0;
}

QString titleOf(CacheChart::Kind kind)
{
    switch (kind) {
    case CacheChart::Kind::Lookups:
        return CacheChart::tr("Redis lookups: hits and misses per second");
    case CacheChart::Kind::Evictions:
        return CacheChart::tr("Redis evicted keys per second");
    case CacheChart::Kind::Memory:
        return CacheChart::tr("Redis memory used, against maxmemory");
    case CacheChart::Kind::Ping:
        break;
    }
    return CacheChart::tr("Redis PING round trip");
}

} // namespace

CacheChart::CacheChart(Kind kind, QWidget* parent)
    : HistoryChart(titleOf(kind), parent)
    , m_kind(kind)
{
    setMinimumHeight(160);
    scheduleRebuild();
}

CacheChart::~CacheChart() = default;

void CacheChart::setRedisPoints(const QList<RedisPoint>* points)
{
    m_points = points;
    scheduleRebuild();
}

QList<QPointF> CacheChart::line(const QList<RedisPoint>& points, double RedisPoint::*field, qint64 fromMs, qint64 toMs)
{
    return pointLine(
        points, [field](const RedisPoint& point) { return std::optional<double>(point.ok ? point.*field : NAN); },
        fromMs, toMs, GapMs);
}

QList<CacheChart::Line> CacheChart::lines() const
{
    switch (m_kind) {
    case Kind::Lookups:
        return { { u"hits"_s, tr("Hits/s"), ChartPalette::processed(), Qt::SolidLine, &RedisPoint::hitsPerS },
            { u"misses"_s, tr("Misses/s"), ChartPalette::failed(), Qt::SolidLine, &RedisPoint::missesPerS } };
    case Kind::Evictions:
        return { { u"evicted"_s, tr("Evicted keys/s"), ChartPalette::backlog(), Qt::SolidLine,
            &RedisPoint::evictedPerS } };
    case Kind::Memory:
        return { { u"used"_s, tr("Used memory"), ChartPalette::created(), Qt::SolidLine, &RedisPoint::usedMemory },
            { u"maxmemory"_s, tr("maxmemory"), ChartPalette::reference(), Qt::DashLine, &RedisPoint::maxMemory } };
    case Kind::Ping:
        break;
    }
    return { { u"ping"_s, tr("PING"), ChartPalette::created(), Qt::SolidLine, &RedisPoint::pingMs } };
}

CacheChart::Scale CacheChart::scale(double highest) const
{
    switch (m_kind) {
    case Kind::Lookups:
        return { 1.0, tr("/s"), decimalsBelow(highest, 2), tr("per second") };
    case Kind::Evictions:
        return { 1.0, tr("/s"), decimalsBelow(highest, 2), tr("keys/s") };
    case Kind::Memory:
        if (highest >= GiB)
            return { GiB, tr(" GiB"), 2, tr("GiB") };
        return { MiB, tr(" MiB"), decimalsBelow(highest / MiB, 2), tr("MiB") };
    case Kind::Ping:
        break;
    }
    return { 1.0, tr(" ms"), decimalsBelow(highest, 2), tr("ms") };
}

void CacheChart::rebuild(const Window& window)
{
    const QList<Line> defs = lines();
    QList<QList<QPointF>> data;
    double highest = 0.0;
    for (const Line& def : defs) {
        data.append(m_points ? line(*m_points, def.field, window.fromMs, window.toMs) : QList<QPointF>());
        highest = std::max(highest, maximum(data.last()));
    }
    const Scale shown = scale(highest);
    QList<ChartSeries> series;
    for (qsizetype i = 0; i < defs.size(); ++i) {
        // No maxmemory line without a limit, and no name for it in the legend.
        const Line& def = defs[i];
        series.append({ def.id, def.name, def.colour, def.penStyle, ChartAxis::Left, shown.unit, shown.decimals,
            !data[i].isEmpty() });
    }
    chart()->setSeries(series);
    for (qsizetype i = 0; i < defs.size(); ++i) {
        QList<QPointF> values = data[i];
        for (QPointF& point : values)
            point.setY(point.y() / shown.divisor);
        chart()->setPoints(
            defs[i].id, Decimate::minMax(values, window.columns, double(window.fromMs), double(window.toMs)));
    }
    chart()->setAxisTitle(ChartAxis::Left, shown.axis);
    chart()->setPlaceholderText(
        m_points && !m_points->isEmpty() ? tr("No Redis samples in this window") : tr("No Redis samples yet"));
}

} // namespace Paddock
