#pragma once

#include "deliverydetail.h"
#include "enginetypes.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QDialog;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QToolButton;

namespace Paddock {

class DeliveryModel;
class Engine;

// Pending or failed deliveries, one page at a time, read through the engine (never the whole
// history): filters by instance and task type, previous/next page, the full text of a task on
// demand, ages that keep counting between reads. While visible it re-reads the page after engine
// updates, at most every autoRefreshInterval(), and never while a read is still under way.
class DeliveryBrowser : public QWidget {
    Q_OBJECT

public:
    explicit DeliveryBrowser(QWidget* parent = nullptr);
    ~DeliveryBrowser() override;

    void setEngine(Engine* engine);
    // Names for the instance filter (EngineUpdate::serverNames).
    void setServers(const QHash<qint64, QString>& names);
    // Focus from elsewhere (map, table, instance dialog): that instance's failures or backlog.
    void showFailuresOf(qint64 serverId);
    void showPendingOf(qint64 serverId);

    void setKind(DeliveryQuery::Kind kind);
    DeliveryQuery::Kind kind() const { return m_kind; }
    // 0: every instance.
    void setServerFilter(qint64 serverId);
    qint64 serverFilter() const;
    // Empty: every type.
    void setTypeFilter(const QString& type);
    QString typeFilter() const;
    // Hidden (with the Instance column) where the browser already belongs to one instance.
    void setInstanceFilterVisible(bool visible);
    void setPageSize(int rows);
    int page() const { return m_page; }
    void setAutoRefreshInterval(int ms) { m_autoRefreshMs = ms; }
    int autoRefreshInterval() const { return m_autoRefreshMs; }

    // The query for the page shown (or being read).
    DeliveryQuery query() const;
    DeliveryModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    // "Page 2 of 7 · 1,234 failed deliveries"
    QString pagingText() const;

public Q_SLOTS:
    void reload();
    void nextPage();
    void previousPage();
    // A dialog with everything about the delivery in that row and the task's whole text (read
    // through the engine when the page carries it shortened); copyable. Returns it (non-modal).
    QDialog* showDetails(int row);

protected:
    void showEvent(QShowEvent* event) override;

private:
    // The constructor's parts, in this order: the kind buttons, filters and status line; the table;
    // the details button and the paging; the layout; the connections between them.
    void createFilters();
    void createTable();
    void createPaging();
    void layOut();
    void connectControls();
    void onDeliveriesReady(int requestId, const QList<DeliveryDetailRow>& rows, qint64 total, const QString& error);
    void onFullTextReady(int requestId, qint64 taskId, const QString& text, const QString& error);
    void onEngineUpdated(const EngineUpdate& update);
    void updateControls();
    void setStatus(const QString& text, bool error = false);
    void tick();
    bool requestInFlight() const;

    QPointer<Engine> m_engine;
    DeliveryModel* m_model = nullptr;
    DeliveryQuery::Kind m_kind = DeliveryQuery::Kind::Pending;
    int m_page = 0;
    int m_pageSize = 100;
    int m_autoRefreshMs = 5000;
    QHash<int, int> m_requests; // engine request id -> model request id
    QElapsedTimer m_sinceAnswer;
    QHash<qint64, QString> m_names;
    QDateTime m_dbNow; // the database clock at the last engine update
    QElapsedTimer m_sinceDbNow;
    QTimer m_ticker;
    struct TextRequest {
        QPointer<QPlainTextEdit> text;
        QPointer<QLabel> status;
    };
    QHash<int, TextRequest> m_textRequests; // engine request id -> where the text goes

    QToolButton* m_pending = nullptr;
    QToolButton* m_failed = nullptr;
    QComboBox* m_instance = nullptr;
    QComboBox* m_type = nullptr;
    QToolButton* m_refresh = nullptr;
    QLabel* m_status = nullptr;
    QTableView* m_view = nullptr;
    QPushButton* m_details = nullptr;
    QToolButton* m_previous = nullptr;
    QToolButton* m_next = nullptr;
    QLabel* m_paging = nullptr;
};

} // namespace Paddock
