#pragma once

#include "scheduledfigures.h"

#include <QWidget>

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace Paddock {

class ScheduledModel;

// The Scheduled tab (DESIGN.md section 9): a line that counts the tasks by status, then every
// scheduled task with its status, last run (instance, when, how long), next due (and how late),
// the instances running it now, what went wrong in the window and why.
class ScheduledTab : public QWidget {
    Q_OBJECT

public:
    explicit ScheduledTab(QWidget* parent = nullptr);

    void setScheduled(const QList<ScheduledFigures>& scheduled);

    QTableView* table() const { return m_table; }
    ScheduledModel* model() const { return m_model; }
    QString summaryText() const;

    // "● 4 scheduled tasks: 1 failing, 1 degraded, 2 ok", or what says there are none.
    static QString summary(const QList<ScheduledFigures>& scheduled);

private:
    QLabel* m_summary = nullptr;
    QTableView* m_table = nullptr;
    ScheduledModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
};

} // namespace Paddock
