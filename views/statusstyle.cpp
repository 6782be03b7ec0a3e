#include "statusstyle.h"

#include <QHash>

namespace Paddock {

StatusStyle StatusStyle::forStatus(const QString& status)
{
    // Okabe–Ito inspired colours: distinguishable with the common colour-vision deficiencies.
    static const QHash<QString, StatusStyle> styles {
        { QStringLiteral("healthy"),
            { QColor(0x00, 0x9e, 0x73), QStringLiteral("\u25cf"), QStringLiteral("Healthy") } },
        { QStringLiteral("ok"), { QColor(0x00, 0x9e, 0x73), QStringLiteral("\u25cf"), QStringLiteral("OK") } },
        { QStringLiteral("degraded"),
            { QColor(0xe6, 0x9f, 0x00), QStringLiteral("\u25b2"), QStringLiteral("Degraded") } },
        { QStringLiteral("partial"),
            { QColor(0xe6, 0x9f, 0x00), QStringLiteral("\u25b2"), QStringLiteral("Partial") } },
        { QStringLiteral("not-responding"),
            { QColor(0xd5, 0x2a, 0x1e), QStringLiteral("\u2716"), QStringLiteral("Not responding") } },
        { QStringLiteral("failing"),
            { QColor(0xd5, 0x2a, 0x1e), QStringLiteral("\u2716"), QStringLiteral("Failing") } },
        { QStringLiteral("stopped"),
            { QColor(0x7f, 0x7f, 0x7f), QStringLiteral("\u25a0"), QStringLiteral("Stopped") } },
        { QStringLiteral("unknown"), { QColor(0x9a, 0x9a, 0x9a), QStringLiteral("?"), QStringLiteral("Unknown") } },
        { QStringLiteral("disabled"),
            { QColor(0xa0, 0xa0, 0xa0), QStringLiteral("\u25cb"), QStringLiteral("Disabled") } },
        // Marks, not statuses: an instance on another version than most (VersionSkew), the first
        // start of a version (EventModel).
        { QStringLiteral("version-skew"),
            { QColor(0xa8, 0x50, 0x8a), QStringLiteral("\u2260"), QStringLiteral("Other version") } },
        { QStringLiteral("version-appeared"),
            { QColor(0x00, 0x72, 0xb2), QStringLiteral("\u25c6"), QStringLiteral("Version appeared") } },
        { QStringLiteral("scheduled-running"),
            { QColor(0x00, 0x72, 0xb2), QStringLiteral("\u25f7"), QStringLiteral("Scheduled task running") } },
        { QStringLiteral("duplicate-name"),
            { QColor(0xd5, 0x5e, 0x00), QStringLiteral("2"), QStringLiteral("Two processes, one name") } },
    };
    const auto it = styles.constFind(status);
    if (it != styles.constEnd())
        return *it;
    return { QColor(0x56, 0xb4, 0xe9), QStringLiteral("?"), status };
}

} // namespace Paddock
