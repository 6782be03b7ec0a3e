#pragma once

#include "scheduledfigures.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QModelIndex;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;

namespace Paddock {

class RunTimelineChart;
class ScheduledModel;

// The Scheduled tab (DESIGN.md section 9): a line that counts the tasks by status, then every
// scheduled task with its status, last run (instance, when, how long), next due (and how late),
// the instances running it now, what went wrong in the window and why; below, the timeline of runs
// per instance. A run clicked there, or a task activated in the table (Enter, double-click), chooses
// an instance: the abandoned run's, else the one running the task, else its last run's.
class ScheduledTab : public QWidget {
    Q_OBJECT

public:
    explicit ScheduledTab(QWidget* parent = nullptr);

    void setScheduled(const QList<ScheduledFigures>& scheduled);
    // The tasks' figures, and the instances and tasks the timeline names.
    void setSnapshot(const FarmSnapshot& snapshot);

    QTableView* table() const { return m_table; }
    RunTimelineChart* timelineChart() const { return m_timeline; }
    QSplitter* splitter() const { return m_splitter; }
    ScheduledModel* model() const { return m_model; }
    QString summaryText() const;

    // "● 4 scheduled tasks: 1 failing, 1 degraded, 2 ok", or what says there are none.
    static QString summary(const QList<ScheduledFigures>& scheduled);

Q_SIGNALS:
    void instanceChosen(qint64 serverId);

private:
    void taskActivated(const QModelIndex& index);
    void fitTasks();

    QLabel* m_summary = nullptr;
    QTableView* m_table = nullptr;
    ScheduledModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QSplitter* m_splitter = nullptr;
    RunTimelineChart* m_timeline = nullptr;
    QHash<QString, qint64> m_serverIds; // by name
    bool m_fitted = false; // the splitter was sized to the tasks
};

} // namespace Paddock
