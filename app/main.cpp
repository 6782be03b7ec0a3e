#include "commandline.h"
#include "farmcommands.h"
#include "logging.h"
#include "schemacommand.h"
#include "settings.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Paddock"));
    QCoreApplication::setApplicationName(QStringLiteral("paddock"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PADDOCK_VERSION));

    const Paddock::CommandLine commandLine = Paddock::CommandLine::parse(QCoreApplication::arguments());
    QTextStream out(stdout);
    QTextStream err(stderr);
    Paddock::Log::init(commandLine.logLevel);
    const Paddock::Settings settings;
    switch (commandLine.mode) {
    case Paddock::CommandLine::Mode::Help:
        out << commandLine.helpText;
        return 0;
    case Paddock::CommandLine::Mode::Version:
        out << "paddock " << PADDOCK_VERSION << Qt::endl;
        return 0;
    case Paddock::CommandLine::Mode::Error:
        err << "paddock: " << commandLine.error << Qt::endl << "Try `paddock --help`." << Qt::endl;
        return 2;
    case Paddock::CommandLine::Mode::Schema:
        return Paddock::runSchemaCommand(commandLine.subcommand, commandLine.connect);
    case Paddock::CommandLine::Mode::Report:
        return Paddock::runReportCommand(commandLine, settings);
    case Paddock::CommandLine::Mode::Watch:
        return Paddock::runWatchCommand(commandLine, settings);
    case Paddock::CommandLine::Mode::Flush:
        return Paddock::runFlushCommand(commandLine, settings);
    case Paddock::CommandLine::Mode::Gui:
        err << "paddock: this build has no dashboard window yet; use `paddock report|watch|flush|schema`" << Qt::endl;
        return 2;
    }
    return 2;
}
