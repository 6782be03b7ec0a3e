// What the window costs the GUI thread: the real MainWindow, fed engine updates from a synthetic
// farm (bench/syntheticfarm.h) at the engine's fastest pace, four a second, with no database. A
// second thread makes the updates, as the engine's does; the GUI thread only takes them.
//
//   paddock-bench-window --instances N [--seconds S] [--history-minutes M] [--tab TITLE] [--screenshot FILE]
//                        [--redis 0] [--database 0]
//       (M farm minutes fed at once before the run fill the charts' window; the farm has a Redis
//       unless --redis 0, and the database server's figures unless --database 0)
//       apply time of each update (Engine::deliver: the history and the window), p50/p95/max; the
//       longest the event loop was busy, measured by a 1 ms timer (what the user feels as a
//       stutter: the apply, the charts' rebuilds, painting); updates applied per second; memory;
//       then the slowest of sorting and filtering the instances table. One line:
//       instances, first apply, apply p50, p95, max (ms), longest stall (ms), stalls over 50 and
//       16 ms, updates/s, resident and peak MB, slowest table step (ms), refreshes folded into
//       others while the window was busy, the charts' rebuilds (p95 and max, ms).
//   paddock-bench-window --instances N --soak-minutes M
//       M minutes of farm time fed as fast as the window takes them (one update a farm second),
//       printing the resident memory at each farm minute: whether memory stays flat over the
//       retention and after it.

#include "engine.h"
#include "historychart.h"
#include "instancemodel.h"
#include "logging.h"
#include "mainwindow.h"
#include "preparedview.h"
#include "settings.h"
#include "syntheticfarm.h"
#include "updatemailbox.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>

using namespace Paddock;
using Paddock::Bench::SyntheticFarm;

namespace {

constexpr int StepMs = 250; // the engine's minRefreshIntervalMs: its fastest pace
constexpr int StallTimerMs = 1;

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

// Resident and peak resident memory in MB, from /proc/self/status.
std::pair<double, double> residentMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return { 0.0, 0.0 };
    double rss = 0.0;
    double peak = 0.0;
    for (const QByteArray& line : status.readAll().split('\n')) {
        const QList<QByteArray> parts = line.simplified().split(' ');
        if (parts.size() >= 2 && parts[0] == "VmRSS:")
            rss = parts[1].toDouble() / 1024.0;
        else if (parts.size() >= 2 && parts[0] == "VmHWM:")
            peak = parts[1].toDouble() / 1024.0;
    }
    return { rss, peak };
}

double percentile(QList<double> values, double fraction)
{
    if (values.isEmpty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const qsizetype at = std::min<qsizetype>(values.size() - 1, qsizetype(fraction * double(values.size())));
    return values[at];
}

QString fixed(double value, int precision, int width)
{
    return QStringLiteral("%1").arg(value, width, 'f', precision);
}

// Makes the updates on its own thread, at the engine's pace, whatever the window does with them,
// and hands them over as the engine does: one in flight, refreshes made meanwhile folded together.
class Feeder : public QObject {
    Q_OBJECT

public:
    explicit Feeder(const SyntheticFarm::Shape& shape)
        : m_farm(shape)
    {
    }
    void start()
    {
        m_timer = new QTimer(this);
        m_timer->setTimerType(Qt::PreciseTimer);
        connect(m_timer, &QTimer::timeout, this, &Feeder::make);
        m_timer->start(StepMs);
        make();
    }
    void stop() { delete m_timer; }
    // The window took the last update.
    void taken()
    {
        if (std::optional<EngineUpdate> next = m_mailbox.taken())
            handOver(std::move(*next));
    }
    int folded() const { return m_mailbox.folded(); }
    // Farm seconds fed at once, one update each, before the run: the charts' window full of history.
    void warmUp(Engine* engine, int seconds)
    {
        for (int second = 0; second < seconds; ++second) {
            engine->deliver(prepared(m_farm.next(1000)));
            QCoreApplication::processEvents();
        }
    }
    // What the engine's thread does with an update before the window takes it.
    static EngineUpdate prepared(EngineUpdate update)
    {
        update.prepared = PreparedView::of(update);
        return update;
    }

Q_SIGNALS:
    void made(const Paddock::EngineUpdate& update);

private:
    void make() { send(m_farm.next(StepMs)); }
    void send(EngineUpdate update)
    {
        if (std::optional<EngineUpdate> now = m_mailbox.offer(std::move(update)))
            handOver(std::move(*now));
    }
    void handOver(EngineUpdate update)
    {
        update = prepared(std::move(update));
        Q_EMIT made(update);
        m_mailbox.sent(std::move(update)); // freed here, as the engine does
    }

    SyntheticFarm m_farm;
    QTimer* m_timer = nullptr;
    UpdateMailbox m_mailbox;
};

// The longest time the event loop went without running a 1 ms timer.
class StallMeter : public QObject {
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const double gapMs = double(m_clock.nsecsElapsed()) / 1e6;
            m_clock.restart();
            const double stall = gapMs - StallTimerMs;
            if (m_counting) {
                m_longest = std::max(m_longest, stall);
                if (stall > 50.0)
                    ++m_over50;
                if (stall > 16.0)
                    ++m_over16;
            }
        });
        m_clock.start();
        m_timer.start(StallTimerMs);
    }
    bool counting() const { return m_counting; }
    void startCounting()
    {
        m_counting = true;
        m_clock.restart();
    }
    double longest() const { return m_longest; }
    int over50() const { return m_over50; }
    int over16() const { return m_over16; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    bool m_counting = false;
    double m_longest = 0.0;
    int m_over50 = 0;
    int m_over16 = 0;
};

