#pragma once

#include "faultplan.h"
#include "simconfig.h"

#include <optional>
#include <QList>
#include <QString>
#include <QStringList>

namespace Paddock {

struct InstanceSpec {
    QString name; // web-01
    QString displayName;
    QString host; // web-01.zone-a.farm.internal, a label only
    QString zone;
    QString version;
    double startAt = 0; // 0 for the original instances, the join time otherwise
    bool secondProcess = false; // --duplicate-name: another process that registers under the same name

    // For log lines and random streams: the second process has its own.
    QString processName() const { return secondProcess ? name + QStringLiteral(" (second process)") : name; }
};

struct StorageSpec {
    QString name;
    QString kind; // azure-blob, s3, network-share, local
    QString location;
};

// Everything a run will do that does not depend on timing: instances, storages, faults, the seed.
// Built from the command line without touching the network; --dry-run prints it.
class SimPlan {
public:
    // nullopt with *error set when the faults name instances or storages that do not exist.
    static std::optional<SimPlan> build(const SimConfig& config, QString* error);

    const QList<InstanceSpec>& instances() const { return m_instances; }
    const QList<StorageSpec>& storages() const { return m_storages; }
    QStringList storageNames() const;
    const FaultPlan& faults() const { return m_faults; }
    quint64 seed() const { return m_seed; }
    int originalInstances() const { return m_originals; }

    // The seed of a stream ("tasks", "work", "cache", "arrivals") of one instance.
    quint64 seedFor(const QString& instance, const char* stream) const;

    // The plan for people; identical for identical command lines with the same seed.
    QString describe(const SimConfig& config, int tasksPerInstance = 10) const;

    static QString instanceName(int number, int width = 2);
    static StorageSpec storage(int index);
    static QString zoneName(int index);

private:
    QList<InstanceSpec> m_instances;
    QList<StorageSpec> m_storages;
    FaultPlan m_faults;
    quint64 m_seed = 0;
    int m_originals = 0;
};

} // namespace Paddock
