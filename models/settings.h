#pragma once

#include "enginetypes.h"
#include "figures.h"

#include <memory>
#include <optional>
#include <QObject>
#include <QSettings>

namespace Paddock {

// A saved connection: never a password (libpq's .pgpass, service file or prompt provide it).
struct ConnectionProfile {
    QString name;
    QString conninfo;
    bool readOnly = false;
    QString redisUrl; // the farm's Redis (never with a password); empty: none
    bool alerts = true; // desktop notifications when the farm gets worse or recovers
    bool operator==(const ConnectionProfile&) const = default;
};

// Where a window was left: saved on close, restored when the next one of its kind opens. Empty
// fields were not saved.
struct WindowLayout {
    QByteArray geometry; // QWidget::saveGeometry()
    QByteArray state; // QMainWindow::saveState(): toolbars
    QByteArray mainSplitter; // the map and instances above, the tabs below
    QByteArray topSplitter; // the map beside the instances
    QByteArray instanceColumns; // the instances table's header: order, widths, sort
    std::optional<int> chartWindowS;
    std::optional<int> currentView; // the tab in front
    bool operator==(const WindowLayout&) const = default;
};

// Paddock's preferences (QSettings), shared by the window and the command-line modes so that both
// judge the farm by the same thresholds. Emits changed() only when a value really changes. Never
// holds a password.
class Settings : public QObject {
    Q_OBJECT

public:
    explicit Settings(QObject* parent = nullptr);
    // A given INI file (tests, portable use).
    explicit Settings(const QString& fileName, QObject* parent = nullptr);
    ~Settings() override;

    QVariant value(const QString& key, const QVariant& fallback = {}) const;
    void setValue(const QString& key, const QVariant& value);

    Thresholds thresholds() const;
    void setThresholds(const Thresholds& thresholds);
    int windowS() const;
    int pollIntervalMs() const;
    int statementTimeoutMs() const;
    int retentionS() const;

    QList<ConnectionProfile> profiles() const;
    // Stores the profiles with any password removed from their connection strings.
    void setProfiles(const QList<ConnectionProfile>& profiles);
    QStringList recentConnections() const;
    // Newest first, at most 10, without passwords.
    void addRecentConnection(const QString& conninfo);
    QString lastProfile() const;
    void setLastProfile(const QString& name);
    // Desktop alerts for the farm a connection string reaches: its profile's choice, on without one.
    bool alertsEnabled(const QString& conninfo) const;

    // The flight recorder: on by default, one file per farm in recordingDirectory().
    bool recordingEnabled() const;
    QString recordingDirectory() const; // default: <application data>/recordings
    // recorder/max_age_h, recorder/max_mb, recorder/full_resolution_min, recorder/thinned_every_s
    RecordingLimits recordingLimits() const;
    // The recording of the farm a connection string reaches (empty when recording is off).
    QString recordingPathFor(const QString& conninfo) const;

    // Engine settings for a connection, from these preferences; recording is for the caller to turn
    // on (the window records every farm it watches, `watch` only with --record).
    EngineSettings engineSettings(const QString& conninfo) const;

    // The live window's layout and a replay window's are kept apart: browsing a recording leaves
    // the live window's as it was.
    enum class WindowRole { Live, Replay };
    WindowLayout windowLayout(WindowRole role) const;
    void setWindowLayout(WindowRole role, const WindowLayout& layout);

Q_SIGNALS:
    void changed(const QString& key);

private:
    std::unique_ptr<QSettings> m_store;
};

} // namespace Paddock
