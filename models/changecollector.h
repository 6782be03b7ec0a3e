#pragma once

#include <QList>
#include <QModelIndex>
#include <utility>
#include <vector>

class QAbstractItemModel;

namespace Paddock {

// Collects the cells of a table model that changed during a merge, with the roles that changed,
// and emits them as few dataChanged rectangles as possible: contiguous changed columns of a row
// become one run, and identical runs of consecutive rows one rectangle. A tick in which every
// instance's heartbeat age moved is one signal, not one per row.
class ChangeCollector {
public:
    struct Range {
        int top = 0;
        int left = 0;
        int bottom = 0;
        int right = 0;
        QList<int> roles; // sorted
        friend bool operator==(const Range&, const Range&) = default;
    };

    // How a row's changed cells become runs: each contiguous span on its own, or one run from the
    // first changed column to the last. The second sends far fewer signals when many rows change in
    // scattered columns (a large farm's table at every update); views repaint only what is visible.
    enum class Runs { Contiguous, FirstToLast };
    explicit ChangeCollector(Runs runs = Runs::Contiguous)
        : m_runs(runs)
    {
    }

    void add(int row, int column, const QList<int>& roles);
    bool isEmpty() const { return m_cells.empty(); }
    void clear() { m_cells.clear(); }
    // Compares one row before and after through two `data(column, role)` callables. `rowRoles` are
    // the same in every column (e.g. the row's status): a change in them touches the whole row.
    template<typename Before, typename After>
    void compareRow(int row, int firstColumn, int lastColumn, const QList<int>& cellRoles, const QList<int>& rowRoles,
        Before&& before, After&& after)
    {
        if (firstColumn > lastColumn)
            return;
        quint64 changedRowRoles = 0;
        for (int role : rowRoles) {
            if (before(firstColumn, role) != after(firstColumn, role))
                changedRowRoles |= bitOf(role);
        }
        for (int column = firstColumn; column <= lastColumn; ++column) {
            quint64 roles = changedRowRoles;
            for (int role : cellRoles) {
                if (before(column, role) != after(column, role))
                    roles |= bitOf(role);
            }
            if (roles != 0)
                m_cells.push_back(Cell { row, column, roles });
        }
    }
    // compareRow for two versions of one item, through `cellData(item, column, role)`.
    template<typename T, typename CellData>
    void compareItems(int row, const T& before, const T& after, int columnCount, const QList<int>& cellRoles,
        const QList<int>& rowRoles, CellData&& cellData)
    {
        compareRow(
            row, 0, columnCount - 1, cellRoles, rowRoles,
            [&](int column, int role) { return cellData(before, column, role); },
            [&](int column, int role) { return cellData(after, column, role); });
    }
    // The bits that stand for `roles`, for addBits: a caller that adds thousands of cells in a few
    // sets of roles turns each set into bits once.
    quint64 bitsOf(const QList<int>& roles);
    void addBits(int row, int column, quint64 roles)
    {
        if (roles != 0)
            m_cells.push_back(Cell { row, column, roles });
    }
    // The cells `columns` (a bit per column, at most 64) of `row`, in the roles `roles`.
    void addColumns(int row, quint64 columns, const QList<int>& roles);
    QList<Range> ranges() const;
    void emitTo(QAbstractItemModel* model, const QModelIndex& parent = {}) const;

private:
    // A cell and its changed roles, one bit per role in the order the roles were first seen.
    struct Cell {
        int row = 0;
        int column = 0;
        quint64 roles = 0;
    };
    quint64 bitOf(int role);
    QList<int> rolesOf(quint64 bits) const;

    Runs m_runs;
    std::vector<Cell> m_cells;
    QList<int> m_roles; // bit i stands for m_roles[i]
};

} // namespace Paddock
