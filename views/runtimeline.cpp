#include "runtimeline.h"

#include "plaintooltips.h"
#include "statusstyle.h"

#include <algorithm>
#include <cmath>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

constexpr int MaxLabelWidth = 180;
constexpr int TopMargin = 2;

QColor mix(const QColor& a, const QColor& b, double t)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
        float(a.greenF() + (b.greenF() - a.greenF()) * t), float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

QColor statusColour(const char* status)
{
    return StatusStyle::forStatus(QString::fromLatin1(status)).colour;
}

} // namespace

RunTimeline::RunTimeline(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"runTimeline"_s);
    setMouseTracking(false);
    setMinimumHeight(90);
    m_scroll = new QScrollBar(Qt::Vertical, this);
    m_scroll->setObjectName(u"runTimelineScroll"_s);
    m_scroll->hide();
    connect(m_scroll, &QScrollBar::valueChanged, this, qOverload<>(&QWidget::update));
    updateLayout();
}

void RunTimeline::setPlan(TimelinePlan plan)
{
    m_plan = std::move(plan);
    m_rowOffsets.clear();
    m_rowOffsets.reserve(m_plan.rows.size() + 1);
    int offset = 0;
    for (const TimelineRow& row : std::as_const(m_plan.rows)) {
        m_rowOffsets.append(offset);
        offset += row.lanes * LaneHeight + 2 * RowPadding;
    }
    m_rowOffsets.append(offset);
    updateLayout();
    update();
}

void RunTimeline::setPlaceholderText(const QString& text)
{
    if (text == m_placeholder)
        return;
    m_placeholder = text;
    update();
}

int RunTimeline::contentHeight() const
{
    return m_rowOffsets.isEmpty() ? 0 : m_rowOffsets.last();
}

void RunTimeline::updateLayout()
{
    const QFontMetrics metrics(font());
    int widest = metrics.horizontalAdvance(tr("missed"));
    for (const TimelineRow& row : std::as_const(m_plan.rows))
        widest = std::max(widest, metrics.horizontalAdvance(row.name));
    m_labelWidth = std::min(MaxLabelWidth, widest + 10);
    const int top = TopMargin + MissedLaneHeight + 2;
    const int axis = metrics.height() + 6;
    const int available = std::max(10, height() - top - axis);
    const bool scrolls = contentHeight() > available;
    const int scrollWidth = scrolls ? m_scroll->sizeHint().width() : 0;
    m_plot = QRect(m_labelWidth, top, std::max(10, width() - m_labelWidth - scrollWidth - 6), available);
    m_scroll->setVisible(scrolls);
    m_scroll->setGeometry(width() - scrollWidth, top, scrollWidth, available);
    m_scroll->setRange(0, std::max(0, contentHeight() - available));
    m_scroll->setPageStep(available);
    m_scroll->setSingleStep(LaneHeight + 2 * RowPadding);
}

double RunTimeline::xOf(qint64 ms) const
{
    const double span = double(std::max<qint64>(1, m_plan.toMs - m_plan.fromMs));
    return m_plot.left() + double(ms - m_plan.fromMs) * m_plot.width() / span;
}

int RunTimeline::rowTop(int row) const
{
    return m_plot.top() + m_rowOffsets.value(row) - (!m_scroll->isHidden() ? m_scroll->value() : 0);
}

int RunTimeline::rowHeight(int row) const
{
    return m_rowOffsets.value(row + 1) - m_rowOffsets.value(row);
}

QRectF RunTimeline::barRectOf(int row, const TimelineBar& bar) const
{
    double left = std::max(xOf(bar.startMs), double(m_plot.left()));
    double right = std::min(xOf(bar.endMs), double(m_plot.right() + 1));
    if (right - left < MinBarWidth) {
        left = std::min(left, double(m_plot.right() + 1) - MinBarWidth);
        right = left + MinBarWidth;
    }
    const double top = rowTop(row) + RowPadding + bar.lane * LaneHeight + 1;
    return QRectF(left, top, right - left, LaneHeight - 2);
}

QRectF RunTimeline::barRect(qint64 runId) const
{
    for (int row = 0; row < m_plan.rows.size(); ++row) {
        for (const TimelineBar& bar : m_plan.rows[row].bars) {
            if (bar.runId != runId)
                continue;
            const QRectF rect = barRectOf(row, bar);
            return rect.intersects(QRectF(m_plot)) ? rect : QRectF();
        }
    }
    return {};
}

