#include "simconfig.h"

#include "logging.h"
#include "simhelp.h"

#include <cmath>
#include <limits>
#include <QCommandLineParser>
#include <QRegularExpression>

namespace Paddock {

namespace {

QString usageOf(FaultEvent::Kind kind)
{
    switch (kind) {
    case FaultEvent::Kind::Silence:
        return QStringLiteral("NAME@T[+D], e.g. web-03@20s or web-03@20+30");
    case FaultEvent::Kind::Slow:
        return QStringLiteral("NAME@T:FACTOR, e.g. web-02@30s:25");
    case FaultEvent::Kind::Outage:
        return QStringLiteral("STORAGE@T+D[:NAME,NAME], e.g. media@40+120:web-01,web-04");
    case FaultEvent::Kind::Skew:
        return QStringLiteral("NAME@T:MS, e.g. web-04@45:3500 or web-04@45:-1200");
    case FaultEvent::Kind::Leave:
        return QStringLiteral("NAME@T, e.g. web-06@90");
    case FaultEvent::Kind::Join:
        return QStringLiteral("T, e.g. 60 or 1m");
    case FaultEvent::Kind::RedisSlow:
        return QStringLiteral("T+D, e.g. 70+10 or 1m10s+10s");
    case FaultEvent::Kind::RedisEvict:
        return QStringLiteral("T, e.g. 110 or 1m50s");
    case FaultEvent::Kind::RedisDrop:
        return QStringLiteral("NAME@T, e.g. web-01@130");
    case FaultEvent::Kind::Lock:
        return QStringLiteral("NAME@T+D, e.g. web-05@95+20");
    case FaultEvent::Kind::LongTransaction:
        return QStringLiteral("T+D, e.g. 30+90 or 30s+1m30s");
    case FaultEvent::Kind::Deploy:
        return QStringLiteral("VERSION@T, e.g. 13.1.0@60");
    case FaultEvent::Kind::CrashDuringRun:
        return QStringLiteral("NAME@T, e.g. web-03@20");
    case FaultEvent::Kind::UnsafeScheduler:
        return QStringLiteral("NAME, e.g. web-02");
    case FaultEvent::Kind::DuplicateName:
        return QStringLiteral("NAME@T, e.g. web-02@50");
    }
    return {};
}

bool validName(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]*$"));
    return pattern.match(name).hasMatch();
}

bool parseNumber(const QString& text, double* value)
{
    bool ok = false;
    *value = text.toDouble(&ok);
    return ok && std::isfinite(*value);
}

} // namespace

QString FaultEvent::optionName(Kind kind)
{
    switch (kind) {
    case Kind::Silence:
        return QStringLiteral("silence");
    case Kind::Slow:
        return QStringLiteral("slow");
    case Kind::Outage:
        return QStringLiteral("outage");
    case Kind::Skew:
        return QStringLiteral("skew");
    case Kind::Leave:
        return QStringLiteral("leave");
    case Kind::Join:
        return QStringLiteral("join");
    case Kind::RedisSlow:
        return QStringLiteral("redis-slow");
    case Kind::RedisEvict:
        return QStringLiteral("redis-evict");
    case Kind::RedisDrop:
        return QStringLiteral("redis-drop");
    case Kind::Lock:
        return QStringLiteral("lock");
    case Kind::LongTransaction:
        return QStringLiteral("long-transaction");
    case Kind::Deploy:
        return QStringLiteral("deploy");
    case Kind::CrashDuringRun:
        return QStringLiteral("crash-during-run");
    case Kind::UnsafeScheduler:
        return QStringLiteral("unsafe-scheduler");
    case Kind::DuplicateName:
        return QStringLiteral("duplicate-name");
    }
    return {};
}

