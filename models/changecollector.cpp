#include "changecollector.h"

#include <algorithm>
#include <bit>
#include <QAbstractItemModel>

namespace Paddock {

quint64 ChangeCollector::bitOf(int role)
{
    qsizetype index = m_roles.indexOf(role);
    if (index < 0) {
        Q_ASSERT(m_roles.size() < 64);
        index = m_roles.size();
        m_roles.append(role);
    }
    return quint64(1) << index;
}

QList<int> ChangeCollector::rolesOf(quint64 bits) const
{
    QList<int> roles;
    roles.reserve(std::popcount(bits));
    for (; bits != 0; bits &= bits - 1)
        roles.append(m_roles.at(std::countr_zero(bits)));
    std::sort(roles.begin(), roles.end());
    return roles;
}

quint64 ChangeCollector::bitsOf(const QList<int>& roles)
{
    quint64 bits = 0;
    for (int role : roles)
        bits |= bitOf(role);
    return bits;
}

void ChangeCollector::add(int row, int column, const QList<int>& roles)
{
    addBits(row, column, bitsOf(roles));
}

void ChangeCollector::addColumns(int row, quint64 columns, const QList<int>& roles)
{
    const quint64 bits = bitsOf(roles);
    for (; columns != 0 && bits != 0; columns &= columns - 1)
        m_cells.push_back(Cell { row, std::countr_zero(columns), bits });
}

QList<ChangeCollector::Range> ChangeCollector::ranges() const
{
    // Cells in reading order, each once with the union of its roles.
    std::vector<Cell> cells = m_cells;
    const auto readingOrder
        = [](const Cell& a, const Cell& b) { return std::pair(a.row, a.column) < std::pair(b.row, b.column); };
    if (!std::is_sorted(cells.begin(), cells.end(), readingOrder))
        std::stable_sort(cells.begin(), cells.end(), readingOrder);
    std::vector<Cell> unique;
    unique.reserve(cells.size());
    for (const Cell& cell : cells) {
        if (!unique.empty() && unique.back().row == cell.row && unique.back().column == cell.column)
            unique.back().roles |= cell.roles;
        else
            unique.push_back(cell);
    }

    // A run: contiguous changed columns of one row, with the union of their roles.
    struct Run {
        int top = 0;
        int left = 0;
        int bottom = 0;
        int right = 0;
        quint64 roles = 0;
    };
    std::vector<Run> done;
    std::vector<Run> open; // rectangles that the current row may still extend
    std::vector<Run> runs; // the current row's runs
    const auto closeRow = [&] {
        std::vector<Run> stillOpen;
        stillOpen.reserve(runs.size());
        for (const Run& run : runs) {
            const auto extended = std::find_if(open.begin(), open.end(), [&](const Run& r) {
                return r.bottom == run.top - 1 && r.left == run.left && r.right == run.right && r.roles == run.roles;
            });
            if (extended != open.end()) {
                Run grown = *extended;
                grown.bottom = run.top;
                stillOpen.push_back(grown);
                open.erase(extended);
            } else {
                stillOpen.push_back(run);
            }
        }
        done.insert(done.end(), open.begin(), open.end());
        open = std::move(stillOpen);
        runs.clear();
    };
    for (const Cell& cell : unique) {
        if (!runs.empty() && cell.row != runs.back().top)
            closeRow();
        if (!runs.empty() && (runs.back().right == cell.column - 1 || m_runs == Runs::FirstToLast)) {
            runs.back().right = cell.column;
            runs.back().roles |= cell.roles;
        } else {
            runs.push_back(Run { cell.row, cell.column, cell.row, cell.column, cell.roles });
        }
    }
    closeRow();
    done.insert(done.end(), open.begin(), open.end());
    std::sort(done.begin(), done.end(),
        [](const Run& a, const Run& b) { return std::pair(a.top, a.left) < std::pair(b.top, b.left); });

    QList<Range> ranges;
    ranges.reserve(qsizetype(done.size()));
    for (const Run& run : done)
        ranges.append(Range { run.top, run.left, run.bottom, run.right, rolesOf(run.roles) });
    return ranges;
}

void ChangeCollector::emitTo(QAbstractItemModel* model, const QModelIndex& parent) const
{
    for (const Range& range : ranges()) {
        Q_EMIT model->dataChanged(
            model->index(range.top, range.left, parent), model->index(range.bottom, range.right, parent), range.roles);
    }
}

} // namespace Paddock
