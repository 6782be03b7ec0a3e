#pragma once

#include "enginetypes.h"
#include "snapshotcodec.h"

#include <memory>
#include <optional>
#include <QDateTime>
#include <QString>

class QLockFile;
class QSqlDatabase;

namespace Paddock {

// A flight-recorder file: every snapshot the engine computed, the per-second series and the
// instance events, in SQLite through Qt Sql. The file says what it is (application id) and which
// format it holds (user_version), so that a later Paddock reads it and a foreign or damaged file is
// refused with a reason. WAL and one transaction per append keep it consistent if Paddock is killed.
//
// One object is one connection and must be used on the thread that opened it.
class Recording {
public:
    static constexpr int FormatVersion = 1;
    static constexpr qint32 ApplicationId = 0x50646b52; // "Pdkr"

    enum class Mode { ReadOnly, ReadWrite };
    enum class Check { Header, Full }; // Full adds SQLite's quick_check, which reads every page

    ~Recording();
    Recording(const Recording&) = delete;
    Recording& operator=(const Recording&) = delete;

    // ReadWrite creates the file (and its directory) when missing and refuses to write into a file
    // that is not a recording of this or an older format. nullptr with a one-line reason in *error.
    static std::unique_ptr<Recording> open(const QString& path, Mode mode, QString* error, Check check = Check::Header);

    // The file name of a farm's recording in `directory`, from a key such as host_port_db.
    static QString defaultPath(const QString& directory, const QString& farmKey);
    // A user's time: ISO 8601 (with or without an offset; without is local time) or relative to
    // `end` as -90s, -15m, -2h. Invalid when not understood.
    static QDateTime parseTime(const QString& text, const QDateTime& end);

    QString path() const { return m_path; }
    Mode mode() const { return m_mode; }
    RecordingInfo info() const;

    // Reads. The snapshot that was current at `at` (the newest one not after it); a null `at`
    // means the last one.
    std::optional<RecordedSnapshot> snapshotAt(const QDateTime& at, QString* error = nullptr) const;
    // Everything the window needs to show `at` as it was: the snapshot, the series of the
    // `historyS` before it and its last `maxEvents` events up to `at` (connection losses included), as an
    // update with origin Recording and initial set. nullopt when nothing was recorded by then.
    std::optional<EngineUpdate> stateAt(
        const QDateTime& at, int historyS, int maxEvents, QString* error = nullptr) const;

    // Writes (ReadWrite only). One transaction each.
    bool append(const EngineUpdate& update, QString* error = nullptr);
    bool appendConnection(const ConnectionState& state, QString* error = nullptr);
    // Thins the snapshots older than the full-resolution span, then drops the oldest data until the
    // file is within the limits; returns the snapshots dropped for the limits.
    qint64 enforceLimits(const RecordingLimits& limits, QString* error = nullptr);
    // Moves the WAL into the file, so that the file alone is the whole recording (to hand over).
    void checkpoint();
    // A consistent single-file copy, safe while recording.
    bool copyTo(const QString& target, QString* error = nullptr) const;

private:
    Recording(QString path, Mode mode, QString connectionName);
    QSqlDatabase database() const;
    bool initialise(QString* error);
    bool validate(Check check, QString* error);
    qint64 usedBytes() const;
    // enforceLimits()'s steps: drop everything older than cutoffMs (-1 on error, else the
    // snapshots dropped); thin the span past the full resolution; return free pages over the limit.
    qint64 dropBefore(qint64 cutoffMs, QString* error);
    bool thin(const RecordingLimits& limits, qint64 newestMs, QString* error);
    void giveBackPages(const RecordingLimits& limits);

    QString m_path;
    Mode m_mode;
    QString m_connectionName;
    std::unique_ptr<QLockFile> m_lock; // held while writing
    qint64 m_thinnedUntilMs = 0; // snapshots before this are thinned already
};

} // namespace Paddock
