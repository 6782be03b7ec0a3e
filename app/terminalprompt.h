#pragma once

#include <QString>

namespace Paddock {

// Asks for a password on the controlling terminal with echo off; empty when there is no terminal.
QString askPasswordOnTerminal(const QString& prompt);

} // namespace Paddock
