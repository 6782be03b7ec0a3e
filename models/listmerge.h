#pragma once

#include <functional>
#include <QList>

namespace Paddock {

// Brings a model's sorted list to a new sorted list with the fewest structural changes, in the
// way hotspot's ProcessModel merges processes: removals back to front (so that the indices of
// earlier runs stay valid), then insertions front to back, each contiguous run as one
// begin/end pair, then `update` for every item present before and after. Both lists must be sorted
// by `keyLess` with unique keys. Works for rows and for columns alike.
template<typename T> struct ListMerge {
    std::function<bool(const T&, const T&)> keyLess;
    std::function<void(int first, int last)> beginRemove;
    std::function<void()> endRemove;
    std::function<void(int first, int last)> beginInsert;
    std::function<void()> endInsert;
    // Called before `index` takes its new value; `index` is the final position.
    std::function<void(int index, const T& before, const T& after)> update;

    void apply(QList<T>& current, const QList<T>& next) const
    {
        QList<bool> kept(current.size(), false);
        QList<bool> added(next.size(), true);
        for (qsizetype i = 0, j = 0; i < current.size() && j < next.size();) {
            if (keyLess(current.at(i), next.at(j))) {
                ++i;
            } else if (keyLess(next.at(j), current.at(i))) {
                ++j;
            } else {
                kept[i++] = true;
                added[j++] = false;
            }
        }

        for (qsizetype last = current.size() - 1; last >= 0;) {
            if (kept.at(last)) {
                --last;
                continue;
            }
            qsizetype first = last;
            while (first > 0 && !kept.at(first - 1))
                --first;
            beginRemove(int(first), int(last));
            current.remove(first, last - first + 1);
            endRemove();
            last = first - 1;
        }

        // current now holds the kept items in order, so inserting each run at its final index
        // keeps current[0, first) equal to next[0, first).
        for (qsizetype first = 0; first < next.size();) {
            if (!added.at(first)) {
                ++first;
                continue;
            }
            qsizetype last = first;
            while (last + 1 < next.size() && added.at(last + 1))
                ++last;
            beginInsert(int(first), int(last));
            for (qsizetype k = first; k <= last; ++k)
                current.insert(k, next.at(k));
            endInsert();
            first = last + 1;
        }

        for (qsizetype j = 0; j < next.size(); ++j) {
            if (added.at(j))
                continue;
            if (update)
                update(int(j), current.at(j), next.at(j));
            current[j] = next.at(j);
        }
    }
};

} // namespace Paddock
