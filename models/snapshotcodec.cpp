#include "snapshotcodec.h"

#include <algorithm>
#include <limits>
#include <QCborArray>
#include <QCborMap>
#include <QCborStreamReader>
#include <QCborValue>
#include <QtEndian>

namespace Paddock {

namespace {

const QLatin1String Kind("paddock-snapshot");
// Raised only for a change that older readers would misread; an added field does not need it.
constexpr qint64 FormatVersion = 1;
// Far above the snapshot of any farm: a bigger size header means damaged or foreign data.
constexpr quint32 MaxUncompressedSize = 64 * 1024 * 1024;

class Node;

// One toCbor/fromCbor pair per type, declared up front because they nest.
QCborMap toCbor(const LatencyStats& stats);
QCborMap toCbor(const ServerRow& row);
QCborMap toCbor(const ServerFigures& figures);
QCborMap toCbor(const StorageRow& row);
QCborMap toCbor(const StorageFigures& figures);
QCborMap toCbor(const FlushTargetRow& row);
QCborMap toCbor(const FlushRequestRow& request);
QCborMap toCbor(const FlushTargetProgress& target);
QCborMap toCbor(const FlushProgress& progress);
QCborMap toCbor(const FarmFigures& farm);
QCborMap toCbor(const FarmSnapshot& snapshot);
QCborMap toCbor(const ProbeRow& row);
QCborMap toCbor(const RecordedSnapshot& recorded);
void fromCbor(const Node& node, LatencyStats& stats);
void fromCbor(const Node& node, ServerRow& row);
void fromCbor(const Node& node, ServerFigures& figures);
void fromCbor(const Node& node, StorageRow& row);
void fromCbor(const Node& node, StorageFigures& figures);
void fromCbor(const Node& node, FlushTargetRow& row);
void fromCbor(const Node& node, FlushRequestRow& request);
void fromCbor(const Node& node, FlushTargetProgress& target);
void fromCbor(const Node& node, FlushProgress& progress);
void fromCbor(const Node& node, FarmFigures& farm);
void fromCbor(const Node& node, FarmSnapshot& snapshot);
void fromCbor(const Node& node, ProbeRow& row);
void fromCbor(const Node& node, RecordedSnapshot& recorded);

// Foreign text in an error message: quoted, escaped and short, so that the message stays one line.
QString quoted(const QString& text)
{
    return QCborValue(text.left(40)).toDiagnosticNotation();
}

// Writing. A null string, an invalid date or an empty optional leaves its key out, so that it
// comes back as it was.

void put(QCborMap& map, const char* key, const QCborValue& value)
{
    map.insert(QLatin1String(key), value);
}

void put(QCborMap& map, const char* key, const QString& text)
{
    if (!text.isNull())
        put(map, key, QCborValue(text));
}

void put(QCborMap& map, const char* key, const QDateTime& time)
{
    if (time.isValid())
        put(map, key, time.toMSecsSinceEpoch());
}

template<typename T> void put(QCborMap& map, const char* key, const std::optional<T>& value)
{
    if (value)
        put(map, key, *value);
}

QCborArray toCbor(const QStringList& texts)
{
    return QCborArray::fromStringList(texts);
}

QCborArray toCbor(const QList<qint64>& numbers)
{
    QCborArray array;
    for (qint64 number : numbers)
        array.append(number);
    return array;
}

template<typename T> QCborArray toCbor(const QList<T>& items)
{
    QCborArray array;
    for (const T& item : items)
        array.append(toCbor(item));
    return array;
}

template<typename T> QCborMap toCbor(const QMap<QString, T>& values)
{
    QCborMap map;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        map.insert(it.key(), it.value());
    return map;
}

QCborMap toCbor(const QHash<qint64, QString>& names)
{
    // Sorted, so that equal snapshots encode to equal bytes.
    QList<qint64> ids = names.keys();
    std::sort(ids.begin(), ids.end());
    QCborMap map;
    for (qint64 id : std::as_const(ids))
        map.insert(id, names.value(id));
    return map;
}

// Reading. A Node is one CBOR value and where it sits, for the error message
// ("snapshot.servers[3].backlog: expected an integer"). Only the first error is kept and nothing is
// read after it, so that the fromCbor functions need no checks of their own.
class Node {
public:
    Node(const QCborValue& value, QString* error)
        : m_value(value)
        , m_error(error)
    {
    }

