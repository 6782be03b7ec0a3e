#include "instancelatencybars.h"

#include "displayformat.h"
#include "statusstyle.h"

#include <algorithm>
#include <cmath>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

constexpr int Margin = 6;

} // namespace

InstanceLatencyBars::InstanceLatencyBars(QWidget* parent)
    : QAbstractScrollArea(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    viewport()->setMouseTracking(true);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    setAccessibleName(tr("Cache-invalidation latency per instance"));

    m_header = new QWidget(this);
    auto* layout = new QHBoxLayout(m_header);
    layout->setContentsMargins(Margin, 2, 2, 2);
    m_caption = new QLabel(m_header);
    m_caption->setTextFormat(Qt::RichText);
    m_metricBox = new QComboBox(m_header);
    m_metricBox->addItem(tr("p95"), int(Metric::P95));
    m_metricBox->addItem(tr("p99"), int(Metric::P99));
    m_metricBox->addItem(tr("max"), int(Metric::Max));
    m_metricBox->setToolTip(tr("Which figure of each instance's latency the bars show"));
    layout->addWidget(m_caption, 1);
    layout->addWidget(m_metricBox);
    connect(m_metricBox, &QComboBox::activated, this,
        [this](int index) { setMetric(Metric(m_metricBox->itemData(index).toInt())); });
    updateHeader();
}

InstanceLatencyBars::~InstanceLatencyBars() = default;

void InstanceLatencyBars::setSnapshot(const FarmSnapshot& snapshot)
{
    const qint64 current = m_current >= 0 && m_current < m_rows.size() ? m_rows[m_current].figures.server.id : -1;
    m_all.clear();
    m_all.reserve(snapshot.servers.size());
    for (const ServerFigures& figures : snapshot.servers)
        m_all.append({ figures, {} });
    m_farmLatency = snapshot.farm.cacheLatency;
    m_windowS = snapshot.windowS;
    resort();
    m_current = current >= 0 ? indexOf(current) : -1;
}

void InstanceLatencyBars::setMetric(Metric metric)
{
    m_metricBox->setCurrentIndex(m_metricBox->findData(int(metric)));
    if (metric == m_metric)
        return;
    const qint64 current = m_current >= 0 && m_current < m_rows.size() ? m_rows[m_current].figures.server.id : -1;
    m_metric = metric;
    resort();
    m_current = current >= 0 ? indexOf(current) : -1;
}

void InstanceLatencyBars::setSelectedServers(const QList<qint64>& serverIds)
{
    m_selected = QSet<qint64>(serverIds.cbegin(), serverIds.cend());
    viewport()->update();
}

std::optional<double> InstanceLatencyBars::valueOf(const LatencyStats& stats) const
{
    switch (m_metric) {
    case Metric::P95:
        return stats.p95;
    case Metric::P99:
        return stats.p99;
    case Metric::Max:
        break;
    }
    return stats.max;
}

QString InstanceLatencyBars::metricName() const
{
    return m_metricBox->currentText();
}

void InstanceLatencyBars::resort()
{
    for (Row& row : m_all)
        row.value = valueOf(row.figures.cacheLatency);
    // Slowest first; nothing to measure last; names break ties so that rows do not jump around.
    // Only the shown ones are put in order: a farm of 10,000 shows its slowest 100.
    const auto slower = [](const Row& a, const Row& b) {
        if (a.value.has_value() != b.value.has_value())
            return a.value.has_value();
        if (a.value && *a.value != *b.value)
            return *a.value > *b.value;
        return QString::localeAwareCompare(a.figures.server.name, b.figures.server.name) < 0;
    };
    m_rows = m_all;
    const qsizetype shown = std::min<qsizetype>(m_rows.size(), MaxRows);
    std::partial_sort(m_rows.begin(), m_rows.begin() + shown, m_rows.end(), slower);
    m_rows.resize(shown);
    updateHeader();
    updateScrollBar();
    viewport()->update();
}

QString InstanceLatencyBars::moreText() const
{
    const int hidden = hiddenCount();
    if (hidden <= 0)
        return {};
    return (hidden == 1 ? tr("1 more instance, faster: all of them in the instances table")
                        : tr("%1 more instances, faster: all of them in the instances table"))
        .arg(Format::integer(hidden));
}

QRect InstanceLatencyBars::moreRect() const
{
    if (hiddenCount() <= 0)
        return {};
    return QRect(0, int(m_rows.size()) * rowHeight() - verticalScrollBar()->value(), viewport()->width(), rowHeight());
}

