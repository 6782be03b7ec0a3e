#pragma once

#include "figures.h"
#include "mergingtablemodel.h"

#include <QHash>
#include <QList>
#include <QSortFilterProxyModel>

namespace Paddock {

// One row per instance with every per-instance figure of the latest snapshot, ordered by name.
// Snapshots are merged: a tick inserts, removes and changes only what differs.
class InstanceModel : public MergingTableModel {
    Q_OBJECT

public:
    enum Column {
        Status,
        Name,
        Why, // the reasons of a degraded or not-responding status, in words
        Zone,
        Host,
        Version,
        LastHeartbeat,
        ClockSkew,
        Backlog,
        OldestPending,
        ProcessedPerS,
        Failed,
        HitRatio,
        LatencyP50,
        LatencyP95,
        LatencyP99,
        LatencyMax,
        CacheItems,
        Memory,
        ColumnCount
    };
    Q_ENUM(Column)

    // ServerIdRole, StatusRole, ReasonsRole, ZoneRole and VersionSkewRole describe the row and answer in
    // every column.
    enum Role {
        ServerIdRole = Qt::UserRole, // qint64
        StatusRole, // status name, e.g. "degraded"
        SortRole, // raw value; invalid for a null figure, which QSortFilterProxyModel sorts last
        ReasonsRole, // QStringList
        ZoneRole, // QString
        VersionSkewRole, // "13.0.1 while 9 others run 13.0.2", invalid when the version is not skewed
    };
    Q_ENUM(Role)

    // One row as shown: the figures and the text of each column, formatted where the update is
    // made (the engine's thread) so that the window only compares and swaps.
    struct Row {
        ServerFigures figures;
        QStringList texts; // one per column
        QString status; // StatusRole
    };
    // The rows of a snapshot, ordered by name, one per instance.
    static QList<Row> rowsOf(const FarmSnapshot& snapshot);

    explicit InstanceModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setSnapshot(const FarmSnapshot& snapshot) { setRows(rowsOf(snapshot)); }
    // Rows made by rowsOf, perhaps on another thread.
    void setRows(const QList<Row>& rows);
    // A new connection: forget every row.
    void clear();

    int rowOfServer(qint64 serverId) const; // -1 when unknown
    qint64 serverIdAt(int row) const; // 0 when out of range
    ServerFigures figuresAt(int row) const;

    static QVariant cellData(const ServerFigures& figures, int column, int role);
    // The order of SortRole, without making QVariants (a sort of 10,000 rows compares 140,000 times).
    bool lessThan(int leftRow, int rightRow, int column, Qt::CaseSensitivity caseSensitivity) const;
    // Whether any column's text of `row` contains `text`, ignoring case.
    bool rowContains(int row, const QString& text) const;
    static int statusRank(ServerStatus status); // worst first: sorts not-responding to the top

private:
    void reindex();

    QList<Row> m_rows;
    QHash<qint64, int> m_rowOfServer;
};

// The instances table's sorting and filtering, straight from InstanceModel's rows: the figures
// compared as numbers and the shown texts searched. The filter keeps the rows any of whose columns
// contains the text, ignoring case.
class InstanceProxyModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit InstanceProxyModel(QObject* parent = nullptr);
    void setFilterText(const QString& text);
    QString filterText() const { return m_filter; }

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_filter;
};

} // namespace Paddock
