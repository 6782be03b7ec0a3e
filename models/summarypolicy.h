#pragma once

#include "figures.h"
#include "freshness.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace Paddock {

// What the farm-at-a-glance strip says: each tile's value, detail and level, the banner, and the
// connection line of the status bar, worked out from the figures and how fresh they are. Policy
// without widgets: the strip and the window only show it.
class SummaryPolicy {
    Q_DECLARE_TR_FUNCTIONS(SummaryPolicy)

public:
    enum class Level { Neutral, Ok, Warning, Critical };
    enum Tile {
        InstancesTile,
        CreatedTile,
        ProcessedTile,
        BacklogTile,
        P95Tile,
        P99Tile,
        StorageTile,
        RedisTile,
        ConnectionTile
    };
    static constexpr int TileCount = ConnectionTile + 1;

    struct TileText {
        QString value;
        QString detail;
        Level level = Level::Neutral;
        bool hidden = false; // a figure the farm does not have (no Redis configured)
        bool operator==(const TileText&) const = default;
    };

    struct Input {
        Freshness::Input freshness; // the connection, the data's age and the clock, as the window judges them
        FarmSnapshot snapshot; // the last update's figures
        bool agesCounted = false; // the tables count the ages on from the data's arrival to freshness.now
        bool stale = false; // the window is greyed
        bool replayWindow = false; // the window shows a recording
        QString recordingPath; // the recording a replay window shows
        bool haveEngine = false;
        Thresholds thresholds;
        int pollIntervalMs = 1000;
    };

    explicit SummaryPolicy(Input input);

    // The tiles' titles, in the order of Tile.
    static QStringList titles();

    // Every tile, in the order of Tile.
    QList<TileText> tiles() const;
    // Empty when nothing needs saying.
    QString banner() const;
    // The status bar's line about the connection.
    QString connectionText() const;

private:
    // The figures as the tables show them.
    FarmSnapshot shown() const;
    TileText instances(const FarmSnapshot& figures) const;
    TileText created(const FarmSnapshot& figures) const;
    TileText processed(const FarmSnapshot& figures) const;
    TileText backlog(const FarmSnapshot& figures) const;
    TileText latency(const FarmSnapshot& figures, Tile tile) const;
    TileText storage(const FarmSnapshot& figures) const;
    TileText redis(const FarmSnapshot& figures) const;
    TileText connection() const;
    // "data 2.0 s old", with the standby's lag, or "no data yet".
    QString age() const;

    Input m_in;
    Freshness m_freshness;
};

} // namespace Paddock
