#pragma once

#include "enginetypes.h"

#include <optional>
#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace Paddock {

// Whether the figures the window shows are still known, and the banner that says how old they are
// (DESIGN.md section 4, "Unknown is not healthy"). Policy without widgets: the window only shows it.
class Freshness {
    Q_DECLARE_TR_FUNCTIONS(Freshness)

public:
    struct Input {
        ConnectionState state;
        bool replay = false; // a recording opened for replay: no database, nothing ages
        bool haveData = false; // an update was shown
        bool recorded = false; // what is shown was read back from the flight recorder
        bool recorderWriting = false; // the live recorder keeps the farm
        QDateTime lastDataAt; // local clock, when the shown data arrived (recorded: its time)
        int deadlineMs = 0; // the engine's round-trip deadline
        // Read on a hot standby: how far its replay was behind when the shown data was read.
        std::optional<qint64> replayLagMs;
        QDateTime now; // local clock
    };

    explicit Freshness(Input input);

    // How old the shown data is: since it arrived, plus the standby's replay lag.
    double dataAgeS() const;
    // Live data older than the deadline: the database has not answered a refresh in time.
    bool isOverdue() const;
    // Read on a standby whose replay is more than the deadline behind.
    bool isBehind() const;
    // No instance may be shown healthy on the data shown.
    bool isUnknown() const;
    // The window is greyed.
    bool isStale() const;
    // Empty when nothing needs saying.
    QString banner() const;

private:
    Input m_in;
};

} // namespace Paddock
