#include "snapshotcodec.h"

#include "snapshotfields.h"

#include <algorithm>
#include <concepts>
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

// Foreign text in an error message: quoted, escaped and short, so that the message stays one line.
QString quoted(const QString& text)
{
    return QCborValue(text.left(40)).toDiagnosticNotation();
}

using SnapshotFields::fields;
using SnapshotFields::Record;

// Writing. A null string, an invalid date or an empty optional leaves its key out (nullopt here), so
// that it reads back as what it was.
template<Record T> QCborMap toCbor(const T& record);
template<Record T> std::optional<QCborValue> cbor(const T& record);

std::optional<QCborValue> cbor(qint64 number)
{
    return QCborValue(number);
}

std::optional<QCborValue> cbor(int number)
{
    return QCborValue(number);
}

std::optional<QCborValue> cbor(double number)
{
    return QCborValue(number);
}

std::optional<QCborValue> cbor(bool value)
{
    return QCborValue(value);
}

std::optional<QCborValue> cbor(const QString& text)
{
    return text.isNull() ? std::nullopt : std::optional<QCborValue>(QCborValue(text));
}

std::optional<QCborValue> cbor(const QDateTime& time)
{
    return time.isValid() ? std::optional<QCborValue>(QCborValue(time.toMSecsSinceEpoch())) : std::nullopt;
}

// Enums are stored by name, so that reordering one does not change what old recordings mean.
template<typename Enum>
requires std::is_enum_v<Enum> std::optional<QCborValue> cbor(Enum value)
{
    return QCborValue(statusName(value));
}

template<typename T> std::optional<QCborValue> cbor(const std::optional<T>& value)
{
    return value ? cbor(*value) : std::nullopt;
}

std::optional<QCborValue> cbor(const QStringList& texts)
{
    return QCborArray::fromStringList(texts);
}

template<typename T> std::optional<QCborValue> cbor(const QList<T>& items)
{
    QCborArray array;
    for (const T& item : items)
        array.append(cbor(item).value_or(QCborValue()));
    return array;
}

template<typename T> std::optional<QCborValue> cbor(const QMap<QString, T>& values)
{
    QCborMap map;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        map.insert(it.key(), QCborValue(it.value()));
    return map;
}

std::optional<QCborValue> cbor(const QHash<qint64, QString>& names)
{
    // Sorted, so that equal snapshots encode to equal bytes.
    QList<qint64> ids = names.keys();
    std::sort(ids.begin(), ids.end());
    QCborMap map;
    for (qint64 id : std::as_const(ids))
        map.insert(id, names.value(id));
    return map;
}

template<Record T> std::optional<QCborValue> cbor(const T& record)
{
    return toCbor(record);
}

template<Record T> QCborMap toCbor(const T& record)
{
    QCborMap map;
    auto write = [&map](const char* key, const auto& value) {
        if (const std::optional<QCborValue> encoded = cbor(value))
            map.insert(QLatin1String(key), *encoded);
    };
    fields(write, record);
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

// A map of `out`'s kind: every key must pass `keyOk` (else `keyError`); `entry` reads each entry.
template<typename Out, typename Entry>
void readMap(const Node& node, Out& out, bool (QCborValue::*keyOk)() const, const char* keyError, Entry entry)
{
    if (!node.value().isMap()) {
        node.fail(QStringLiteral("expected a map"));
        return;
    }
    const QCborMap map = node.value().toMap();
    out.clear();
    for (auto it = map.cbegin(); it != map.cend() && !node.failed(); ++it) {
        if (!(it.key().*keyOk)()) {
            node.fail(QString::fromLatin1(keyError));
            return;
        }
        entry(it.key(), it.value());
    }
}

template<typename T> void fromCbor(const Node& node, QMap<QString, T>& out)
{
    readMap(node, out, &QCborValue::isString, "expected text keys", [&](const QCborValue& key, const QCborValue& item) {
        T value {};
        fromCbor(node.entry(quoted(key.toString()), item), value);
        out.insert(key.toString(), value);
    });
}

void fromCbor(const Node& node, QHash<qint64, QString>& out)
{
    readMap(
        node, out, &QCborValue::isInteger, "expected integer keys", [&](const QCborValue& key, const QCborValue& item) {
            const qint64 id = key.toInteger();
            QString name;
            fromCbor(node.entry(QString::number(id), item), name);
            out.insert(id, name);
        });
}

// Names back to enums: an unknown name is refused, not guessed.
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

void fromCbor(const Node& node, RedisStatus& status)
{
    fromName(node, status, { RedisStatus::Ok, RedisStatus::Degraded, RedisStatus::Failing, RedisStatus::Unknown },
        statusName);
}

void fromCbor(const Node& node, DatabaseStatus& status)
{
    fromName(node, status, { DatabaseStatus::Healthy, DatabaseStatus::Degraded }, statusName);
}

void fromCbor(const Node& node, ScheduledStatus& status)
{
    fromName(node, status, { ScheduledStatus::Ok, ScheduledStatus::Degraded, ScheduledStatus::Failing }, statusName);
}

void fromCbor(const Node& node, FlushTargetProgress::State& state)
{
    using State = FlushTargetProgress::State;
    fromName(node, state, { State::Pending, State::Acknowledged, State::Failed }, statusName);
}

template<Record T> void fromCbor(const Node& node, T& record)
{
    auto read = [&node](const char* key, auto& value) { node.read(key, value); };
    fields(read, record);
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
    QCborMap map;
    map.insert(QLatin1String("k"), Kind);
    map.insert(QLatin1String("v"), FormatVersion);
    const QCborMap body = toCbor(recorded);
    for (auto it = body.cbegin(); it != body.cend(); ++it)
        map.insert(it.key(), it.value());
    return qCompress(QCborValue(map).toCbor());
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
