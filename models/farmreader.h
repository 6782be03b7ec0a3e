#pragma once

#include "farmdata.h"
#include "pendingcounts.h"

#include <functional>
#include <QHash>
#include <QMap>
#include <QPair>
#include <QSet>
#include <QString>

namespace Paddock {

class PgConnection;
class RowRules;

// Whether the session's role may call webfarm.request_cache_flush (webfarm_operator). Throws
// PgError when the schema or the function is missing.
bool roleMayFlush(PgConnection& connection);

// What one refresh brought that the previous ones had not: each row exactly once, in whatever
// order the transactions that wrote them committed.
struct ReadDelta {
    bool initial = false; // the first read (or after the watermark was lost): the window was reloaded
    QList<DeliveryRow> deliveries;
    QList<TaskRow> tasks;
    QList<HeartbeatRow> heartbeats;
    QList<ProbeRow> probes;
    QList<EventRow> events;
};

// Keeps FarmData current with reads whose cost does not grow with the history: the first read
// loads the window by time (indexed), every later one only the rows committed since the previous
// read's snapshot (the xid8 columns of schema version 2), plus the small current-state tables and
// the pending deliveries. Runs on the engine's thread; not thread-safe.
class FarmReader {
public:
    explicit FarmReader(int windowS = 60);

    void setWindow(int windowS);
    int window() const { return m_windowS; }
    void setFlushHistory(int count) { m_flushHistory = count; }
    // Forget the watermark: the next refresh reloads the window.
    void reset();
    bool hasWatermark() const { return m_xmax != 0; }
    // The previous read's snapshot xmax and the transactions below it that it saw open (or could
    // not rule out): the next read takes the rows of both. docs/watermark.md says why that is exact
    // on a hot standby as on a primary.
    quint64 watermarkXmax() const { return m_xmax; }
    const QList<quint64>& openTransactions() const { return m_open; }

    // One read-only, repeatable-read transaction. Throws PgError; on error the state is unchanged.
    ReadDelta refresh(PgConnection& connection);

    const FarmData& data() const { return m_data; }
    const PendingCounts& pendingCounts() const { return m_pending; }
    // Count the whole backlog at every refresh instead of keeping it (a comparison for
    // benchmarks). Takes effect at the next reload.
    void setBacklogCountedWhole(bool whole) { m_countWhole = whole; }
    // Whether each refresh reads the database server's own state too (DESIGN.md section 7; on by
    // default). The webfarm tables' sizes are read every TableSizesEveryMs only: they cost the
    // server a stat() of every file (tens of milliseconds), and grow by the minute.
    void setDatabaseHealthRead(bool read) { m_readDatabase = read; }
    static constexpr qint64 TableSizesEveryMs = 60'000;

    // The schema version of the scheduled tasks' tables (read from it on, skipped before).
    static constexpr int ScheduledSchemaVersion = 7;
    // At most this many scheduled runs per refresh, the newest.
    static constexpr int MaxScheduledRuns = 10'000;
    // The schema version this reader needs.
    static constexpr int RequiredSchemaVersion = 2;
    // On a standby, how many transaction ids one read may ask the status of.
    static constexpr qint64 MaxStandbyXidSpan = 5'000'000;

private:
    struct OpenTransactions {
        quint64 high = 0; // the xmax of the look
        bool standby = false;
        bool tooMany = false;
        QList<quint64> inProgress;
    };
    // `from` 0: the look of a first read, from the oldest open transaction.
    static OpenTransactions openTransactions(PgConnection& connection, quint64 from, const QList<quint64>& open);
    // What the refresh's snapshot says of itself: its xmax, its open transactions, and whether
    // writes from outside the protocol are logged.
    struct Head {
        quint64 xmax = 0;
        QList<quint64> open;
        bool outsideWatched = false;
    };
    struct Pass;

    // The phases of refresh(), in order.
    bool mustReload(PgConnection& connection, OpenTransactions& open);
    static Head readHead(PgConnection& connection, FarmData& next);
    void readWindow(PgConnection& connection, Pass& pass, FarmData& next, ReadDelta& delta);
    void readSince(PgConnection& connection, Pass& pass, ReadDelta& delta, bool outsideWatched);
    void adoptWindow(FarmData&& next, const Pass& pass);
    void mergeDelta(FarmData&& next, const Pass& pass, ReadDelta& delta);
    void advanceWatermark(const OpenTransactions& open, const Head& head, const QSet<quint64>& read);
    std::function<const TaskRow*(qint64)> taskFinder(const Pass& pass, bool initial) const;
    void prune();
    void indexLatestProbes();
    void keepLatestProbe(const ProbeRow& probe);

    FarmData m_data;
    QSet<QPair<qint64, qint64>> m_deliveryKeys; // (task, server) of m_data.deliveries
    QHash<qint64, TaskRow> m_tasksById; // m_data.tasks by id
    QHash<QPair<qint64, qint64>, qsizetype> m_latestProbeAt; // (storage, server) -> m_data.latestProbes index
    QMap<QString, qint64> m_ignoredHistory; // bad history rows since the window was loaded
    quint64 m_xmax = 0;
    QList<quint64> m_open;
    bool m_countWhole = false;
    PendingCounts m_pending;
    int m_windowS;
    int m_flushHistory = 20;
    int m_eventBacklog = 200;
    bool m_readDatabase = true;
    QList<RelationRow> m_tables; // the latest table sizes read
    qint64 m_tablesReadAtMs = 0; // DB clock
};

} // namespace Paddock
