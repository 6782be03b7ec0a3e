#pragma once

#include <QString>

namespace Paddock {

class SimRandom;
struct StorageSpec;

// How long the work of an instance takes and how it fails: the medians of deliveries and storage
// probes, and the messages a real application would log.
namespace SimOutcomes {

// The median milliseconds of a delivery of this task type, before any slowdown.
double medianMs(const QString& type);
// The median milliseconds of a probe of this kind of storage.
double probeMedianMs(const QString& kind);
// What a probe or a file task reports while the storage is in an outage.
QString outageError(const StorageSpec& storage);
// A transient failure of a probe that works otherwise.
QString transientProbeError(const StorageSpec& storage, SimRandom& random);
// A plausible failure of a delivery of this type.
QString deliveryError(const QString& type, const QString& target, SimRandom& random);

} // namespace SimOutcomes

} // namespace Paddock