QRectF RunTimeline::missedRect(int index) const
{
    if (index < 0 || index >= m_plan.missed.size())
        return {};
    const double x = std::floor(xOf(m_plan.missed[index].slotMs)) + 0.5;
    return QRectF(x - 4, TopMargin, 8, MissedLaneHeight);
}

std::optional<RunTimeline::Hit> RunTimeline::hitAt(const QPointF& pos) const
{
    if (pos.y() < m_plot.top()) {
        // The tick nearest the point, within a few pixels of it.
        std::optional<Hit> nearest;
        double best = 5.0;
        for (int i = 0; i < m_plan.missed.size(); ++i) {
            const double distance = std::abs(missedRect(i).center().x() - pos.x());
            if (distance <= best) {
                best = distance;
                nearest = Hit { -1, i };
            }
        }
        return nearest;
    }
    if (!m_plot.contains(pos.toPoint()))
        return std::nullopt;
    const auto below = std::upper_bound(m_rowOffsets.cbegin(), m_rowOffsets.cend(), int(pos.y()) - rowTop(0));
    const int row = int(below - m_rowOffsets.cbegin()) - 1;
    if (row < 0 || row >= m_plan.rows.size())
        return std::nullopt;
    const QList<TimelineBar>& bars = m_plan.rows[row].bars;
    // The last drawn is on top; a thin bar is hit a pixel either side.
    for (int i = int(bars.size()) - 1; i >= 0; --i) {
        if (barRectOf(row, bars[i]).adjusted(-1, 0, 1, 0).contains(pos))
            return Hit { row, i };
    }
    return std::nullopt;
}

QString RunTimeline::toolTipAt(const QPointF& pos) const
{
    const std::optional<Hit> hit = hitAt(pos);
    if (!hit)
        return {};
    if (hit->row < 0)
        return ScheduledTimeline::toolTip(m_plan.missed[hit->index]);
    const TimelineRow& row = m_plan.rows[hit->row];
    return ScheduledTimeline::toolTip(row.bars[hit->index], row.name);
}

bool RunTimeline::event(QEvent* event)
{
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    const auto* help = static_cast<QHelpEvent*>(event);
    const QString text = toolTipAt(help->pos());
    if (text.isEmpty()) {
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    // Task and instance names and errors are the instances' own text: shown as written.
    QToolTip::showText(help->globalPos(), PlainToolTips::literal(text), this, QRect(help->pos(), QSize(1, 1)));
    return true;
}

void RunTimeline::mousePressEvent(QMouseEvent* event)
{
    const std::optional<Hit> hit = event->button() == Qt::LeftButton ? hitAt(event->position()) : std::nullopt;
    if (hit && hit->row >= 0) {
        Q_EMIT runClicked(m_plan.rows[hit->row].serverId);
        event->accept();
    }
    QWidget::mousePressEvent(event);
}

void RunTimeline::wheelEvent(QWheelEvent* event)
{
    // The plain wheel scrolls the rows; with Shift or Ctrl it is the chart's (time and zoom).
    if (event->modifiers() != Qt::NoModifier || event->angleDelta().x() != 0 || m_scroll->isHidden())
        return QWidget::wheelEvent(event);
    m_scroll->setValue(m_scroll->value() - event->angleDelta().y() * m_scroll->singleStep() / 40);
    event->accept();
}

void RunTimeline::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    updateLayout();
}

void RunTimeline::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    paintMissed(painter);
    paintTimeAxis(painter); // its grid under the rows
    paintRows(painter);
    if (m_plan.nowMs >= m_plan.fromMs && m_plan.nowMs <= m_plan.toMs) {
        const double x = std::floor(xOf(m_plan.nowMs)) + 0.5;
        painter.setPen(
            QPen(mix(palette().color(QPalette::Base), palette().color(QPalette::Text), 0.5), 1.0, Qt::DashLine));
        painter.drawLine(QPointF(x, TopMargin), QPointF(x, m_plot.bottom()));
    }
    if (m_plan.rows.isEmpty() && !m_placeholder.isEmpty()) {
        painter.setPen(mix(palette().color(QPalette::Base), palette().color(QPalette::Text), 0.6));
        painter.drawText(m_plot, Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
    }
}

