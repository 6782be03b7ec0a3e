#include "commandline.h"

#include "commandlinehelp.h"
#include "logging.h"
#include "redisaddress.h"

#include <QCommandLineParser>
#include <QRegularExpression>

namespace Paddock {

namespace {

bool positiveNumber(const QString& text, double* value)
{
    bool ok = false;
    *value = text.toDouble(&ok);
    return ok && *value >= 0;
}

QCommandLineOption option(
    const QString& name, const char* description, const char* valueName = nullptr, const char* defaultValue = nullptr)
{
    return QCommandLineOption(name, QString::fromUtf8(description),
        valueName ? QString::fromUtf8(valueName) : QString(),
        defaultValue ? QString::fromUtf8(defaultValue) : QString());
}

QCommandLineOption hidden(QCommandLineOption option)
{
    option.setFlags(QCommandLineOption::HiddenFromHelp);
    return option;
}

// Every option of every command.
struct Options {
    const QCommandLineOption help { { QStringLiteral("h"), QStringLiteral("help") },
        QStringLiteral("Show this help.") };
    const QCommandLineOption version = option(QStringLiteral("version"), "Show the version.");
    // What paddock(1) is built from at build time; not for users, so not in --help.
    const QCommandLineOption manual = hidden(option(QStringLiteral("man"), "Print the manual page (roff) and exit."));
    const QCommandLineOption connect { { QStringLiteral("c"), QStringLiteral("connect") },
        QStringLiteral("libpq connection string or URI."), QStringLiteral("conninfo") };
    const QCommandLineOption readConnect = option(QStringLiteral("read-connect"),
        "read the figures from this server, e.g. a hot standby; flushes still go to --connect.", "conninfo");
    const QCommandLineOption redis = option(QStringLiteral("redis"),
        "the farm's Redis, redis://[user@]host[:port][/db]; its password comes from REDISCLI_AUTH or a prompt.", "url");
    const QCommandLineOption logLevel = option(QStringLiteral("log-level"),
        "trace, debug, info, warn (default), error or off; PADDOCK_LOG_LEVEL when not given.", "level", "warn");
    const QCommandLineOption window
        = option(QStringLiteral("window"), "report: the window of the figures, in seconds (default 60).", "seconds");
    const QCommandLineOption json = option(QStringLiteral("json"), "report: print one JSON object.");
    const QCommandLineOption interval
        = option(QStringLiteral("interval"), "watch: the polling interval in seconds (default 1).", "seconds");
    const QCommandLineOption farm = option(QStringLiteral("farm"), "flush: every instance.");
    const QCommandLineOption server = option(QStringLiteral("server"), "flush: this instance (repeatable).", "name");
    const QCommandLineOption key
        = option(QStringLiteral("key"), "flush: this cache key on every instance (repeatable).", "key");
    const QCommandLineOption reason
        = option(QStringLiteral("reason"), "flush: why (required; kept in the audit).", "text");
    const QCommandLineOption wait
        = option(QStringLiteral("wait"), "flush: follow the acknowledgements for up to this many seconds.", "seconds");
    const QCommandLineOption dryRun
        = option(QStringLiteral("dry-run"), "schema upgrade: print each step and the lock it takes; change nothing.");
    const QCommandLineOption grantMonitoring = option(QStringLiteral("grant-monitoring"),
        "schema install, upgrade: GRANT pg_monitor to this role, so that Paddock sees every session's state, waits "
        "and transactions.",
        "role");
    const QCommandLineOption keep = option(
        QStringLiteral("keep"), "schema maintain: keep this much history (7d, 36h, 90m; default 7d).", "duration");
    const QCommandLineOption profile = option(QStringLiteral("profile"),
        "a saved connection profile (File > Connect): its connection, Redis and read-only; --connect and --redis "
        "win over it.",
        "name");
    const QCommandLineOption readOnly = option(QStringLiteral("read-only"), "window: never offer to flush caches.");
    const QCommandLineOption screenshot
        = option(QStringLiteral("screenshot"), "window: save a PNG of the window to this file and exit.", "file");
    const QCommandLineOption after = option(
        QStringLiteral("after"), "window: with --screenshot, wait this many seconds first (default 8).", "seconds");
    const QCommandLineOption recording
        = option(QStringLiteral("recording"), "report: read this flight recording instead of the database.", "file");
    const QCommandLineOption at
        = option(QStringLiteral("at"), "report --recording, open: the moment to show (default: the end).", "time");
    const QCommandLineOption record
        = option(QStringLiteral("record"), "watch: keep every refresh in this flight recording.", "file");

