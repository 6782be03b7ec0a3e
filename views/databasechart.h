#pragma once

#include "databasehealth.h"
#include "historychart.h"

#include <functional>
#include <optional>

namespace Paddock {

// One chart of the Database tab: a figure of the database server (Engine::databaseHistory) over the
// charts' window, following the newest data or paused like the other charts. Refreshes further apart
// than GapMs (Paddock was not reading) break the line; the tables' sizes, read every minute, break
// only after TableGapMs.
class DatabaseChart : public HistoryChart {
    Q_OBJECT

public:
    enum class Kind {
        Sessions, // connections against max_connections, blocked sessions
        Transactions, // the oldest transaction's age, a standby's replay lag
        TableSizes, // bytes of the largest webfarm tables
        DeadRows, // dead rows of the tables that have the most
    };
    static constexpr qint64 GapMs = 10000;
    static constexpr qint64 TableGapMs = 150000; // the sizes are read every minute
    static constexpr int MaxTables = 5;

    explicit DatabaseChart(Kind kind, QWidget* parent = nullptr);
    ~DatabaseChart() override;

    Kind kind() const { return m_kind; }
    // The points to draw, oldest first; they must stay alive (they are the Engine's). Null: none.
    void setDatabasePoints(const QList<DatabasePoint>* points);

    // The tables a table chart draws: the MaxTables with the highest value above 0 in the newest
    // point of [fromMs, toMs] that has tables (bytes, or dead rows), highest first, ties by name.
    static QStringList tablesShown(const QList<DatabasePoint>& points, bool deadRows, qint64 fromMs, qint64 toMs);

protected:
    void rebuild(const Window& window) override;

private:
    struct Line {
        QString id;
        QString name;
        QColor colour;
        Qt::PenStyle penStyle;
        std::function<std::optional<double>(const DatabasePoint&)> value;
        qint64 gapMs;
    };
    QList<Line> lines(const Window& window) const;

    Kind m_kind;
    const QList<DatabasePoint>* m_points = nullptr;
};

} // namespace Paddock
