#include "instancedetailwindows.h"

#include "engine.h"
#include "instancedetaildialog.h"
#include "latencychart.h"
#include "throughputchart.h"

#include <QVBoxLayout>

namespace Paddock {

InstanceDetailWindows::InstanceDetailWindows(EventModel* events, QWidget* window)
    : QObject(window)
    , m_events(events)
    , m_window(window)
{
}

void InstanceDetailWindows::open(qint64 serverId, Engine* engine, const EngineUpdate& update)
{
    for (const Open& open : std::as_const(m_open)) {
        if (open.dialog && open.dialog->serverId() == serverId) {
            open.dialog->raise();
            open.dialog->activateWindow();
            return;
        }
    }
    auto* dialog = new InstanceDetailDialog(serverId, engine, m_events, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The instance's own charts: its deliveries and its cache-invalidation latency.
    auto* charts = new QVBoxLayout(dialog->chartArea());
    charts->setContentsMargins(0, 0, 0, 0);
    auto* throughput = new ThroughputChart(dialog->chartArea());
    auto* latency = new LatencyChart(dialog->chartArea());
    const QString name = update.serverNames.value(serverId);
    throughput->setServers({ serverId }, { name });
    throughput->setMode(ThroughputChart::Mode::Servers);
    latency->setServers({ serverId }, { name });
    latency->setMode(LatencyChart::Mode::Servers);
    charts->addWidget(throughput);
    charts->addWidget(latency);
    dialog->setSnapshot(update.snapshot, update.latestProbes);
    const qint64 nowMs = update.snapshot.generatedAt.toMSecsSinceEpoch();
    throughput->refresh(engine->history(), nowMs);
    latency->refresh(engine->history(), nowMs);
    m_open.append({ dialog, throughput, latency });
    m_open.removeIf([](const Open& open) { return open.dialog.isNull(); });
    dialog->show();
}

void InstanceDetailWindows::setSnapshot(const FarmSnapshot& snapshot, const QList<ProbeRow>& latestProbes)
{
    for (const Open& open : std::as_const(m_open)) {
        if (open.dialog)
            open.dialog->setSnapshot(snapshot, latestProbes);
    }
}

void InstanceDetailWindows::refreshCharts(const FarmHistory& history, qint64 nowMs)
{
    for (const Open& open : std::as_const(m_open)) {
        if (open.dialog) {
            open.throughput->refresh(history, nowMs);
            open.latency->refresh(history, nowMs);
        }
    }
}

} // namespace Paddock
