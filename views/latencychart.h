#pragma once

#include "historychart.h"

#include <QHash>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QComboBox;
QT_END_NAMESPACE

namespace Paddock {

class HeatmapChart;

// Cache-invalidation latency over the window, in one of two views.
//
// Heatmap (the default): the deliveries of each second in logarithmic latency buckets (FarmHistory's
// LatencyHeatmap), farm-wide or summed over the selected instances, with p95 and p99 drawn over
// them: the farm's, or the instance's when one is selected (heatmap()->lines() ids "p95", "p99").
// A slow instance is a band of its own instead of a line that saw-tooths.
//
// Lines: p50/p95/p99/max farm-wide; for one selected instance its four lines against the farm's
// p95; for several, one percentile per instance against the farm's. Milliseconds, or seconds once
// the highest point reaches 10 s. Series ids, for chart()->points(id) (values in the unit of
// chart()->series()):
//   Farm:    "p50", "p95", "p99", "max"
//   Servers: "<p>:<id>" for p in p50, p95, p99, max; "farm:<p>" the farm's reference line
class LatencyChart : public HistoryChart {
    Q_OBJECT

public:
    enum class Mode { Farm, Servers };
    enum class View { Heatmap, Lines };
    enum class Percentile { P50, P95, P99, Max };
    static constexpr int MaxServers = 8;
    static constexpr double SecondsFromMs = 10000.0; // the unit switches to seconds from here

    explicit LatencyChart(QWidget* parent = nullptr);
    ~LatencyChart() override;

    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    void setServers(const QList<qint64>& serverIds, const QStringList& names);
    // The names of every instance, for the heatmap's tooltips in the farm mode.
    void setServerNames(const QHash<qint64, QString>& names);
    void setView(View view);
    View view() const { return m_view; }
    HeatmapChart* heatmap() const { return m_heatmap; }
    // The line drawn per instance when several are selected (p95).
    void setPercentile(Percentile percentile);
    Percentile percentile() const { return m_percentile; }
    bool showsSeconds() const { return m_seconds; } // the unit of the last rebuild

    static QString percentileKey(Percentile percentile); // "p50", "p95", "p99", "max"

Q_SIGNALS:
    void modeChanged(Paddock::LatencyChart::Mode mode);

protected:
    void rebuild(const Window& window) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Line {
        ChartSeries series;
        QList<QPointF> points; // ms
    };
    void rebuildLines(const Window& window);
    void rebuildHeatmap(const Window& window);
    void push(QList<Line> lines, const QString& emptyText);
    void updateControls();
    // Who is in a cell of the heatmap: the instances shown, with their deliveries in it.
    QList<QPair<QString, qint64>> instancesIn(qint64 fromS, qint64 toS, int bucket);
    QString nameOf(qint64 serverId) const;

    QComboBox* m_viewBox = nullptr;
    QComboBox* m_modeBox = nullptr;
    HeatmapChart* m_heatmap = nullptr;
    View m_view = View::Heatmap;
    const FarmHistory* m_shownHistory = nullptr; // of the last rebuild: the Engine's, alive while shown
    QHash<qint64, QString> m_names;
    QComboBox* m_percentileBox = nullptr;
    Mode m_mode = Mode::Farm;
    Percentile m_percentile = Percentile::P95;
    QList<qint64> m_serverIds;
    QStringList m_serverNames;
    bool m_seconds = false;
};

} // namespace Paddock
