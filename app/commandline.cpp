#include "commandline.h"

#include "logging.h"

#include <QCommandLineParser>
#include <QRegularExpression>

namespace Paddock {

namespace {

const char* const Usage = R"(Usage:
  paddock [--connect CONNINFO | CONNINFO] [--read-connect C] [--read-only] [--screenshot FILE [--after S]]
                                                   the dashboard; without a connection it asks
  paddock open FILE [--at TIME] [--screenshot PNG [--after S]]
                                                   a flight recording in the window, read-only, with a
                                                   time slider
  paddock report --connect C [--read-connect C] [--window S] [--json]
                                                   one snapshot of every figure; exit status as a Nagios
                                                   plugin: 0 healthy, 1 degraded, 2 not responding or
                                                   storage failing, 3 could not tell
  paddock report --recording FILE [--at TIME] [--json]
                                                   the snapshot a recording held at TIME (default: its
                                                   last), with the keys and exit status of the live one
  paddock watch --connect C [--read-connect C] [--interval S] [--record FILE]
                                                   the live engine without a window: one JSON line per
                                                   refresh until interrupted; --record keeps every
                                                   refresh in a flight recording
  paddock flush --connect C (--farm | --server NAME... | --key KEY...) --reason TEXT [--wait S]
                                                   request a cache flush (needs webfarm_operator) and,
                                                   with --wait, follow the acknowledgements
  paddock schema install|check|upgrade --connect C create, check or upgrade the webfarm schema;
                                                   upgrade --dry-run prints each step and its lock
  paddock schema maintain --connect C [--keep 7d]  create the coming history partitions, drop those
                                                   older than --keep (never a pending delivery); for
                                                   cron, or SELECT webfarm.maintain() from pg_cron

CONNINFO is a libpq connection string or URI ("host=db1 dbname=farm user=admin",
"postgresql://admin@db1/farm", "service=farm"); when omitted, the PG* environment variables
and the service file apply. With --read-connect the figures are read from another server, e.g. a
hot standby (its replay lag counts into the age of the data); libpq's multi-host strings with
target_session_attrs=prefer-standby do the same in one string. Flushes always go to the primary.
Passwords come from libpq (.pgpass, PGPASSWORD) or a prompt on
the terminal, and are never printed or stored.

TIME is ISO 8601 ("2026-11-22T03:14:05Z", "2026-11-22 04:14:05+01:00"; without an offset it is
local time) or relative to the end of the recording ("-90s", "-15m", "-2h"). The window records
every farm it watches into one file per farm in its data directory (settings: recorder/enabled,
recorder/directory, recorder/max_age_h (24), recorder/max_mb (200), recorder/full_resolution_min
(15: older snapshots are thinned), recorder/thinned_every_s (10)).

Exit status of `schema check`: 0 up to date, 1 missing or older, 2 newer or foreign, 3 no connection.
Exit status of `schema maintain`: 0 done, 1 a partition was busy or blocked (run it again), 2 refused
(schema not current, privilege), 3 no connection.
Exit status of `flush`: 0 every target acknowledged (or no --wait), 1 a target failed or is still
pending, 2 refused (privilege, arguments), 3 no connection.)";

bool positiveNumber(const QString& text, double* value)
{
    bool ok = false;
    *value = text.toDouble(&ok);
    return ok && *value >= 0;
}

} // namespace

