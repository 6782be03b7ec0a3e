#include "historychart.h"

#include "decimate.h"
#include "farmhistory.h"

#include <algorithm>
#include <cmath>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>
#include <QWheelEvent>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

// Reads further apart than this mean the engine was not reading (disconnected, paused): a gap.
constexpr int CoverageGapS = 10;
constexpr int ZoomSteps[] = { 60, 300, 900, 3600, 3 * 3600, 6 * 3600, 24 * 3600 };

QString windowText(int seconds)
{
    if (seconds % 3600 == 0)
        return u"%1 h"_s.arg(seconds / 3600);
    if (seconds % 60 == 0)
        return u"%1 min"_s.arg(seconds / 60);
    return u"%1 s"_s.arg(seconds);
}

double valueOf(const SeriesBucket& bucket, int measure)
{
    switch (measure) {
    case 0:
        return bucket.created;
    case 1:
        return bucket.processed;
    case 2:
        return bucket.failed;
    case 3:
        return bucket.backlog >= 0 ? double(bucket.backlog) : NAN;
    case 4:
        return double(bucket.p50);
    case 5:
        return double(bucket.p95);
    case 6:
        return double(bucket.p99);
    default:
        return double(bucket.max);
    }
}

} // namespace

HistoryChart::HistoryChart(const QString& title, QWidget* parent)
    : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(title); // a screen reader names the chart as its header does
    m_timer.setSingleShot(true);
    m_timer.setInterval(RebuildDelayMs);
    connect(&m_timer, &QTimer::timeout, this, &HistoryChart::onTimer);

    m_header = new QWidget(this);
    m_headerLayout = new QHBoxLayout(m_header);
    m_headerLayout->setContentsMargins(4, 0, 0, 0);
    m_headerLayout->setSpacing(8);
    m_title = new QLabel(title, m_header);
    m_title->setTextFormat(Qt::PlainText); // the title can name instances
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_state = new QLabel(m_header);
    m_state->setTextFormat(Qt::RichText);
    m_state->setToolTip(tr("Left/Right: scroll a quarter window · Page Up/Down: a whole window\n"
                           "Home: oldest data · End or Esc: back to live\n"
                           "+/-: zoom (5 min, 15 min, 1 h) · Shift+wheel: scroll · Ctrl+wheel: zoom"));
    m_headerLayout->addWidget(m_title);
    m_headerLayout->addWidget(m_state);
    m_headerLayout->addStretch(1);

    m_chart = createTimeChart(this).release();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addWidget(m_header);
    layout->addWidget(m_chart, 1);
    updateState();
}

HistoryChart::~HistoryChart() = default;

void HistoryChart::refresh(const FarmHistory& history, qint64 nowMs)
{
    m_history = &history;
    m_nowMs = nowMs;
    if (!m_live)
        m_endMs = std::max(m_endMs, nowMs - qint64(history.retention()) * 1000 + qint64(m_windowS) * 1000);
    scheduleRebuild();
}

void HistoryChart::clearHistory()
{
    m_history = nullptr;
    scheduleRebuild();
}

void HistoryChart::setWindowSeconds(int seconds)
{
    seconds = std::max(MinWindowS, seconds);
    if (seconds == m_windowS)
        return;
    m_windowS = seconds;
    if (!m_live)
        m_endMs = clampEnd(m_endMs);
    updateState();
    scheduleRebuild();
}

void HistoryChart::setLive(bool live)
{
    if (live == m_live)
        return;
    if (!live)
        m_endMs = endTime();
    m_live = live;
    updateState();
    scheduleRebuild();
}

void HistoryChart::scrollBy(int seconds)
{
    const qint64 end = clampEnd(endTime() + qint64(seconds) * 1000);
    if (!m_live && end == m_endMs)
        return;
    m_endMs = end;
    m_live = false;
    updateState();
    scheduleRebuild();
}

void HistoryChart::setEndTime(qint64 endMs)
{
    m_endMs = clampEnd(endMs);
    m_live = false;
    updateState();
    scheduleRebuild();
}