void InstanceLatencyBars::updateHeader()
{
    QString text = tr("<b>Latency per instance</b> \u00b7 %1 s").arg(m_windowS);
    const std::optional<double> farm = valueOf(m_farmLatency);
    if (farm)
        text += tr(" \u00b7 farm <b>%1</b> \u2506").arg(Format::compactMilliseconds(farm));
    m_caption->setText(text);
    m_caption->setToolTip(tr("Cache-invalidation latency of each instance over the last %1 s, slowest first; the "
                             "dashed line is the farm's figure. Instances with nothing to measure are at the bottom.")
                              .arg(m_windowS));
}

int InstanceLatencyBars::rowHeight() const
{
    return fontMetrics().height() + 8;
}

void InstanceLatencyBars::updateScrollBar()
{
    const int total = (int(m_rows.size()) + (hiddenCount() > 0 ? 1 : 0)) * rowHeight();
    verticalScrollBar()->setRange(0, std::max(0, total - viewport()->height()));
    verticalScrollBar()->setPageStep(viewport()->height());
    verticalScrollBar()->setSingleStep(rowHeight());
}

int InstanceLatencyBars::rowAt(const QPoint& pos) const
{
    if (pos.y() < 0)
        return -1;
    const int row = (pos.y() + verticalScrollBar()->value()) / rowHeight();
    return row >= 0 && row < m_rows.size() ? row : -1;
}

int InstanceLatencyBars::indexOf(qint64 serverId) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].figures.server.id == serverId)
            return int(i);
    }
    return -1;
}

QList<qint64> InstanceLatencyBars::serverOrder() const
{
    QList<qint64> ids;
    for (const Row& row : m_rows)
        ids.append(row.figures.server.id);
    return ids;
}

QString InstanceLatencyBars::rowText(qint64 serverId) const
{
    const int index = indexOf(serverId);
    if (index < 0)
        return {};
    const Row& row = m_rows[index];
    return u"%1 %2 %3"_s.arg(row.figures.server.name, StatusStyle::forStatus(statusName(row.figures.status)).glyph,
        Format::compactMilliseconds(row.value));
}

QRect InstanceLatencyBars::rowRect(qint64 serverId) const
{
    const int index = indexOf(serverId);
    if (index < 0)
        return {};
    return QRect(0, index * rowHeight() - verticalScrollBar()->value(), viewport()->width(), rowHeight());
}

void InstanceLatencyBars::scrollToServer(qint64 serverId)
{
    const int index = indexOf(serverId);
    if (index < 0)
        return;
    const int top = index * rowHeight();
    QScrollBar* bar = verticalScrollBar();
    if (top < bar->value())
        bar->setValue(top);
    else if (top + rowHeight() > bar->value() + viewport()->height())
        bar->setValue(top + rowHeight() - viewport()->height());
}

QImage InstanceLatencyBars::grabImage()
{
    return grab().toImage();
}

QSize InstanceLatencyBars::sizeHint() const
{
    const int rows = std::clamp(int(m_rows.size()), 4, 14);
    return { 420, m_header->sizeHint().height() + rows * rowHeight() + 2 * frameWidth() };
}

QSize InstanceLatencyBars::minimumSizeHint() const
{
    return { 240, m_header->sizeHint().height() + 3 * rowHeight() };
}

InstanceLatencyBars::Columns InstanceLatencyBars::measureColumns() const
{
    const QFontMetrics metrics = fontMetrics();
    const int width = viewport()->width();
    Columns columns;
    for (const Row& row : std::as_const(m_rows))
        columns.nameWidth = std::max(columns.nameWidth, metrics.horizontalAdvance(row.figures.server.name));
    // + 2: advances are rounded, and elidedText() elides a text exactly as wide as the room.
    columns.nameWidth = std::min(columns.nameWidth + 2, std::max(60, width * 2 / 5));
    columns.glyphX = Margin + columns.nameWidth + 6;
    columns.barLeft = columns.glyphX + metrics.horizontalAdvance(u"\u2716"_s) + 8;
    const int valueWidth = metrics.horizontalAdvance(u"9,999 ms"_s) + 8;
    columns.barSpan = std::max(10, width - columns.barLeft - valueWidth - Margin);
    for (const Row& row : std::as_const(m_rows)) {
        if (row.value)
            columns.highest = std::max(columns.highest, *row.value);
    }
    return columns;
}

