#include "storagemodel.h"

#include "changecollector.h"
#include "displayformat.h"

#include <algorithm>
#include <limits>
#include <QSet>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

const QList<int> fixedRoles { Qt::DisplayRole, Qt::ToolTipRole, StorageModel::SortRole };
const QList<int> rowRoles { StorageModel::StorageIdRole, StorageModel::StatusRole };
const QList<int> probeRoles { Qt::DisplayRole, Qt::ToolTipRole, StorageModel::SortRole, StorageModel::ProbeOkRole,
    StorageModel::ProbeLatencyRole, StorageModel::ProbeErrorRole, StorageModel::ProbeAgeRole,
    StorageModel::ProbeFreeBytesRole };

bool storageLess(const StorageFigures& a, const StorageFigures& b)
{
    return std::pair(a.storage.name, a.storage.id) < std::pair(b.storage.name, b.storage.id);
}

template<typename T, typename Less> void sortUnique(QList<T>& list, Less less)
{
    std::sort(list.begin(), list.end(), less);
    list.erase(
        std::unique(list.begin(), list.end(), [&](const T& a, const T& b) { return !less(a, b) && !less(b, a); }),
        list.end());
}

std::optional<double> ageS(const ProbeRow& probe, const QDateTime& now)
{
    if (!probe.probedAt.isValid() || !now.isValid())
        return std::nullopt;
    return double(probe.probedAt.msecsTo(now)) / 1000.0;
}

bool instanceLess(const StorageModel::Instance& a, const StorageModel::Instance& b)
{
    return std::pair(a.name, a.id) < std::pair(b.name, b.id);
}

// The probe roles, as bits of their index in probeRoles.
quint32 probeBit(int role)
{
    return quint32(1) << probeRoles.indexOf(role);
}

// The roles of a probe cell whose values differ between two probes (either may be missing), each
// seen at its own `now`, as probeBit()s: field by field, without making the values (ProbeAgeRole
// and the tooltip move for every cell whenever time passes).
quint32 probeChanges(
    const ProbeRow* before, const QDateTime& nowBefore, const ProbeRow* after, const QDateTime& nowAfter)
{
    if (!before && !after)
        return 0;
    if (!before || !after)
        return (quint32(1) << probeRoles.size()) - 1;
    quint32 roles = 0;
    const bool shown = before->ok != after->ok || before->latencyMs != after->latencyMs;
    if (shown)
        roles |= probeBit(Qt::DisplayRole) | probeBit(StorageModel::SortRole);
    if (before->ok != after->ok)
        roles |= probeBit(StorageModel::ProbeOkRole);
    if (before->latencyMs != after->latencyMs)
        roles |= probeBit(StorageModel::ProbeLatencyRole);
    const auto error = [](const ProbeRow& p) { return p.ok || p.error.isNull() ? QString() : p.error; };
    if (error(*before) != error(*after) || before->ok != after->ok)
        roles |= probeBit(StorageModel::ProbeErrorRole);
    if (before->freeBytes != after->freeBytes)
        roles |= probeBit(StorageModel::ProbeFreeBytesRole);
    if (ageS(*before, nowBefore) != ageS(*after, nowAfter))
        roles |= probeBit(StorageModel::ProbeAgeRole);
    if (roles != 0)
        roles |= probeBit(Qt::ToolTipRole);
    return roles;
}

} // namespace

StorageModel::StorageModel(QObject* parent)
    : MergingTableModel(parent)
{
}

int StorageModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StorageModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : FixedColumnCount + int(m_instances.size());
}

int StorageModel::statusRank(StorageStatus status)
{
    switch (status) {
    case StorageStatus::Failing:
        return 0;
    case StorageStatus::Partial:
        return 1;
    case StorageStatus::Unknown:
        return 2;
    case StorageStatus::Ok:
        return 3;
    }
    return 4;
}

QVariant StorageModel::rowData(const StorageFigures& storage, int role)
{
    switch (role) {
    case StorageIdRole:
        return storage.storage.id;
    case StatusRole:
        return statusName(storage.status);
    }
    return {};
}