qint64 HistoryChart::endTime() const
{
    if (!m_live)
        return m_endMs;
    return m_nowMs > 0 ? m_nowMs : QDateTime::currentMSecsSinceEpoch();
}

qint64 HistoryChart::clampEnd(qint64 endMs) const
{
    if (m_nowMs <= 0)
        return endMs;
    const qint64 retentionMs = m_history ? qint64(m_history->retention()) * 1000 : 0;
    const qint64 earliest = std::min(m_nowMs, m_nowMs - retentionMs + qint64(m_windowS) * 1000);
    return std::clamp(endMs, earliest, m_nowMs);
}

void HistoryChart::setMarkers(const QList<ChartMarker>& markers)
{
    m_markers = markers;
    scheduleRebuild();
}

void HistoryChart::setHeaderVisible(bool visible)
{
    m_header->setVisible(visible);
}

QImage HistoryChart::grabImage()
{
    if (m_dirty || m_rebuilds == 0)
        rebuildNow();
    m_chart->settle(); // also lays out this header, whose title the rebuild may have changed
    return grab().toImage();
}

void HistoryChart::addHeaderWidget(QWidget* widget)
{
    m_headerLayout->addWidget(widget);
}

void HistoryChart::setTitle(const QString& title)
{
    m_title->setText(title);
}

void HistoryChart::scheduleRebuild()
{
    m_dirty = true;
    if (!m_timer.isActive())
        m_timer.start();
}

void HistoryChart::onTimer()
{
    // A hidden chart (another tab) stays dirty and rebuilds when shown.
    if (isVisible())
        rebuildNow();
}

QBitArray HistoryChart::coverage(qint64 firstS, qint64 lastS) const
{
    const qint64 count = std::max<qint64>(0, lastS - firstS + 1);
    QBitArray covered(count);
    const TimeSeries* farm = m_history ? m_history->series(FarmHistory::farmScope()) : nullptr;
    if (!farm || count == 0)
        return covered;
    // A second is covered when a read landed in it or between two reads close enough together.
    qint64 previous = std::numeric_limits<qint64>::min() / 2;
    for (qint64 s = firstS - CoverageGapS; s < firstS; ++s) {
        if (farm->at(s))
            previous = s;
    }
    qint64 next = std::numeric_limits<qint64>::max() / 2;
    QList<qint64> nextRead(count);
    for (qint64 s = lastS + CoverageGapS; s >= firstS; --s) {
        if (farm->at(s))
            next = s;
        if (s <= lastS)
            nextRead[s - firstS] = next;
    }
    for (qint64 s = firstS; s <= lastS; ++s) {
        if (farm->at(s)) {
            previous = s;
            covered.setBit(s - firstS);
            continue;
        }
        const qint64 following = nextRead[s - firstS];
        if (following - previous <= CoverageGapS)
            covered.setBit(s - firstS);
    }
    return covered;
}

void HistoryChart::rebuildNow()
{
    QElapsedTimer elapsed;
    elapsed.start();
    m_timer.stop();
    m_dirty = false;
    ++m_rebuilds;

    Window window;
    window.history = m_history;
    // Live, the window moves a whole second at a time: the axis and every line are laid out once a
    // second, not at each of the four updates.
    window.toMs = m_live ? endTime() / 1000 * 1000 : endTime();
    window.fromMs = window.toMs - qint64(m_windowS) * 1000;
    window.nowMs = m_nowMs > 0 ? m_nowMs : window.toMs;
    window.columns = std::max(50, m_chart->plotWidth());
    window.firstS = (window.fromMs + 999) / 1000;
    window.lastS = window.toMs / 1000;
    window.covered = coverage(window.firstS, window.lastS);
    // Live, the lines kept from the last rebuild of the same history hold up to its oldest change.
    const qint64 changedFromS = m_history && m_history == m_keptHistory ? m_history->oldestChangeSince(m_keptRevision)
                                                                        : std::numeric_limits<qint64>::min();
    if (changedFromS == std::numeric_limits<qint64>::min())
        m_kept.clear(); // another history, or changed further back than it remembers
    m_keptHistory = m_live && !m_replay ? m_history : nullptr;
    m_keptRevision = m_history ? m_history->revision() : 0;
    m_keptStats = {};
    window.incremental = m_keptHistory != nullptr;
    window.changedFromS = changedFromS;
    if (!window.incremental)
        m_kept.clear();

    m_chart->setTimeRange(window.fromMs, window.toMs);
    QList<ChartMarker> visible;
    for (const ChartMarker& marker : std::as_const(m_markers)) {
        if (marker.ms >= window.fromMs && marker.ms <= window.toMs)
            visible.append(marker);
    }
    m_chart->setMarkers(visible);
    rebuild(window);
    for (auto it = m_kept.begin(); it != m_kept.end();) {
        if (std::exchange(it->used, false))
            ++it;
        else
            it = m_kept.erase(it); // no longer drawn (another mode, another selection)
    }
    updateState();
    m_lastRebuildMs = double(elapsed.nsecsElapsed()) / 1e6;
    Q_EMIT rebuilt();
}

