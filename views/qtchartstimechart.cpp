#include "qtchartstimechart.h"

#include "displayformat.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QDateTime>
#include <QEvent>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QValueAxis>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

QColor mix(const QColor& a, const QColor& b, double t)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
        float(a.greenF() + (b.greenF() - a.greenF()) * t), float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

// Series colours are chosen for a light background; on a dark one the deep ones get lighter.
QColor adapt(const QColor& colour, bool dark)
{
    if (!dark || colour.lightnessF() >= 0.6)
        return colour;
    return colour.lighter(colour.lightnessF() < 0.3 ? 200 : 135);
}

struct NiceScale {
    double top = 1.0;
    double step = 0.25;
};

// The smallest step of 1, 2, 2.5 or 5 × 10^n with `intervals` steps reaching `maximum`.
NiceScale niceScale(double maximum, int intervals)
{
    if (!(maximum > 0.0) || !std::isfinite(maximum))
        return { double(intervals) * 0.25, 0.25 };
    const double raw = maximum / intervals;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude * 10.0;
    for (double f : { 1.0, 2.0, 2.5, 5.0, 10.0 }) {
        if (f * magnitude >= raw * (1.0 - 1e-9)) {
            step = f * magnitude;
            break;
        }
    }
    return { step * intervals, step };
}

// Both axes get the same number of intervals, so that the right axis' labels sit on the grid;
// the count is the one that wastes the least height.
std::pair<NiceScale, NiceScale> alignedScales(double left, double right, bool withRight)
{
    std::pair<NiceScale, NiceScale> best;
    double bestWaste = std::numeric_limits<double>::max();
    for (int intervals : { 4, 5, 3, 6 }) {
        const NiceScale l = niceScale(left, intervals);
        const NiceScale r = niceScale(right, intervals);
        const double waste = std::max(left > 0.0 ? l.top / left : 1.0, withRight && right > 0.0 ? r.top / right : 1.0);
        if (waste < bestWaste - 1e-9) {
            bestWaste = waste;
            best = { l, r };
        }
    }
    return best;
}

int decimalsFor(double step)
{
    for (int decimals = 0; decimals < 6; ++decimals) {
        const double scaled = step * std::pow(10.0, decimals);
        if (std::abs(scaled - std::round(scaled)) < 1e-6 * scaled)
            return decimals;
    }
    return 6;
}

QList<QList<QPointF>> splitAtGaps(const QList<QPointF>& points)
{
    QList<QList<QPointF>> parts;
    QList<QPointF> current;
    for (const QPointF& p : points) {
        if (std::isnan(p.y()) || std::isnan(p.x())) {
            if (!current.isEmpty())
                parts.append(std::exchange(current, {}));
            continue;
        }
        current.append(p);
    }
    if (!current.isEmpty())
        parts.append(current);
    return parts;
}

constexpr double MarkerMergePx = 6.0;

} // namespace

// The view draws what Qt Charts has no item for: event marks, the hover line, the placeholder.
class QtChartsTimeChart::PlotView : public QChartView {
public:
    PlotView(QChart* chart, QtChartsTimeChart* owner)
        : QChartView(chart)
        , m_owner(owner)
    {
        setRenderHint(QPainter::Antialiasing);
        setMouseTracking(true);
        setFocusPolicy(Qt::NoFocus);
        setFrameShape(QFrame::NoFrame);
        setRubberBand(QChartView::NoRubberBand);
    }

    double hoverX = -1.0;

protected:
    void drawForeground(QPainter* painter, const QRectF& rect) override
    {
        QChartView::drawForeground(painter, rect);
        const QRectF plot = chart()->plotArea();
        if (plot.width() < 2)
            return;
        const QPalette& pal = m_owner->palette();
        painter->save();
        painter->setClipRect(plot.adjusted(0, -12, 0, 0));
        const QFont small = smallFont();
        const QFontMetricsF metrics(small);
        painter->setFont(small);
        double labelsEnd = plot.left() - 1;
        for (const MarkerGroup& group : markerGroups(pal))
            paintMarkerGroup(painter, plot, group, metrics, &labelsEnd);
        if (hoverX >= plot.left() && hoverX <= plot.right()) {
            QColor hover = pal.color(QPalette::Text);
            hover.setAlphaF(0.35f);
            painter->setPen(QPen(hover, 1.0));
            painter->drawLine(QPointF(hoverX, plot.top()), QPointF(hoverX, plot.bottom()));
        }
        if (!m_owner->anyPoints() && !m_owner->m_placeholder.isEmpty()) {
            QColor text = pal.color(QPalette::Text);
            text.setAlphaF(0.6f);
            painter->setPen(text);
            painter->setFont(m_owner->font());
            painter->drawText(plot, Qt::AlignCenter | Qt::TextWordWrap, m_owner->m_placeholder);
        }
        painter->restore();
    }

