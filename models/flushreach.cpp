#include "flushreach.h"

namespace Paddock {

bool receivesTasks(const ServerRow& server)
{
    return server.enabled && !server.stoppedAt.isValid();
}

QString noFlushTargetText(const QList<ServerRow>& servers, const FlushOrder& order)
{
    const bool selectedOnly = order.scope == QLatin1String("servers");
    QStringList why;
    for (const ServerRow& server : servers) {
        if (selectedOnly && !order.serverIds.contains(server.id))
            continue;
        if (receivesTasks(server))
            return {};
        why.append(QStringLiteral("%1 is %2")
                       .arg(server.name, server.enabled ? QStringLiteral("stopped") : QStringLiteral("disabled")));
    }
    if (why.isEmpty())
        return selectedOnly ? QStringLiteral("no instance would receive this flush (none of them is in the farm)")
                            : QStringLiteral("no instance would receive this flush (the farm has no instances)");
    constexpr qsizetype Named = 10;
    if (why.size() > Named) {
        const qsizetype more = why.size() - Named;
        why.resize(Named);
        why.append(QStringLiteral("%1 more").arg(more));
    }
    return QStringLiteral("no instance would receive this flush (%1)").arg(why.join(QStringLiteral(", ")));
}

} // namespace Paddock
