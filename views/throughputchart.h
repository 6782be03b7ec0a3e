#pragma once

#include "historychart.h"

#include <QStringList>

QT_BEGIN_NAMESPACE
class QComboBox;
QT_END_NAMESPACE

namespace Paddock {

// Tasks created, deliveries processed and failed per second (left axis) and the backlog (right
// axis) over the window: farm-wide, per selected instance, or per task type (the busiest ones).
//
// Series ids, for chart()->points(id):
//   Farm:      "created", "processed", "failed", "backlog"
//   Servers:   "processed:<id>", "backlog:<id>", and "failed:<id>" while it failed in the window
//   TaskTypes: "created:<TYPE>", and "failed:<TYPE>" while it failed in the window
class ThroughputChart : public HistoryChart {
    Q_OBJECT

public:
    enum class Mode { Farm, Servers, TaskTypes };
    static constexpr int MaxServers = 8; // more lines than this is no longer a chart

    explicit ThroughputChart(QWidget* parent = nullptr);
    ~ThroughputChart() override;

    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    // The selected instances, in order, with their names (same length). Shown in Mode::Servers.
    void setServers(const QList<qint64>& serverIds, const QStringList& names);
    void setTopTypes(int count); // Mode::TaskTypes: the N types that created most tasks in the window (5)
    int topTypes() const { return m_topTypes; }
    // The types shown by the last rebuild in Mode::TaskTypes, busiest first.
    QStringList shownTypes() const { return m_shownTypes; }

Q_SIGNALS:
    void modeChanged(Paddock::ThroughputChart::Mode mode); // from the header's mode box

protected:
    void rebuild(const Window& window) override;

private:
    void rebuildFarm(const Window& window);
    void rebuildServers(const Window& window);
    void rebuildTypes(const Window& window);

    QComboBox* m_modeBox = nullptr;
    Mode m_mode = Mode::Farm;
    QList<qint64> m_serverIds;
    QStringList m_serverNames;
    int m_topTypes = 5;
    QStringList m_shownTypes;
};

} // namespace Paddock
