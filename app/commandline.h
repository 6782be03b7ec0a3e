#pragma once

#include "settings.h"

#include <QString>
#include <QStringList>
#include <spdlog/common.h>

namespace Paddock {

// What the user asked for on the command line; parsing never touches the network.
struct CommandLine {
    enum class Mode { Gui, Open, Schema, Report, Watch, Flush, Help, Manual, Version, Error };
    Mode mode = Mode::Gui;
    QString subcommand; // schema: install | check | upgrade | maintain
    bool dryRun = false; // schema upgrade: print the steps and their locks, change nothing
    QString grantMonitoring; // schema install/upgrade: the role to GRANT pg_monitor to
    QString keep = QStringLiteral("7 days"); // schema maintain: the retention, as a PostgreSQL interval
    QString connect; // libpq connection string or URI; empty = PG* environment
    QString readConnect; // read the figures here (a hot standby); flushes still go to `connect`
    QString redis; // the farm's Redis, redis://[user@]host:port[/db]; empty: none
    QString profile; // --profile NAME: a saved connection profile, applied by applyProfile()
    spdlog::level::level_enum logLevel = spdlog::level::warn;
    int windowS = 0; // 0 = the setting
    bool json = false;
    double intervalS = 0; // watch: 0 = the setting
    // flight recordings
    QString recording; // report --recording FILE, open FILE: read this recording
    QString at; // report / open: the moment to show (ISO 8601 or -15m); empty = the end
    QString record; // watch --record FILE: record into this file
    // flush
    QString flushScope; // farm | servers | keys
    QStringList flushServers;
    QStringList flushKeys;
    QString reason;
    double waitS = 0;
    // gui
    bool readOnly = false;
    QString screenshot; // save the window to this file and exit
    double screenshotAfterS = 8;

    QString helpText;
    QString manualPage; // --man: paddock(1) in roff
    QString error;

    static CommandLine parse(const QStringList& arguments);
};

// Fills in what --profile NAME names among the saved profiles (the window's Connect dialog keeps
// them): its connection string and Redis where the command line gave none, and read-only when the
// profile is. Returns why it cannot (no such profile), or nothing.
QString applyProfile(CommandLine& commandLine, const QList<ConnectionProfile>& profiles);

} // namespace Paddock