    void mouseMoveEvent(QMouseEvent* event) override
    {
        QChartView::mouseMoveEvent(event);
        const QPointF scene = mapToScene(event->position().toPoint());
        const QRectF plot = chart()->plotArea();
        if (!plot.contains(scene)) {
            clearHover();
            return;
        }
        hoverX = scene.x();
        viewport()->update();
        const QString text = m_owner->readout(scene.x());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(event->globalPosition().toPoint(), text, this);
    }

    void leaveEvent(QEvent* event) override
    {
        QChartView::leaveEvent(event);
        clearHover();
    }

private:
    // Marks closer than a few pixels become one, with a count; a run of them a band: a burst of
    // errors stays readable.
    struct MarkerGroup {
        double x0 = 0.0;
        double x1 = 0.0;
        QColor colour;
        QString label;
        int count = 0;
    };

    QList<MarkerGroup> markerGroups(const QPalette& pal) const
    {
        QList<MarkerGroup> groups;
        for (const ChartMarker& marker : m_owner->m_markers) {
            if (marker.ms < m_owner->m_fromMs || marker.ms > m_owner->m_toMs)
                continue;
            const double x = std::round(m_owner->xOf(marker.ms)) + 0.5;
            if (!groups.isEmpty() && x - groups.last().x1 < MarkerMergePx) {
                ++groups.last().count;
                groups.last().x1 = x;
                continue;
            }
            const QColor colour = marker.colour.isValid() ? marker.colour : pal.color(QPalette::Text);
            groups.append({ x, x, adapt(colour, isDark(pal)), marker.label, 1 });
        }
        return groups;
    }

    // The group's line (or band) with its flag, and its label where the labels before it left room.
    void paintMarkerGroup(QPainter* painter, const QRectF& plot, const MarkerGroup& group, const QFontMetricsF& metrics,
        double* labelsEnd) const
    {
        const QPalette& pal = m_owner->palette();
        QColor line = group.colour;
        line.setAlphaF(0.5f);
        painter->setPen(QPen(line, 1.0));
        if (group.x1 - group.x0 >= 2.0) {
            QColor band = group.colour;
            band.setAlphaF(0.12f);
            painter->fillRect(QRectF(group.x0, plot.top(), group.x1 - group.x0, plot.height()), band);
            painter->drawLine(QPointF(group.x1, plot.top()), QPointF(group.x1, plot.bottom()));
        }
        painter->drawLine(QPointF(group.x0, plot.top()), QPointF(group.x0, plot.bottom()));
        QPainterPath flag;
        flag.moveTo(group.x0 - 4, plot.top());
        flag.lineTo(group.x0 + 4, plot.top());
        flag.lineTo(group.x0, plot.top() + 6);
        flag.closeSubpath();
        painter->fillPath(flag, group.colour);
        const double x = group.x0;
        // A label only where it has room: marks close together keep their tooltips.
        const QString full = group.count > 1 ? QtChartsTimeChart::tr("%n events", nullptr, group.count) : group.label;
        const QString text = metrics.elidedText(full, Qt::ElideRight, 180);
        if (x + 6 <= *labelsEnd || x + 6 + metrics.horizontalAdvance(text) >= plot.right())
            return;
        // On a veil of the background, so that the lines under it do not cross the words.
        QColor veil = pal.color(QPalette::Base);
        veil.setAlphaF(0.8f);
        const QRectF box(x + 3, plot.top() + 1, metrics.horizontalAdvance(text) + 4, metrics.height());
        painter->fillRect(box, veil);
        QColor textColour = pal.color(QPalette::Text);
        textColour.setAlphaF(0.85f);
        painter->setPen(textColour);
        painter->drawText(QPointF(x + 5, plot.top() + metrics.ascent() + 1), text);
        *labelsEnd = x + 6 + metrics.horizontalAdvance(text) + 8;
    }

