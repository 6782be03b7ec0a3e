#include "instancemodel.h"

#include "changecollector.h"
#include "displayformat.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

bool keyLess(const ServerFigures& a, const ServerFigures& b)
{
    return std::pair(a.server.name, a.server.id) < std::pair(b.server.name, b.server.id);
}

bool rowLess(const InstanceModel::Row& a, const InstanceModel::Row& b)
{
    return keyLess(a.figures, b.figures);
}

template<typename T> QVariant optionalValue(const std::optional<T>& value)
{
    return value ? QVariant::fromValue(*value) : QVariant();
}

bool isNumeric(int column)
{
    return column >= InstanceModel::LastHeartbeat && column <= InstanceModel::Memory;
}

// A changed text changes these roles of its cell (the tooltip and the sort value follow the figure).
const QList<int> cellRoles { Qt::DisplayRole, Qt::ToolTipRole, InstanceModel::SortRole };

bool isTextColumn(int column)
{
    return column == InstanceModel::Name || column == InstanceModel::Why || column == InstanceModel::Zone
        || column == InstanceModel::Host || column == InstanceModel::Version;
}

QString textKey(const ServerFigures& f, int column)
{
    switch (column) {
    case InstanceModel::Name:
        return f.server.name;
    case InstanceModel::Why:
        return f.reasons.join(QStringLiteral("; "));
    case InstanceModel::Zone:
        return f.server.zone;
    case InstanceModel::Host:
        return f.server.host;
    case InstanceModel::Version:
        return f.server.version;
    }
    return {};
}

// The value a numeric column sorts by; nullopt for a null figure, which sorts last.
std::optional<double> numberKey(const ServerFigures& f, int column)
{
    const auto number = [](const auto& value) -> std::optional<double> {
        return value ? std::optional<double>(double(*value)) : std::nullopt;
    };
    switch (column) {
    case InstanceModel::Status:
        return InstanceModel::statusRank(f.status);
    case InstanceModel::LastHeartbeat:
        return f.lastHeartbeatAgeS;
    case InstanceModel::ClockSkew:
        return f.clockSkewMs ? std::optional<double>(std::abs(*f.clockSkewMs)) : std::nullopt;
    case InstanceModel::Backlog:
        return double(f.backlog);
    case InstanceModel::OldestPending:
        return f.oldestPendingAgeS;
    case InstanceModel::ProcessedPerS:
        return f.deliveriesProcessedPerS;
    case InstanceModel::Failed:
        return double(f.deliveriesFailed);
    case InstanceModel::HitRatio:
        return f.cacheHitRatio;
    case InstanceModel::LatencyP50:
        return f.cacheLatency.p50;
    case InstanceModel::LatencyP95:
        return f.cacheLatency.p95;
    case InstanceModel::LatencyP99:
        return f.cacheLatency.p99;
    case InstanceModel::LatencyMax:
        return f.cacheLatency.max;
    case InstanceModel::CacheItems:
        return number(f.cacheItems);
    case InstanceModel::Memory:
        return number(f.memoryBytes);
    }
    return std::nullopt;
}

QVariant sortValue(const ServerFigures& f, int column)
{
    if (isTextColumn(column))
        return textKey(f, column);
    const std::optional<double> key = numberKey(f, column);
    return key ? QVariant(*key) : QVariant();
}

