#include "simhelp.h"

#include "simconfig.h"

namespace Paddock {

namespace {

HelpSection faults()
{
    HelpSection section;
    section.heading
        = QStringLiteral("Faults on demand (repeatable; T is seconds since the start: 90, 90s, 2m, 1m30s, 1.5):");
    section.manHeading = QStringLiteral("FAULTS ON DEMAND");
    section.headingInMan = true;
    section.column = 34;
    section.items = {
        { QStringLiteral("--silence NAME@T[+D]"),
            QStringLiteral("NAME hangs at T (for D, else until the end): no heartbeat, no\n"
                           "processing, no new tasks, no stop_server") },
        { QStringLiteral("--slow NAME@T:F"),
            QStringLiteral("from T on, NAME's processing latency is multiplied by F (1 ends it)") },
        { QStringLiteral("--outage STORAGE@T+D[:N1,N2]"),
            QStringLiteral("from T for D, probes of STORAGE fail (ok=false, error, high latency)\n"
                           "and file tasks on it fail, on the listed instances or all of them") },
        { QStringLiteral("--skew NAME@T:MS"),
            QStringLiteral("from T on, NAME's heartbeat sent_at is now + MS (may be negative)") },
        { QStringLiteral("--leave NAME@T"),
            QStringLiteral("NAME stops gracefully at T (stop_server) and its thread ends") },
        { QStringLiteral("--join T"), QStringLiteral("a new instance (web-07, web-08, …) registers at T: scale-out") },
        { QStringLiteral("--redis-slow T+D"),
            QStringLiteral("(needs --redis) from T for D, Redis answers slowly: every command,\n"
                           "PING included, waits up to ~300 ms (CLIENT PAUSE 300 ALL every 350 ms\n"
                           "from a control connection), yet within the clients' 2 s timeout") },
        { QStringLiteral("--redis-evict T"),
            QStringLiteral("(needs --redis) at T, Redis's maxmemory drops below its used memory\n"
                           "with maxmemory-policy allkeys-lru: keys are evicted for the rest of the\n"
                           "run; both settings are restored when the simulator exits") },
        { QStringLiteral("--redis-drop NAME@T"),
            QStringLiteral("(needs --redis) NAME closes its Redis connections at T and does not\n"
                           "reconnect: every lookup of its cache misses from then on") },
        { QStringLiteral("--lock NAME@T+D"),
            QStringLiteral("from T for D, a control session (paddock-sim-control) holds row locks\n"
                           "on NAME's pending deliveries (an UPDATE of webfarm.server_task, rolled\n"
                           "back after D): NAME's complete_task waits on it, while its heartbeats,\n"
                           "tasks and probes go on from a second session; needs a login that may\n"
                           "update webfarm.server_task (else an error is logged and the run goes on)") },
        { QStringLiteral("--long-transaction T+D"),
            QStringLiteral("from T for D, a control session keeps a transaction open, idle, with a\n"
                           "transaction id and a snapshot (vacuum is held back), then ends it") },
        { QStringLiteral("--deploy VERSION@T"),
            QStringLiteral("a rolling deploy: from T, the running instances restart one by one on\n"
                           "VERSION (stop_server, 1 s, register_server: same name and id), one every\n"
                           "5 s in the order they started; instances that join from T on start on\n"
                           "VERSION. Without a deploy every instance runs version %1")
                .arg(QLatin1String(SimConfig::DefaultVersion)) },
        { QStringLiteral("--crash-during-run NAME@T"),
            QStringLiteral("NAME hangs at T with a scheduled run open (its own, or else one of\n"
                           "import-products started by hand): like --silence, the run unfinished") },
        { QStringLiteral("--unsafe-scheduler NAME"),
            QStringLiteral("NAME runs due scheduled tasks without claiming them: it reads\n"
                           "webfarm.scheduled_task and inserts its runs from a control session\n"
                           "(--control-connect), on its own timer, so their slots run twice") },
        { QStringLiteral("--duplicate-name NAME@T"),
            QStringLiteral("a second process registers under NAME at T (same login) and\n"
                           "heartbeats, processes and claims beside the first: DUPLICATE_NAME") },
    };
    return section;
}

HelpSection redis()
{
    HelpSection section;
    section.manHeading = QStringLiteral("REDIS");
    section.text = QStringLiteral(
        "The cache in Redis (--redis redis://[user@]host[:port][/db], password from REDISCLI_AUTH; rediss://\n"
        "is refused: this build's hiredis has no TLS): every instance opens its own connection, named with\n"
        "CLIENT SETNAME after the instance (web-01), GETs a key of its cache for every request (a few hundred\n"
        "a second, popular keys more often) and SETs it with EX 300 on a miss; invalidation tasks UNLINK the\n"
        "keys they touch. Keys are \"paddock-sim:<key>\". A second connection per instance, named the same,\n"
        "SUBSCRIBEs to the backplane channel signalr:<database name>. Heartbeats then report the GET hits and\n"
        "misses and the keys in the Redis database; a lost connection is retried with back-off (0.5 s to 10 s)\n"
        "and its lookups count as misses meanwhile.");
    return section;
}

HelpSection scenarios()
{
    HelpSection section;
    section.heading = QStringLiteral("Scenarios:");
    section.manHeading = QStringLiteral("SCENARIOS");
    section.column = 14;
    section.items = {
        { QStringLiteral("steady"), QStringLiteral("no faults besides those given") },
        { QStringLiteral("incident"),
            QStringLiteral(
                "(needs --instances 4 or more and a storage) a deterministic mix, with N instances:\n"
                "  t=20s  web-03 hangs during a scheduled run (crash during run: silent, the run left open)\n"
                "  t=30s  web-02 becomes slow, processing x25\n"
                "  t=40s  outage of the first storage (\"media\") for 120s on web-01 and web-04\n"
                "  t=45s  web-04's clock runs 3500 ms ahead\n"
                "  t=60s  a new instance joins (web-07 with 6 instances)\n"
                "  t=90s  the last original instance (web-06 with 6) leaves gracefully\n"
                "  t=95s  web-05 (web-01 with fewer than 6) waits on a lock on its deliveries for 20s\n"
                "and with --redis a Redis chapter:\n"
                "  t=70s  Redis answers slowly for 10s\n"
                "  t=110s Redis evicts keys (maxmemory below used memory) until the end\n"
                "  t=130s web-01 drops its Redis connections") },
    };
    return section;
}

HelpSection behaviour()
{
    HelpSection section;
    section.manHeading = QStringLiteral("BEHAVIOUR");
    section.text = QStringLiteral(
        "Instances are web-01 … web-NN in zones zone-a, zone-b, … (round robin), hosts like\n"
        "web-01.zone-a.farm.internal (labels only). Storages: media (azure-blob), attachments\n"
        "(network-share), exports (s3), scratch (local), then more of those kinds. Each instance has its\n"
        "own connection (application_name \"paddock-sim web-01\") and calls only the instance-side functions\n"
        "of the webfarm schema. A summary goes to stderr every 10 s. Ctrl+C or SIGTERM stops every\n"
        "instance gracefully (stop_server) and exits 0; a second one exits at once.\n"
        "With the same --seed, the same instances create the same tasks in the same order; --dry-run prints\n"
        "the plan and the first tasks of each instance without connecting.");
    return section;
}

HelpSection exitStatus()
{
    HelpSection section;
    section.manHeading = QStringLiteral("EXIT STATUS");
    section.text = QStringLiteral(
        "Exit status: 0 stopped as planned or by a signal, 1 could not run (connection, schema, rights),\n"
        "2 bad command line.");
    return section;
}

HelpSection environment()
{
    HelpSection section;
    section.manHeading = QStringLiteral("ENVIRONMENT");
    section.manOnly = true;
    section.items = {
        { QStringLiteral("PGHOST, PGPORT, PGDATABASE, PGUSER, PGSERVICE, PGPASSWORD, ..."),
            QStringLiteral("libpq's variables, where --connect leaves something out") },
        { QStringLiteral("REDISCLI_AUTH"), QStringLiteral("the password of --redis") },
        { QStringLiteral("PADDOCK_LOG_LEVEL"),
            QStringLiteral("trace, debug, info, warn, error or off, when --log-level is not given") },
    };
    return section;
}

HelpSection seeAlso()
{
    HelpSection section;
    section.manHeading = QStringLiteral("SEE ALSO");
    section.manOnly = true;
    section.text = QStringLiteral("paddock(1)");
    return section;
}

} // namespace

ProgramHelp simulatorHelp(const QList<QCommandLineOption>& options)
{
    ProgramHelp help;
    help.name = QStringLiteral("paddock-sim");
    help.summary = QStringLiteral("play a web farm against a webfarm schema, with faults on demand");
    help.description
        = QStringLiteral("paddock-sim: plays a web farm against a real webfarm schema, with faults on demand");
    help.details = QStringLiteral(
        "Each simulated instance has its own PostgreSQL connection and calls only the instance-side\n"
        "functions of the webfarm schema that `paddock schema install` creates: it registers, heartbeats,\n"
        "creates and processes sync tasks, probes its storages and runs scheduled tasks, so that paddock(1)\n"
        "has a farm to watch.");
    help.options = options;
    help.sections = { faults(), redis(), scenarios(), behaviour(), exitStatus(), environment(), seeAlso() };
    return help;
}

} // namespace Paddock
