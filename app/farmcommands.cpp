#include "farmcommands.h"

#include "displayformat.h"
#include "engine.h"
#include "farmreader.h"
#include "flushreach.h"
#include "logging.h"
#include "pgconnection.h"
#include "pgerror.h"
#include "recording.h"
#include "redismonitor.h"
#include "reporttext.h"
#include "schemamigrator.h"
#include "settings.h"
#include "signalwatcher.h"
#include "terminalprompt.h"

#include <future>
#include <optional>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QSet>
#include <QTextStream>
#include <QTimer>
#include <unistd.h>

namespace Paddock {

namespace {

enum ExitStatus { Ok = 0, Warning = 1, Critical = 2, Unknown = 3 };

std::function<QString(const QString&)> terminalPrompt()
{
    if (!::isatty(STDIN_FILENO))
        return {};
    return [](const QString& prompt) { return askPasswordOnTerminal(prompt); };
}

// The engine's prompt: it gives up when the engine closes (Ctrl+C quits the event loop).
std::function<QString(const QString&, const PgInterrupt&)> engineTerminalPrompt()
{
    if (!::isatty(STDIN_FILENO))
        return {};
    return [](const QString& prompt, const PgInterrupt& interrupt) { return askPasswordOnTerminal(prompt, interrupt); };
}

ConnectOptions monitorOptions(const Settings& settings)
{
    ConnectOptions options;
    options.applicationName = QStringLiteral("paddock");
    options.readOnly = true;
    options.statementTimeoutMs = settings.statementTimeoutMs();
    options.passwordPrompt = terminalPrompt();
    return options;
}

QTextStream& err()
{
    static QTextStream stream(stderr);
    return stream;
}

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

// Connects and checks that the schema is one this Paddock reads; prints why not.
bool openFarm(const QString& conninfo, const Settings& settings, PgConnection* connection)
{
    try {
        *connection = PgConnection::open(conninfo, monitorOptions(settings));
    } catch (const PgError& error) {
        err() << "paddock: cannot connect to " << PgConnection::redact(conninfo) << ": " << error.message() << Qt::endl;
        return false;
    }
    try {
        const SchemaStatus status = SchemaMigrator(*connection).inspect();
        if (status.state != SchemaStatus::State::Current) {
            err() << "paddock: " << status.describe() << Qt::endl;
            return false;
        }
    } catch (const PgError& error) {
        err() << "paddock: cannot read the webfarm schema: " << error.fullMessage() << Qt::endl;
        return false;
    }
    return true;
}

} // namespace

// The snapshot a recording held at --at: the same figures, keys and exit status as a live report.
int reportFromRecording(const CommandLine& commandLine)
{
    QString error;
    const std::unique_ptr<Recording> recording
        = Recording::open(commandLine.recording, Recording::Mode::ReadOnly, &error, Recording::Check::Full);
    if (!recording) {
        err() << "paddock: " << error << Qt::endl;
        return Unknown;
    }
    const RecordingInfo info = recording->info();
    QDateTime at;
    if (!commandLine.at.isEmpty()) {
        at = Recording::parseTime(commandLine.at, info.last);
        if (!at.isValid()) {
            err() << "paddock: --at \"" << commandLine.at
                  << "\" is not a time: use ISO 8601 (2026-11-22T03:14:05Z) or -15m, -90s, -2h" << Qt::endl;
            return Unknown;
        }
        if (info.first.isValid() && at < info.first) {
            err() << "paddock: " << at.toString(Qt::ISODateWithMs) << " is before the recording, which starts at "
                  << info.first.toString(Qt::ISODateWithMs) << Qt::endl;
            return Unknown;
        }
    }
    const std::optional<RecordedSnapshot> recorded = recording->snapshotAt(at, &error);
    if (!recorded) {
        err() << "paddock: " << commandLine.recording << ": " << error << Qt::endl;
        return Unknown;
    }
    const DataSource source { QStringLiteral("recording"),
        std::max(0.0, recorded->snapshot.generatedAt.msecsTo(QDateTime::currentDateTimeUtc()) / 1000.0) };
    if (commandLine.json)
        out() << QJsonDocument(recorded->snapshot.toJson(source)).toJson(QJsonDocument::Indented);
    else
        out() << "Recorded by " << terminalSafe(info.farm.isEmpty() ? QStringLiteral("paddock") : info.farm) << " in "
              << commandLine.recording << '\n'
              << formatReport(recorded->snapshot);
    out().flush();
    return recorded->snapshot.exitStatus();
}

// `report`'s look at the Redis: a few samples a quarter of a second apart (a one-shot command has
// no window to wait for), taken on a thread of their own while the database is read.
constexpr int ReportRedisSamples = 5;
constexpr int ReportRedisIntervalMs = 250;

std::future<QList<RedisSample>> sampleRedis(const CommandLine& commandLine, const Settings& settings)
{
    if (commandLine.redis.isEmpty())
        return {};
    QString error;
    RedisMonitor::Options options;
    options.address = *RedisAddress::parse(commandLine.redis, &error); // checked by CommandLine::parse
    options.channelPattern = settings.engineSettings(QString()).redisChannelPattern;
    options.password = qEnvironmentVariable("REDISCLI_AUTH");
    options.prompt = engineTerminalPrompt();
    options.intervalMs = ReportRedisIntervalMs;
    options.deadlineMs = settings.engineSettings(QString()).deadlineMs();
    return std::async(std::launch::async, [options] { return sampleRedisFor(options, ReportRedisSamples); });
}

// The Redis figures of the samples, put into the snapshot with their effect on the instances.
void addRedis(FarmSnapshot& snapshot, const CommandLine& commandLine, std::future<QList<RedisSample>>& samples)
{
    if (!samples.valid())
        return;
    QString error;
    const RedisAddress address = *RedisAddress::parse(commandLine.redis, &error);
    Redis::apply(snapshot,
        Redis::figures(address.display(), samples.get(), snapshot.windowS, QDateTime::currentMSecsSinceEpoch(),
            Redis::runningInstances(snapshot)));
}

int runReportCommand(const CommandLine& commandLine, const Settings& settings)
{
    if (!commandLine.recording.isEmpty())
        return reportFromRecording(commandLine);
    std::future<QList<RedisSample>> redisSamples = sampleRedis(commandLine, settings);
    PgConnection connection;
    if (!openFarm(
            commandLine.readConnect.isEmpty() ? commandLine.connect : commandLine.readConnect, settings, &connection))
        return Unknown;
    const int window = commandLine.windowS > 0 ? commandLine.windowS : settings.windowS();
    FarmReader reader(window);
    try {
        reader.refresh(connection);
    } catch (const PgError& error) {
        err() << "paddock: reading the farm failed: " << error.fullMessage() << Qt::endl;
        return Unknown;
    }
    FarmSnapshot snapshot = Figures::compute(reader.data(), window, settings.thresholds());
    addRedis(snapshot, commandLine, redisSamples);
    // A standby whose replay is further behind than a read may take cannot tell how the farm is now.
    const int deadlineMs = settings.engineSettings(QString()).deadlineMs();
    const bool behind = snapshot.replayLagMs.value_or(0) > deadlineMs;
    if (behind)
        err() << "paddock: the standby is " << Format::duration(double(*snapshot.replayLagMs) / 1000.0)
              << " behind its primary: the figures are as old as that" << Qt::endl;
    if (commandLine.json)
        out() << QJsonDocument(snapshot.toJson()).toJson(QJsonDocument::Indented);
    else
        out() << formatReport(snapshot);
    out().flush();
    return behind ? Unknown : snapshot.exitStatus();
}

int runWatchCommand(const CommandLine& commandLine, const Settings& settings)
{
    EngineSettings engineSettings = settings.engineSettings(commandLine.connect);
    if (commandLine.intervalS > 0)
        engineSettings.pollIntervalMs = int(commandLine.intervalS * 1000);
    if (commandLine.windowS > 0)
        engineSettings.windowS = commandLine.windowS;
    engineSettings.passwordPrompt = engineTerminalPrompt();
    engineSettings.recordingPath = commandLine.record;
    engineSettings.readConninfo = commandLine.readConnect;
    engineSettings.redisUrl = commandLine.redis;
    engineSettings.keepHistory = false; // lines of figures, no charts

    Engine engine(engineSettings);
    SignalWatcher signals;
    QObject::connect(&signals, &SignalWatcher::interrupted, qApp, [] { QCoreApplication::quit(); });
    int status = Ok;
    if (!commandLine.record.isEmpty()) {
        // A recording that cannot be written is the one thing asked for: stop rather than watch without it.
        QObject::connect(&engine, &Engine::recordingChanged, qApp, [&status](const RecordingInfo& info) {
            if (info.writing || info.error.isEmpty())
                return;
            err() << "paddock: not recording: " << info.error << Qt::endl;
            status = Unknown;
            QCoreApplication::quit();
        });
    }
    QObject::connect(&engine, &Engine::updated, qApp, [](const EngineUpdate& update) {
        out() << QJsonDocument(update.snapshot.toJson()).toJson(QJsonDocument::Compact) << '\n';
        out().flush();
    });
    // One line on stderr for every change of state, stamped with the time it is printed.
    QObject::connect(&engine, &Engine::connectionStateChanged, qApp, [](const ConnectionState& state) {
        err() << "paddock: " << QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) << " " << state.stateName();
        if (!state.target.isEmpty())
            err() << " " << state.target;
        if (state.state == ConnectionState::State::Connected)
            err() << (state.notifications ? " (notifications on)" : " (polling)");
        if (state.isLost())
            err() << " since " << state.since.toString(Qt::ISODateWithMs) << ": " << terminalSafe(state.error)
                  << "; attempt " << state.attempt << " in " << state.retryInMs << " ms";
        err() << Qt::endl;
    });
    QObject::connect(&engine, &Engine::resynced, qApp,
        [](const QString& reason) { err() << "paddock: resync: " << terminalSafe(reason) << Qt::endl; });
    QObject::connect(&engine, &Engine::refreshFailed, qApp,
        [](const QString& error) { err() << "paddock: refresh failed: " << terminalSafe(error) << Qt::endl; });
    engine.start();
    QCoreApplication::exec();
    return status;
}

