#pragma once

#include "mergingtablemodel.h"
#include "scheduledfigures.h"

namespace Paddock {

// The Scheduled tab's table: one row per scheduled task (DESIGN.md section 9), by name, merged.
class ScheduledModel : public MergingTableModel {
    Q_OBJECT

public:
    enum Column { Name, Status, LastRun, NextDue, Running, Window, Why, ColumnCount };
    enum Role {
        StatusRole = Qt::UserRole, // "ok", "degraded", "failing"
        SortRole, // raw value
    };
    Q_ENUM(Role)

    explicit ScheduledModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setScheduled(const QList<ScheduledFigures>& scheduled);
    const ScheduledFigures& figures(int row) const { return m_rows.at(row); }

    // For people: "web-01 at 2026-11-22 10:00:03, ok in 1.2 s", "—" when it never ran.
    static QString lastRunText(const ScheduledFigures& figures);
    // "2 missed, 1 duplicate, 1 failed" in the window, "—" when none.
    static QString windowText(const ScheduledFigures& figures);

private:
    static QVariant cell(const ScheduledFigures& figures, int column, int role);

    struct Change {
        int row = 0;
        int first = 0;
        int last = 0;
    };
    QList<ScheduledFigures> m_rows;
    QList<Change> m_pendingChanges; // of the merge under way
};

} // namespace Paddock