CommandLine CommandLine::parse(const QStringList& arguments)
{
    CommandLine result;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Paddock: a dashboard for web farms that synchronise through PostgreSQL"));
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    const QCommandLineOption helpOption(
        { QStringLiteral("h"), QStringLiteral("help") }, QStringLiteral("Show this help."));
    const QCommandLineOption versionOption(QStringLiteral("version"), QStringLiteral("Show the version."));
    const QCommandLineOption connectOption({ QStringLiteral("c"), QStringLiteral("connect") },
        QStringLiteral("libpq connection string or URI."), QStringLiteral("conninfo"));
    const QCommandLineOption readConnectOption(QStringLiteral("read-connect"),
        QStringLiteral("read the figures from this server, e.g. a hot standby; flushes still go to --connect."),
        QStringLiteral("conninfo"));
    const QCommandLineOption logLevelOption(QStringLiteral("log-level"),
        QStringLiteral("trace, debug, info, warn (default), error or off; PADDOCK_LOG_LEVEL when not given."),
        QStringLiteral("level"), QStringLiteral("warn"));
    const QCommandLineOption windowOption(QStringLiteral("window"),
        QStringLiteral("report: the window of the figures, in seconds (default 60)."), QStringLiteral("seconds"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("report: print one JSON object."));
    const QCommandLineOption intervalOption(QStringLiteral("interval"),
        QStringLiteral("watch: the polling interval in seconds (default 1)."), QStringLiteral("seconds"));
    const QCommandLineOption farmOption(QStringLiteral("farm"), QStringLiteral("flush: every instance."));
    const QCommandLineOption serverOption(
        QStringLiteral("server"), QStringLiteral("flush: this instance (repeatable)."), QStringLiteral("name"));
    const QCommandLineOption keyOption(QStringLiteral("key"),
        QStringLiteral("flush: this cache key on every instance (repeatable)."), QStringLiteral("key"));
    const QCommandLineOption reasonOption(
        QStringLiteral("reason"), QStringLiteral("flush: why (required; kept in the audit)."), QStringLiteral("text"));
    const QCommandLineOption waitOption(QStringLiteral("wait"),
        QStringLiteral("flush: follow the acknowledgements for up to this many seconds."), QStringLiteral("seconds"));
    const QCommandLineOption dryRunOption(QStringLiteral("dry-run"),
        QStringLiteral("schema upgrade: print each step and the lock it takes; change nothing."));
    const QCommandLineOption keepOption(QStringLiteral("keep"),
        QStringLiteral("schema maintain: keep this much history (7d, 36h, 90m; default 7d)."),
        QStringLiteral("duration"));
    const QCommandLineOption readOnlyOption(
        QStringLiteral("read-only"), QStringLiteral("window: never offer to flush caches."));
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
        QStringLiteral("window: save a PNG of the window to this file and exit."), QStringLiteral("file"));
    const QCommandLineOption afterOption(QStringLiteral("after"),
        QStringLiteral("window: with --screenshot, wait this many seconds first (default 8)."),
        QStringLiteral("seconds"));
    const QCommandLineOption recordingOption(QStringLiteral("recording"),
        QStringLiteral("report: read this flight recording instead of the database."), QStringLiteral("file"));
    const QCommandLineOption atOption(QStringLiteral("at"),
        QStringLiteral("report --recording, open: the moment to show (default: the end)."), QStringLiteral("time"));
    const QCommandLineOption recordOption(QStringLiteral("record"),
        QStringLiteral("watch: keep every refresh in this flight recording."), QStringLiteral("file"));
    parser.addOptions({ helpOption, versionOption, connectOption, readConnectOption, logLevelOption, windowOption,
        jsonOption, intervalOption, farmOption, serverOption, keyOption, reasonOption, waitOption, dryRunOption,
        keepOption, readOnlyOption, screenshotOption, afterOption, recordingOption, atOption, recordOption });
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("open | report | watch | flush | schema …"));

    result.helpText = parser.helpText() + QLatin1Char('\n') + QString::fromUtf8(Usage) + QLatin1Char('\n');
    auto fail = [&result](const QString& message) {
        result.mode = Mode::Error;
        result.error = message;
        return result;
    };
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(helpOption)) {
        result.mode = Mode::Help;
        return result;
    }
    if (parser.isSet(versionOption)) {
        result.mode = Mode::Version;
        return result;
    }
    QString levelError;
    if (!Log::chooseLevel(parser.isSet(logLevelOption) ? parser.value(logLevelOption) : QString(), spdlog::level::warn,
            &result.logLevel, &levelError))
        return fail(levelError);
    result.connect = parser.value(connectOption);
    result.readConnect = parser.value(readConnectOption);
    result.json = parser.isSet(jsonOption);
    result.readOnly = parser.isSet(readOnlyOption);
    result.screenshot = parser.value(screenshotOption);
    if (parser.isSet(afterOption) && !positiveNumber(parser.value(afterOption), &result.screenshotAfterS))
        return fail(QStringLiteral("--after takes a number of seconds"));
    if (parser.isSet(windowOption)) {
        double window = 0;
        if (!positiveNumber(parser.value(windowOption), &window) || window < 1 || window > 86400)
            return fail(QStringLiteral("--window takes a number of seconds from 1 to 86400"));
        result.windowS = int(window);
    }
    if (parser.isSet(intervalOption)) {
        if (!positiveNumber(parser.value(intervalOption), &result.intervalS) || result.intervalS < 0.1)
            return fail(QStringLiteral("--interval takes a number of seconds, at least 0.1"));
    }

    result.recording = parser.value(recordingOption);
    result.at = parser.value(atOption);
    result.record = parser.value(recordOption);

    const QStringList positional = parser.positionalArguments();
    const QString command = positional.value(0);
    if (parser.isSet(recordingOption) && command != QLatin1String("report"))
        return fail(QStringLiteral("--recording is for `paddock report`; `paddock open FILE` shows one in the window"));
    if (parser.isSet(atOption) && !parser.isSet(recordingOption) && command != QLatin1String("open"))
        return fail(QStringLiteral(
            "--at needs a recording: `paddock report --recording FILE --at TIME` or `paddock open FILE --at TIME`"));
    if (parser.isSet(recordOption) && command != QLatin1String("watch"))
        return fail(QStringLiteral("--record is for `paddock watch`; the window records every farm it watches"));
    if (command == QLatin1String("open")) {
        if (positional.size() != 2)
            return fail(QStringLiteral("`paddock open` takes one recording file"));
        if (parser.isSet(connectOption))
            return fail(QStringLiteral("`paddock open` shows a recording; it takes no --connect"));
        result.mode = Mode::Open;
        result.recording = positional.at(1);
        return result;
    }
    if (command.isEmpty()) {
        if (!result.screenshot.isEmpty() && !parser.isSet(connectOption))
            return fail(QStringLiteral("--screenshot needs --connect CONNINFO"));
        return result;
    }
    if (command == QLatin1String("schema")) {
        static const QStringList subcommands { QStringLiteral("install"), QStringLiteral("check"),
            QStringLiteral("upgrade"), QStringLiteral("maintain") };
        if (positional.size() != 2 || !subcommands.contains(positional.at(1)))
            return fail(QStringLiteral("`paddock schema` takes one of: install, check, upgrade, maintain"));
        result.mode = Mode::Schema;
        result.subcommand = positional.at(1);
        result.dryRun = parser.isSet(dryRunOption);
        if (result.dryRun && result.subcommand != QLatin1String("upgrade"))
            return fail(QStringLiteral("--dry-run is for `paddock schema upgrade`"));
        if (parser.isSet(keepOption)) {
            if (result.subcommand != QLatin1String("maintain"))
                return fail(QStringLiteral("--keep is for `paddock schema maintain`"));
            static const QRegularExpression duration(QStringLiteral("^(\\d{1,5})([dhm])$"));
            const QRegularExpressionMatch match = duration.match(parser.value(keepOption));
            if (!match.hasMatch())
                return fail(QStringLiteral("--keep takes a duration such as 7d, 36h or 90m, not \"%1\"")
                                .arg(parser.value(keepOption)));
            const QString unit = match.captured(2) == QLatin1String("d") ? QStringLiteral("days")
                : match.captured(2) == QLatin1String("h")                ? QStringLiteral("hours")
                                                                         : QStringLiteral("minutes");
            result.keep = match.captured(1) + QLatin1Char(' ') + unit;
        }
        return result;
    }
    if (command == QLatin1String("report") || command == QLatin1String("watch") || command == QLatin1String("flush")) {
        if (positional.size() != 1)
            return fail(QStringLiteral("unexpected argument \"%1\"").arg(positional.at(1)));
        result.mode = command == QLatin1String("report") ? Mode::Report
            : command == QLatin1String("watch")          ? Mode::Watch
                                                         : Mode::Flush;
        if (parser.isSet(recordingOption)) {
            if (parser.isSet(connectOption))
                return fail(QStringLiteral("--recording reads a file: it takes no --connect"));
            if (parser.isSet(windowOption))
                return fail(
                    QStringLiteral("--window does not apply to a recording: its figures were computed when recorded"));
            if (result.recording.isEmpty())
                return fail(QStringLiteral("--recording needs a file"));
        }
        if (parser.isSet(recordOption) && result.record.isEmpty())
            return fail(QStringLiteral("--record needs a file"));
    } else if (positional.size() == 1 && !parser.isSet(connectOption)) {
        // `paddock CONNINFO` is short for `paddock --connect CONNINFO`.
        result.connect = command;
        return result;
    } else {
        return fail(QStringLiteral("unknown command \"%1\"").arg(command));
    }

    if (result.mode == Mode::Flush) {
        const int scopes
            = int(parser.isSet(farmOption)) + int(parser.isSet(serverOption)) + int(parser.isSet(keyOption));
        if (scopes != 1)
            return fail(QStringLiteral("flush needs exactly one of --farm, --server NAME… or --key KEY…"));
        result.flushScope = parser.isSet(farmOption) ? QStringLiteral("farm")
            : parser.isSet(serverOption)             ? QStringLiteral("servers")
                                                     : QStringLiteral("keys");
        result.flushServers = parser.values(serverOption);
        result.flushKeys = parser.values(keyOption);
        for (const QString& key : std::as_const(result.flushKeys)) {
            if (key.trimmed().isEmpty())
                return fail(QStringLiteral("--key must not be empty"));
        }
        result.reason = parser.value(reasonOption).trimmed();
        if (result.reason.isEmpty())
            return fail(QStringLiteral("flush needs --reason TEXT: it is kept in the audit of every flush"));
        if (parser.isSet(waitOption) && !positiveNumber(parser.value(waitOption), &result.waitS))
            return fail(QStringLiteral("--wait takes a number of seconds"));
    }
    return result;
}

} // namespace Paddock
