#include "changecollector.h"

#include <algorithm>
#include <QAbstractItemModel>

namespace Paddock {

namespace {

void unite(QList<int>& into, const QList<int>& roles)
{
    into.append(roles);
    std::sort(into.begin(), into.end());
    into.erase(std::unique(into.begin(), into.end()), into.end());
}

} // namespace

void ChangeCollector::add(int row, int column, const QList<int>& roles)
{
    unite(m_cells[{ row, column }], roles);
}

QList<ChangeCollector::Range> ChangeCollector::ranges() const
{
    QList<Range> done;
    QList<Range> open; // rectangles that the current row may still extend
    QList<Range> runs; // the current row's runs
    int currentRow = 0;

    const auto closeRow = [&] {
        QList<Range> stillOpen;
        for (Range& run : runs) {
            const auto extended = std::find_if(open.begin(), open.end(), [&](const Range& r) {
                return r.bottom == run.top - 1 && r.left == run.left && r.right == run.right && r.roles == run.roles;
            });
            if (extended != open.end()) {
                extended->bottom = run.top;
                stillOpen.append(*extended);
                open.erase(extended);
            } else {
                stillOpen.append(run);
            }
        }
        done.append(open);
        open = stillOpen;
        runs.clear();
    };

    for (const auto& [cell, roles] : m_cells) {
        const auto [row, column] = cell;
        if (!runs.isEmpty() && row != currentRow)
            closeRow();
        currentRow = row;
        if (!runs.isEmpty() && runs.last().right == column - 1) {
            runs.last().right = column;
            unite(runs.last().roles, roles);
        } else {
            runs.append(Range { row, column, row, column, roles });
        }
    }
    closeRow();
    done.append(open);
    std::sort(done.begin(), done.end(),
        [](const Range& a, const Range& b) { return std::pair(a.top, a.left) < std::pair(b.top, b.left); });
    return done;
}

void ChangeCollector::emitTo(QAbstractItemModel* model, const QModelIndex& parent) const
{
    for (const Range& range : ranges()) {
        Q_EMIT model->dataChanged(
            model->index(range.top, range.left, parent), model->index(range.bottom, range.right, parent), range.roles);
    }
}

} // namespace Paddock