QString FaultEvent::describe() const
{
    switch (kind) {
    case Kind::Silence:
        return QStringLiteral("silence %1%2")
            .arg(target, duration > 0 ? QStringLiteral(" for ") + SimConfig::formatTime(duration) : QString());
    case Kind::Slow:
        return QStringLiteral("slow %1 x%2").arg(target, QString::number(factor, 'g', 6));
    case Kind::Outage:
        return QStringLiteral("outage %1 %2 on %3")
            .arg(target,
                duration > 0 ? QStringLiteral("for ") + SimConfig::formatTime(duration)
                             : QStringLiteral("until the end"),
                instances.isEmpty() ? QStringLiteral("all instances") : instances.join(QStringLiteral(", ")));
    case Kind::Skew:
        return QStringLiteral("skew %1 %2%3 ms").arg(target, skewMs >= 0 ? QStringLiteral("+") : QString()).arg(skewMs);
    case Kind::Leave:
        return QStringLiteral("leave %1").arg(target);
    case Kind::Join:
        return QStringLiteral("join %1").arg(target.isEmpty() ? QStringLiteral("(a new instance)") : target);
    case Kind::RedisSlow:
        return QStringLiteral("redis slow for %1").arg(SimConfig::formatTime(duration));
    case Kind::RedisEvict:
        return QStringLiteral("redis evicts (maxmemory below used memory)");
    case Kind::RedisDrop:
        return QStringLiteral("redis drop %1").arg(target);
    case Kind::Lock:
        return QStringLiteral("lock on %1's deliveries for %2").arg(target, SimConfig::formatTime(duration));
    case Kind::LongTransaction:
        return QStringLiteral("long transaction for %1").arg(SimConfig::formatTime(duration));
    case Kind::Deploy: {
        QString who = instances.join(QStringLiteral(", "));
        if (instances.isEmpty())
            who = QStringLiteral("the running instances");
        else if (instances.size() > 4)
            who = QStringLiteral("%1, %2 … %3 (%4 instances)")
                      .arg(instances.at(0), instances.at(1), instances.constLast())
                      .arg(instances.size());
        return QStringLiteral("deploy %1, restarting %2 one every %3")
            .arg(version, who, SimConfig::formatTime(DeploySpacingS));
    }
    case Kind::CrashDuringRun:
        return QStringLiteral("crash %1 during a scheduled run").arg(target);
    case Kind::UnsafeScheduler:
        return QStringLiteral("unsafe scheduler %1 (runs due tasks without claiming them)").arg(target);
    case Kind::DuplicateName:
        return QStringLiteral("duplicate name %1 (a second process registers under it)").arg(target);
    }
    return {};
}

bool FaultEvent::affects(const QString& instance) const
{
    if (kind == Kind::Outage)
        return instances.isEmpty() || instances.contains(instance);
    if (kind == Kind::Deploy)
        return instances.contains(instance);
    return target == instance;
}

QString SimConfig::scenarioName(Scenario scenario)
{
    return scenario == Scenario::Incident ? QStringLiteral("incident") : QStringLiteral("steady");
}

QString SimConfig::formatTime(double seconds)
{
    return QString::number(seconds, 'g', 10) + QLatin1Char('s');
}

std::optional<double> SimConfig::parseTime(const QString& text)
{
    const QString input = text.trimmed().toLower();
    if (input.isEmpty())
        return std::nullopt;
    static const QRegularExpression bare(QStringLiteral("^(\\d+(\\.\\d*)?|\\.\\d+)$"));
    if (bare.match(input).hasMatch())
        return input.toDouble();
    // One or more NUMBER UNIT pairs, as in 1m30s.
    static const QRegularExpression part(QStringLiteral("(\\d+(?:\\.\\d*)?|\\.\\d+)(ms|s|min|m|h)"));
    double total = 0;
    qsizetype position = 0;
    auto matches = part.globalMatch(input);
    while (matches.hasNext()) {
        const auto match = matches.next();
        if (match.capturedStart() != position)
            return std::nullopt;
        position = match.capturedEnd();
        const double value = match.captured(1).toDouble();
        const QString unit = match.captured(2);
        if (unit == QLatin1String("ms"))
            total += value / 1000.0;
        else if (unit == QLatin1String("s"))
            total += value;
        else if (unit == QLatin1String("m") || unit == QLatin1String("min"))
            total += value * 60.0;
        else
            total += value * 3600.0;
    }
    if (position != input.size())
        return std::nullopt;
    return total;
}

