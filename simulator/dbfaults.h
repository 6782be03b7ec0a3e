#pragma once

#include "faultplan.h"
#include "pgconnection.h"
#include "simconfig.h"

#include <chrono>
#include <QList>
#include <QString>
#include <thread>
#include <vector>

namespace Paddock {

class PgError;
class StopFlag;

// The faults of the database itself (--lock, --long-transaction), played on time from control
// sessions of the simulator's own (application_name paddock-sim-control, so no instance's), one
// session per fault while it holds. Each ends its transaction with a ROLLBACK at its end or when the
// farm stops; a killed simulator's sessions are rolled back by the server when their sockets close.
class DbFaults {
public:
    using Clock = std::chrono::steady_clock;

    DbFaults(const QString& conninfo, const FaultPlan& faults, StopFlag* stop, Clock::time_point start);
    ~DbFaults();
    DbFaults(const DbFaults&) = delete;
    DbFaults& operator=(const DbFaults&) = delete;

    // Whether the plan holds a fault of the database: else there is nothing to start.
    static bool needed(const FaultPlan& faults);
    void start();
    // Waits for the thread, which rolls back whatever it holds once the farm stops.
    void join();

private:
    // One fault in progress: its session, idle in its transaction between statements.
    struct Hold {
        FaultEvent event;
        PgConnection session;
        qint64 lockedRows = 0; // --lock: the deliveries locked so far (0: try again shortly)
        Clock::time_point nextTry;
    };

    void run();
    void begin(const FaultEvent& event);
    // --lock: locks the instance's pending deliveries; false when that failed (the hold is over).
    bool lockDeliveries(Hold* hold);
    void end(Hold* hold, double t);
    // Logs what went wrong; a --lock the server refuses is an error once in the run, and the next
    // ones are not tried.
    void failed(const FaultEvent& event, const PgError& error);
    Clock::time_point timeAt(double t) const;

    QString m_conninfo;
    QList<FaultEvent> m_events; // lock and long-transaction, by time
    StopFlag* m_stop;
    Clock::time_point m_start;
    std::thread m_thread;
    std::vector<Hold> m_holds;
    bool m_lockRefused = false;
};

} // namespace Paddock
