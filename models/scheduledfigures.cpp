#include "scheduledfigures.h"

#include "displayformat.h"
#include "figures.h"
#include "instancedegrade.h"

#include <algorithm>
#include <cmath>
#include <QJsonArray>
#include <QMap>

namespace Paddock {

QString statusName(ScheduledStatus status)
{
    switch (status) {
    case ScheduledStatus::Ok:
        return QStringLiteral("ok");
    case ScheduledStatus::Degraded:
        return QStringLiteral("degraded");
    case ScheduledStatus::Failing:
        return QStringLiteral("failing");
    }
    return {};
}

namespace Scheduled {

namespace {

double secondsBetween(const QDateTime& from, const QDateTime& to)
{
    return double(from.msecsTo(to)) / 1000.0;
}

// (now - W, now], as the other figures' window.
struct Window {
    QDateTime start;
    QDateTime now;
    bool contains(const QDateTime& t) const { return t.isValid() && t > start && t <= now; }
};

// What the task's figures are read from: the instances' names and whether their runs still live.
struct Context {
    Window window;
    QHash<qint64, const ServerFigures*> servers;

    QString name(qint64 serverId) const
    {
        const ServerFigures* server = servers.value(serverId);
        return server ? server->server.name : QStringLiteral("#%1").arg(serverId);
    }
    QString abandonedBecause(const ScheduledTaskRow& task, const ScheduledRunRow& run) const
    {
        return abandonedReason(task, run, servers.value(run.serverId), window.now);
    }
};

bool startedBefore(const ScheduledRunRow* a, const ScheduledRunRow* b)
{
    return a->startedAt != b->startedAt ? a->startedAt < b->startedAt : a->id < b->id;
}

void lastRun(ScheduledFigures& figures, const QList<const ScheduledRunRow*>& runs, const Context& context)
{
    if (runs.isEmpty())
        return;
    const ScheduledRunRow& last = *runs.last();
    figures.lastServer = context.name(last.serverId);
    figures.lastStartedAt = last.startedAt;
    figures.lastError = last.error;
    if (last.finished()) {
        figures.lastDurationS = secondsBetween(last.startedAt, last.finishedAt);
        figures.lastOutcome = last.failed() ? QStringLiteral("failed") : QStringLiteral("ok");
    } else {
        figures.lastOutcome = context.abandonedBecause(figures.task, last).isEmpty() ? QStringLiteral("running")
                                                                                     : QStringLiteral("abandoned");
    }
}

// Running and abandoned runs; returns the reasons of the abandoned ones that count.
QStringList openRuns(ScheduledFigures& figures, const QList<const ScheduledRunRow*>& runs, const Context& context)
{
    QStringList reasons;
    for (qsizetype i = 0; i < runs.size(); ++i) {
        const ScheduledRunRow& run = *runs[i];
        if (run.finished())
            continue;
        const QString because = context.abandonedBecause(figures.task, run);
        if (because.isEmpty()) {
            figures.runningOn.append(context.name(run.serverId));
            figures.runningForS
                = std::max(figures.runningForS.value_or(0.0), secondsBetween(run.startedAt, context.window.now));
            continue;
        }
        const bool rerunFine = std::any_of(runs.cbegin() + i + 1, runs.cend(),
            [](const ScheduledRunRow* later) { return later->finished() && !later->failed(); });
        if (rerunFine)
            continue;
        figures.abandonedOn.append(context.name(run.serverId));
        reasons << QStringLiteral("run %1 on %2 abandoned: %3").arg(run.id).arg(context.name(run.serverId), because);
    }
    return reasons;
}

// The slots each claim skipped (see the header), those due in the window.
qint64 missedSlots(const ScheduledTaskRow& task, const QList<const ScheduledRunRow*>& runs, const Window& window)
{
    if (task.intervalS <= 0)
        return 0;
    QList<QDateTime> due;
    for (const ScheduledRunRow* run : runs) {
        if (!run->manual && run->dueAt.isValid())
            due.append(run->dueAt);
    }
    std::sort(due.begin(), due.end());
    due.erase(std::unique(due.begin(), due.end()), due.end());
    if (due.isEmpty())
        return 0;
    if (task.nextRunAt.isValid() && task.nextRunAt > due.last())
        due.append(task.nextRunAt);
    const qint64 intervalMs = task.intervalS * 1000;
    qint64 missed = 0;
    for (qsizetype i = 1; i < due.size(); ++i) {
        const qint64 slots = std::llround(double(due[i - 1].msecsTo(due[i])) / double(intervalMs));
        for (qint64 j = 1; j < slots; ++j) {
            if (window.contains(due[i - 1].addMSecs(j * intervalMs)))
                ++missed;
        }
    }
    return missed;
}

// Runs of one slot after its first, started in the window; a reason per such slot.
QStringList duplicates(ScheduledFigures& figures, const QList<const ScheduledRunRow*>& runs, const Context& context)
{
    QMap<QDateTime, QList<const ScheduledRunRow*>> bySlot; // runs are in start order
    for (const ScheduledRunRow* run : runs) {
        if (!run->manual && run->dueAt.isValid())
            bySlot[run->dueAt].append(run);
    }
    QStringList reasons;
    for (auto it = bySlot.cbegin(); it != bySlot.cend(); ++it) {
        qint64 extra = 0;
        for (qsizetype i = 1; i < it->size(); ++i)
            extra += context.window.contains(it->at(i)->startedAt) ? 1 : 0;
        if (extra == 0)
            continue;
        figures.duplicatesInWindow += extra;
        QStringList names;
        for (const ScheduledRunRow* run : *it)
            names << context.name(run->serverId);
        reasons << QStringLiteral("the slot due %1 ran %2 times (%3)")
                       .arg(Format::dateTime(it.key()))
                       .arg(it->size())
                       .arg(names.join(QStringLiteral(", ")));
    }
    return reasons;
}

ScheduledFigures taskFigures(const ScheduledTaskRow& task, QList<const ScheduledRunRow*> runs, const Context& context)
{
    std::sort(runs.begin(), runs.end(), startedBefore);
    ScheduledFigures figures;
    figures.task = task;
    figures.nextDueAt = task.nextRunAt;
    lastRun(figures, runs, context);
    QStringList failing = openRuns(figures, runs, context);
    const ScheduledRunRow* lastFinished = nullptr;
    for (const ScheduledRunRow* run : std::as_const(runs)) {
        figures.runsInWindow += context.window.contains(run->startedAt) ? 1 : 0;
        figures.failedInWindow += run->failed() && context.window.contains(run->finishedAt) ? 1 : 0;
        if (run->finished())
            lastFinished = run;
    }
    if (lastFinished && lastFinished->failed())
        failing.prepend(QStringLiteral("last run failed on %1 at %2: %3")
                            .arg(context.name(lastFinished->serverId), Format::dateTime(lastFinished->finishedAt),
                                lastFinished->error));

    QStringList degraded;
    const double overdue = task.nextRunAt.isValid() ? secondsBetween(task.nextRunAt, context.window.now) : 0.0;
    if (task.enabled && overdue > lateAfterS(task.intervalS)) {
        figures.lateS = overdue;
        degraded << QStringLiteral("due %1 ago, not claimed").arg(Format::duration(overdue));
    }
    figures.missedInWindow = missedSlots(task, runs, context.window);
    if (figures.missedInWindow > 0)
        degraded << QStringLiteral("%1 slot(s) missed").arg(figures.missedInWindow);
    degraded << duplicates(figures, runs, context);

    figures.status = !failing.isEmpty() ? ScheduledStatus::Failing
        : !degraded.isEmpty()           ? ScheduledStatus::Degraded
                                        : ScheduledStatus::Ok;
    figures.reasons = failing + degraded;
    return figures;
}

// The end of the DUPLICATE_NAME reason, by which the map knows it among an instance's reasons.
constexpr const char* TwoProcesses = "two processes may share this name";

void markDuplicateNames(FarmSnapshot& snapshot, const QList<EventRow>& events)
{
    if (events.isEmpty())
        return;
    degradeRunningInstances(
        snapshot, [&events](const ServerFigures& server) { return duplicateNameReason(server.server, events); });
}

} // namespace

QString abandonedReason(
    const ScheduledTaskRow& task, const ScheduledRunRow& run, const ServerFigures* server, const QDateTime& now)
{
    if (run.finished())
        return {};
    if (!server)
        return QStringLiteral("its instance #%1 is gone").arg(run.serverId);
    if (server->status == ServerStatus::NotResponding)
        return QStringLiteral("%1 is not responding").arg(server->server.name);
    if (server->status == ServerStatus::Stopped && server->server.stoppedAt >= run.startedAt)
        return QStringLiteral("%1 stopped").arg(server->server.name);
    if (task.timeoutS > 0 && secondsBetween(run.startedAt, now) > double(task.timeoutS))
        return QStringLiteral("running %1, past its timeout of %2")
            .arg(Format::duration(secondsBetween(run.startedAt, now)), Format::duration(double(task.timeoutS)));
    return {};
}

double lateAfterS(qint64 intervalS)
{
    return std::max(5.0, 0.1 * double(intervalS));
}

QString duplicateNameReason(const ServerRow& server, const QList<EventRow>& events)
{
    const EventRow* duplicate = nullptr;
    for (const EventRow& event : events) {
        if (event.serverId == server.id && event.code == QLatin1String("DUPLICATE_NAME")
            && (!duplicate || event.loggedAt > duplicate->loggedAt))
            duplicate = &event;
    }
    if (!duplicate || (server.stoppedAt.isValid() && server.stoppedAt >= duplicate->loggedAt))
        return {};
    const bool stoppedSince = std::any_of(events.cbegin(), events.cend(), [&](const EventRow& event) {
        return event.serverId == server.id && event.code == QLatin1String("STOPPED")
            && event.loggedAt >= duplicate->loggedAt;
    });
    if (stoppedSince)
        return {};
    return QStringLiteral("registered again at %1 while still heartbeating: %2")
        .arg(Format::dateTime(duplicate->loggedAt), QLatin1String(TwoProcesses));
}

bool isDuplicateNameReason(const QString& reason)
{
    return reason.endsWith(QLatin1String(TwoProcesses));
}

QHash<QString, QStringList> runningByInstance(const QList<ScheduledFigures>& scheduled)
{
    QHash<QString, QStringList> result;
    for (const ScheduledFigures& figures : scheduled) {
        for (const QString& instance : figures.runningOn) {
            QStringList& tasks = result[instance];
            if (!tasks.contains(figures.task.name))
                tasks.append(figures.task.name);
        }
    }
    return result;
}

void apply(FarmSnapshot& snapshot, const FarmData& data)
{
    markDuplicateNames(snapshot, data.registrationEvents);
    Context context { { data.now.addSecs(-snapshot.windowS), data.now }, {} };
    for (const ServerFigures& server : std::as_const(snapshot.servers))
        context.servers.insert(server.server.id, &server);
    QHash<qint64, QList<const ScheduledRunRow*>> runsByTask;
    for (const ScheduledRunRow& run : data.scheduledRuns)
        runsByTask[run.taskId].append(&run);
    snapshot.scheduled.clear();
    for (const ScheduledTaskRow& task : data.scheduledTasks)
        snapshot.scheduled.append(taskFigures(task, runsByTask.value(task.id), context));
    std::sort(snapshot.scheduled.begin(), snapshot.scheduled.end(),
        [](const ScheduledFigures& a, const ScheduledFigures& b) { return a.task.name < b.task.name; });
}

} // namespace Scheduled

} // namespace Paddock