namespace {

QString notATime(const QString& text)
{
    return QStringLiteral("\"%1\" is not a time (use 90, 90s, 2m, 1m30s or 1.5)").arg(text);
}

// The spec of --join and --redis-evict, T alone, into *event; what is wrong with it, if anything.
std::optional<QString> readTime(const QString& spec, FaultEvent* event)
{
    const auto at = SimConfig::parseTime(spec);
    if (!at)
        return notATime(spec);
    event->at = *at;
    return std::nullopt;
}

// Splits what follows '@', T[+D][:ARGUMENT], into *rest (T[+D]) and *argument (null without ':').
std::optional<QString> splitArgument(FaultEvent::Kind kind, const QString& expected, QString* rest, QString* argument)
{
    const qsizetype colon = rest->indexOf(QLatin1Char(':'));
    const bool needsArgument = kind == FaultEvent::Kind::Slow || kind == FaultEvent::Kind::Skew;
    if (colon >= 0) {
        if (kind == FaultEvent::Kind::Silence || kind == FaultEvent::Kind::Leave || kind == FaultEvent::Kind::RedisDrop
            || kind == FaultEvent::Kind::Lock || kind == FaultEvent::Kind::CrashDuringRun
            || kind == FaultEvent::Kind::DuplicateName)
            return expected;
        *argument = rest->mid(colon + 1);
        *rest = rest->left(colon);
        if (argument->isEmpty())
            return expected;
    } else if (needsArgument) {
        return expected;
    }
    return std::nullopt;
}

// T[+D] into event->at and event->duration.
std::optional<QString> readTimes(
    FaultEvent::Kind kind, const QString& expected, const QString& times, FaultEvent* event)
{
    QString timeText = times;
    const qsizetype plus = times.indexOf(QLatin1Char('+'));
    const bool needsDuration = kind == FaultEvent::Kind::RedisSlow || kind == FaultEvent::Kind::Lock
        || kind == FaultEvent::Kind::LongTransaction;
    if (plus < 0 && needsDuration)
        return expected;
    if (plus >= 0) {
        if (kind != FaultEvent::Kind::Silence && kind != FaultEvent::Kind::Outage && !needsDuration)
            return expected;
        timeText = times.left(plus);
        const QString durationText = times.mid(plus + 1);
        const auto duration = SimConfig::parseTime(durationText);
        if (!duration)
            return notATime(durationText);
        if (*duration <= 0)
            return QStringLiteral("the duration must be longer than 0");
        event->duration = *duration;
    }
    const auto at = SimConfig::parseTime(timeText);
    if (!at)
        return notATime(timeText);
    event->at = *at;
    return std::nullopt;
}

// The ARGUMENT after ':': the factor of --slow, the milliseconds of --skew, the instances of --outage.
std::optional<QString> readArgument(const QString& expected, const QString& argument, FaultEvent* event)
{
    switch (event->kind) {
    case FaultEvent::Kind::Slow:
        if (!parseNumber(argument, &event->factor) || event->factor <= 0 || event->factor > 10000)
            return QStringLiteral("the factor \"%1\" must be a number above 0 and at most 10000").arg(argument);
        break;
    case FaultEvent::Kind::Skew: {
        static const QRegularExpression pattern(QStringLiteral("^([+-]?\\d+)(ms)?$"));
        const auto match = pattern.match(argument);
        bool ok = false;
        const qint64 ms = match.hasMatch() ? match.captured(1).toLongLong(&ok) : 0;
        if (!ok || std::abs(ms) > 86'400'000)
            return QStringLiteral("the skew \"%1\" must be whole milliseconds within a day, e.g. 3500 or -1200")
                .arg(argument);
        event->skewMs = int(ms);
        break;
    }
    case FaultEvent::Kind::Outage:
        if (!argument.isNull()) {
            for (const QString& name : argument.split(QLatin1Char(','))) {
                if (!validName(name))
                    return QStringLiteral("\"%1\" is not a valid instance name; %2").arg(name, expected);
                if (!event->instances.contains(name))
                    event->instances.append(name);
            }
        }
        break;
    default:
        break;
    }
    return std::nullopt;
}

// The spec of --redis-slow and --long-transaction, T+D, into *event: the whole server, so no NAME@,
// and D is required.
std::optional<QString> readSpan(const QString& spec, FaultEvent* event)
{
    const QString expected = QStringLiteral("expected %1").arg(usageOf(event->kind));
    if (spec.contains(QLatin1Char('@')) || spec.contains(QLatin1Char(':')))
        return expected;
    return readTimes(event->kind, expected, spec, event);
}

// The spec of --deploy, VERSION@T, into *event.
std::optional<QString> readDeploy(const QString& spec, FaultEvent* event)
{
    const QString expected = QStringLiteral("expected %1").arg(usageOf(event->kind));
    const qsizetype atSign = spec.indexOf(QLatin1Char('@'));
    if (atSign < 0)
        return expected;
    event->version = spec.left(atSign);
    if (!validName(event->version))
        return QStringLiteral("\"%1\" is not a valid version; %2").arg(event->version, expected);
    return readTime(spec.mid(atSign + 1), event);
}

// The spec of --unsafe-scheduler, NAME alone (from the start), into *event.
std::optional<QString> readName(const QString& spec, FaultEvent* event)
{
    if (!validName(spec))
        return QStringLiteral("\"%1\" is not a valid instance name; expected %2").arg(spec, usageOf(event->kind));
    event->target = spec;
    return std::nullopt;
}

// The spec NAME@T[+D][:ARGUMENT] of the faults on an instance or a storage into *event (its kind set).
std::optional<QString> readSpec(const QString& spec, FaultEvent* event)
{
    const FaultEvent::Kind kind = event->kind;
    const QString expected = QStringLiteral("expected %1").arg(usageOf(kind));
    const qsizetype atSign = spec.indexOf(QLatin1Char('@'));
    if (atSign < 0)
        return expected;
    event->target = spec.left(atSign);
    if (!validName(event->target))
        return QStringLiteral("\"%1\" is not a valid %2 name; %3")
            .arg(event->target,
                kind == FaultEvent::Kind::Outage ? QStringLiteral("storage") : QStringLiteral("instance"), expected);
    QString rest = spec.mid(atSign + 1);
    QString argument;
    if (auto problem = splitArgument(kind, expected, &rest, &argument))
        return problem;
    if (auto problem = readTimes(kind, expected, rest, event))
        return problem;
    return readArgument(expected, argument, event);
}

QCommandLineOption hidden(QCommandLineOption option)
{
    option.setFlags(QCommandLineOption::HiddenFromHelp);
    return option;
}

// The options of the command line, in the order --help lists them.
struct Options {
    QCommandLineOption help { { QStringLiteral("h"), QStringLiteral("help") }, QStringLiteral("Show this help.") };
    QCommandLineOption version { QStringLiteral("version"), QStringLiteral("Show the version.") };
    // What paddock-sim(1) is built from at build time; not for users, so not in --help.
    QCommandLineOption manual
        = hidden(QCommandLineOption(QStringLiteral("man"), QStringLiteral("Print the manual page (roff) and exit.")));
    QCommandLineOption connect { { QStringLiteral("c"), QStringLiteral("connect") },
        QStringLiteral("libpq connection string or URI (default: the PG* environment)."), QStringLiteral("conninfo") };
    QCommandLineOption controlConnect { QStringLiteral("control-connect"),
        QStringLiteral("The login of --lock, --long-transaction and --unsafe-scheduler's writes, an administrator's "
                       "(default: --connect): the instances' own login may not lock what they wait on."),
        QStringLiteral("conninfo") };
    QCommandLineOption redis { QStringLiteral("redis"),
        QStringLiteral("Keep every instance's cache in Redis: redis://[user@]host[:port][/db], the password "
                       "in REDISCLI_AUTH; see below."),
        QStringLiteral("URL") };
    QCommandLineOption instances { { QStringLiteral("n"), QStringLiteral("instances") },
        QStringLiteral("Instances at the start (default 6)."), QStringLiteral("N"), QStringLiteral("6") };
    QCommandLineOption zones { QStringLiteral("zones"), QStringLiteral("Zones zone-a, zone-b, … (default 2)."),
        QStringLiteral("Z"), QStringLiteral("2") };
    QCommandLineOption storages { QStringLiteral("storages"),
        QStringLiteral("Shared storages (default 2: media, attachments)."), QStringLiteral("S"), QStringLiteral("2") };
    QCommandLineOption taskRate { QStringLiteral("task-rate"),
        QStringLiteral("Tasks per second across the farm, Poisson arrivals, mixed types (default 20)."),
        QStringLiteral("R"), QStringLiteral("20") };
    QCommandLineOption heartbeat { QStringLiteral("heartbeat-interval"),
        QStringLiteral("Seconds between heartbeats (default 2)."), QStringLiteral("seconds"), QStringLiteral("2") };
    QCommandLineOption poll { QStringLiteral("poll-interval"),
        QStringLiteral("Seconds between polls for deliveries (default 1)."), QStringLiteral("seconds"),
        QStringLiteral("1") };
    QCommandLineOption duration { { QStringLiteral("d"), QStringLiteral("duration") },
        QStringLiteral("Stop after this long (default 0: until Ctrl+C or SIGTERM)."), QStringLiteral("seconds"),
        QStringLiteral("0") };
    QCommandLineOption seed { QStringLiteral("seed"),
        QStringLiteral("Seed of every random choice (default: a random one, printed)."), QStringLiteral("N") };
    QCommandLineOption scenario { QStringLiteral("scenario"),
        QStringLiteral("steady (default) or incident, see below."), QStringLiteral("name"), QStringLiteral("steady") };
    QCommandLineOption logLevel { QStringLiteral("log-level"),
        QStringLiteral("trace, debug, info (default), warn, error or off; PADDOCK_LOG_LEVEL when not given."),
        QStringLiteral("level"), QStringLiteral("info") };
    QCommandLineOption dryRun { QStringLiteral("dry-run"),
        QStringLiteral("Print the plan (instances, storages, faults, first tasks) and exit without connecting.") };
    QCommandLineOption silence { QStringLiteral("silence"), QStringLiteral("Hang an instance."),
        QStringLiteral("NAME@T[+D]") };
    QCommandLineOption slow { QStringLiteral("slow"), QStringLiteral("Slow an instance down."),
        QStringLiteral("NAME@T:F") };
    QCommandLineOption outage { QStringLiteral("outage"), QStringLiteral("Fail a storage."),
        QStringLiteral("STORAGE@T+D[:NAME,…]") };
    QCommandLineOption skew { QStringLiteral("skew"), QStringLiteral("Skew an instance's clock."),
        QStringLiteral("NAME@T:MS") };
    QCommandLineOption leave { QStringLiteral("leave"), QStringLiteral("Stop an instance gracefully."),
        QStringLiteral("NAME@T") };
    QCommandLineOption join { QStringLiteral("join"), QStringLiteral("Add an instance."), QStringLiteral("T") };
    QCommandLineOption redisSlow { QStringLiteral("redis-slow"), QStringLiteral("Make Redis answer slowly."),
        QStringLiteral("T+D") };
    QCommandLineOption redisEvict { QStringLiteral("redis-evict"),
        QStringLiteral("Lower Redis's maxmemory below its used memory."), QStringLiteral("T") };
    QCommandLineOption redisDrop { QStringLiteral("redis-drop"),
        QStringLiteral("Close an instance's Redis connections for good."), QStringLiteral("NAME@T") };
    QCommandLineOption lock { QStringLiteral("lock"),
        QStringLiteral("Hold row locks an instance's deliveries wait on."), QStringLiteral("NAME@T+D") };
    QCommandLineOption longTransaction { QStringLiteral("long-transaction"),
        QStringLiteral("Keep a transaction open, idle."), QStringLiteral("T+D") };
    QCommandLineOption deploy { QStringLiteral("deploy"),
        QStringLiteral("Restart the instances one by one on a new version."), QStringLiteral("VERSION@T") };
    QCommandLineOption crashDuringRun { QStringLiteral("crash-during-run"),
        QStringLiteral("Hang an instance during a scheduled run."), QStringLiteral("NAME@T") };
    QCommandLineOption unsafeScheduler { QStringLiteral("unsafe-scheduler"),
        QStringLiteral("Run scheduled tasks without claiming them."), QStringLiteral("NAME") };
    QCommandLineOption duplicateName { QStringLiteral("duplicate-name"),
        QStringLiteral("Start a second process under an instance's name."), QStringLiteral("NAME@T") };

