#include "programhelp.h"

#include <QStringList>

namespace Paddock {

namespace {

// An item as --help lays it out: the term indented by two, its text from `column` on, beside a
// one-line term when there is room, else below it.
QString helpItem(const HelpItem& item, int column)
{
    QString result;
    const QStringList termLines = item.term.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i + 1 < termLines.size(); ++i)
        result += QLatin1String("  ") + termLines.at(i) + QLatin1Char('\n');
    QString line = QLatin1String("  ") + termLines.constLast();
    const QString indent(column, QLatin1Char(' '));
    if (termLines.size() > 1 || line.size() >= column) {
        result += line + QLatin1Char('\n');
        line = indent;
    } else {
        line = line.leftJustified(column);
    }
    const QStringList textLines = item.text.split(QLatin1Char('\n'));
    result += line + textLines.constFirst() + QLatin1Char('\n');
    for (qsizetype i = 1; i < textLines.size(); ++i)
        result += indent + textLines.at(i) + QLatin1Char('\n');
    return result;
}

} // namespace

QString ProgramHelp::helpText() const
{
    QStringList parts;
    for (const HelpSection& section : sections) {
        if (section.manOnly)
            continue;
        QString part;
        if (!section.heading.isEmpty())
            part += section.heading + QLatin1Char('\n');
        if (!section.text.isEmpty())
            part += section.text + QLatin1Char('\n');
        for (const HelpItem& item : section.items)
            part += helpItem(item, section.column);
        parts.append(part);
    }
    QString result = parts.join(QLatin1Char('\n'));
    result.chop(1); // the caller ends it
    return result;
}

} // namespace Paddock