QVariant StorageModel::fixedData(const StorageFigures& storage, int column, int role)
{
    if (role == StorageIdRole || role == StatusRole)
        return rowData(storage, role);
    switch (column) {
    case Name:
        if (role == Qt::DisplayRole || role == SortRole)
            return storage.storage.name;
        if (role == Qt::ToolTipRole && !storage.storage.location.isEmpty())
            return storage.storage.location;
        return {};
    case Kind:
        if (role == Qt::DisplayRole || role == SortRole)
            return storage.storage.kind;
        return {};
    case Status:
        if (role == Qt::DisplayRole)
            return statusName(storage.status);
        if (role == SortRole)
            return statusRank(storage.status);
        if (role == Qt::ToolTipRole) {
            QStringList lines;
            if (!storage.failingServers.isEmpty())
                lines << tr("failing on %1").arg(storage.failingServers.join(u", "_s));
            lines << (storage.probingServers.size() == 1 ? tr("probed by %1 instance") : tr("probed by %1 instances"))
                         .arg(storage.probingServers.size());
            return lines.join(QLatin1Char('\n'));
        }
        return {};
    case LatencyP95:
        if (role == Qt::DisplayRole)
            return Format::milliseconds(storage.probeLatencyP95Ms);
        if (role == SortRole)
            return storage.probeLatencyP95Ms ? QVariant(*storage.probeLatencyP95Ms) : QVariant();
        if (role == Qt::ToolTipRole)
            return tr("95th percentile of the probe latency over the window");
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return {};
}

QVariant StorageModel::probeData(const ProbeRow* probe, const QDateTime& now, int role)
{
    if (!probe)
        return role == Qt::DisplayRole ? QVariant(Format::none()) : QVariant();
    switch (role) {
    case Qt::DisplayRole:
        if (!probe->ok)
            return tr("failed");
        return probe->latencyMs ? tr("ok %1").arg(Format::milliseconds(probe->latencyMs)) : tr("ok");
    case Qt::ToolTipRole: {
        QStringList lines;
        if (probe->ok)
            lines << (probe->latencyMs ? tr("ok in %1").arg(Format::milliseconds(probe->latencyMs)) : tr("ok"));
        else
            lines << (probe->error.isEmpty() ? tr("failed") : tr("failed: %1").arg(probe->error));
        if (probe->freeBytes)
            lines << tr("%1 free").arg(Format::bytes(probe->freeBytes));
        if (const auto age = ageS(*probe, now))
            lines << tr("probed %1 ago").arg(Format::duration(age));
        return lines.join(QLatin1Char('\n'));
    }
    case SortRole:
        if (!probe->ok)
            return std::numeric_limits<double>::infinity(); // worse than any latency
        return probe->latencyMs ? QVariant(*probe->latencyMs) : QVariant();
    case ProbeOkRole:
        return probe->ok;
    case ProbeLatencyRole:
        return probe->latencyMs ? QVariant(*probe->latencyMs) : QVariant();
    case ProbeErrorRole:
        return probe->ok || probe->error.isNull() ? QVariant() : QVariant(probe->error);
    case ProbeAgeRole: {
        const auto age = ageS(*probe, now);
        return age ? QVariant(*age) : QVariant();
    }
    case ProbeFreeBytesRole:
        return probe->freeBytes ? QVariant(*probe->freeBytes) : QVariant();
    }
    return {};
}

const ProbeRow* StorageModel::probe(qint64 storageId, qint64 serverId) const
{
    const auto it = m_probes.constFind({ storageId, serverId });
    return it != m_probes.cend() ? &*it : nullptr;
}

QVariant StorageModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const StorageFigures& storage = m_rows.at(index.row());
    if (index.column() < FixedColumnCount)
        return fixedData(storage, index.column(), role);
    if (role == StorageIdRole || role == StatusRole)
        return rowData(storage, role);
    const Instance& instance = m_instances.at(index.column() - FixedColumnCount);
    if (role == ServerIdRole)
        return instance.id;
    return probeData(probe(storage.storage.id, instance.id), m_now, role);
}

