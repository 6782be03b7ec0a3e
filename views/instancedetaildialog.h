#pragma once

#include "figures.h"

#include <QDialog>
#include <QHash>
#include <QPointer>

class QGridLayout;
class QGroupBox;
class QLabel;
class QLayout;
class QTableWidget;
class QTabWidget;

namespace Paddock {

class DeliveryBrowser;
class Engine;
class EventModel;
class EventTimeline;

// Everything about one instance in a non-modal window: its figures with the reasons for its
// status in words, its latest probe of each storage, its pending and failed deliveries, its events.
// Deletes itself when closed (keep a QPointer).
class InstanceDetailDialog : public QDialog {
    Q_OBJECT

public:
    enum class Page { Overview, Deliveries, Events };
    Q_ENUM(Page)

    InstanceDetailDialog(qint64 serverId, Engine* engine, EventModel* events, QWidget* parent = nullptr);
    ~InstanceDetailDialog() override;

    qint64 serverId() const { return m_serverId; }
    void setSnapshot(const FarmSnapshot& snapshot, const QList<ProbeRow>& latestProbes);
    void showPage(Page page);

    // An empty container (with a QVBoxLayout) on the overview, for the instance's charts.
    QWidget* chartArea() const { return m_chartArea; }
    DeliveryBrowser* deliveries() const { return m_deliveries; }
    EventTimeline* events() const { return m_events; }
    // The text of a figure as shown, by its label without the colon ("Backlog"); for tests.
    QString figureText(const QString& label) const;
    // The status line under the name: "▲ Degraded: backlog 1,500 > 1,000; …".
    QString statusText() const;
    QTableWidget* probeTable() const { return m_probes; }

private:
    // The constructor's parts: the glyph, name and status above the tabs; the overview tab with the
    // figures, the probes and the chart area.
    QLayout* createHeader();
    QWidget* createOverview();
    void createFigures(QWidget* overview);
    QWidget* createProbeTable(QWidget* overview); // its group box
    // column 0 or 1 of the figures grid; -1: a row across both.
    QLabel* addFigure(int column, const QString& label, const QString& toolTip = {});
    void setLive(bool live);
    void updateFigures(const ServerFigures& figures, const FarmSnapshot& snapshot);
    void updateProbes(const FarmSnapshot& snapshot, const QList<ProbeRow>& latestProbes);

    qint64 m_serverId = 0;
    QString m_name;
    bool m_seen = false;

    QLabel* m_glyph = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_subtitle = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_gone = nullptr;
    QLabel* m_blockedBy = nullptr;
    QTabWidget* m_tabs = nullptr;
    QGroupBox* m_figuresBox = nullptr;
    QGridLayout* m_grid = nullptr;
    int m_gridRows[2] = { 0, 0 };
    QHash<QString, QLabel*> m_figures;
    QTableWidget* m_probes = nullptr;
    QWidget* m_chartArea = nullptr;
    DeliveryBrowser* m_deliveries = nullptr;
    EventTimeline* m_events = nullptr;
};

} // namespace Paddock