void RunTimeline::paintRows(QPainter& painter) const
{
    painter.save();
    painter.setClipRect(QRect(0, m_plot.top(), width(), m_plot.height()));
    const QColor text = palette().color(QPalette::Text);
    const QFontMetrics metrics(font());
    for (int row = 0; row < m_plan.rows.size(); ++row) {
        const int top = rowTop(row);
        const int height = rowHeight(row);
        if (top + height < m_plot.top() || top > m_plot.bottom())
            continue; // scrolled out of sight
        if (row % 2 == 1) {
            QColor shade = text;
            shade.setAlphaF(0.05f);
            painter.fillRect(QRect(0, top, m_plot.right() + 1, height), shade);
        }
        painter.setPen(text);
        const QString name = metrics.elidedText(m_plan.rows[row].name, Qt::ElideMiddle, m_labelWidth - 8);
        painter.drawText(QRect(4, top, m_labelWidth - 8, std::min(height, LaneHeight + 2 * RowPadding)),
            Qt::AlignLeft | Qt::AlignVCenter, name);
        painter.save();
        // The row's own height, within the rows' area; a glyph may sit just after the plot's end.
        painter.setClipRect(QRect(m_plot.left(), top, m_plot.width() + 40, height), Qt::IntersectClip);
        for (const TimelineBar& bar : m_plan.rows[row].bars)
            paintBar(painter, barRectOf(row, bar), bar);
        painter.restore();
    }
    painter.restore();
}

void RunTimeline::paintBar(QPainter& painter, const QRectF& rect, const TimelineBar& bar) const
{
    const QColor base = palette().color(QPalette::Base);
    const QColor failing = statusColour("failing");
    switch (bar.outcome) {
    case TimelineBar::Outcome::Ok:
        painter.fillRect(rect, mix(statusColour("ok"), base, 0.35));
        break;
    case TimelineBar::Outcome::Running:
        painter.fillRect(rect, statusColour("ok"));
        break;
    case TimelineBar::Outcome::Failed:
        painter.fillRect(rect, failing);
        break;
    case TimelineBar::Outcome::Abandoned:
        // Hatched: it will never finish; it reaches now only because nothing ended it.
        painter.fillRect(rect, mix(failing, base, 0.75));
        painter.fillRect(rect, QBrush(failing, Qt::BDiagPattern));
        painter.setPen(QPen(failing, 1.0, Qt::DashLine));
        painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5));
        break;
    }
    const QFontMetrics metrics(font());
    const QString label
        = bar.outcome == TimelineBar::Outcome::Abandoned ? tr("%1 (abandoned)").arg(bar.task) : bar.task;
    if (rect.width() > metrics.horizontalAdvance(label) + 24) {
        painter.setPen(bar.outcome == TimelineBar::Outcome::Ok || bar.outcome == TimelineBar::Outcome::Abandoned
                ? palette().color(QPalette::Text)
                : QColor(Qt::white));
        painter.drawText(rect.adjusted(3, 0, -3, 0), Qt::AlignLeft | Qt::AlignVCenter, label);
    }
    paintBarMarks(painter, rect, bar);
}

void RunTimeline::paintBarMarks(QPainter& painter, const QRectF& rect, const TimelineBar& bar) const
{
    if (bar.duplicate) {
        painter.setPen(QPen(statusColour("degraded"), 2.0));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(rect.adjusted(1, 1, -1, -1));
    }
    // The glyphs sit at the bar's end, inside a wide bar and just after a thin one.
    QStringList glyphs;
    QList<QColor> colours;
    if (bar.outcome == TimelineBar::Outcome::Failed || bar.outcome == TimelineBar::Outcome::Abandoned) {
        glyphs << StatusStyle::forStatus(u"failing"_s).glyph;
        colours << statusColour("failing");
    }
    if (bar.duplicate) {
        glyphs << StatusStyle::forStatus(u"degraded"_s).glyph;
        colours << statusColour("degraded");
    }
    if (bar.outcome == TimelineBar::Outcome::Running) {
        glyphs << u"\u25b6"_s;
        colours << statusColour("ok");
    }
    const QFontMetrics metrics(font());
    double x = rect.right() + 2;
    const double needed = glyphs.size() * (metrics.horizontalAdvance(u"\u25b2"_s) + 2);
    const bool inside = rect.width() > needed + 8 && bar.outcome != TimelineBar::Outcome::Running;
    if (inside)
        x = rect.right() - needed - 1;
    for (qsizetype i = 0; i < glyphs.size(); ++i) {
        const bool light = inside && bar.outcome == TimelineBar::Outcome::Failed;
        painter.setPen(light ? QColor(Qt::white) : colours[i]);
        painter.drawText(QPointF(x, rect.center().y() + metrics.ascent() / 2.0 - 1), glyphs[i]);
        x += metrics.horizontalAdvance(glyphs[i]) + 2;
    }
}

