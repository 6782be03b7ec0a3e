#include "trayalerts.h"

#include "statusstyle.h"
#include "topologyglyph.h"

#include <QAction>
#include <QMenu>
#include <QPainter>
#include <QPixmap>
#include <QSet>
#include <QSystemTrayIcon>
#include <QWidget>

namespace Paddock {

namespace {

constexpr int MuteS = 3600;
constexpr int MessageShownMs = 15000;

QString statusOf(AlertPolicy::Level level)
{
    switch (level) {
    case AlertPolicy::Level::Healthy:
        return QStringLiteral("healthy");
    case AlertPolicy::Level::Degraded:
        return QStringLiteral("degraded");
    case AlertPolicy::Level::Failing:
        return QStringLiteral("failing");
    case AlertPolicy::Level::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

} // namespace

std::unique_ptr<AlertNotifier> TrayNotifier::createIfAvailable()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return nullptr;
    return std::make_unique<TrayNotifier>();
}

TrayNotifier::TrayNotifier(QObject* parent)
    : AlertNotifier(parent)
    , m_icon(new QSystemTrayIcon(this))
{
    connect(m_icon, &QSystemTrayIcon::messageClicked, this, &AlertNotifier::notificationClicked);
    connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            Q_EMIT iconActivated();
    });
}

void TrayNotifier::showStatus(const QIcon& icon, const QString& toolTip)
{
    m_icon->setIcon(icon);
    m_icon->setToolTip(toolTip);
    m_icon->show();
}

void TrayNotifier::setMenu(QMenu* menu)
{
    m_icon->setContextMenu(menu);
}

void TrayNotifier::notify(const AlertPolicy::Notification& notification)
{
    const bool worse = notification.kind == AlertPolicy::Notification::Kind::Worse;
    m_icon->showMessage(notification.title, notification.message,
        worse ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information, MessageShownMs);
}

TrayAlerts::TrayAlerts(QWidget* window, std::unique_ptr<AlertNotifier> notifier)
    : QObject(window)
    , m_window(window)
    , m_menu(std::make_unique<QMenu>())
{
    m_menu->addAction(tr("&Show Paddock"), this, &TrayAlerts::bringForward);
    m_mute = m_menu->addAction(tr("&Mute alerts for 1 h"));
    m_mute->setCheckable(true);
    connect(m_mute, &QAction::toggled, this, [this](bool muted) {
        m_mutedUntil = muted ? QDateTime::currentDateTimeUtc().addSecs(MuteS) : QDateTime();
        refreshIcon();
    });
    m_menu->addSeparator();
    m_menu->addAction(tr("&Quit"), this, &TrayAlerts::quitRequested);
    setNotifier(std::move(notifier));
}

TrayAlerts::~TrayAlerts() = default;

void TrayAlerts::setNotifier(std::unique_ptr<AlertNotifier> notifier)
{
    m_notifier = std::move(notifier);
    if (!m_notifier)
        return;
    m_notifier->setMenu(m_menu.get());
    connect(m_notifier.get(), &AlertNotifier::iconActivated, this, &TrayAlerts::bringForward);
    connect(m_notifier.get(), &AlertNotifier::notificationClicked, this, [this] {
        bringForward();
        if (!m_lastShownIds.isEmpty())
            Q_EMIT selectRequested(QSet<qint64>(m_lastShownIds.cbegin(), m_lastShownIds.cend()));
    });
    if (m_watching)
        refreshIcon();
}

void TrayAlerts::watch(bool alerts)
{
    m_watching = true;
    m_alerts = alerts;
    if (!m_notifier) // a window that showed a recording before
        setNotifier(TrayNotifier::createIfAvailable());
    m_policy.reset();
    m_observation = {};
    m_lastShownIds.clear();
    refreshIcon();
}

void TrayAlerts::stop()
{
    m_watching = false;
    m_policy.reset();
    m_observation = {};
    // A replay window keeps no tray icon: only the notifier's owner could hide it, so it goes.
    m_notifier.reset();
}

bool TrayAlerts::isMuted() const
{
    return m_mutedUntil.isValid() && QDateTime::currentDateTimeUtc() < m_mutedUntil;
}

void TrayAlerts::observeUpdate(const EngineUpdate& update)
{
    // A recorded state is history, not news.
    if (!m_watching || update.origin == EngineUpdate::Origin::Recording)
        return;
    m_observation.snapshot = update.snapshot;
    m_observation.haveSnapshot = true;
    observe();
}

void TrayAlerts::observeConnection(const ConnectionState& state)
{
    if (!m_watching)
        return;
    m_observation.databaseAnswering = !state.isLost();
    m_observation.databaseLastHeard = state.since;
    observe();
}

void TrayAlerts::observe()
{
    if (m_mutedUntil.isValid() && !isMuted())
        m_mute->setChecked(false);
    m_observation.now = QDateTime::currentDateTimeUtc();
    // Someone looking at the window sees the change there: a notification would only interrupt.
    const bool looking = m_window->isActiveWindow() && !m_window->isMinimized();
    m_observation.quiet = !m_alerts || isMuted() || looking || !m_notifier;
    const QList<AlertPolicy::Notification> notifications = m_policy.observe(m_observation);
    if (!notifications.isEmpty())
        m_lastShownIds.clear();
    for (const AlertPolicy::Notification& notification : notifications) {
        m_notifier->notify(notification);
        // A click does not say which notification it was: it selects every instance of the batch.
        m_lastShownIds.append(notification.serverIds);
    }
    showStatus();
}

AlertPolicy::Level TrayAlerts::level() const
{
    return AlertPolicy::level(m_observation);
}

QString TrayAlerts::toolTip() const
{
    QString text = tr("Paddock: %1").arg(AlertPolicy::summaryLine(m_observation));
    if (isMuted())
        text += tr(" (alerts muted until %1)").arg(m_mutedUntil.toLocalTime().toString(QStringLiteral("HH:mm")));
    else if (!m_alerts)
        text += tr(" (alerts off for this profile)");
    return text;
}

void TrayAlerts::refreshIcon()
{
    m_shownLevel.reset();
    showStatus();
}

void TrayAlerts::showStatus()
{
    if (!m_notifier || !m_watching)
        return;
    const AlertPolicy::Level now = level();
    const QString text = toolTip();
    if (m_shownLevel == now && m_shownToolTip == text)
        return;
    m_shownLevel = now;
    m_shownToolTip = text;
    m_notifier->showStatus(iconFor(now), text);
}

// The glyph of the status in its colour: its shape tells the status without the colour.
QIcon TrayAlerts::iconFor(AlertPolicy::Level level) const
{
    const StatusStyle style = StatusStyle::forStatus(statusOf(level));
    QIcon icon;
    for (const int size : { 16, 22, 32, 48, 64 }) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        TopologyGlyph::paint(&painter, QRectF(0, 0, size, size), style.glyph, style.colour);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

void TrayAlerts::bringForward()
{
    if (m_window->isMinimized())
        m_window->showNormal();
    else
        m_window->show();
    m_window->raise();
    m_window->activateWindow();
}

} // namespace Paddock