void InstanceLatencyBars::paintEvent(QPaintEvent* /*event*/)
{
    QPainter painter(viewport());
    painter.setRenderHint(QPainter::Antialiasing);
    if (m_rows.isEmpty()) {
        QColor muted = palette().color(QPalette::Text);
        muted.setAlphaF(0.55f);
        painter.setPen(muted);
        painter.drawText(viewport()->rect(), Qt::AlignCenter, tr("No instances"));
        return;
    }

    const Columns columns = measureColumns();
    const int h = rowHeight();
    const int scroll = verticalScrollBar()->value();
    const int first = std::max(0, scroll / h);
    const int last = std::min(int(m_rows.size()) - 1, (scroll + viewport()->height()) / h);
    for (int i = first; i <= last; ++i)
        paintRow(painter, i, columns);

    if (const QRect more = moreRect(); more.isValid() && more.intersects(viewport()->rect())) {
        QFont link = font();
        link.setUnderline(true);
        painter.setFont(link);
        painter.setPen(palette().color(QPalette::Link));
        painter.drawText(more.adjusted(Margin, 0, -Margin, 0), Qt::AlignVCenter | Qt::AlignLeft,
            fontMetrics().elidedText(moreText(), Qt::ElideRight, std::max(0, viewport()->width() - 2 * Margin)));
    }

    const std::optional<double> farm = valueOf(m_farmLatency);
    if (farm && columns.highest > 0.0 && *farm <= columns.highest) {
        const double x = std::round(columns.barLeft + *farm / columns.highest * columns.barSpan) + 0.5;
        QColor line = palette().color(QPalette::Text);
        line.setAlphaF(0.5f);
        painter.setPen(QPen(line, 1.0, Qt::DashLine));
        const int bottom = std::min(viewport()->height(), int(m_rows.size()) * h - scroll);
        painter.drawLine(QPointF(x, 0), QPointF(x, bottom));
    }
}

void InstanceLatencyBars::paintRow(QPainter& painter, int index, const Columns& columns) const
{
    const QPalette& pal = palette();
    const QColor text = pal.color(QPalette::Text);
    QColor muted = text;
    muted.setAlphaF(0.55f);
    const QFontMetrics metrics = fontMetrics();
    const int h = rowHeight();
    const int width = viewport()->width();
    const Row& row = m_rows[index];
    const QRect rect(0, index * h - verticalScrollBar()->value(), width, h);
    const StatusStyle style = StatusStyle::forStatus(statusName(row.figures.status));
    if (m_selected.contains(row.figures.server.id)) {
        QColor selection = pal.color(QPalette::Highlight);
        selection.setAlphaF(0.25f);
        painter.fillRect(rect, selection);
    } else if (index == m_hover) {
        QColor hover = text;
        hover.setAlphaF(0.06f);
        painter.fillRect(rect, hover);
    }
    if (index == m_current && hasFocus()) {
        painter.setPen(QPen(pal.color(QPalette::Highlight), 1.0, Qt::DashLine));
        painter.drawRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5));
    }

    painter.setFont(font());
    painter.setPen(row.value ? text : muted);
    const QString& name = row.figures.server.name;
    const int nameWidth = columns.nameWidth;
    painter.drawText(QRect(Margin, rect.top(), nameWidth, h), Qt::AlignVCenter | Qt::AlignLeft,
        metrics.horizontalAdvance(name) <= nameWidth ? name : metrics.elidedText(name, Qt::ElideMiddle, nameWidth));
    painter.setPen(style.colour);
    painter.drawText(QRect(columns.glyphX, rect.top(), columns.barLeft - columns.glyphX, h),
        Qt::AlignVCenter | Qt::AlignLeft, style.glyph);

    int valueX = columns.barLeft;
    if (row.value && columns.highest > 0.0) {
        const double length = std::max(2.0, *row.value / columns.highest * columns.barSpan);
        const QRectF bar(columns.barLeft, rect.top() + 4, length, h - 8);
        QColor fill = style.colour;
        painter.setPen(Qt::NoPen);
        painter.setBrush(fill);
        painter.drawRoundedRect(bar, 2, 2);
        valueX = int(std::ceil(bar.right())) + 5;
    }
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(index == 0 && row.value ? bold : font());
    painter.setPen(row.value ? text : muted);
    painter.drawText(QRect(valueX, rect.top(), width - valueX, h), Qt::AlignVCenter | Qt::AlignLeft,
        Format::compactMilliseconds(row.value));
}

void InstanceLatencyBars::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    const int headerHeight = m_header->sizeHint().height();
    setViewportMargins(0, headerHeight, 0, 0);
    const QRect frame = contentsRect();
    m_header->setGeometry(frame.left(), frame.top(), frame.width(), headerHeight);
    updateScrollBar();
}

