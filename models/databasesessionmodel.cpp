#include "databasesessionmodel.h"

#include "displayformat.h"

#include <algorithm>

namespace Paddock {

namespace {

bool rowLess(const DatabaseSession& a, const DatabaseSession& b)
{
    if (a.instance.isEmpty() != b.instance.isEmpty())
        return !a.instance.isEmpty();
    if (a.instance != b.instance)
        return a.instance < b.instance;
    return a.row.pid < b.row.pid;
}

bool sameShown(const DatabaseSession& a, const DatabaseSession& b)
{
    const SessionRow& x = a.row;
    const SessionRow& y = b.row;
    return a.transactionAgeS == b.transactionAgeS && a.waitingS == b.waitingS && a.blocking == b.blocking
        && x.applicationName == y.applicationName && x.user == y.user && x.clientAddr == y.clientAddr
        && x.state == y.state && x.waitEventType == y.waitEventType && x.waitEvent == y.waitEvent
        && x.blockedBy == y.blockedBy && x.query == y.query;
}

QString pidList(const QList<qint64>& pids)
{
    QStringList texts;
    for (qint64 pid : pids)
        texts.append(QString::number(pid));
    return texts.join(QStringLiteral(", "));
}

} // namespace

DatabaseSessionModel::DatabaseSessionModel(QObject* parent)
    : MergingTableModel(parent)
{
}

int DatabaseSessionModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DatabaseSessionModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString DatabaseSessionModel::waitText(const SessionRow& row)
{
    // An idle session waits for its client (Client: ClientRead): nothing worth a look.
    if (row.waitEventType.isEmpty() || row.state == QLatin1String("idle"))
        return {};
    return row.waitEvent.isEmpty() ? row.waitEventType : row.waitEventType + QStringLiteral(": ") + row.waitEvent;
}

QString DatabaseSessionModel::loginText(const SessionRow& row)
{
    return row.clientAddr.isEmpty() ? row.user : row.user + QLatin1Char('@') + row.clientAddr;
}

QVariant DatabaseSessionModel::display(const DatabaseSession& session, int column) const
{
    const SessionRow& row = session.row;
    switch (column) {
    case Instance:
        return session.instance;
    case Pid:
        return QString::number(row.pid);
    case Application:
        return row.applicationName;
    case Login:
        return loginText(row);
    case State:
        return row.visible ? row.state : tr("(not visible)");
    case Wait:
        return waitText(row);
    case Transaction:
        return session.transactionAgeS ? Format::duration(session.transactionAgeS) : QString();
    case Waiting:
        return session.waitingS ? Format::duration(session.waitingS) : QString();
    case BlockedBy:
        return pidList(row.blockedBy);
    case Query:
        return row.query;
    default:
        return {};
    }
}

QVariant DatabaseSessionModel::sortValue(const DatabaseSession& session, int column) const
{
    switch (column) {
    case Pid:
        return session.row.pid;
    case Transaction:
        return session.transactionAgeS ? QVariant(*session.transactionAgeS) : QVariant();
    case Waiting:
        return session.waitingS ? QVariant(*session.waitingS) : QVariant();
    default:
        return display(session, column);
    }
}

QVariant DatabaseSessionModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const DatabaseSession& session = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(session, index.column());
    case Qt::ToolTipRole:
        if (index.column() == Query && !session.row.visible)
            return tr("Another login's query: GRANT pg_monitor to Paddock's login to see it.");
        return index.column() == Query ? QVariant(session.row.query) : QVariant();
    case PidRole:
        return session.row.pid;
    case SortRole:
        return sortValue(session, index.column());
    case StatusRole:
        if (!session.row.blockedBy.isEmpty())
            return QStringLiteral("degraded");
        return session.blocking ? QVariant(QStringLiteral("not-responding")) : QVariant();
    default:
        return {};
    }
}

QVariant DatabaseSessionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Instance:
        return tr("Instance");
    case Pid:
        return tr("PID");
    case Application:
        return tr("Application");
    case Login:
        return tr("Login");
    case State:
        return tr("State");
    case Wait:
        return tr("Waits on");
    case Transaction:
        return tr("Transaction");
    case Waiting:
        return tr("Waiting");
    case BlockedBy:
        return tr("Blocked by");
    case Query:
        return tr("Query");
    default:
        return {};
    }
}

void DatabaseSessionModel::setSessions(const QList<DatabaseSession>& sessions)
{
    QList<DatabaseSession> next = sessions;
    std::sort(next.begin(), next.end(), rowLess);
    int firstChanged = -1;
    int lastChanged = -1;
    ListMerge<DatabaseSession> merge = rowMerge<DatabaseSession>();
    merge.keyLess = rowLess;
    merge.update = [&](int row, const DatabaseSession& before, const DatabaseSession& after) {
        if (sameShown(before, after))
            return;
        firstChanged = firstChanged < 0 ? row : std::min(firstChanged, row);
        lastChanged = std::max(lastChanged, row);
    };
    merge.apply(m_rows, next);
    if (firstChanged >= 0) {
        Q_EMIT dataChanged(index(firstChanged, 0), index(lastChanged, ColumnCount - 1),
            { Qt::DisplayRole, Qt::ToolTipRole, SortRole, StatusRole });
    }
}

int DatabaseSessionModel::rowOfPid(qint64 pid) const
{
    for (qsizetype row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).row.pid == pid)
            return int(row);
    }
    return -1;
}

} // namespace Paddock
