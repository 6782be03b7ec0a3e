#include "probelatencychart.h"

#include "chartpalette.h"
#include "farmhistory.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

// Each instance probes each storage every few seconds: a line breaks only after a longer silence.
constexpr int ProbeGapS = 30;

} // namespace

ProbeLatencyChart::ProbeLatencyChart(QWidget* parent)
    : HistoryChart(tr("Storage probe latency"), parent)
{
    setMinimumHeight(180);
    scheduleRebuild();
}

ProbeLatencyChart::~ProbeLatencyChart() = default;

void ProbeLatencyChart::setStorages(const QList<StorageRow>& storages)
{
    bool same = storages.size() == m_storages.size();
    for (qsizetype i = 0; same && i < storages.size(); ++i)
        same = storages[i].id == m_storages[i].id && storages[i].name == m_storages[i].name;
    if (same)
        return;
    m_storages = storages;
    scheduleRebuild();
}

void ProbeLatencyChart::setMeasure(Measure measure)
{
    if (measure == m_measure)
        return;
    m_measure = measure;
    scheduleRebuild();
}

void ProbeLatencyChart::rebuild(const Window& window)
{
    const bool p95 = m_measure == Measure::P95;
    setTitle(p95 ? tr("Storage probe latency (p95 per second)") : tr("Storage probe latency (slowest per second)"));
    QList<ChartSeries> series;
    QList<QList<QPointF>> data;
    double highest = 0.0;
    for (qsizetype i = 0; i < m_storages.size(); ++i) {
        const StorageRow& storage = m_storages[i];
        const QString id = FarmHistory::storageScope(storage.id);
        series.append({ id, storage.name, ChartPalette::series(int(i)), Qt::SolidLine, ChartAxis::Left, {} });
        data.append(points(window, id, p95 ? HistoryChart::Measure::P95 : HistoryChart::Measure::Max,
            std::max(ProbeGapS, windowSeconds() / 30)));
        highest = std::max(highest, maximum(data.last()));
    }
    const bool seconds = highest >= 10000.0;
    for (ChartSeries& s : series) {
        s.unit = seconds ? tr(" s") : tr(" ms");
        s.decimals = seconds || highest < 10.0 ? 1 : 0;
    }
    chart()->setSeries(series);
    for (qsizetype i = 0; i < series.size(); ++i) {
        QList<QPointF> values = data[i];
        if (seconds) {
            for (QPointF& p : values)
                p.setY(p.y() / 1000.0);
        }
        chart()->setPoints(series[i].id, values);
    }
    chart()->setAxisTitle(ChartAxis::Left, seconds ? tr("probe latency (s)") : tr("probe latency (ms)"));
    chart()->setPlaceholderText(
        m_storages.isEmpty() ? tr("No shared storage registered") : tr("No storage probes in this window"));
}

} // namespace Paddock
