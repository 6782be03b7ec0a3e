#pragma once

#include "figures.h"
#include "mergingtablemodel.h"

#include <QHash>
#include <QList>

namespace Paddock {

// The targets of one flush and how far each got: what the live flush progress panel shows.
// Updates of the same flush are merged by server id; another flush is a new data set.
class FlushTargetModel : public MergingTableModel {
    Q_OBJECT

public:
    enum Column { Instance, State, Elapsed, Error, ColumnCount };
    Q_ENUM(Column)

    // ServerIdRole and StateRole describe the row and answer in every column.
    enum Role {
        ServerIdRole = Qt::UserRole, // qint64
        StateRole, // "acknowledged", "failed" or "pending"
        SortRole, // raw value; invalid for a null figure
    };
    Q_ENUM(Role)

    explicit FlushTargetModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setProgress(const FlushProgress& progress);
    void clear();

    qint64 flushId() const { return m_progress.request.id; } // 0 when empty
    // The totals of the flush shown, for the panel's summary line.
    const FlushProgress& progress() const { return m_progress; }
    int rowOfServer(qint64 serverId) const; // -1 when unknown

    static QString stateName(FlushTargetProgress::State state);

private:
    static QVariant cellData(const FlushTargetProgress& target, int column, int role);

    FlushProgress m_progress;
    QList<FlushTargetProgress> m_rows; // by server name
};

} // namespace Paddock
