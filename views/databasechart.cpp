#include "databasechart.h"

#include "chartpalette.h"
#include "decimate.h"
#include "pointline.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

constexpr double MiB = 1024.0 * 1024.0;

QString titleOf(DatabaseChart::Kind kind)
{
    switch (kind) {
    case DatabaseChart::Kind::Sessions:
        return DatabaseChart::tr("Database connections and blocked sessions");
    case DatabaseChart::Kind::Transactions:
        return DatabaseChart::tr("Oldest open transaction, standby replay lag");
    case DatabaseChart::Kind::TableSizes:
        return DatabaseChart::tr("Size of the largest webfarm tables");
    case DatabaseChart::Kind::DeadRows:
        break;
    }
    return DatabaseChart::tr("Dead rows waiting for vacuum");
}

// A point's value of one field: every point is a sample of it.
std::function<std::optional<double>(const DatabasePoint&)> field(double DatabasePoint::*member)
{
    return [member](const DatabasePoint& point) { return std::optional<double>(point.*member); };
}

// A table's bytes or dead rows: only the points that read the tables are samples of it.
std::function<std::optional<double>(const DatabasePoint&)> table(const QString& name, bool deadRows)
{
    return [name, deadRows](const DatabasePoint& point) -> std::optional<double> {
        if (point.tables.isEmpty())
            return std::nullopt;
        const auto it = point.tables.constFind(name);
        if (it == point.tables.cend())
            return NAN;
        return deadRows ? it->second : it->first;
    };
}

} // namespace

DatabaseChart::DatabaseChart(Kind kind, QWidget* parent)
    : HistoryChart(titleOf(kind), parent)
    , m_kind(kind)
{
    setMinimumHeight(150);
    scheduleRebuild();
}

DatabaseChart::~DatabaseChart() = default;

void DatabaseChart::setDatabasePoints(const QList<DatabasePoint>* points)
{
    m_points = points;
    scheduleRebuild();
}

QStringList DatabaseChart::tablesShown(const QList<DatabasePoint>& points, bool deadRows, qint64 fromMs, qint64 toMs)
{
    const auto newest = std::find_if(points.crbegin(), points.crend(), [fromMs, toMs](const DatabasePoint& point) {
        return point.atMs >= fromMs && point.atMs <= toMs && !point.tables.isEmpty();
    });
    if (newest == points.crend())
        return {};
    QList<QPair<double, QString>> ranked;
    for (auto it = newest->tables.cbegin(); it != newest->tables.cend(); ++it) {
        const double value = deadRows ? it->second : it->first;
        if (value > 0.0) // an empty table, or one without dead rows, would only crowd the legend
            ranked.append({ value, it.key() });
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    QStringList names;
    for (qsizetype i = 0; i < std::min<qsizetype>(MaxTables, ranked.size()); ++i)
        names.append(ranked.at(i).second);
    return names;
}

QList<DatabaseChart::Line> DatabaseChart::lines(const Window& window) const
{
    switch (m_kind) {
    case Kind::Sessions:
        return { { u"connections"_s, tr("Connections"), ChartPalette::created(), Qt::SolidLine,
                     field(&DatabasePoint::connections), GapMs },
            { u"max"_s, tr("max_connections"), ChartPalette::reference(), Qt::DashLine,
                field(&DatabasePoint::maxConnections), GapMs },
            { u"blocked"_s, tr("Blocked sessions"), ChartPalette::failed(), Qt::SolidLine,
                field(&DatabasePoint::blockedSessions), GapMs } };
    case Kind::Transactions:
        return { { u"oldest"_s, tr("Oldest transaction"), ChartPalette::backlog(), Qt::SolidLine,
                     field(&DatabasePoint::oldestTransactionS), GapMs },
            { u"lag"_s, tr("Replay lag"), ChartPalette::created(), Qt::SolidLine, field(&DatabasePoint::replayLagS),
                GapMs } };
    case Kind::TableSizes:
    case Kind::DeadRows:
        break;
    }
    const bool deadRows = m_kind == Kind::DeadRows;
    QList<Line> result;
    const QStringList names = m_points ? tablesShown(*m_points, deadRows, window.fromMs, window.toMs) : QStringList();
    for (qsizetype i = 0; i < names.size(); ++i) {
        result.append({ u"table:"_s + names.at(i), names.at(i), ChartPalette::series(int(i)), Qt::SolidLine,
            table(names.at(i), deadRows), TableGapMs });
    }
    return result;
}

void DatabaseChart::rebuild(const Window& window)
{
    const QList<Line> defs = lines(window);
    const bool bytes = m_kind == Kind::TableSizes;
    const bool seconds = m_kind == Kind::Transactions;
    QList<ChartSeries> series;
    QList<QList<QPointF>> data;
    for (const Line& def : defs) {
        QList<QPointF> values
            = m_points ? pointLine(*m_points, def.value, window.fromMs, window.toMs, def.gapMs) : QList<QPointF>();
        if (bytes) {
            for (QPointF& point : values)
                point.setY(point.y() / MiB);
        }
        // A standby's lag, a max_connections line: only where there is one.
        const bool named = !values.isEmpty() || m_kind == Kind::TableSizes || m_kind == Kind::DeadRows;
        series.append({ def.id, def.name, def.colour, def.penStyle, ChartAxis::Left,
            bytes         ? tr(" MiB")
                : seconds ? tr(" s")
                          : QString(),
            bytes || seconds ? 1 : 0, named });
        data.append(values);
    }
    chart()->setSeries(series);
    for (qsizetype i = 0; i < defs.size(); ++i) {
        chart()->setPoints(
            defs[i].id, Decimate::minMax(data[i], window.columns, double(window.fromMs), double(window.toMs)));
    }
    chart()->setAxisTitle(ChartAxis::Left,
        bytes                          ? tr("MiB")
            : seconds                  ? tr("seconds")
            : m_kind == Kind::DeadRows ? tr("rows")
                                       : tr("sessions"));
    chart()->setPlaceholderText(
        m_points && !m_points->isEmpty() ? tr("No database figures in this window") : tr("No database figures yet"));
}

} // namespace Paddock
