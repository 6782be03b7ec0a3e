#pragma once

#include "figures.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

namespace Paddock {

// When the farm gets worse or recovers, what the desktop is told: an instance stops responding or
// responds again, a storage fails or works again, the database stops answering or answers again.
// Policy without widgets: the tray shows what it returns.
//
// It remembers, per subject (instance, storage, the database), what it last told and when. A change
// is told at most once a minute per subject; a change held back is told when its minute is up if it
// still stands, so a flapping instance yields one notification, and a recovery is never lost.
class AlertPolicy {
    Q_DECLARE_TR_FUNCTIONS(AlertPolicy)

public:
    static constexpr qint64 MinimumGapMs = 60'000;

    struct Notification {
        enum class Kind { Worse, Better };
        Kind kind = Kind::Worse;
        QString title;
        QString message;
        QList<qint64> serverIds; // the instances a click selects, sorted
        bool operator==(const Notification&) const = default;
    };

    // The farm at one moment, as the window knows it.
    struct Observation {
        FarmSnapshot snapshot; // the latest live figures
        bool haveSnapshot = false;
        bool databaseAnswering = true;
        QDateTime databaseLastHeard; // when the database was last heard from, while it does not answer
        QDateTime now; // local clock: the rate limit's
        // The window is active, or alerts are off or muted: changes are taken as told, without a word.
        bool quiet = false;
    };

    enum class Level { Unknown, Healthy, Degraded, Failing };

    // The notifications to show for this observation, worse news first. The first observation
    // after construction or reset() is the baseline: what the farm already was is not news.
    QList<Notification> observe(const Observation& observation);
    void reset();

    // The tray icon's colour: the farm's exit status, or unknown while the figures cannot be trusted.
    static Level level(const Observation& observation);
    // The tray icon's tooltip: "web farm: 12 instances, 10 healthy, 2 not responding".
    static QString summaryLine(const Observation& observation);

private:
    enum class Area { Database, Instance, Storage };
    struct Subject {
        Area area = Area::Instance;
        QString name;
        bool bad = false;
        QString detail; // the instance's last heartbeat, the storage's failing instances
        QList<qint64> serverIds;
    };
    struct Told {
        bool bad = false;
        std::optional<qint64> atMs; // when it was last shown
    };

    static QHash<QString, Subject> subjectsOf(const Observation& observation);
    static QList<Notification> grouped(const QList<Subject>& changed);
    static Notification instancesNotification(const QList<Subject>& subjects, bool bad);
    static Notification storageNotification(const QList<Subject>& subjects, bool bad);
    static Notification databaseNotification(const Subject& database);

    QHash<QString, Told> m_told; // by subject key
    bool m_started = false;
};

} // namespace Paddock
