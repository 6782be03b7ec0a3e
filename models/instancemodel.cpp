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

// A changed text changes these roles of its cell (the tooltip and the sort value follow the figure).
const QList<int> cellRoles { Qt::DisplayRole, Qt::ToolTipRole, InstanceModel::SortRole };

std::optional<double> asNumber(const std::optional<qint64>& value)
{
    return value ? std::optional<double>(double(*value)) : std::nullopt;
}

QString lastSeen(const ServerFigures& f)
{
    return f.lastSeenAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
}

QVariant latencyToolTip(const ServerFigures& f)
{
    return (f.cacheLatency.count == 1 ? InstanceModel::tr("%1 cache invalidation measured")
                                      : InstanceModel::tr("%1 cache invalidations measured"))
        .arg(Format::integer(f.cacheLatency.count));
}

QString latencyHeaderToolTip()
{
    return InstanceModel::tr("Cache-invalidation latency: task created to delivery processed, database clock");
}

// Everything the model says of one column, in one place. A column sorts by its text key (by name,
// case as the view asks) or by its number key (a null figure sorts last), never both.
struct ColumnSpec {
    QString (*header)();
    QString (*headerToolTip)() = nullptr;
    QString (*display)(const ServerFigures&) = nullptr;
    QString (*textKey)(const ServerFigures&) = nullptr;
    std::optional<double> (*numberKey)(const ServerFigures&) = nullptr;
    QVariant (*toolTip)(const ServerFigures&) = nullptr;
    bool numeric = true; // right-aligned
};

// Indexed by InstanceModel::Column.
const ColumnSpec Columns[InstanceModel::ColumnCount] = {
    { .header = [] { return InstanceModel::tr("Status"); },
        .display =
            [](const ServerFigures& f) {
                return f.isUnknown()
                    ? InstanceModel::tr("unknown \u2014 last seen %1 at %2").arg(statusName(f.status), lastSeen(f))
                    : statusName(f.status);
            },
        .numberKey
        = [](const ServerFigures& f) -> std::optional<double> { return InstanceModel::statusRank(f.status); },
        .toolTip = [](const ServerFigures& f) -> QVariant {
            return f.reasons.isEmpty() ? statusName(f.status) : f.reasons.join(QLatin1Char('\n'));
        },
        .numeric = false },
    { .header = [] { return InstanceModel::tr("Instance"); },
        .display = [](const ServerFigures& f) { return f.server.name; },
        .textKey = [](const ServerFigures& f) { return f.server.name; },
        .toolTip = [](const ServerFigures& f) -> QVariant {
            if (!f.server.displayName.isEmpty() && f.server.displayName != f.server.name)
                return f.server.displayName;
            return {};
        },
        .numeric = false },
    { .header = [] { return InstanceModel::tr("Why"); },
        .display =
            [](const ServerFigures& f) {
                if (!f.isUnknown())
                    return f.reasons.join(QStringLiteral("; "));
                return InstanceModel::tr("last seen %1 at %2; the database does not answer in time")
                           .arg(statusName(f.status), lastSeen(f))
                    + (f.reasons.isEmpty() ? QString() : QStringLiteral("; ") + f.reasons.join(QStringLiteral("; ")));
            },
        .textKey = [](const ServerFigures& f) { return f.reasons.join(QStringLiteral("; ")); },
        .toolTip = [](const ServerFigures& f) -> QVariant {
            return f.reasons.isEmpty() ? QVariant() : QVariant(f.reasons.join(QLatin1Char('\n')));
        },
        .numeric = false },
    { .header = [] { return InstanceModel::tr("Zone"); },
        .display = [](const ServerFigures& f) { return f.server.zone; },
        .textKey = [](const ServerFigures& f) { return f.server.zone; },
        .numeric = false },
    { .header = [] { return InstanceModel::tr("Host"); },
        .display = [](const ServerFigures& f) { return f.server.host; },
        .textKey = [](const ServerFigures& f) { return f.server.host; },
        .numeric = false },
    { .header = [] { return InstanceModel::tr("Version"); },
        .headerToolTip
        = [] { return InstanceModel::tr("Marked when a running instance runs another version than most do"); },
        .display = [](const ServerFigures& f) { return f.server.version; },
        .textKey = [](const ServerFigures& f) { return f.server.version; },
        .toolTip = [](const ServerFigures& f) -> QVariant { return optionalValue(f.versionSkew); },
        .numeric = false },
    { .header = [] { return InstanceModel::tr("Last heartbeat"); },
        .headerToolTip
        = [] { return InstanceModel::tr("Time since the latest heartbeat was received (database clock)"); },
        .display = [](const ServerFigures& f) { return Format::duration(f.lastHeartbeatAgeS); },
        .numberKey = [](const ServerFigures& f) { return f.lastHeartbeatAgeS; } },
    { .header = [] { return InstanceModel::tr("Clock skew"); },
        .headerToolTip
        = [] { return InstanceModel::tr("Median of the instance clock minus the database clock over the window"); },
        .display = [](const ServerFigures& f) { return Format::signedMilliseconds(f.clockSkewMs); },
        .numberKey =
            [](const ServerFigures& f) {
                return f.clockSkewMs ? std::optional<double>(std::abs(*f.clockSkewMs)) : std::nullopt;
            } },
    { .header = [] { return InstanceModel::tr("Backlog"); },
        .headerToolTip = [] { return InstanceModel::tr("Pending deliveries"); },
        .display = [](const ServerFigures& f) { return Format::integer(f.backlog); },
        .numberKey = [](const ServerFigures& f) -> std::optional<double> { return double(f.backlog); } },
    { .header = [] { return InstanceModel::tr("Oldest pending"); },
        .headerToolTip = [] { return InstanceModel::tr("Age of the oldest pending delivery"); },
        .display = [](const ServerFigures& f) { return Format::duration(f.oldestPendingAgeS); },
        .numberKey = [](const ServerFigures& f) { return f.oldestPendingAgeS; } },
    { .header = [] { return InstanceModel::tr("Processed"); },
        .headerToolTip = [] { return InstanceModel::tr("Deliveries processed per second over the window"); },
        .display = [](const ServerFigures& f) { return Format::rate(f.deliveriesProcessedPerS); },
        .numberKey = [](const ServerFigures& f) -> std::optional<double> { return f.deliveriesProcessedPerS; } },
    { .header = [] { return InstanceModel::tr("Failed"); },
        .headerToolTip = [] { return InstanceModel::tr("Deliveries processed with an error over the window"); },
        .display = [](const ServerFigures& f) { return Format::integer(f.deliveriesFailed); },
        .numberKey = [](const ServerFigures& f) -> std::optional<double> { return double(f.deliveriesFailed); },
        .toolTip = [](const ServerFigures& f) -> QVariant {
            return InstanceModel::tr("%1 of %2 deliveries processed in the window failed")
                .arg(Format::integer(f.deliveriesFailed), Format::integer(f.deliveriesProcessed));
        } },
    { .header = [] { return InstanceModel::tr("Hit ratio"); },
        .headerToolTip = [] { return InstanceModel::tr("Cache hits / (hits + misses) over the window"); },
        .display = [](const ServerFigures& f) { return Format::percent(f.cacheHitRatio); },
        .numberKey = [](const ServerFigures& f) { return f.cacheHitRatio; } },
    { .header = [] { return InstanceModel::tr("p50"); },
        .headerToolTip = latencyHeaderToolTip,
        .display = [](const ServerFigures& f) { return Format::milliseconds(f.cacheLatency.p50); },
        .numberKey = [](const ServerFigures& f) { return f.cacheLatency.p50; },
        .toolTip = latencyToolTip },
    { .header = [] { return InstanceModel::tr("p95"); },
        .headerToolTip = latencyHeaderToolTip,
        .display = [](const ServerFigures& f) { return Format::milliseconds(f.cacheLatency.p95); },
        .numberKey = [](const ServerFigures& f) { return f.cacheLatency.p95; },
        .toolTip = latencyToolTip },
    { .header = [] { return InstanceModel::tr("p99"); },
        .headerToolTip = latencyHeaderToolTip,
        .display = [](const ServerFigures& f) { return Format::milliseconds(f.cacheLatency.p99); },
        .numberKey = [](const ServerFigures& f) { return f.cacheLatency.p99; },
        .toolTip = latencyToolTip },
    { .header = [] { return InstanceModel::tr("Max"); },
        .headerToolTip = latencyHeaderToolTip,
        .display = [](const ServerFigures& f) { return Format::milliseconds(f.cacheLatency.max); },
        .numberKey = [](const ServerFigures& f) { return f.cacheLatency.max; },
        .toolTip = latencyToolTip },
    { .header = [] { return InstanceModel::tr("Cache items"); },
        .display
        = [](const ServerFigures& f) { return f.cacheItems ? Format::integer(*f.cacheItems) : Format::none(); },
        .numberKey = [](const ServerFigures& f) { return asNumber(f.cacheItems); } },
    { .header = [] { return InstanceModel::tr("Memory"); },
        .display = [](const ServerFigures& f) { return Format::bytes(f.memoryBytes); },
        .numberKey = [](const ServerFigures& f) { return asNumber(f.memoryBytes); } },
};

