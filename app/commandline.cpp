#include "commandline.h"

#include "logging.h"

#include <QCommandLineParser>

namespace Paddock {

namespace {

    const char* const Usage = R"(Usage:
  paddock [--connect CONNINFO]                    the dashboard
  paddock schema install --connect CONNINFO       create the webfarm schema, roles and grants
  paddock schema check   --connect CONNINFO       report the installed schema version
  paddock schema upgrade --connect CONNINFO       apply newer migrations, one transaction each

CONNINFO is a libpq connection string or URI ("host=db1 dbname=farm user=admin",
"postgresql://admin@db1/farm", "service=farm"); when omitted, the PG* environment variables
and the service file apply. Passwords come from libpq (.pgpass, PGPASSWORD, prompt) and are
never printed.

Exit status of `schema check`: 0 up to date, 1 missing or older (install/upgrade applies),
2 newer or foreign schema, 3 could not connect.)";

}

CommandLine CommandLine::parse(const QStringList& arguments)
{
    CommandLine result;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Paddock: a dashboard for web farms that synchronise through PostgreSQL"));
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    const QCommandLineOption helpOption({ QStringLiteral("h"), QStringLiteral("help") }, QStringLiteral("Show this help."));
    const QCommandLineOption versionOption(QStringLiteral("version"), QStringLiteral("Show the version."));
    const QCommandLineOption connectOption({ QStringLiteral("c"), QStringLiteral("connect") },
        QStringLiteral("libpq connection string or URI."), QStringLiteral("conninfo"));
    const QCommandLineOption logLevelOption(QStringLiteral("log-level"),
        QStringLiteral("trace, debug, info, warn (default), error or off."), QStringLiteral("level"), QStringLiteral("warn"));
    parser.addOptions({ helpOption, versionOption, connectOption, logLevelOption });
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("schema install|check|upgrade"));

    result.helpText = parser.helpText() + QLatin1Char('\n') + QString::fromUtf8(Usage) + QLatin1Char('\n');
    if (!parser.parse(arguments)) {
        result.mode = Mode::Error;
        result.error = parser.errorText();
        return result;
    }
    if (parser.isSet(helpOption)) {
        result.mode = Mode::Help;
        return result;
    }
    if (parser.isSet(versionOption)) {
        result.mode = Mode::Version;
        return result;
    }
    if (!Log::parseLevel(parser.value(logLevelOption), &result.logLevel)) {
        result.mode = Mode::Error;
        result.error = QStringLiteral("unknown log level \"%1\"").arg(parser.value(logLevelOption));
        return result;
    }
    result.connect = parser.value(connectOption);

    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return result;
    if (positional.first() == QLatin1String("schema")) {
        static const QStringList subcommands { QStringLiteral("install"), QStringLiteral("check"), QStringLiteral("upgrade") };
        if (positional.size() != 2 || !subcommands.contains(positional.at(1))) {
            result.mode = Mode::Error;
            result.error = QStringLiteral("`paddock schema` takes one of: install, check, upgrade");
            return result;
        }
        result.mode = Mode::Schema;
        result.subcommand = positional.at(1);
        return result;
    }
    if (positional.size() == 1 && !parser.isSet(connectOption)) {
        // `paddock CONNINFO` is short for `paddock --connect CONNINFO`.
        result.connect = positional.first();
        return result;
    }
    result.mode = Mode::Error;
    result.error = QStringLiteral("unknown command \"%1\"").arg(positional.first());
    return result;
}

} // namespace Paddock
