#pragma once

#include "deliverydetail.h"
#include "farmhistory.h"
#include "figures.h"

#include <functional>
#include <QDateTime>
#include <QHash>
#include <QMetaType>
#include <QString>

namespace Paddock {

struct EngineSettings {
    QString conninfo; // libpq string or URI; empty = PG* environment
    int windowS = 60;
    int pollIntervalMs = 1000; // the fallback and safety net when notifications are quiet
    int minRefreshIntervalMs = 250; // notifications closer together than this become one refresh
    int statementTimeoutMs = 5000;
    int connectTimeoutS = 10;
    int initialBackoffMs = 500;
    int maxBackoffMs = 15000;
    bool useNotifications = true;
    int flushHistory = 20;
    int retentionS = 3600; // how long the per-second series are kept
    Thresholds thresholds;
    // Called on the engine's thread when libpq needs a password; must be thread-safe.
    std::function<QString(const QString& prompt)> passwordPrompt;
};

struct ConnectionState {
    enum class State { Idle, Connecting, Connected, Reconnecting, Stopped };
    State state = State::Idle;
    QDateTime since; // when this state began (for Reconnecting: when the connection was lost)
    QString error; // the last error, one line, no password
    int attempt = 0; // reconnect attempts since the loss
    int retryInMs = 0;
    bool notifications = false; // LISTEN active
    bool canFlush = false; // the role may call webfarm.request_cache_flush
    QString target; // user@host:port/db
    QDateTime lastDataAt; // local clock time of the last successful refresh

    QString stateName() const;
    bool operator==(const ConnectionState&) const = default;
};

// What one refresh produced, handed to the owner's thread by value.
struct EngineUpdate {
    quint64 sequence = 0;
    FarmSnapshot snapshot;
    QList<ProbeRow> latestProbes;
    QList<EventRow> newEvents;
    QHash<qint64, QString> serverNames;
    QList<SeriesUpdate> series;
    bool initial = false; // the window was reloaded: history starts again
    qint64 refreshMs = 0; // time the read took
    qint64 rowsRead = 0; // history rows the read brought
};

struct FlushOrder {
    QString scope; // farm | servers | keys
    QList<qint64> serverIds;
    QStringList cacheKeys;
    QString reason;
};

} // namespace Paddock

Q_DECLARE_METATYPE(Paddock::ConnectionState)
Q_DECLARE_METATYPE(Paddock::EngineUpdate)
Q_DECLARE_METATYPE(Paddock::FlushOrder)
Q_DECLARE_METATYPE(Paddock::DeliveryQuery)
