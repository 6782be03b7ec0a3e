#pragma once

#include "listmerge.h"

#include <QAbstractTableModel>

namespace Paddock {

// A table model whose rows follow a sorted list by merging (listmerge.h): it hands out the
// ListMerge whose structural callbacks insert and remove this model's rows, so that each model
// only says how its items compare and what changed in them.
class MergingTableModel : public QAbstractTableModel {
public:
    using QAbstractTableModel::QAbstractTableModel;

protected:
    // `reindex`, if given, runs while rows are being inserted or removed, after the list changed
    // and before the views hear of it, so that lookups by key are right when they ask.
    template<typename T> ListMerge<T> rowMerge(const std::function<void()>& reindex = {})
    {
        ListMerge<T> merge;
        merge.beginRemove = [this](int first, int last) { beginRemoveRows({}, first, last); };
        merge.endRemove = [this, reindex] {
            if (reindex)
                reindex();
            endRemoveRows();
        };
        merge.beginInsert = [this](int first, int last) { beginInsertRows({}, first, last); };
        merge.endInsert = [this, reindex] {
            if (reindex)
                reindex();
            endInsertRows();
        };
        return merge;
    }
};

} // namespace Paddock
