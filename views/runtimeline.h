#pragma once

#include "scheduledtimeline.h"

#include <optional>
#include <QWidget>

class QScrollBar;

namespace Paddock {

// The Scheduled tab's timeline of runs, painted by us (a bar per run, a row per instance, time on
// x): it only shows the TimelinePlan it is handed. A finished run is a bar from its start to its
// finish; a running one reaches now with an arrow; an abandoned one reaches now hatched; a failed
// one is drawn in the failing colour with its glyph, a duplicate outlined in the degraded colour
// with its glyph, so that colour is never the only cue. Missed slots are ticks on a lane of their
// own at the top: nobody ran them, so no instance's row is the place for them. Rows that do not fit
// scroll (the wheel, or the scroll bar); hovering a run or a tick tells what it was; clicking a
// run emits its instance.
class RunTimeline : public QWidget {
    Q_OBJECT

public:
    static constexpr int LaneHeight = 14;
    static constexpr int RowPadding = 2;
    static constexpr int MissedLaneHeight = 16;
    static constexpr double MinBarWidth = 2.0;

    explicit RunTimeline(QWidget* parent = nullptr);

    void setPlan(TimelinePlan plan);
    const TimelinePlan& plan() const { return m_plan; }
    // Shown over the plot while no run is in the window.
    void setPlaceholderText(const QString& text);
    QString placeholderText() const { return m_placeholder; }

    QRect plotRect() const { return m_plot; } // the bars' area, rows scrolled into it
    int plotWidth() const { return m_plot.width(); }
    double xOf(qint64 ms) const;
    // Where a run is drawn (null when it is not in the plan or scrolled out of sight), and the run
    // or missed slot under a point.
    QRectF barRect(qint64 runId) const;
    struct Hit {
        int row = -1; // -1: a missed slot
        int index = 0; // of the bar in its row, or of the missed slot
    };
    std::optional<Hit> hitAt(const QPointF& pos) const;
    QString toolTipAt(const QPointF& pos) const;
    QRectF missedRect(int index) const;
    int contentHeight() const; // all the rows, unscrolled
    QScrollBar* scrollBar() const { return m_scroll; }

Q_SIGNALS:
    // A run was clicked: its instance.
    void runClicked(qint64 serverId);

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    void updateLayout();
    int rowTop(int row) const; // in widget coordinates, scrolled
    int rowHeight(int row) const;
    QRectF barRectOf(int row, const TimelineBar& bar) const;
    void paintRows(QPainter& painter) const;
    void paintBar(QPainter& painter, const QRectF& rect, const TimelineBar& bar) const;
    void paintBarMarks(QPainter& painter, const QRectF& rect, const TimelineBar& bar) const;
    void paintMissed(QPainter& painter) const;
    void paintTimeAxis(QPainter& painter) const;

    TimelinePlan m_plan;
    QList<int> m_rowOffsets; // each row's top below the first's, unscrolled; one more: the end
    QString m_placeholder;
    QRect m_plot;
    int m_labelWidth = 80;
    QScrollBar* m_scroll = nullptr;
};

} // namespace Paddock
