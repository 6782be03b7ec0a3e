#pragma once

#include <QSet>
#include <QSortFilterProxyModel>

namespace Paddock {

// Narrows an EventModel by text (instance, event code, message; case-insensitive), by severity and
// by instance. Sorts by EventModel::SortRole.
class EventFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT

public:
    enum class SeverityFilter { All, WarningsAndErrors, Errors };
    Q_ENUM(SeverityFilter)

    explicit EventFilterProxy(QObject* parent = nullptr);

    void setSearchText(const QString& text);
    QString searchText() const { return m_search; }
    void setSeverityFilter(SeverityFilter filter);
    SeverityFilter severityFilter() const { return m_severity; }
    // Only the events of these instances (farm-wide events are left out); empty: every event.
    void setServerIds(const QSet<qint64>& serverIds);
    QSet<qint64> serverIds() const { return m_serverIds; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_search;
    SeverityFilter m_severity = SeverityFilter::All;
    QSet<qint64> m_serverIds;
};

} // namespace Paddock
