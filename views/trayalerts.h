#pragma once

#include "alertpolicy.h"
#include "enginetypes.h"

#include <memory>
#include <optional>
#include <QDateTime>
#include <QIcon>
#include <QObject>

class QAction;
class QMenu;
class QSystemTrayIcon;
class QWidget;

namespace Paddock {

// Where alerts go: the desktop's tray and its notifications, or a test's record of them.
class AlertNotifier : public QObject {
    Q_OBJECT

public:
    using QObject::QObject;
    // The icon and tooltip that stand for the farm.
    virtual void showStatus(const QIcon& icon, const QString& toolTip) = 0;
    virtual void setMenu(QMenu* menu) = 0;
    virtual void notify(const AlertPolicy::Notification& notification) = 0;

Q_SIGNALS:
    void notificationClicked(); // the last notification shown
    void iconActivated();
};

// The desktop's system tray: QSystemTrayIcon, and its showMessage for notifications (a notification
// server where there is one, Qt's own balloon otherwise).
class TrayNotifier : public AlertNotifier {
    Q_OBJECT

public:
    // Null when the desktop has no tray.
    static std::unique_ptr<AlertNotifier> createIfAvailable();
    explicit TrayNotifier(QObject* parent = nullptr);

    void showStatus(const QIcon& icon, const QString& toolTip) override;
    void setMenu(QMenu* menu) override;
    void notify(const AlertPolicy::Notification& notification) override;

private:
    QSystemTrayIcon* m_icon;
};

// The farm in the tray: an icon in the farm's status colour, its summary as the tooltip, and a
// notification when the farm gets worse or recovers (AlertPolicy decides which). A click on the
// notification brings the window forward on the instances it names. Quiet while the window is active.
class TrayAlerts : public QObject {
    Q_OBJECT

public:
    explicit TrayAlerts(QWidget* window, std::unique_ptr<AlertNotifier> notifier);
    ~TrayAlerts() override;

    void setNotifier(std::unique_ptr<AlertNotifier> notifier); // tests
    // Watching a live farm (alerts on or off, its profile's choice); a new farm starts a new baseline.
    void watch(bool alerts);
    // A replay or a feed: nothing to alert about.
    void stop();
    bool isWatching() const { return m_watching; }
    bool alertsEnabled() const { return m_alerts; }
    bool isMuted() const;
    QMenu* menu() const { return m_menu.get(); }
    QAction* muteAction() const { return m_mute; }
    QString toolTip() const;
    AlertPolicy::Level level() const;

public Q_SLOTS:
    void observeUpdate(const Paddock::EngineUpdate& update);
    void observeConnection(const Paddock::ConnectionState& state);
    // The window's palette changed: the icon's colour follows.
    void refreshIcon();

Q_SIGNALS:
    void selectRequested(const QSet<qint64>& serverIds);
    void quitRequested();

private:
    void observe();
    // Only when the level or the tooltip changed: the tray redraws a new icon each time.
    void showStatus();
    void bringForward();
    QIcon iconFor(AlertPolicy::Level level) const;

    QWidget* m_window;
    std::unique_ptr<AlertNotifier> m_notifier;
    std::unique_ptr<QMenu> m_menu;
    QAction* m_mute = nullptr;
    AlertPolicy m_policy;
    AlertPolicy::Observation m_observation;
    QList<qint64> m_lastShownIds; // the instances of the last notification, for its click
    QDateTime m_mutedUntil;
    std::optional<AlertPolicy::Level> m_shownLevel; // none: to be shown anew
    QString m_shownToolTip;
    bool m_watching = false;
    bool m_alerts = true;
};

} // namespace Paddock