    void clearHover()
    {
        if (hoverX < 0)
            return;
        hoverX = -1.0;
        QToolTip::hideText();
        viewport()->update();
    }

    QFont smallFont() const
    {
        QFont f = m_owner->font();
        f.setPointSizeF(std::max(7.0, f.pointSizeF() * 0.85));
        return f;
    }

    QtChartsTimeChart* m_owner;
};

QtChartsTimeChart::QtChartsTimeChart(QWidget* parent)
    : TimeChart(parent)
{
    m_chart = new QChart();
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->setLocalizeNumbers(true);
    m_chart->legend()->setAlignment(Qt::AlignTop);
    m_chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    m_chart->legend()->setShowToolTips(true);

    m_axisX = new QCategoryAxis(m_chart);
    m_axisX->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_axisLeft = new QValueAxis(m_chart);
    m_axisRight = new QValueAxis(m_chart);
    m_axisLeft->setMinorTickCount(0);
    m_axisRight->setMinorTickCount(0);
    m_axisRight->setGridLineVisible(false);
    m_chart->addAxis(m_axisX, Qt::AlignBottom);
    m_chart->addAxis(m_axisLeft, Qt::AlignLeft);
    m_chart->addAxis(m_axisRight, Qt::AlignRight);
    m_axisRight->setVisible(false);

    m_view = new PlotView(m_chart, this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);

    setMinimumSize(240, 160);
    applyPalette();
    updateValueAxes();
    updateTimeAxis();
}

QtChartsTimeChart::~QtChartsTimeChart() = default;

void QtChartsTimeChart::setSeries(const QList<ChartSeries>& series)
{
    bool same = series.size() == m_lines.size();
    for (qsizetype i = 0; same && i < series.size(); ++i) {
        const ChartSeries& a = series[i];
        const ChartSeries& b = m_lines[i].def;
        same = a.id == b.id && a.name == b.name && a.colour == b.colour && a.penStyle == b.penStyle && a.axis == b.axis
            && a.unit == b.unit && a.decimals == b.decimals && a.inLegend == b.inLegend;
    }
    if (same)
        return;

    QHash<QString, QList<QPointF>> kept;
    for (const Line& line : std::as_const(m_lines))
        kept.insert(line.def.id, line.points);
    for (Line& line : m_lines) {
        for (QLineSeries* segment : std::as_const(line.segments)) {
            m_chart->removeSeries(segment);
            delete segment;
        }
    }
    m_lines.clear();
    m_index.clear();
    for (const ChartSeries& def : series) {
        Line line;
        line.def = def;
        m_index.insert(def.id, m_lines.size());
        m_lines.append(line);
    }
    // Once every line exists, so that the legend keeps the order of the definitions.
    for (Line& line : m_lines) {
        line.points = kept.value(line.def.id);
        line.hasPoints = false;
        line.maximum = 0.0;
        for (const QPointF& p : std::as_const(line.points)) {
            if (std::isfinite(p.y())) {
                line.hasPoints = true;
                line.maximum = std::max(line.maximum, p.y());
            }
        }
        pushSegments(line);
    }
    m_axisRight->setVisible(std::any_of(
        m_lines.cbegin(), m_lines.cend(), [](const Line& line) { return line.def.axis == ChartAxis::Right; }));
    updateValueAxes();
}

QList<ChartSeries> QtChartsTimeChart::series() const
{
    QList<ChartSeries> result;
    for (const Line& line : m_lines)
        result.append(line.def);
    return result;
}