struct Options {
    int instances = 100;
    int seconds = 30;
    int soakMinutes = 0;
    int historyMinutes = 0; // fed before the run
    QString screenshot; // saved at the end of a load run
    QString tab; // in front during the run and in the screenshot (its title, e.g. Latency)
    bool redis = true;
    bool database = true;
};

// What the user does with the instances table of a large farm: sort by a figure, by name, back to
// worst first, filter to a name and clear the filter. Each step's time, the slowest returned.
double slowestTableStep(MainWindow* window)
{
    QTableView* table = window->instanceTable();
    auto* proxy = qobject_cast<InstanceProxyModel*>(table->model());
    double slowest = 0.0;
    const auto timed = [&slowest](const std::function<void()>& step) {
        QElapsedTimer timer;
        timer.start();
        step();
        QCoreApplication::processEvents(); // the repaint that follows
        slowest = std::max(slowest, double(timer.nsecsElapsed()) / 1e6);
        if (qEnvironmentVariableIsSet("PADDOCK_BENCH_STEPS"))
            QTextStream(stderr) << "table step " << double(timer.nsecsElapsed()) / 1e6 << " ms\n";
    };
    timed([&] { table->sortByColumn(InstanceModel::Backlog, Qt::DescendingOrder); });
    timed([&] { table->sortByColumn(InstanceModel::LatencyP95, Qt::DescendingOrder); });
    timed([&] { table->sortByColumn(InstanceModel::Name, Qt::AscendingOrder); });
    timed([&] { table->sortByColumn(InstanceModel::Status, Qt::AscendingOrder); });
    timed([&] { proxy->setFilterText(QStringLiteral("web-09")); });
    timed([&] { proxy->setFilterText(QStringLiteral("degraded")); });
    timed([&] { proxy->setFilterText(QString()); });
    return slowest;
}

MainWindow* openWindow(Settings* settings, int instances)
{
    auto* window = new MainWindow(settings);
    window->resize(1600, 1000);
    window->show();
    window->openFeed(QStringLiteral("synthetic farm of %1 instances").arg(instances));
    ConnectionState connected;
    connected.state = ConnectionState::State::Connected;
    connected.since = QDateTime::currentDateTimeUtc();
    connected.canFlush = true;
    connected.target = QStringLiteral("bench@synthetic/farm");
    window->applyConnectionState(connected);
    return window;
}

// Brings the tab of that title to the front (in every tab widget that has one).
void showTab(MainWindow* window, const QString& title)
{
    for (QTabWidget* tabs : window->findChildren<QTabWidget*>()) {
        for (int i = 0; i < tabs->count(); ++i) {
            if (tabs->tabText(i).remove(QLatin1Char('&')) == title)
                tabs->setCurrentIndex(i);
        }
    }
}