namespace {

// The flush the command line asks for, its instance names resolved; an exit status instead when
// it cannot be requested (an unknown name, nobody to reach, no database).
std::optional<int> resolveFlushOrder(const CommandLine& commandLine, PgConnection& connection, FlushOrder* order)
{
    order->scope = commandLine.flushScope;
    order->cacheKeys = commandLine.flushKeys;
    order->reason = commandLine.reason;
    try {
        const PgResult result = connection.exec(
            QStringLiteral("SELECT id, name, enabled, stopped_at IS NOT NULL FROM webfarm.server ORDER BY name"));
        QList<ServerRow> servers;
        QHash<QString, qint64> ids;
        for (int r = 0; r < result.rows(); ++r) {
            ServerRow server;
            server.id = result.integer(r, 0).value_or(0);
            server.name = result.text(r, 1);
            server.enabled = result.boolean(r, 2).value_or(true);
            if (result.boolean(r, 3).value_or(false))
                server.stoppedAt = QDateTime::currentDateTimeUtc(); // only whether it is set counts here
            servers.append(server);
            ids.insert(server.name, server.id);
        }
        if (order->scope == QLatin1String("servers")) {
            QStringList unknown;
            for (const QString& name : commandLine.flushServers) {
                if (ids.contains(name))
                    order->serverIds.append(ids.value(name));
                else
                    unknown.append(name);
            }
            if (!unknown.isEmpty()) {
                QStringList known = ids.keys();
                known.sort();
                err() << "paddock: no instance named " << terminalSafe(unknown.join(QStringLiteral(", ")))
                      << "; the farm has " << terminalSafe(known.join(QStringLiteral(", "))) << Qt::endl;
                return Critical;
            }
        }
        // A flush that reaches nobody is not a success: nothing is requested, and the exit says so.
        if (const QString nobody = noFlushTargetText(servers, *order); !nobody.isEmpty()) {
            err() << "paddock: " << terminalSafe(nobody) << Qt::endl;
            return Warning;
        }
    } catch (const PgError& error) {
        err() << "paddock: " << error.fullMessage() << Qt::endl;
        return Unknown;
    }
    return std::nullopt;
}

// Prints a flush's acknowledgements as they come, each once, and its summary.
class FlushPrinter {
public:
    void progress(const FlushProgress& progress)
    {
        if (!m_announced) {
            out() << "flush " << progress.request.id << " requested by " << terminalSafe(progress.request.requestedBy)
                  << ": " << progress.targets << " target" << (progress.targets == 1 ? "" : "s")
                  << " (reason: " << terminalSafe(progress.request.reason) << ")" << Qt::endl;
            m_announced = true;
        }
        for (const FlushTargetProgress& target : progress.perTarget) {
            if (target.state == FlushTargetProgress::State::Pending || m_reported.contains(target.serverId))
                continue;
            m_reported.insert(target.serverId);
            if (target.state == FlushTargetProgress::State::Acknowledged)
                out() << "  " << terminalSafe(target.serverName) << " acknowledged in "
                      << Format::milliseconds(target.ackMs) << Qt::endl;
            else
                out() << "  " << terminalSafe(target.serverName) << " FAILED after "
                      << Format::milliseconds(target.ackMs) << ": " << terminalSafe(target.error) << Qt::endl;
        }
    }

