#pragma once

#include <memory>
#include <QColor>
#include <QImage>
#include <QList>
#include <QPointF>
#include <QString>
#include <QWidget>

namespace Paddock {

enum class ChartAxis { Left, Right };

// One line of a chart. Its points are pushed separately (TimeChart::setPoints).
struct ChartSeries {
    QString id;
    QString name; // in the legend and the hover read-out
    QColor colour;
    Qt::PenStyle penStyle = Qt::SolidLine;
    ChartAxis axis = ChartAxis::Left;
    QString unit; // after the value in the hover read-out: "/s", " ms", " s", " deliveries"
    int decimals = 0; // of the value in the hover read-out
    bool inLegend = true; // false for a line the axis title explains (a dotted twin of a named one)
};

// A vertical mark at one moment, e.g. an instance event.
struct ChartMarker {
    qint64 ms = 0; // since the epoch
    QString label;
    QColor colour;
};

// The charts' window on the plotting back end: x is milliseconds since the epoch, y a value; a
// point with a NaN y breaks the line. Implemented with Qt Charts (createTimeChart), kept this small
// so that the back end can be swapped.
class TimeChart : public QWidget {
    Q_OBJECT

public:
    using QWidget::QWidget;

    // Replaces the set of lines; the points of ids still defined are kept.
    virtual void setSeries(const QList<ChartSeries>& series) = 0;
    virtual QList<ChartSeries> series() const = 0;
    virtual void setPoints(const QString& seriesId, const QList<QPointF>& points) = 0;
    // What setPoints last received for the id (empty for an unknown id).
    virtual QList<QPointF> points(const QString& seriesId) const = 0;

    virtual void setTimeRange(qint64 fromMs, qint64 toMs) = 0;
    virtual qint64 timeFrom() const = 0;
    virtual qint64 timeTo() const = 0;
    // The value axes start at 0 and end at a round number above the highest visible point; a
    // right axis is shown only while a series uses it.
    virtual void setAxisTitle(ChartAxis axis, const QString& title) = 0;
    virtual QString axisTitle(ChartAxis axis) const = 0;
    virtual double axisMaximum(ChartAxis axis) const = 0;

    virtual void setMarkers(const QList<ChartMarker>& markers) = 0;
    virtual QList<ChartMarker> markers() const = 0;
    // Shown over the plot while no series has a point ("No data in this window").
    virtual void setPlaceholderText(const QString& text) = 0;

    // The width of the plot area in logical pixels: how many points are worth drawing.
    virtual int plotWidth() const = 0;
    virtual QImage grabImage() = 0;
    // Applies pending layout now, so that a grab of a parent shows the latest data.
    virtual void settle() = 0;
};

std::unique_ptr<TimeChart> createTimeChart(QWidget* parent = nullptr);

} // namespace Paddock
