#include "statusstyle.h"

#include <cmath>
#include <QGuiApplication>
#include <QHash>
#include <QPalette>

namespace Paddock {

namespace {

struct Entry {
    QString status;
    QColor light;
    QColor dark;
    QString glyph;
    QString label;
};

// Okabe–Ito inspired hues (distinguishable with the common colour-vision deficiencies), darkened
// for a light window and lightened for a dark one until each reads as text (tst_palette checks).
const QList<Entry>& entries()
{
    static const QList<Entry> all {
        { QStringLiteral("healthy"), QColor(0x00, 0x7a, 0x5a), QColor(0x2f, 0xbf, 0x8f), QStringLiteral("\u25cf"),
            QStringLiteral("Healthy") },
        { QStringLiteral("ok"), QColor(0x00, 0x7a, 0x5a), QColor(0x2f, 0xbf, 0x8f), QStringLiteral("\u25cf"),
            QStringLiteral("OK") },
        { QStringLiteral("degraded"), QColor(0x8f, 0x5a, 0x00), QColor(0xe6, 0x9f, 0x00), QStringLiteral("\u25b2"),
            QStringLiteral("Degraded") },
        { QStringLiteral("partial"), QColor(0x8f, 0x5a, 0x00), QColor(0xe6, 0x9f, 0x00), QStringLiteral("\u25b2"),
            QStringLiteral("Partial") },
        { QStringLiteral("not-responding"), QColor(0xb8, 0x32, 0x1f), QColor(0xff, 0x7b, 0x6e),
            QStringLiteral("\u2716"), QStringLiteral("Not responding") },
        { QStringLiteral("failing"), QColor(0xb8, 0x32, 0x1f), QColor(0xff, 0x7b, 0x6e), QStringLiteral("\u2716"),
            QStringLiteral("Failing") },
        { QStringLiteral("stopped"), QColor(0x5f, 0x5f, 0x5f), QColor(0xa6, 0xa6, 0xa6), QStringLiteral("\u25a0"),
            QStringLiteral("Stopped") },
        { QStringLiteral("unknown"), QColor(0x68, 0x68, 0x68), QColor(0xb3, 0xb3, 0xb3), QStringLiteral("?"),
            QStringLiteral("Unknown") },
        { QStringLiteral("disabled"), QColor(0x66, 0x66, 0x66), QColor(0xbd, 0xbd, 0xbd), QStringLiteral("\u25cb"),
            QStringLiteral("Disabled") },
        // Marks, not statuses: an instance on another version than most (VersionSkew), the first
        // start of a version (EventModel).
        { QStringLiteral("version-skew"), QColor(0x8a, 0x3f, 0x71), QColor(0xd9, 0x8c, 0xc0), QStringLiteral("\u2260"),
            QStringLiteral("Other version") },
        { QStringLiteral("version-appeared"), QColor(0x00, 0x69, 0xa6), QColor(0x56, 0xb4, 0xe9),
            QStringLiteral("\u25c6"), QStringLiteral("Version appeared") },
        // An instance running a scheduled task, one whose name a second process registered (the map).
        { QStringLiteral("scheduled-running"), QColor(0x00, 0x69, 0xa6), QColor(0x56, 0xb4, 0xe9),
            QStringLiteral("\u25f7"), QStringLiteral("Scheduled task running") },
        { QStringLiteral("duplicate-name"), QColor(0xb3, 0x4a, 0x00), QColor(0xff, 0x9a, 0x5c), QStringLiteral("2"),
            QStringLiteral("Two processes, one name") },
    };
    return all;
}

const QHash<QString, qsizetype>& indexByStatus()
{
    static const QHash<QString, qsizetype> index = [] {
        QHash<QString, qsizetype> result;
        for (qsizetype i = 0; i < entries().size(); ++i)
            result.insert(entries().at(i).status, i);
        return result;
    }();
    return index;
}

double relativeLuminance(const QColor& colour)
{
    const auto linear = [](double channel) {
        return channel <= 0.03928 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF());
}

} // namespace

StatusStyle StatusStyle::forStatus(const QString& status)
{
    return forStatus(status, currentScheme());
}

StatusStyle StatusStyle::forStatus(const QString& status, Scheme scheme)
{
    const auto it = indexByStatus().constFind(status);
    if (it != indexByStatus().constEnd()) {
        const Entry& entry = entries().at(*it);
        return { scheme == Scheme::Dark ? entry.dark : entry.light, entry.glyph, entry.label };
    }
    return { scheme == Scheme::Dark ? QColor(0x56, 0xb4, 0xe9) : QColor(0x00, 0x62, 0x9a), QStringLiteral("?"),
        status };
}

QStringList StatusStyle::statuses()
{
    QStringList result;
    for (const Entry& entry : entries())
        result.append(entry.status);
    return result;
}

StatusStyle::Scheme StatusStyle::schemeOf(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightness() < 128 ? Scheme::Dark : Scheme::Light;
}

StatusStyle::Scheme StatusStyle::currentScheme()
{
    return schemeOf(QGuiApplication::palette());
}

double StatusStyle::contrastRatio(const QColor& first, const QColor& second)
{
    const double a = relativeLuminance(first);
    const double b = relativeLuminance(second);
    return (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
}

QColor StatusStyle::textOn(const QColor& background)
{
    const QColor black(Qt::black);
    const QColor white(Qt::white);
    return contrastRatio(background, black) >= contrastRatio(background, white) ? black : white;
}

} // namespace Paddock
