#pragma once

#include "simrandom.h"

#include <QString>
#include <QStringList>

namespace Paddock {

struct SimTask {
    QString type;
    QString target; // null for none
    QString textData; // null for none
    bool isMemory = true;
};

// The tasks one instance creates, in order: a mix of cache, file, system and custom types with
// plausible targets. Nothing but its seed and the storage names decides the sequence, so the same
// seed always gives the same tasks, whatever the timing.
class TaskGenerator {
public:
    TaskGenerator(quint64 seed, QStringList storages);

    SimTask next();

    static bool isFileType(const QString& type);
    static bool isCacheType(const QString& type);
    // The storage a file task's target lives on: its first path segment ("media/…" → "media").
    static QString storageOf(const QString& target);

private:
    QString documentPath();
    QString fileTarget();
    QString pick(const QStringList& list);

    SimRandom m_random;
    QStringList m_storages;
};

} // namespace Paddock
