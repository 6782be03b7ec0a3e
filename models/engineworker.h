#pragma once

#include "enginetypes.h"
#include "farmreader.h"
#include "pgconnection.h"
#include "redismonitor.h"
#include "updatemailbox.h"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <QObject>
#include <QTimer>

class QSocketNotifier;

namespace Paddock {

class Engine;
class PgError;

// A call the worker makes on its Engine, run on the Engine's thread: the one way results travel back.
using EngineCall = std::function<void(Engine&)>;
class Recording;

// Lives on the engine's thread and does all of its I/O: one read-only session, LISTEN, polls that
// never overlap, reconnects with capped exponential back-off. Appends every update to the flight
// recorder after handing it over, or replays a recording instead of connecting. Talks to Engine
// through one queued signal that carries the call to make there (toEngine).
class EngineWorker : public QObject {
    Q_OBJECT

public:
    // seekGeneration is shared with the Engine: a seek older than its value is superseded. interrupt
    // is set by the Engine when it closes: every wait on the database ends at once.
    EngineWorker(EngineSettings settings, std::shared_ptr<std::atomic<quint64>> seekGeneration, PgInterrupt interrupt);
    ~EngineWorker() override;

public Q_SLOTS:
    void start();
    void stop();
    void refreshNow();
    void requestFlush(int requestId, const Paddock::FlushOrder& order);
    void queryDeliveries(int requestId, const Paddock::DeliveryQuery& query);
    void queryFullText(int requestId, qint64 taskId);
    // Replay: the state at atMs (0: the end of the recording).
    void seek(qint64 atMs, quint64 generation);
    // A consistent single-file copy of the recording (live or replayed).
    void copyRecording(int requestId, const QString& target);
    // The window took the last update: the next (refreshes folded together meanwhile) may go.
    void updateTaken();

Q_SIGNALS:
    void toEngine(const Paddock::EngineCall& call);

private:
    // The options of every session the worker opens (read-only unless the caller says otherwise).
    static ConnectOptions sessionOptions(const EngineSettings& settings, const PgInterrupt& interrupt);
    // A failed query in words for the window, with what to do where there is something to do.
    static QString describeQueryError(const PgError& error);
    // Calls `method` (a signal, or a member the Engine keeps for its worker) with copies of `args` on
    // the Engine's thread.
    template<typename Method, typename... Args> void tell(Method method, Args... args)
    {
        Q_EMIT toEngine([method, args...](Engine& engine) { (engine.*method)(args...); });
    }
    // Hands an update to the window, or folds it into the one waiting while another is in flight.
    void send(EngineUpdate update);
    void handOver(EngineUpdate update); // prepares and emits it

    // Why a session ended, which decides how soon the next one is tried.
    enum class Loss { Unreachable, NotAnswering, Refused };
    void connectToDatabase();
    void refresh();
    // One read and the update made of it (throws PgError); *tasksRead: the tasks among its rows.
    EngineUpdate readUpdate(qint64* tasksRead);
    // Logs, once, what the login cannot see of the database server.
    void noteDatabaseBlindSpots(const FarmSnapshot& snapshot);
    void readFailed(const PgError& error); // a read the session survived
    void noteNotifiedRead(qint64 rowsRead); // how far notifications are trusted
    void scheduleRefresh(int delayMs);
    void onSocketActivated();
    void connectionLost(const QString& error, Loss loss = Loss::Unreachable);
    // A failed round trip of the live session: not answering, lost, or interrupted (closing).
    void sessionFailed(const PgError& error);
    void checkCluster();
    void resync(const QString& reason);
    void noteNotificationHealth(qint64 rowsRead, const QDateTime& started);
    void setState(ConnectionState::State state, const QString& error = {}, const QDateTime& since = {});
    void openRecorder();
    void record(const EngineUpdate& update);
    void updateRecordingInfo(const Recording& recording);
    void openReplay();
    void checkReplayGrowth();
    // The farm's Redis (engineworkerredis.cpp): its monitor, its samples, its figures in an update.
    void startRedis();
    void takeRedisSample(const RedisSample& sample);
    void addRedis(EngineUpdate& update);

    EngineSettings m_settings;
    std::unique_ptr<RedisMonitor> m_redis;
    QString m_redisAddress; // host:port, or why the URL cannot be read
    QString m_redisUrlError;
    QList<RedisSample> m_redisSamples; // of the window, oldest first
    QList<RedisPoint> m_redisPoints; // not handed over yet
    PgConnection m_connection;
    FarmReader m_reader;
    ConnectionState m_state;
    QString m_password; // from the prompt, kept in memory for reconnects only
    QTimer m_refreshTimer;
    QTimer m_reconnectTimer;
    QTimer m_replayTimer; // replay: notices a recording that another Paddock still writes
    std::unique_ptr<Recording> m_recording; // live: the flight recorder
    std::unique_ptr<Recording> m_replay;
    RecordingInfo m_recordingInfo;
    int m_appendsSinceCheck = 0;
    std::shared_ptr<std::atomic<quint64>> m_seekGeneration;
    std::unique_ptr<QSocketNotifier> m_notifier;
    QDateTime m_lastRefreshEnd;
    PgInterrupt m_interrupt;
    QString m_clusterIdentity; // system identifier and timeline of the database last read
    int m_failedReads = 0; // query errors in a row on a live session
    QDateTime m_lastNotificationAt; // since LISTEN
    int m_silentWrites = 0; // polls in a row that found writes no notification announced
    bool m_relistened = false;
    bool m_databaseBlindSpotsLogged = false;
    quint64 m_sequence = 0;
    UpdateMailbox m_mailbox; // one update in flight to the window
    bool m_stopped = false;
    bool m_trailingRefreshDue = false;
    // Notifications carry no proof of a write: any login may NOTIFY webfarm_changed. Notified reads
    // that find nothing new, several in a row, make the next notifications wait for the poll's
    // pace, until a read finds rows again: a flood costs the database no more than the poll.
    bool m_notifiedRead = false; // the scheduled read was asked for by a notification
    int m_idleNotifiedReads = 0;
    int notifiedDelayMs() const;
};

} // namespace Paddock
