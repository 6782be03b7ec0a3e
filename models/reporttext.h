#pragma once

#include "figures.h"

#include <QString>

namespace Paddock {

// The readable form of `paddock report`: a farm line, then instances, storage and flushes as
// aligned columns. A figure with nothing to measure prints as "-".
QString formatReport(const FarmSnapshot& snapshot);

// The text with every control character written as \xHH, for a terminal.
QString terminalSafe(const QString& text);

// "850 ms", "1.2 s", "-" for nothing.
QString formatMs(const std::optional<double>& ms);
QString formatSeconds(const std::optional<double>& s);

} // namespace Paddock
