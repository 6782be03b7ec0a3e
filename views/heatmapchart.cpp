#include "heatmapchart.h"

#include "displayformat.h"
#include "plaintooltips.h"

#include <algorithm>
#include <cmath>
#include <QDateTime>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

constexpr int LabelledEdges[] = { 0, 3, 6, 9, 12, 15, LatencyBuckets::Count }; // 1 ms … 1 min, 5 min
constexpr int Margin = 6;
constexpr int LegendBarWidth = 12;
constexpr double MarkerMergePx = 6.0;

// Viridis at t = 0, 1/8, …, 1 (matplotlib's): perceptually even, readable in grey and with the
// common colour-vision deficiencies.
constexpr QRgb Viridis[] = { 0x440154, 0x472c7a, 0x3b518b, 0x2c718e, 0x21908d, 0x27ad81, 0x5cc863, 0xaadc32, 0xfde725 };

QColor mix(const QColor& a, const QColor& b, double t)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
        float(a.greenF() + (b.greenF() - a.greenF()) * t), float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

QString timeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(u"HH:mm:ss"_s);
}

} // namespace

HeatmapChart::HeatmapChart(QWidget* parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(240, 160);
    QFont labels = font();
    labels.setPointSizeF(std::max(7.0, font().pointSizeF() * 0.9));
    setFont(labels);
    updateLayout();
}

void HeatmapChart::setTimeRange(qint64 fromMs, qint64 toMs)
{
    m_fromMs = fromMs;
    m_toMs = std::max(fromMs + 1, toMs);
    update();
}

void HeatmapChart::setGrid(HeatmapGrid grid)
{
    m_grid = std::move(grid);
    updateLayout(); // the legend is as wide as the highest count
    update();
}

void HeatmapChart::setLines(const QList<HeatmapLine>& lines)
{
    m_lines = lines;
    updateLayout();
    update();
}

void HeatmapChart::setMarkers(const QList<ChartMarker>& markers)
{
    m_markers = markers;
    update();
}

void HeatmapChart::setPlaceholderText(const QString& text)
{
    m_placeholder = text;
    update();
}

void HeatmapChart::setCellInstances(HeatmapCellInstances instances)
{
    m_instances = std::move(instances);
}

QColor HeatmapChart::viridis(double t)
{
    t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0);
    const double position = t * double(std::size(Viridis) - 1);
    const auto low = size_t(std::floor(position));
    const size_t high = std::min(low + 1, std::size(Viridis) - 1);
    return mix(QColor(Viridis[low]), QColor(Viridis[high]), position - double(low));
}

QColor HeatmapChart::colourFor(qint64 count, qint64 maxCount)
{
    if (count <= 0)
        return Qt::transparent;
    if (maxCount <= 1)
        return viridis(1.0);
    return viridis(std::log(double(count)) / std::log(double(maxCount)));
}

int HeatmapChart::legendWidth() const
{
    const QFontMetrics metrics(font());
    int width = metrics.horizontalAdvance(tr("deliveries"));
    width = std::max(width, LegendBarWidth + 4 + metrics.horizontalAdvance(Format::integer(m_grid.maxCount)));
    for (const HeatmapLine& line : m_lines)
        width = std::max(width, 22 + metrics.horizontalAdvance(line.name));
    return width + 2 * Margin;
}

void HeatmapChart::updateLayout()
{
    const QFontMetrics metrics(font());
    const int left = metrics.horizontalAdvance(u"100 ms"_s) + 2 * Margin;
    const int bottom = metrics.height() + Margin + 2;
    m_plot = rect().adjusted(left, Margin + metrics.height() / 2, -legendWidth(), -bottom);
}

double HeatmapChart::xOf(qint64 ms) const
{
    const QRect plot = plotRect();
    return plot.left() + double(ms - m_fromMs) / double(m_toMs - m_fromMs) * plot.width();
}