QVariant StorageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return {};
    if (section >= FixedColumnCount) {
        const Instance& instance = m_instances.at(section - FixedColumnCount);
        switch (role) {
        case Qt::DisplayRole:
            return instance.name;
        case Qt::ToolTipRole: {
            QStringList parts { instance.name };
            if (!instance.zone.isEmpty())
                parts << instance.zone;
            if (!instance.host.isEmpty())
                parts << instance.host;
            return parts.join(u", "_s);
        }
        case ServerIdRole:
            return instance.id;
        }
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Storage");
    case Kind:
        return tr("Kind");
    case Status:
        return tr("Status");
    case LatencyP95:
        return tr("p95");
    }
    return {};
}

QHash<int, QByteArray> StorageModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(StorageIdRole, "storageId");
    names.insert(StatusRole, "status");
    names.insert(SortRole, "sort");
    names.insert(ServerIdRole, "serverId");
    names.insert(ProbeOkRole, "probeOk");
    names.insert(ProbeLatencyRole, "probeLatency");
    names.insert(ProbeErrorRole, "probeError");
    names.insert(ProbeAgeRole, "probeAge");
    names.insert(ProbeFreeBytesRole, "probeFreeBytes");
    return names;
}

StorageModel::State StorageModel::stateOf(const FarmSnapshot& snapshot, const QList<ProbeRow>& latestProbes)
{
    State state;
    state.instances.reserve(snapshot.servers.size());
    for (const ServerFigures& figures : snapshot.servers)
        state.instances.append(
            Instance { figures.server.id, figures.server.name, figures.server.zone, figures.server.host });
    sortUnique(state.instances, instanceLess);
    state.storages = snapshot.storage;
    sortUnique(state.storages, storageLess);
    state.probes.reserve(latestProbes.size());
    for (const ProbeRow& row : latestProbes) {
        auto it = state.probes.find({ row.storageId, row.serverId });
        if (it == state.probes.end())
            state.probes.insert({ row.storageId, row.serverId }, row);
        else if (row.probedAt > it->probedAt)
            *it = row;
    }
    state.now = snapshot.generatedAt;
    return state;
}

QList<StorageModel::ProbeCellChange> StorageModel::probeCellChanges(const State& state) const
{
    QSet<qint64> nextStorages;
    for (const StorageFigures& storage : state.storages)
        nextStorages.insert(storage.storage.id);
    QSet<qint64> nextServers;
    for (const Instance& instance : state.instances)
        nextServers.insert(instance.id);
    QList<ProbeCellChange> cellChanges;
    for (const StorageFigures& storage : std::as_const(m_rows)) {
        const qint64 storageId = storage.storage.id;
        if (!nextStorages.contains(storageId))
            continue;
        for (const Instance& instance : std::as_const(m_instances)) {
            if (!nextServers.contains(instance.id))
                continue;
            const auto after = state.probes.constFind({ storageId, instance.id });
            const quint32 roles = probeChanges(
                probe(storageId, instance.id), m_now, after != state.probes.cend() ? &*after : nullptr, state.now);
            if (roles != 0)
                cellChanges.append(ProbeCellChange { storageId, instance.id, roles });
        }
    }
    return cellChanges;
}

QList<int> StorageModel::mergeColumns(const QList<Instance>& instances)
{
    QList<int> headersChanged;
    ListMerge<Instance> columns;
    columns.keyLess = instanceLess;
    columns.beginRemove
        = [this](int first, int last) { beginRemoveColumns({}, first + FixedColumnCount, last + FixedColumnCount); };
    columns.endRemove = [this] {
        reindex();
        endRemoveColumns();
    };
    columns.beginInsert
        = [this](int first, int last) { beginInsertColumns({}, first + FixedColumnCount, last + FixedColumnCount); };
    columns.endInsert = [this] {
        reindex();
        endInsertColumns();
    };
    columns.update = [&headersChanged](int index, const Instance& before, const Instance& after) {
        if (before.zone != after.zone || before.host != after.host)
            headersChanged.append(index + FixedColumnCount);
    };
    columns.apply(m_instances, instances);
    return headersChanged;
}