qint64 HistoryChart::appendRaw(
    QList<QPointF>& result, const Window& window, const TimeSeries* series, Measure measure, int gapS, qint64 fromS)
{
    const qint64 nowS = window.nowMs / 1000;
    const bool count = measure == Measure::Created || measure == Measure::Processed || measure == Measure::Failed;
    const int field = int(measure);
    if (count) {
        // The current second is still being counted: drawing it would show a dip that is not there.
        // A series in buckets of several seconds (the instances of a large farm) draws each
        // bucket's mean rate over its seconds, up to the bucket still being counted.
        const int resolution = series ? series->resolution() : 1;
        const qint64 counting = nowS - ((nowS % resolution) + resolution) % resolution;
        const qint64 last = std::min(window.lastS, counting - 1);
        bool lastFinite = !result.isEmpty() && !std::isnan(result.last().y());
        for (qint64 s = fromS; s <= last; ++s) {
            const SeriesBucket* bucket = series ? series->at(s) : nullptr;
            const qint64 index = s - window.firstS;
            const bool covered = index < window.covered.size() && window.covered.testBit(index);
            if (bucket) {
                result.append(QPointF(double(s) * 1000.0, valueOf(*bucket, field) / resolution));
                lastFinite = true;
            } else if (covered) {
                result.append(QPointF(double(s) * 1000.0, 0.0));
                lastFinite = true;
            } else if (lastFinite) {
                result.append(QPointF(double(s) * 1000.0, NAN));
                lastFinite = false;
            }
        }
        return last;
    }
    const qint64 last = std::min(window.lastS, nowS);
    if (!series)
        return last;
    qint64 previous = std::numeric_limits<qint64>::min() / 2;
    for (auto it = result.crbegin(); it != result.crend(); ++it) {
        if (!std::isnan(it->y())) {
            previous = qint64(it->x() / 1000.0);
            break;
        }
    }
    for (qint64 s = fromS; s <= last; ++s) {
        const SeriesBucket* bucket = series->at(s);
        if (!bucket)
            continue;
        const double value = valueOf(*bucket, field);
        if (!std::isfinite(value))
            continue;
        if (!result.isEmpty() && s - previous > gapS)
            result.append(QPointF(double(previous + 1) * 1000.0, NAN));
        result.append(QPointF(double(s) * 1000.0, value));
        previous = s;
    }
    return last;
}

