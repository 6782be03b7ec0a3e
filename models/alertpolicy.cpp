#include "alertpolicy.h"

#include "displayformat.h"

#include <algorithm>

namespace Paddock {

namespace {

// How many names a grouped notification lists before "…": a notification shows a few lines at most.
constexpr qsizetype NamesShown = 5;

QString namesOf(const QStringList& names)
{
    QStringList shown = names.mid(0, NamesShown);
    if (names.size() > NamesShown)
        shown.append(QStringLiteral("\u2026"));
    return shown.join(QStringLiteral(", "));
}

QList<qint64> idsOf(const QStringList& names, const FarmSnapshot& snapshot)
{
    QList<qint64> ids;
    for (const ServerFigures& server : snapshot.servers) {
        if (names.contains(server.server.name))
            ids.append(server.server.id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

} // namespace

void AlertPolicy::reset()
{
    m_told.clear();
    m_started = false;
}

QHash<QString, AlertPolicy::Subject> AlertPolicy::subjectsOf(const Observation& observation)
{
    QHash<QString, Subject> subjects;
    subjects.insert(QStringLiteral("database"),
        { Area::Database, QString(), !observation.databaseAnswering, Format::timeOfDay(observation.databaseLastHeard),
            {} });
    if (!observation.haveSnapshot)
        return subjects;
    const FarmSnapshot& snapshot = observation.snapshot;
    for (const ServerFigures& server : snapshot.servers) {
        const QString heartbeat = server.lastHeartbeatAgeS && snapshot.generatedAt.isValid()
            ? Format::timeOfDay(snapshot.generatedAt.addMSecs(qint64(-*server.lastHeartbeatAgeS * 1000.0)))
            : QString();
        subjects.insert(QStringLiteral("instance/") + server.server.name,
            { Area::Instance, server.server.name, server.status == ServerStatus::NotResponding, heartbeat,
                { server.server.id } });
    }
    for (const StorageFigures& storage : snapshot.storage) {
        subjects.insert(QStringLiteral("storage/") + storage.storage.name,
            { Area::Storage, storage.storage.name, storage.status == StorageStatus::Failing,
                storage.failingServers.join(QStringLiteral(", ")), idsOf(storage.failingServers, snapshot) });
    }
    return subjects;
}

QList<AlertPolicy::Notification> AlertPolicy::observe(const Observation& observation)
{
    const QHash<QString, Subject> subjects = subjectsOf(observation);
    const qint64 nowMs = observation.now.toMSecsSinceEpoch();
    // Instances and storage that are gone are forgotten; new ones start from what they are.
    m_told.removeIf([&subjects](const auto& told) { return !subjects.contains(told.key()); });
    QList<Subject> changed;
    for (auto it = subjects.cbegin(); it != subjects.cend(); ++it) {
        auto told = m_told.find(it.key());
        if (told == m_told.end() || !m_started) {
            m_told.insert(it.key(), { it->bad, std::nullopt });
            continue;
        }
        if (told->bad == it->bad)
            continue;
        if (observation.quiet) {
            told->bad = it->bad;
            continue;
        }
        if (told->atMs && nowMs - *told->atMs < MinimumGapMs)
            continue; // held back: told when its minute is up, if it still stands
        *told = { it->bad, nowMs };
        changed.append(*it);
    }
    m_started = true;
    return grouped(changed);
}

// Many instances changing in one update are one notification, not one each: they usually share a
// cause (a network partition, the database, a deploy), a dozen popups would bury the desktop (and
// notification servers drop or queue the excess), and one click can select them all.
QList<AlertPolicy::Notification> AlertPolicy::grouped(const QList<Subject>& changed)
{
    QList<Notification> result;
    for (const bool bad : { true, false }) {
        for (const Area area : { Area::Database, Area::Instance, Area::Storage }) {
            QList<Subject> group;
            std::copy_if(changed.cbegin(), changed.cend(), std::back_inserter(group),
                [&](const Subject& s) { return s.bad == bad && s.area == area; });
            if (group.isEmpty())
                continue;
            std::sort(group.begin(), group.end(), [](const Subject& a, const Subject& b) { return a.name < b.name; });
            if (area == Area::Database)
                result.append(databaseNotification(group.first()));
            else if (area == Area::Instance)
                result.append(instancesNotification(group, bad));
            else
                result.append(storageNotification(group, bad));
        }
    }
    return result;
}

AlertPolicy::Notification AlertPolicy::instancesNotification(const QList<Subject>& subjects, bool bad)
{
    Notification n;
    n.kind = bad ? Notification::Kind::Worse : Notification::Kind::Better;
    QStringList names;
    for (const Subject& s : subjects) {
        names.append(s.name);
        n.serverIds.append(s.serverIds);
    }
    std::sort(n.serverIds.begin(), n.serverIds.end());
    const Subject& first = subjects.first();
    if (subjects.size() == 1) {
        n.title = bad ? tr("Instance not responding") : tr("Instance responding again");
        n.message = bad
            ? tr("%1 stopped responding (%2)")
                  .arg(first.name,
                      first.detail.isEmpty() ? tr("no heartbeat seen") : tr("last heartbeat %1").arg(first.detail))
            : tr("%1 is responding again").arg(first.name);
        return n;
    }
    n.title = bad ? tr("Instances not responding") : tr("Instances responding again");
    n.message = (bad ? tr("%1 instances stopped responding: %2") : tr("%1 instances are responding again: %2"))
                    .arg(subjects.size())
                    .arg(namesOf(names));
    return n;
}

AlertPolicy::Notification AlertPolicy::storageNotification(const QList<Subject>& subjects, bool bad)
{
    Notification n;
    n.kind = bad ? Notification::Kind::Worse : Notification::Kind::Better;
    QStringList parts;
    for (const Subject& s : subjects) {
        parts.append(bad && !s.detail.isEmpty() ? tr("%1 on %2").arg(s.name, s.detail) : s.name);
        n.serverIds.append(s.serverIds);
    }
    std::sort(n.serverIds.begin(), n.serverIds.end());
    n.serverIds.erase(std::unique(n.serverIds.begin(), n.serverIds.end()), n.serverIds.end());
    if (subjects.size() == 1) {
        n.title = bad ? tr("Storage failing") : tr("Storage working again");
        const Subject& only = subjects.first();
        n.message = !bad            ? tr("Storage %1 is working again").arg(only.name)
            : only.detail.isEmpty() ? tr("Storage %1 failing").arg(only.name)
                                    : tr("Storage %1 failing on %2").arg(only.name, only.detail);
        return n;
    }
    n.title = bad ? tr("Storage failing") : tr("Storage working again");
    n.message = (bad ? tr("%1 storages failing: %2") : tr("%1 storages are working again: %2"))
                    .arg(subjects.size())
                    .arg(bad ? parts.join(QStringLiteral("; ")) : namesOf(parts));
    return n;
}

AlertPolicy::Notification AlertPolicy::databaseNotification(const Subject& database)
{
    Notification n;
    n.kind = database.bad ? Notification::Kind::Worse : Notification::Kind::Better;
    n.title = database.bad ? tr("Database not answering") : tr("Database answering again");
    n.message = database.bad ? tr("The database stopped answering (last heard from %1)").arg(database.detail)
                             : tr("The database is answering again");
    return n;
}

AlertPolicy::Level AlertPolicy::level(const Observation& observation)
{
    if (!observation.databaseAnswering || !observation.haveSnapshot)
        return Level::Unknown;
    switch (observation.snapshot.exitStatus()) {
    case 0:
        return Level::Healthy;
    case 1:
        return Level::Degraded;
    default:
        return Level::Failing;
    }
}

QString AlertPolicy::summaryLine(const Observation& observation)
{
    if (!observation.haveSnapshot)
        return observation.databaseAnswering ? tr("no data yet") : tr("the database does not answer");
    const FarmFigures& farm = observation.snapshot.farm;
    QStringList parts { farm.servers == 1 ? tr("1 instance") : tr("%1 instances").arg(farm.servers) };
    for (auto it = farm.byStatus.cbegin(); it != farm.byStatus.cend(); ++it) {
        if (it.value() > 0)
            parts.append(QStringLiteral("%1 %2").arg(it.value()).arg(it.key()));
    }
    const qsizetype failing = std::count_if(observation.snapshot.storage.cbegin(), observation.snapshot.storage.cend(),
        [](const StorageFigures& s) { return s.status == StorageStatus::Failing; });
    if (failing > 0)
        parts.append(tr("%1 storage failing").arg(failing));
    QString line = parts.join(QStringLiteral(", "));
    if (!observation.databaseAnswering)
        line += tr("; the database stopped answering at %1").arg(Format::timeOfDay(observation.databaseLastHeard));
    return line;
}

} // namespace Paddock
