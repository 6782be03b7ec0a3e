#pragma once

#include <QColor>
#include <QString>
#include <QStringList>

class QPalette;

namespace Paddock {

// How a status looks everywhere in the window: colour plus a glyph and a word, so that it reads
// without colour (colour-blind users, grey-scale prints).
struct StatusStyle {
    QColor colour;
    QString glyph;
    QString label;

    // The status colours come in two sets: darker ones for a light window, lighter ones for a dark
    // window, each with a contrast of at least 4.5:1 (WCAG AA for text) against the common desktop
    // backgrounds, because every colour is drawn as text somewhere (a glyph in a label, an error).
    enum class Scheme { Light, Dark };

    // status: healthy, degraded, not-responding, stopped, disabled (instances); ok, partial,
    // failing (storage); version-skew, version-appeared, scheduled-running and duplicate-name
    // (marks). Anything else gets a neutral style and its own name as the label. Without a scheme:
    // the application palette's.
    static StatusStyle forStatus(const QString& status);
    static StatusStyle forStatus(const QString& status, Scheme scheme);
    // Every status with a style of its own, for tests and legends.
    static QStringList statuses();

    // Dark when the window colour is darker than mid-grey.
    static Scheme schemeOf(const QPalette& palette);
    static Scheme currentScheme();
    // WCAG 2 contrast ratio, 1 to 21.
    static double contrastRatio(const QColor& first, const QColor& second);
    // Black or white, whichever reads better on the background (a banner filled with a status colour).
    static QColor textOn(const QColor& background);
};

} // namespace Paddock
