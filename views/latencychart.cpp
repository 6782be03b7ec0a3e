#include "latencychart.h"

#include "chartpalette.h"
#include "farmhistory.h"

#include <algorithm>
#include <cmath>
#include <QComboBox>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

constexpr LatencyChart::Percentile AllPercentiles[] = { LatencyChart::Percentile::P50, LatencyChart::Percentile::P95,
    LatencyChart::Percentile::P99, LatencyChart::Percentile::Max };

QColor colourOf(LatencyChart::Percentile percentile)
{
    switch (percentile) {
    case LatencyChart::Percentile::P50:
        return QColor(0x56, 0xb4, 0xe9);
    case LatencyChart::Percentile::P95:
        return QColor(0x00, 0x72, 0xb2);
    case LatencyChart::Percentile::P99:
        return QColor(0xcc, 0x79, 0xa7);
    case LatencyChart::Percentile::Max:
        break;
    }
    return QColor(0xd5, 0x5e, 0x00);
}

} // namespace

LatencyChart::LatencyChart(QWidget* parent)
    : HistoryChart(tr("Cache-invalidation latency"), parent)
{
    m_modeBox = new QComboBox(this);
    m_modeBox->addItem(tr("Farm"), int(Mode::Farm));
    m_modeBox->addItem(tr("Selected instances"), int(Mode::Servers));
    m_modeBox->setToolTip(tr("Farm-wide percentiles, or the instances selected in the map or table"));
    m_percentileBox = new QComboBox(this);
    for (Percentile p : AllPercentiles)
        m_percentileBox->addItem(percentileKey(p), int(p));
    m_percentileBox->setCurrentIndex(1);
    m_percentileBox->setToolTip(tr("The percentile drawn for each selected instance"));
    addHeaderWidget(m_percentileBox);
    addHeaderWidget(m_modeBox);
    followModeBox(this, m_modeBox);
    connect(m_percentileBox, &QComboBox::activated, this,
        [this](int index) { setPercentile(Percentile(m_percentileBox->itemData(index).toInt())); });
    updateControls();
    scheduleRebuild();
}

LatencyChart::~LatencyChart() = default;

QString LatencyChart::percentileKey(Percentile percentile)
{
    switch (percentile) {
    case Percentile::P50:
        return u"p50"_s;
    case Percentile::P95:
        return u"p95"_s;
    case Percentile::P99:
        return u"p99"_s;
    case Percentile::Max:
        break;
    }
    return u"max"_s;
}

void LatencyChart::setMode(Mode mode)
{
    m_modeBox->setCurrentIndex(m_modeBox->findData(int(mode)));
    if (mode == m_mode)
        return;
    m_mode = mode;
    updateControls();
    scheduleRebuild();
}

void LatencyChart::setServers(const QList<qint64>& serverIds, const QStringList& names)
{
    m_serverIds = serverIds;
    m_serverNames = names;
    updateControls();
    if (m_mode == Mode::Servers)
        scheduleRebuild();
}

void LatencyChart::setPercentile(Percentile percentile)
{
    m_percentileBox->setCurrentIndex(m_percentileBox->findData(int(percentile)));
    if (percentile == m_percentile)
        return;
    m_percentile = percentile;
    if (m_mode == Mode::Servers)
        scheduleRebuild();
}

void LatencyChart::updateControls()
{
    // One instance shows all four percentiles: the box only matters for several.
    m_percentileBox->setVisible(m_mode == Mode::Servers && m_serverIds.size() > 1);
}

