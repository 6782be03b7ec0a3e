#pragma once

#include "figures.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QSortFilterProxyModel;
class QTableView;

namespace Paddock {

class FlushTargetModel;
class GlyphDelegate;

// The live progress of one manual flush: a summary line, a progress bar and one row per target
// (acknowledged with its time, failed with the error, pending with the time it has been waiting,
// which keeps counting between engine updates). Failed and pending targets sort first.
class FlushProgressPanel : public QWidget {
    Q_OBJECT

public:
    explicit FlushProgressPanel(QWidget* parent = nullptr);
    ~FlushProgressPanel() override;

    // Which flush to follow; its rows come with the next setSnapshot (or from the last one).
    void setFlushId(qint64 flushId);
    qint64 flushId() const { return m_flushId; }
    // Finds the flush in snapshot.flushes; the panel keeps the last progress it saw if the flush
    // is no longer listed.
    void setSnapshot(const FarmSnapshot& snapshot);

    // "Flush #12 by alice, 4 of 6 acknowledged, 1 failed, 1 pending, slowest 1.5 s"
    QString headerText() const;
    bool hasProgress() const { return m_haveProgress; }
    const FlushTargetModel* model() const { return m_model; }
    // The sorted view of model() that the table shows.
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    QTableView* view() const { return m_view; }
    // The Time column's text for a pending target, as shown now.
    QString elapsedText(const QModelIndex& index) const;

Q_SIGNALS:
    // Once per flush, when nothing is pending any more (every target acknowledged or failed).
    void finished(qint64 flushId);

private:
    void showProgress(const FlushProgress& progress);
    void updateHeader();
    void tick();

    qint64 m_flushId = 0;
    bool m_haveProgress = false;
    bool m_finishedEmitted = false;
    FarmSnapshot m_snapshot;
    QElapsedTimer m_sinceSnapshot;
    QTimer m_ticker;

    QLabel* m_glyph = nullptr;
    QLabel* m_header = nullptr;
    QLabel* m_details = nullptr;
    QProgressBar* m_bar = nullptr;
    QTableView* m_view = nullptr;
    FlushTargetModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    GlyphDelegate* m_stateDelegate = nullptr;
    GlyphDelegate* m_elapsedDelegate = nullptr;
};

} // namespace Paddock
