#pragma once

#include "eventfilterproxy.h"
#include "eventmodel.h"

#include <QDateTime>
#include <QHash>
#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace Paddock {

class GlyphDelegate;

// Instance and Paddock events, newest first, with a search field (Ctrl+F), a severity filter and
// an instance filter. Severity reads as glyph and colour in the Event column; so does the first
// start of a version ("version V appeared", EventModel::VersionAppearedRole).
class EventTimeline : public QWidget {
    Q_OBJECT

public:
    explicit EventTimeline(EventModel* model, QWidget* parent = nullptr);
    ~EventTimeline() override;

    void setModel(EventModel* model);
    EventModel* model() const { return m_model; }
    EventFilterProxy* proxy() const { return m_proxy; }
    QTableView* view() const { return m_view; }

    // Names for the instance filter (EngineUpdate::serverNames).
    void setServers(const QHash<qint64, QString>& names);
    // 0: every instance.
    void setServerFilter(qint64 serverId);
    qint64 serverFilter() const;
    // Hidden (with the Instance column) in a view that already belongs to one instance.
    void setInstanceFilterVisible(bool visible);
    void setSeverityFilter(EventFilterProxy::SeverityFilter filter);
    void setSearchText(const QString& text);

    // "Showing 12 of 3,000 events"
    QString countText() const;

public Q_SLOTS:
    void focusSearch();

Q_SIGNALS:
    // Double click or Enter on an event: its instance (0 for a farm-wide event) and time.
    void eventActivated(qint64 serverId, const QDateTime& time);

private:
    void createFilters(); // the search field, the severity and instance filters and the count
    void createTable();
    void updateCount();

    QPointer<EventModel> m_model;
    EventFilterProxy* m_proxy = nullptr;
    QLineEdit* m_search = nullptr;
    QComboBox* m_severity = nullptr;
    QComboBox* m_instance = nullptr;
    QLabel* m_count = nullptr;
    QTableView* m_view = nullptr;
    GlyphDelegate* m_codeDelegate = nullptr;
    QHash<qint64, QString> m_names;
};

} // namespace Paddock
