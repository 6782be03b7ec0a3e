#pragma once

#include "historychart.h"

#include <QStringList>

QT_BEGIN_NAMESPACE
class QComboBox;
QT_END_NAMESPACE

namespace Paddock {

// Cache-invalidation latency over the window: p50/p95/p99/max farm-wide; for one selected
// instance its four lines against the farm's p95; for several, one percentile per instance
// against the farm's. Milliseconds, or seconds once the highest point reaches 10 s.
//
// Series ids, for chart()->points(id) (values in the unit of chart()->series()):
//   Farm:    "p50", "p95", "p99", "max"
//   Servers: "<p>:<id>" for p in p50, p95, p99, max; "farm:<p>" the farm's reference line
class LatencyChart : public HistoryChart {
    Q_OBJECT

public:
    enum class Mode { Farm, Servers };
    enum class Percentile { P50, P95, P99, Max };
    static constexpr int MaxServers = 8;
    static constexpr double SecondsFromMs = 10000.0; // the unit switches to seconds from here

    explicit LatencyChart(QWidget* parent = nullptr);
    ~LatencyChart() override;

    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    void setServers(const QList<qint64>& serverIds, const QStringList& names);
    // The line drawn per instance when several are selected (p95).
    void setPercentile(Percentile percentile);
    Percentile percentile() const { return m_percentile; }
    bool showsSeconds() const { return m_seconds; } // the unit of the last rebuild

    static QString percentileKey(Percentile percentile); // "p50", "p95", "p99", "max"

Q_SIGNALS:
    void modeChanged(Paddock::LatencyChart::Mode mode);

protected:
    void rebuild(const Window& window) override;

private:
    struct Line {
        ChartSeries series;
        QList<QPointF> points; // ms
    };
    void push(QList<Line> lines, const QString& emptyText);
    void updateControls();

    QComboBox* m_modeBox = nullptr;
    QComboBox* m_percentileBox = nullptr;
    Mode m_mode = Mode::Farm;
    Percentile m_percentile = Percentile::P95;
    QList<qint64> m_serverIds;
    QStringList m_serverNames;
    bool m_seconds = false;
};

} // namespace Paddock
