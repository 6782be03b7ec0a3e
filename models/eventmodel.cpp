#include "eventmodel.h"

#include "displayformat.h"

#include <algorithm>
#include <QSet>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

EventModel::Severity severityOfStatus(ServerStatus status)
{
    switch (status) {
    case ServerStatus::NotResponding:
        return EventModel::Severity::Error;
    case ServerStatus::Degraded:
    case ServerStatus::Stopped:
        return EventModel::Severity::Warning;
    case ServerStatus::Disabled:
    case ServerStatus::Healthy:
        return EventModel::Severity::Info;
    }
    return EventModel::Severity::Info;
}

QDateTime latestProcessedAt(const FlushProgress& flush)
{
    QDateTime latest;
    for (const FlushTargetRow& target : flush.request.targets) {
        if (target.processedAt.isValid() && (!latest.isValid() || target.processedAt > latest))
            latest = target.processedAt;
    }
    return latest;
}

} // namespace

QString EventModel::severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info:
        return u"info"_s;
    case Severity::Warning:
        return u"warning"_s;
    case Severity::Error:
        return u"error"_s;
    }
    return {};
}

EventModel::Severity EventModel::severityOf(const QString& code)
{
    static const QSet<QString> errors { u"ERROR"_s, u"FATAL"_s, u"CRASHED"_s, u"CONNECTION_LOST"_s };
    static const QSet<QString> warnings { u"STOPPED"_s, u"WARNING"_s, u"LEFT"_s, u"RESTART"_s, u"RESTARTING"_s,
        u"DEGRADED"_s, u"NOT_RESPONDING"_s, u"DISABLED"_s };
    const QString upper = code.trimmed().toUpper();
    if (errors.contains(upper) || upper.contains(u"ERROR"_s) || upper.contains(u"FAIL"_s))
        return Severity::Error;
    if (warnings.contains(upper) || upper.contains(u"WARN"_s))
        return Severity::Warning;
    return Severity::Info;
}

QString EventModel::startedVersion(const QString& message)
{
    static const QLatin1String marker(", version ");
    const qsizetype at = message.lastIndexOf(marker);
    if (at < 0)
        return {};
    const QString version = message.mid(at + marker.size()).trimmed();
    return version == u"?"_s ? QString() : version;
}

EventModel::EventModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_timer(this)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(DefaultCoalescingIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &EventModel::flushPending);
}

EventModel::~EventModel() = default;

int EventModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EventModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventModel::cellData(const Entry& entry, int column, int role)
{
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Time:
            return Format::dateTime(entry.time);
        case Instance:
            return entry.instance;
        case Code:
            return entry.code;
        case Message:
            return entry.versionAppeared.isEmpty()
                ? entry.message
                : tr("version %1 appeared").arg(entry.versionAppeared) + u" \u2014 "_s + entry.message;
        }
        return {};
    case Qt::ToolTipRole:
        switch (column) {
        case Time:
            return Format::isoUtc(entry.time);
        case Message:
            return cellData(entry, column, Qt::DisplayRole);
        }
        return {};
    case VersionAppearedRole:
        return entry.versionAppeared.isEmpty() ? QVariant() : QVariant(entry.versionAppeared);
    case TimestampRole:
        return entry.time;
    case ServerIdRole:
        return entry.serverId;
    case CodeRole:
        return entry.code;
    case SeverityRole:
        return severityName(entry.severity);
    case SortRole:
        // Text columns sort by what they show.
        return column == Time ? QVariant(entry.time.toMSecsSinceEpoch()) : cellData(entry, column, Qt::DisplayRole);
    }
    return {};
}

QVariant EventModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    return cellData(m_rows.at(index.row()), index.column(), role);
}

QVariant EventModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Instance:
        return tr("Instance");
    case Code:
        return tr("Event");
    case Message:
        return tr("Message");
    }
    return {};
}

QHash<int, QByteArray> EventModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(TimestampRole, "timestamp");
    names.insert(ServerIdRole, "serverId");
    names.insert(CodeRole, "code");
    names.insert(SeverityRole, "severity");
    names.insert(SortRole, "sort");
    names.insert(VersionAppearedRole, "versionAppeared");
    return names;
}

