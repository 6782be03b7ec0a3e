#include "dbfaults.h"

#include "logging.h"
#include "pgerror.h"
#include "stopflag.h"

#include <algorithm>

namespace Paddock {

namespace {

// A --lock that found nothing to lock (no pending delivery yet, or the instance has not registered)
// tries again this often while it lasts.
constexpr auto LockRetry = std::chrono::milliseconds(200);

// The instance's pending deliveries, locked until the transaction ends: the classic long UPDATE of
// server_task. The instance processes the oldest first, so its next complete_task waits on it.
const char* const LockSql = "UPDATE webfarm.server_task st SET error_message = st.error_message "
                            "FROM webfarm.server s WHERE s.name = $1 AND st.server_id = s.id "
                            "AND st.processed_at IS NULL";

std::string str(const QString& text)
{
    return text.toStdString();
}

} // namespace

DbFaults::DbFaults(const QString& conninfo, const FaultPlan& faults, StopFlag* stop, Clock::time_point start)
    : m_conninfo(conninfo)
    , m_stop(stop)
    , m_start(start)
{
    for (const FaultEvent& event : faults.events()) {
        if (event.isDatabase())
            m_events.append(event);
    }
}

DbFaults::~DbFaults()
{
    join();
}

bool DbFaults::needed(const FaultPlan& faults)
{
    return std::any_of(
        faults.events().cbegin(), faults.events().cend(), [](const FaultEvent& event) { return event.isDatabase(); });
}

void DbFaults::start()
{
    m_thread = std::thread([this] { run(); });
}

void DbFaults::join()
{
    if (m_thread.joinable())
        m_thread.join();
}

DbFaults::Clock::time_point DbFaults::timeAt(double t) const
{
    return m_start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(t));
}

void DbFaults::run()
{
    QList<FaultEvent> pending = m_events;
    double t = 0;
    while (!m_stop->isRequested()) {
        const auto now = Clock::now();
        t = std::chrono::duration<double>(now - m_start).count();
        while (!pending.isEmpty() && pending.constFirst().at <= t)
            begin(pending.takeFirst());
        Clock::time_point next = pending.isEmpty() ? Clock::time_point::max() : timeAt(pending.constFirst().at);
        for (auto hold = m_holds.begin(); hold != m_holds.end();) {
            const double endsAt = hold->event.at + hold->event.duration;
            const bool locking = hold->event.kind == FaultEvent::Kind::Lock && hold->lockedRows == 0;
            if (t >= endsAt) {
                end(&*hold, t);
                hold = m_holds.erase(hold);
                continue;
            }
            if (locking && now >= hold->nextTry && !lockDeliveries(&*hold)) {
                hold = m_holds.erase(hold);
                continue;
            }
            next = std::min(next, timeAt(endsAt));
            if (hold->event.kind == FaultEvent::Kind::Lock && hold->lockedRows == 0)
                next = std::min(next, hold->nextTry);
            ++hold;
        }
        m_stop->waitUntil(next);
    }
    // The farm stops: nothing may stay locked or open behind it.
    t = std::chrono::duration<double>(Clock::now() - m_start).count();
    for (Hold& hold : m_holds)
        end(&hold, t);
    m_holds.clear();
}

void DbFaults::begin(const FaultEvent& event)
{
    if (event.kind == FaultEvent::Kind::Lock && m_lockRefused)
        return;
    Hold hold;
    hold.event = event;
    try {
        ConnectOptions options;
        options.applicationName = QStringLiteral("paddock-sim-control");
        options.connectTimeoutS = 5;
        // Its statements wait at most for an instance's own short transaction to end.
        options.statementTimeoutMs = 10'000;
        hold.session = PgConnection::open(m_conninfo, options);
        // The transaction must last its D, whatever the server's default says.
        hold.session.exec(QStringLiteral("SET idle_in_transaction_session_timeout = 0"));
        if (event.kind == FaultEvent::Kind::LongTransaction) {
            // Repeatable read keeps the first statement's snapshot to the end (vacuum keeps what it
            // may see), and pg_current_xact_id() gives the transaction its id.
            hold.session.exec(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ"));
            const QString xid = hold.session.exec(QStringLiteral("SELECT pg_current_xact_id()::text")).scalar();
            Log::sim()->info("long transaction: pid {} (paddock-sim-control) holds transaction {} and its snapshot, "
                             "idle, until t={:.1f}s",
                hold.session.backendPid(), str(xid), event.at + event.duration);
        } else {
            hold.session.exec(QStringLiteral("BEGIN"));
        }
    } catch (const PgError& error) {
        failed(event, error);
        return;
    }
    if (event.kind == FaultEvent::Kind::Lock && !lockDeliveries(&hold))
        return;
    m_holds.push_back(std::move(hold));
}

bool DbFaults::lockDeliveries(Hold* hold)
{
    try {
        hold->lockedRows = hold->session.exec(QString::fromLatin1(LockSql), { hold->event.target }).affectedRows();
    } catch (const PgError& error) {
        failed(hold->event, error);
        return false;
    }
    if (hold->lockedRows == 0) {
        hold->nextTry = Clock::now() + LockRetry;
        return true;
    }
    Log::sim()->info(
        "lock: pid {} (paddock-sim-control) holds row locks on {} pending deliveries of {} until t={:.1f}s",
        hold->session.backendPid(), hold->lockedRows, str(hold->event.target), hold->event.at + hold->event.duration);
    return true;
}

void DbFaults::end(Hold* hold, double t)
{
    const bool lock = hold->event.kind == FaultEvent::Kind::Lock;
    try {
        hold->session.exec(QStringLiteral("ROLLBACK"));
        if (lock && hold->lockedRows == 0)
            Log::sim()->warn("lock: {} had no pending delivery to lock until t={:.1f}s", str(hold->event.target), t);
        else
            Log::sim()->info("{}: over at t={:.1f}s (rolled back)", str(hold->event.describe()), t);
    } catch (const PgError& error) {
        // A lost session has rolled back on its own.
        Log::sim()->warn("{}: ROLLBACK failed: {}", str(hold->event.describe()), str(error.fullMessage()));
    }
    hold->session.close();
}

void DbFaults::failed(const FaultEvent& event, const PgError& error)
{
    if (event.kind == FaultEvent::Kind::Lock && error.sqlState() == QLatin1String("42501")) {
        if (!m_lockRefused)
            Log::sim()->error("{}: refused ({}): --lock needs a login that may read webfarm.server and update "
                              "webfarm.server_task (the schema's owner, or one granted both); the run goes on "
                              "without locks",
                str(event.describe()), str(error.message()));
        m_lockRefused = true;
        return;
    }
    Log::sim()->warn("{}: {}; the run goes on without it", str(event.describe()), str(error.fullMessage()));
}

} // namespace Paddock