double HeatmapChart::yOf(double ms) const
{
    const QRect plot = plotRect();
    const double lowest = std::log(LatencyBuckets::EdgesMs.front());
    const double highest = std::log(LatencyBuckets::EdgesMs.back());
    const double value = std::clamp(std::log(std::max(ms, 1e-9)), lowest, highest);
    return plot.top() + plot.height() * (1.0 - (value - lowest) / (highest - lowest));
}

QRectF HeatmapChart::cellRect(int column, int bucket) const
{
    const qint64 start = m_grid.columnStart(column) * 1000;
    const QRect plot = plotRect();
    // Whole pixels, each column from where the previous one ends: no seams, no overlaps.
    const double left = std::max(double(plot.left()), std::floor(xOf(start)));
    const double right
        = std::min(double(plot.right() + 1), std::floor(xOf(start + qint64(m_grid.secondsPerColumn) * 1000)));
    const double top = std::floor(yOf(LatencyBuckets::EdgesMs[size_t(bucket) + 1]));
    const double bottom = std::floor(yOf(LatencyBuckets::EdgesMs[size_t(bucket)]));
    return QRectF(left, top, std::max(0.0, right - left), std::max(0.0, bottom - top));
}

std::optional<QPair<int, int>> HeatmapChart::cellAt(const QPointF& pos) const
{
    const QRect plot = plotRect();
    if (m_grid.columns == 0 || !QRectF(plot).contains(pos))
        return std::nullopt;
    for (int column = 0; column < m_grid.columns; ++column) {
        const QRectF first = cellRect(column, 0);
        if (pos.x() < first.left() || pos.x() >= first.right())
            continue;
        for (int bucket = 0; bucket < LatencyBuckets::Count; ++bucket) {
            const QRectF cell = cellRect(column, bucket);
            if (pos.y() >= cell.top() && pos.y() < cell.bottom())
                return QPair<int, int> { column, bucket };
        }
    }
    return std::nullopt;
}