    QList<QCommandLineOption> all() const
    {
        return { help, version, manual, connect, controlConnect, redis, instances, zones, storages, taskRate, heartbeat,
            poll, duration, seed, scenario, logLevel, dryRun, silence, slow, outage, skew, leave, join, redisSlow,
            redisEvict, redisDrop, lock, longTransaction, deploy, crashDuringRun, unsafeScheduler, duplicateName };
    }
};

// --instances, --zones, --storages, --task-rate and the intervals into *config.
bool readFigures(const QCommandLineParser& parser, const Options& options, SimConfig* config, QString* error)
{
    auto integer = [&parser](const QCommandLineOption& option, int low, int high, int* value) {
        bool ok = false;
        *value = parser.value(option).toInt(&ok);
        return ok && *value >= low && *value <= high;
    };
    auto seconds = [&parser](const QCommandLineOption& option, double low, double* value) {
        const auto parsed = SimConfig::parseTime(parser.value(option));
        if (!parsed || *parsed < low)
            return false;
        *value = *parsed;
        return true;
    };
    if (!integer(options.instances, 1, 500, &config->instances))
        *error = QStringLiteral("--instances must be a whole number from 1 to 500");
    else if (!integer(options.zones, 1, 26, &config->zones))
        *error = QStringLiteral("--zones must be a whole number from 1 to 26");
    else if (!integer(options.storages, 0, 8, &config->storages))
        *error = QStringLiteral("--storages must be a whole number from 0 to 8");
    else if (!parseNumber(parser.value(options.taskRate), &config->taskRate) || config->taskRate < 0
        || config->taskRate > 100000)
        *error = QStringLiteral("--task-rate must be a number of tasks per second from 0 to 100000");
    else if (!seconds(options.heartbeat, 0.05, &config->heartbeatInterval))
        *error = QStringLiteral("--heartbeat-interval must be a time of at least 0.05 s, e.g. 2 or 0.5");
    else if (!seconds(options.poll, 0.01, &config->pollInterval))
        *error = QStringLiteral("--poll-interval must be a time of at least 0.01 s, e.g. 1 or 0.2");
    else if (!seconds(options.duration, 0, &config->duration))
        *error = QStringLiteral("--duration must be a time, e.g. 70, 2m or 0 for until stopped");
    else
        return true;
    return false;
}

// --seed, --scenario and --log-level into *config.
bool readChoices(const QCommandLineParser& parser, const Options& options, SimConfig* config, QString* error)
{
    if (parser.isSet(options.seed)) {
        bool ok = false;
        config->seed = parser.value(options.seed).toULongLong(&ok);
        if (!ok) {
            *error
                = QStringLiteral("--seed must be a whole number from 0 to %1").arg(std::numeric_limits<quint64>::max());
            return false;
        }
        config->seedGiven = true;
    }
    const QString scenario = parser.value(options.scenario);
    if (scenario == QLatin1String("steady")) {
        config->scenario = SimConfig::Scenario::Steady;
    } else if (scenario == QLatin1String("incident")) {
        config->scenario = SimConfig::Scenario::Incident;
    } else {
        *error = QStringLiteral("unknown scenario \"%1\" (use steady or incident)").arg(scenario);
        return false;
    }
    return Log::chooseLevel(parser.isSet(options.logLevel) ? parser.value(options.logLevel) : QString(),
        spdlog::level::info, &config->logLevel, error);
}

// The faults on demand, by option in the order of the usage and then in the order given.
bool readFaults(const QCommandLineParser& parser, const Options& options, QList<FaultEvent>* faults, QString* error)
{
    const std::pair<const QCommandLineOption*, FaultEvent::Kind> faultOptions[] = {
        { &options.silence, FaultEvent::Kind::Silence },
        { &options.slow, FaultEvent::Kind::Slow },
        { &options.outage, FaultEvent::Kind::Outage },
        { &options.skew, FaultEvent::Kind::Skew },
        { &options.leave, FaultEvent::Kind::Leave },
        { &options.join, FaultEvent::Kind::Join },
        { &options.redisSlow, FaultEvent::Kind::RedisSlow },
        { &options.redisEvict, FaultEvent::Kind::RedisEvict },
        { &options.redisDrop, FaultEvent::Kind::RedisDrop },
        { &options.lock, FaultEvent::Kind::Lock },
        { &options.longTransaction, FaultEvent::Kind::LongTransaction },
        { &options.deploy, FaultEvent::Kind::Deploy },
        { &options.crashDuringRun, FaultEvent::Kind::CrashDuringRun },
        { &options.unsafeScheduler, FaultEvent::Kind::UnsafeScheduler },
        { &options.duplicateName, FaultEvent::Kind::DuplicateName },
    };
    for (const auto& [option, kind] : faultOptions) {
        const QStringList specs = parser.values(*option);
        for (const QString& spec : specs) {
            const auto event = SimConfig::parseFault(kind, spec, error);
            if (!event)
                return false;
            faults->append(*event);
        }
    }
    return true;
}

} // namespace