    QList<QCommandLineOption> all() const
    {
        return { help, version, manual, connect, readConnect, redis, logLevel, window, json, interval, farm, server,
            key, reason, wait, dryRun, grantMonitoring, keep, profile, readOnly, screenshot, after, recording, at,
            record };
    }
};

// Each reader below fills its part of the command line and answers why it cannot, or nothing.

// The options every mode shares: log level, connections, window, interval, screenshot.
QString readGeneral(const QCommandLineParser& parser, const Options& o, CommandLine& result)
{
    QString levelError;
    if (!Log::chooseLevel(parser.isSet(o.logLevel) ? parser.value(o.logLevel) : QString(), spdlog::level::warn,
            &result.logLevel, &levelError))
        return levelError;
    result.connect = parser.value(o.connect);
    result.readConnect = parser.value(o.readConnect);
    result.redis = parser.value(o.redis);
    result.profile = parser.value(o.profile);
    if (parser.isSet(o.redis)) {
        QString redisError;
        if (!RedisAddress::parse(result.redis, &redisError))
            return QStringLiteral("--redis: ") + redisError;
    }
    result.json = parser.isSet(o.json);
    result.readOnly = parser.isSet(o.readOnly);
    result.screenshot = parser.value(o.screenshot);
    if (parser.isSet(o.after) && !positiveNumber(parser.value(o.after), &result.screenshotAfterS))
        return QStringLiteral("--after takes a number of seconds");
    if (parser.isSet(o.window)) {
        double window = 0;
        if (!positiveNumber(parser.value(o.window), &window) || window < 1 || window > 86400)
            return QStringLiteral("--window takes a number of seconds from 1 to 86400");
        result.windowS = int(window);
    }
    if (parser.isSet(o.interval)) {
        if (!positiveNumber(parser.value(o.interval), &result.intervalS) || result.intervalS < 0.1)
            return QStringLiteral("--interval takes a number of seconds, at least 0.1");
    }
    result.recording = parser.value(o.recording);
    result.at = parser.value(o.at);
    result.record = parser.value(o.record);
    return {};
}

// The options of flight recordings belong to some commands only.
QString checkRecordingOptions(const QCommandLineParser& parser, const Options& o, const QString& command)
{
    if (parser.isSet(o.recording) && command != QLatin1String("report"))
        return QStringLiteral("--recording is for `paddock report`; `paddock open FILE` shows one in the window");
    if (parser.isSet(o.at) && !parser.isSet(o.recording) && command != QLatin1String("open"))
        return QStringLiteral(
            "--at needs a recording: `paddock report --recording FILE --at TIME` or `paddock open FILE --at TIME`");
    if (parser.isSet(o.record) && command != QLatin1String("watch"))
        return QStringLiteral("--record is for `paddock watch`; the window records every farm it watches");
    return {};
}

QString readOpen(const QCommandLineParser& parser, const Options& o, const QStringList& positional, CommandLine& result)
{
    if (positional.size() != 2)
        return QStringLiteral("`paddock open` takes one recording file");
    if (parser.isSet(o.connect) || parser.isSet(o.profile))
        return QStringLiteral("`paddock open` shows a recording; it takes no --connect or --profile");
    result.mode = CommandLine::Mode::Open;
    result.recording = positional.at(1);
    return {};
}

QString readSchema(
    const QCommandLineParser& parser, const Options& o, const QStringList& positional, CommandLine& result)
{
    static const QStringList subcommands { QStringLiteral("install"), QStringLiteral("check"),
        QStringLiteral("upgrade"), QStringLiteral("maintain") };
    if (positional.size() != 2 || !subcommands.contains(positional.at(1)))
        return QStringLiteral("`paddock schema` takes one of: install, check, upgrade, maintain");
    result.mode = CommandLine::Mode::Schema;
    result.subcommand = positional.at(1);
    result.dryRun = parser.isSet(o.dryRun);
    if (result.dryRun && result.subcommand != QLatin1String("upgrade"))
        return QStringLiteral("--dry-run is for `paddock schema upgrade`");
    result.grantMonitoring = parser.value(o.grantMonitoring);
    const bool installs
        = result.subcommand == QLatin1String("install") || result.subcommand == QLatin1String("upgrade");
    if (parser.isSet(o.grantMonitoring) && (!installs || result.dryRun))
        return QStringLiteral("--grant-monitoring is for `paddock schema install` and `paddock schema upgrade`");
    if (parser.isSet(o.grantMonitoring) && result.grantMonitoring.trimmed().isEmpty())
        return QStringLiteral("--grant-monitoring needs the name of a role");
    if (!parser.isSet(o.keep))
        return {};
    if (result.subcommand != QLatin1String("maintain"))
        return QStringLiteral("--keep is for `paddock schema maintain`");
    static const QRegularExpression duration(QStringLiteral("^(\\d{1,5})([dhm])$"));
    const QRegularExpressionMatch match = duration.match(parser.value(o.keep));
    if (!match.hasMatch())
        return QStringLiteral("--keep takes a duration such as 7d, 36h or 90m, not \"%1\"").arg(parser.value(o.keep));
    const QString unit = match.captured(2) == QLatin1String("d") ? QStringLiteral("days")
        : match.captured(2) == QLatin1String("h")                ? QStringLiteral("hours")
                                                                 : QStringLiteral("minutes");
    result.keep = match.captured(1) + QLatin1Char(' ') + unit;
    return {};
}

QString readFlush(const QCommandLineParser& parser, const Options& o, CommandLine& result)
{
    const int scopes = int(parser.isSet(o.farm)) + int(parser.isSet(o.server)) + int(parser.isSet(o.key));
    if (scopes != 1)
        return QStringLiteral("flush needs exactly one of --farm, --server NAME… or --key KEY…");
    result.flushScope = parser.isSet(o.farm) ? QStringLiteral("farm")
        : parser.isSet(o.server)             ? QStringLiteral("servers")
                                             : QStringLiteral("keys");
    result.flushServers = parser.values(o.server);
    result.flushKeys = parser.values(o.key);
    for (const QString& key : std::as_const(result.flushKeys)) {
        if (key.trimmed().isEmpty())
            return QStringLiteral("--key must not be empty");
    }
    result.reason = parser.value(o.reason).trimmed();
    if (result.reason.isEmpty())
        return QStringLiteral("flush needs --reason TEXT: it is kept in the audit of every flush");
    if (parser.isSet(o.wait) && !positiveNumber(parser.value(o.wait), &result.waitS))
        return QStringLiteral("--wait takes a number of seconds");
    return {};
}

// report, watch and flush.
QString readFarmCommand(
    const QCommandLineParser& parser, const Options& o, const QStringList& positional, CommandLine& result)
{
    const QString& command = positional.at(0);
    if (positional.size() != 1)
        return QStringLiteral("unexpected argument \"%1\"").arg(positional.at(1));
    result.mode = command == QLatin1String("report") ? CommandLine::Mode::Report
        : command == QLatin1String("watch")          ? CommandLine::Mode::Watch
                                                     : CommandLine::Mode::Flush;
    if (parser.isSet(o.recording)) {
        if (parser.isSet(o.connect))
            return QStringLiteral("--recording reads a file: it takes no --connect");
        if (parser.isSet(o.window))
            return QStringLiteral("--window does not apply to a recording: its figures were computed when recorded");
        if (result.recording.isEmpty())
            return QStringLiteral("--recording needs a file");
    }
    if (parser.isSet(o.record) && result.record.isEmpty())
        return QStringLiteral("--record needs a file");
    return result.mode == CommandLine::Mode::Flush ? readFlush(parser, o, result) : QString();
}

QString readCommand(const QCommandLineParser& parser, const Options& o, CommandLine& result)
{
    const QStringList positional = parser.positionalArguments();
    const QString command = positional.value(0);
    if (QString error = checkRecordingOptions(parser, o, command); !error.isEmpty())
        return error;
    if (command == QLatin1String("open"))
        return readOpen(parser, o, positional, result);
    if (command.isEmpty()) {
        if (!result.screenshot.isEmpty() && !parser.isSet(o.connect) && !parser.isSet(o.profile))
            return QStringLiteral("--screenshot needs --connect CONNINFO or --profile NAME");
        return {};
    }
    if (command == QLatin1String("schema"))
        return readSchema(parser, o, positional, result);
    if (command == QLatin1String("report") || command == QLatin1String("watch") || command == QLatin1String("flush"))
        return readFarmCommand(parser, o, positional, result);
    if (positional.size() == 1 && !parser.isSet(o.connect)) {
        // `paddock CONNINFO` is short for `paddock --connect CONNINFO`.
        result.connect = command;
        return {};
    }
    return QStringLiteral("unknown command \"%1\"").arg(command);
}

} // namespace

CommandLine CommandLine::parse(const QStringList& arguments)
{
    CommandLine result;
    const Options options;
    QCommandLineParser parser;
    const ProgramHelp help = paddockHelp(options.all());
    parser.setApplicationDescription(help.description);
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    parser.addOptions(options.all());
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("open | report | watch | flush | schema …"));
    result.helpText = parser.helpText() + QLatin1Char('\n') + help.helpText() + QLatin1Char('\n');

