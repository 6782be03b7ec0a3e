// ProgramHelp::manPage: the same texts as --help, in roff for man(7).
#include "programhelp.h"

#include <QRegularExpression>
#include <QStringList>

namespace Paddock {

namespace {

// A character outside ASCII as groff names it, so that every output device and locale renders it.
QString glyph(QChar character)
{
    switch (character.unicode()) {
    case 0x2026: // …
        return QStringLiteral("...");
    case 0x00d7: // ×
        return QStringLiteral("\\(mu");
    case 0x2014: // —
        return QStringLiteral("\\(em");
    case 0x2013: // –
        return QStringLiteral("\\(en");
    case 0x2260: // ≠
        return QStringLiteral("\\(!=");
    case 0x2192: // →
        return QStringLiteral("\\(->");
    case 0x2019: // ’
        return QStringLiteral("'");
    default:
        return QStringLiteral("\\[u%1]").arg(
            QString::number(character.unicode(), 16).toUpper().rightJustified(4, QLatin1Char('0')));
    }
}

// Text as roff reads it literally: backslashes escaped, the dashes of options as minus signs (so
// that they can be searched for and copied), `code` in bold.
QString escaped(const QString& text)
{
    static const QString optionStart = QStringLiteral(" [(|=,/\"'`-");
    QString result;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar character = text.at(i);
        if (character == QLatin1Char('\\'))
            result += QLatin1String("\\e");
        else if (character == QLatin1Char('-') && (i == 0 || optionStart.contains(text.at(i - 1))))
            result += QLatin1String("\\-");
        else if (character.unicode() > 127)
            result += glyph(character);
        else
            result += character;
    }
    static const QRegularExpression code(QStringLiteral("`([^`]+)`"));
    result.replace(code, QStringLiteral("\\fB\\1\\fR"));
    return result;
}

// A line of roff input that cannot be taken for a request.
QString line(const QString& text)
{
    if (text.startsWith(QLatin1Char('.')) || text.startsWith(QLatin1Char('\'')))
        return QLatin1String("\\&") + text + QLatin1Char('\n');
    return text + QLatin1Char('\n');
}

// Lines as --help wraps them: the plain ones filled into paragraphs, those laid out by hand (they
// start with a space) kept as they are.
QString block(const QString& text)
{
    QString result;
    QStringList filled;
    bool inLayout = false;
    const auto flush = [&] {
        if (!filled.isEmpty())
            result += line(escaped(filled.join(QLatin1Char(' '))));
        filled.clear();
    };
    for (const QString& textLine : text.split(QLatin1Char('\n'))) {
        const bool laidOut = textLine.startsWith(QLatin1Char(' '));
        if (laidOut != inLayout) {
            flush();
            result += laidOut ? QLatin1String(".nf\n") : QLatin1String(".fi\n");
            inLayout = laidOut;
        }
        if (laidOut)
            result += line(escaped(textLine));
        else
            filled.append(textLine.trimmed());
    }
    flush();
    if (inLayout)
        result += QLatin1String(".fi\n");
    return result;
}

QString paragraphs(const QString& text)
{
    QStringList result;
    for (const QString& paragraph : text.split(QLatin1String("\n\n")))
        result.append(block(paragraph));
    return result.join(QLatin1String(".PP\n"));
}

QString term(const QString& text)
{
    QStringList parts;
    for (const QString& termLine : text.split(QLatin1Char('\n')))
        parts.append(termLine.trimmed());
    return QLatin1String("\\fB") + escaped(parts.join(QLatin1Char(' '))) + QLatin1String("\\fR");
}

QString option(const QCommandLineOption& option)
{
    QStringList names;
    for (const QString& name : option.names())
        names.append(QLatin1String("\\fB")
            + escaped((name.size() == 1 ? QLatin1String("-") : QLatin1String("--")) + name) + QLatin1String("\\fR"));
    QString result = QLatin1String(".TP\n") + names.join(QLatin1String(", "));
    if (!option.valueName().isEmpty())
        result += QLatin1String(" \\fI") + escaped(option.valueName()) + QLatin1String("\\fR");
    return result + QLatin1Char('\n') + block(option.description());
}

QString section(const HelpSection& section)
{
    QString result;
    if (section.manHeading.isEmpty())
        result += QLatin1String(".PP\n");
    else
        result += QLatin1String(".SH \"") + section.manHeading + QLatin1String("\"\n");
    if (!section.heading.isEmpty() && (section.manHeading.isEmpty() || section.headingInMan))
        result += block(section.heading) + (section.text.isEmpty() ? QString() : QStringLiteral(".PP\n"));
    if (!section.text.isEmpty())
        result += paragraphs(section.text);
    for (const HelpItem& item : section.items)
        result += QLatin1String(".TP\n") + line(term(item.term)) + block(item.text);
    return result;
}

} // namespace

QString ProgramHelp::manPage(const QString& version) const
{
    const QString title = name.toUpper();
    QString result
        = QStringLiteral(".TH \"%1\" 1 \"\" \"Paddock %2\" \"User Commands\"\n").arg(escaped(title), version);
    // Options and connection strings read better unhyphenated and ragged-right.
    result += QLatin1String(".nh\n.ad l\n");
    result += QLatin1String(".SH NAME\n") + line(escaped(name + QLatin1String(" - ") + summary));
    result += QLatin1String(".SH SYNOPSIS\n.nf\n");
    bool commands = false;
    for (const HelpSection& helpSection : sections) {
        if (helpSection.manHeading != QLatin1String("COMMANDS"))
            continue;
        // As --help breaks them: a long synopsis goes on in an indented line.
        for (const HelpItem& item : helpSection.items) {
            for (const QString& termLine : item.term.split(QLatin1Char('\n')))
                result += line(escaped(termLine));
        }
        commands = true;
    }
    if (!commands)
        result += line(QLatin1String("\\fB") + escaped(name) + QLatin1String("\\fR [\\fIoptions\\fR]"));
    result += QLatin1String(".fi\n.SH DESCRIPTION\n") + paragraphs(description);
    if (!details.isEmpty())
        result += QLatin1String(".PP\n") + paragraphs(details);
    result += QLatin1String(".SH OPTIONS\n");
    for (const QCommandLineOption& each : options) {
        if (!(each.flags() & QCommandLineOption::HiddenFromHelp))
            result += option(each);
    }
    for (const HelpSection& helpSection : sections)
        result += section(helpSection);
    return result;
}

} // namespace Paddock
