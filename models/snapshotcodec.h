#pragma once

#include "figures.h"

#include <optional>
#include <QByteArray>
#include <QHash>

namespace Paddock {

// What the flight recorder keeps of one engine refresh: the figures and what the window needs besides them.
struct RecordedSnapshot {
    FarmSnapshot snapshot;
    QList<ProbeRow> latestProbes;
    QHash<qint64, QString> serverNames;
};

// The recording's encoding of a snapshot: CBOR maps with string keys, zlib-compressed (qCompress).
// Keys unknown to the reader are ignored and missing keys keep their defaults, so later versions
// may add fields without breaking older recordings.
class SnapshotCodec {
public:
    static QByteArray encode(const RecordedSnapshot& recorded);
    // nullopt with a one-line reason in *error when the bytes are not a snapshot (damaged, foreign).
    static std::optional<RecordedSnapshot> decode(const QByteArray& bytes, QString* error = nullptr);
};

} // namespace Paddock
