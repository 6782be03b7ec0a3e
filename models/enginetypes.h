#pragma once

#include "deliverydetail.h"
#include "farmhistory.h"
#include "figures.h"
#include "pgconnection.h"

#include <functional>
#include <memory>
#include <QDateTime>
#include <QHash>
#include <QMetaType>
#include <QString>

namespace Paddock {

struct PreparedView;

// How much a flight recording keeps; the oldest data goes first.
struct RecordingLimits {
    qint64 maxAgeS = 24 * 3600;
    qint64 maxBytes = 200LL * 1024 * 1024;
    // Every snapshot of the newest fullResolutionS is kept; older ones one per thinnedEveryS (0:
    // all), so that a busy farm's recording reaches back hours, not minutes. The per-second
    // series and the events are never thinned.
    qint64 fullResolutionS = 15 * 60;
    qint64 thinnedEveryS = 10;
};

struct EngineSettings {
    QString conninfo; // libpq string or URI; empty = PG* environment
    // Where the figures are read, when not from `conninfo` (a hot standby); flushes always use
    // `conninfo`, on its read-write server.
    QString readConninfo;
    QString readFrom() const { return readConninfo.isEmpty() ? conninfo : readConninfo; }
    int windowS = 60;
    int pollIntervalMs = 1000; // the fallback and safety net when notifications are quiet
    int minRefreshIntervalMs = 250; // notifications closer together than this become one refresh
    // Every round trip has a deadline of the statement timeout + 2 s: a frozen backend or server
    // is reported within about a poll interval plus that (7 s by default).
    int statementTimeoutMs = 4000;
    int connectTimeoutS = 5;
    int initialBackoffMs = 250;
    // A database that is down is tried again at least this often (a database that does not answer
    // at once), so that fresh data follows within 2 s of it answering again; a refusal (authentication, a missing
    // database) backs off up to maxBackoffMs.
    int unreachableBackoffMs = 1000;
    int maxBackoffMs = 15000;
    bool useNotifications = true;
    int flushHistory = 20;
    int retentionS = 3600; // how long the per-second series are kept
    // False: the per-second series are not kept on the owner's side (they still reach the flight
    // recorder). What prints figures and draws no chart (paddock watch, flush) needs no history.
    bool keepHistory = true;
    Thresholds thresholds;
    // The farm's Redis (DESIGN.md section 6), read on a thread of its own; none when empty. Its
    // password comes from REDISCLI_AUTH or passwordPrompt, never from here.
    QString redisUrl;
    QByteArray redisChannelPattern = "signalr*"; // the backplane's channels
    RedisThresholds redisThresholds;
    // The flight recorder: every update is appended to this file (none when empty); with
    // preloadRecording, what it holds is shown before the first live read.
    QString recordingPath;
    RecordingLimits recordingLimits;
    bool preloadRecording = false;
    int recordingEvents = 2000; // events shown with a recorded state
    // Replays this recording instead of connecting (read-only; seek() moves through it).
    QString replayPath;
    // No thread and no database: updates made elsewhere arrive through Engine::deliver() (the
    // window benchmark's synthetic farm).
    bool detached = false;
    // Called on the engine's thread when libpq needs a password; must be thread-safe, and must
    // return (empty) soon after the interrupt is set: the engine is closing.
    std::function<QString(const QString& prompt, const PgInterrupt& interrupt)> passwordPrompt;

    // The client-side deadline of every round trip of the engine's session.
    int deadlineMs() const { return statementTimeoutMs + 2000; }
};

struct ConnectionState {
    // NotAnswering: the database took a session or a statement and said nothing within the deadline
    // (frozen, hung, or behind a stalled network); the engine keeps trying on fresh sessions.
    enum class State { Idle, Connecting, Connected, Reconnecting, NotAnswering, Stopped, Replay };
    State state = State::Idle;
    // When this state began; for Reconnecting and NotAnswering, when the database was last heard
    // from (the loss, or the round trip that got no answer).
    QDateTime since;
    QString error; // the last error, one line, no password
    int attempt = 0; // reconnect attempts since the loss
    int retryInMs = 0;
    bool notifications = false; // LISTEN active
    bool canFlush = false; // the role may call webfarm.request_cache_flush
    QString target; // user@host:port/db, or the recording's file in Replay
    QDateTime lastDataAt; // local clock time of the last successful refresh

    QString stateName() const;
    // Reconnecting or NotAnswering: the data shown is not being refreshed.
    bool isLost() const { return state == State::Reconnecting || state == State::NotAnswering; }
    bool operator==(const ConnectionState&) const = default;
};

// What one refresh produced, handed to the owner's thread by value.
struct EngineUpdate {
    enum class Origin { Live, Recording };
    quint64 sequence = 0;
    Origin origin = Origin::Live; // Recording: read back from the flight recorder, not the database
    FarmSnapshot snapshot;
    QList<ProbeRow> latestProbes;
    QList<EventRow> newEvents;
    QHash<qint64, QString> serverNames;
    QList<SeriesUpdate> series;
    // The Redis samples taken since the last update, oldest first, at their time on the DB clock.
    QList<RedisPoint> redisPoints;
    // Live: every scheduled run the read brought (FarmData::scheduledRuns), so that the window can
    // keep them longer than the read's window (ScheduledRunHistory); none from a recording.
    QList<ScheduledRunRow> scheduledRuns;
    bool initial = false; // the window was reloaded (live) or the recording was moved to: history starts again
    qint64 refreshMs = 0; // time the read took
    qint64 rowsRead = 0; // history rows the read brought
    // What the window shows of it, made on the engine's thread (null: the window makes it).
    std::shared_ptr<const PreparedView> prepared;
};

// `newer` folded into `older`, an update the window has not taken yet: the series and the events
// of both (a reload's or a recorded state's replace what came before), the newest state and
// probes, the rows read of both. What the window shows is made again for the result.
EngineUpdate coalesced(EngineUpdate older, EngineUpdate newer);

// A flight recording: the file being written (live) or replayed.
struct RecordingInfo {
    QString path;
    bool writing = false; // live: the recorder appends to it
    QString error; // live: why it does not record
    int formatVersion = 0;
    QString farm; // user@host:port/db of the session that made it
    QString createdBy; // Paddock version
    QDateTime first; // generated_at of the oldest and newest snapshot (DB clock)
    QDateTime last;
    qint64 snapshots = 0;
    qint64 bytes = 0; // the file and its WAL
    bool operator==(const RecordingInfo&) const = default;
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
Q_DECLARE_METATYPE(Paddock::RecordingInfo)
Q_DECLARE_METATYPE(Paddock::DeliveryQuery)
