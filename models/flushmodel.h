#pragma once

#include "figures.h"
#include "mergingtablemodel.h"

#include <QHash>
#include <QList>

namespace Paddock {

// Manual cache flushes with their progress, newest first, merged by flush id.
class FlushModel : public MergingTableModel {
    Q_OBJECT

public:
    enum Column {
        Id,
        RequestedAt,
        RequestedBy,
        Scope,
        Reason,
        Targets,
        Acknowledged,
        Failed,
        Pending,
        SlowestAck,
        State,
        ColumnCount
    };
    Q_ENUM(Column)

    // FlushIdRole, StateRole and DoneRole describe the row and answer in every column.
    enum Role {
        FlushIdRole = Qt::UserRole, // qint64
        StateRole, // stateName()
        SortRole, // raw value; invalid for a null figure
        DoneRole, // bool: nothing pending any more
    };
    Q_ENUM(Role)

    explicit FlushModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The recent flushes (FarmSnapshot::flushes); a flush missing from the list leaves the model.
    void setFlushes(const QList<FlushProgress>& flushes);
    // A new connection: forget every row.
    void clear();

    int rowOfFlush(qint64 flushId) const; // -1 when unknown
    qint64 flushIdAt(int row) const; // 0 when out of range
    FlushProgress progressAt(int row) const;

    // "in progress" while a target is pending, then "failed targets" if any failed, else "done".
    static QString stateName(const FlushProgress& flush);

private:
    static QVariant cellData(const FlushProgress& flush, int column, int role);
    void reindex();

    QList<FlushProgress> m_rows; // newest (highest id) first
    QHash<qint64, int> m_rowOfFlush;
};

} // namespace Paddock
