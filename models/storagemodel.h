#pragma once

#include "figures.h"
#include "mergingtablemodel.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <utility>

namespace Paddock {

class ChangeCollector;

// Shared storage × instance: one row per storage (by name) with its figures, then one column per
// instance (by name) with that instance's latest probe of the storage. Instances joining or
// leaving insert or remove columns; everything else is merged.
class StorageModel : public MergingTableModel {
    Q_OBJECT

public:
    enum Column { Name, Kind, Status, LatencyP95, FixedColumnCount };
    Q_ENUM(Column)

    // StorageIdRole and StatusRole describe the row and answer in every column; the Probe roles and
    // ServerIdRole answer in the instance columns.
    enum Role {
        StorageIdRole = Qt::UserRole, // qint64
        StatusRole, // storage status name: "ok", "partial", "failing", "unknown"
        SortRole, // raw value; invalid when there is nothing to sort by
        ServerIdRole, // qint64, instance columns (also in headerData)
        ProbeOkRole, // bool, invalid without a probe
        ProbeLatencyRole, // double ms, invalid when unknown
        ProbeErrorRole, // QString, invalid unless the probe failed with a message
        ProbeAgeRole, // double seconds since the probe (database clock)
        ProbeFreeBytesRole, // qint64, invalid when unknown
    };
    Q_ENUM(Role)

    struct Instance {
        qint64 id = 0;
        QString name;
        QString zone;
        QString host;
    };
    using ProbeKey = std::pair<qint64, qint64>; // storage id, server id
    // What the model shows, in its order, made where the update is made (the engine's thread).
    struct State {
        QList<Instance> instances; // by name
        QList<StorageFigures> storages; // by name
        QHash<ProbeKey, ProbeRow> probes; // the latest of each (storage, instance)
        QDateTime now;
    };
    // latestProbes: the latest probe of each (storage, instance), as in FarmData::latestProbes.
    static State stateOf(const FarmSnapshot& snapshot, const QList<ProbeRow>& latestProbes);

    explicit StorageModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setState(const FarmSnapshot& snapshot, const QList<ProbeRow>& latestProbes)
    {
        setState(stateOf(snapshot, latestProbes));
    }
    void setState(const State& state);
    // A new connection: forget every row and column.
    void clear();

    int instanceCount() const { return int(m_instances.size()); }
    int rowOfStorage(qint64 storageId) const; // -1 when unknown
    qint64 storageIdAt(int row) const; // 0 when out of range
    int columnOfServer(qint64 serverId) const; // -1 when unknown
    qint64 serverIdAtColumn(int column) const; // 0 for a fixed column

    static int statusRank(StorageStatus status); // worst first

private:
    static QVariant fixedData(const StorageFigures& storage, int column, int role);
    static QVariant rowData(const StorageFigures& storage, int role);
    static QVariant probeData(const ProbeRow* probe, const QDateTime& now, int role);
    const ProbeRow* probe(qint64 storageId, qint64 serverId) const;
    void reindex();

    // The phases of setState(). A probe cell present before and after, compared by ids, is
    // signalled at its final indices once rows and columns are merged.
    struct ProbeCellChange {
        qint64 storageId;
        qint64 serverId;
        quint32 roles; // probeBit()s
    };
    QList<ProbeCellChange> probeCellChanges(const State& state) const;
    QList<int> mergeColumns(const QList<Instance>& instances); // the header sections whose text changed
    void mergeRows(const QList<StorageFigures>& storages, ChangeCollector& changes);
    void addProbeCellChanges(const QList<ProbeCellChange>& cellChanges, ChangeCollector& changes) const;

    QList<StorageFigures> m_rows;
    QList<Instance> m_instances;
    QHash<ProbeKey, ProbeRow> m_probes;
    QDateTime m_now;
    QHash<qint64, int> m_rowOfStorage;
    QHash<qint64, int> m_columnOfServer;
};

} // namespace Paddock
