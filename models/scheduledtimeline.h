#pragma once

#include "figures.h"

#include <QHash>

namespace Paddock {

// One run on the Scheduled tab's timeline of runs.
struct TimelineBar {
    enum class Outcome { Running, Abandoned, Ok, Failed };
    qint64 runId = 0;
    QString task;
    qint64 startMs = 0;
    qint64 endMs = 0; // the finish; now while it runs or is abandoned
    Outcome outcome = Outcome::Ok;
    bool duplicate = false; // a later run of a due slot that already ran: the run-once promise broken
    bool manual = false;
    QDateTime dueAt; // null for a run by hand
    QString error;
    QString abandonedBecause;
    int lane = 0; // in its row: the runs of one instance that overlap take the next lanes
};

// One instance that ran something in the window.
struct TimelineRow {
    qint64 serverId = 0;
    QString name;
    int lanes = 1;
    QList<TimelineBar> bars; // by start
};

// A slot the claims skipped: nobody ran it.
struct TimelineMissed {
    QString task;
    qint64 slotMs = 0;
    qint64 intervalS = 0;
};

struct TimelinePlan {
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 nowMs = 0;
    QList<TimelineRow> rows; // by instance name
    QList<TimelineMissed> missed; // by slot
};

// What the timeline shows, without widgets: which instances get a row, where each run lies, what
// it came to (the rules of scheduledfigures.h: abandoned, duplicates, missed slots), and what
// hovering says.
namespace ScheduledTimeline {

constexpr int MaxLanes = 3; // beyond, overlapping runs share the last lane

struct Input {
    const QHash<qint64, ScheduledRunRow>* runs = nullptr;
    QList<ServerFigures> servers;
    QList<ScheduledFigures> scheduled; // for the tasks' rows
    qint64 completeFromMs = 0; // ScheduledRunHistory::completeFromMs(): no missed slot before it
    QDateTime now; // DB clock of the latest update
};

// The rows, bars and missed slots in [fromMs, toMs].
TimelinePlan plan(const Input& input, qint64 fromMs, qint64 toMs);
// The slots skipped between a task's consecutive due times (and before its next_run_at) that fall
// in [fromMs, toMs] and not before completeFromMs, ascending.
QList<qint64> missedSlots(
    const ScheduledTaskRow& task, QList<QDateTime> dueAts, qint64 completeFromMs, qint64 fromMs, qint64 toMs);

QString outcomeText(const TimelineBar& bar); // "ok", "failed", "running", "abandoned"
// What hovering shows, plain text: task, instance, due slot, start, finish or duration, outcome, error.
QString toolTip(const TimelineBar& bar, const QString& instance);
QString toolTip(const TimelineMissed& missed);

} // namespace ScheduledTimeline

} // namespace Paddock