// A load run: what it measured, and whether the updates still count. Updates made before the end
// and taken after it arrive as long as the window lives, so this lives as long.
struct LoadRun {
    bool feeding = true;
    bool first = true;
    QElapsedTimer wall; // from the first update
    double firstMs = 0.0; // the first update, which lays out every row once
    QList<double> applyMs; // the others
    QList<double> chartMs; // the charts' rebuilds
    int folded = 0;
    double seconds = 0.0; // from the first update to the end
};

// The charts shown rebuild on their own timers, between updates: their times, once the stalls count.
void timeChartRebuilds(MainWindow* window, const StallMeter& stalls, QList<double>* chartMs)
{
    for (HistoryChart* chart : window->findChildren<HistoryChart*>()) {
        QObject::connect(chart, &HistoryChart::rebuilt, chart, [chartMs, &stalls, chart] {
            if (stalls.counting())
                chartMs->append(chart->lastRebuildMs());
        });
    }
}

// Feeds the window from a thread of its own for options.seconds, timing each update it applies.
void feed(const Options& options, Engine* engine, StallMeter* stalls, LoadRun* run)
{
    SyntheticFarm::Shape shape;
    shape.instances = options.instances;
    // Beyond 100 instances a task goes to 100 of them: the deliveries stay at 5,000 a second.
    shape.deliveredTo = std::min(options.instances - 1, 100);
    shape.redis = options.redis;
    shape.database = options.database;
    QThread thread;
    auto* feeder = new Feeder(shape);
    feeder->warmUp(engine, options.historyMinutes * 60);
    feeder->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, feeder, &QObject::deleteLater);
    QObject::connect(feeder, &Feeder::made, engine, [engine, feeder, stalls, run](const EngineUpdate& update) {
        if (!run->feeding)
            return; // made before the run ended, taken after it
        QElapsedTimer timer;
        timer.start();
        engine->deliver(update);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        if (std::exchange(run->first, false)) {
            run->firstMs = ms;
            stalls->startCounting(); // the first update lays out everything once; reported on its own
            run->wall.start();
        } else {
            run->applyMs.append(ms);
        }
        QMetaObject::invokeMethod(feeder, &Feeder::taken, Qt::QueuedConnection);
    });
    thread.start();
    QMetaObject::invokeMethod(feeder, &Feeder::start, Qt::QueuedConnection);
    // A loop of its own: quitting the application would close the window before the table steps
    // and the screenshot.
    QEventLoop loop;
    QTimer::singleShot(options.seconds * 1000, &loop, &QEventLoop::quit);
    loop.exec();
    run->feeding = false;
    QMetaObject::invokeMethod(
        feeder,
        [feeder, run] {
            feeder->stop();
            run->folded = feeder->folded();
        },
        Qt::BlockingQueuedConnection);
    thread.quit();
    thread.wait();
    QCoreApplication::processEvents();
    run->seconds = run->wall.isValid() ? double(run->wall.elapsed()) / 1000.0 : 0.0;
}

// The window as a PNG, once its charts have rebuilt.
void settleAndSave(MainWindow* window, const QString& fileName)
{
    QElapsedTimer settle; // the charts rebuild on their timers once shown
    settle.start();
    while (settle.elapsed() < 600)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    QString error;
    if (!window->saveScreenshot(fileName, &error))
        QTextStream(stderr) << "paddock-bench-window: " << error << '\n';
}

double longest(const QList<double>& values)
{
    return values.isEmpty() ? 0.0 : *std::max_element(values.cbegin(), values.cend());
}

