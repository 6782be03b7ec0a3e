#include "settings.h"

#include "pgconnection.h"
#include "recording.h"

#include <QStandardPaths>
#include <QUrl>

namespace Paddock {

namespace {

const Thresholds Defaults;

// "window/geometry", "replay_window/geometry".
QString layoutKey(Settings::WindowRole role, const char* name)
{
    return QLatin1String(role == Settings::WindowRole::Live ? "window/" : "replay_window/") + QLatin1String(name);
}

std::optional<int> optionalInt(const QVariant& value)
{
    return value.isValid() ? std::optional<int>(value.toInt()) : std::nullopt;
}

} // namespace

Settings::Settings(QObject* parent)
    : QObject(parent)
    , m_store(std::make_unique<QSettings>())
{
}

Settings::Settings(const QString& fileName, QObject* parent)
    : QObject(parent)
    , m_store(std::make_unique<QSettings>(fileName, QSettings::IniFormat))
{
}

Settings::~Settings() = default;

QVariant Settings::value(const QString& key, const QVariant& fallback) const
{
    return m_store->value(key, fallback);
}

void Settings::setValue(const QString& key, const QVariant& value)
{
    if (m_store->contains(key) && m_store->value(key) == value)
        return;
    m_store->setValue(key, value);
    Q_EMIT changed(key);
}

Thresholds Settings::thresholds() const
{
    Thresholds t;
    t.notRespondingAfterS
        = value(QStringLiteral("thresholds/not_responding_after_s"), Defaults.notRespondingAfterS).toDouble();
    t.oldestPendingS = value(QStringLiteral("thresholds/oldest_pending_s"), Defaults.oldestPendingS).toDouble();
    t.backlog = value(QStringLiteral("thresholds/backlog"), Defaults.backlog).toLongLong();
    t.clockSkewMs = value(QStringLiteral("thresholds/clock_skew_ms"), Defaults.clockSkewMs).toDouble();
    return t;
}

void Settings::setThresholds(const Thresholds& t)
{
    setValue(QStringLiteral("thresholds/not_responding_after_s"), t.notRespondingAfterS);
    setValue(QStringLiteral("thresholds/oldest_pending_s"), t.oldestPendingS);
    setValue(QStringLiteral("thresholds/backlog"), t.backlog);
    setValue(QStringLiteral("thresholds/clock_skew_ms"), t.clockSkewMs);
}

int Settings::windowS() const
{
    return std::max(1, value(QStringLiteral("engine/window_s"), 60).toInt());
}

int Settings::pollIntervalMs() const
{
    return std::max(100, value(QStringLiteral("engine/poll_interval_ms"), 1000).toInt());
}

int Settings::statementTimeoutMs() const
{
    return std::max(100, value(QStringLiteral("engine/statement_timeout_ms"), 4000).toInt());
}

int Settings::retentionS() const
{
    return std::max(60, value(QStringLiteral("engine/retention_s"), 3600).toInt());
}

QList<ConnectionProfile> Settings::profiles() const
{
    QList<ConnectionProfile> result;
    const int count = m_store->beginReadArray(QStringLiteral("profiles"));
    for (int i = 0; i < count; ++i) {
        m_store->setArrayIndex(i);
        result.append({ m_store->value(QStringLiteral("name")).toString(),
            m_store->value(QStringLiteral("conninfo")).toString(), m_store->value(QStringLiteral("read_only")).toBool(),
            m_store->value(QStringLiteral("redis")).toString(),
            m_store->value(QStringLiteral("alerts"), true).toBool() });
    }
    m_store->endArray();
    return result;
}

void Settings::setProfiles(const QList<ConnectionProfile>& profiles)
{
    if (profiles == this->profiles())
        return;
    m_store->remove(QStringLiteral("profiles"));
    m_store->beginWriteArray(QStringLiteral("profiles"), int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        m_store->setArrayIndex(i);
        m_store->setValue(QStringLiteral("name"), profiles.at(i).name);
        m_store->setValue(QStringLiteral("conninfo"), PgConnection::withoutPassword(profiles.at(i).conninfo));
        m_store->setValue(QStringLiteral("read_only"), profiles.at(i).readOnly);
        m_store->setValue(QStringLiteral("alerts"), profiles.at(i).alerts);
        const QUrl redis(profiles.at(i).redisUrl);
        if (!profiles.at(i).redisUrl.isEmpty())
            m_store->setValue(QStringLiteral("redis"), redis.toString(QUrl::RemovePassword));
    }
    m_store->endArray();
    Q_EMIT changed(QStringLiteral("profiles"));
}

QStringList Settings::recentConnections() const
{
    return value(QStringLiteral("recent_connections")).toStringList();
}

void Settings::addRecentConnection(const QString& conninfo)
{
    const QString clean = PgConnection::withoutPassword(conninfo);
    QStringList recent = recentConnections();
    recent.removeAll(clean);
    recent.prepend(clean);
    while (recent.size() > 10)
        recent.removeLast();
    setValue(QStringLiteral("recent_connections"), recent);
}

QString Settings::lastProfile() const
{
    return value(QStringLiteral("last_profile")).toString();
}

void Settings::setLastProfile(const QString& name)
{
    setValue(QStringLiteral("last_profile"), name);
}

bool Settings::alertsEnabled(const QString& conninfo) const
{
    const QString clean = PgConnection::withoutPassword(conninfo);
    const QList<ConnectionProfile> all = profiles();
    const auto it = std::find_if(
        all.cbegin(), all.cend(), [&clean](const ConnectionProfile& profile) { return profile.conninfo == clean; });
    return it == all.cend() || it->alerts;
}

EngineSettings Settings::engineSettings(const QString& conninfo) const
{
    EngineSettings settings;
    settings.conninfo = conninfo;
    settings.windowS = windowS();
    settings.pollIntervalMs = pollIntervalMs();
    settings.statementTimeoutMs = statementTimeoutMs();
    settings.retentionS = retentionS();
    settings.thresholds = thresholds();
    settings.recordingLimits = recordingLimits();
    settings.redisChannelPattern
        = value(QStringLiteral("redis/backplane_channels"), QStringLiteral("signalr*")).toString().toUtf8();
    return settings;
}

bool Settings::recordingEnabled() const
{
    return value(QStringLiteral("recorder/enabled"), true).toBool();
}

QString Settings::recordingDirectory() const
{
    QString directory = value(QStringLiteral("recorder/directory")).toString();
    if (!directory.isEmpty())
        return directory;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QLatin1String("/recordings");
}

RecordingLimits Settings::recordingLimits() const
{
    const RecordingLimits defaults;
    RecordingLimits limits;
    limits.maxAgeS = qint64(
        std::max(0.01, value(QStringLiteral("recorder/max_age_h"), double(defaults.maxAgeS) / 3600).toDouble()) * 3600);
    limits.maxBytes = qint64(
        std::max(1.0, value(QStringLiteral("recorder/max_mb"), double(defaults.maxBytes) / (1024 * 1024)).toDouble())
        * 1024 * 1024);
    limits.fullResolutionS = qint64(
        std::max(0.0,
            value(QStringLiteral("recorder/full_resolution_min"), double(defaults.fullResolutionS) / 60).toDouble())
        * 60);
    limits.thinnedEveryS
        = std::max<qint64>(0, value(QStringLiteral("recorder/thinned_every_s"), defaults.thinnedEveryS).toLongLong());
    return limits;
}

QString Settings::recordingPathFor(const QString& conninfo) const
{
    if (!recordingEnabled())
        return {};
    return Recording::defaultPath(recordingDirectory(), PgConnection::farmKey(conninfo));
}

WindowLayout Settings::windowLayout(WindowRole role) const
{
    WindowLayout layout;
    layout.geometry = value(layoutKey(role, "geometry")).toByteArray();
    layout.state = value(layoutKey(role, "state")).toByteArray();
    layout.mainSplitter = value(layoutKey(role, "main_splitter")).toByteArray();
    layout.topSplitter = value(layoutKey(role, "top_splitter")).toByteArray();
    layout.instanceColumns = value(layoutKey(role, "instance_columns")).toByteArray();
    layout.chartWindowS = optionalInt(value(layoutKey(role, "chart_window_s")));
    layout.currentView = optionalInt(value(layoutKey(role, "current_view")));
    return layout;
}

void Settings::setWindowLayout(WindowRole role, const WindowLayout& layout)
{
    setValue(layoutKey(role, "geometry"), layout.geometry);
    setValue(layoutKey(role, "state"), layout.state);
    setValue(layoutKey(role, "main_splitter"), layout.mainSplitter);
    setValue(layoutKey(role, "top_splitter"), layout.topSplitter);
    setValue(layoutKey(role, "instance_columns"), layout.instanceColumns);
    if (layout.chartWindowS)
        setValue(layoutKey(role, "chart_window_s"), *layout.chartWindowS);
    if (layout.currentView)
        setValue(layoutKey(role, "current_view"), *layout.currentView);
}

} // namespace Paddock