QList<QPointF> HistoryChart::rawPoints(const Window& window, const QString& scope, Measure measure, int gapS)
{
    const TimeSeries* series = window.history ? window.history->series(scope) : nullptr;
    QList<QPointF> result;
    if (!window.incremental) {
        appendRaw(result, window, series, measure, gapS, window.firstS);
    } else {
        // Live: the points of the seconds nothing changed in since the last rebuild are kept; the
        // seconds that left the window are dropped, the new ones (and those whose data or coverage
        // changed) appended.
        const QString key = scope + u'|' + QString::number(int(measure)) + u'|' + QString::number(gapS);
        KeptLine& line = m_kept[key];
        line.used = true;
        qint64 fromS = window.firstS;
        if (line.made && line.series == series && line.firstS <= window.firstS) {
            const int resolution = series ? series->resolution() : 1;
            fromS = std::max(
                window.firstS, std::min(line.computedToS + 1, window.changedFromS - CoverageGapS - 2 * resolution));
            const double fromX = double(fromS) * 1000.0;
            const double firstX = double(window.firstS) * 1000.0;
            const auto tail = std::lower_bound(
                line.points.cbegin(), line.points.cend(), fromX, [](const QPointF& p, double x) { return p.x() < x; });
            line.points.erase(tail, line.points.cend());
            const auto head = std::lower_bound(
                line.points.cbegin(), line.points.cend(), firstX, [](const QPointF& p, double x) { return p.x() < x; });
            line.points.erase(line.points.cbegin(), head);
            // A break before a point that is gone, or that is about to be recomputed, goes with it.
            while (!line.points.isEmpty() && std::isnan(line.points.first().y()))
                line.points.removeFirst();
            const bool count
                = measure == Measure::Created || measure == Measure::Processed || measure == Measure::Failed;
            while (!count && !line.points.isEmpty() && std::isnan(line.points.last().y()))
                line.points.removeLast();
        } else {
            line.points.clear();
        }
        line.made = true;
        line.series = series;
        line.firstS = window.firstS;
        line.computedToS = appendRaw(line.points, window, series, measure, gapS, fromS);
        ++m_keptStats.lines;
        m_keptStats.secondsRead += std::max<qint64>(0, window.lastS - fromS + 1);
        result = line.points;
    }
    if (!result.isEmpty() && std::isnan(result.last().y()))
        result.removeLast();
    return result;
}

QList<QPointF> HistoryChart::points(const Window& window, const QString& scope, Measure measure, int gapS)
{
    return Decimate::minMax(
        rawPoints(window, scope, measure, gapS), window.columns, double(window.fromMs), double(window.toMs));
}

QList<QPointF> HistoryChart::averaged(const QList<QPointF>& perSecond, int bucketS)
{
    if (bucketS <= 1)
        return perSecond;
    QList<QPointF> result;
    const double bucketMs = 1000.0 * bucketS;
    double bucketStart = NAN;
    double sum = 0.0;
    int count = 0;
    auto flush = [&]() {
        if (count > 0)
            result.append(QPointF(bucketStart, sum / count));
        count = 0;
        sum = 0.0;
    };
    for (const QPointF& p : perSecond) {
        if (std::isnan(p.y())) {
            flush();
            if (!result.isEmpty() && !std::isnan(result.last().y()))
                result.append(p);
            continue;
        }
        const double start = std::floor(p.x() / bucketMs) * bucketMs;
        if (start != bucketStart)
            flush();
        bucketStart = start;
        sum += p.y();
        ++count;
    }
    flush();
    return result;
}

qint64 HistoryChart::total(const Window& window, const QString& scope, Measure measure)
{
    const TimeSeries* series = window.history ? window.history->series(scope) : nullptr;
    if (!series)
        return 0;
    qint64 sum = 0;
    const SeriesBucket* previous = nullptr; // a bucket of several seconds counts once
    for (qint64 s = window.firstS; s <= window.lastS; ++s) {
        const SeriesBucket* bucket = series->at(s);
        if (bucket && bucket != std::exchange(previous, bucket)) {
            const double value = valueOf(*bucket, int(measure));
            if (std::isfinite(value))
                sum += qint64(value);
        }
    }
    return sum;
}

double HistoryChart::maximum(const QList<QPointF>& points)
{
    double result = 0.0;
    for (const QPointF& p : points) {
        if (std::isfinite(p.y()))
            result = std::max(result, p.y());
    }
    return result;
}