QString HeatmapChart::toolTipFor(int column, int bucket) const
{
    if (column < 0 || column >= m_grid.columns || bucket < 0 || bucket >= LatencyBuckets::Count)
        return {};
    const qint64 count = m_grid.at(column, bucket);
    if (count == 0)
        return {};
    const qint64 fromS = m_grid.columnStart(column);
    const qint64 toS = fromS + m_grid.secondsPerColumn - 1;
    QStringList lines;
    lines.append(m_grid.secondsPerColumn == 1
            ? timeText(fromS * 1000)
            : u"%1\u2013%2 (%3)"_s.arg(
                timeText(fromS * 1000), timeText((toS + 1) * 1000), Format::duration(double(m_grid.secondsPerColumn))));
    lines.append(tr("%1: %2 cache invalidations").arg(LatencyBuckets::rangeText(bucket), Format::integer(count)));
    QList<QPair<QString, qint64>> instances
        = m_instances ? m_instances(fromS, toS, bucket) : QList<QPair<QString, qint64>>();
    std::sort(instances.begin(), instances.end(),
        [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    for (qsizetype i = 0; i < std::min<qsizetype>(instances.size(), TopInstances); ++i)
        lines.append(u"%1: %2"_s.arg(instances[i].first, Format::integer(instances[i].second)));
    if (instances.size() > TopInstances)
        lines.append(tr("+%1 more").arg(Format::integer(instances.size() - TopInstances)));
    for (const ChartMarker& marker : m_markers) {
        if (marker.ms >= fromS * 1000 && marker.ms < (toS + 1) * 1000)
            lines.append(u"%1 %2"_s.arg(timeText(marker.ms), marker.label));
    }
    return lines.join(u'\n');
}

bool HeatmapChart::event(QEvent* event)
{
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    const auto* help = static_cast<QHelpEvent*>(event);
    const std::optional<QPair<int, int>> cell = cellAt(help->pos());
    const QString text = cell ? toolTipFor(cell->first, cell->second) : QString();
    if (text.isEmpty()) {
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    // Instances name themselves: their names are shown as the text they are.
    QToolTip::showText(
        help->globalPos(), PlainToolTips::literal(text), this, cellRect(cell->first, cell->second).toAlignedRect());
    return true;
}

void HeatmapChart::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    updateLayout();
}

void HeatmapChart::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        updateLayout();
}

void HeatmapChart::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    const QRect plot = plotRect();
    if (plot.width() < 10 || plot.height() < 10)
        return;
    // The grid lines first: the cells cover them, so that they show through the empty ones only.
    paintAxes(painter, plot);
    paintCells(painter, plot);
    paintTimeAxis(painter, plot);
    paintLines(painter, plot);
    paintMarkers(painter, plot);
    paintLegend(painter, plot);
    if (m_grid.total == 0 && !m_placeholder.isEmpty()) {
        painter.setPen(mix(palette().color(QPalette::Base), palette().color(QPalette::Text), 0.6));
        painter.drawText(plot, Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
    }
}

void HeatmapChart::paintCells(QPainter& painter, const QRect& plot) const
{
    painter.save();
    painter.setClipRect(plot);
    for (int column = 0; column < m_grid.columns; ++column) {
        for (int bucket = 0; bucket < LatencyBuckets::Count; ++bucket) {
            const qint64 count = m_grid.at(column, bucket);
            if (count > 0)
                painter.fillRect(cellRect(column, bucket), colourFor(count, m_grid.maxCount));
        }
    }
    painter.restore();
}

void HeatmapChart::paintMarkers(QPainter& painter, const QRect& plot) const
{
    // Events as small flags above the plot, not lines across it: a large farm's events would hide
    // the cells. Those a few pixels apart share one flag; the tooltip of a column lists its events.
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    double lastX = -100.0;
    for (const ChartMarker& marker : m_markers) {
        if (marker.ms < m_fromMs || marker.ms > m_toMs)
            continue;
        const double x = std::floor(xOf(marker.ms)) + 0.5;
        if (x - lastX < MarkerMergePx)
            continue;
        lastX = x;
        painter.setBrush(marker.colour.isValid() ? marker.colour : palette().color(QPalette::Text));
        const double top = plot.top() - 7.0;
        painter.drawPolygon(QPolygonF { QPointF(x - 3.5, top), QPointF(x + 3.5, top), QPointF(x, top + 6.0) });
    }
    painter.restore();
}

void HeatmapChart::paintAxes(QPainter& painter, const QRect& plot) const
{
    const QColor base = palette().color(QPalette::Base);
    const QColor text = palette().color(QPalette::Text);
    const QFontMetrics metrics(font());
    for (int edge : LabelledEdges) {
        const double y = std::floor(yOf(LatencyBuckets::EdgesMs[size_t(edge)])) + 0.5;
        painter.setPen(QPen(mix(base, text, 0.13), 1.0));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(text);
        const QString label = LatencyBuckets::edgeText(edge);
        const QRectF box(0, y - metrics.height() / 2.0, plot.left() - Margin, metrics.height());
        painter.drawText(box, Qt::AlignRight | Qt::AlignVCenter, label);
    }
    painter.setPen(QPen(mix(base, text, 0.45), 1.0));
    painter.drawLine(QPointF(plot.left() - 0.5, plot.top()), QPointF(plot.left() - 0.5, plot.bottom() + 0.5));
    painter.drawLine(QPointF(plot.left() - 0.5, plot.bottom() + 0.5), QPointF(plot.right(), plot.bottom() + 0.5));
}

void HeatmapChart::paintTimeAxis(QPainter& painter, const QRect& plot) const
{
    static const qint64 steps[]
        = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400 };
    const int maxTicks = std::max(2, plot.width() / 85);
    const qint64 spanS = std::max<qint64>(1, (m_toMs - m_fromMs) / 1000);
    qint64 step = steps[std::size(steps) - 1];
    for (qint64 s : steps) {
        if (spanS / s <= maxTicks) {
            step = s;
            break;
        }
    }
    const qint64 stepMs = step * 1000;
    // Ticks on round local times.
    const qint64 offsetMs = qint64(QDateTime::fromMSecsSinceEpoch(m_fromMs).offsetFromUtc()) * 1000;
    const QString format = spanS > 86400 ? u"d MMM HH:mm"_s : step < 60 ? u"HH:mm:ss"_s : u"HH:mm"_s;
    const QFontMetrics metrics(font());
    const QColor text = palette().color(QPalette::Text);
    for (qint64 tick = ((m_fromMs + offsetMs + stepMs - 1) / stepMs) * stepMs - offsetMs; tick <= m_toMs;
         tick += stepMs) {
        const double x = std::floor(xOf(tick)) + 0.5;
        painter.setPen(QPen(mix(palette().color(QPalette::Base), text, 0.45), 1.0));
        painter.drawLine(QPointF(x, plot.bottom() + 1), QPointF(x, plot.bottom() + 4));
        const QString label = QDateTime::fromMSecsSinceEpoch(tick).toString(format);
        const double width = metrics.horizontalAdvance(label);
        const double left = std::clamp(x - width / 2, 0.0, double(this->width()) - width);
        painter.setPen(text);
        painter.drawText(QPointF(left, plot.bottom() + 4 + metrics.ascent()), label);
    }
}

