#pragma once

#include "enginetypes.h"
#include "pgconnection.h"
#include "scheduledrunhistory.h"

#include <atomic>
#include <memory>
#include <QObject>
#include <QThread>

namespace Paddock {

class EngineWorker;

// The live picture of one farm. All database I/O runs on the engine's own thread; results arrive
// here as value types through queued signals, so the owner's thread never waits on the network.
class Engine : public QObject {
    Q_OBJECT

public:
    explicit Engine(EngineSettings settings, QObject* parent = nullptr);
    ~Engine() override;

    const EngineSettings& settings() const { return m_settings; }
    ConnectionState connectionState() const { return m_state; }
    // The last update received (empty before the first refresh).
    const EngineUpdate& lastUpdate() const { return m_last; }
    // Per-second series of the farm, of each instance and of each task type, kept for
    // EngineSettings::retentionS and updated before updated() is emitted.
    const FarmHistory& history() const { return m_history; }
    // The Redis samples of the retention, oldest first (empty without a Redis).
    const QList<RedisPoint>& redisHistory() const { return m_redisHistory; }
    // The database server's figures at each update of the retention, oldest first.
    const QList<DatabasePoint>& databaseHistory() const { return m_databaseHistory; }
    // The scheduled runs of the retention, by id (none in a replay: they are not recorded).
    const ScheduledRunHistory& scheduledRunHistory() const { return m_scheduledRuns; }

    void start();
    void stop();
    // Takes one update as if the worker had made it: folds its series into history() and emits
    // updated(). The worker's updates come this way; a detached engine's come only this way.
    void deliver(const EngineUpdate& update);
    void refreshNow();
    // Calls webfarm.request_cache_flush on a separate read-write session; the answer comes with
    // flushDone(requestId, …).
    int requestFlush(const FlushOrder& order);
    // One page of pending or failed deliveries, read on the engine's session; the answer comes with
    // deliveriesReady(requestId, …). The caller drops answers to superseded requests.
    int queryDeliveries(const DeliveryQuery& query);
    // The whole text_data of one task (the pages carry it shortened).
    int queryFullText(qint64 taskId);
    // Replay (EngineSettings::replayPath): shows the recording as it was at `at` (null: its end).
    // Earlier seeks still queued are dropped.
    void seek(const QDateTime& at);
    // A consistent single-file copy of the recording, to hand over; answered by recordingCopied().
    int copyRecording(const QString& target);
    bool isReplay() const { return !m_settings.replayPath.isEmpty(); }
    // The recording being written (live) or replayed, as last reported.
    const RecordingInfo& recordingInfo() const { return m_recordingInfo; }

Q_SIGNALS:
    void updated(const Paddock::EngineUpdate& update);
    void connectionStateChanged(const Paddock::ConnectionState& state);
    void refreshFailed(const QString& error);
    // error is empty on success; connectionFailed tells a refused request from an unreachable database.
    void deliveriesReady(
        int requestId, const QList<Paddock::DeliveryDetailRow>& rows, qint64 totalCount, const QString& error);
    void fullTextReady(int requestId, qint64 taskId, const QString& text, const QString& error);
    void flushDone(int requestId, qint64 flushId, const QString& error, bool connectionFailed);
    void recordingChanged(const Paddock::RecordingInfo& info);
    void recordingCopied(int requestId, const QString& target, const QString& error);
    // The engine reloaded the window instead of reading on from its watermark, and why.
    void resynced(const QString& reason);

private:
    // The worker's calls on the engine (EngineWorker::toEngine) reach these.
    friend class EngineWorker;
    void takeState(const ConnectionState& state);
    void takeRecordingInfo(const RecordingInfo& info);
    void keepRedisPoints(const EngineUpdate& update);
    void keepDatabasePoint(const EngineUpdate& update);
    // Runs call(worker) on the engine's thread, after what is queued there already.
    template<typename Call> void post(Call call);
    // post() for a request answered by a signal that carries its id.
    template<typename Call> int request(Call call);

    EngineSettings m_settings;
    QThread* m_thread = nullptr; // let go unfinished if it does not stop in time (see ~Engine)
    EngineWorker* m_worker = nullptr; // owned by m_thread's lifetime
    ConnectionState m_state;
    EngineUpdate m_last;
    FarmHistory m_history;
    QList<RedisPoint> m_redisHistory;
    QList<DatabasePoint> m_databaseHistory;
    ScheduledRunHistory m_scheduledRuns;
    RecordingInfo m_recordingInfo;
    int m_nextRequestId = 0;
    std::shared_ptr<std::atomic<quint64>> m_seekGeneration = std::make_shared<std::atomic<quint64>>(0);
    PgInterrupt m_interrupt = std::make_shared<std::atomic<bool>>(false);
};

} // namespace Paddock
