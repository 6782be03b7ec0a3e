#include "commandlinehelp.h"

namespace Paddock {

namespace {

HelpSection commands()
{
    HelpSection section;
    section.heading = QStringLiteral("Usage:");
    section.manHeading = QStringLiteral("COMMANDS");
    section.items = {
        { QStringLiteral("paddock [--connect CONNINFO | CONNINFO | --profile NAME] [--read-connect C] [--redis URL]\n"
                         "        [--read-only] [--screenshot FILE [--after S]]"),
            QStringLiteral("the dashboard; without a connection it asks") },
        { QStringLiteral("paddock open FILE [--at TIME] [--screenshot PNG [--after S]]"),
            QStringLiteral("a flight recording in the window, read-only, with a\ntime slider") },
        { QStringLiteral("paddock report --connect C [--read-connect C] [--redis URL] [--window S] [--json]"),
            QStringLiteral("one snapshot of every figure; exit status as a Nagios\n"
                           "plugin: 0 healthy, 1 degraded (an instance, a storage\n"
                           "failing for some instances, the Redis, the database\n"
                           "or a scheduled task), 2 an instance not responding,\n"
                           "a storage, the Redis or a scheduled task failing,\n"
                           "3 could not tell") },
        { QStringLiteral("paddock report --recording FILE [--at TIME] [--json]"),
            QStringLiteral("the snapshot a recording held at TIME (default: its\n"
                           "last), with the keys and exit status of the live one") },
        { QStringLiteral("paddock watch --connect C [--read-connect C] [--redis URL] [--interval S] [--record FILE]"),
            QStringLiteral("the live engine without a window: one JSON line per\n"
                           "refresh until interrupted; --record keeps every\n"
                           "refresh in a flight recording") },
        { QStringLiteral(
              "paddock flush --connect C (--farm | --server NAME... | --key KEY...) --reason TEXT [--wait S]"),
            QStringLiteral("request a cache flush (needs webfarm_operator) and,\n"
                           "with --wait, follow the acknowledgements") },
        { QStringLiteral("paddock schema install|check|upgrade --connect C"),
            QStringLiteral("create, check or upgrade the webfarm schema;\n"
                           "upgrade --dry-run prints each step and its lock;\n"
                           "--grant-monitoring ROLE grants it pg_monitor") },
        { QStringLiteral("paddock schema maintain --connect C [--keep 7d]"),
            QStringLiteral("create the coming history partitions, drop those\n"
                           "older than --keep (never a pending delivery); for\n"
                           "cron, or SELECT webfarm.maintain() from pg_cron") },
    };
    return section;
}

HelpSection connections()
{
    HelpSection section;
    section.text = QStringLiteral(
        "CONNINFO is a libpq connection string or URI (\"host=db1 dbname=farm user=admin\",\n"
        "\"postgresql://admin@db1/farm\", \"service=farm\"); when omitted, the PG* environment variables\n"
        "and the service file apply. With --read-connect the figures are read from another server, e.g. a\n"
        "hot standby (its replay lag counts into the age of the data); libpq's multi-host strings with\n"
        "target_session_attrs=prefer-standby do the same in one string. Flushes always go to the primary.\n"
        "Passwords come from libpq (.pgpass, PGPASSWORD) or a prompt on\n"
        "the terminal, and are never printed or stored.\n"
        "\n"
        "--redis URL (redis://[user@]host[:port][/db]) adds the farm's shared cache: Paddock reads INFO, PING,\n"
        "CLIENT LIST and PUBSUB, never writes. Its password comes from REDISCLI_AUTH or a prompt. `report`\n"
        "samples it for a second (five samples); the window and `watch` over the window.\n"
        "\n"
        "TIME is ISO 8601 (\"2026-11-22T03:14:05Z\", \"2026-11-22 04:14:05+01:00\"; without an offset it is\n"
        "local time) or relative to the end of the recording (\"-90s\", \"-15m\", \"-2h\"). The window records\n"
        "every farm it watches into one file per farm in its data directory (settings: recorder/enabled,\n"
        "recorder/directory, recorder/max_age_h (24), recorder/max_mb (200), recorder/full_resolution_min\n"
        "(15: older snapshots are thinned), recorder/thinned_every_s (10)).");
    return section;
}

HelpSection exitStatus()
{
    HelpSection section;
    section.heading = QStringLiteral("Exit status:");
    section.manHeading = QStringLiteral("EXIT STATUS");
    section.column = 20;
    section.items = {
        { QStringLiteral("report"),
            QStringLiteral("0 healthy; 1 degraded: an instance, a storage failing for some instances, the Redis,\n"
                           "the database or a scheduled task; 2 an instance not responding, a storage, the\n"
                           "Redis or a scheduled task failing; 3 could not tell (no connection, a standby too\n"
                           "far behind, a recording that cannot be read)") },
        { QStringLiteral("watch"),
            QStringLiteral("0 interrupted (Ctrl+C, SIGTERM); 3 --record could not write its recording") },
        { QStringLiteral("flush"),
            QStringLiteral("0 every target acknowledged (or no --wait); 1 a target failed or is still pending;\n"
                           "2 refused (privilege, arguments); 3 no connection") },
        { QStringLiteral("schema check"),
            QStringLiteral("0 up to date; 1 missing or older, or a role missing; 2 newer or foreign; 3 no\n"
                           "connection") },
        { QStringLiteral("schema install"),
            QStringLiteral("(and upgrade) 0 done; 1 refused (a newer or foreign schema), or pg_monitor not\n"
                           "granted; 2 failed (privilege); 3 no connection") },
        { QStringLiteral("schema maintain"),
            QStringLiteral("0 done; 1 a partition was busy or blocked (run it again); 2 refused (schema not\n"
                           "current, privilege); 3 no connection") },
        { QStringLiteral("the window"),
            QStringLiteral("(and open) 0 closed; 1 --screenshot could not save the picture; 2 a recording\n"
                           "refused (damaged, foreign, newer) or --at not a time") },
        { QStringLiteral("any command"), QStringLiteral("2 a bad command line") },
    };
    return section;
}

HelpSection environment()
{
    HelpSection section;
    section.manHeading = QStringLiteral("ENVIRONMENT");
    section.manOnly = true;
    section.items = {
        { QStringLiteral("PGHOST, PGPORT, PGDATABASE, PGUSER, PGSERVICE, PGPASSWORD, ..."),
            QStringLiteral("libpq's variables, where CONNINFO leaves something out; PGPASSFILE and\n"
                           "PGSERVICEFILE name the password and service files") },
        { QStringLiteral("REDISCLI_AUTH"), QStringLiteral("the password of --redis") },
        { QStringLiteral("PADDOCK_LOG_LEVEL"),
            QStringLiteral("trace, debug, info, warn, error or off, when --log-level is not given") },
        { QStringLiteral("QT_QPA_PLATFORM"),
            QStringLiteral("offscreen runs the window without a display (with --screenshot)") },
    };
    return section;
}

HelpSection files()
{
    HelpSection section;
    section.manHeading = QStringLiteral("FILES");
    section.manOnly = true;
    section.items = {
        { QStringLiteral("~/.config/Paddock/paddock.conf"),
            QStringLiteral("the settings (an INI file, see SETTINGS); never a password") },
        { QStringLiteral("~/.local/share/Paddock/paddock/recordings/HOST_PORT_DATABASE.paddock-recording"),
            QStringLiteral("the flight recording of each farm the window watches (SQLite); recorder/directory\n"
                           "moves them") },
        { QStringLiteral("~/.pgpass, ~/.pg_service.conf"), QStringLiteral("libpq's passwords and services") },
    };
    return section;
}

// Every key of paddock.conf (models/settings.cpp), with its default.
HelpSection settings()
{
    HelpSection section;
    section.manHeading = QStringLiteral("SETTINGS");
    section.manOnly = true;
    section.text = QStringLiteral("Keys of ~/.config/Paddock/paddock.conf, shared by the window and the commands; the\n"
                                  "default in parentheses.");
    section.items = {
        { QStringLiteral("thresholds/not_responding_after_s"),
            QStringLiteral("(30) an instance without a heartbeat for longer is not responding") },
        { QStringLiteral("thresholds/oldest_pending_s"),
            QStringLiteral("(10) an instance whose oldest pending delivery is older is degraded") },
        { QStringLiteral("thresholds/backlog"),
            QStringLiteral("(1000) an instance with more pending deliveries is degraded") },
        { QStringLiteral("thresholds/clock_skew_ms"),
            QStringLiteral("(2000) an instance whose clock is further off is degraded") },
        { QStringLiteral("engine/window_s"), QStringLiteral("(60) the window of the figures, in seconds") },
        { QStringLiteral("engine/poll_interval_ms"),
            QStringLiteral("(1000) how often the engine reads when notifications are quiet") },
        { QStringLiteral("engine/statement_timeout_ms"),
            QStringLiteral("(4000) every session's statement_timeout; a round trip's deadline is 2 s more") },
        { QStringLiteral("engine/retention_s"), QStringLiteral("(3600) how long the window keeps its chart series") },
        { QStringLiteral("redis/backplane_channels"),
            QStringLiteral("(signalr*) the pattern of the backplane's channels on the farm's Redis") },
        { QStringLiteral("recorder/enabled"),
            QStringLiteral("(true) whether the window records every farm it watches") },
        { QStringLiteral("recorder/directory"),
            QStringLiteral("(~/.local/share/Paddock/paddock/recordings) where the recordings go") },
        { QStringLiteral("recorder/max_age_h"), QStringLiteral("(24) older recorded data is dropped") },
        { QStringLiteral("recorder/max_mb"), QStringLiteral("(200) the oldest data goes first above this size") },
        { QStringLiteral("recorder/full_resolution_min"),
            QStringLiteral("(15) every snapshot this recent is kept; older ones are thinned") },
        { QStringLiteral("recorder/thinned_every_s"),
            QStringLiteral("(10) one thinned snapshot per this many seconds") },
        { QStringLiteral("profiles"),
            QStringLiteral("the saved connections, an array of name, conninfo, read_only, redis (never a\n"
                           "password) and alerts (true: desktop notifications when the farm gets worse or\n"
                           "recovers); --profile NAME picks one") },
        { QStringLiteral("appearance/colour_scheme"),
            QStringLiteral("(desktop) the status colours: desktop (follow its palette), light or dark") },
        { QStringLiteral("recent_connections"), QStringLiteral("the last ten connection strings, without passwords") },
        { QStringLiteral("last_profile"), QStringLiteral("the profile the connection dialog offers first") },
        { QStringLiteral("window/geometry, window/state, window/main_splitter, window/top_splitter,\n"
                         "window/instance_columns, window/chart_window_s, window/current_view"),
            QStringLiteral("where the window was left: its place, splitters, the instances' columns, the\n"
                           "charts' window and the tab in front, by number") },
        { QStringLiteral("replay_window/..."), QStringLiteral("the same keys for a window that shows a recording") },
    };
    return section;
}

HelpSection seeAlso()
{
    HelpSection section;
    section.manHeading = QStringLiteral("SEE ALSO");
    section.manOnly = true;
    section.text = QStringLiteral("paddock-sim(1), psql(1)");
    return section;
}

} // namespace

ProgramHelp paddockHelp(const QList<QCommandLineOption>& options)
{
    ProgramHelp help;
    help.name = QStringLiteral("paddock");
    help.summary = QStringLiteral("a dashboard for web farms that synchronise through PostgreSQL");
    help.description = QStringLiteral("Paddock: a dashboard for web farms that synchronise through PostgreSQL");
    help.details = QStringLiteral(
        "It shows which instances of a web farm are alive, how fast cache invalidations reach each of them,\n"
        "how the sync-task backlog develops, whether every instance reaches shared storage, the farm's\n"
        "Redis, the database server and the scheduled tasks; it flushes caches and follows every\n"
        "acknowledgement. The same engine and figures serve the window and the commands report, watch and\n"
        "flush; schema installs and upgrades the webfarm schema the instances share.");
    help.options = options;
    help.sections = { commands(), connections(), exitStatus(), environment(), files(), settings(), seeAlso() };
    return help;
}

} // namespace Paddock
