#include "latencychart.h"

#include "chartpalette.h"
#include "farmhistory.h"
#include "heatmapchart.h"

#include <algorithm>
#include <cmath>
#include <QBoxLayout>
#include <QComboBox>
#include <QEvent>

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

// The percentiles over the heatmap: apart from the scale's colours (viridis has no orange or pink).
QColor heatmapLineColour(LatencyChart::Percentile percentile)
{
    return percentile == LatencyChart::Percentile::P95 ? QColor(0xd5, 0x5e, 0x00) : QColor(0xcc, 0x79, 0xa7);
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
    m_viewBox = new QComboBox(this);
    m_viewBox->addItem(tr("Heatmap"), int(View::Heatmap));
    m_viewBox->addItem(tr("Lines"), int(View::Lines));
    m_viewBox->setToolTip(tr("Deliveries per second by latency (heatmap), or the percentiles as lines"));
    addHeaderWidget(m_percentileBox);
    addHeaderWidget(m_viewBox);
    addHeaderWidget(m_modeBox);
    followModeBox(this, m_modeBox);
    connect(m_percentileBox, &QComboBox::activated, this,
        [this](int index) { setPercentile(Percentile(m_percentileBox->itemData(index).toInt())); });
    connect(m_viewBox, &QComboBox::activated, this,
        [this](int index) { setView(View(m_viewBox->itemData(index).toInt())); });

    // The heatmap takes the place of the line chart, under the same header and window.
    m_heatmap = new HeatmapChart(this);
    m_heatmap->setCellInstances(
        [this](qint64 fromS, qint64 toS, int bucket) { return instancesIn(fromS, toS, bucket); });
    auto* box = qobject_cast<QBoxLayout*>(layout());
    Q_ASSERT(box);
    box->addWidget(m_heatmap, 1);
    m_heatmap->installEventFilter(this);
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

void LatencyChart::setServerNames(const QHash<qint64, QString>& names)
{
    m_names = names;
}

void LatencyChart::setView(View view)
{
    m_viewBox->setCurrentIndex(m_viewBox->findData(int(view)));
    if (view == m_view)
        return;
    m_view = view;
    updateControls();
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
    m_percentileBox->setVisible(m_view == View::Lines && m_mode == Mode::Servers && m_serverIds.size() > 1);
    chart()->setVisible(m_view == View::Lines);
    m_heatmap->setVisible(m_view == View::Heatmap);
}

void LatencyChart::rebuild(const Window& window)
{
    m_shownHistory = window.history;
    if (m_view == View::Heatmap)
        rebuildHeatmap(window);
    else
        rebuildLines(window);
}

void LatencyChart::rebuildLines(const Window& window)
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

bool LatencyChart::eventFilter(QObject* watched, QEvent* event)
{
    // The history may have moved on (or gone) since the grid was drawn: a tooltip reads it as it is
    // drawn now.
    if (watched == m_heatmap && event->type() == QEvent::ToolTip && rebuildPending())
        rebuildNow();
    return HistoryChart::eventFilter(watched, event);
}

QString LatencyChart::nameOf(qint64 serverId) const
{
    const qsizetype selected = m_serverIds.indexOf(serverId);
    if (selected >= 0 && selected < m_serverNames.size())
        return m_serverNames[selected];
    return m_names.value(serverId, QString::number(serverId));
}

void LatencyChart::rebuildHeatmap(const Window& window)
{
    const FarmHistory* history = window.history;
    const QString farm = FarmHistory::farmScope();
    QList<const LatencyHeatmap*> maps;
    QString linesScope = farm;
    QString linesPrefix;
    QString emptyText = history ? tr("No cache-invalidation deliveries in this window") : tr("Waiting for data\u2026");
    if (m_mode == Mode::Farm) {
        setTitle(tr("Cache-invalidation latency \u2014 farm"));
        maps.append(history ? history->heatmap(farm) : nullptr);
    } else {
        for (qint64 id : std::as_const(m_serverIds))
            maps.append(history ? history->heatmap(FarmHistory::serverScope(id)) : nullptr);
        if (m_serverIds.size() == 1) {
            setTitle(tr("Cache-invalidation latency \u2014 %1").arg(nameOf(m_serverIds[0])));
            linesScope = FarmHistory::serverScope(m_serverIds[0]);
        } else {
            // The percentiles of several instances together are in no series: the farm's are the reference.
            setTitle(tr("Cache-invalidation latency \u2014 %n selected instances", nullptr, int(m_serverIds.size())));
            linesPrefix = tr("farm ");
        }
        if (m_serverIds.isEmpty())
            emptyText = tr("Select instances in the map or the table to see their latency here");
        else
            emptyText = tr("No cache-invalidation deliveries for these instances in this window");
    }
    // The seconds still being counted (a whole time bucket, for the instances of a large farm) would
    // show a dip that is not there: the grid ends before them, as the count lines do.
    int resolution = 1;
    for (const LatencyHeatmap* map : std::as_const(maps))
        resolution = std::max(resolution, map ? map->resolution() : 1);
    const qint64 nowS = window.nowMs / 1000;
    const qint64 counting = nowS - ((nowS % resolution) + resolution) % resolution;
    // Whole columns only: a column partly outside the window would look quieter than it was.
    qint64 fromS = window.firstS;
    qint64 toS = std::min(window.lastS, counting - 1);
    const int width = HeatmapGrid::columnWidthFor(maps, fromS, toS, m_heatmap->plotWidth());
    fromS = (fromS + width - 1) / width * width;
    toS = (toS + 1) / width * width - 1;
    m_heatmap->setTimeRange(window.fromMs, window.toMs);
    m_heatmap->setGrid(HeatmapGrid::ofWidth(maps, fromS, toS, width));
    const int gapS = std::max(10, windowSeconds() / 30);
    QList<HeatmapLine> lines;
    for (Percentile p : { Percentile::P95, Percentile::P99 }) {
        lines.append({ percentileKey(p), linesPrefix + percentileKey(p), heatmapLineColour(p),
            p == Percentile::P95 ? Qt::SolidLine : Qt::DashLine,
            points(window, linesScope, p == Percentile::P95 ? Measure::P95 : Measure::P99, gapS) });
    }
    m_heatmap->setLines(lines);
    m_heatmap->setMarkers(chart()->markers());
    m_heatmap->setPlaceholderText(emptyText);
}

QList<QPair<QString, qint64>> LatencyChart::instancesIn(qint64 fromS, qint64 toS, int bucket)
{
    QList<QPair<QString, qint64>> result;
    if (!m_shownHistory)
        return result;
    QList<qint64> ids;
    if (m_mode == Mode::Servers) {
        ids = m_serverIds;
    } else {
        for (const QString& scope : m_shownHistory->heatmapScopes()) {
            if (FarmHistory::isServerScope(scope))
                ids.append(scope.mid(scope.indexOf(u':') + 1).toLongLong());
        }
    }
    for (qint64 id : std::as_const(ids)) {
        const LatencyHeatmap* map = m_shownHistory->heatmap(FarmHistory::serverScope(id));
        qint64 count = 0;
        if (map)
            map->forEachCell(fromS, toS, [&](qint64, int b, qint64 n) { count += b == bucket ? n : 0; });
        if (count > 0)
            result.append({ nameOf(id), count });
    }
    return result;
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
