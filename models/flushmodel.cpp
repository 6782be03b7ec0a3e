#include "flushmodel.h"

#include "changecollector.h"
#include "displayformat.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

const QList<int> cellRoles { Qt::DisplayRole, Qt::ToolTipRole, FlushModel::SortRole };
const QList<int> rowRoles { FlushModel::FlushIdRole, FlushModel::StateRole, FlushModel::DoneRole };

// Ids grow with requested_at; ordering by id keeps the merge independent of clock ties.
bool newerFirst(const FlushProgress& a, const FlushProgress& b)
{
    return a.request.id > b.request.id;
}

bool isNumeric(int column)
{
    return column == FlushModel::Id || (column >= FlushModel::Targets && column <= FlushModel::SlowestAck);
}

QString scopeText(const FlushRequestRow& request)
{
    if (request.scope == u"servers"_s)
        return FlushModel::tr("servers (%1)").arg(request.serverIds.size());
    if (request.scope == u"keys"_s)
        return FlushModel::tr("keys (%1)").arg(request.cacheKeys.size());
    return request.scope;
}

QVariant scopeToolTip(const FlushProgress& flush)
{
    const FlushRequestRow& request = flush.request;
    if (request.scope == u"keys"_s)
        return request.cacheKeys.join(QLatin1Char('\n'));
    if (request.scope == u"servers"_s) {
        QStringList names;
        for (const FlushTargetProgress& target : flush.perTarget)
            names << target.serverName;
        return names.join(u", "_s);
    }
    return {};
}

} // namespace

FlushModel::FlushModel(QObject* parent)
    : MergingTableModel(parent)
{
}

int FlushModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FlushModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString FlushModel::stateName(const FlushProgress& flush)
{
    if (flush.pending > 0)
        return u"in progress"_s;
    if (flush.failed > 0)
        return u"failed targets"_s;
    return u"done"_s;
}

namespace {

using enum FlushModel::Column;

QVariant displayData(const FlushProgress& flush, int column)
{
    const FlushRequestRow& request = flush.request;
    switch (column) {
    case Id:
        return QString::number(request.id);
    case RequestedAt:
        return Format::dateTime(request.requestedAt);
    case RequestedBy:
        return request.requestedBy;
    case Scope:
        return scopeText(request);
    case Reason:
        return request.reason;
    case Targets:
        return Format::integer(flush.targets);
    case Acknowledged:
        return Format::integer(flush.acknowledged);
    case Failed:
        return Format::integer(flush.failed);
    case Pending:
        return Format::integer(flush.pending);
    case SlowestAck:
        return Format::milliseconds(flush.slowestAckMs);
    case State:
        return FlushModel::stateName(flush);
    }
    return {};
}

QVariant toolTipData(const FlushProgress& flush, int column)
{
    const FlushRequestRow& request = flush.request;
    switch (column) {
    case RequestedAt:
        return Format::isoUtc(request.requestedAt);
    case RequestedBy: {
        QStringList parts;
        if (!request.clientAddr.isEmpty())
            parts << FlushModel::tr("from %1").arg(request.clientAddr);
        if (!request.applicationName.isEmpty())
            parts << FlushModel::tr("with %1").arg(request.applicationName);
        return parts.isEmpty() ? QVariant() : QVariant(parts.join(QLatin1Char(' ')));
    }
    case Scope:
        return scopeToolTip(flush);
    case Reason:
        return request.reason.isEmpty() ? QVariant() : QVariant(request.reason);
    case State:
        return FlushModel::tr("%1 of %2 acknowledged, %3 failed, %4 pending")
            .arg(flush.acknowledged)
            .arg(flush.targets)
            .arg(flush.failed)
            .arg(flush.pending);
    }
    return {};
}

QVariant sortData(const FlushProgress& flush, int column)
{
    const FlushRequestRow& request = flush.request;
    switch (column) {
    case Id:
        return request.id;
    case RequestedAt:
        return request.requestedAt;
    case RequestedBy:
        return request.requestedBy;
    case Scope:
        return request.scope;
    case Reason:
        return request.reason;
    case Targets:
        return flush.targets;
    case Acknowledged:
        return flush.acknowledged;
    case Failed:
        return flush.failed;
    case Pending:
        return flush.pending;
    case SlowestAck:
        return flush.slowestAckMs ? QVariant(*flush.slowestAckMs) : QVariant();
    case State:
        return flush.pending > 0 ? 0 : flush.failed > 0 ? 1 : 2;
    }
    return {};
}

} // namespace

QVariant FlushModel::cellData(const FlushProgress& flush, int column, int role)
{
    switch (role) {
    case FlushIdRole:
        return flush.request.id;
    case StateRole:
        return stateName(flush);
    case DoneRole:
        return flush.done();
    case Qt::TextAlignmentRole:
        return isNumeric(column) ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case Qt::DisplayRole:
        return displayData(flush, column);
    case Qt::ToolTipRole:
        return toolTipData(flush, column);
    case SortRole:
        return sortData(flush, column);
    }
    return {};
}

QVariant FlushModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    return cellData(m_rows.at(index.row()), index.column(), role);
}

QVariant FlushModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return isNumeric(section) ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    if (role == Qt::ToolTipRole && section == SlowestAck)
        return tr("Slowest acknowledgement: from the request to the delivery being processed");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id:
        return tr("Id");
    case RequestedAt:
        return tr("Requested");
    case RequestedBy:
        return tr("By");
    case Scope:
        return tr("Scope");
    case Reason:
        return tr("Reason");
    case Targets:
        return tr("Targets");
    case Acknowledged:
        return tr("Acknowledged");
    case Failed:
        return tr("Failed");
    case Pending:
        return tr("Pending");
    case SlowestAck:
        return tr("Slowest");
    case State:
        return tr("State");
    }
    return {};
}

QHash<int, QByteArray> FlushModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(FlushIdRole, "flushId");
    names.insert(StateRole, "state");
    names.insert(SortRole, "sort");
    names.insert(DoneRole, "done");
    return names;
}

void FlushModel::setFlushes(const QList<FlushProgress>& flushes)
{
    QList<FlushProgress> next = flushes;
    std::sort(next.begin(), next.end(), newerFirst);
    next.erase(std::unique(next.begin(), next.end(),
                   [](const FlushProgress& a, const FlushProgress& b) { return a.request.id == b.request.id; }),
        next.end());

    ChangeCollector changes;
    ListMerge<FlushProgress> merge = rowMerge<FlushProgress>([this] { reindex(); });
    merge.keyLess = newerFirst;
    merge.update = [&changes](int row, const FlushProgress& before, const FlushProgress& after) {
        changes.compareItems(row, before, after, ColumnCount, cellRoles, rowRoles, cellData);
    };
    merge.apply(m_rows, next);
    changes.emitTo(this);
}

void FlushModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_rowOfFlush.clear();
    endResetModel();
}

int FlushModel::rowOfFlush(qint64 flushId) const
{
    return m_rowOfFlush.value(flushId, -1);
}

qint64 FlushModel::flushIdAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).request.id : 0;
}

FlushProgress FlushModel::progressAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : FlushProgress();
}

void FlushModel::reindex()
{
    m_rowOfFlush.clear();
    for (int row = 0; row < m_rows.size(); ++row)
        m_rowOfFlush.insert(m_rows.at(row).request.id, row);
}

} // namespace Paddock
