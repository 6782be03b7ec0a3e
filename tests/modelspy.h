#pragma once

#include <QList>
#include <QModelIndex>
#include <QSignalSpy>
#include <utility>

// What a model's signals said, read from a QSignalSpy: shared by the item-model tests.
namespace Paddock::Test {

// (first, last) of each rowsInserted / rowsRemoved signal, in order.
using Ranges = QList<std::pair<int, int>>;
inline Ranges ranges(const QSignalSpy& spy)
{
    Ranges result;
    for (const QList<QVariant>& arguments : spy)
        result.append({ arguments.at(1).toInt(), arguments.at(2).toInt() });
    return result;
}

// One dataChanged signal.
struct Change {
    QModelIndex topLeft;
    QModelIndex bottomRight;
    QList<int> roles;
};
inline QList<Change> changes(const QSignalSpy& spy)
{
    QList<Change> result;
    for (const QList<QVariant>& arguments : spy) {
        result.append(Change { arguments.at(0).value<QModelIndex>(), arguments.at(1).value<QModelIndex>(),
            arguments.at(2).value<QList<int>>() });
    }
    return result;
}

} // namespace Paddock::Test
