#include "chartpalette.h"

#include <array>

namespace Paddock {

QColor ChartPalette::series(int index)
{
    // Sky blue late: next to the blue it is the hardest pair to tell apart on a dark background.
    static const std::array<QColor, 8> colours { QColor(0x00, 0x72, 0xb2), QColor(0xe6, 0x9f, 0x00),
        QColor(0x00, 0x9e, 0x73), QColor(0xcc, 0x79, 0xa7), QColor(0xd5, 0x5e, 0x00), QColor(0x6a, 0x3d, 0x9a),
        QColor(0x56, 0xb4, 0xe9), QColor(0x8c, 0x6d, 0x31) };
    return colours[size_t(index < 0 ? 0 : index) % colours.size()];
}

} // namespace Paddock
