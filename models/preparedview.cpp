#include "preparedview.h"

#include "enginetypes.h"

namespace Paddock {

std::shared_ptr<const PreparedView> PreparedView::of(const EngineUpdate& update)
{
    auto view = std::make_shared<PreparedView>();
    view->instances = InstanceModel::rowsOf(update.snapshot);
    view->storage = StorageModel::stateOf(update.snapshot, update.latestProbes);
    return view;
}

} // namespace Paddock
