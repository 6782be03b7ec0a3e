#pragma once

#include "historychart.h"
#include "redisfigures.h"

namespace Paddock {

// One chart of the Cache tab: a figure of the farm's Redis (Engine::redisHistory) over the charts'
// window, following the newest data or paused like the other charts. A failed sample, or samples
// further apart than GapMs (Paddock was not reading), break the line.
class CacheChart : public HistoryChart {
    Q_OBJECT

public:
    enum class Kind {
        Lookups, // hits/s and misses/s
        Evictions, // evicted keys/s
        Memory, // used memory, and maxmemory as a flat line when set
        Ping, // PING round trip
    };
    static constexpr qint64 GapMs = 10000;

    explicit CacheChart(Kind kind, QWidget* parent = nullptr);
    ~CacheChart() override;

    Kind kind() const { return m_kind; }
    // The samples to draw, oldest first; they must stay alive (they are the Engine's): the rebuild
    // reads them later, on the timer. Null: none.
    void setRedisPoints(const QList<RedisPoint>* points);

    // One field of the samples from fromMs to toMs as chart points (x in ms, y the value), a NaN
    // point wherever the line breaks.
    static QList<QPointF> line(const QList<RedisPoint>& points, double RedisPoint::*field, qint64 fromMs, qint64 toMs);

protected:
    void rebuild(const Window& window) override;

private:
    struct Line {
        QString id;
        QString name;
        QColor colour;
        Qt::PenStyle penStyle;
        double RedisPoint::*field;
    };
    // How values up to `highest` are shown: divided by `divisor` (bytes to MiB or GiB), with a unit
    // and decimals in the hover read-out, under an axis title.
    struct Scale {
        double divisor = 1.0;
        QString unit;
        int decimals = 0;
        QString axis;
    };
    QList<Line> lines() const;
    Scale scale(double highest) const;

    Kind m_kind;
    const QList<RedisPoint>* m_points = nullptr;
};

} // namespace Paddock
