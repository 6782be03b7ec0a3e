#pragma once

#include "latencyheatmap.h"
#include "timechart.h"

#include <functional>
#include <optional>
#include <QColor>
#include <QList>
#include <QPair>
#include <QPointF>
#include <QString>
#include <QWidget>

namespace Paddock {

// A line drawn over the heatmap: a latency percentile over time (x ms since the epoch, y ms; a NaN
// y breaks it).
struct HeatmapLine {
    QString id;
    QString name; // in the legend
    QColor colour;
    Qt::PenStyle penStyle = Qt::SolidLine;
    QList<QPointF> points;
};

// Who is in one cell, asked when its tooltip is shown: the instances with deliveries in the seconds
// [fromS, toS] and that latency bucket, as (name, count), in any order.
using HeatmapCellInstances = std::function<QList<QPair<QString, qint64>>(qint64 fromS, qint64 toS, int bucket)>;

// The latency heatmap, painted by us (Qt Charts has none): x is time (a column per second, or per
// HeatmapGrid::secondsPerColumn), y the latency buckets on a log scale from 1 ms to 5 min, each cell
// coloured by its count on viridis (log-scaled counts; an empty cell shows the background), with a
// legend of the scale and the percentile lines drawn thin over it. Hovering a cell tells its time,
// its bucket, its count and the instances in it. Like TimeChart, it only shows what it is handed.
class HeatmapChart : public QWidget {
    Q_OBJECT

public:
    static constexpr int TopInstances = 5; // named in a tooltip; the rest are "+N more"

    explicit HeatmapChart(QWidget* parent = nullptr);

    void setTimeRange(qint64 fromMs, qint64 toMs);
    qint64 timeFrom() const { return m_fromMs; }
    qint64 timeTo() const { return m_toMs; }
    void setGrid(HeatmapGrid grid);
    const HeatmapGrid& grid() const { return m_grid; }
    void setLines(const QList<HeatmapLine>& lines);
    const QList<HeatmapLine>& lines() const { return m_lines; }
    void setMarkers(const QList<ChartMarker>& markers);
    // Shown over the plot while the grid is empty.
    void setPlaceholderText(const QString& text);
    QString placeholderText() const { return m_placeholder; }
    void setCellInstances(HeatmapCellInstances instances);

    QRect plotRect() const { return m_plot; }
    int plotWidth() const { return plotRect().width(); }
    // Where a cell of the grid is drawn, and the cell under a point (nullopt: none there).
    QRectF cellRect(int column, int bucket) const;
    std::optional<QPair<int, int>> cellAt(const QPointF& pos) const; // (column, bucket)
    // What hovering the cell shows, as plain text (empty for an empty cell).
    QString toolTipFor(int column, int bucket) const;

    // The colour of a count on a scale up to `maxCount`: viridis of log(count) / log(maxCount);
    // transparent for 0.
    static QColor colourFor(qint64 count, qint64 maxCount);
    static QColor viridis(double t); // t in [0, 1]
    double yOf(double ms) const; // the scale's ends take what lies beyond them

protected:
    bool event(QEvent* event) override;
    void changeEvent(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    double xOf(qint64 ms) const;
    int legendWidth() const;
    void updateLayout(); // the plot's rectangle, from the size, the font and the legend's width
    void paintCells(QPainter& painter, const QRect& plot) const;
    void paintAxes(QPainter& painter, const QRect& plot) const;
    void paintTimeAxis(QPainter& painter, const QRect& plot) const;
    void paintLines(QPainter& painter, const QRect& plot) const;
    void paintMarkers(QPainter& painter, const QRect& plot) const;
    void paintLegend(QPainter& painter, const QRect& plot) const;

    QRect m_plot;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 1000;
    HeatmapGrid m_grid;
    QList<HeatmapLine> m_lines;
    QList<ChartMarker> m_markers;
    QString m_placeholder;
    HeatmapCellInstances m_instances;
};

} // namespace Paddock