void EventModel::setMaximumRows(int rows)
{
    m_maximumRows = std::max(rows, 1);
    if (m_rows.size() > m_maximumRows) {
        beginRemoveRows({}, m_maximumRows, int(m_rows.size()) - 1);
        m_rows.resize(m_maximumRows);
        endRemoveRows();
    }
}

void EventModel::setCoalescingInterval(int ms)
{
    m_timer.setInterval(std::max(ms, 0));
}

QString EventModel::nameOf(qint64 serverId) const
{
    if (serverId == 0)
        return {};
    const auto name = m_names.constFind(serverId);
    return name != m_names.cend() ? *name : u"#%1"_s.arg(serverId);
}

void EventModel::appendEvents(const QList<EventRow>& rows, const QHash<qint64, QString>& serverNames)
{
    if (rows.isEmpty())
        return;
    QList<Entry> entries;
    entries.reserve(rows.size());
    for (auto it = serverNames.cbegin(); it != serverNames.cend(); ++it)
        m_names.insert(it.key(), it.value());
    for (const EventRow& row : rows)
        entries.append(
            Entry { row.loggedAt, row.serverId, nameOf(row.serverId), row.code, row.message, severityOf(row.code) });
    markAppearedVersions(entries);
    enqueue(std::move(entries));
}

void EventModel::markAppearedVersions(QList<Entry>& entries)
{
    QList<Entry*> started;
    for (Entry& entry : entries) {
        if (entry.code == u"STARTED"_s)
            started.append(&entry);
    }
    // The first of a version is the earliest, whatever order the rows came in.
    std::stable_sort(started.begin(), started.end(), [](const Entry* a, const Entry* b) { return a->time < b->time; });
    for (Entry* entry : std::as_const(started)) {
        const QString version = startedVersion(entry->message);
        if (version.isEmpty() || m_versions.contains(version))
            continue;
        m_versions.insert(version);
        // Before the first snapshot, the events are the first load: what the farm ran already.
        if (m_haveBaseline)
            entry->versionAppeared = version;
    }
}

void EventModel::appendLocalEvent(QDateTime time, QString code, QString message, qint64 serverId)
{
    if (!time.isValid())
        time = QDateTime::currentDateTimeUtc();
    Entry entry { std::move(time), serverId, {}, std::move(code), std::move(message), Severity::Info };
    entry.severity = severityOf(entry.code);
    entry.instance = nameOf(serverId);
    enqueue({ std::move(entry) });
}