void QtChartsTimeChart::setPoints(const QString& seriesId, const QList<QPointF>& points)
{
    const auto it = m_index.constFind(seriesId);
    if (it == m_index.constEnd())
        return;
    Line& line = m_lines[*it];
    const auto same = [](const QPointF& a, const QPointF& b) {
        return a.x() == b.x() && (a.y() == b.y() || (std::isnan(a.y()) && std::isnan(b.y())));
    };
    if (std::equal(points.cbegin(), points.cend(), line.points.cbegin(), line.points.cend(), same))
        return; // the same line again: Qt Charts would lay it out anew
    line.points = points;
    line.hasPoints = false;
    line.maximum = 0.0;
    for (const QPointF& p : points) {
        if (std::isfinite(p.y())) {
            line.hasPoints = true;
            line.maximum = std::max(line.maximum, p.y());
        }
    }
    pushSegments(line);
    updateValueAxes();
    m_view->viewport()->update();
}

QList<QPointF> QtChartsTimeChart::points(const QString& seriesId) const
{
    const auto it = m_index.constFind(seriesId);
    return it == m_index.constEnd() ? QList<QPointF>() : m_lines[*it].points;
}

QLineSeries* QtChartsTimeChart::newSegment(const Line& line, bool first)
{
    auto* segment = new QLineSeries();
    segment->setUseOpenGL(false);
    // The legend shows a series' name as rich text; the name can be an instance's, a storage's or a task type.
    segment->setName(line.def.name.toHtmlEscaped());
    segment->setPen(penFor(line.def));
    segment->setMarkerSize(3.5);
    m_chart->addSeries(segment);
    segment->attachAxis(m_axisX);
    segment->attachAxis(line.def.axis == ChartAxis::Right ? m_axisRight : m_axisLeft);
    if (!first || !line.def.inLegend) {
        const QList<QLegendMarker*> markers = m_chart->legend()->markers(segment);
        for (QLegendMarker* marker : markers)
            marker->setVisible(false);
    }
    return segment;
}

void QtChartsTimeChart::pushSegments(Line& line)
{
    const QList<QList<QPointF>> parts = splitAtGaps(line.points);
    const qsizetype wanted = std::max<qsizetype>(1, parts.size());
    while (line.segments.size() < wanted)
        line.segments.append(newSegment(line, line.segments.isEmpty()));
    while (line.segments.size() > wanted) {
        QLineSeries* segment = line.segments.takeLast();
        m_chart->removeSeries(segment);
        delete segment;
    }
    for (qsizetype i = 0; i < line.segments.size(); ++i) {
        QLineSeries* segment = line.segments[i];
        const QList<QPointF> part = i < parts.size() ? parts[i] : QList<QPointF>();
        // A lone point has no line to show: draw it as a dot.
        segment->setPointsVisible(part.size() == 1);
        segment->replace(part);
    }
}

QPen QtChartsTimeChart::penFor(const ChartSeries& def) const
{
    QPen pen(adapt(def.colour, isDark(palette())), 1.0, def.penStyle);
    pen.setCapStyle(Qt::FlatCap);
    pen.setJoinStyle(Qt::RoundJoin);
    pen.setCosmetic(true);
    return pen;
}

void QtChartsTimeChart::updateValueAxes()
{
    double left = 0.0;
    double right = 0.0;
    bool withRight = false;
    for (const Line& line : std::as_const(m_lines)) {
        if (line.def.axis == ChartAxis::Right) {
            right = std::max(right, line.maximum);
            withRight = true;
        } else {
            left = std::max(left, line.maximum);
        }
    }
    const auto [leftScale, rightScale] = alignedScales(left, right, withRight);
    for (const auto& [axis, scale] : { std::pair(m_axisLeft, leftScale), std::pair(m_axisRight, rightScale) }) {
        axis->setRange(0.0, scale.top);
        axis->setTickCount(int(std::lround(scale.top / scale.step)) + 1);
        axis->setLabelFormat(u"%.%1f"_s.arg(decimalsFor(scale.step)));
    }
}

void QtChartsTimeChart::setTimeRange(qint64 fromMs, qint64 toMs)
{
    if (toMs <= fromMs)
        toMs = fromMs + 1000;
    if (fromMs == m_fromMs && toMs == m_toMs)
        return;
    m_fromMs = fromMs;
    m_toMs = toMs;
    updateTimeAxis();
    m_view->viewport()->update();
}

