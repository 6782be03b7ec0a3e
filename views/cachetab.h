#pragma once

#include "cachechart.h"
#include "redisfigures.h"

#include <optional>
#include <QStackedWidget>

class QLabel;

namespace Paddock {

// The Cache tab: the farm's Redis over time (hits and misses, evictions, memory against
// maxmemory, PING) under a line of its current figures, or, for a farm without a Redis, how to
// configure one. Its charts follow the window and pause like the others (ViewTabs drives them).
class CacheTab : public QStackedWidget {
    Q_OBJECT

public:
    explicit CacheTab(QWidget* parent = nullptr);

    // The Redis of the last snapshot (none: not configured).
    void setRedis(const std::optional<RedisFigures>& redis);
    bool hasRedis() const { return currentWidget() == m_chartsPage; }
    // The samples the charts draw, the Engine's (see CacheChart::setRedisPoints).
    void setRedisPoints(const QList<RedisPoint>* points);

    QList<CacheChart*> charts() const { return m_charts; }
    CacheChart* chart(CacheChart::Kind kind) const;
    QString summaryText() const;
    QString placeholderText() const;

    // "● ok · Redis cache:6379 · version 7.2.4, master · hit ratio 93.1 % · …", then why it is degraded
    // or failing on a line of its own.
    static QString summary(const RedisFigures& redis);

private:
    QWidget* m_chartsPage = nullptr;
    QLabel* m_placeholder = nullptr;
    QLabel* m_summary = nullptr;
    QList<CacheChart*> m_charts;
};

} // namespace Paddock
