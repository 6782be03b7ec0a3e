#pragma once

#include "enginetypes.h"
#include "farmreader.h"
#include "pgconnection.h"

#include <memory>
#include <QObject>
#include <QTimer>

class QSocketNotifier;

namespace Paddock {

// Lives on the engine's thread and does all of its I/O: one read-only session, LISTEN, polls that
// never overlap, reconnects with capped exponential back-off. Talks to Engine through queued signals.
class EngineWorker : public QObject {
    Q_OBJECT

public:
    explicit EngineWorker(EngineSettings settings);
    ~EngineWorker() override;

public Q_SLOTS:
    void start();
    void stop();
    void refreshNow();
    void requestFlush(int requestId, const Paddock::FlushOrder& order);
    void queryDeliveries(int requestId, const Paddock::DeliveryQuery& query);
    void queryFullText(int requestId, qint64 taskId);

Q_SIGNALS:
    void updated(const Paddock::EngineUpdate& update);
    void stateChanged(const Paddock::ConnectionState& state);
    void refreshFailed(const QString& error);
    // error is empty on success; connectionFailed tells a refused request from an unreachable database.
    void deliveriesReady(
        int requestId, const QList<Paddock::DeliveryDetailRow>& rows, qint64 totalCount, const QString& error);
    void fullTextReady(int requestId, qint64 taskId, const QString& text, const QString& error);
    void flushDone(int requestId, qint64 flushId, const QString& error, bool connectionFailed);

private:
    void connectToDatabase();
    void refresh();
    void scheduleRefresh(int delayMs);
    void onSocketActivated();
    void connectionLost(const QString& error);
    void setState(ConnectionState::State state, const QString& error = {});

    EngineSettings m_settings;
    PgConnection m_connection;
    FarmReader m_reader;
    ConnectionState m_state;
    QString m_password; // from the prompt, kept in memory for reconnects only
    QTimer m_refreshTimer;
    QTimer m_reconnectTimer;
    std::unique_ptr<QSocketNotifier> m_notifier;
    QDateTime m_lastRefreshEnd;
    quint64 m_sequence = 0;
    bool m_stopped = false;
    bool m_trailingRefreshDue = false;
};

} // namespace Paddock