void StorageModel::mergeRows(const QList<StorageFigures>& storages, ChangeCollector& changes)
{
    ListMerge<StorageFigures> rows = rowMerge<StorageFigures>([this] { reindex(); });
    rows.keyLess = storageLess;
    const int lastColumn = columnCount() - 1;
    rows.update = [&changes, lastColumn](int row, const StorageFigures& before, const StorageFigures& after) {
        // The row's own roles answer in every column: a change there touches the whole row.
        QList<int> changedRowRoles;
        for (int role : rowRoles) {
            if (rowData(before, role) != rowData(after, role))
                changedRowRoles.append(role);
        }
        if (!changedRowRoles.isEmpty()) {
            const quint64 bits = changes.bitsOf(changedRowRoles);
            for (int column = 0; column <= lastColumn; ++column)
                changes.addBits(row, column, bits);
        }
        changes.compareRow(
            row, 0, FixedColumnCount - 1, fixedRoles, {},
            [&before](int column, int role) { return fixedData(before, column, role); },
            [&after](int column, int role) { return fixedData(after, column, role); });
    };
    rows.apply(m_rows, storages);
}

void StorageModel::addProbeCellChanges(const QList<ProbeCellChange>& cellChanges, ChangeCollector& changes) const
{
    // The probe cells, their roles turned into the collector's bits once per set of roles.
    QHash<quint32, quint64> bitsOfRoles;
    for (const ProbeCellChange& change : cellChanges) {
        auto bits = bitsOfRoles.find(change.roles);
        if (bits == bitsOfRoles.end()) {
            QList<int> roles;
            for (int i = 0; i < probeRoles.size(); ++i) {
                if (change.roles & (quint32(1) << i))
                    roles.append(probeRoles[i]);
            }
            bits = bitsOfRoles.insert(change.roles, changes.bitsOf(roles));
        }
        changes.addBits(rowOfStorage(change.storageId), columnOfServer(change.serverId), *bits);
    }
}

void StorageModel::setState(const State& state)
{
    const QList<ProbeCellChange> cellChanges = probeCellChanges(state);
    m_probes = state.probes;
    m_now = state.now;
    const QList<int> headersChanged = mergeColumns(state.instances);
    ChangeCollector changes;
    mergeRows(state.storages, changes);
    addProbeCellChanges(cellChanges, changes);
    changes.emitTo(this);
    for (int section : headersChanged)
        Q_EMIT headerDataChanged(Qt::Horizontal, section, section);
}

void StorageModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_instances.clear();
    m_probes.clear();
    m_now = {};
    m_rowOfStorage.clear();
    m_columnOfServer.clear();
    endResetModel();
}

int StorageModel::rowOfStorage(qint64 storageId) const
{
    return m_rowOfStorage.value(storageId, -1);
}

qint64 StorageModel::storageIdAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).storage.id : 0;
}

int StorageModel::columnOfServer(qint64 serverId) const
{
    return m_columnOfServer.value(serverId, -1);
}

qint64 StorageModel::serverIdAtColumn(int column) const
{
    const int index = column - FixedColumnCount;
    return index >= 0 && index < m_instances.size() ? m_instances.at(index).id : 0;
}

void StorageModel::reindex()
{
    m_rowOfStorage.clear();
    for (int row = 0; row < m_rows.size(); ++row)
        m_rowOfStorage.insert(m_rows.at(row).storage.id, row);
    m_columnOfServer.clear();
    for (int index = 0; index < m_instances.size(); ++index)
        m_columnOfServer.insert(m_instances.at(index).id, index + FixedColumnCount);
}

} // namespace Paddock
