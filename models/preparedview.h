#pragma once

#include "instancemodel.h"
#include "storagemodel.h"

#include <memory>

namespace Paddock {

struct EngineUpdate;

// What the window shows of an update, made on the engine's thread (formatting, ordering) so that
// the window's thread only compares and applies it.
struct PreparedView {
    QList<InstanceModel::Row> instances;
    StorageModel::State storage;

    static std::shared_ptr<const PreparedView> of(const EngineUpdate& update);
};

} // namespace Paddock
