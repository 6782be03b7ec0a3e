#pragma once

#include "enginetypes.h"

#include <QRandomGenerator>

namespace Paddock::Bench {

// The engine updates of a made-up farm, shaped like a live engine's: every instance with its
// figures, its latest probes and its per-second series, a few instances turning degraded or silent
// and back, a farm-wide flush being acknowledged, events, and a Redis sampled every second (one
// running instance without a connection to it, evictions now and then, a few failed samples). No database and no rows:
// the updates are what the window receives, so the benchmark measures the window alone.
class SyntheticFarm {
public:
    struct Shape {
        int instances = 100;
        int zones = 0; // 0: one zone per 100 instances, at least 3 and at most 20
        int storages = 3;
        double tasksPerS = 50.0;
        // Every task is delivered to this many instances (0: all the others): a farm of 10,000
        // instances delivers to a subset, or it would process half a million deliveries a second.
        int deliveredTo = 0;
        quint32 seed = 1;
        bool redis = true;
        bool database = true; // the database server's own figures (DESIGN.md section 7)
    };

    explicit SyntheticFarm(const Shape& shape);

    // The update of a refresh `stepMs` after the previous one (the first is `initial`).
    EngineUpdate next(int stepMs);
    QDateTime now() const { return m_now; }

private:
    void changeStatuses();
    FarmSnapshot snapshot();
    ServerFigures serverFigures(int i, double perInstancePerS);
    QList<StorageFigures> storageFigures();
    FlushProgress flushProgress(); // of the flush of this minute
    QList<SeriesUpdate> series(int stepMs);
    QList<ProbeRow> latestProbes();
    // The Redis samples of the seconds that passed, and its figures over the last minute of them.
    QList<RedisPoint> redisPoints();
    RedisFigures redisFigures(const FarmSnapshot& snapshot) const;
    // The database server: a session per instance and a few of its own, one instance's session
    // waiting on an administrator's lock, the webfarm tables growing.
    DatabaseRows databaseRows() const;
    // Twenty scheduled tasks, each running on a random instance now and then, one of them failing:
    // the Scheduled tab's rows and the map's clock marks.
    QList<ScheduledFigures> scheduledFigures();

    Shape m_shape;
    QRandomGenerator m_random;
    QDateTime m_now;
    quint64 m_sequence = 0;
    QList<ServerRow> m_servers;
    QList<ServerStatus> m_status;
    QList<qint64> m_backlog;
    QList<qint64> m_processed;
    QList<qint64> m_failed;
    QList<StorageRow> m_storages;
    FlushRequestRow m_flush;
    QList<EventRow> m_events;
    qint64 m_tasks = 0;
    QList<RedisPoint> m_redisWindow; // the last minute of samples
    qint64 m_redisSecond = 0; // the last second sampled
};

} // namespace Paddock::Bench
