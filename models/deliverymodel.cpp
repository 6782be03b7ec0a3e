#include "deliverymodel.h"

#include "displayformat.h"

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

std::optional<double> secondsBetween(const QDateTime& from, const QDateTime& to)
{
    if (!from.isValid() || !to.isValid())
        return std::nullopt;
    return double(from.msecsTo(to)) / 1000.0;
}

QString oneLine(const QString& text)
{
    QString line = text;
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    line.replace(QLatin1Char('\r'), QLatin1Char(' '));
    return line;
}

} // namespace

DeliveryModel::DeliveryModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int DeliveryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DeliveryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {

using enum DeliveryModel::Column;

QVariant displayData(const DeliveryDetailRow& row, int column, const QDateTime& now)
{
    switch (column) {
    case Age:
        return Format::duration(secondsBetween(row.createdAt, now));
    case Created:
        return Format::dateTime(row.createdAt);
    case Processed:
        return Format::dateTime(row.processedAt);
    case Instance:
        return row.serverName;
    case Type:
        return row.taskType;
    case Target:
        return row.target;
    case TextData:
        return row.textDataTruncated ? oneLine(row.textData) + u"\u2026"_s : oneLine(row.textData);
    case Creator:
        return row.creatorName;
    case Error:
        return oneLine(row.errorMessage);
    }
    return {};
}

QVariant toolTipData(const DeliveryDetailRow& row, int column)
{
    switch (column) {
    case Age:
        return DeliveryModel::tr("Age of the task on the database clock");
    case Created:
        return Format::isoUtc(row.createdAt);
    case Processed:
        return row.processedAt.isValid() ? QVariant(Format::isoUtc(row.processedAt)) : QVariant();
    case Target:
        return row.target.isEmpty() ? QVariant() : QVariant(row.target);
    case TextData:
        if (row.textData.isEmpty())
            return {};
        return row.textDataTruncated ? row.textData + u"\u2026\n"_s + DeliveryModel::tr("(shortened)") : row.textData;
    case Error:
        return row.errorMessage.isEmpty() ? QVariant() : QVariant(row.errorMessage);
    }
    return {};
}

QVariant sortData(const DeliveryDetailRow& row, int column, const QDateTime& now)
{
    switch (column) {
    case Age: {
        const auto age = secondsBetween(row.createdAt, now);
        return age ? QVariant(*age) : QVariant();
    }
    case Created:
        return row.createdAt.isValid() ? QVariant(row.createdAt.toMSecsSinceEpoch()) : QVariant();
    case Processed:
        return row.processedAt.isValid() ? QVariant(row.processedAt.toMSecsSinceEpoch()) : QVariant();
    case TextData:
        return row.textData;
    case Error:
        return row.errorMessage;
    }
    return displayData(row, column, now); // the other columns sort by what they show
}

} // namespace

QVariant DeliveryModel::cellData(const DeliveryDetailRow& row, int column, int role) const
{
    switch (role) {
    case TaskIdRole:
        return row.taskId;
    case ServerIdRole:
        return row.serverId;
    case CreatedAtRole:
        return row.createdAt;
    case ProcessedAtRole:
        return row.processedAt;
    case TextTruncatedRole:
        return row.textDataTruncated;
    case Qt::TextAlignmentRole:
        return column == Age ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case Qt::DisplayRole:
        return displayData(row, column, m_now);
    case Qt::ToolTipRole:
        return toolTipData(row, column);
    case SortRole:
        return sortData(row, column, m_now);
    }
    return {};
}

QVariant DeliveryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    return cellData(m_rows.at(index.row()), index.column(), role);
}

QVariant DeliveryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Age:
        return tr("Age");
    case Created:
        return tr("Created");
    case Processed:
        return tr("Processed");
    case Instance:
        return tr("Instance");
    case Type:
        return tr("Type");
    case Target:
        return tr("Target");
    case TextData:
        return tr("Data");
    case Creator:
        return tr("Creator");
    case Error:
        return tr("Error");
    }
    return {};
}

QHash<int, QByteArray> DeliveryModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(TaskIdRole, "taskId");
    names.insert(ServerIdRole, "serverId");
    names.insert(SortRole, "sort");
    names.insert(CreatedAtRole, "createdAt");
    names.insert(ProcessedAtRole, "processedAt");
    names.insert(TextTruncatedRole, "textTruncated");
    return names;
}

int DeliveryModel::nextRequestId()
{
    return ++m_latestRequestId;
}

bool DeliveryModel::setPage(int requestId, const QList<DeliveryDetailRow>& rows, qint64 totalCount)
{
    if (requestId < m_latestRequestId)
        return false;
    m_latestRequestId = requestId;
    beginResetModel();
    m_rows = rows;
    endResetModel();
    if (totalCount != m_totalCount) {
        m_totalCount = totalCount;
        Q_EMIT totalCountChanged(totalCount);
    }
    return true;
}

void DeliveryModel::setNow(const QDateTime& now)
{
    if (now == m_now)
        return;
    m_now = now;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Age), index(int(m_rows.size()) - 1, Age), { Qt::DisplayRole, SortRole });
}

void DeliveryModel::clear()
{
    ++m_latestRequestId;
    beginResetModel();
    m_rows.clear();
    endResetModel();
    if (m_totalCount != 0) {
        m_totalCount = 0;
        Q_EMIT totalCountChanged(0);
    }
}

DeliveryDetailRow DeliveryModel::rowAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : DeliveryDetailRow();
}

} // namespace Paddock