void EventModel::noteSnapshot(const FarmSnapshot& snapshot)
{
    const QDateTime at = snapshot.generatedAt;
    QList<Entry> entries;
    QHash<qint64, ServerState> servers;
    for (const ServerFigures& figures : snapshot.servers) {
        const ServerRow& server = figures.server;
        servers.insert(server.id, ServerState { server.name, figures.status });
        m_names.insert(server.id, server.name);
        if (!m_haveBaseline) {
            if (!server.version.isEmpty())
                m_versions.insert(server.version);
            continue;
        }
        const auto previous = m_servers.constFind(server.id);
        if (previous == m_servers.cend()) {
            QString where = server.zone.isEmpty() ? server.host : server.zone;
            entries.append(Entry { at, server.id, server.name, u"JOINED"_s,
                where.isEmpty() ? tr("%1 joined the farm").arg(server.name)
                                : tr("%1 joined the farm (%2)").arg(server.name, where),
                Severity::Info });
        } else if (previous->status != figures.status) {
            QString message = statusName(previous->status) + u" \u2192 "_s + statusName(figures.status);
            if (!figures.reasons.isEmpty())
                message += u": "_s + figures.reasons.join(u"; "_s);
            entries.append(
                Entry { at, server.id, server.name, u"STATUS"_s, message, severityOfStatus(figures.status) });
        }
    }
    if (m_haveBaseline) {
        QList<Entry> left;
        for (auto it = m_servers.cbegin(); it != m_servers.cend(); ++it) {
            if (!servers.contains(it.key()))
                left.append(Entry {
                    at, it.key(), it->name, u"LEFT"_s, tr("%1 left the farm").arg(it->name), Severity::Warning });
        }
        std::sort(left.begin(), left.end(), [](const Entry& a, const Entry& b) { return a.instance < b.instance; });
        entries.append(left);
    }
    m_servers = servers;

    QHash<qint64, FlushState> flushes;
    for (const FlushProgress& flush : snapshot.flushes) {
        const FlushRequestRow& request = flush.request;
        flushes.insert(request.id, FlushState { flush.pending });
        if (!m_haveBaseline)
            continue;
        const auto previous = m_flushes.constFind(request.id);
        if (previous == m_flushes.cend()) {
            QString message = (flush.targets == 1 ? tr("flush #%1 by %2, scope %3, %4 target")
                                                  : tr("flush #%1 by %2, scope %3, %4 targets"))
                                  .arg(request.id)
                                  .arg(request.requestedBy, request.scope)
                                  .arg(flush.targets);
            if (!request.reason.isEmpty())
                message += u": "_s + request.reason;
            entries.append(Entry { request.requestedAt.isValid() ? request.requestedAt : at, 0, {},
                u"FLUSH_REQUESTED"_s, message, Severity::Info });
        }
        const bool wasPending = previous == m_flushes.cend() || previous->pending > 0;
        if (wasPending && flush.done()) {
            QString message
                = tr("flush #%1: %2 acknowledged, %3 failed").arg(request.id).arg(flush.acknowledged).arg(flush.failed);
            if (flush.slowestAckMs)
                message += tr(", slowest %1").arg(Format::milliseconds(flush.slowestAckMs));
            const QDateTime finishedAt = latestProcessedAt(flush);
            entries.append(Entry { finishedAt.isValid() ? finishedAt : at, 0, {}, u"FLUSH_FINISHED"_s, message,
                flush.failed > 0 ? Severity::Warning : Severity::Info });
        }
    }
    m_flushes = flushes;
    m_haveBaseline = true;
    // Equal times show the latest arrival first: reversed, one snapshot's events read in name order.
    std::reverse(entries.begin(), entries.end());
    enqueue(std::move(entries));
}

void EventModel::enqueue(QList<Entry> entries)
{
    if (entries.isEmpty())
        return;
    m_queue.append(std::move(entries));
    if (!m_timer.isActive())
        m_timer.start();
}

void EventModel::flushPending()
{
    m_timer.stop();
    QList<Entry> batch;
    batch.swap(m_queue);
    if (batch.isEmpty())
        return;

    // Newest first; among equal times the later arrival first, as if it had been prepended.
    std::reverse(batch.begin(), batch.end());
    std::stable_sort(batch.begin(), batch.end(), [](const Entry& a, const Entry& b) { return a.time > b.time; });

    // The final list is the first m_maximumRows of merge(m_rows, batch): the rows that fall off are
    // a suffix of the old rows and a suffix of the batch, so the old ones go in one removal and
    // the new ones are never inserted.
    const qsizetype keep = std::min<qsizetype>(m_rows.size() + batch.size(), m_maximumRows);
    QList<qsizetype> positions; // final position of each surviving new entry
    qsizetype oldKept = 0;
    for (qsizetype position = 0, newKept = 0; position < keep; ++position) {
        const bool takeNew = newKept < batch.size()
            && (oldKept >= m_rows.size() || !(m_rows.at(oldKept).time > batch.at(newKept).time));
        if (takeNew) {
            positions.append(position);
            ++newKept;
        } else {
            ++oldKept;
        }
    }
    if (oldKept < m_rows.size()) {
        beginRemoveRows({}, int(oldKept), int(m_rows.size()) - 1);
        m_rows.resize(oldKept);
        endRemoveRows();
    }
    for (qsizetype k = 0; k < positions.size();) {
        qsizetype end = k + 1;
        while (end < positions.size() && positions.at(end) == positions.at(end - 1) + 1)
            ++end;
        const qsizetype first = positions.at(k);
        beginInsertRows({}, int(first), int(first + end - k - 1));
        for (qsizetype n = k; n < end; ++n)
            m_rows.insert(first + (n - k), batch.at(n));
        endInsertRows();
        k = end;
    }
}

void EventModel::clear()
{
    m_timer.stop();
    m_queue.clear();
    m_names.clear();
    m_servers.clear();
    m_flushes.clear();
    m_versions.clear();
    m_haveBaseline = false;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

} // namespace Paddock
