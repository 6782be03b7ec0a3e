#include "farm.h"
#include "logging.h"
#include "simconfig.h"
#include "simplan.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("paddock-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PADDOCK_VERSION));

    const Paddock::SimConfig config = Paddock::SimConfig::parse(QCoreApplication::arguments());
    QTextStream out(stdout);
    QTextStream err(stderr);
    switch (config.mode) {
    case Paddock::SimConfig::Mode::Help:
        out << config.helpText;
        return 0;
    case Paddock::SimConfig::Mode::Manual:
        out << config.manualPage;
        return 0;
    case Paddock::SimConfig::Mode::Version:
        out << "paddock-sim " << PADDOCK_VERSION << Qt::endl;
        return 0;
    case Paddock::SimConfig::Mode::Error:
        err << "paddock-sim: " << config.error << Qt::endl << "Try `paddock-sim --help`." << Qt::endl;
        return 2;
    case Paddock::SimConfig::Mode::DryRun:
    case Paddock::SimConfig::Mode::Run:
        break;
    }

    QString error;
    auto plan = Paddock::SimPlan::build(config, &error);
    if (!plan) {
        err << "paddock-sim: " << error << Qt::endl;
        return 2;
    }
    if (config.mode == Paddock::SimConfig::Mode::DryRun) {
        out << plan->describe(config);
        return 0;
    }

    Paddock::Log::init(config.logLevel);
    Paddock::Farm farm(config, std::move(*plan));
    farm.catchSignals();
    return farm.run();
}
