#include "simoutcomes.h"

#include "simplan.h"
#include "simrandom.h"
#include "taskgenerator.h"

namespace Paddock::SimOutcomes {

double medianMs(const QString& type)
{
    if (TaskGenerator::isFileType(type))
        return 25;
    if (type == QLatin1String("CLEAR_CACHE"))
        return 20;
    if (type == QLatin1String("CLEAR_FULL_PAGE_CACHE"))
        return 12;
    if (type == QLatin1String("CLEAR_CACHE_ITEMS"))
        return 6;
    if (type == QLatin1String("RESTART_APPLICATION"))
        return 300;
    if (TaskGenerator::isCacheType(type))
        return 3;
    return 10;
}

double probeMedianMs(const QString& kind)
{
    if (kind == QLatin1String("local"))
        return 1;
    if (kind == QLatin1String("network-share"))
        return 8;
    return 30;
}

QString outageError(const StorageSpec& storage)
{
    if (storage.kind == QLatin1String("azure-blob"))
        return QStringLiteral("connect to media-store.example.net:443 timed out after 5000 ms");
    if (storage.kind == QLatin1String("network-share"))
        return QStringLiteral("the network path %1 was not found (0x80070035)").arg(storage.location);
    if (storage.kind == QLatin1String("s3"))
        return QStringLiteral("RequestTimeout: %1 did not answer within 5000 ms").arg(storage.location);
    return QStringLiteral("I/O error on %1: read-only file system").arg(storage.location);
}

QString transientProbeError(const StorageSpec& storage, SimRandom& random)
{
    if (storage.kind == QLatin1String("azure-blob"))
        return random.chance(0.5) ? QStringLiteral("503 ServerBusy: the server is busy")
                                  : QStringLiteral("OperationTimedOut: the operation did not complete within 2000 ms");
    if (storage.kind == QLatin1String("network-share"))
        return QStringLiteral("the specified network name is no longer available (0x80070040)");
    if (storage.kind == QLatin1String("s3"))
        return QStringLiteral("503 SlowDown: please reduce your request rate");
    return QStringLiteral("write probe file: resource temporarily unavailable");
}

QString deliveryError(const QString& type, const QString& target, SimRandom& random)
{
    if (TaskGenerator::isFileType(type)) {
        return random.chance(0.5)
            ? QStringLiteral("System.IO.IOException: the process cannot access the file '%1' because it is being used "
                             "by another process")
                  .arg(target)
            : QStringLiteral("System.UnauthorizedAccessException: access to the path '%1' is denied").arg(target);
    }
    if (TaskGenerator::isCacheType(type)) {
        return random.chance(0.5)
            ? QStringLiteral("System.TimeoutException: the cache lock for '%1' was not acquired within 500 ms")
                  .arg(target)
            : QStringLiteral(
                "System.InvalidOperationException: collection was modified; enumeration operation may not execute");
    }
    if (type == QLatin1String("RESTART_APPLICATION"))
        return QStringLiteral("restart refused: another restart is in progress");
    return QStringLiteral("no handler succeeded for %1: HTTP 502 from the upstream service").arg(type);
}

} // namespace Paddock::SimOutcomes
