#pragma once

#include "enginetypes.h"
#include "farmdata.h"

#include <QList>
#include <QString>

namespace Paddock {

// Whether an instance receives tasks, flushes included: enabled and not stopped (the rule of
// webfarm.create_task and webfarm.request_cache_flush).
bool receivesTasks(const ServerRow& server);

// Why a flush of `order` would reach no instance, as "no instance would receive this flush
// (web-05 is stopped, web-06 is disabled)"; empty when it would reach at least one. Ids of the
// order that are not among `servers` are not counted (the function refuses them on its own).
QString noFlushTargetText(const QList<ServerRow>& servers, const FlushOrder& order);

} // namespace Paddock
