#pragma once

#include "figures.h"

#include <QString>

namespace Paddock {

// The readable form of `paddock report`: a farm line, then instances, storage and flushes as
// aligned columns, every figure as the window shows it (Format).
QString formatReport(const FarmSnapshot& snapshot);

// The text made safe for a terminal, by one rule: every control character (C0 U+0000-U+001F, which
// holds ESC and BEL, DEL U+007F, and C1 U+0080-U+009F) is written as \x and two lower-case hex
// digits, and a backslash as \\, so that "\x1b" in the output always stands for ESC, never for
// the four characters an instance wrote. Everything else is kept as it is.
QString terminalSafe(const QString& text);

} // namespace Paddock
