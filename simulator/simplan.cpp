#include "simplan.h"

#include "simrandom.h"
#include "taskgenerator.h"

#include <QTextStream>
#include <random>

namespace Paddock {

QString SimPlan::instanceName(int number, int width)
{
    return QStringLiteral("web-%1").arg(number, width, 10, QLatin1Char('0'));
}

QString SimPlan::zoneName(int index)
{
    return QStringLiteral("zone-") + QChar(QLatin1Char('a').unicode() + index);
}

StorageSpec SimPlan::storage(int index)
{
    static const char* const names[]
        = { "media", "attachments", "exports", "scratch", "thumbnails", "documents", "backups", "uploads" };
    static const char* const kinds[] = { "azure-blob", "network-share", "s3", "local" };
    StorageSpec spec;
    spec.name = QString::fromLatin1(names[index % 8]);
    spec.kind = QString::fromLatin1(kinds[index % 4]);
    if (spec.kind == QLatin1String("azure-blob"))
        spec.location = QStringLiteral("https://media-store.example.net/%1").arg(spec.name);
    else if (spec.kind == QLatin1String("network-share"))
        spec.location = QStringLiteral("\\\\fs01.farm.internal\\%1").arg(spec.name);
    else if (spec.kind == QLatin1String("s3"))
        spec.location = QStringLiteral("s3://paddock-sim-%1/").arg(spec.name);
    else
        spec.location = QStringLiteral("/var/lib/webapp/%1").arg(spec.name);
    return spec;
}

std::optional<SimPlan> SimPlan::build(const SimConfig& config, QString* error)
{
    SimPlan plan;
    plan.m_originals = config.instances;
    plan.m_seed = config.seedGiven ? config.seed : std::random_device {}() * 0x100000000ULL + std::random_device {}();

    QList<FaultEvent> events = config.faults;
    QStringList originals;
    for (int i = 0; i < config.instances; ++i)
        originals.append(QString()); // named below, once the width is known
    for (int i = 0; i < config.storages; ++i)
        plan.m_storages.append(storage(i));
    const QStringList storageNames = plan.storageNames();

    if (config.scenario == SimConfig::Scenario::Incident) {
        if (config.instances < 4) {
            *error = QStringLiteral("--scenario incident needs --instances 4 or more");
            return std::nullopt;
        }
        if (config.storages < 1) {
            *error = QStringLiteral("--scenario incident needs --storages 1 or more");
            return std::nullopt;
        }
    }

    int joins = 0;
    for (const FaultEvent& event : std::as_const(events))
        joins += event.kind == FaultEvent::Kind::Join ? 1 : 0;
    if (config.scenario == SimConfig::Scenario::Incident)
        ++joins;
    const int total = config.instances + joins;
    const int width = total > 99 ? int(QString::number(total).size()) : 2;
    for (int i = 0; i < config.instances; ++i)
        originals[i] = instanceName(i + 1, width);
    if (config.scenario == SimConfig::Scenario::Incident)
        events = FaultPlan::incident(originals, storageNames) + events;

    // Joining instances are numbered in the order they join.
    FaultPlan sorted(events);
    QList<FaultEvent> named = sorted.events();
    int next = config.instances;
    for (FaultEvent& event : named) {
        if (event.kind == FaultEvent::Kind::Join)
            event.target = instanceName(++next, width);
    }

    auto addInstance = [&](const QString& name, int index, double startAt) {
        InstanceSpec spec;
        spec.name = name;
        spec.zone = zoneName(index % config.zones);
        spec.host = QStringLiteral("%1.%2.farm.internal").arg(name, spec.zone);
        spec.displayName = QStringLiteral("%1 (%2)").arg(name, spec.zone);
        spec.version = QStringLiteral("13.0.1");
        spec.startAt = startAt;
        plan.m_instances.append(spec);
    };
    for (int i = 0; i < config.instances; ++i)
        addInstance(originals.at(i), i, 0);
    for (const FaultEvent& event : std::as_const(named)) {
        if (event.kind == FaultEvent::Kind::Join)
            addInstance(event.target, int(plan.m_instances.size()), event.at);
    }

    QStringList known;
    for (const InstanceSpec& spec : std::as_const(plan.m_instances))
        known.append(spec.name);
    const QString knownText = known.size() > 4 ? QStringLiteral("%1 … %2").arg(known.constFirst(), known.constLast())
                                               : known.join(QStringLiteral(", "));
    for (const FaultEvent& event : std::as_const(named)) {
        if (event.kind == FaultEvent::Kind::Join)
            continue;
        if (event.kind == FaultEvent::Kind::Outage) {
            if (!storageNames.contains(event.target)) {
                *error = QStringLiteral("%1: no storage \"%2\" (%3)")
                             .arg(event.spec, event.target,
                                 storageNames.isEmpty()
                                     ? QStringLiteral("--storages is 0")
                                     : QStringLiteral("storages: ") + storageNames.join(QStringLiteral(", ")));
                return std::nullopt;
            }
            for (const QString& name : event.instances) {
                if (!known.contains(name)) {
                    *error = QStringLiteral("%1: no instance \"%2\" (instances: %3)").arg(event.spec, name, knownText);
                    return std::nullopt;
                }
            }
        } else if (!known.contains(event.target)) {
            *error = QStringLiteral("%1: no instance \"%2\" (instances: %3)").arg(event.spec, event.target, knownText);
            return std::nullopt;
        }
    }
    plan.m_faults = FaultPlan(named);
    return plan;
}

QStringList SimPlan::storageNames() const
{
    QStringList names;
    for (const StorageSpec& spec : m_storages)
        names.append(spec.name);
    return names;
}

quint64 SimPlan::seedFor(const QString& instance, const char* stream) const
{
    return SimRandom::seedFor(m_seed, instance, stream);
}

QString SimPlan::describe(const SimConfig& config, int tasksPerInstance) const
{
    QString text;
    QTextStream out(&text);
    out << "paddock-sim plan: seed " << m_seed << ", scenario " << SimConfig::scenarioName(config.scenario) << ", "
        << config.taskRate << " tasks/s across the farm, heartbeat every "
        << SimConfig::formatTime(config.heartbeatInterval) << ", poll every "
        << SimConfig::formatTime(config.pollInterval) << ", "
        << (config.duration > 0 ? QStringLiteral("for ") + SimConfig::formatTime(config.duration)
                                : QStringLiteral("until stopped"))
        << "\n\ninstances:\n";
    for (const InstanceSpec& spec : m_instances) {
        out << "  " << qSetFieldWidth(8) << Qt::left << spec.name << qSetFieldWidth(8) << spec.zone
            << qSetFieldWidth(32) << spec.host << qSetFieldWidth(0) << "version " << spec.version
            << (spec.startAt > 0 ? QStringLiteral(", joins at t=") + SimConfig::formatTime(spec.startAt) : QString())
            << '\n';
    }
    out << "\nstorages:\n";
    if (m_storages.isEmpty())
        out << "  (none)\n";
    for (const StorageSpec& spec : m_storages)
        out << "  " << qSetFieldWidth(14) << Qt::left << spec.name << qSetFieldWidth(15) << spec.kind
            << qSetFieldWidth(0) << spec.location << '\n';
    out << "\nfaults:\n";
    if (m_faults.events().isEmpty())
        out << "  (none)\n";
    for (const FaultEvent& event : m_faults.events())
        out << "  t=" << qSetFieldWidth(8) << Qt::left << SimConfig::formatTime(event.at) << qSetFieldWidth(0)
            << event.describe() << '\n';
    out << "\nfirst " << tasksPerInstance << " tasks of each instance (type, target):\n";
    const QStringList storages = storageNames();
    for (const InstanceSpec& spec : m_instances) {
        out << "  " << spec.name << ":\n";
        TaskGenerator generator(seedFor(spec.name, "tasks"), storages);
        for (int i = 0; i < tasksPerInstance; ++i) {
            const SimTask task = generator.next();
            out << "    " << qSetFieldWidth(23) << Qt::left << task.type << qSetFieldWidth(0)
                << (task.target.isNull() ? QStringLiteral("-") : task.target) << '\n';
        }
    }
    out.flush();
    return text;
}

} // namespace Paddock