const ColumnSpec& spec(int column)
{
    return Columns[column];
}

QVariant sortValue(const ServerFigures& f, int column)
{
    if (spec(column).textKey)
        return spec(column).textKey(f);
    const std::optional<double> key = spec(column).numberKey(f);
    return key ? QVariant(*key) : QVariant();
}

QVariant alignment(int column)
{
    return spec(column).numeric ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
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
        return spec(column).display(figures);
    case Qt::ToolTipRole:
        return spec(column).toolTip ? spec(column).toolTip(figures) : QVariant();
    case Qt::TextAlignmentRole:
        return alignment(column);
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
    case VersionSkewRole:
        return optionalValue(figures.versionSkew);
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
    if (role == Qt::DisplayRole)
        return spec(section).header();
    if (role == Qt::ToolTipRole)
        return spec(section).headerToolTip ? QVariant(spec(section).headerToolTip()) : QVariant();
    if (role == Qt::TextAlignmentRole)
        return alignment(section);
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
    names.insert(VersionSkewRole, "versionSkew");
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
            row.texts.append(spec(column).display(figures));
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
        if (before.figures.versionSkew != after.figures.versionSkew) {
            rowChanges.append(VersionSkewRole);
            changes.addColumns(row, quint64(1) << Version, { Qt::ToolTipRole });
        }
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
    if (spec(column).textKey)
        return QString::compare(spec(column).textKey(left), spec(column).textKey(right), caseSensitivity) < 0;
    const std::optional<double> a = spec(column).numberKey(left);
    const std::optional<double> b = spec(column).numberKey(right);
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
