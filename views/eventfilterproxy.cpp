#include "eventfilterproxy.h"

#include "eventmodel.h"

using namespace Qt::StringLiterals;

namespace Paddock {

EventFilterProxy::EventFilterProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(EventModel::SortRole);
    setDynamicSortFilter(true);
}

void EventFilterProxy::setSearchText(const QString& text)
{
    const QString search = text.trimmed();
    if (search == m_search)
        return;
    m_search = search;
    invalidateRowsFilter();
}

void EventFilterProxy::setSeverityFilter(SeverityFilter filter)
{
    if (filter == m_severity)
        return;
    m_severity = filter;
    invalidateRowsFilter();
}

void EventFilterProxy::setServerIds(const QSet<qint64>& serverIds)
{
    if (serverIds == m_serverIds)
        return;
    m_serverIds = serverIds;
    invalidateRowsFilter();
}

bool EventFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QAbstractItemModel* model = sourceModel();
    const QModelIndex first = model->index(sourceRow, 0, sourceParent);
    if (!m_serverIds.isEmpty() && !m_serverIds.contains(first.data(EventModel::ServerIdRole).toLongLong()))
        return false;
    if (m_severity != SeverityFilter::All) {
        const QString severity = first.data(EventModel::SeverityRole).toString();
        const bool accepted
            = severity == u"error"_s || (m_severity == SeverityFilter::WarningsAndErrors && severity == u"warning"_s);
        if (!accepted)
            return false;
    }
    if (m_search.isEmpty())
        return true;
    for (int column : { int(EventModel::Instance), int(EventModel::Code), int(EventModel::Message) }) {
        if (model->index(sourceRow, column, sourceParent)
                .data(Qt::DisplayRole)
                .toString()
                .contains(m_search, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace Paddock