QString displayValue(const ServerFigures& f, int column)
{
    switch (column) {
    case InstanceModel::Status:
        if (f.isUnknown())
            return InstanceModel::tr("unknown \u2014 last seen %1 at %2")
                .arg(statusName(f.status), f.lastSeenAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")));
        return statusName(f.status);
    case InstanceModel::Name:
        return f.server.name;
    case InstanceModel::Why:
        if (f.isUnknown())
            return InstanceModel::tr("last seen %1 at %2; the database does not answer in time")
                       .arg(statusName(f.status), f.lastSeenAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")))
                + (f.reasons.isEmpty() ? QString() : QStringLiteral("; ") + f.reasons.join(QStringLiteral("; ")));
        return f.reasons.join(QStringLiteral("; "));
    case InstanceModel::Zone:
        return f.server.zone;
    case InstanceModel::Host:
        return f.server.host;
    case InstanceModel::Version:
        return f.server.version;
    case InstanceModel::LastHeartbeat:
        return Format::duration(f.lastHeartbeatAgeS);
    case InstanceModel::ClockSkew:
        return Format::signedMilliseconds(f.clockSkewMs);
    case InstanceModel::Backlog:
        return Format::integer(f.backlog);
    case InstanceModel::OldestPending:
        return Format::duration(f.oldestPendingAgeS);
    case InstanceModel::ProcessedPerS:
        return Format::rate(f.deliveriesProcessedPerS);
    case InstanceModel::Failed:
        return Format::integer(f.deliveriesFailed);
    case InstanceModel::HitRatio:
        return Format::percent(f.cacheHitRatio);
    case InstanceModel::LatencyP50:
        return Format::milliseconds(f.cacheLatency.p50);
    case InstanceModel::LatencyP95:
        return Format::milliseconds(f.cacheLatency.p95);
    case InstanceModel::LatencyP99:
        return Format::milliseconds(f.cacheLatency.p99);
    case InstanceModel::LatencyMax:
        return Format::milliseconds(f.cacheLatency.max);
    case InstanceModel::CacheItems:
        return f.cacheItems ? Format::integer(*f.cacheItems) : Format::none();
    case InstanceModel::Memory:
        return Format::bytes(f.memoryBytes);
    }
    return {};
}

QVariant toolTip(const ServerFigures& f, int column)
{
    switch (column) {
    case InstanceModel::Status:
        return f.reasons.isEmpty() ? statusName(f.status) : f.reasons.join(QLatin1Char('\n'));
    case InstanceModel::Name:
        if (!f.server.displayName.isEmpty() && f.server.displayName != f.server.name)
            return f.server.displayName;
        return {};
    case InstanceModel::Why:
        return f.reasons.isEmpty() ? QVariant() : QVariant(f.reasons.join(QLatin1Char('\n')));
    case InstanceModel::LatencyP50:
    case InstanceModel::LatencyP95:
    case InstanceModel::LatencyP99:
    case InstanceModel::LatencyMax:
        return (f.cacheLatency.count == 1 ? InstanceModel::tr("%1 cache invalidation measured")
                                          : InstanceModel::tr("%1 cache invalidations measured"))
            .arg(Format::integer(f.cacheLatency.count));
    case InstanceModel::Failed:
        return InstanceModel::tr("%1 of %2 deliveries processed in the window failed")
            .arg(Format::integer(f.deliveriesFailed), Format::integer(f.deliveriesProcessed));
    }
    return {};
}

} // namespace

InstanceModel::InstanceModel(QObject* parent)
    : MergingTableModel(parent)
{
}

int InstanceModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int InstanceModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int InstanceModel::statusRank(ServerStatus status)
{
    switch (status) {
    case ServerStatus::NotResponding:
        return 0;
    case ServerStatus::Degraded:
        return 1;
    case ServerStatus::Stopped:
        return 2;
    case ServerStatus::Disabled:
        return 3;
    case ServerStatus::Healthy:
        return 4;
    }
    return 5;
}

QVariant InstanceModel::cellData(const ServerFigures& figures, int column, int role)
{
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(figures, column);
    case Qt::ToolTipRole:
        return toolTip(figures, column);
    case Qt::TextAlignmentRole:
        return isNumeric(column) ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case ServerIdRole:
        return figures.server.id;
    case StatusRole:
        return figures.isUnknown() ? QStringLiteral("unknown") : statusName(figures.status);
    case SortRole:
        return sortValue(figures, column);
    case ReasonsRole:
        return figures.reasons;
    case ZoneRole:
        return figures.server.zone;
    }
    return {};
}

QVariant InstanceModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    if (role == Qt::DisplayRole)
        return row.texts.at(index.column());
    if (role == StatusRole)
        return row.status;
    return cellData(row.figures, index.column(), role);
}

QVariant InstanceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Status:
            return tr("Status");
        case Name:
            return tr("Instance");
        case Why:
            return tr("Why");
        case Zone:
            return tr("Zone");
        case Host:
            return tr("Host");
        case Version:
            return tr("Version");
        case LastHeartbeat:
            return tr("Last heartbeat");
        case ClockSkew:
            return tr("Clock skew");
        case Backlog:
            return tr("Backlog");
        case OldestPending:
            return tr("Oldest pending");
        case ProcessedPerS:
            return tr("Processed");
        case Failed:
            return tr("Failed");
        case HitRatio:
            return tr("Hit ratio");
        case LatencyP50:
            return tr("p50");
        case LatencyP95:
            return tr("p95");
        case LatencyP99:
            return tr("p99");
        case LatencyMax:
            return tr("Max");
        case CacheItems:
            return tr("Cache items");
        case Memory:
            return tr("Memory");
        }
    } else if (role == Qt::ToolTipRole) {
        switch (section) {
        case LastHeartbeat:
            return tr("Time since the latest heartbeat was received (database clock)");
        case ClockSkew:
            return tr("Median of the instance clock minus the database clock over the window");
        case Backlog:
            return tr("Pending deliveries");
        case OldestPending:
            return tr("Age of the oldest pending delivery");
        case ProcessedPerS:
            return tr("Deliveries processed per second over the window");
        case Failed:
            return tr("Deliveries processed with an error over the window");
        case HitRatio:
            return tr("Cache hits / (hits + misses) over the window");
        case LatencyP50:
        case LatencyP95:
        case LatencyP99:
        case LatencyMax:
            return tr("Cache-invalidation latency: task created to delivery processed, database clock");
        }
    } else if (role == Qt::TextAlignmentRole) {
        return isNumeric(section) ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    }
    return {};
}

