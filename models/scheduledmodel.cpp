#include "scheduledmodel.h"

#include "displayformat.h"

namespace Paddock {

namespace {

const QList<int> shownRoles { Qt::DisplayRole, Qt::ToolTipRole, ScheduledModel::StatusRole, ScheduledModel::SortRole };

} // namespace

ScheduledModel::ScheduledModel(QObject* parent)
    : MergingTableModel(parent)
{
}

int ScheduledModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ScheduledModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ScheduledModel::lastRunText(const ScheduledFigures& figures)
{
    if (figures.lastServer.isEmpty())
        return Format::none();
    const QString outcome = figures.lastDurationS
        ? tr("%1 in %2").arg(figures.lastOutcome, Format::duration(figures.lastDurationS))
        : figures.lastOutcome;
    return tr("%1 at %2, %3").arg(figures.lastServer, Format::dateTime(figures.lastStartedAt), outcome);
}

QString ScheduledModel::windowText(const ScheduledFigures& figures)
{
    QStringList parts;
    if (figures.missedInWindow > 0)
        parts << tr("%1 missed").arg(Format::integer(figures.missedInWindow));
    if (figures.duplicatesInWindow > 0)
        parts << tr("%1 duplicate").arg(Format::integer(figures.duplicatesInWindow));
    if (figures.failedInWindow > 0)
        parts << tr("%1 failed").arg(Format::integer(figures.failedInWindow));
    return parts.isEmpty() ? Format::none() : parts.join(QStringLiteral(", "));
}

QVariant ScheduledModel::cell(const ScheduledFigures& figures, int column, int role)
{
    if (role == StatusRole)
        return statusName(figures.status);
    const bool sort = role == SortRole;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && !sort)
        return {};
    switch (column) {
    case Name:
        return figures.task.name;
    case Status:
        return sort ? QVariant(int(figures.status)) : QVariant(statusName(figures.status));
    case LastRun:
        return sort ? QVariant(figures.lastStartedAt) : QVariant(lastRunText(figures));
    case NextDue:
        if (sort)
            return figures.nextDueAt;
        return figures.lateS
            ? tr("%1, late %2").arg(Format::dateTime(figures.nextDueAt), Format::duration(figures.lateS))
            : Format::dateTime(figures.nextDueAt);
    case Running:
        if (sort)
            return figures.runningForS ? QVariant(*figures.runningForS) : QVariant();
        return figures.runningOn.isEmpty()
            ? Format::none()
            : tr("%1 for %2").arg(figures.runningOn.join(QStringLiteral(", ")), Format::duration(figures.runningForS));
    case Window:
        return sort ? QVariant(figures.missedInWindow + figures.duplicatesInWindow + figures.failedInWindow)
                    : QVariant(windowText(figures));
    case Why:
        return role == Qt::ToolTipRole ? figures.reasons.join(QLatin1Char('\n'))
                                       : figures.reasons.join(QStringLiteral("; "));
    default:
        return {};
    }
}

QVariant ScheduledModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    return cell(m_rows.at(index.row()), index.column(), role);
}

QVariant ScheduledModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Task");
    case Status:
        return tr("Status");
    case LastRun:
        return tr("Last run");
    case NextDue:
        return tr("Next due");
    case Running:
        return tr("Running now");
    case Window:
        return tr("In the window");
    case Why:
        return tr("Why");
    default:
        return {};
    }
}

void ScheduledModel::setScheduled(const QList<ScheduledFigures>& scheduled)
{
    ListMerge<ScheduledFigures> rows = rowMerge<ScheduledFigures>();
    rows.keyLess = [](const ScheduledFigures& a, const ScheduledFigures& b) { return a.task.name < b.task.name; };
    rows.update = [this](int row, const ScheduledFigures& before, const ScheduledFigures& after) {
        int first = ColumnCount;
        int last = -1;
        for (int column = 0; column < ColumnCount; ++column) {
            for (int role : shownRoles) {
                if (cell(before, column, role) != cell(after, column, role)) {
                    first = std::min(first, column);
                    last = column;
                    break;
                }
            }
        }
        // After the merge stored it: the view reads the new value when it hears of the change.
        if (last >= 0)
            m_pendingChanges.append({ row, first, last });
    };
    m_pendingChanges.clear();
    rows.apply(m_rows, scheduled);
    for (const auto& [row, first, last] : std::as_const(m_pendingChanges))
        Q_EMIT dataChanged(index(row, first), index(row, last), shownRoles);
}

} // namespace Paddock