void HeatmapChart::paintLines(QPainter& painter, const QRect& plot) const
{
    painter.save();
    painter.setClipRect(plot);
    painter.setRenderHint(QPainter::Antialiasing);
    for (const HeatmapLine& line : m_lines) {
        // A 1 px cosmetic pen, as the line charts': the raster engine strokes it on its fast path (a
        // wider pen with joins stalls the window on a spiky hour of seconds).
        QPen pen(line.colour, 1.0, line.penStyle, Qt::FlatCap, Qt::RoundJoin);
        pen.setCosmetic(true);
        painter.setPen(pen);
        QPolygonF run;
        for (const QPointF& p : line.points) {
            if (!std::isfinite(p.y())) {
                painter.drawPolyline(run);
                run.clear();
                continue;
            }
            run.append(QPointF(xOf(qint64(p.x())), yOf(p.y())));
        }
        painter.drawPolyline(run);
    }
    painter.restore();
}

void HeatmapChart::paintLegend(QPainter& painter, const QRect& plot) const
{
    const QFontMetrics metrics(font());
    const QColor text = palette().color(QPalette::Text);
    const int left = plot.right() + 1 + Margin;
    int y = plot.top();
    painter.setRenderHint(QPainter::Antialiasing);
    for (const HeatmapLine& line : m_lines) {
        const double middle = y + metrics.height() / 2.0;
        painter.setPen(QPen(line.colour, 1.5, line.penStyle));
        painter.drawLine(QPointF(left, middle), QPointF(left + 16, middle));
        painter.setPen(text);
        painter.drawText(QPointF(left + 22, y + metrics.ascent()), line.name);
        y += metrics.height() + 2;
    }
    if (m_grid.maxCount <= 0)
        return;
    y += metrics.height() / 2;
    painter.setPen(text);
    painter.drawText(QPointF(left, y + metrics.ascent()), tr("deliveries"));
    y += metrics.height() + 2;
    // The scale, highest count on top as on the latency axis; one at the bottom.
    const int barTop = y + metrics.height() / 2;
    const int barHeight = std::min(140, plot.bottom() - barTop - metrics.height() / 2);
    if (barHeight < 20)
        return;
    painter.setRenderHint(QPainter::Antialiasing, false);
    for (int i = 0; i < barHeight; ++i)
        painter.fillRect(QRect(left, barTop + i, LegendBarWidth, 1), viridis(1.0 - double(i) / (barHeight - 1)));
    const int labelLeft = left + LegendBarWidth + 4;
    painter.drawText(QPointF(labelLeft, barTop + metrics.ascent() / 2.0), Format::integer(m_grid.maxCount));
    painter.drawText(QPointF(labelLeft, barTop + barHeight + metrics.ascent() / 2.0), Format::integer(1));
}

} // namespace Paddock