// Ticks on round local times (…, 12:05, 12:10) rather than the fixed division of QDateTimeAxis,
// whose labels would crawl as the live window moves.
void QtChartsTimeChart::updateTimeAxis()
{
    m_axisX->setStartValue(double(m_fromMs));
    m_axisX->setRange(double(m_fromMs), double(m_toMs));

    // From the widget's width: the plot area is laid out later, after a resize.
    const int width = std::max(100, this->width() - 120);
    m_tickPlotWidth = width;
    const int maxTicks = std::max(2, width / 85);
    static const qint64 steps[]
        = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400 };
    const qint64 spanS = std::max<qint64>(1, (m_toMs - m_fromMs) / 1000);
    qint64 step = steps[std::size(steps) - 1];
    for (qint64 s : steps) {
        if (spanS / s <= maxTicks) {
            step = s;
            break;
        }
    }
    const qint64 stepMs = step * 1000;
    const QDateTime from = QDateTime::fromMSecsSinceEpoch(m_fromMs);
    const qint64 offsetMs = qint64(from.offsetFromUtc()) * 1000;
    const QString format = spanS > 86400 ? u"d MMM HH:mm"_s : step < 60 ? u"HH:mm:ss"_s : u"HH:mm"_s;
    QList<qint64> ticks;
    qint64 tick = ((m_fromMs + offsetMs + stepMs - 1) / stepMs) * stepMs - offsetMs;
    for (; tick <= m_toMs; tick += stepMs) {
        if (tick > m_fromMs)
            ticks.append(tick);
    }
    // Each label added or removed lays the chart out again: while the window moves by a second
    // the ticks stay, and only those that enter or leave the window change.
    const QString last = format + u'|' + QString::number(stepMs);
    if (ticks == m_ticks && last == m_tickFormat)
        return;
    const QStringList labels = m_axisX->categoriesLabels();
    for (const QString& label : labels)
        m_axisX->remove(label);
    for (qint64 t : std::as_const(ticks))
        m_axisX->append(QDateTime::fromMSecsSinceEpoch(t).toString(format), double(t));
    m_ticks = ticks;
    m_tickFormat = last;
}

void QtChartsTimeChart::setAxisTitle(ChartAxis axis, const QString& title)
{
    (axis == ChartAxis::Left ? m_axisLeft : m_axisRight)->setTitleText(title);
}

QString QtChartsTimeChart::axisTitle(ChartAxis axis) const
{
    return (axis == ChartAxis::Left ? m_axisLeft : m_axisRight)->titleText();
}

double QtChartsTimeChart::axisMaximum(ChartAxis axis) const
{
    return (axis == ChartAxis::Left ? m_axisLeft : m_axisRight)->max();
}

void QtChartsTimeChart::setMarkers(const QList<ChartMarker>& markers)
{
    m_markers = markers;
    std::sort(
        m_markers.begin(), m_markers.end(), [](const ChartMarker& a, const ChartMarker& b) { return a.ms < b.ms; });
    m_view->viewport()->update();
}

void QtChartsTimeChart::setPlaceholderText(const QString& text)
{
    if (text == m_placeholder)
        return;
    m_placeholder = text;
    m_view->viewport()->update();
}

int QtChartsTimeChart::plotWidth() const
{
    const int plot = int(m_chart->plotArea().width());
    return plot > 20 ? plot : std::max(100, width() - 120);
}

void QtChartsTimeChart::settle()
{
    if (layout())
        layout()->activate();
    // Qt Charts moves its axes, labels and legend on posted layout requests: apply them before a grab.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
}

QImage QtChartsTimeChart::grabImage()
{
    settle();
    return grab().toImage();
}

void QtChartsTimeChart::changeEvent(QEvent* event)
{
    TimeChart::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange
        || event->type() == QEvent::StyleChange)
        applyPalette();
}

void QtChartsTimeChart::resizeEvent(QResizeEvent* event)
{
    TimeChart::resizeEvent(event);
    // The tick spacing depends on the width; the chart lays itself out on the next paint.
    if (std::abs(width() - 120 - m_tickPlotWidth) > 40)
        updateTimeAxis();
}

