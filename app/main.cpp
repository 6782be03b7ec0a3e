#include "commandline.h"
#include "farmcommands.h"
#include "logging.h"
#include "mainwindow.h"
#include "passwordscrub.h"
#include "recording.h"
#include "schemacommand.h"
#include "settings.h"

#include <memory>
#include <QApplication>
#include <QTextStream>
#include <QTimer>

namespace {

int runWindow(const Paddock::CommandLine& commandLine, Paddock::Settings* settings)
{
    QTextStream err(stderr);
    QDateTime at;
    if (commandLine.mode == Paddock::CommandLine::Mode::Open) {
        // Refused files are told on the terminal, before any window: scripts see the exit status.
        QString error;
        const auto recording = Paddock::Recording::open(
            commandLine.recording, Paddock::Recording::Mode::ReadOnly, &error, Paddock::Recording::Check::Full);
        if (!recording) {
            err << "paddock: " << error << Qt::endl;
            return 2;
        }
        if (!commandLine.at.isEmpty()) {
            at = Paddock::Recording::parseTime(commandLine.at, recording->info().last);
            if (!at.isValid()) {
                err << "paddock: --at \"" << commandLine.at << "\" is not a time (ISO 8601, or -15m, -90s, -2h)"
                    << Qt::endl;
                return 2;
            }
        }
    }
    Paddock::MainWindow window(settings);
    if (!commandLine.screenshot.isEmpty())
        window.resize(1600, 1000);
    window.show();
    if (commandLine.mode == Paddock::CommandLine::Mode::Open)
        window.openRecording(commandLine.recording, at);
    else if (!commandLine.connect.isEmpty() || !commandLine.screenshot.isEmpty())
        window.connectTo(commandLine.connect, commandLine.readOnly, commandLine.readConnect, commandLine.redis);
    else
        QTimer::singleShot(0, &window, &Paddock::MainWindow::showConnectDialog);

    int status = 0;
    if (!commandLine.screenshot.isEmpty()) {
        QTimer::singleShot(int(commandLine.screenshotAfterS * 1000), &window, [&] {
            QString error;
            if (!window.saveScreenshot(commandLine.screenshot, &error)) {
                err << "paddock: " << error << Qt::endl;
                status = 1;
            }
            QApplication::exit(status);
        });
    }
    const int result = QApplication::exec();
    return status ? status : result;
}

} // namespace

int main(int argc, char* argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    Paddock::CommandLine commandLine = Paddock::CommandLine::parse(arguments);
    // Parsed: the arguments' own memory, which the process list shows, no longer needs a password.
    bool hidden = false;
    for (int i = 1; i < argc; ++i)
        hidden = Paddock::hidePasswords(argv[i]) || hidden;
    if (hidden) {
        QTextStream(stderr) << "paddock: the password given on the command line is hidden from the process list; "
                               "a ~/.pgpass entry or the password prompt keeps it off the command line altogether"
                            << Qt::endl;
    }

    // The window needs a QApplication; the command-line modes must also run without a display.
    std::unique_ptr<QCoreApplication> app;
    const bool window
        = commandLine.mode == Paddock::CommandLine::Mode::Gui || commandLine.mode == Paddock::CommandLine::Mode::Open;
    if (window)
        app = std::make_unique<QApplication>(argc, argv);
    else
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Paddock"));
    QCoreApplication::setApplicationName(QStringLiteral("paddock"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PADDOCK_VERSION));
    if (window)
        QGuiApplication::setDesktopFileName(QStringLiteral("io.github.paddockhq.Paddock"));

    QTextStream out(stdout);
    QTextStream err(stderr);
    Paddock::Log::init(commandLine.logLevel);
    Paddock::Settings settings;
    if (const QString error = Paddock::applyProfile(commandLine, settings.profiles()); !error.isEmpty()) {
        err << "paddock: " << error << Qt::endl;
        return 2;
    }
    switch (commandLine.mode) {
    case Paddock::CommandLine::Mode::Help:
        out << commandLine.helpText;
        return 0;
    case Paddock::CommandLine::Mode::Manual:
        out << commandLine.manualPage;
        return 0;
    case Paddock::CommandLine::Mode::Version:
        out << "paddock " << PADDOCK_VERSION << Qt::endl;
        return 0;
    case Paddock::CommandLine::Mode::Error:
        err << "paddock: " << commandLine.error << Qt::endl << "Try `paddock --help`." << Qt::endl;
        return 2;
    case Paddock::CommandLine::Mode::Schema:
        return Paddock::runSchemaCommand(commandLine);
    case Paddock::CommandLine::Mode::Report:
        return Paddock::runReportCommand(commandLine, settings);
    case Paddock::CommandLine::Mode::Watch:
        return Paddock::runWatchCommand(commandLine, settings);
    case Paddock::CommandLine::Mode::Flush:
        return Paddock::runFlushCommand(commandLine, settings);
    case Paddock::CommandLine::Mode::Gui:
    case Paddock::CommandLine::Mode::Open:
        return runWindow(commandLine, &settings);
    }
    return 2;
}
