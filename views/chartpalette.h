#pragma once

#include <QColor>

namespace Paddock {

// Colours of the charts' lines: the Okabe–Ito set, told apart with the common colour-vision
// deficiencies. The status colours (StatusStyle) stay for statuses.
class ChartPalette {
public:
    static QColor created() { return QColor(0x00, 0x72, 0xb2); }
    static QColor processed() { return QColor(0x00, 0x9e, 0x73); }
    static QColor failed() { return QColor(0xd5, 0x5e, 0x00); }
    static QColor backlog() { return QColor(0xcc, 0x79, 0xa7); }
    static QColor reference() { return QColor(0x88, 0x88, 0x88); }
    // The n-th of several comparable lines (instances, task types, storages).
    static QColor series(int index);
};

} // namespace Paddock
