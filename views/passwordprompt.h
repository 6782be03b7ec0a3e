#pragma once

#include "pgconnection.h"

#include <functional>
#include <QString>

class QWidget;

namespace Paddock {

// How the engine's thread asks for a password (EngineSettings::passwordPrompt): a dialog over
// `window`, on the GUI thread. The engine's thread waits for the answer, never the window for the
// engine: the wait ends when the engine closes (its interrupt), and an answer given after that is
// dropped.
std::function<QString(const QString& prompt, const PgInterrupt& interrupt)> passwordPrompt(QWidget* window);

} // namespace Paddock
