#pragma once

#include "databasehealth.h"
#include "mergingtablemodel.h"

namespace Paddock {

// The database server's client sessions (DatabaseFigures::sessions), one row each, the farm's
// instances first (by instance, then pid), then everything else by pid. Merged by pid at each update.
class DatabaseSessionModel : public MergingTableModel {
    Q_OBJECT

public:
    enum Column { Instance, Pid, Application, Login, State, Wait, Transaction, Waiting, BlockedBy, Query, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        PidRole = Qt::UserRole, // qint64
        SortRole, // raw value; invalid when there is nothing to sort by
        StatusRole, // "degraded" for a blocked session, "not-responding" for one that blocks others, else invalid
    };
    Q_ENUM(Role)

    explicit DatabaseSessionModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The sessions of the newest figures (none: not read).
    void setSessions(const QList<DatabaseSession>& sessions);
    int rowOfPid(qint64 pid) const; // -1 when not there
    const DatabaseSession& sessionAt(int row) const { return m_rows.at(row); }

    // "WaitEventType: WaitEvent", or empty (also for an idle session, which waits for its client).
    static QString waitText(const SessionRow& row);
    // "user@address", or the user alone.
    static QString loginText(const SessionRow& row);

private:
    QVariant display(const DatabaseSession& session, int column) const;
    QVariant sortValue(const DatabaseSession& session, int column) const;

    QList<DatabaseSession> m_rows;
};

} // namespace Paddock