QHash<int, QByteArray> InstanceModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(ServerIdRole, "serverId");
    names.insert(StatusRole, "status");
    names.insert(SortRole, "sort");
    names.insert(ReasonsRole, "reasons");
    names.insert(ZoneRole, "zone");
    return names;
}

QList<InstanceModel::Row> InstanceModel::rowsOf(const FarmSnapshot& snapshot)
{
    QList<ServerFigures> servers = snapshot.servers;
    std::sort(servers.begin(), servers.end(), keyLess); // the merge relies on it; the engine sorts already
    servers.erase(std::unique(servers.begin(), servers.end(),
                      [](const ServerFigures& a, const ServerFigures& b) { return !keyLess(a, b) && !keyLess(b, a); }),
        servers.end());
    QList<Row> rows;
    rows.reserve(servers.size());
    for (const ServerFigures& figures : std::as_const(servers)) {
        Row row { figures, {}, cellData(figures, 0, StatusRole).toString() };
        row.texts.reserve(ColumnCount);
        for (int column = 0; column < ColumnCount; ++column)
            row.texts.append(displayValue(figures, column));
        rows.append(std::move(row));
    }
    return rows;
}

void InstanceModel::setRows(const QList<Row>& rows)
{
    // Compares texts, not figures: a figure that moves without its text changing is not news.
    static_assert(ColumnCount <= 64);
    ChangeCollector changes(ChangeCollector::Runs::FirstToLast);
    ListMerge<Row> merge = rowMerge<Row>([this] { reindex(); });
    merge.keyLess = rowLess;
    merge.update = [&changes](int row, const Row& before, const Row& after) {
        QList<int> rowChanges;
        if (before.status != after.status)
            rowChanges.append(StatusRole);
        if (before.figures.reasons != after.figures.reasons)
            rowChanges.append(ReasonsRole);
        if (before.figures.server.zone != after.figures.server.zone)
            rowChanges.append(ZoneRole);
        if (!rowChanges.isEmpty())
            changes.addColumns(row, (quint64(1) << ColumnCount) - 1, rowChanges);
        quint64 columns = 0;
        for (int column = 0; column < ColumnCount; ++column) {
            if (before.texts.at(column) != after.texts.at(column))
                columns |= quint64(1) << column;
        }
        changes.addColumns(row, columns, cellRoles);
    };
    merge.apply(m_rows, rows);
    changes.emitTo(this);
}

bool InstanceModel::lessThan(int leftRow, int rightRow, int column, Qt::CaseSensitivity caseSensitivity) const
{
    const ServerFigures& left = m_rows.at(leftRow).figures;
    const ServerFigures& right = m_rows.at(rightRow).figures;
    if (isTextColumn(column))
        return QString::compare(textKey(left, column), textKey(right, column), caseSensitivity) < 0;
    const std::optional<double> a = numberKey(left, column);
    const std::optional<double> b = numberKey(right, column);
    if (!a)
        return false;
    return !b || *a < *b;
}

bool InstanceModel::rowContains(int row, const QString& text) const
{
    for (const QString& shown : m_rows.at(row).texts) {
        if (shown.contains(text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

InstanceProxyModel::InstanceProxyModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(InstanceModel::SortRole);
}

void InstanceProxyModel::setFilterText(const QString& text)
{
    if (text == m_filter)
        return;
    m_filter = text;
    invalidateFilter();
}

bool InstanceProxyModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const auto* model = qobject_cast<const InstanceModel*>(sourceModel());
    if (!model || left.column() != right.column())
        return QSortFilterProxyModel::lessThan(left, right);
    return model->lessThan(left.row(), right.row(), left.column(), sortCaseSensitivity());
}

bool InstanceProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const auto* model = qobject_cast<const InstanceModel*>(sourceModel());
    if (m_filter.isEmpty() || !model || sourceParent.isValid())
        return true;
    return model->rowContains(sourceRow, m_filter);
}

void InstanceModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_rowOfServer.clear();
    endResetModel();
}

int InstanceModel::rowOfServer(qint64 serverId) const
{
    return m_rowOfServer.value(serverId, -1);
}

qint64 InstanceModel::serverIdAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).figures.server.id : 0;
}

ServerFigures InstanceModel::figuresAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).figures : ServerFigures();
}

void InstanceModel::reindex()
{
    m_rowOfServer.clear();
    m_rowOfServer.reserve(m_rows.size());
    for (int row = 0; row < m_rows.size(); ++row)
        m_rowOfServer.insert(m_rows.at(row).figures.server.id, row);
}

} // namespace Paddock
