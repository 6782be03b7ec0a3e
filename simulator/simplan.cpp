#include "simplan.h"

#include "simrandom.h"
#include "simscheduler.h"
#include "taskgenerator.h"

#include <algorithm>
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

namespace {

// Why the scenario cannot play with these instances and storages; nullopt when it can.
std::optional<QString> scenarioProblem(const SimConfig& config)
{
    if (config.scenario != SimConfig::Scenario::Incident)
        return std::nullopt;
    if (config.instances < 4)
        return QStringLiteral("--scenario incident needs --instances 4 or more");
    if (config.storages < 1)
        return QStringLiteral("--scenario incident needs --storages 1 or more");
    return std::nullopt;
}

// Digits of the instance numbers: 2 (web-01) unless the farm, joins included, grows past 99.
int nameWidth(const SimConfig& config)
{
    int joins = 0;
    for (const FaultEvent& event : config.faults)
        joins += event.kind == FaultEvent::Kind::Join ? 1 : 0;
    if (config.scenario == SimConfig::Scenario::Incident)
        ++joins;
    const int total = config.instances + joins;
    return total > 99 ? int(QString::number(total).size()) : 2;
}

// The events in time order, joining instances named in the order they join.
QList<FaultEvent> inOrderWithJoinNames(const QList<FaultEvent>& events, int instances, int width)
{
    FaultPlan sorted(events);
    QList<FaultEvent> named = sorted.events();
    int next = instances;
    for (FaultEvent& event : named) {
        if (event.kind == FaultEvent::Kind::Join)
            event.target = SimPlan::instanceName(++next, width);
    }
    return named;
}

InstanceSpec instanceSpec(const QString& name, const QString& zone, double startAt, const QString& version)
{
    InstanceSpec spec;
    spec.name = name;
    spec.zone = zone;
    spec.host = QStringLiteral("%1.%2.farm.internal").arg(name, spec.zone);
    spec.displayName = QStringLiteral("%1 (%2)").arg(name, spec.zone);
    spec.version = version;
    spec.startAt = startAt;
    return spec;
}

// The version of an instance that starts at t: that of the last deploy begun by then.
QString versionAt(const QList<FaultEvent>& events, double t)
{
    QString version = QString::fromLatin1(SimConfig::DefaultVersion);
    for (const FaultEvent& event : events) {
        if (event.kind == FaultEvent::Kind::Deploy && event.at <= t)
            version = event.version;
    }
    return version;
}

// Who each deploy restarts: the instances started before it, in the order they started, less those
// that leave before their turn (one every DeploySpacingS).
void planRestarts(QList<FaultEvent>* events, const QList<InstanceSpec>& instances)
{
    const FaultPlan plan(*events);
    for (FaultEvent& deploy : *events) {
        if (deploy.kind != FaultEvent::Kind::Deploy)
            continue;
        for (const InstanceSpec& spec : instances) {
            const double turn = deploy.at + double(deploy.instances.size()) * FaultEvent::DeploySpacingS;
            const auto leaves = plan.leaveAt(spec.name);
            if (spec.startAt < deploy.at && !(leaves && *leaves <= turn))
                deploy.instances.append(spec.name);
        }
    }
}

// The first fault on an instance or a storage that the plan does not have, as a message.
std::optional<QString> unknownTarget(
    const QList<FaultEvent>& events, const QStringList& known, const QStringList& storageNames)
{
    const QString knownText = known.size() > 4 ? QStringLiteral("%1 … %2").arg(known.constFirst(), known.constLast())
                                               : known.join(QStringLiteral(", "));
    for (const FaultEvent& event : events) {
        if (event.kind == FaultEvent::Kind::Join || event.kind == FaultEvent::Kind::RedisSlow
            || event.kind == FaultEvent::Kind::RedisEvict || event.kind == FaultEvent::Kind::LongTransaction
            || event.kind == FaultEvent::Kind::Deploy)
            continue; // no target, or the whole Redis or database server, or the whole farm
        if (event.kind == FaultEvent::Kind::Outage) {
            if (!storageNames.contains(event.target)) {
                return QStringLiteral("%1: no storage \"%2\" (%3)")
                    .arg(event.spec, event.target,
                        storageNames.isEmpty()
                            ? QStringLiteral("--storages is 0")
                            : QStringLiteral("storages: ") + storageNames.join(QStringLiteral(", ")));
            }
            for (const QString& name : event.instances) {
                if (!known.contains(name))
                    return QStringLiteral("%1: no instance \"%2\" (instances: %3)").arg(event.spec, name, knownText);
            }
        } else if (!known.contains(event.target)) {
            return QStringLiteral("%1: no instance \"%2\" (instances: %3)").arg(event.spec, event.target, knownText);
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<SimPlan> SimPlan::build(const SimConfig& config, QString* error)
{
    SimPlan plan;
    plan.m_originals = config.instances;
    plan.m_seed = config.seedGiven ? config.seed : std::random_device {}() * 0x100000000ULL + std::random_device {}();
    for (int i = 0; i < config.storages; ++i)
        plan.m_storages.append(storage(i));
    const QStringList storageNames = plan.storageNames();
    if (const auto problem = scenarioProblem(config)) {
        *error = *problem;
        return std::nullopt;
    }

    const int width = nameWidth(config);
    QStringList originals;
    for (int i = 0; i < config.instances; ++i)
        originals.append(instanceName(i + 1, width));
    QList<FaultEvent> events = config.faults;
    if (config.scenario == SimConfig::Scenario::Incident)
        events = FaultPlan::incident(originals, storageNames, config.redis.has_value()) + events;
    QList<FaultEvent> named = inOrderWithJoinNames(events, config.instances, width);

    const QString version = QString::fromLatin1(SimConfig::DefaultVersion);
    for (int i = 0; i < config.instances; ++i)
        plan.m_instances.append(instanceSpec(originals.at(i), zoneName(i % config.zones), 0, version));
    for (const FaultEvent& event : std::as_const(named)) {
        if (event.kind == FaultEvent::Kind::Join)
            plan.m_instances.append(instanceSpec(event.target, zoneName(int(plan.m_instances.size()) % config.zones),
                event.at, versionAt(named, event.at)));
    }
    QStringList known;
    for (const InstanceSpec& spec : std::as_const(plan.m_instances))
        known.append(spec.name);
    if (const auto unknown = unknownTarget(named, known, storageNames)) {
        *error = *unknown;
        return std::nullopt;
    }
    planRestarts(&named, plan.m_instances);
    // --duplicate-name: a second process of the instance, started at its time like a joining one.
    for (const FaultEvent& event : std::as_const(named)) {
        if (event.kind != FaultEvent::Kind::DuplicateName)
            continue;
        for (const InstanceSpec& spec : QList<InstanceSpec>(plan.m_instances)) {
            if (spec.name == event.target && !spec.secondProcess) {
                InstanceSpec second = spec;
                second.startAt = std::max(event.at, spec.startAt);
                second.secondProcess = true;
                plan.m_instances.append(second);
            }
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
        << (config.redis ? QStringLiteral(", cache in Redis at ") + config.redis->url() : QString())
        << "\n\ninstances:\n";
    for (const InstanceSpec& spec : m_instances) {
        out << "  " << qSetFieldWidth(8) << Qt::left << spec.name << qSetFieldWidth(8) << spec.zone
            << qSetFieldWidth(32) << spec.host << qSetFieldWidth(0) << "version " << spec.version
            << (spec.secondProcess ? QStringLiteral(", a second process from t=") + SimConfig::formatTime(spec.startAt)
                       : spec.startAt > 0 ? QStringLiteral(", joins at t=") + SimConfig::formatTime(spec.startAt)
                                          : QString());
        for (const FaultPlan::Restart& restart : m_faults.restarts(spec.name))
            out << ", restarts on " << restart.version << " at t=" << SimConfig::formatTime(restart.at);
        out << '\n';
    }
    out << "\nstorages:\n";
    if (m_storages.isEmpty())
        out << "  (none)\n";
    for (const StorageSpec& spec : m_storages)
        out << "  " << qSetFieldWidth(14) << Qt::left << spec.name << qSetFieldWidth(15) << spec.kind
            << qSetFieldWidth(0) << spec.location << '\n';
    out << "\nscheduled tasks (every instance registers them; claimed at each poll):\n";
    for (const ScheduledTaskSpec& task : SimScheduler::tasks())
        out << "  " << qSetFieldWidth(17) << Qt::left << task.name << qSetFieldWidth(0) << "every "
            << SimConfig::formatTime(task.intervalS) << ", timeout " << SimConfig::formatTime(task.timeoutS)
            << ", runs ~" << SimConfig::formatTime(task.medianS) << '\n';
    out << "\nfaults:\n";
    if (m_faults.events().isEmpty())
        out << "  (none)\n";
    for (const FaultEvent& event : m_faults.events())
        out << "  t=" << qSetFieldWidth(8) << Qt::left << SimConfig::formatTime(event.at) << qSetFieldWidth(0)
            << event.describe() << '\n';
    out << "\nfirst " << tasksPerInstance << " tasks of each instance (type, target):\n";
    const QStringList storages = storageNames();
    for (const InstanceSpec& spec : m_instances) {
        out << "  " << spec.processName() << ":\n";
        TaskGenerator generator(seedFor(spec.processName(), "tasks"), storages);
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
