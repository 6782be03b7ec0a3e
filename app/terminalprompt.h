#pragma once

#include "pgconnection.h"

#include <QString>

namespace Paddock {

// Asks for a password on the controlling terminal with echo off; empty when there is no terminal,
// when the interrupt is set (the caller is closing) or on Ctrl+C, which is then passed on to the
// handler that was there before, with the terminal's echo restored.
QString askPasswordOnTerminal(const QString& prompt, const PgInterrupt& interrupt = {});

} // namespace Paddock
