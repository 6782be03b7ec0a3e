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
    FaultPlan() = default;
    explicit FaultPlan(QList<FaultEvent> events);

    // The incident scenario for these original instances (4 or more) and storages (1 or more), with
    // its Redis chapter when the instances keep their cache in Redis. The join has no target yet: the
    // plan names joining instances.
    static QList<FaultEvent> incident(const QStringList& instances, const QStringList& storages, bool redis = false);

    const QList<FaultEvent>& events() const { return m_events; }
    QList<FaultEvent> joins() const;

    bool silentAt(const QString& instance, double t) const;
    // When the silence that holds at t ends; nullopt when it lasts until the end.
    std::optional<double> silenceEnd(const QString& instance, double t) const;
    double slowFactorAt(const QString& instance, double t) const;
    int skewAt(const QString& instance, double t) const;
    std::optional<double> leaveAt(const QString& instance) const;
    // When the instance closes its Redis connections for good (--redis-drop).
    std::optional<double> redisDropAt(const QString& instance) const;
    bool storageDownAt(const QString& storage, const QString& instance, double t) const;
    // The moments at which the instance must wake up to change what it does, ascending.
    QList<double> wakeTimes(const QString& instance) const;

private:
    QList<FaultEvent> m_events;
};

} // namespace Paddock
