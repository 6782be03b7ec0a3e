#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QString>

namespace Paddock {

// A term and what it means: a command's synopsis, a fault's option, an exit status, a setting.
// Both texts are written as --help prints them: '\n' breaks a line there, and the man page fills
// the lines into one paragraph. A line of text that starts with a space is laid out by hand (a
// table, a timeline) and is kept as it is on both.
struct HelpItem {
    QString term;
    QString text;
};

// One part of the help after the options: a heading, paragraphs ("\n\n" between them), items.
struct HelpSection {
    QString heading; // as --help prints it, e.g. "Exit status:"; empty: paragraphs that follow on
    QString manHeading; // the man page's section, e.g. "EXIT STATUS"; empty: under the previous one
    bool headingInMan = false; // the heading says more than the man heading, e.g. what T means
    QString text;
    QList<HelpItem> items;
    int column = 51; // where --help starts an item's text
    bool manOnly = false; // too long for --help (every setting, every file)
};

// Everything a program's --help and man page say, in one place, so that they cannot drift.
struct ProgramHelp {
    QString name; // paddock
    QString summary; // the man page's NAME line, e.g. "a dashboard for web farms"
    QString description; // the first paragraph of both
    QString details; // the man page's DESCRIPTION after it
    QList<QCommandLineOption> options; // in the order --help lists them; hidden ones are left out
    QList<HelpSection> sections;

    // The part of --help after QCommandLineParser's own (usage line, description, options).
    QString helpText() const;
    // The man page, in roff with the man macros: NAME, SYNOPSIS, DESCRIPTION, OPTIONS, then every
    // section by its man heading.
    QString manPage(const QString& version) const;
};

} // namespace Paddock