    static void summary(const FlushProgress& progress)
    {
        out() << "flush " << progress.request.id << ": " << progress.acknowledged << " acknowledged, "
              << progress.failed << " failed, " << progress.pending << " pending";
        if (progress.slowestAckMs)
            out() << ", slowest " << Format::milliseconds(progress.slowestAckMs);
        out() << Qt::endl;
        for (const FlushTargetProgress& target : progress.perTarget) {
            if (target.state == FlushTargetProgress::State::Pending)
                out() << "  " << terminalSafe(target.serverName) << " still pending after "
                      << Format::duration(target.pendingForS) << Qt::endl;
        }
    }

private:
    bool m_announced = false;
    QSet<qint64> m_reported;
};

const FlushProgress* findFlush(const EngineUpdate& update, qint64 flushId)
{
    for (const FlushProgress& progress : update.snapshot.flushes) {
        if (progress.request.id == flushId)
            return &progress;
    }
    return nullptr;
}

} // namespace

int runFlushCommand(const CommandLine& commandLine, const Settings& settings)
{
    PgConnection connection;
    if (!openFarm(commandLine.connect, settings, &connection))
        return Unknown;
    FlushOrder order;
    if (const std::optional<int> stop = resolveFlushOrder(commandLine, connection, &order))
        return *stop;
    connection.close();
    // Fast polls: the acknowledgements are what the user waits for.
    EngineSettings engineSettings = settings.engineSettings(commandLine.connect);
    engineSettings.pollIntervalMs = 250;
    engineSettings.keepHistory = false;
    engineSettings.passwordPrompt = engineTerminalPrompt();
    Engine engine(engineSettings);
    SignalWatcher signals;
    int status = Unknown;
    qint64 flushId = 0;
    FlushPrinter printer;
    QTimer deadline;
    deadline.setSingleShot(true);
    auto finish = [&status](int exitStatus) {
        status = exitStatus;
        QCoreApplication::quit();
    };

    QObject::connect(&signals, &SignalWatcher::interrupted, qApp, [&] {
        if (const FlushProgress* progress = findFlush(engine.lastUpdate(), flushId))
            FlushPrinter::summary(*progress);
        finish(Warning);
    });
    QObject::connect(
        &engine, &Engine::flushDone, qApp, [&](int, qint64 id, const QString& error, bool connectionFailed) {
            if (!error.isEmpty()) {
                err() << "paddock: " << terminalSafe(error) << Qt::endl;
                finish(connectionFailed ? Unknown : Critical);
                return;
            }
            flushId = id;
            if (commandLine.waitS > 0)
                deadline.start(int(commandLine.waitS * 1000));
        });
    QObject::connect(&engine, &Engine::updated, qApp, [&](const EngineUpdate& update) {
        const FlushProgress* progress = flushId ? findFlush(update, flushId) : nullptr;
        if (!progress)
            return;
        if (progress->targets == 0) {
            // Every target stopped between the check and the request.
            err() << "paddock: flush " << progress->request.id << " reached no instance: every target stopped or "
                  << "was disabled meanwhile" << Qt::endl;
            finish(Warning);
            return;
        }
        if (commandLine.waitS <= 0) {
            printer.progress(*progress);
            finish(Ok);
            return;
        }
        printer.progress(*progress);
        if (progress->done()) {
            FlushPrinter::summary(*progress);
            finish(progress->failed > 0 ? Warning : Ok);
        }
    });
    QObject::connect(&deadline, &QTimer::timeout, qApp, [&] {
        if (const FlushProgress* progress = findFlush(engine.lastUpdate(), flushId)) {
            printer.progress(*progress);
            FlushPrinter::summary(*progress);
        }
        finish(Warning);
    });
    QObject::connect(&engine, &Engine::connectionStateChanged, qApp, [&](const ConnectionState& state) {
        if (state.isLost())
            err() << "paddock: " << state.stateName() << " (" << terminalSafe(state.error) << "); retrying" << Qt::endl;
    });

    engine.start();
    engine.requestFlush(order);
    QCoreApplication::exec();
    return status;
}

} // namespace Paddock
