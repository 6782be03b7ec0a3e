#include "runtimelinechart.h"

#include "runtimeline.h"
#include "scheduledrunhistory.h"
#include "statusstyle.h"

#include <QBoxLayout>
#include <QLabel>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

QString legendText()
{
    const auto coloured = [](const char* status, const QString& text) {
        return u"<span style=\"color:%1\">%2</span>"_s.arg(
            StatusStyle::forStatus(QString::fromLatin1(status)).colour.name(), text);
    };
    return RunTimelineChart::tr("%1 ok · %2 running · %3 failed · %4 abandoned · %5 duplicate · %6 missed slot")
        .arg(coloured("ok", u"\u25ac"_s), coloured("ok", u"\u25b6"_s), coloured("failing", u"\u2716"_s),
            coloured("failing", u"\u25a8"_s), coloured("degraded", u"\u25b2"_s), coloured("degraded", u"\u25bc"_s));
}

} // namespace

RunTimelineChart::RunTimelineChart(QWidget* parent)
    : HistoryChart(tr("Runs per instance"), parent)
{
    setObjectName(u"runTimelineChart"_s);
    auto* legend = new QLabel(legendText(), this);
    legend->setTextFormat(Qt::RichText);
    legend->setToolTip(tr("Click a run to select its instance on the map and in the table"));
    addHeaderWidget(legend);
    m_timeline = new RunTimeline(this);
    chart()->hide(); // the runs are bars, not lines: the timeline draws them
    auto* box = qobject_cast<QBoxLayout*>(layout());
    box->addWidget(m_timeline, 1);
    connect(m_timeline, &RunTimeline::runClicked, this, &RunTimelineChart::instanceChosen);
}

void RunTimelineChart::setRunHistory(const ScheduledRunHistory* runs)
{
    m_runs = runs;
    scheduleRebuild();
}

void RunTimelineChart::setSnapshot(const FarmSnapshot& snapshot)
{
    m_input.servers = snapshot.servers;
    m_input.scheduled = snapshot.scheduled;
    m_input.now = snapshot.generatedAt;
    scheduleRebuild();
}

void RunTimelineChart::rebuild(const Window& window)
{
    m_input.runs = m_runs ? &m_runs->runs() : nullptr;
    m_input.completeFromMs = m_runs ? m_runs->completeFromMs() : 0;
    TimelinePlan plan = ScheduledTimeline::plan(m_input, window.fromMs, window.toMs);
    if (!m_input.now.isValid())
        plan.nowMs = window.nowMs;
    const bool none = plan.rows.isEmpty();
    m_timeline->setPlan(std::move(plan));
    if (isReplay())
        m_timeline->setPlaceholderText(tr("A recording keeps the tasks' figures (the table above), not their runs: "
                                          "the timeline shows the runs of a live farm only."));
    else if (none && m_input.scheduled.isEmpty())
        m_timeline->setPlaceholderText(tr("No scheduled task in this farm."));
    else if (none)
        m_timeline->setPlaceholderText(tr("No scheduled task ran in this window."));
    else
        m_timeline->setPlaceholderText({});
}

} // namespace Paddock