std::optional<FaultEvent> SimConfig::parseFault(FaultEvent::Kind kind, const QString& spec, QString* error)
{
    const QString option = QStringLiteral("--") + FaultEvent::optionName(kind);
    FaultEvent event;
    event.kind = kind;
    event.spec = option + QLatin1Char(' ') + spec;
    std::optional<QString> problem;
    if (kind == FaultEvent::Kind::Join || kind == FaultEvent::Kind::RedisEvict)
        problem = readTime(spec, &event);
    else if (kind == FaultEvent::Kind::RedisSlow || kind == FaultEvent::Kind::LongTransaction)
        problem = readSpan(spec, &event);
    else if (kind == FaultEvent::Kind::Deploy)
        problem = readDeploy(spec, &event);
    else if (kind == FaultEvent::Kind::UnsafeScheduler)
        problem = readName(spec, &event);
    else
        problem = readSpec(spec, &event);
    if (problem) {
        *error = QStringLiteral("%1 %2: %3").arg(option, spec, *problem);
        return std::nullopt;
    }
    return event;
}

SimConfig SimConfig::parse(const QStringList& arguments)
{
    SimConfig config;
    const Options options;
    QCommandLineParser parser;
    const ProgramHelp help = simulatorHelp(options.all());
    parser.setApplicationDescription(help.description);
    parser.addOptions(options.all());

    config.helpText = parser.helpText() + QLatin1Char('\n') + help.helpText() + QLatin1Char('\n');
    auto fail = [&config](const QString& message) {
        config.mode = Mode::Error;
        config.error = message;
        return config;
    };
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(options.help)) {
        config.mode = Mode::Help;
        return config;
    }
    if (parser.isSet(options.version)) {
        config.mode = Mode::Version;
        return config;
    }
    if (parser.isSet(options.manual)) {
        config.mode = Mode::Manual;
        config.manualPage = help.manPage(QStringLiteral(PADDOCK_VERSION));
        return config;
    }
    if (!parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().constFirst()));

    QString error;
    if (!readFigures(parser, options, &config, &error) || !readChoices(parser, options, &config, &error))
        return fail(error);
    config.connect = parser.value(options.connect);
    config.controlConnect = parser.value(options.controlConnect);
    if (parser.isSet(options.redis)) {
        config.redis = RedisAddress::parse(parser.value(options.redis), &error);
        if (!config.redis)
            return fail(QStringLiteral("--redis: ") + error);
    }
    if (!readFaults(parser, options, &config.faults, &error))
        return fail(error);
    for (const FaultEvent& event : std::as_const(config.faults)) {
        if (event.isRedis() && !config.redis)
            return fail(QStringLiteral("%1 needs --redis URL").arg(event.spec));
    }
    config.mode = parser.isSet(options.dryRun) ? Mode::DryRun : Mode::Run;
    return config;
}

} // namespace Paddock
