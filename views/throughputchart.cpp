#include "throughputchart.h"

#include "chartpalette.h"
#include "farmhistory.h"

#include <algorithm>
#include <QComboBox>

using namespace Qt::StringLiterals;

namespace Paddock {

ThroughputChart::ThroughputChart(QWidget* parent)
    : HistoryChart(tr("Throughput"), parent)
{
    m_modeBox = new QComboBox(this);
    m_modeBox->addItem(tr("Farm"), int(Mode::Farm));
    m_modeBox->addItem(tr("Selected instances"), int(Mode::Servers));
    m_modeBox->addItem(tr("Task types"), int(Mode::TaskTypes));
    m_modeBox->setToolTip(
        tr("Farm-wide totals, the instances selected in the map or table, or the busiest task types"));
    m_modeBox->setFocusPolicy(Qt::StrongFocus);
    addHeaderWidget(m_modeBox);
    followModeBox(this, m_modeBox);
    chart()->setAxisTitle(ChartAxis::Left, tr("per second"));
    chart()->setAxisTitle(ChartAxis::Right, tr("backlog (deliveries)"));
    scheduleRebuild();
}

ThroughputChart::~ThroughputChart() = default;

void ThroughputChart::setMode(Mode mode)
{
    m_modeBox->setCurrentIndex(m_modeBox->findData(int(mode)));
    if (mode == m_mode)
        return;
    m_mode = mode;
    scheduleRebuild();
}

void ThroughputChart::setServers(const QList<qint64>& serverIds, const QStringList& names)
{
    m_serverIds = serverIds;
    m_serverNames = names;
    if (m_mode == Mode::Servers)
        scheduleRebuild();
}

void ThroughputChart::setTopTypes(int count)
{
    m_topTypes = std::max(1, count);
    if (m_mode == Mode::TaskTypes)
        scheduleRebuild();
}

void ThroughputChart::rebuild(const Window& window)
{
    switch (m_mode) {
    case Mode::Farm:
        rebuildFarm(window);
        break;
    case Mode::Servers:
        rebuildServers(window);
        break;
    case Mode::TaskTypes:
        rebuildTypes(window);
        break;
    }
}

void ThroughputChart::rebuildFarm(const Window& window)
{
    setTitle(tr("Throughput \u2014 farm"));
    const QString perSecond = tr("/s");
    chart()->setSeries({
        { u"created"_s, tr("Tasks created/s"), ChartPalette::created(), Qt::SolidLine, ChartAxis::Left, perSecond },
        { u"processed"_s, tr("Deliveries processed/s"), ChartPalette::processed(), Qt::SolidLine, ChartAxis::Left,
            perSecond },
        { u"failed"_s, tr("Failed/s"), ChartPalette::failed(), Qt::SolidLine, ChartAxis::Left, perSecond },
        { u"backlog"_s, tr("Backlog (right axis)"), ChartPalette::backlog(), Qt::DashLine, ChartAxis::Right,
            tr(" pending") },
    });
    const QString farm = FarmHistory::farmScope();
    chart()->setPoints(u"created"_s, points(window, farm, Measure::Created));
    chart()->setPoints(u"processed"_s, points(window, farm, Measure::Processed));
    chart()->setPoints(u"failed"_s, points(window, farm, Measure::Failed));
    chart()->setPoints(u"backlog"_s, points(window, farm, Measure::Backlog));
    chart()->setAxisTitle(ChartAxis::Left, tr("tasks, deliveries per second"));
    chart()->setAxisTitle(ChartAxis::Right, tr("backlog (deliveries)"));
    chart()->setPlaceholderText(
        window.history ? tr("No activity recorded in this window") : tr("Waiting for data\u2026"));
}

void ThroughputChart::rebuildServers(const Window& window)
{
    const qsizetype shown = std::min<qsizetype>(m_serverIds.size(), MaxServers);
    if (m_serverIds.size() > MaxServers)
        setTitle(tr("Throughput \u2014 first %1 of %2 selected instances").arg(shown).arg(m_serverIds.size()));
    else
        setTitle(m_serverIds.size() == 1 ? tr("Throughput \u2014 %1").arg(m_serverNames.value(0))
                                         : tr("Throughput \u2014 selected instances"));

    // Beyond two instances the legend names each once; the axis titles say which style is what.
    const bool compact = shown > 2;
    // Several per-second lines on top of each other are a blur; their averages compare.
    const int bucketS = compact ? std::max(1, windowSeconds() / 60) : 1;
    auto counts = [&](const QString& scope, Measure measure) {
        return bucketS > 1 ? averaged(rawPoints(window, scope, measure), bucketS) : points(window, scope, measure);
    };
    QList<ChartSeries> series;
    QList<QPair<QString, QList<QPointF>>> data;
    const QString perSecond = tr("/s");
    for (qsizetype i = 0; i < shown; ++i) {
        const qint64 id = m_serverIds[i];
        const QString name = m_serverNames.value(i, QString::number(id));
        const QString scope = FarmHistory::serverScope(id);
        const QColor colour = ChartPalette::series(int(i));
        const QString key = QString::number(id);
        series.append({ u"processed:"_s + key, compact ? name : tr("%1 processed/s").arg(name), colour, Qt::SolidLine,
            ChartAxis::Left, perSecond, bucketS > 1 ? 1 : 0 });
        data.append({ u"processed:"_s + key, counts(scope, Measure::Processed) });
        if (total(window, scope, Measure::Failed) > 0) {
            series.append({ u"failed:"_s + key, tr("%1 failed/s").arg(name), colour, Qt::DotLine, ChartAxis::Left,
                perSecond, bucketS > 1 ? 1 : 0, !compact });
            data.append({ u"failed:"_s + key, counts(scope, Measure::Failed) });
        }
        series.append({ u"backlog:"_s + key, tr("%1 backlog").arg(name), colour, Qt::DashLine, ChartAxis::Right,
            tr(" pending"), 0, !compact });
        data.append({ u"backlog:"_s + key, points(window, scope, Measure::Backlog) });
    }
    chart()->setSeries(series);
    for (const auto& [id, values] : std::as_const(data))
        chart()->setPoints(id, values);
    chart()->setAxisTitle(ChartAxis::Left,
        !compact          ? tr("deliveries per second")
            : bucketS > 1 ? tr("deliveries/s, %1 s average (dotted: failed)").arg(bucketS)
                          : tr("deliveries/s (dotted: failed)"));
    chart()->setAxisTitle(ChartAxis::Right, compact ? tr("backlog, dashed (deliveries)") : tr("backlog (deliveries)"));
    chart()->setPlaceholderText(m_serverIds.isEmpty()
            ? tr("Select instances in the map or the table to compare them here")
            : tr("No activity recorded for these instances in this window"));
}

void ThroughputChart::rebuildTypes(const Window& window)
{
    QList<QPair<qint64, QString>> busiest;
    if (window.history) {
        const QStringList scopes = window.history->scopes();
        for (const QString& scope : scopes) {
            if (!scope.startsWith(u"type:"_s))
                continue;
            const qint64 created = total(window, scope, Measure::Created);
            if (created > 0)
                busiest.append({ created, scope.mid(5) });
        }
    }
    std::sort(busiest.begin(), busiest.end(),
        [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    if (busiest.size() > m_topTypes)
        busiest.resize(m_topTypes);

    setTitle(tr("Throughput \u2014 top %1 task types").arg(m_topTypes));
    const int bucketS = std::max(1, windowSeconds() / 60);
    m_shownTypes.clear();
    QList<ChartSeries> series;
    QList<QPair<QString, QList<QPointF>>> data;
    const QString perSecond = tr("/s");
    for (qsizetype i = 0; i < busiest.size(); ++i) {
        const QString& type = busiest[i].second;
        m_shownTypes.append(type);
        const QString scope = FarmHistory::typeScope(type);
        const QColor colour = ChartPalette::series(int(i));
        series.append(
            { u"created:"_s + type, type, colour, Qt::SolidLine, ChartAxis::Left, perSecond, bucketS > 1 ? 1 : 0 });
        data.append({ u"created:"_s + type, averaged(rawPoints(window, scope, Measure::Created), bucketS) });
        if (total(window, scope, Measure::Failed) > 0) {
            series.append({ u"failed:"_s + type, tr("%1 failed/s").arg(type), colour, Qt::DotLine, ChartAxis::Left,
                perSecond, 1, false });
            data.append({ u"failed:"_s + type, averaged(rawPoints(window, scope, Measure::Failed), bucketS) });
        }
    }
    chart()->setSeries(series);
    for (const auto& [id, values] : std::as_const(data))
        chart()->setPoints(id, values);
    chart()->setAxisTitle(ChartAxis::Left,
        bucketS > 1 ? tr("tasks created/s, %1 s average (dotted: failed)").arg(bucketS)
                    : tr("tasks created/s (dotted: failed)"));
    chart()->setPlaceholderText(tr("No tasks created in this window"));
}

} // namespace Paddock
