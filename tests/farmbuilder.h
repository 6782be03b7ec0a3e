#pragma once

#include "figures.h"

#include <QList>
#include <QString>

// Figures built by hand for the tests of the item models and views: one definition of a plain
// instance and of a flush, so that each test states only what it is about.
namespace Paddock::Test {

// An instance in zone-a on host NAME.farm.test, version 1.0, its last heartbeat 1 s ago, 10 pending.
inline ServerFigures serverFigures(qint64 id, const QString& name, ServerStatus status = ServerStatus::Healthy)
{
    ServerFigures figures;
    figures.server.id = id;
    figures.server.name = name;
    figures.server.zone = QStringLiteral("zone-a");
    figures.server.host = name + QStringLiteral(".farm.test");
    figures.server.version = QStringLiteral("1.0");
    figures.status = status;
    figures.lastHeartbeatAgeS = 1.0;
    figures.backlog = 10;
    return figures;
}

// A farm-wide flush that alice asked for from 10.0.0.7 ("stale prices"), with the counts Figures
// makes of its targets: the slowest acknowledgement among the acknowledged ones.
inline FlushProgress flushProgress(qint64 id, const QDateTime& requestedAt, const QList<FlushTargetProgress>& targets)
{
    using State = FlushTargetProgress::State;
    FlushProgress progress;
    progress.request.id = id;
    progress.request.requestedAt = requestedAt;
    progress.request.requestedBy = QStringLiteral("alice");
    progress.request.clientAddr = QStringLiteral("10.0.0.7");
    progress.request.applicationName = QStringLiteral("paddock");
    progress.request.scope = QStringLiteral("farm");
    progress.request.reason = QStringLiteral("stale prices");
    progress.perTarget = targets;
    progress.targets = targets.size();
    for (const FlushTargetProgress& target : targets) {
        if (target.state == State::Pending)
            ++progress.pending;
        else if (target.state == State::Failed)
            ++progress.failed;
        else
            ++progress.acknowledged;
        if (target.state == State::Acknowledged && target.ackMs
            && (!progress.slowestAckMs || *target.ackMs > *progress.slowestAckMs))
            progress.slowestAckMs = target.ackMs;
    }
    return progress;
}

} // namespace Paddock::Test
