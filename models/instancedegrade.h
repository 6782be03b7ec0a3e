#pragma once

#include <functional>
#include <QString>

namespace Paddock {

struct FarmSnapshot;
struct ServerFigures;

// What the farm's shared parts say of its instances (the Redis, the database, the scheduler): each
// running instance (healthy or degraded) for which `reasonOf` gives a reason becomes degraded with
// it, and the farm's counts by status follow.
void degradeRunningInstances(FarmSnapshot& snapshot, const std::function<QString(const ServerFigures&)>& reasonOf);

} // namespace Paddock