int runLoad(const Options& options, Settings* settings)
{
    // The first update is timed on its own (it lays out every row once); the others make p50/p95/max.
    MainWindow* window = openWindow(settings, options.instances);
    Engine* engine = window->engine();
    if (!options.tab.isEmpty())
        showTab(window, options.tab);
    LoadRun run;
    StallMeter stalls;
    timeChartRebuilds(window, stalls, &run.chartMs);
    feed(options, engine, &stalls, &run);
    const auto [rss, peak] = residentMb();
    const double tableMs = slowestTableStep(window);
    if (!options.screenshot.isEmpty())
        settleAndSave(window, options.screenshot);
    const QList<double>& applyMs = run.applyMs;
    out() << QStringLiteral("%1").arg(options.instances, 9) << fixed(run.firstMs, 1, 9)
          << fixed(percentile(applyMs, 0.5), 1, 9) << fixed(percentile(applyMs, 0.95), 1, 9)
          << fixed(longest(applyMs), 1, 9) << fixed(stalls.longest(), 1, 9)
          << QStringLiteral("%1").arg(stalls.over50(), 7) << QStringLiteral("%1").arg(stalls.over16(), 7)
          << fixed(run.seconds > 0 ? double(applyMs.size()) / run.seconds : 0.0, 2, 8) << fixed(rss, 0, 8)
          << fixed(peak, 0, 8) << fixed(tableMs, 1, 9) << QStringLiteral("%1").arg(run.folded, 7)
          << fixed(percentile(run.chartMs, 0.95), 1, 9) << fixed(longest(run.chartMs), 1, 9) << Qt::endl;
    delete window;
    return 0;
}

int runSoak(const Options& options, Settings* settings)
{
    MainWindow* window = openWindow(settings, options.instances);
    Engine* engine = window->engine();
    SyntheticFarm::Shape shape;
    shape.instances = options.instances;
    shape.deliveredTo = std::min(options.instances - 1, 100);
    shape.redis = options.redis;
    shape.database = options.database;
    SyntheticFarm farm(shape);
    out() << QStringLiteral("farm minute   resident MB   peak MB") << Qt::endl;
    for (int minute = 1; minute <= options.soakMinutes; ++minute) {
        for (int second = 0; second < 60; ++second) {
            engine->deliver(Feeder::prepared(farm.next(1000)));
            QCoreApplication::processEvents();
        }
        const auto [rss, peak] = residentMb();
        out() << QStringLiteral("%1").arg(minute, 11) << fixed(rss, 0, 14) << fixed(peak, 0, 10) << Qt::endl;
    }
    delete window;
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // The window's settings and recordings in a directory of this run, never the user's.
    QTemporaryDir home;
    qputenv("XDG_CONFIG_HOME", home.path().toUtf8());
    qputenv("XDG_DATA_HOME", home.path().toUtf8());
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("PaddockBench"));
    QCoreApplication::setApplicationName(QStringLiteral("paddock-bench-window"));
    // PADDOCK_LOG_LEVEL=debug: the window's own log of each apply and its slowest parts.
    spdlog::level::level_enum level = spdlog::level::warn;
    Log::parseLevel(qEnvironmentVariable("PADDOCK_LOG_LEVEL"), &level);
    Log::init(level);

    Options options;
    const QStringList args = QCoreApplication::arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--screenshot")) {
            options.screenshot = args[i + 1];
            continue;
        }
        if (args[i] == QLatin1String("--tab")) {
            options.tab = args[i + 1];
            continue;
        }
        bool ok = false;
        const int value = args[i + 1].toInt(&ok);
        if (args[i] == QLatin1String("--redis") && ok && (value == 0 || value == 1)) {
            options.redis = value == 1;
            continue;
        }
        if (args[i] == QLatin1String("--database") && ok && (value == 0 || value == 1)) {
            options.database = value == 1;
            continue;
        }
        if (!ok || value < 1) {
            QTextStream(stderr) << "paddock-bench-window: " << args[i] << " needs a positive number\n";
            return 2;
        }
        if (args[i] == QLatin1String("--instances"))
            options.instances = value;
        else if (args[i] == QLatin1String("--seconds"))
            options.seconds = value;
        else if (args[i] == QLatin1String("--soak-minutes"))
            options.soakMinutes = value;
        else if (args[i] == QLatin1String("--history-minutes"))
            options.historyMinutes = value;
        else {
            QTextStream(stderr) << "paddock-bench-window: unknown option " << args[i] << '\n';
            return 2;
        }
    }
    Settings settings(home.filePath(QStringLiteral("bench.ini")));
    return options.soakMinutes > 0 ? runSoak(options, &settings) : runLoad(options, &settings);
}

#include "bench_window.moc"