void QtChartsTimeChart::applyPalette()
{
    const QPalette& pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::Text);
    m_chart->setBackgroundBrush(base);
    m_chart->setBackgroundPen(Qt::NoPen);
    m_chart->setPlotAreaBackgroundVisible(false);
    m_chart->legend()->setLabelColor(text);
    m_chart->legend()->setFont(font());
    m_view->setBackgroundBrush(base);

    QFont labels = font();
    labels.setPointSizeF(std::max(7.0, font().pointSizeF() * 0.9));
    const QPen axisLine(mix(base, text, 0.45), 1.0);
    const QPen grid(mix(base, text, 0.13), 1.0);
    for (QAbstractAxis* axis : { static_cast<QAbstractAxis*>(m_axisX), static_cast<QAbstractAxis*>(m_axisLeft),
             static_cast<QAbstractAxis*>(m_axisRight) }) {
        axis->setLabelsBrush(text);
        axis->setLabelsFont(labels);
        axis->setTitleBrush(mix(base, text, 0.8));
        axis->setTitleFont(labels);
        axis->setLinePen(axisLine);
        axis->setGridLinePen(grid);
    }
    for (Line& line : m_lines) {
        for (QLineSeries* segment : std::as_const(line.segments))
            segment->setPen(penFor(line.def));
    }
    m_view->viewport()->update();
}

bool QtChartsTimeChart::anyPoints() const
{
    return std::any_of(m_lines.cbegin(), m_lines.cend(), [](const Line& line) { return line.hasPoints; });
}

double QtChartsTimeChart::xOf(qint64 ms) const
{
    const QRectF plot = m_chart->plotArea();
    return plot.left() + double(ms - m_fromMs) / double(m_toMs - m_fromMs) * plot.width();
}

QString QtChartsTimeChart::readout(double sceneX) const
{
    const QRectF plot = m_chart->plotArea();
    if (plot.width() < 2)
        return {};
    const double msPerPixel = double(m_toMs - m_fromMs) / plot.width();
    const double ms = double(m_fromMs) + (sceneX - plot.left()) * msPerPixel;

    QString rows;
    const bool dark = isDark(palette());
    for (const Line& line : m_lines) {
        if (line.points.isEmpty())
            continue;
        // Near enough: a few pixels, or the line's own spacing (averaged lines have a point every few seconds).
        const double spacing = line.points.size() > 1
            ? (line.points.last().x() - line.points.first().x()) / double(line.points.size() - 1)
            : 1000.0;
        const double tolerance = std::max(3.0 * msPerPixel, std::min(1.5 * spacing, 60000.0));
        const auto it = std::lower_bound(
            line.points.cbegin(), line.points.cend(), ms, [](const QPointF& p, double x) { return p.x() < x; });
        const QPointF* best = nullptr;
        for (auto candidate : { it, it == line.points.cbegin() ? it : it - 1 }) {
            if (candidate == line.points.cend() || !std::isfinite(candidate->y()))
                continue;
            if (std::abs(candidate->x() - ms) <= tolerance
                && (!best || std::abs(candidate->x() - ms) < std::abs(best->x() - ms)))
                best = &*candidate;
        }
        if (!best)
            continue;
        rows += u"<tr><td><span style=\"color:%1\">&#9632;</span> %2</td><td align=\"right\"><b>%3</b>%4</td></tr>"_s
                    .arg(adapt(line.def.colour, dark).name(), line.def.name.toHtmlEscaped(),
                        Format::number(best->y(), line.def.decimals), line.def.unit.toHtmlEscaped());
    }
    QString events;
    int near = 0;
    for (const ChartMarker& marker : m_markers) {
        if (std::abs(xOf(marker.ms) - sceneX) > MarkerMergePx)
            continue;
        if (++near <= 10)
            events += u"<br>%1 %2"_s.arg(
                QDateTime::fromMSecsSinceEpoch(marker.ms).toString(u"HH:mm:ss"_s), marker.label.toHtmlEscaped());
    }
    if (near > 10)
        events += u"<br>"_s + tr("\u2026 and %n more", nullptr, near - 10);
    if (rows.isEmpty() && events.isEmpty())
        return {};
    return u"<b>%1</b><table cellspacing=\"2\">%2</table>%3"_s.arg(
        QDateTime::fromMSecsSinceEpoch(qint64(ms)).toString(u"HH:mm:ss"_s), rows, events);
}

std::unique_ptr<TimeChart> createTimeChart(QWidget* parent)
{
    return std::make_unique<QtChartsTimeChart>(parent);
}

} // namespace Paddock
