#include "flushtargetmodel.h"

#include "changecollector.h"
#include "displayformat.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

const QList<int> cellRoles { Qt::DisplayRole, Qt::ToolTipRole, FlushTargetModel::SortRole };

bool keyLess(const FlushTargetProgress& a, const FlushTargetProgress& b)
{
    return std::pair(a.serverName, a.serverId) < std::pair(b.serverName, b.serverId);
}

QList<FlushTargetProgress> sortedTargets(const FlushProgress& progress)
{
    QList<FlushTargetProgress> targets = progress.perTarget;
    std::sort(targets.begin(), targets.end(), keyLess);
    targets.erase(std::unique(targets.begin(), targets.end(),
                      [](const FlushTargetProgress& a, const FlushTargetProgress& b) {
                          return !keyLess(a, b) && !keyLess(b, a);
                      }),
        targets.end());
    return targets;
}

int stateRank(FlushTargetProgress::State state)
{
    switch (state) {
    case FlushTargetProgress::State::Failed:
        return 0;
    case FlushTargetProgress::State::Pending:
        return 1;
    case FlushTargetProgress::State::Acknowledged:
        return 2;
    }
    return 3;
}

} // namespace

FlushTargetModel::FlushTargetModel(QObject* parent)
    : MergingTableModel(parent)
{
}

int FlushTargetModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FlushTargetModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString FlushTargetModel::stateName(FlushTargetProgress::State state)
{
    return statusName(state);
}

QVariant FlushTargetModel::cellData(const FlushTargetProgress& target, int column, int role)
{
    const bool pending = target.state == FlushTargetProgress::State::Pending;
    switch (role) {
    case ServerIdRole:
        return target.serverId;
    case StateRole:
        return stateName(target.state);
    case Qt::TextAlignmentRole:
        return column == Elapsed ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case Qt::DisplayRole:
        switch (column) {
        case Instance:
            return target.serverName;
        case State:
            return stateName(target.state);
        case Elapsed:
            if (pending)
                return target.pendingForS ? tr("waiting %1").arg(Format::duration(target.pendingForS)) : Format::none();
            return Format::milliseconds(target.ackMs);
        case Error:
            return target.error;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == Elapsed) {
            return pending ? tr("Time since the flush was requested")
                           : tr("From the request to the delivery being processed (database clock)");
        }
        if (column == Error && !target.error.isEmpty())
            return target.error;
        return {};
    case SortRole:
        switch (column) {
        case Instance:
            return target.serverName;
        case State:
            return stateRank(target.state);
        case Elapsed: {
            const std::optional<double> ms = pending
                ? (target.pendingForS ? std::optional(*target.pendingForS * 1000.0) : std::nullopt)
                : target.ackMs;
            return ms ? QVariant(*ms) : QVariant();
        }
        case Error:
            return target.error;
        }
        return {};
    }
    return {};
}

QVariant FlushTargetModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    return cellData(m_rows.at(index.row()), index.column(), role);
}

QVariant FlushTargetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Instance:
        return tr("Instance");
    case State:
        return tr("State");
    case Elapsed:
        return tr("Time");
    case Error:
        return tr("Error");
    }
    return {};
}

QHash<int, QByteArray> FlushTargetModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(ServerIdRole, "serverId");
    names.insert(StateRole, "state");
    names.insert(SortRole, "sort");
    return names;
}

void FlushTargetModel::setProgress(const FlushProgress& progress)
{
    if (progress.request.id != m_progress.request.id) {
        beginResetModel();
        m_progress = progress;
        m_rows = sortedTargets(progress);
        endResetModel();
        return;
    }
    m_progress = progress;

    ChangeCollector changes;
    ListMerge<FlushTargetProgress> merge = rowMerge<FlushTargetProgress>();
    merge.keyLess = keyLess;
    // Field by field: a farm-wide flush has a row per instance, and every pending one moves at
    // every update.
    merge.update = [&changes](int row, const FlushTargetProgress& before, const FlushTargetProgress& after) {
        const auto bit = [](Column column) { return quint64(1) << column; };
        quint64 columns = 0;
        if (before.state != after.state) {
            changes.addColumns(row, (quint64(1) << ColumnCount) - 1, { StateRole });
            columns |= bit(State) | bit(Elapsed);
        }
        if (before.ackMs != after.ackMs || before.pendingForS != after.pendingForS)
            columns |= bit(Elapsed);
        if (before.error != after.error)
            columns |= bit(Error);
        changes.addColumns(row, columns, cellRoles);
    };
    merge.apply(m_rows, sortedTargets(progress));
    changes.emitTo(this);
}

void FlushTargetModel::clear()
{
    beginResetModel();
    m_progress = {};
    m_rows.clear();
    endResetModel();
}

int FlushTargetModel::rowOfServer(qint64 serverId) const
{
    const auto it = std::find_if(m_rows.cbegin(), m_rows.cend(),
        [serverId](const FlushTargetProgress& target) { return target.serverId == serverId; });
    return it != m_rows.cend() ? int(it - m_rows.cbegin()) : -1;
}

} // namespace Paddock
