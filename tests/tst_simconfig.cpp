#include "faultplan.h"
#include "simconfig.h"
#include "simplan.h"
#include "simrandom.h"
#include "simscheduler.h"
#include "taskgenerator.h"

#include <cmath>
#include <QTest>

using namespace Paddock;

Q_DECLARE_METATYPE(FaultEvent::Kind)

namespace {

SimConfig parse(const QStringList& arguments)
{
    return SimConfig::parse(QStringList { QStringLiteral("paddock-sim") } + arguments);
}

std::optional<SimPlan> plan(const QStringList& arguments, QString* error = nullptr)
{
    const SimConfig config = parse(arguments);
    if (config.mode == SimConfig::Mode::Error) {
        if (error)
            *error = config.error;
        return std::nullopt;
    }
    QString message;
    auto result = SimPlan::build(config, &message);
    if (error)
        *error = message;
    return result;
}

QStringList describe(const FaultPlan& faults)
{
    QStringList lines;
    for (const FaultEvent& event : faults.events())
        lines.append(QStringLiteral("t=%1 %2").arg(SimConfig::formatTime(event.at), event.describe()));
    return lines;
}

QList<SimTask> tasks(quint64 seed, const QString& instance, int count)
{
    TaskGenerator generator(
        SimRandom::seedFor(seed, instance, "tasks"), { QStringLiteral("media"), QStringLiteral("attachments") });
    QList<SimTask> result;
    for (int i = 0; i < count; ++i)
        result.append(generator.next());
    return result;
}

bool sameTasks(const QList<SimTask>& a, const QList<SimTask>& b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].type != b[i].type || a[i].target != b[i].target || a[i].textData != b[i].textData
            || a[i].isMemory != b[i].isMemory)
            return false;
    }
    return true;
}

} // namespace

class TestSimConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parseTime_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("seconds"); // -1: rejected

        QTest::addRow("bare") << QStringLiteral("90") << 90.0;
        QTest::addRow("seconds") << QStringLiteral("90s") << 90.0;
        QTest::addRow("minutes") << QStringLiteral("2m") << 120.0;
        QTest::addRow("min") << QStringLiteral("2min") << 120.0;
        QTest::addRow("fraction") << QStringLiteral("1.5") << 1.5;
        QTest::addRow("fraction seconds") << QStringLiteral("0.25s") << 0.25;
        QTest::addRow("leading dot") << QStringLiteral(".5") << 0.5;
        QTest::addRow("compound") << QStringLiteral("1m30s") << 90.0;
        QTest::addRow("milliseconds") << QStringLiteral("500ms") << 0.5;
        QTest::addRow("hours") << QStringLiteral("1h") << 3600.0;
        QTest::addRow("zero") << QStringLiteral("0") << 0.0;
        QTest::addRow("upper case, blanks") << QStringLiteral(" 20S ") << 20.0;
        QTest::addRow("empty") << QString() << -1.0;
        QTest::addRow("word") << QStringLiteral("soon") << -1.0;
        QTest::addRow("negative") << QStringLiteral("-5") << -1.0;
        QTest::addRow("two dots") << QStringLiteral("1.5.2") << -1.0;
        QTest::addRow("unit only") << QStringLiteral("m") << -1.0;
        QTest::addRow("unknown unit") << QStringLiteral("5d") << -1.0;
        QTest::addRow("compound without unit") << QStringLiteral("1m30") << -1.0;
        QTest::addRow("inner blank") << QStringLiteral("5 s") << -1.0;
    }

    void parseTime()
    {
        QFETCH(QString, text);
        QFETCH(double, seconds);
        const auto parsed = SimConfig::parseTime(text);
        if (seconds < 0) {
            QVERIFY2(!parsed, qPrintable(QStringLiteral("parsed as %1").arg(parsed.value_or(0))));
        } else {
            QVERIFY(parsed);
            QCOMPARE(*parsed, seconds);
        }
    }

    void parseFault_data()
    {
        QTest::addColumn<FaultEvent::Kind>("kind");
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("target");
        QTest::addColumn<double>("at");
        QTest::addColumn<double>("duration");
        QTest::addColumn<QStringList>("instances");
        QTest::addColumn<double>("factor");
        QTest::addColumn<int>("skewMs");

        using K = FaultEvent::Kind;
        const QString web03 = QStringLiteral("web-03");
        QTest::addRow("silence") << K::Silence << QStringLiteral("web-03@20") << web03 << 20.0 << 0.0 << QStringList()
                                 << 1.0 << 0;
        QTest::addRow("silence 90s") << K::Silence << QStringLiteral("web-03@90s") << web03 << 90.0 << 0.0
                                     << QStringList() << 1.0 << 0;
        QTest::addRow("silence 2m") << K::Silence << QStringLiteral("web-03@2m") << web03 << 120.0 << 0.0
                                    << QStringList() << 1.0 << 0;
        QTest::addRow("silence 1.5") << K::Silence << QStringLiteral("web-03@1.5") << web03 << 1.5 << 0.0
                                     << QStringList() << 1.0 << 0;
        QTest::addRow("silence for a while")
            << K::Silence << QStringLiteral("web-03@20+30s") << web03 << 20.0 << 30.0 << QStringList() << 1.0 << 0;
        QTest::addRow("slow") << K::Slow << QStringLiteral("web-02@30:25") << QStringLiteral("web-02") << 30.0 << 0.0
                              << QStringList() << 25.0 << 0;
        QTest::addRow("slow fraction") << K::Slow << QStringLiteral("web-02@1m:2.5") << QStringLiteral("web-02") << 60.0
                                       << 0.0 << QStringList() << 2.5 << 0;
        QTest::addRow("slow ends") << K::Slow << QStringLiteral("web-02@90:1") << QStringLiteral("web-02") << 90.0
                                   << 0.0 << QStringList() << 1.0 << 0;
        QTest::addRow("outage everywhere") << K::Outage << QStringLiteral("media@40+120") << QStringLiteral("media")
                                           << 40.0 << 120.0 << QStringList() << 1.0 << 0;
        QTest::addRow("outage for some") << K::Outage << QStringLiteral("media@40s+2m:web-01,web-04")
                                         << QStringLiteral("media") << 40.0 << 120.0
                                         << QStringList { QStringLiteral("web-01"), QStringLiteral("web-04") } << 1.0
                                         << 0;
        QTest::addRow("outage until the end")
            << K::Outage << QStringLiteral("attachments@1.5:web-02") << QStringLiteral("attachments") << 1.5 << 0.0
            << QStringList { QStringLiteral("web-02") } << 1.0 << 0;
        QTest::addRow("outage, name twice")
            << K::Outage << QStringLiteral("media@0+1:web-01,web-01") << QStringLiteral("media") << 0.0 << 1.0
            << QStringList { QStringLiteral("web-01") } << 1.0 << 0;
        QTest::addRow("skew ahead") << K::Skew << QStringLiteral("web-04@45:3500") << QStringLiteral("web-04") << 45.0
                                    << 0.0 << QStringList() << 1.0 << 3500;
        QTest::addRow("skew plus sign") << K::Skew << QStringLiteral("web-04@45:+3500ms") << QStringLiteral("web-04")
                                        << 45.0 << 0.0 << QStringList() << 1.0 << 3500;
        QTest::addRow("skew behind") << K::Skew << QStringLiteral("web-04@45:-1200") << QStringLiteral("web-04") << 45.0
                                     << 0.0 << QStringList() << 1.0 << -1200;
        QTest::addRow("leave") << K::Leave << QStringLiteral("web-06@90") << QStringLiteral("web-06") << 90.0 << 0.0
                               << QStringList() << 1.0 << 0;
        QTest::addRow("leave 1m30s") << K::Leave << QStringLiteral("web-06@1m30s") << QStringLiteral("web-06") << 90.0
                                     << 0.0 << QStringList() << 1.0 << 0;
        QTest::addRow("join") << K::Join << QStringLiteral("60") << QString() << 60.0 << 0.0 << QStringList() << 1.0
                              << 0;
        QTest::addRow("join 1m") << K::Join << QStringLiteral("1m") << QString() << 60.0 << 0.0 << QStringList() << 1.0
                                 << 0;
        QTest::addRow("other names") << K::Silence << QStringLiteral("cms_node.2@5") << QStringLiteral("cms_node.2")
                                     << 5.0 << 0.0 << QStringList() << 1.0 << 0;
        QTest::addRow("redis slow") << K::RedisSlow << QStringLiteral("70+10") << QString() << 70.0 << 10.0
                                    << QStringList() << 1.0 << 0;
        QTest::addRow("redis slow units")
            << K::RedisSlow << QStringLiteral("1m10s+500ms") << QString() << 70.0 << 0.5 << QStringList() << 1.0 << 0;
        QTest::addRow("redis evict") << K::RedisEvict << QStringLiteral("110") << QString() << 110.0 << 0.0
                                     << QStringList() << 1.0 << 0;
        QTest::addRow("redis evict 1m50s")
            << K::RedisEvict << QStringLiteral("1m50s") << QString() << 110.0 << 0.0 << QStringList() << 1.0 << 0;
        QTest::addRow("redis drop") << K::RedisDrop << QStringLiteral("web-01@130") << QStringLiteral("web-01") << 130.0
                                    << 0.0 << QStringList() << 1.0 << 0;
        QTest::addRow("redis drop 2m") << K::RedisDrop << QStringLiteral("web-07@2m") << QStringLiteral("web-07")
                                       << 120.0 << 0.0 << QStringList() << 1.0 << 0;
        QTest::addRow("lock") << K::Lock << QStringLiteral("web-05@95+20") << QStringLiteral("web-05") << 95.0 << 20.0
                              << QStringList() << 1.0 << 0;
        QTest::addRow("lock units") << K::Lock << QStringLiteral("web-02@1m35s+1.5") << QStringLiteral("web-02") << 95.0
                                    << 1.5 << QStringList() << 1.0 << 0;
        QTest::addRow("long transaction")
            << K::LongTransaction << QStringLiteral("30+90") << QString() << 30.0 << 90.0 << QStringList() << 1.0 << 0;
        QTest::addRow("long transaction units") << K::LongTransaction << QStringLiteral("500ms+2m") << QString() << 0.5
                                                << 120.0 << QStringList() << 1.0 << 0;
        QTest::addRow("deploy") << K::Deploy << QStringLiteral("14.0.0@60") << QString() << 60.0 << 0.0 << QStringList()
                                << 1.0 << 0;
        QTest::addRow("deploy 2m") << K::Deploy << QStringLiteral("13.0.2-hotfix_1@2m") << QString() << 120.0 << 0.0
                                   << QStringList() << 1.0 << 0;
        QTest::addRow("crash during run")
            << K::CrashDuringRun << QStringLiteral("web-03@20") << web03 << 20.0 << 0.0 << QStringList() << 1.0 << 0;
        QTest::addRow("crash during run 1m")
            << K::CrashDuringRun << QStringLiteral("web-03@1m") << web03 << 60.0 << 0.0 << QStringList() << 1.0 << 0;
        QTest::addRow("unsafe scheduler") << K::UnsafeScheduler << QStringLiteral("web-02") << QStringLiteral("web-02")
                                          << 0.0 << 0.0 << QStringList() << 1.0 << 0;
        QTest::addRow("duplicate name") << K::DuplicateName << QStringLiteral("web-04@50") << QStringLiteral("web-04")
                                        << 50.0 << 0.0 << QStringList() << 1.0 << 0;
    }

    void parseFault()
    {
        QFETCH(FaultEvent::Kind, kind);
        QFETCH(QString, spec);
        QString error;
        const auto event = SimConfig::parseFault(kind, spec, &error);
        QVERIFY2(event, qPrintable(error));
        QCOMPARE(event->kind, kind);
        QTEST(event->target, "target");
        QTEST(event->at, "at");
        QTEST(event->duration, "duration");
        QTEST(event->instances, "instances");
        QTEST(event->factor, "factor");
        QTEST(event->skewMs, "skewMs");
    }

    void parseFaultRejected_data()
    {
        QTest::addColumn<FaultEvent::Kind>("kind");
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("message");

        using K = FaultEvent::Kind;
        QTest::addRow("no at") << K::Silence << QStringLiteral("web-03")
                               << QStringLiteral("--silence web-03: expected NAME@T[+D]");
        QTest::addRow("no name") << K::Silence << QStringLiteral("@20")
                                 << QStringLiteral("\"\" is not a valid instance name");
        QTest::addRow("bad name") << K::Leave << QStringLiteral("web 03@20")
                                  << QStringLiteral("\"web 03\" is not a valid instance name");
        QTest::addRow("bad time") << K::Silence << QStringLiteral("web-03@soon")
                                  << QStringLiteral("\"soon\" is not a time");
        QTest::addRow("negative time") << K::Leave << QStringLiteral("web-03@-5")
                                       << QStringLiteral("\"-5\" is not a time");
        QTest::addRow("silence with argument")
            << K::Silence << QStringLiteral("web-03@20:5") << QStringLiteral("expected NAME@T[+D]");
        QTest::addRow("silence zero duration")
            << K::Silence << QStringLiteral("web-03@20+0") << QStringLiteral("the duration must be longer than 0");
        QTest::addRow("slow without factor")
            << K::Slow << QStringLiteral("web-02@30") << QStringLiteral("--slow web-02@30: expected NAME@T:FACTOR");
        QTest::addRow("slow empty factor")
            << K::Slow << QStringLiteral("web-02@30:") << QStringLiteral("expected NAME@T:FACTOR");
        QTest::addRow("slow zero") << K::Slow << QStringLiteral("web-02@30:0")
                                   << QStringLiteral("the factor \"0\" must be a number above 0");
        QTest::addRow("slow negative") << K::Slow << QStringLiteral("web-02@30:-2")
                                       << QStringLiteral("must be a number above 0");
        QTest::addRow("slow word") << K::Slow << QStringLiteral("web-02@30:fast")
                                   << QStringLiteral("the factor \"fast\"");
        QTest::addRow("slow with duration")
            << K::Slow << QStringLiteral("web-02@30+5:2") << QStringLiteral("expected NAME@T:FACTOR");
        QTest::addRow("skew fraction") << K::Skew << QStringLiteral("web-04@45:3.5")
                                       << QStringLiteral("the skew \"3.5\" must be whole milliseconds");
        QTest::addRow("skew too large") << K::Skew << QStringLiteral("web-04@45:100000000")
                                        << QStringLiteral("within a day");
        QTest::addRow("skew missing") << K::Skew << QStringLiteral("web-04@45") << QStringLiteral("expected NAME@T:MS");
        QTest::addRow("outage bad duration")
            << K::Outage << QStringLiteral("media@40+long") << QStringLiteral("\"long\" is not a time");
        QTest::addRow("outage empty list")
            << K::Outage << QStringLiteral("media@40+120:") << QStringLiteral("expected STORAGE@T+D");
        QTest::addRow("outage bad instance") << K::Outage << QStringLiteral("media@40+120:web-01,,web-02")
                                             << QStringLiteral("\"\" is not a valid instance name");
        QTest::addRow("outage bad storage")
            << K::Outage << QStringLiteral("me dia@40") << QStringLiteral("\"me dia\" is not a valid storage name");
        QTest::addRow("leave with duration")
            << K::Leave << QStringLiteral("web-06@90+5") << QStringLiteral("expected NAME@T");
        QTest::addRow("crash without time")
            << K::CrashDuringRun << QStringLiteral("web-03") << QStringLiteral("expected NAME@T, e.g. web-03@20");
        QTest::addRow("crash with duration")
            << K::CrashDuringRun << QStringLiteral("web-03@20+5") << QStringLiteral("expected NAME@T");
        QTest::addRow("crash with argument")
            << K::CrashDuringRun << QStringLiteral("web-03@20:5") << QStringLiteral("expected NAME@T");
        QTest::addRow("unsafe scheduler with time") << K::UnsafeScheduler << QStringLiteral("web-02@20")
                                                    << QStringLiteral("--unsafe-scheduler web-02@20: \"web-02@20\" "
                                                                      "is not a valid instance name; expected NAME");
        QTest::addRow("unsafe scheduler empty")
            << K::UnsafeScheduler << QString() << QStringLiteral("\"\" is not a valid instance name");
        QTest::addRow("duplicate name without time")
            << K::DuplicateName << QStringLiteral("web-04") << QStringLiteral("expected NAME@T, e.g. web-02@50");
        QTest::addRow("duplicate name bad time")
            << K::DuplicateName << QStringLiteral("web-04@later") << QStringLiteral("\"later\" is not a time");
        QTest::addRow("join with name") << K::Join << QStringLiteral("web-07@60")
                                        << QStringLiteral("--join web-07@60: \"web-07@60\" is not a time");
        QTest::addRow("redis slow without duration")
            << K::RedisSlow << QStringLiteral("70") << QStringLiteral("--redis-slow 70: expected T+D");
        QTest::addRow("redis slow with name")
            << K::RedisSlow << QStringLiteral("web-01@70+10") << QStringLiteral("expected T+D");
        QTest::addRow("redis slow with argument")
            << K::RedisSlow << QStringLiteral("70+10:3") << QStringLiteral("expected T+D");
        QTest::addRow("redis slow zero duration")
            << K::RedisSlow << QStringLiteral("70+0") << QStringLiteral("the duration must be longer than 0");
        QTest::addRow("redis slow bad time")
            << K::RedisSlow << QStringLiteral("soon+10") << QStringLiteral("\"soon\" is not a time");
        QTest::addRow("redis slow bad duration")
            << K::RedisSlow << QStringLiteral("70+long") << QStringLiteral("\"long\" is not a time");
        QTest::addRow("redis evict with duration")
            << K::RedisEvict << QStringLiteral("110+5") << QStringLiteral("\"110+5\" is not a time");
        QTest::addRow("redis evict with name")
            << K::RedisEvict << QStringLiteral("web-01@110") << QStringLiteral("\"web-01@110\" is not a time");
        QTest::addRow("redis drop without time")
            << K::RedisDrop << QStringLiteral("web-01") << QStringLiteral("--redis-drop web-01: expected NAME@T");
        QTest::addRow("redis drop with duration")
            << K::RedisDrop << QStringLiteral("web-01@130+5") << QStringLiteral("expected NAME@T");
        QTest::addRow("redis drop with argument")
            << K::RedisDrop << QStringLiteral("web-01@130:1") << QStringLiteral("expected NAME@T");
        QTest::addRow("redis drop bad name") << K::RedisDrop << QStringLiteral("web 01@130")
                                             << QStringLiteral("\"web 01\" is not a valid instance name");
        QTest::addRow("lock without duration")
            << K::Lock << QStringLiteral("web-05@95") << QStringLiteral("--lock web-05@95: expected NAME@T+D");
        QTest::addRow("lock with argument")
            << K::Lock << QStringLiteral("web-05@95+20:3") << QStringLiteral("expected NAME@T+D");
        QTest::addRow("lock without name") << K::Lock << QStringLiteral("95+20") << QStringLiteral("expected NAME@T+D");
        QTest::addRow("lock bad name") << K::Lock << QStringLiteral("web 05@95+20")
                                       << QStringLiteral("\"web 05\" is not a valid instance name");
        QTest::addRow("lock bad time") << K::Lock << QStringLiteral("web-05@soon+20")
                                       << QStringLiteral("\"soon\" is not a time");
        QTest::addRow("lock bad duration")
            << K::Lock << QStringLiteral("web-05@95+ever") << QStringLiteral("\"ever\" is not a time");
        QTest::addRow("lock zero duration")
            << K::Lock << QStringLiteral("web-05@95+0") << QStringLiteral("the duration must be longer than 0");
        QTest::addRow("long transaction without duration")
            << K::LongTransaction << QStringLiteral("30") << QStringLiteral("--long-transaction 30: expected T+D");
        QTest::addRow("long transaction with name")
            << K::LongTransaction << QStringLiteral("web-01@30+90") << QStringLiteral("expected T+D");
        QTest::addRow("long transaction bad time")
            << K::LongTransaction << QStringLiteral("-30+90") << QStringLiteral("\"-30\" is not a time");
        QTest::addRow("deploy without version")
            << K::Deploy << QStringLiteral("60") << QStringLiteral("--deploy 60: expected VERSION@T");
        QTest::addRow("deploy empty version")
            << K::Deploy << QStringLiteral("@60") << QStringLiteral("\"\" is not a valid version");
        QTest::addRow("deploy bad version")
            << K::Deploy << QStringLiteral("14 beta@60") << QStringLiteral("\"14 beta\" is not a valid version");
        QTest::addRow("deploy bad time") << K::Deploy << QStringLiteral("14.0.0@soon")
                                         << QStringLiteral("\"soon\" is not a time");
        QTest::addRow("deploy with duration")
            << K::Deploy << QStringLiteral("14.0.0@60+10") << QStringLiteral("\"60+10\" is not a time");
    }

    void parseFaultRejected()
    {
        QFETCH(FaultEvent::Kind, kind);
        QFETCH(QString, spec);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!SimConfig::parseFault(kind, spec, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
        QVERIFY2(error.startsWith(QStringLiteral("--") + FaultEvent::optionName(kind) + QLatin1Char(' ') + spec),
            qPrintable(error));
    }

    void defaults()
    {
        const SimConfig config = parse({});
        QCOMPARE(config.mode, SimConfig::Mode::Run);
        QCOMPARE(config.instances, 6);
        QCOMPARE(config.zones, 2);
        QCOMPARE(config.storages, 2);
        QCOMPARE(config.taskRate, 20.0);
        QCOMPARE(config.heartbeatInterval, 2.0);
        QCOMPARE(config.pollInterval, 1.0);
        QCOMPARE(config.duration, 0.0);
        QCOMPARE(config.scenario, SimConfig::Scenario::Steady);
        QVERIFY(!config.seedGiven);
        QVERIFY(config.faults.isEmpty());
    }

    void options()
    {
        const SimConfig config = parse({ QStringLiteral("--connect"), QStringLiteral("dbname=farm"),
            QStringLiteral("--control-connect"), QStringLiteral("dbname=farm user=dba"), QStringLiteral("--instances"),
            QStringLiteral("4"), QStringLiteral("--zones"), QStringLiteral("3"), QStringLiteral("--storages"),
            QStringLiteral("4"), QStringLiteral("--task-rate"), QStringLiteral("12.5"),
            QStringLiteral("--heartbeat-interval"), QStringLiteral("0.5"), QStringLiteral("--poll-interval"),
            QStringLiteral("200ms"), QStringLiteral("--duration"), QStringLiteral("2m"), QStringLiteral("--seed"),
            QStringLiteral("18446744073709551615"), QStringLiteral("--scenario"), QStringLiteral("incident"),
            QStringLiteral("--log-level"), QStringLiteral("debug"), QStringLiteral("--dry-run"),
            QStringLiteral("--silence"), QStringLiteral("web-03@3"), QStringLiteral("--silence"),
            QStringLiteral("web-01@5+1"), QStringLiteral("--join"), QStringLiteral("30") });
        QCOMPARE(config.mode, SimConfig::Mode::DryRun);
        QCOMPARE(config.connect, QStringLiteral("dbname=farm"));
        QCOMPARE(config.controlConnect, QStringLiteral("dbname=farm user=dba"));
        QCOMPARE(config.instances, 4);
        QCOMPARE(config.zones, 3);
        QCOMPARE(config.storages, 4);
        QCOMPARE(config.taskRate, 12.5);
        QCOMPARE(config.heartbeatInterval, 0.5);
        QCOMPARE(config.pollInterval, 0.2);
        QCOMPARE(config.duration, 120.0);
        QVERIFY(config.seedGiven);
        QCOMPARE(config.seed, std::numeric_limits<quint64>::max());
        QCOMPARE(config.scenario, SimConfig::Scenario::Incident);
        QCOMPARE(config.logLevel, spdlog::level::debug);
        QCOMPARE(config.faults.size(), 3);
        QCOMPARE(config.faults.at(0).target, QStringLiteral("web-03"));
        QCOMPARE(config.faults.at(1).duration, 1.0);
        QCOMPARE(config.faults.at(2).kind, FaultEvent::Kind::Join);
        QVERIFY(!config.redis);
    }

    void redisOptions()
    {
        const SimConfig config = parse({ QStringLiteral("--redis"), QStringLiteral("redis://app@127.0.0.1:6380/3"),
            QStringLiteral("--redis-drop"), QStringLiteral("web-02@9"), QStringLiteral("--redis-evict"),
            QStringLiteral("8"), QStringLiteral("--redis-slow"), QStringLiteral("5+2") });
        QCOMPARE(config.mode, SimConfig::Mode::Run);
        QVERIFY(config.redis);
        QCOMPARE(config.redis->host, QStringLiteral("127.0.0.1"));
        QCOMPARE(config.redis->port, 6380);
        QCOMPARE(config.redis->user, QStringLiteral("app"));
        QCOMPARE(config.redis->database, 3);
        QCOMPARE(config.redis->url(), QStringLiteral("redis://app@127.0.0.1:6380/3"));
        // By option in the order of the usage, not in the order given.
        QCOMPARE(config.faults.size(), 3);
        QCOMPARE(config.faults.at(0).kind, FaultEvent::Kind::RedisSlow);
        QCOMPARE(config.faults.at(0).describe(), QStringLiteral("redis slow for 2s"));
        QCOMPARE(config.faults.at(1).kind, FaultEvent::Kind::RedisEvict);
        QCOMPARE(config.faults.at(1).at, 8.0);
        QCOMPARE(config.faults.at(2).kind, FaultEvent::Kind::RedisDrop);
        QCOMPARE(config.faults.at(2).describe(), QStringLiteral("redis drop web-02"));
        QVERIFY(config.faults.at(2).affects(QStringLiteral("web-02")));
        QVERIFY(!config.faults.at(0).affects(QStringLiteral("web-02")));
    }

    void databaseOptions()
    {
        const SimConfig config = parse({ QStringLiteral("--deploy"), QStringLiteral("14.0.0@1m"),
            QStringLiteral("--long-transaction"), QStringLiteral("30+90"), QStringLiteral("--lock"),
            QStringLiteral("web-02@5+8"), QStringLiteral("--lock"), QStringLiteral("web-03@40+2") });
        QCOMPARE(config.mode, SimConfig::Mode::Run);
        // By option in the order of the usage, then in the order given.
        QCOMPARE(config.faults.size(), 4);
        QCOMPARE(config.faults.at(0).kind, FaultEvent::Kind::Lock);
        QCOMPARE(config.faults.at(0).describe(), QStringLiteral("lock on web-02's deliveries for 8s"));
        QVERIFY(config.faults.at(0).affects(QStringLiteral("web-02")));
        QVERIFY(config.faults.at(0).isDatabase());
        QCOMPARE(config.faults.at(1).target, QStringLiteral("web-03"));
        QCOMPARE(config.faults.at(2).kind, FaultEvent::Kind::LongTransaction);
        QCOMPARE(config.faults.at(2).describe(), QStringLiteral("long transaction for 90s"));
        QVERIFY(config.faults.at(2).isDatabase());
        QCOMPARE(config.faults.at(3).kind, FaultEvent::Kind::Deploy);
        QCOMPARE(config.faults.at(3).version, QStringLiteral("14.0.0"));
        QCOMPARE(config.faults.at(3).at, 60.0);
        QVERIFY(!config.faults.at(3).isDatabase() && !config.faults.at(3).isRedis());
        // Before the plan says who restarts.
        QCOMPARE(config.faults.at(3).describe(),
            QStringLiteral("deploy 14.0.0, restarting the running instances one every 5s"));
    }

    void redisUrlWithPassword()
    {
        // The password belongs in REDISCLI_AUTH: a URL with one is refused without repeating it.
        const SimConfig config
            = parse({ QStringLiteral("--redis"), QStringLiteral("redis://app:s3cret@127.0.0.1:6379") });
        QCOMPARE(config.mode, SimConfig::Mode::Error);
        QVERIFY2(config.error.startsWith(QLatin1String("--redis: ")), qPrintable(config.error));
        QVERIFY2(config.error.contains(QLatin1String("REDISCLI_AUTH")), qPrintable(config.error));
        QVERIFY2(!config.error.contains(QLatin1String("s3cret")), qPrintable(config.error));
    }

    void badOptions_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");

        QTest::addRow("instances 0") << QStringList { QStringLiteral("--instances"), QStringLiteral("0") }
                                     << QStringLiteral("--instances must be");
        QTest::addRow("instances word") << QStringList { QStringLiteral("-n"), QStringLiteral("six") }
                                        << QStringLiteral("--instances must be");
        QTest::addRow("zones 27") << QStringList { QStringLiteral("--zones"), QStringLiteral("27") }
                                  << QStringLiteral("--zones must be");
        QTest::addRow("storages 9") << QStringList { QStringLiteral("--storages"), QStringLiteral("9") }
                                    << QStringLiteral("--storages must be");
        QTest::addRow("rate negative") << QStringList { QStringLiteral("--task-rate"), QStringLiteral("-1") }
                                       << QStringLiteral("--task-rate must be");
        QTest::addRow("heartbeat 0") << QStringList { QStringLiteral("--heartbeat-interval"), QStringLiteral("0") }
                                     << QStringLiteral("--heartbeat-interval must be");
        QTest::addRow("poll word") << QStringList { QStringLiteral("--poll-interval"), QStringLiteral("often") }
                                   << QStringLiteral("--poll-interval must be");
        QTest::addRow("duration word") << QStringList { QStringLiteral("--duration"), QStringLiteral("forever") }
                                       << QStringLiteral("--duration must be");
        QTest::addRow("seed negative") << QStringList { QStringLiteral("--seed"), QStringLiteral("-1") }
                                       << QStringLiteral("--seed must be");
        QTest::addRow("scenario") << QStringList { QStringLiteral("--scenario"), QStringLiteral("chaos") }
                                  << QStringLiteral("unknown scenario \"chaos\"");
        QTest::addRow("log level") << QStringList { QStringLiteral("--log-level"), QStringLiteral("loud") }
                                   << QStringLiteral("unknown log level \"loud\"");
        QTest::addRow("positional") << QStringList { QStringLiteral("dbname=farm") }
                                    << QStringLiteral("unexpected argument \"dbname=farm\"");
        QTest::addRow("unknown option") << QStringList { QStringLiteral("--chaos") }
                                        << QStringLiteral("Unknown option 'chaos'");
        QTest::addRow("bad fault") << QStringList { QStringLiteral("--slow"), QStringLiteral("web-02@30") }
                                   << QStringLiteral("--slow web-02@30: expected NAME@T:FACTOR");
        QTest::addRow("redis tls") << QStringList { QStringLiteral("--redis"), QStringLiteral("rediss://cache:6380") }
                                   << QStringLiteral("--redis: rediss:// (TLS) is not supported: this build's "
                                                     "hiredis (0.14) has no TLS");
        QTest::addRow("redis not a url") << QStringList { QStringLiteral("--redis"), QStringLiteral("cache:6379") }
                                         << QStringLiteral("--redis: ");
        QTest::addRow("redis bad database")
            << QStringList { QStringLiteral("--redis"), QStringLiteral("redis://cache:6379/one") }
            << QStringLiteral("--redis: the Redis URL's database \"/one\" is not a number");
        QTest::addRow("redis fault without redis") << QStringList { QStringLiteral("--redis-drop"),
            QStringLiteral("web-01@5") } << QStringLiteral("--redis-drop web-01@5 needs --redis URL");
        QTest::addRow("redis slow without redis") << QStringList { QStringLiteral("--redis-slow"),
            QStringLiteral("5+5") } << QStringLiteral("--redis-slow 5+5 needs --redis URL");
        QTest::addRow("redis bad fault") << QStringList { QStringLiteral("--redis"), QStringLiteral("redis://cache"),
            QStringLiteral("--redis-evict"), QStringLiteral("soon") }
                                         << QStringLiteral("--redis-evict soon: \"soon\" is not a time");
        QTest::addRow("lock bad time") << QStringList { QStringLiteral("--lock"), QStringLiteral("web-02@soon+5") }
                                       << QStringLiteral("--lock web-02@soon+5: \"soon\" is not a time");
        QTest::addRow("deploy bad version") << QStringList { QStringLiteral("--deploy"), QStringLiteral("v/2@60") }
                                            << QStringLiteral("--deploy v/2@60: \"v/2\" is not a valid version");
    }

    void badOptions()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const SimConfig config = parse(arguments);
        QCOMPARE(config.mode, SimConfig::Mode::Error);
        QVERIFY2(config.error.contains(message), qPrintable(config.error));
    }

    void helpDocumentsTheIncident()
    {
        const SimConfig config = parse({ QStringLiteral("--help") });
        QCOMPARE(config.mode, SimConfig::Mode::Help);
        for (const char* line :
            { "t=20s  web-03 hangs during a scheduled run", "t=30s  web-02 becomes slow, processing x25",
                "t=40s  outage of the first storage", "t=45s  web-04's clock runs 3500 ms ahead",
                "t=60s  a new instance joins", "t=90s  the last original instance" })
            QVERIFY2(config.helpText.contains(QLatin1String(line)), line);
        for (const char* line : { "--redis <URL>", "redis://[user@]host[:port][/db]", "--redis-slow T+D",
                 "--redis-evict T", "--redis-drop NAME@T", "REDISCLI_AUTH", "t=70s  Redis answers slowly for 10s",
                 "t=110s Redis evicts keys", "t=130s web-01 drops its Redis connections" })
            QVERIFY2(config.helpText.contains(QLatin1String(line)), line);
        for (const char* line : { "--lock NAME@T+D", "paddock-sim-control", "--long-transaction T+D",
                 "--deploy VERSION@T", "one every\n                                  5 s", "--crash-during-run NAME@T",
                 "--unsafe-scheduler NAME", "--duplicate-name NAME@T",
                 "t=95s  web-05 (web-01 with fewer than 6) waits on a lock on its deliveries for 20s" })
            QVERIFY2(config.helpText.contains(QLatin1String(line)), line);
        QVERIFY(config.helpText.contains(
            QStringLiteral("every instance runs version %1").arg(QLatin1String(SimConfig::DefaultVersion))));
    }

    void instancesAndStorages()
    {
        const auto p
            = plan({ QStringLiteral("--instances"), QStringLiteral("3"), QStringLiteral("--zones"), QStringLiteral("2"),
                QStringLiteral("--storages"), QStringLiteral("5"), QStringLiteral("--seed"), QStringLiteral("1") });
        QVERIFY(p);
        QCOMPARE(p->instances().size(), 3);
        QCOMPARE(p->instances().at(0).name, QStringLiteral("web-01"));
        QCOMPARE(p->instances().at(0).zone, QStringLiteral("zone-a"));
        QCOMPARE(p->instances().at(1).zone, QStringLiteral("zone-b"));
        QCOMPARE(p->instances().at(2).zone, QStringLiteral("zone-a"));
        QCOMPARE(p->instances().at(2).host, QStringLiteral("web-03.zone-a.farm.internal"));
        QCOMPARE(p->instances().at(2).version, QStringLiteral("13.0.1"));
        const QStringList kinds { QStringLiteral("azure-blob"), QStringLiteral("network-share"), QStringLiteral("s3"),
            QStringLiteral("local"), QStringLiteral("azure-blob") };
        QCOMPARE(p->storageNames(),
            (QStringList { QStringLiteral("media"), QStringLiteral("attachments"), QStringLiteral("exports"),
                QStringLiteral("scratch"), QStringLiteral("thumbnails") }));
        for (int i = 0; i < kinds.size(); ++i)
            QCOMPARE(p->storages().at(i).kind, kinds.at(i));
        QCOMPARE(p->seed(), quint64(1));
    }

    void incidentPlan()
    {
        const auto p = plan({ QStringLiteral("--scenario"), QStringLiteral("incident"), QStringLiteral("--seed"),
            QStringLiteral("3") });
        QVERIFY(p);
        QCOMPARE(describe(p->faults()),
            (QStringList {
                QStringLiteral("t=20s crash web-03 during a scheduled run"),
                QStringLiteral("t=30s slow web-02 x25"),
                QStringLiteral("t=40s outage media for 120s on web-01, web-04"),
                QStringLiteral("t=45s skew web-04 +3500 ms"),
                QStringLiteral("t=60s join web-07"),
                QStringLiteral("t=90s leave web-06"),
                QStringLiteral("t=95s lock on web-05's deliveries for 20s"),
            }));
        QCOMPARE(p->instances().size(), 7);
        QCOMPARE(p->instances().last().name, QStringLiteral("web-07"));
        QCOMPARE(p->instances().last().zone, QStringLiteral("zone-a"));
        QCOMPARE(p->instances().last().startAt, 60.0);

        const FaultPlan& f = p->faults();
        QVERIFY(!f.silentAt(QStringLiteral("web-03"), 19.9));
        QVERIFY(f.silentAt(QStringLiteral("web-03"), 20));
        QVERIFY(f.silentAt(QStringLiteral("web-03"), 1e6));
        QVERIFY(!f.silenceEnd(QStringLiteral("web-03"), 25));
        // web-03's silence is a crash with a scheduled run open.
        QCOMPARE(f.crashAt(QStringLiteral("web-03")), std::optional<double>(20));
        QVERIFY(!f.crashAt(QStringLiteral("web-02")));
        QCOMPARE(f.slowFactorAt(QStringLiteral("web-02"), 29), 1.0);
        QCOMPARE(f.slowFactorAt(QStringLiteral("web-02"), 30), 25.0);
        QCOMPARE(f.slowFactorAt(QStringLiteral("web-01"), 30), 1.0);
        QVERIFY(!f.storageDownAt(QStringLiteral("media"), QStringLiteral("web-01"), 39.9));
        QVERIFY(f.storageDownAt(QStringLiteral("media"), QStringLiteral("web-01"), 40));
        QVERIFY(f.storageDownAt(QStringLiteral("media"), QStringLiteral("web-04"), 159.9));
        QVERIFY(!f.storageDownAt(QStringLiteral("media"), QStringLiteral("web-04"), 160));
        QVERIFY(!f.storageDownAt(QStringLiteral("media"), QStringLiteral("web-02"), 100));
        QVERIFY(!f.storageDownAt(QStringLiteral("attachments"), QStringLiteral("web-01"), 100));
        QCOMPARE(f.skewAt(QStringLiteral("web-04"), 44.9), 0);
        QCOMPARE(f.skewAt(QStringLiteral("web-04"), 45), 3500);
        QCOMPARE(f.leaveAt(QStringLiteral("web-06")), std::optional<double>(90));
        QVERIFY(!f.leaveAt(QStringLiteral("web-05")));
        QCOMPARE(f.wakeTimes(QStringLiteral("web-03")), QList<double> { 20 });
        QCOMPARE(f.wakeTimes(QStringLiteral("web-06")), QList<double> { 90 });
        // The lock: web-05's second session serves from a margin before 95 s to a margin after 115 s.
        QVERIFY(!f.lockNear(QStringLiteral("web-05"), 93.9, 1));
        QVERIFY(f.lockNear(QStringLiteral("web-05"), 94, 1));
        QVERIFY(f.lockNear(QStringLiteral("web-05"), 115.9, 1));
        QVERIFY(!f.lockNear(QStringLiteral("web-05"), 116, 1));
        QVERIFY(!f.lockNear(QStringLiteral("web-01"), 100, 1));
        QCOMPARE(f.longestLock(QStringLiteral("web-05")), 20.0);
        QCOMPARE(f.longestLock(QStringLiteral("web-04")), 0.0);
        QVERIFY(f.wakeTimes(QStringLiteral("web-05")).isEmpty());
    }

    void incidentWithRedis()
    {
        const auto p = plan({ QStringLiteral("--scenario"), QStringLiteral("incident"), QStringLiteral("--redis"),
            QStringLiteral("redis://127.0.0.1:6379"), QStringLiteral("--redis-drop"), QStringLiteral("web-07@150"),
            QStringLiteral("--seed"), QStringLiteral("3") });
        QVERIFY(p);
        QCOMPARE(describe(p->faults()),
            (QStringList {
                QStringLiteral("t=20s crash web-03 during a scheduled run"),
                QStringLiteral("t=30s slow web-02 x25"),
                QStringLiteral("t=40s outage media for 120s on web-01, web-04"),
                QStringLiteral("t=45s skew web-04 +3500 ms"),
                QStringLiteral("t=60s join web-07"),
                QStringLiteral("t=70s redis slow for 10s"),
                QStringLiteral("t=90s leave web-06"),
                QStringLiteral("t=95s lock on web-05's deliveries for 20s"),
                QStringLiteral("t=110s redis evicts (maxmemory below used memory)"),
                QStringLiteral("t=130s redis drop web-01"),
                QStringLiteral("t=150s redis drop web-07"),
            }));
        const FaultPlan& f = p->faults();
        QCOMPARE(f.redisDropAt(QStringLiteral("web-01")), std::optional<double>(130));
        QCOMPARE(f.redisDropAt(QStringLiteral("web-07")), std::optional<double>(150));
        QVERIFY(!f.redisDropAt(QStringLiteral("web-02")));
        QCOMPARE(f.wakeTimes(QStringLiteral("web-01")), QList<double> { 130 });
        QCOMPARE(f.wakeTimes(QStringLiteral("web-06")), QList<double> { 90 });
        // The Redis server's own faults wake no instance.
        QCOMPARE(f.wakeTimes(QString()), QList<double>());
        QVERIFY(p->describe(parse({ QStringLiteral("--redis"), QStringLiteral("redis://127.0.0.1:6379") }))
                    .contains(QLatin1String("cache in Redis at redis://127.0.0.1:6379")));

        QString error;
        QVERIFY(!plan({ QStringLiteral("--redis"), QStringLiteral("redis://cache"), QStringLiteral("--redis-drop"),
                          QStringLiteral("web-09@5") },
            &error));
        QVERIFY2(error.contains(QLatin1String("--redis-drop web-09@5: no instance \"web-09\"")), qPrintable(error));
    }

    void incidentWithFourInstancesAndExtraFaults()
    {
        const auto p = plan({ QStringLiteral("--scenario"), QStringLiteral("incident"), QStringLiteral("-n"),
            QStringLiteral("4"), QStringLiteral("--join"), QStringLiteral("30"), QStringLiteral("--silence"),
            QStringLiteral("web-06@100"), QStringLiteral("--seed"), QStringLiteral("3") });
        QVERIFY(p);
        QCOMPARE(describe(p->faults()),
            (QStringList {
                QStringLiteral("t=20s crash web-03 during a scheduled run"),
                QStringLiteral("t=30s slow web-02 x25"),
                QStringLiteral("t=30s join web-05"),
                QStringLiteral("t=40s outage media for 120s on web-01, web-04"),
                QStringLiteral("t=45s skew web-04 +3500 ms"),
                QStringLiteral("t=60s join web-06"),
                QStringLiteral("t=90s leave web-04"),
                QStringLiteral("t=95s lock on web-01's deliveries for 20s"),
                QStringLiteral("t=100s silence web-06"),
            }));
        QCOMPARE(p->instances().size(), 6);
        QCOMPARE(p->instances().at(4).startAt, 30.0);
        QCOMPARE(p->instances().at(5).startAt, 60.0);
    }

    void rejectedPlans_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");

        QTest::addRow("incident, 3 instances") << QStringList { QStringLiteral("--scenario"),
            QStringLiteral("incident"), QStringLiteral("-n"), QStringLiteral("3") }
                                               << QStringLiteral("--scenario incident needs --instances 4 or more");
        QTest::addRow("incident, no storage") << QStringList { QStringLiteral("--scenario"), QStringLiteral("incident"),
            QStringLiteral("--storages"), QStringLiteral("0") }
                                              << QStringLiteral("--scenario incident needs --storages 1 or more");
        QTest::addRow("unknown instance")
            << QStringList { QStringLiteral("--silence"), QStringLiteral("web-09@20") }
            << QStringLiteral("--silence web-09@20: no instance \"web-09\" (instances: web-01 … web-06)");
        QTest::addRow("joined later") << QStringList { QStringLiteral("--join"), QStringLiteral("10"),
            QStringLiteral("--leave"), QStringLiteral("web-08@20") }
                                      << QStringLiteral("no instance \"web-08\" (instances: web-01 … web-07)");
        QTest::addRow("unknown storage") << QStringList {
            QStringLiteral("--outage"), QStringLiteral("photos@40+120")
        } << QStringLiteral("--outage photos@40+120: no storage \"photos\" (storages: media, attachments)");
        QTest::addRow("no storages") << QStringList { QStringLiteral("--storages"), QStringLiteral("0"),
            QStringLiteral("--outage"), QStringLiteral("media@1") }
                                     << QStringLiteral("no storage \"media\" (--storages is 0)");
        QTest::addRow("outage, unknown instance")
            << QStringList { QStringLiteral("--outage"), QStringLiteral("media@1+1:web-01,web-99") }
            << QStringLiteral("no instance \"web-99\"");
        QTest::addRow("lock, unknown instance") << QStringList {
            QStringLiteral("-n"), QStringLiteral("3"), QStringLiteral("--lock"), QStringLiteral("web-04@5+5")
        } << QStringLiteral("--lock web-04@5+5: no instance \"web-04\" (instances: web-01, web-02, web-03)");
    }

    void rejectedPlans()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!plan(arguments, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void incidentWithFiveInstances()
    {
        // web-05 of 5 leaves at 90 s: the lock falls on web-01, whom no instance-wide fault stops.
        const auto p = plan({ QStringLiteral("--scenario"), QStringLiteral("incident"), QStringLiteral("-n"),
            QStringLiteral("5"), QStringLiteral("--seed"), QStringLiteral("3") });
        QVERIFY(p);
        QVERIFY(describe(p->faults()).contains(QStringLiteral("t=90s leave web-05")));
        QVERIFY(describe(p->faults()).contains(QStringLiteral("t=95s lock on web-01's deliveries for 20s")));
    }

    void deployPlan()
    {
        // web-02 leaves before its turn (65 s); web-04 joined before the deploy and has the turn
        // after web-03; web-05 joins after it and starts on the new version. A second deploy
        // restarts everyone running by then.
        const auto p = plan({ QStringLiteral("-n"), QStringLiteral("3"), QStringLiteral("--join"), QStringLiteral("10"),
            QStringLiteral("--join"), QStringLiteral("70"), QStringLiteral("--leave"), QStringLiteral("web-02@62"),
            QStringLiteral("--deploy"), QStringLiteral("14.0.0@60"), QStringLiteral("--deploy"),
            QStringLiteral("14.1.0@200"), QStringLiteral("--seed"), QStringLiteral("1") });
        QVERIFY(p);
        QCOMPARE(describe(p->faults()),
            (QStringList {
                QStringLiteral("t=10s join web-04"),
                QStringLiteral("t=60s deploy 14.0.0, restarting web-01, web-03, web-04 one every 5s"),
                QStringLiteral("t=62s leave web-02"),
                QStringLiteral("t=70s join web-05"),
                QStringLiteral("t=200s deploy 14.1.0, restarting web-01, web-03, web-04, web-05 one every 5s"),
            }));
        QStringList versions;
        for (const InstanceSpec& spec : p->instances())
            versions.append(spec.name + QLatin1Char(' ') + spec.version);
        QCOMPARE(versions,
            (QStringList { QStringLiteral("web-01 13.0.1"), QStringLiteral("web-02 13.0.1"),
                QStringLiteral("web-03 13.0.1"), QStringLiteral("web-04 13.0.1"), QStringLiteral("web-05 14.0.0") }));
        const FaultPlan& f = p->faults();
        const auto restarts = [&f](const char* name) {
            QStringList list;
            for (const FaultPlan::Restart& restart : f.restarts(QLatin1String(name)))
                list.append(QStringLiteral("%1@%2").arg(restart.version).arg(restart.at));
            return list;
        };
        QCOMPARE(restarts("web-01"), (QStringList { QStringLiteral("14.0.0@60"), QStringLiteral("14.1.0@200") }));
        QCOMPARE(restarts("web-02"), QStringList());
        QCOMPARE(restarts("web-03"), (QStringList { QStringLiteral("14.0.0@65"), QStringLiteral("14.1.0@205") }));
        QCOMPARE(restarts("web-04"), (QStringList { QStringLiteral("14.0.0@70"), QStringLiteral("14.1.0@210") }));
        QCOMPARE(restarts("web-05"), (QStringList { QStringLiteral("14.1.0@215") }));
        QCOMPARE(f.wakeTimes(QStringLiteral("web-03")), (QList<double> { 65, 205 }));
        QCOMPARE(f.wakeTimes(QStringLiteral("web-02")), QList<double> { 62 });
        const QString text = p->describe(parse({}));
        QVERIFY2(text.contains(QLatin1String("version 13.0.1, joins at t=10s, restarts on 14.0.0 at t=70s, restarts on "
                                             "14.1.0 at t=210s\n")),
            qPrintable(text));
        QVERIFY(text.contains(QLatin1String("version 14.0.0, joins at t=70s, restarts on 14.1.0 at t=215s\n")));
        QVERIFY(text.contains(QLatin1String("version 13.0.1\n"))); // web-02, which leaves first

        // A big farm's deploy is named by its first and last instances.
        const auto big
            = plan({ QStringLiteral("-n"), QStringLiteral("100"), QStringLiteral("--deploy"), QStringLiteral("2@1") });
        QVERIFY(big);
        QCOMPARE(big->faults().events().constFirst().describe(),
            QStringLiteral("deploy 2, restarting web-001, web-002 … web-100 (100 instances) one every 5s"));
        QCOMPARE(big->faults().restarts(QStringLiteral("web-100")).constFirst().at, 1 + 99 * 5.0);
    }

    void scheduledFaults()
    {
        const SimConfig config = parse({ QStringLiteral("-n"), QStringLiteral("3"), QStringLiteral("--duplicate-name"),
            QStringLiteral("web-02@50"), QStringLiteral("--crash-during-run"), QStringLiteral("web-01@1m"),
            QStringLiteral("--unsafe-scheduler"), QStringLiteral("web-03"), QStringLiteral("--seed"),
            QStringLiteral("4") });
        QCOMPARE(config.mode, SimConfig::Mode::Run);
        QString error;
        const auto p = SimPlan::build(config, &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(describe(p->faults()),
            (QStringList {
                QStringLiteral("t=0s unsafe scheduler web-03 (runs due tasks without claiming them)"),
                QStringLiteral("t=50s duplicate name web-02 (a second process registers under it)"),
                QStringLiteral("t=60s crash web-01 during a scheduled run"),
            }));
        const FaultPlan& f = p->faults();
        // A crash is a silence until the end, and wakes the instance at its time.
        QVERIFY(!f.silentAt(QStringLiteral("web-01"), 59.9));
        QVERIFY(f.silentAt(QStringLiteral("web-01"), 60));
        QVERIFY(f.silentAt(QStringLiteral("web-01"), 1e6));
        QVERIFY(!f.silenceEnd(QStringLiteral("web-01"), 70));
        QCOMPARE(f.crashAt(QStringLiteral("web-01")), std::optional<double>(60));
        QCOMPARE(f.wakeTimes(QStringLiteral("web-01")), QList<double> { 60 });
        QVERIFY(f.unsafeScheduler(QStringLiteral("web-03")));
        QVERIFY(!f.unsafeScheduler(QStringLiteral("web-02")));
        QVERIFY(!f.silentAt(QStringLiteral("web-02"), 100));
        // The second process of web-02: the same name, zone and version, from 50 s, its own streams.
        QCOMPARE(p->instances().size(), 4);
        const InstanceSpec& second = p->instances().last();
        QCOMPARE(second.name, QStringLiteral("web-02"));
        QVERIFY(second.secondProcess);
        QCOMPARE(second.startAt, 50.0);
        QCOMPARE(second.zone, p->instances().at(1).zone);
        QCOMPARE(second.processName(), QStringLiteral("web-02 (second process)"));
        QVERIFY(p->seedFor(second.processName(), "tasks") != p->seedFor(second.name, "tasks"));
        QCOMPARE(p->instances().at(1).processName(), QStringLiteral("web-02"));

        const QString text = p->describe(config);
        QVERIFY2(text.contains(QLatin1String("web-02  zone-b  web-02.zone-b.farm.internal     version 13.0.1, a "
                                             "second process from t=50s")),
            qPrintable(text));
        QVERIFY(text.contains(QLatin1String("  web-02 (second process):\n")));
        QVERIFY(text.contains(QLatin1String("t=60s     crash web-01 during a scheduled run")));
        // The scheduled tasks every instance registers, 10 s to 5 min apart.
        QCOMPARE(SimScheduler::tasks().size(), size_t(5));
        for (const ScheduledTaskSpec& task : SimScheduler::tasks()) {
            QVERIFY(task.intervalS >= 10 && task.intervalS <= 300);
            QVERIFY(task.medianS * 5 < task.timeoutS); // a run, capped, never outlasts its timeout
            QVERIFY2(text.contains(QStringLiteral("  %1").arg(QLatin1String(task.name)).leftJustified(19)
                         + QStringLiteral("every %1s, timeout %2s").arg(task.intervalS).arg(task.timeoutS)),
                task.name);
        }
        QVERIFY(text.contains(QLatin1String("  sitemap          every 10s, timeout 60s, runs ~0.8s")));
        QVERIFY(text.contains(QLatin1String("  newsletter       every 300s, timeout 900s, runs ~8s")));
        QCOMPARE(text, SimPlan::build(config, &error)->describe(config));

        QVERIFY(!plan({ QStringLiteral("--duplicate-name"), QStringLiteral("web-09@5") }, &error));
        QVERIFY2(error.contains(QLatin1String("--duplicate-name web-09@5: no instance \"web-09\"")), qPrintable(error));
        QVERIFY(!plan({ QStringLiteral("--unsafe-scheduler"), QStringLiteral("web-09") }, &error));
        QVERIFY2(error.contains(QLatin1String("--unsafe-scheduler web-09: no instance")), qPrintable(error));
    }

    void joinedInstanceMayHaveFaults()
    {
        const auto p = plan({ QStringLiteral("--join"), QStringLiteral("10"), QStringLiteral("--slow"),
            QStringLiteral("web-07@20:3") });
        QVERIFY(p);
        QCOMPARE(p->faults().slowFactorAt(QStringLiteral("web-07"), 25), 3.0);
    }

    void silenceWithDuration()
    {
        const auto p = plan({ QStringLiteral("-n"), QStringLiteral("3"), QStringLiteral("--silence"),
            QStringLiteral("web-01@10+5"), QStringLiteral("--silence"), QStringLiteral("web-01@14+4"),
            QStringLiteral("--slow"), QStringLiteral("web-02@5:4"), QStringLiteral("--slow"),
            QStringLiteral("web-02@8:1"), QStringLiteral("--outage"), QStringLiteral("media@3+2") });
        QVERIFY(p);
        const FaultPlan& f = p->faults();
        QVERIFY(!f.silentAt(QStringLiteral("web-01"), 9.9));
        QVERIFY(f.silentAt(QStringLiteral("web-01"), 12));
        QVERIFY(f.silentAt(QStringLiteral("web-01"), 16));
        QVERIFY(!f.silentAt(QStringLiteral("web-01"), 18));
        QCOMPARE(f.silenceEnd(QStringLiteral("web-01"), 11), std::optional<double>(18)); // the two silences join up
        QCOMPARE(f.wakeTimes(QStringLiteral("web-01")), (QList<double> { 10, 14, 15, 18 }));
        QCOMPARE(f.slowFactorAt(QStringLiteral("web-02"), 6), 4.0);
        QCOMPARE(f.slowFactorAt(QStringLiteral("web-02"), 9), 1.0);
        for (const char* name : { "web-01", "web-02", "web-03" }) {
            QVERIFY(f.storageDownAt(QStringLiteral("media"), QLatin1String(name), 4));
            QVERIFY(!f.storageDownAt(QStringLiteral("media"), QLatin1String(name), 5));
        }
    }

    void taskSequenceIsDeterministic()
    {
        const QString web01 = QStringLiteral("web-01");
        QVERIFY(sameTasks(tasks(42, web01, 500), tasks(42, web01, 500)));
        QVERIFY(!sameTasks(tasks(42, web01, 10), tasks(43, web01, 10)));
        QVERIFY(!sameTasks(tasks(42, web01, 10), tasks(42, QStringLiteral("web-02"), 10)));
        // The streams of one instance are independent of each other.
        QVERIFY(SimRandom::seedFor(42, web01, "tasks") != SimRandom::seedFor(42, web01, "work"));
        QCOMPARE(SimRandom::seedFor(42, web01, "tasks"), SimRandom::seedFor(42, web01, "tasks"));
    }

    void dryRunIsDeterministic()
    {
        const QStringList arguments { QStringLiteral("--scenario"), QStringLiteral("incident"),
            QStringLiteral("--seed"), QStringLiteral("5") };
        const SimConfig config = parse(arguments);
        QString error;
        const auto a = SimPlan::build(config, &error);
        const auto b = SimPlan::build(config, &error);
        QVERIFY(a && b);
        QCOMPARE(a->describe(config), b->describe(config));
        const SimConfig other = parse({ QStringLiteral("--scenario"), QStringLiteral("incident"),
            QStringLiteral("--seed"), QStringLiteral("6") });
        const auto c = SimPlan::build(other, &error);
        QVERIFY(c);
        QVERIFY(a->describe(config) != c->describe(other));
        const QString text = a->describe(config);
        QVERIFY(text.contains(QLatin1String("seed 5")));
        QVERIFY(text.contains(QLatin1String("web-07  zone-a  web-07.zone-a.farm.internal")));
        QVERIFY(text.contains(QLatin1String("t=40s     outage media for 120s on web-01, web-04")));
        QCOMPARE(
            text.count(QRegularExpression(QStringLiteral("^    [A-Z_]+ +\\S+$"), QRegularExpression::MultilineOption)),
            70);
    }

    void taskMix()
    {
        constexpr int Count = 50000;
        const QList<SimTask> list = tasks(7, QStringLiteral("web-01"), Count);
        QMap<QString, int> byType;
        for (const SimTask& task : list) {
            ++byType[task.type];
            QVERIFY(!task.type.isEmpty());
            if (TaskGenerator::isFileType(task.type)) {
                QVERIFY(!task.isMemory);
                const QString storage = TaskGenerator::storageOf(task.target);
                QVERIFY2(storage == QLatin1String("media") || storage == QLatin1String("attachments"),
                    qPrintable(task.target));
            } else {
                QVERIFY(task.isMemory);
            }
            if (task.type == QLatin1String("RESTART_APPLICATION"))
                QVERIFY(task.target.isNull());
            else
                QVERIFY2(!task.target.isEmpty(), qPrintable(task.type));
        }
        const auto share = [&](const char* type) { return double(byType.value(QLatin1String(type))) / Count; };
        QVERIFY(std::abs(share("TOUCH_CACHE_ITEM") - 0.30) < 0.02);
        QVERIFY(std::abs(share("REMOVE_CACHE_ITEM") - 0.25) < 0.02);
        QVERIFY(std::abs(share("UPDATE_METAFILE") + share("DELETE_METAFILE") - 0.20) < 0.02);
        QVERIFY(share("CUSTOM_WEBHOOK") > 0.005 && share("CUSTOM_WEBHOOK") < 0.015);
        QVERIFY(share("RESTART_APPLICATION") < 0.002);
        QVERIFY(share("INVALIDATE_OBJECT") > 0.1);
        QVERIFY(share("CLEAR_CACHE_ITEMS") > 0.05);
        QVERIFY(share("CLEAR_FULL_PAGE_CACHE") > 0.02);
        QVERIFY(!byType.contains(QStringLiteral("CLEAR_CACHE"))); // only an operator creates those
    }

    void randomDistributions()
    {
        SimRandom random(11);
        QList<double> samples;
        double exponentialSum = 0;
        for (int i = 0; i < 20001; ++i) {
            samples.append(random.logNormal(25, 0.9));
            exponentialSum += random.exponential(0.05);
        }
        std::sort(samples.begin(), samples.end());
        QVERIFY2(std::abs(samples.at(10000) - 25) < 1.5, qPrintable(QString::number(samples.at(10000))));
        QVERIFY(samples.last() > 200); // the long tail
        QVERIFY(std::abs(exponentialSum / 20001 - 0.05) < 0.002);
        for (int i = 0; i < 1000; ++i) {
            const double u = random.uniform();
            QVERIFY(u >= 0 && u < 1);
            const int index = random.index(3);
            QVERIFY(index >= 0 && index < 3);
        }
    }
};

QTEST_GUILESS_MAIN(TestSimConfig)
#include "tst_simconfig.moc"