void RunTimeline::paintMissed(QPainter& painter) const
{
    const QColor text = palette().color(QPalette::Text);
    const QColor muted = mix(palette().color(QPalette::Base), text, 0.55);
    const QRect lane(m_plot.left(), TopMargin, m_plot.width(), MissedLaneHeight);
    painter.fillRect(
        QRect(0, TopMargin, m_plot.right() + 1, MissedLaneHeight), mix(palette().color(QPalette::Base), text, 0.03));
    painter.setPen(muted);
    painter.drawText(
        QRect(4, TopMargin, m_labelWidth - 8, MissedLaneHeight), Qt::AlignLeft | Qt::AlignVCenter, tr("missed"));
    painter.save();
    painter.setClipRect(lane.adjusted(-5, 0, 5, 0));
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor degraded = statusColour("degraded");
    for (int i = 0; i < m_plan.missed.size(); ++i) {
        const QRectF mark = missedRect(i);
        // A downward triangle over a tick: the slot's time, and a shape that reads without colour.
        QPainterPath triangle;
        triangle.moveTo(mark.left(), mark.top() + 1);
        triangle.lineTo(mark.right(), mark.top() + 1);
        triangle.lineTo(mark.center().x(), mark.top() + 8);
        triangle.closeSubpath();
        painter.fillPath(triangle, degraded);
        painter.setPen(QPen(degraded, 1.5));
        painter.drawLine(QPointF(mark.center().x(), mark.top() + 8), QPointF(mark.center().x(), mark.bottom()));
    }
    painter.restore();
}

void RunTimeline::paintTimeAxis(QPainter& painter) const
{
    static const qint64 steps[] = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600 };
    const int maxTicks = std::max(2, m_plot.width() / 85);
    const qint64 spanS = std::max<qint64>(1, (m_plan.toMs - m_plan.fromMs) / 1000);
    qint64 step = steps[std::size(steps) - 1];
    for (qint64 s : steps) {
        if (spanS / s <= maxTicks) {
            step = s;
            break;
        }
    }
    const qint64 stepMs = step * 1000;
    const qint64 offsetMs = qint64(QDateTime::fromMSecsSinceEpoch(m_plan.fromMs).offsetFromUtc()) * 1000;
    const QString format = step < 60 ? u"HH:mm:ss"_s : u"HH:mm"_s;
    const QFontMetrics metrics(font());
    const QColor text = palette().color(QPalette::Text);
    const QColor grid = mix(palette().color(QPalette::Base), text, 0.12);
    const int bottom = m_plot.bottom() + 1;
    painter.setPen(mix(palette().color(QPalette::Base), text, 0.45));
    painter.drawLine(QPointF(m_plot.left(), bottom + 0.5), QPointF(m_plot.right(), bottom + 0.5));
    for (qint64 tick = ((m_plan.fromMs + offsetMs + stepMs - 1) / stepMs) * stepMs - offsetMs; tick <= m_plan.toMs;
         tick += stepMs) {
        const double x = std::floor(xOf(tick)) + 0.5;
        painter.setPen(QPen(grid, 1.0));
        painter.drawLine(QPointF(x, m_plot.top()), QPointF(x, bottom));
        painter.setPen(QPen(mix(palette().color(QPalette::Base), text, 0.45), 1.0));
        painter.drawLine(QPointF(x, bottom + 1), QPointF(x, bottom + 4));
        const QString label = QDateTime::fromMSecsSinceEpoch(tick).toString(format);
        const double labelWidth = metrics.horizontalAdvance(label);
        const double left = std::clamp(x - labelWidth / 2, 0.0, double(width()) - labelWidth);
        painter.setPen(text);
        painter.drawText(QPointF(left, bottom + 4 + metrics.ascent()), label);
    }
}

} // namespace Paddock
