#pragma once

#include "timechart.h"

#include <QBitArray>
#include <QComboBox>
#include <QHash>
#include <QTimer>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QHBoxLayout;
class QLabel;
QT_END_NAMESPACE

namespace Paddock {

class FarmHistory;
class TimeSeries;

// What the throughput, latency and probe charts share: a TimeChart fed from the FarmHistory over
// a time window that either follows the data (live) or stays where the user left it (paused),
// rebuilt on a coalescing timer, with a header that says which of the two it is.
//
// Keys: Left/Right scroll a quarter window, Page Up/Down a whole one, Home the oldest data,
// End or Escape return to live, + and - zoom through 5 min, 15 min and 1 h. Shift+wheel scrolls,
// Ctrl+wheel zooms.
// Wires a chart's mode box (the item data is the mode): choosing another mode applies it and
// emits the chart's modeChanged.
template<typename Chart> void followModeBox(Chart* chart, QComboBox* box)
{
    QObject::connect(box, &QComboBox::activated, chart, [chart, box](int index) {
        const auto mode = typename Chart::Mode(box->itemData(index).toInt());
        if (mode == chart->mode())
            return;
        chart->setMode(mode);
        Q_EMIT chart->modeChanged(mode);
    });
}

class HistoryChart : public QWidget {
    Q_OBJECT

public:
    static constexpr int RebuildDelayMs = 250; // at most four rebuilds a second
    static constexpr int MinWindowS = 60;

    explicit HistoryChart(const QString& title, QWidget* parent = nullptr);
    ~HistoryChart() override;

    // May be called at every engine update. `history` must stay alive (it is the Engine's): the
    // rebuild reads it later, on the timer. `nowMs` is the DB clock of the update
    // (FarmSnapshot::generatedAt); the second it falls in is still being counted.
    void refresh(const FarmHistory& history, qint64 nowMs);
    void clearHistory(); // forget the history pointer (engine gone)

    void setWindowSeconds(int seconds); // 300, 900, 3600; at least MinWindowS
    int windowSeconds() const { return m_windowS; }
    void setLive(bool live); // live: the window ends at the newest data
    bool isLive() const { return m_live; }
    // A replayed recording: "live" then means following the time slider, and says so.
    void setReplay(bool replay);
    bool isReplay() const { return m_replay; }
    void scrollBy(int seconds); // negative goes back in time; pauses
    void setEndTime(qint64 endMs); // pauses
    qint64 endTime() const; // the right edge of the window, ms since the epoch
    qint64 nowMs() const { return m_nowMs; }

    // All known events; those in the window are drawn.
    void setMarkers(const QList<ChartMarker>& markers);
    void setHeaderVisible(bool visible);

    // The whole widget as shown, header included, after any pending rebuild.
    QImage grabImage();
    void rebuildNow();
    TimeChart* chart() const { return m_chart; }
    int rebuildCount() const { return m_rebuilds; }
    // Of the last rebuild: the lines drawn and the seconds read from the history for them.
    struct ReadStats {
        int lines = 0;
        qint64 secondsRead = 0;
    };
    ReadStats lastReads() const { return m_keptStats; }
    double lastRebuildMs() const { return m_lastRebuildMs; } // the rebuild's time on the GUI thread
    bool rebuildPending() const { return m_timer.isActive(); }

Q_SIGNALS:
    void rebuilt();
    // The user moved or zoomed this chart (keys, wheel): the owner may apply it to the others.
    void navigated(qint64 endMs, int windowSeconds, bool live);

protected:
    // What the subclass draws: the window, the DB "now", the pixel columns, and which seconds the
    // engine was reading (covered) so that an unread second is a gap, not a zero.
    struct Window {
        const FarmHistory* history = nullptr;
        qint64 fromMs = 0;
        qint64 toMs = 0;
        qint64 nowMs = 0;
        int columns = 100;
        qint64 firstS = 0; // the seconds the window holds: [firstS, lastS]
        qint64 lastS = -1;
        QBitArray covered; // index second - firstS
        // Live: the lines kept from the last rebuild hold for the seconds before changedFromS.
        bool incremental = false;
        qint64 changedFromS = 0;
    };
    enum class Measure { Created, Processed, Failed, Backlog, P50, P95, P99, Max };

    virtual void rebuild(const Window& window) = 0;

    // Per-second points of one scope, decimated to the columns. Counts are 0 in covered seconds
    // without a bucket and stop before the second still being counted; levels and latencies
    // connect samples up to gapS apart and break the line beyond. While live, each line keeps its
    // points from one rebuild to the next: only the seconds that entered the window or changed are
    // read from the history.
    QList<QPointF> points(const Window& window, const QString& scope, Measure measure, int gapS = 10);
    // The same without decimation, as values per second (NaN: no value).
    QList<QPointF> rawPoints(const Window& window, const QString& scope, Measure measure, int gapS = 10);
    // Per-second points as the mean rate of buckets of `bucketS` seconds, at each bucket's start:
    // small counts (a few tasks of one type a second) read as a trend instead of a comb.
    static QList<QPointF> averaged(const QList<QPointF>& perSecond, int bucketS);
    static qint64 total(const Window& window, const QString& scope, Measure measure);
    static double maximum(const QList<QPointF>& points);

    void addHeaderWidget(QWidget* widget);
    void setTitle(const QString& title);
    void scheduleRebuild();

    void keyPressEvent(QKeyEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;

private:
    struct KeptLine {
        QList<QPointF> points; // undecimated, as rawPoints makes them, a break possibly last
        const TimeSeries* series = nullptr;
        qint64 firstS = 0; // of the window they were made for
        qint64 computedToS = 0; // the last second looked at
        bool made = false; // false: new, made from the whole window
        bool used = false; // in the current rebuild
    };
    // Appends the points of the seconds from fromS on to `result`, which holds those before as a
    // run from the window's start made them. Returns the last second looked at.
    static qint64 appendRaw(QList<QPointF>& result, const Window& window, const TimeSeries* series, Measure measure,
        int gapS, qint64 fromS);
    void onTimer();
    void updateState();
    void userNavigated();
    void zoom(int direction);
    qint64 clampEnd(qint64 endMs) const;
    QBitArray coverage(qint64 firstS, qint64 lastS) const;

    QLabel* m_title = nullptr;
    QLabel* m_state = nullptr;
    QWidget* m_header = nullptr;
    QHBoxLayout* m_headerLayout = nullptr;
    TimeChart* m_chart = nullptr;
    QTimer m_timer;
    const FarmHistory* m_history = nullptr;
    qint64 m_nowMs = 0;
    qint64 m_endMs = 0; // while paused
    int m_windowS = 300;
    bool m_live = true;
    bool m_replay = false;
    bool m_dirty = false;
    int m_rebuilds = 0;
    double m_lastRebuildMs = 0.0;
    QList<ChartMarker> m_markers;
    QHash<QString, KeptLine> m_kept; // by scope, measure and gap
    const FarmHistory* m_keptHistory = nullptr;
    quint64 m_keptRevision = 0;
    ReadStats m_keptStats;
};

} // namespace Paddock