    QString error;
    if (!parser.parse(arguments))
        error = parser.errorText();
    else if (parser.isSet(options.help))
        result.mode = Mode::Help;
    else if (parser.isSet(options.version))
        result.mode = Mode::Version;
    else if (parser.isSet(options.manual)) {
        result.mode = Mode::Manual;
        result.manualPage = help.manPage(QStringLiteral(PADDOCK_VERSION));
    } else if (error = readGeneral(parser, options, result); error.isEmpty())
        error = readCommand(parser, options, result);
    if (!error.isEmpty()) {
        result.mode = Mode::Error;
        result.error = error;
    }
    return result;
}

QString applyProfile(CommandLine& commandLine, const QList<ConnectionProfile>& profiles)
{
    if (commandLine.profile.isEmpty())
        return {};
    QStringList names;
    for (const ConnectionProfile& profile : profiles) {
        if (profile.name != commandLine.profile) {
            names.append(profile.name);
            continue;
        }
        if (commandLine.connect.isEmpty())
            commandLine.connect = profile.conninfo;
        if (commandLine.redis.isEmpty())
            commandLine.redis = profile.redisUrl;
        commandLine.readOnly = commandLine.readOnly || profile.readOnly;
        return {};
    }
    if (names.isEmpty())
        return QStringLiteral("no saved profile \"%1\": none is saved yet (File > Connect saves one)")
            .arg(commandLine.profile);
    return QStringLiteral("no saved profile \"%1\" (saved: %2)")
        .arg(commandLine.profile, names.join(QStringLiteral(", ")));
}

} // namespace Paddock
