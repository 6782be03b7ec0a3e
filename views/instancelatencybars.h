#pragma once

#include "figures.h"

#include <optional>
#include <QAbstractScrollArea>
#include <QSet>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QPainter;
QT_END_NAMESPACE

namespace Paddock {

// One horizontal bar per instance: its cache-invalidation latency (p95, p99 or max over the
// snapshot's window), slowest at the top, coloured by its status with its glyph, the farm's value
// as a dashed line; instances with nothing to measure at the bottom as "—". The slowest MaxRows
// are shown, then a line "N more" that opens them all (moreClicked: the instances table). Click,
// Enter or Space on a row emits serverClicked.
class InstanceLatencyBars : public QAbstractScrollArea {
    Q_OBJECT

public:
    enum class Metric { P95, P99, Max };
    static constexpr int MaxRows = 100;

    explicit InstanceLatencyBars(QWidget* parent = nullptr);
    ~InstanceLatencyBars() override;

    void setSnapshot(const FarmSnapshot& snapshot);
    void setMetric(Metric metric);
    Metric shownMetric() const { return m_metric; }
    void setSelectedServers(const QList<qint64>& serverIds); // highlighted rows

    // The rows top to bottom, what each says ("web-02 ▲ 34.2 s") and where it is drawn (viewport
    // coordinates, before any scrolling the caller does).
    QList<qint64> serverOrder() const;
    QString rowText(qint64 serverId) const;
    QRect rowRect(qint64 serverId) const;
    void scrollToServer(qint64 serverId);
    QImage grabImage();

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    int hiddenCount() const { return int(m_all.size() - m_rows.size()); } // instances beyond MaxRows
    QString moreText() const; // the last line, empty when every instance is shown
    QRect moreRect() const;

Q_SIGNALS:
    void serverClicked(qint64 serverId);
    void moreClicked(); // the "N more" line

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;

private:
    struct Row {
        ServerFigures figures;
        std::optional<double> value;
    };
    // Where a row's name, glyph and bar go across the viewport; the value of the longest bar.
    struct Columns {
        int nameWidth = 0;
        int glyphX = 0;
        int barLeft = 0;
        int barSpan = 0;
        double highest = 0.0;
    };
    Columns measureColumns() const;
    void paintRow(QPainter& painter, int index, const Columns& columns) const;
    void resort();
    void updateHeader();
    void updateScrollBar();
    int rowHeight() const;
    int rowAt(const QPoint& viewportPos) const;
    int indexOf(qint64 serverId) const;
    void setCurrent(int row);
    std::optional<double> valueOf(const LatencyStats& stats) const;
    QString metricName() const;
    QString tooltipFor(const Row& row) const;

    QWidget* m_header = nullptr;
    QLabel* m_caption = nullptr;
    QComboBox* m_metricBox = nullptr;
    QList<Row> m_all; // every instance, as received
    QList<Row> m_rows; // the slowest MaxRows, slowest first
    LatencyStats m_farmLatency;
    int m_windowS = 60;
    Metric m_metric = Metric::P95;
    QSet<qint64> m_selected;
    int m_current = -1;
    int m_hover = -1;
};

} // namespace Paddock