void InstanceLatencyBars::mouseMoveEvent(QMouseEvent* event)
{
    const int row = rowAt(event->position().toPoint());
    if (row != m_hover) {
        m_hover = row;
        viewport()->setCursor(row >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
        viewport()->update();
    }
    QAbstractScrollArea::mouseMoveEvent(event);
}

void InstanceLatencyBars::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton
        && (rowAt(event->position().toPoint()) >= 0 || moreRect().contains(event->position().toPoint())))
        return event->accept();
    QAbstractScrollArea::mousePressEvent(event);
}

void InstanceLatencyBars::mouseReleaseEvent(QMouseEvent* event)
{
    const int row = event->button() == Qt::LeftButton ? rowAt(event->position().toPoint()) : -1;
    if (row < 0 && event->button() == Qt::LeftButton && moreRect().contains(event->position().toPoint())) {
        Q_EMIT moreClicked();
        return event->accept();
    }
    if (row < 0)
        return QAbstractScrollArea::mouseReleaseEvent(event);
    setCurrent(row);
    Q_EMIT serverClicked(m_rows[row].figures.server.id);
}

void InstanceLatencyBars::setCurrent(int row)
{
    if (m_rows.isEmpty())
        return;
    m_current = std::clamp(row, 0, int(m_rows.size()) - 1);
    scrollToServer(m_rows[m_current].figures.server.id);
    viewport()->update();
}

void InstanceLatencyBars::keyPressEvent(QKeyEvent* event)
{
    const int page = std::max(1, viewport()->height() / rowHeight() - 1);
    switch (event->key()) {
    case Qt::Key_Up:
        setCurrent(m_current < 0 ? 0 : m_current - 1);
        break;
    case Qt::Key_Down:
        setCurrent(m_current + 1);
        break;
    case Qt::Key_PageUp:
        setCurrent(m_current - page);
        break;
    case Qt::Key_PageDown:
        setCurrent(m_current + page);
        break;
    case Qt::Key_Home:
        setCurrent(0);
        break;
    case Qt::Key_End:
        setCurrent(int(m_rows.size()) - 1);
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space:
        if (m_current < 0 || m_current >= m_rows.size())
            return QAbstractScrollArea::keyPressEvent(event);
        Q_EMIT serverClicked(m_rows[m_current].figures.server.id);
        break;
    default:
        return QAbstractScrollArea::keyPressEvent(event);
    }
    event->accept();
}

void InstanceLatencyBars::changeEvent(QEvent* event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        updateScrollBar();
        viewport()->update();
    }
}

QString InstanceLatencyBars::tooltipFor(const Row& row) const
{
    const ServerFigures& f = row.figures;
    const StatusStyle style = StatusStyle::forStatus(statusName(f.status));
    QString tip = u"<b>%1</b>"_s.arg(f.server.name.toHtmlEscaped());
    if (!f.server.host.isEmpty())
        tip += u" \u00b7 %1"_s.arg(f.server.host.toHtmlEscaped());
    tip += u"<br><span style=\"color:%1\">%2</span> %3"_s.arg(style.colour.name(), style.glyph, style.label);
    const LatencyStats& l = f.cacheLatency;
    tip += tr("<br>Cache-invalidation latency, last %1 s:<br>p50 %2 \u00b7 p95 %3 \u00b7 p99 %4 \u00b7 max %5 "
              "(%6 deliveries)")
               .arg(m_windowS)
               .arg(Format::compactMilliseconds(l.p50), Format::compactMilliseconds(l.p95),
                   Format::compactMilliseconds(l.p99), Format::compactMilliseconds(l.max), Format::integer(l.count));
    if (!f.reasons.isEmpty())
        for (const QString& reason : f.reasons)
            tip += u"<br>"_s + reason.toHtmlEscaped();
    tip += tr("<br><i>Click to select</i>");
    return tip;
}

bool InstanceLatencyBars::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int row = rowAt(help->pos());
        if (row >= 0)
            QToolTip::showText(help->globalPos(), tooltipFor(m_rows[row]), viewport());
        else
            QToolTip::hideText();
        return true;
    }
    if (event->type() == QEvent::Leave && m_hover >= 0) {
        m_hover = -1;
        viewport()->update();
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void InstanceLatencyBars::focusInEvent(QFocusEvent* event)
{
    QAbstractScrollArea::focusInEvent(event);
    if (m_current < 0 && !m_rows.isEmpty())
        m_current = 0;
    viewport()->update();
}

void InstanceLatencyBars::focusOutEvent(QFocusEvent* event)
{
    QAbstractScrollArea::focusOutEvent(event);
    viewport()->update();
}

} // namespace Paddock