void HistoryChart::updateState()
{
    const QString window = windowText(m_windowS);
    if (m_live && m_replay) {
        m_state->setText(
            tr("<span style=\"color:#0072b2\">\u25a0</span> Recording \u00b7 the %1 before the slider").arg(window));
        return;
    }
    if (m_live) {
        m_state->setText(tr("<span style=\"color:#009e73\">\u25cf</span> Live \u00b7 last %1").arg(window));
        return;
    }
    const qint64 end = m_endMs;
    const QString format = u"HH:mm:ss"_s;
    m_state->setText(tr("<span style=\"color:#e69f00\"><b>\u275a\u275a Paused</b></span> \u00b7 %1 \u2013 %2 \u00b7 "
                        "End: back to live")
                         .arg(QDateTime::fromMSecsSinceEpoch(end - qint64(m_windowS) * 1000).toString(format),
                             QDateTime::fromMSecsSinceEpoch(end).toString(format)));
}

void HistoryChart::setReplay(bool replay)
{
    m_replay = replay;
    updateState();
}

void HistoryChart::userNavigated()
{
    Q_EMIT navigated(endTime(), m_windowS, m_live);
}

void HistoryChart::zoom(int direction)
{
    const int maxWindow = m_history ? std::max(MinWindowS, m_history->retention()) : ZoomSteps[3];
    int target = m_windowS;
    if (direction > 0) {
        for (int step : ZoomSteps) {
            if (step > m_windowS && step <= maxWindow) {
                target = step;
                break;
            }
        }
    } else {
        for (auto it = std::rbegin(ZoomSteps); it != std::rend(ZoomSteps); ++it) {
            if (*it < m_windowS) {
                target = *it;
                break;
            }
        }
    }
    setWindowSeconds(target);
}

void HistoryChart::keyPressEvent(QKeyEvent* event)
{
    const int quarter = std::max(1, m_windowS / 4);
    switch (event->key()) {
    case Qt::Key_Left:
        scrollBy(-quarter);
        break;
    case Qt::Key_Right:
        if (m_live)
            return QWidget::keyPressEvent(event);
        scrollBy(quarter);
        break;
    case Qt::Key_PageUp:
        scrollBy(-m_windowS);
        break;
    case Qt::Key_PageDown:
        if (m_live)
            return QWidget::keyPressEvent(event);
        scrollBy(m_windowS);
        break;
    case Qt::Key_Home:
        setEndTime(std::numeric_limits<qint64>::min() / 2);
        break;
    case Qt::Key_End:
        setLive(true);
        break;
    case Qt::Key_Escape:
        if (m_live)
            return QWidget::keyPressEvent(event);
        setLive(true);
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoom(-1);
        break;
    case Qt::Key_Minus:
        zoom(+1);
        break;
    default:
        return QWidget::keyPressEvent(event);
    }
    event->accept();
    userNavigated();
}

void HistoryChart::wheelEvent(QWheelEvent* event)
{
    const QPoint delta = event->angleDelta();
    if (event->modifiers() & Qt::ControlModifier) {
        if (delta.y() == 0)
            return QWidget::wheelEvent(event);
        zoom(delta.y() > 0 ? -1 : +1);
    } else if ((event->modifiers() & Qt::ShiftModifier) || delta.x() != 0) {
        // Shift turns the vertical wheel into a horizontal one on some platforms, not on others.
        const int steps = delta.x() != 0 ? delta.x() : delta.y();
        if (steps == 0 || (steps < 0 && m_live))
            return QWidget::wheelEvent(event);
        const int seconds = std::max(1, std::abs(std::max(1, m_windowS / 10) * steps / 120));
        scrollBy(steps > 0 ? -seconds : seconds);
    } else {
        return QWidget::wheelEvent(event);
    }
    event->accept();
    userNavigated();
}

void HistoryChart::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_dirty && !m_timer.isActive())
        m_timer.start();
}

void HistoryChart::paintEvent(QPaintEvent* event)
{
    QWidget::paintEvent(event);
    if (!hasFocus())
        return;
    QPainter painter(this);
    painter.setPen(QPen(palette().color(QPalette::Highlight), 1.0));
    painter.drawRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5));
}

void HistoryChart::focusInEvent(QFocusEvent* event)
{
    QWidget::focusInEvent(event);
    update();
}

void HistoryChart::focusOutEvent(QFocusEvent* event)
{
    QWidget::focusOutEvent(event);
    update();
}

} // namespace Paddock
