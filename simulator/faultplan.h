#pragma once

#include "simconfig.h"

#include <optional>
#include <QList>
#include <QString>
#include <QStringList>

namespace Paddock {

// The faults of one run, sorted by time, and what they mean for an instance at a moment. Read-only
// once built, so every instance thread may ask it.
class FaultPlan {
public:
    // One restart of an instance in a rolling deploy: when it stops, and the version it comes back on.
    struct Restart {
        double at = 0;
        QString version;
    };

    FaultPlan() = default;
    explicit FaultPlan(QList<FaultEvent> events);

    // The incident scenario for these original instances (4 or more) and storages (1 or more), with
    // its Redis chapter when the instances keep their cache in Redis. The join has no target yet: the
    // plan names joining instances. The lock falls on web-05, which no other chapter touches, or on
    // web-01 in a farm too small for that (web-05 of 5 is the one that leaves).
    static QList<FaultEvent> incident(const QStringList& instances, const QStringList& storages, bool redis = false);

    const QList<FaultEvent>& events() const { return m_events; }
    QList<FaultEvent> joins() const;

    // A silence or a crash during a run (silent until the end) holds at t.
    bool silentAt(const QString& instance, double t) const;
    // When the silence that holds at t ends; nullopt when it lasts until the end.
    std::optional<double> silenceEnd(const QString& instance, double t) const;
    double slowFactorAt(const QString& instance, double t) const;
    int skewAt(const QString& instance, double t) const;
    std::optional<double> leaveAt(const QString& instance) const;
    // When the instance crashes with a scheduled run open (--crash-during-run).
    std::optional<double> crashAt(const QString& instance) const;
    // Whether the instance runs due scheduled tasks without claiming them (--unsafe-scheduler).
    bool unsafeScheduler(const QString& instance) const;
    // When the instance closes its Redis connections for good (--redis-drop).
    std::optional<double> redisDropAt(const QString& instance) const;
    bool storageDownAt(const QString& storage, const QString& instance, double t) const;
    // Whether a --lock on the instance's deliveries holds at t, or starts or ends within margin of t.
    bool lockNear(const QString& instance, double t, double margin) const;
    // The longest --lock on the instance's deliveries, 0 without one.
    double longestLock(const QString& instance) const;
    // The instance's restarts by the deploys, in time order.
    QList<Restart> restarts(const QString& instance) const;
    // The moments at which the instance must wake up to change what it does, ascending.
    QList<double> wakeTimes(const QString& instance) const;

private:
    QList<FaultEvent> m_events;
};

} // namespace Paddock
