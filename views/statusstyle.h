#pragma once

#include <QColor>
#include <QString>

namespace Paddock {

// How a status looks everywhere in the window: colour plus a glyph and a word, so that it reads
// without colour (colour-blind users, grey-scale prints).
struct StatusStyle {
    QColor colour;
    QString glyph;
    QString label;

    // status: healthy, degraded, not-responding, stopped, disabled (instances); ok, partial,
    // failing (storage); version-skew, version-appeared, scheduled-running and duplicate-name (marks). Anything else gets a neutral style
    // and its own name as the label.
    static StatusStyle forStatus(const QString& status);
};

} // namespace Paddock