void LatencyChart::rebuild(const Window& window)
{
    // Seconds without a delivery leave holes; only those wider than a few pixels mean something.
    const int gapS = std::max(10, windowSeconds() / 30);
    QList<Line> lines;
    const QString farm = FarmHistory::farmScope();
    auto measureOf = [](Percentile p) {
        switch (p) {
        case Percentile::P50:
            return Measure::P50;
        case Percentile::P95:
            return Measure::P95;
        case Percentile::P99:
            return Measure::P99;
        case Percentile::Max:
            break;
        }
        return Measure::Max;
    };

    if (m_mode == Mode::Farm) {
        setTitle(tr("Cache-invalidation latency \u2014 farm"));
        for (Percentile p : AllPercentiles) {
            lines.append({ { percentileKey(p), percentileKey(p), colourOf(p),
                               p == Percentile::Max ? Qt::DotLine : Qt::SolidLine, ChartAxis::Left, {} },
                points(window, farm, measureOf(p), gapS) });
        }
        push(lines,
            window.history ? tr("No cache-invalidation deliveries in this window") : tr("Waiting for data\u2026"));
        return;
    }

    const qsizetype shown = std::min<qsizetype>(m_serverIds.size(), MaxServers);
    if (m_serverIds.size() == 1) {
        const QString name = m_serverNames.value(0, QString::number(m_serverIds[0]));
        setTitle(tr("Cache-invalidation latency \u2014 %1").arg(name));
        const QString scope = FarmHistory::serverScope(m_serverIds[0]);
        const QString key = QString::number(m_serverIds[0]);
        for (Percentile p : AllPercentiles) {
            lines.append({ { percentileKey(p) + u':' + key, tr("%1 %2").arg(name, percentileKey(p)), colourOf(p),
                               p == Percentile::Max ? Qt::DotLine : Qt::SolidLine, ChartAxis::Left, {} },
                points(window, scope, measureOf(p), gapS) });
        }
        lines.append({ { u"farm:p95"_s, tr("farm p95"), ChartPalette::reference(), Qt::DashLine, ChartAxis::Left, {} },
            points(window, farm, Measure::P95, gapS) });
    } else {
        const QString pk = percentileKey(m_percentile);
        if (m_serverIds.size() > MaxServers)
            setTitle(tr("Cache-invalidation latency %1 \u2014 first %2 of %3 selected instances")
                         .arg(pk)
                         .arg(shown)
                         .arg(m_serverIds.size()));
        else
            setTitle(tr("Cache-invalidation latency %1 \u2014 selected instances").arg(pk));
        for (qsizetype i = 0; i < shown; ++i) {
            const qint64 id = m_serverIds[i];
            lines.append({ { pk + u':' + QString::number(id), m_serverNames.value(i, QString::number(id)),
                               ChartPalette::series(int(i)), Qt::SolidLine, ChartAxis::Left, {} },
                points(window, FarmHistory::serverScope(id), measureOf(m_percentile), gapS) });
        }
        if (!m_serverIds.isEmpty()) {
            lines.append({ { u"farm:"_s + pk, tr("farm %1").arg(pk), ChartPalette::reference(), Qt::DashLine,
                               ChartAxis::Left, {} },
                points(window, farm, measureOf(m_percentile), gapS) });
        }
    }
    push(lines,
        m_serverIds.isEmpty() ? tr("Select instances in the map or the table to compare them here")
                              : tr("No cache-invalidation deliveries for these instances in this window"));
}

void LatencyChart::push(QList<Line> lines, const QString& emptyText)
{
    double highest = 0.0;
    for (const Line& line : std::as_const(lines))
        highest = std::max(highest, maximum(line.points));
    m_seconds = highest >= SecondsFromMs;
    const QString unit = m_seconds ? tr(" s") : tr(" ms");
    const int decimals = m_seconds ? 1 : (highest < 10.0 ? 1 : 0);
    QList<ChartSeries> series;
    for (Line& line : lines) {
        line.series.unit = unit;
        line.series.decimals = decimals;
        if (m_seconds) {
            for (QPointF& p : line.points)
                p.setY(p.y() / 1000.0);
        }
        series.append(line.series);
    }
    chart()->setSeries(series);
    for (const Line& line : std::as_const(lines))
        chart()->setPoints(line.series.id, line.points);
    chart()->setAxisTitle(ChartAxis::Left, m_seconds ? tr("latency (s)") : tr("latency (ms)"));
    chart()->setPlaceholderText(emptyText);
}

} // namespace Paddock
