#include "scheduledtimeline.h"

#include "displayformat.h"

#include <algorithm>
#include <cmath>
#include <QMap>

namespace Paddock {

namespace ScheduledTimeline {

namespace {

bool startedBefore(const ScheduledRunRow* a, const ScheduledRunRow* b)
{
    return a->startedAt != b->startedAt ? a->startedAt < b->startedAt : a->id < b->id;
}

// The runs that repeat a due slot already run (every run after the slot's first, by start).
QSet<qint64> duplicateRuns(const QHash<qint64, ScheduledRunRow>& runs)
{
    QHash<QPair<qint64, qint64>, QList<const ScheduledRunRow*>> bySlot;
    for (const ScheduledRunRow& run : runs) {
        if (!run.manual && run.dueAt.isValid())
            bySlot[{ run.taskId, run.dueAt.toMSecsSinceEpoch() }].append(&run);
    }
    QSet<qint64> duplicates;
    for (QList<const ScheduledRunRow*>& slot : bySlot) {
        if (slot.size() < 2)
            continue;
        std::sort(slot.begin(), slot.end(), startedBefore);
        for (qsizetype i = 1; i < slot.size(); ++i)
            duplicates.insert(slot[i]->id);
    }
    return duplicates;
}

// Overlapping runs of one instance on lanes: each run on the first lane free at its start.
int assignLanes(QList<TimelineBar>& bars)
{
    std::sort(bars.begin(), bars.end(), [](const TimelineBar& a, const TimelineBar& b) {
        return a.startMs != b.startMs ? a.startMs < b.startMs : a.runId < b.runId;
    });
    QList<qint64> laneEnds;
    for (TimelineBar& bar : bars) {
        qsizetype lane = 0;
        while (lane < laneEnds.size() && laneEnds[lane] > bar.startMs)
            ++lane;
        if (lane == laneEnds.size() && laneEnds.size() >= MaxLanes)
            lane = std::min_element(laneEnds.cbegin(), laneEnds.cend()) - laneEnds.cbegin();
        if (lane == laneEnds.size())
            laneEnds.append(bar.endMs);
        laneEnds[lane] = std::max(laneEnds[lane], bar.endMs);
        bar.lane = int(lane);
    }
    return std::max<int>(1, int(laneEnds.size()));
}

TimelineBar barOf(const ScheduledRunRow& run, const ScheduledTaskRow* task, const ServerFigures* server,
    const QDateTime& now, bool duplicate)
{
    TimelineBar bar;
    bar.runId = run.id;
    bar.task = task ? task->name : QStringLiteral("#%1").arg(run.taskId);
    bar.startMs = run.startedAt.toMSecsSinceEpoch();
    bar.manual = run.manual;
    bar.dueAt = run.dueAt;
    bar.error = run.error;
    bar.duplicate = duplicate;
    if (run.finished()) {
        bar.endMs = std::max(bar.startMs, run.finishedAt.toMSecsSinceEpoch());
        bar.outcome = run.failed() ? TimelineBar::Outcome::Failed : TimelineBar::Outcome::Ok;
        return bar;
    }
    bar.endMs = std::max(bar.startMs, now.toMSecsSinceEpoch());
    bar.abandonedBecause = Scheduled::abandonedReason(task ? *task : ScheduledTaskRow {}, run, server, now);
    bar.outcome = bar.abandonedBecause.isEmpty() ? TimelineBar::Outcome::Running : TimelineBar::Outcome::Abandoned;
    return bar;
}

QList<TimelineMissed> missedIn(
    const Input& input, const QHash<qint64, const ScheduledTaskRow*>& tasks, qint64 fromMs, qint64 toMs)
{
    QHash<qint64, QList<QDateTime>> dueByTask;
    for (const ScheduledRunRow& run : *input.runs) {
        if (!run.manual && run.dueAt.isValid())
            dueByTask[run.taskId].append(run.dueAt);
    }
    QList<TimelineMissed> missed;
    for (auto it = dueByTask.cbegin(); it != dueByTask.cend(); ++it) {
        const ScheduledTaskRow* task = tasks.value(it.key());
        if (!task)
            continue;
        for (qint64 slot : missedSlots(*task, *it, input.completeFromMs, fromMs, toMs))
            missed.append({ task->name, slot, task->intervalS });
    }
    std::sort(missed.begin(), missed.end(), [](const TimelineMissed& a, const TimelineMissed& b) {
        return a.slotMs != b.slotMs ? a.slotMs < b.slotMs : a.task < b.task;
    });
    return missed;
}

} // namespace

QList<qint64> missedSlots(
    const ScheduledTaskRow& task, QList<QDateTime> dueAts, qint64 completeFromMs, qint64 fromMs, qint64 toMs)
{
    QList<qint64> slots;
    if (task.intervalS <= 0)
        return slots;
    std::sort(dueAts.begin(), dueAts.end());
    dueAts.erase(std::unique(dueAts.begin(), dueAts.end()), dueAts.end());
    if (dueAts.isEmpty())
        return slots;
    if (task.nextRunAt.isValid() && task.nextRunAt > dueAts.last())
        dueAts.append(task.nextRunAt);
    const qint64 intervalMs = task.intervalS * 1000;
    const qint64 firstMs = std::max(fromMs, completeFromMs);
    for (qsizetype i = 1; i < dueAts.size(); ++i) {
        const qint64 aMs = dueAts[i - 1].toMSecsSinceEpoch();
        const qint64 count = std::llround(double(dueAts[i].toMSecsSinceEpoch() - aMs) / double(intervalMs));
        // Only the slots j = 1 .. count - 1 that fall in the window: a long gap is not walked through.
        const qint64 first = std::max<qint64>(1, (firstMs - aMs + intervalMs - 1) / intervalMs);
        const qint64 last = std::min<qint64>(count - 1, (toMs - aMs) / intervalMs);
        for (qint64 j = first; j <= last; ++j)
            slots.append(aMs + j * intervalMs);
    }
    return slots;
}

TimelinePlan plan(const Input& input, qint64 fromMs, qint64 toMs)
{
    TimelinePlan result;
    result.fromMs = fromMs;
    result.toMs = toMs;
    result.nowMs = input.now.isValid() ? input.now.toMSecsSinceEpoch() : toMs;
    if (!input.runs || input.runs->isEmpty())
        return result;
    QHash<qint64, const ScheduledTaskRow*> tasks;
    for (const ScheduledFigures& figures : input.scheduled)
        tasks.insert(figures.task.id, &figures.task);
    QHash<qint64, const ServerFigures*> servers;
    for (const ServerFigures& server : input.servers)
        servers.insert(server.server.id, &server);
    const QSet<qint64> duplicates = duplicateRuns(*input.runs);
    const QDateTime now = input.now.isValid() ? input.now : QDateTime::fromMSecsSinceEpoch(toMs, Qt::UTC);

    QMap<qint64, QList<TimelineBar>> barsByServer;
    for (const ScheduledRunRow& run : *input.runs) {
        const qint64 startMs = run.startedAt.toMSecsSinceEpoch();
        const qint64 endMs = run.finished() ? run.finishedAt.toMSecsSinceEpoch() : result.nowMs;
        if (startMs > toMs || endMs < fromMs)
            continue; // outside the window: not drawn
        barsByServer[run.serverId].append(
            barOf(run, tasks.value(run.taskId), servers.value(run.serverId), now, duplicates.contains(run.id)));
    }
    for (auto it = barsByServer.begin(); it != barsByServer.end(); ++it) {
        const ServerFigures* server = servers.value(it.key());
        TimelineRow row { it.key(), server ? server->server.name : QStringLiteral("#%1").arg(it.key()), 1, {} };
        row.bars = std::move(*it);
        row.lanes = assignLanes(row.bars);
        result.rows.append(std::move(row));
    }
    std::sort(result.rows.begin(), result.rows.end(), [](const TimelineRow& a, const TimelineRow& b) {
        return a.name != b.name ? a.name < b.name : a.serverId < b.serverId;
    });
    result.missed = missedIn(input, tasks, fromMs, toMs);
    return result;
}

QString outcomeText(const TimelineBar& bar)
{
    switch (bar.outcome) {
    case TimelineBar::Outcome::Running:
        return QStringLiteral("running");
    case TimelineBar::Outcome::Abandoned:
        return QStringLiteral("abandoned");
    case TimelineBar::Outcome::Ok:
        return QStringLiteral("ok");
    case TimelineBar::Outcome::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

QString toolTip(const TimelineBar& bar, const QString& instance)
{
    const auto at = [](qint64 ms) { return Format::dateTime(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)); };
    const double seconds = double(bar.endMs - bar.startMs) / 1000.0;
    QStringList lines;
    lines << QStringLiteral("%1 on %2 (run %3)").arg(bar.task, instance).arg(bar.runId);
    lines << (bar.manual ? QStringLiteral("Started by hand")
                         : QStringLiteral("Due %1").arg(Format::dateTime(bar.dueAt)));
    lines << QStringLiteral("Started %1").arg(at(bar.startMs));
    if (bar.outcome == TimelineBar::Outcome::Ok || bar.outcome == TimelineBar::Outcome::Failed)
        lines << QStringLiteral("Finished %1, after %2").arg(at(bar.endMs), Format::duration(seconds));
    else
        lines << QStringLiteral("Not finished, %1 so far").arg(Format::duration(seconds));
    QString outcome = QStringLiteral("Outcome: %1").arg(outcomeText(bar));
    if (!bar.abandonedBecause.isEmpty())
        outcome += QStringLiteral(" (%1)").arg(bar.abandonedBecause);
    lines << outcome;
    if (bar.duplicate)
        lines << QStringLiteral("Duplicate: this slot had already run (the run-once promise broken)");
    if (!bar.error.isNull())
        lines << QStringLiteral("Error: %1").arg(bar.error);
    return lines.join(QLatin1Char('\n'));
}

QString toolTip(const TimelineMissed& missed)
{
    return QStringLiteral("%1: the slot due %2 was missed\nNo instance ran it (every %3)")
        .arg(missed.task, Format::dateTime(QDateTime::fromMSecsSinceEpoch(missed.slotMs, Qt::UTC)),
            Format::duration(double(missed.intervalS)));
}

} // namespace ScheduledTimeline

} // namespace Paddock