    const QCborValue& value() const { return m_value; }
    bool failed() const { return !m_error->isEmpty(); }

    void fail(const QString& what) const
    {
        if (failed())
            return;
        const QString where = path().mid(1); // without the leading '.'
        *m_error = where.isEmpty() ? what : where + QLatin1String(": ") + what;
    }

    Node element(qsizetype index, const QCborValue& value) const
    {
        return Node(value, this, QStringLiteral("[%1]").arg(index));
    }

    Node field(QLatin1String key, const QCborValue& value) const { return Node(value, this, QLatin1Char('.') + key); }

    // An entry of a map whose keys are data, not names.
    Node entry(const QString& key, const QCborValue& value) const
    {
        return Node(value, this, QLatin1Char('[') + key + QLatin1Char(']'));
    }

    // Of a map: the field `key` into `out`. A missing or null field keeps out's default, so that
    // recordings from before the field existed still read.
    template<typename T> void read(const char* key, T& out) const;

private:
    Node(const QCborValue& value, const Node* parent, const QString& segment)
        : m_value(value)
        , m_error(parent->m_error)
        , m_parent(parent)
        , m_segment(segment)
    {
    }

    QString path() const { return m_parent ? m_parent->path() + m_segment : QString(); }

    QCborValue m_value;
    QString* m_error;
    const Node* m_parent = nullptr;
    QString m_segment;
};

void fromCbor(const Node& node, qint64& out)
{
    if (node.value().isInteger())
        out = node.value().toInteger();
    else
        node.fail(QStringLiteral("expected an integer"));
}

void fromCbor(const Node& node, int& out)
{
    qint64 wide = out;
    fromCbor(node, wide);
    if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max())
        node.fail(QStringLiteral("%1 is out of range").arg(wide));
    else
        out = int(wide);
}

void fromCbor(const Node& node, double& out)
{
    // Another writer may store a whole number as an integer.
    if (node.value().isDouble() || node.value().isInteger())
        out = node.value().toDouble();
    else
        node.fail(QStringLiteral("expected a number"));
}

void fromCbor(const Node& node, bool& out)
{
    if (node.value().isBool())
        out = node.value().toBool();
    else
        node.fail(QStringLiteral("expected true or false"));
}

void fromCbor(const Node& node, QString& out)
{
    if (!node.value().isString()) {
        node.fail(QStringLiteral("expected a string"));
        return;
    }
    out = node.value().toString();
    if (out.isNull())
        out = QLatin1String(""); // a stored empty string is not a null one (DeliveryRow::failed())
}

void fromCbor(const Node& node, QDateTime& out)
{
    if (node.value().isInteger())
        out = QDateTime::fromMSecsSinceEpoch(node.value().toInteger(), Qt::UTC);
    else
        node.fail(QStringLiteral("expected milliseconds since 1970"));
}

template<typename T> void fromCbor(const Node& node, std::optional<T>& out)
{
    T value {};
    fromCbor(node, value);
    if (!node.failed())
        out = value;
}

template<typename T> void fromCbor(const Node& node, QList<T>& out)
{
    if (!node.value().isArray()) {
        node.fail(QStringLiteral("expected an array"));
        return;
    }
    const QCborArray array = node.value().toArray();
    out.clear();
    out.reserve(array.size());
    for (qsizetype i = 0; i < array.size() && !node.failed(); ++i) {
        T item {};
        fromCbor(node.element(i, array.at(i)), item);
        out.append(std::move(item));
    }
}

template<typename T> void fromCbor(const Node& node, QMap<QString, T>& out)
{
    if (!node.value().isMap()) {
        node.fail(QStringLiteral("expected a map"));
        return;
    }
    const QCborMap map = node.value().toMap();
    out.clear();
    for (auto it = map.cbegin(); it != map.cend() && !node.failed(); ++it) {
        if (!it.key().isString()) {
            node.fail(QStringLiteral("expected text keys"));
            return;
        }
        T value {};
        fromCbor(node.entry(quoted(it.key().toString()), it.value()), value);
        out.insert(it.key().toString(), value);
    }
}

void fromCbor(const Node& node, QHash<qint64, QString>& out)
{
    if (!node.value().isMap()) {
        node.fail(QStringLiteral("expected a map"));
        return;
    }
    const QCborMap map = node.value().toMap();
    out.clear();
    for (auto it = map.cbegin(); it != map.cend() && !node.failed(); ++it) {
        if (!it.key().isInteger()) {
            node.fail(QStringLiteral("expected integer keys"));
            return;
        }
        const qint64 id = it.key().toInteger();
        QString name;
        fromCbor(node.entry(QString::number(id), it.value()), name);
        out.insert(id, name);
    }
}

// Enums are stored by name, so that reordering one does not change what old recordings mean.
template<typename Enum>
void fromName(const Node& node, Enum& out, std::initializer_list<Enum> values, QString (*nameOf)(Enum))
{
    QString name;
    fromCbor(node, name);
    for (Enum value : values) {
        if (nameOf(value) == name) {
            out = value;
            return;
        }
    }
    node.fail(QStringLiteral("unknown name %1").arg(quoted(name)));
}

void fromCbor(const Node& node, ServerStatus& status)
{
    fromName(node, status,
        { ServerStatus::Disabled, ServerStatus::Stopped, ServerStatus::NotResponding, ServerStatus::Degraded,
            ServerStatus::Healthy },
        statusName);
}

void fromCbor(const Node& node, StorageStatus& status)
{
    fromName(node, status,
        { StorageStatus::Ok, StorageStatus::Partial, StorageStatus::Failing, StorageStatus::Unknown }, statusName);
}

void fromCbor(const Node& node, FlushTargetProgress::State& state)
{
    using State = FlushTargetProgress::State;
    fromName(node, state, { State::Pending, State::Acknowledged, State::Failed }, statusName);
}

template<typename T> void Node::read(const char* key, T& out) const
{
    if (failed())
        return;
    if (!m_value.isMap()) {
        fail(QStringLiteral("expected a map"));
        return;
    }
    const QCborValue value = m_value.toMap().value(QLatin1String(key));
    if (!value.isUndefined() && !value.isNull())
        fromCbor(field(QLatin1String(key), value), out);
}

// The types, in the order of figures.h and farmdata.h.

QCborMap toCbor(const LatencyStats& stats)
{
    QCborMap map;
    put(map, "count", stats.count);
    put(map, "p50", stats.p50);
    put(map, "p95", stats.p95);
    put(map, "p99", stats.p99);
    put(map, "max", stats.max);
    return map;
}

void fromCbor(const Node& node, LatencyStats& stats)
{
    node.read("count", stats.count);
    node.read("p50", stats.p50);
    node.read("p95", stats.p95);
    node.read("p99", stats.p99);
    node.read("max", stats.max);
}

QCborMap toCbor(const ServerRow& row)
{
    QCborMap map;
    put(map, "id", row.id);
    put(map, "name", row.name);
    put(map, "display_name", row.displayName);
    put(map, "host", row.host);
    put(map, "zone", row.zone);
    put(map, "version", row.version);
    put(map, "enabled", row.enabled);
    put(map, "registered_at", row.registeredAt);
    put(map, "started_at", row.startedAt);
    put(map, "stopped_at", row.stoppedAt);
    return map;
}

void fromCbor(const Node& node, ServerRow& row)
{
    node.read("id", row.id);
    node.read("name", row.name);
    node.read("display_name", row.displayName);
    node.read("host", row.host);
    node.read("zone", row.zone);
    node.read("version", row.version);
    node.read("enabled", row.enabled);
    node.read("registered_at", row.registeredAt);
    node.read("started_at", row.startedAt);
    node.read("stopped_at", row.stoppedAt);
}

QCborMap toCbor(const ServerFigures& figures)
{
    QCborMap map;
    put(map, "server", toCbor(figures.server));
    put(map, "status", statusName(figures.status));
    put(map, "reasons", toCbor(figures.reasons));
    put(map, "last_heartbeat_age_s", figures.lastHeartbeatAgeS);
    put(map, "clock_skew_ms", figures.clockSkewMs);
    put(map, "backlog", figures.backlog);
    put(map, "oldest_pending_age_s", figures.oldestPendingAgeS);
    put(map, "deliveries_processed_per_s", figures.deliveriesProcessedPerS);
    put(map, "deliveries_processed", figures.deliveriesProcessed);
    put(map, "deliveries_failed", figures.deliveriesFailed);
    put(map, "cache_hit_ratio", figures.cacheHitRatio);
    put(map, "cache_items", figures.cacheItems);
    put(map, "memory_bytes", figures.memoryBytes);
    put(map, "cache_latency", toCbor(figures.cacheLatency));
    return map;
}

void fromCbor(const Node& node, ServerFigures& figures)
{
    node.read("server", figures.server);
    node.read("status", figures.status);
    node.read("reasons", figures.reasons);
    node.read("last_heartbeat_age_s", figures.lastHeartbeatAgeS);
    node.read("clock_skew_ms", figures.clockSkewMs);
    node.read("backlog", figures.backlog);
    node.read("oldest_pending_age_s", figures.oldestPendingAgeS);
    node.read("deliveries_processed_per_s", figures.deliveriesProcessedPerS);
    node.read("deliveries_processed", figures.deliveriesProcessed);
    node.read("deliveries_failed", figures.deliveriesFailed);
    node.read("cache_hit_ratio", figures.cacheHitRatio);
    node.read("cache_items", figures.cacheItems);
    node.read("memory_bytes", figures.memoryBytes);
    node.read("cache_latency", figures.cacheLatency);
}

QCborMap toCbor(const StorageRow& row)
{
    QCborMap map;
    put(map, "id", row.id);
    put(map, "name", row.name);
    put(map, "kind", row.kind);
    put(map, "location", row.location);
    return map;
}

void fromCbor(const Node& node, StorageRow& row)
{
    node.read("id", row.id);
    node.read("name", row.name);
    node.read("kind", row.kind);
    node.read("location", row.location);
}

QCborMap toCbor(const StorageFigures& figures)
{
    QCborMap map;
    put(map, "storage", toCbor(figures.storage));
    put(map, "status", statusName(figures.status));
    put(map, "probe_latency_p95_ms", figures.probeLatencyP95Ms);
    put(map, "failing_servers", toCbor(figures.failingServers));
    put(map, "probing_servers", toCbor(figures.probingServers));
    return map;
}

void fromCbor(const Node& node, StorageFigures& figures)
{
    node.read("storage", figures.storage);
    node.read("status", figures.status);
    node.read("probe_latency_p95_ms", figures.probeLatencyP95Ms);
    node.read("failing_servers", figures.failingServers);
    node.read("probing_servers", figures.probingServers);
}

QCborMap toCbor(const FlushTargetRow& row)
{
    QCborMap map;
    put(map, "server_id", row.serverId);
    put(map, "processed_at", row.processedAt);
    put(map, "error_message", row.errorMessage);
    return map;
}

void fromCbor(const Node& node, FlushTargetRow& row)
{
    node.read("server_id", row.serverId);
    node.read("processed_at", row.processedAt);
    node.read("error_message", row.errorMessage);
}

QCborMap toCbor(const FlushRequestRow& request)
{
    QCborMap map;
    put(map, "id", request.id);
    put(map, "requested_at", request.requestedAt);
    put(map, "requested_by", request.requestedBy);
    put(map, "client_addr", request.clientAddr);
    put(map, "application_name", request.applicationName);
    put(map, "scope", request.scope);
    put(map, "server_ids", toCbor(request.serverIds));
    put(map, "cache_keys", toCbor(request.cacheKeys));
    put(map, "reason", request.reason);
    put(map, "task_id", request.taskId);
    put(map, "targets", toCbor(request.targets));
    return map;
}

void fromCbor(const Node& node, FlushRequestRow& request)
{
    node.read("id", request.id);
    node.read("requested_at", request.requestedAt);
    node.read("requested_by", request.requestedBy);
    node.read("client_addr", request.clientAddr);
    node.read("application_name", request.applicationName);
    node.read("scope", request.scope);
    node.read("server_ids", request.serverIds);
    node.read("cache_keys", request.cacheKeys);
    node.read("reason", request.reason);
    node.read("task_id", request.taskId);
    node.read("targets", request.targets);
}

QCborMap toCbor(const FlushTargetProgress& target)
{
    QCborMap map;
    put(map, "server_id", target.serverId);
    put(map, "server_name", target.serverName);
    put(map, "state", statusName(target.state));
    put(map, "ack_ms", target.ackMs);
    put(map, "pending_for_s", target.pendingForS);
    put(map, "error", target.error);
    return map;
}

void fromCbor(const Node& node, FlushTargetProgress& target)
{
    node.read("server_id", target.serverId);
    node.read("server_name", target.serverName);
    node.read("state", target.state);
    node.read("ack_ms", target.ackMs);
    node.read("pending_for_s", target.pendingForS);
    node.read("error", target.error);
}

QCborMap toCbor(const FlushProgress& progress)
{
    QCborMap map;
    put(map, "request", toCbor(progress.request));
    put(map, "targets", progress.targets);
    put(map, "acknowledged", progress.acknowledged);
    put(map, "failed", progress.failed);
    put(map, "pending", progress.pending);
    put(map, "slowest_ack_ms", progress.slowestAckMs);
    put(map, "per_target", toCbor(progress.perTarget));
    return map;
}

void fromCbor(const Node& node, FlushProgress& progress)
{
    node.read("request", progress.request);
    node.read("targets", progress.targets);
    node.read("acknowledged", progress.acknowledged);
    node.read("failed", progress.failed);
    node.read("pending", progress.pending);
    node.read("slowest_ack_ms", progress.slowestAckMs);
    node.read("per_target", progress.perTarget);
}

QCborMap toCbor(const FarmFigures& farm)
{
    QCborMap map;
    put(map, "servers", farm.servers);
    put(map, "by_status", toCbor(farm.byStatus));
    put(map, "tasks_created_per_s", farm.tasksCreatedPerS);
    put(map, "tasks_created", farm.tasksCreated);
    put(map, "deliveries_processed_per_s", farm.deliveriesProcessedPerS);
    put(map, "deliveries_processed", farm.deliveriesProcessed);
    put(map, "deliveries_failed", farm.deliveriesFailed);
    put(map, "backlog", farm.backlog);
    put(map, "cache_latency", toCbor(farm.cacheLatency));
    put(map, "tasks_created_per_s_by_type", toCbor(farm.tasksCreatedPerSByType));
    put(map, "deliveries_processed_per_s_by_type", toCbor(farm.deliveriesProcessedPerSByType));
    return map;
}

void fromCbor(const Node& node, FarmFigures& farm)
{
    node.read("servers", farm.servers);
    node.read("by_status", farm.byStatus);
    node.read("tasks_created_per_s", farm.tasksCreatedPerS);
    node.read("tasks_created", farm.tasksCreated);
    node.read("deliveries_processed_per_s", farm.deliveriesProcessedPerS);
    node.read("deliveries_processed", farm.deliveriesProcessed);
    node.read("deliveries_failed", farm.deliveriesFailed);
    node.read("backlog", farm.backlog);
    node.read("cache_latency", farm.cacheLatency);
    node.read("tasks_created_per_s_by_type", farm.tasksCreatedPerSByType);
    node.read("deliveries_processed_per_s_by_type", farm.deliveriesProcessedPerSByType);
}

QCborMap toCbor(const FarmSnapshot& snapshot)
{
    QCborMap map;
    put(map, "generated_at", snapshot.generatedAt);
    put(map, "window_s", snapshot.windowS);
    put(map, "schema_version", snapshot.schemaVersion);
    put(map, "farm", toCbor(snapshot.farm));
    put(map, "servers", toCbor(snapshot.servers));
    put(map, "storage", toCbor(snapshot.storage));
    put(map, "flushes", toCbor(snapshot.flushes));
    return map;
}

void fromCbor(const Node& node, FarmSnapshot& snapshot)
{
    node.read("generated_at", snapshot.generatedAt);
    node.read("window_s", snapshot.windowS);
    node.read("schema_version", snapshot.schemaVersion);
    node.read("farm", snapshot.farm);
    node.read("servers", snapshot.servers);
    node.read("storage", snapshot.storage);
    node.read("flushes", snapshot.flushes);
}

QCborMap toCbor(const ProbeRow& row)
{
    QCborMap map;
    put(map, "storage_id", row.storageId);
    put(map, "server_id", row.serverId);
    put(map, "probed_at", row.probedAt);
    put(map, "ok", row.ok);
    put(map, "latency_ms", row.latencyMs);
    put(map, "free_bytes", row.freeBytes);
    put(map, "error", row.error);
    return map;
}

void fromCbor(const Node& node, ProbeRow& row)
{
    node.read("storage_id", row.storageId);
    node.read("server_id", row.serverId);
    node.read("probed_at", row.probedAt);
    node.read("ok", row.ok);
    node.read("latency_ms", row.latencyMs);
    node.read("free_bytes", row.freeBytes);
    node.read("error", row.error);
}

QCborMap toCbor(const RecordedSnapshot& recorded)
{
    QCborMap map;
    put(map, "k", QString(Kind));
    put(map, "v", FormatVersion);
    put(map, "snapshot", toCbor(recorded.snapshot));
    put(map, "latest_probes", toCbor(recorded.latestProbes));
    put(map, "server_names", toCbor(recorded.serverNames));
    return map;
}

void fromCbor(const Node& node, RecordedSnapshot& recorded)
{
    node.read("snapshot", recorded.snapshot);
    node.read("latest_probes", recorded.latestProbes);
    node.read("server_names", recorded.serverNames);
}

// qCompress wrote the uncompressed size as 4 big-endian bytes, then a zlib stream whose 2-byte
// header carries a check sum (RFC 1950). Both are checked here because qUncompress allocates
// whatever size the header claims, and on damaged data only prints a warning. (A stream that
// inflates beyond its header is still inflated in full by qUncompress before it is refused.)
std::optional<QByteArray> uncompress(const QByteArray& bytes, QString& reason)
{
    if (bytes.size() < 6) {
        reason = QStringLiteral("%1 bytes are too few for a snapshot").arg(bytes.size());
        return std::nullopt;
    }
    const auto size = qFromBigEndian<quint32>(bytes.constData());
    if (size > MaxUncompressedSize) {
        reason = QStringLiteral("the header claims %1 bytes uncompressed, more than the %2 MiB a snapshot may have")
                     .arg(size)
                     .arg(MaxUncompressedSize / 1024 / 1024);
        return std::nullopt;
    }
    const auto method = quint8(bytes.at(4));
    const auto flags = quint8(bytes.at(5));
    if ((method & 0x0f) != 8 || (method * 256 + flags) % 31 != 0) {
        reason = QStringLiteral("not zlib-compressed data");
        return std::nullopt;
    }
    const QByteArray data = qUncompress(bytes);
    if (data.size() != qsizetype(size)) {
        reason = data.isEmpty()
            ? QStringLiteral("damaged compressed data")
            : QStringLiteral("%1 bytes uncompressed where the header says %2").arg(data.size()).arg(size);
        return std::nullopt;
    }
    return data;
}

// The top-level map, once it is known to be a snapshot in a format this reader understands.
std::optional<QCborMap> snapshotMap(const QByteArray& cbor, QString& reason)
{
    QCborStreamReader reader(cbor);
    const QCborValue root = QCborValue::fromCbor(reader);
    if (const QCborError parseError = reader.lastError(); parseError != QCborError::NoError) {
        reason = QStringLiteral("not CBOR: %1 at byte %2").arg(parseError.toString()).arg(reader.currentOffset());
        return std::nullopt;
    }
    if (reader.currentOffset() != cbor.size()) {
        reason = QStringLiteral("%1 stray bytes after the CBOR value").arg(cbor.size() - reader.currentOffset());
        return std::nullopt;
    }
    if (!root.isMap()) {
        reason = QStringLiteral("CBOR, but not a map");
        return std::nullopt;
    }
    const QCborMap map = root.toMap();
    if (map.value(QLatin1String("k")).toString() != Kind) {
        reason = QStringLiteral("not a Paddock snapshot (no \"k\": \"%1\" marker)").arg(Kind);
        return std::nullopt;
    }
    const QCborValue version = map.value(QLatin1String("v"));
    if (!version.isInteger()) {
        reason = QStringLiteral("the snapshot has no format version");
        return std::nullopt;
    }
    if (version.toInteger() < 1 || version.toInteger() > FormatVersion) {
        reason = QStringLiteral("snapshot format %1 is not one this Paddock reads (1 to %2)")
                     .arg(version.toInteger())
                     .arg(FormatVersion);
        return std::nullopt;
    }
    return map;
}

} // namespace

QByteArray SnapshotCodec::encode(const RecordedSnapshot& recorded)
{
    return qCompress(QCborValue(toCbor(recorded)).toCbor());
}

std::optional<RecordedSnapshot> SnapshotCodec::decode(const QByteArray& bytes, QString* error)
{
    QString reason;
    RecordedSnapshot recorded;
    if (const auto cbor = uncompress(bytes, reason)) {
        if (const auto map = snapshotMap(*cbor, reason))
            fromCbor(Node(*map, &reason), recorded);
    }
    if (error)
        *error = reason;
    if (!reason.isEmpty())
        return std::nullopt;
    return recorded;
}

} // namespace Paddock
