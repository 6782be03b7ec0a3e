#pragma once

#include "farmdata.h"

#include <optional>
#include <QHash>
#include <QJsonObject>
#include <QStringList>

namespace Paddock {

struct FarmSnapshot;
struct ServerFigures;

// The figures and rules of scheduled tasks (DESIGN.md section 9), per task over the window W
// (now - W, now], all on the DB clock:
//   - last run: the run that started latest (id breaks ties): its instance, start, duration (once
//     finished) and outcome (running, abandoned, ok, failed).
//   - late: an enabled task whose next_run_at is more than max(5 s, 10 % of its interval) ago, so
//     that no claim took it; late_s = now - next_run_at.
//   - abandoned: a run not finished and started more than timeout_s ago, or whose instance is not
//     responding, stopped after the run began, or gone from the server table. It makes the task
//     failing until a run started after it finishes without error (the task ran again; the open row
//     stays for a post-mortem).
//   - running: the runs not finished and not abandoned; running_for_s is the longest of them.
//   - missed: a claim records a run for the task's next_run_at and moves next_run_at to the first
//     slot after now, skipping the slots in between. So take the due_at of the task's scheduled
//     (not manual) runs, distinct and ascending, and next_run_at after the last of them; between
//     two consecutive ones a < b, k = round((b - a) / interval) and the slots a + j * interval for
//     j = 1 .. k - 1 were missed. Missed in W: those slots that fell due in W. (A changed interval
//     between the two runs counts as the new interval says.)
//   - duplicates: the runs of one due slot after its first (by start); in W: those started in W.
//   - failed in W: runs finished in W with an error (manual ones too).
// Status, first rule that matches: failing (the latest finished run failed, or an abandoned run
// counts) -> degraded (late, a duplicate in W, a missed slot in W) -> ok.
//
// Two processes under one name: register_server logs DUPLICATE_NAME when the name's server still
// heartbeats and is not stopped. An instance is degraded ("registered again at ... while still
// heartbeating: two processes may share this name") while its latest DUPLICATE_NAME has no STOPPED
// event at or after it and its stopped_at is not at or after it: one of the two stopping ends the
// warning (the other then shows "stopped but still heartbeating" until it registers again). The
// reader reads only the DUPLICATE_NAME of each instance's latest registration (logged by the call
// that set started_at): stop_server's STOPPED sets stopped_at, which only a registration clears, so
// stopped_at stands for that STOPPED event and the server log is not searched for it.
enum class ScheduledStatus { Ok, Degraded, Failing };
QString statusName(ScheduledStatus status); // "ok", "degraded", "failing"

struct ScheduledFigures {
    ScheduledTaskRow task;
    ScheduledStatus status = ScheduledStatus::Ok;
    QStringList reasons; // why degraded or failing, for people
    QString lastServer; // the last run's instance, empty when it never ran
    QDateTime lastStartedAt;
    std::optional<double> lastDurationS; // null while it runs
    QString lastOutcome; // "running", "abandoned", "ok", "failed"; empty when it never ran
    QString lastError;
    QDateTime nextDueAt;
    std::optional<double> lateS;
    QStringList runningOn; // instances running it now, earliest start first
    std::optional<double> runningForS;
    QStringList abandonedOn; // instances of the abandoned runs that count, earliest start first
    qint64 runsInWindow = 0; // started in W
    qint64 missedInWindow = 0;
    qint64 duplicatesInWindow = 0;
    qint64 failedInWindow = 0;
};

namespace Scheduled {

// Why an unfinished run is abandoned at `now` (the rule above), or empty while it may still finish
// (and for a finished run); `server` is its instance's figures, null when the instance is gone.
QString abandonedReason(
    const ScheduledTaskRow& task, const ScheduledRunRow& run, const ServerFigures* server, const QDateTime& now);
// How long past its due time a task may wait for a claim: max(5 s, 10 % of the interval).
double lateAfterS(qint64 intervalS);
// Why `server` is degraded by the DUPLICATE_NAME rule above, or empty; `events` may hold other
// instances' events too.
QString duplicateNameReason(const ServerRow& server, const QList<EventRow>& events);
// Whether one of an instance's reasons is the one duplicateNameReason gives (the map marks it).
bool isDuplicateNameReason(const QString& reason);
// Instance name -> the tasks it runs now (ScheduledFigures::runningOn), in the order of `scheduled`.
QHash<QString, QStringList> runningByInstance(const QList<ScheduledFigures>& scheduled);
// The scheduled tasks' figures into the snapshot, sorted by name, and the DUPLICATE_NAME rule on
// its instances (whose statuses must be set): the farm's counts follow.
void apply(FarmSnapshot& snapshot, const FarmData& data);
// One element of the `"scheduled"` array of `report --json`.
QJsonObject toJson(const ScheduledFigures& figures);

} // namespace Scheduled

} // namespace Paddock
