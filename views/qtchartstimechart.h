#pragma once

#include "timechart.h"

#include <QHash>

QT_BEGIN_NAMESPACE
class QCategoryAxis;
class QChart;
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace Paddock {

// TimeChart on Qt Charts: a QChartView without OpenGL (it renders offscreen and in grab()), one
// QLineSeries per unbroken run of a line (Qt Charts drops NaN points instead of breaking the line),
// a time axis with ticks on round times, event marks and the hover read-out drawn over the plot.
class QtChartsTimeChart : public TimeChart {
    Q_OBJECT

public:
    explicit QtChartsTimeChart(QWidget* parent = nullptr);
    ~QtChartsTimeChart() override;

    void setSeries(const QList<ChartSeries>& series) override;
    QList<ChartSeries> series() const override;
    void setPoints(const QString& seriesId, const QList<QPointF>& points) override;
    QList<QPointF> points(const QString& seriesId) const override;

    void setTimeRange(qint64 fromMs, qint64 toMs) override;
    qint64 timeFrom() const override { return m_fromMs; }
    qint64 timeTo() const override { return m_toMs; }
    void setAxisTitle(ChartAxis axis, const QString& title) override;
    QString axisTitle(ChartAxis axis) const override;
    double axisMaximum(ChartAxis axis) const override;

    void setMarkers(const QList<ChartMarker>& markers) override;
    QList<ChartMarker> markers() const override { return m_markers; }
    void setPlaceholderText(const QString& text) override;

    int plotWidth() const override;
    QImage grabImage() override;
    void settle() override;

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    class PlotView;
    struct Line {
        ChartSeries def;
        QList<QPointF> points;
        QList<QLineSeries*> segments;
        double maximum = 0.0; // of the finite points; 0 without any
        bool hasPoints = false;
    };

    void rebuildLines();
    void pushSegments(Line& line);
    QLineSeries* newSegment(const Line& line, bool first);
    QPen penFor(const ChartSeries& def) const;
    void updateValueAxes();
    void updateTimeAxis();
    void applyPalette();
    bool anyPoints() const;
    double xOf(qint64 ms) const; // scene x of a time
    QString readout(double sceneX) const;

    QChart* m_chart = nullptr;
    PlotView* m_view = nullptr;
    QCategoryAxis* m_axisX = nullptr;
    QValueAxis* m_axisLeft = nullptr;
    QValueAxis* m_axisRight = nullptr;
    QList<Line> m_lines;
    QHash<QString, qsizetype> m_index;
    QList<ChartMarker> m_markers;
    QString m_placeholder;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 1000;
    int m_tickPlotWidth = 0; // the width the time ticks were spaced for
    QList<qint64> m_ticks; // the labelled times on the axis
    QString m_tickFormat; // and their format and step
};

} // namespace Paddock
