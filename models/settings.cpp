#include "settings.h"

namespace Paddock {

namespace {
const Thresholds Defaults;
}

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
    return std::max(100, value(QStringLiteral("engine/statement_timeout_ms"), 5000).toInt());
}

int Settings::retentionS() const
{
    return std::max(60, value(QStringLiteral("engine/retention_s"), 3600).toInt());
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
    return settings;
}

} // namespace Paddock
