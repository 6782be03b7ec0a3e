#pragma once

#include <QString>
#include <QStringList>

#include <spdlog/common.h>

namespace Paddock {

// What the user asked for on the command line; parsing never touches the network.
struct CommandLine {
    enum class Mode { Gui, Schema, Help, Version, Error };
    Mode mode = Mode::Gui;
    QString subcommand; // schema: install | check | upgrade
    QString connect; // libpq connection string or URI; empty = PG* environment
    spdlog::level::level_enum logLevel = spdlog::level::warn;
    QString helpText;
    QString error;

    static CommandLine parse(const QStringList& arguments);
};

} // namespace Paddock
