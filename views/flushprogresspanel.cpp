#include "flushprogresspanel.h"

#include "displayformat.h"
#include "flushtargetmodel.h"
#include "glyphdelegate.h"
#include "plaintooltips.h"
#include "statusstyle.h"

#include <cmath>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

const QColor PendingColour(0x3c, 0x8d, 0xd8);

std::optional<GlyphDelegate::Glyph> stateGlyph(const QString& state)
{
    if (state == u"acknowledged"_s)
        return GlyphDelegate::Glyph { u"\u2713"_s, StatusStyle::forStatus(u"healthy"_s).colour };
    if (state == u"failed"_s)
        return GlyphDelegate::Glyph { u"\u2716"_s, StatusStyle::forStatus(u"failing"_s).colour };
    if (state == u"pending"_s)
        return GlyphDelegate::Glyph { u"\u25f7"_s, PendingColour };
    return std::nullopt;
}

// Within one state (or any equal sort key) rows stay in name order, also as targets change state.
class TargetSortProxy : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override
    {
        const QVariant a = left.data(FlushTargetModel::SortRole);
        const QVariant b = right.data(FlushTargetModel::SortRole);
        const QPartialOrdering order = QVariant::compare(a, b);
        if (order == QPartialOrdering::Less || order == QPartialOrdering::Greater)
            return order == QPartialOrdering::Less;
        const QString nameA
            = left.siblingAtColumn(FlushTargetModel::Instance).data(FlushTargetModel::SortRole).toString();
        const QString nameB
            = right.siblingAtColumn(FlushTargetModel::Instance).data(FlushTargetModel::SortRole).toString();
        // Reversed for a descending sort, so that names still read A to Z.
        return sortOrder() == Qt::AscendingOrder ? nameA < nameB : nameA > nameB;
    }
};

QString shortDuration(std::optional<double> ms)
{
    if (ms && *ms >= 1000.0)
        return Format::duration(*ms / 1000.0);
    return Format::milliseconds(ms);
}

} // namespace

FlushProgressPanel::FlushProgressPanel(QWidget* parent)
    : QWidget(parent)
{
    m_glyph = new QLabel(this);
    m_glyph->setTextFormat(Qt::PlainText);
    QFont glyphFont = m_glyph->font();
    glyphFont.setPointSizeF(glyphFont.pointSizeF() * 1.6);
    m_glyph->setFont(glyphFont);
    m_glyph->setAlignment(Qt::AlignTop | Qt::AlignHCenter);
    m_glyph->setMinimumWidth(m_glyph->fontMetrics().horizontalAdvance(u"\u25f7"_s) + 4);

    m_header = new QLabel(this);
    m_header->setObjectName(u"header"_s);
    m_header->setTextFormat(Qt::PlainText);
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_header->font();
    bold.setBold(true);
    m_header->setFont(bold);

    m_details = new QLabel(this);
    m_details->setObjectName(u"details"_s);
    m_details->setTextFormat(Qt::PlainText);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setForegroundRole(QPalette::PlaceholderText);

    m_bar = new QProgressBar(this);
    m_bar->setObjectName(u"progress"_s);
    m_bar->setTextVisible(true);
    m_bar->setToolTip(tr("Targets that answered (acknowledged or failed) out of all targets"));

    m_model = new FlushTargetModel(this);
    m_proxy = new TargetSortProxy(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(FlushTargetModel::SortRole);
    m_proxy->setDynamicSortFilter(true);

    m_view = new QTableView(this);

    PlainToolTips::install(m_view);
    m_view->setObjectName(u"targets"_s);
    m_view->setAccessibleName(tr("The flush's targets"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(FlushTargetModel::State, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->setColumnWidth(FlushTargetModel::Instance, 140);
    m_view->setColumnWidth(FlushTargetModel::State, 130);
    m_view->setColumnWidth(FlushTargetModel::Elapsed, 110);

    m_stateDelegate = new GlyphDelegate(
        [](const QModelIndex& index) { return stateGlyph(index.data(FlushTargetModel::StateRole).toString()); }, this);
    m_view->setItemDelegateForColumn(FlushTargetModel::State, m_stateDelegate);
    m_elapsedDelegate = new GlyphDelegate({}, this);
    m_elapsedDelegate->setTextFunction([this](const QModelIndex& index) { return elapsedText(index); });
    m_view->setItemDelegateForColumn(FlushTargetModel::Elapsed, m_elapsedDelegate);

    auto* headerRow = new QHBoxLayout;
    headerRow->addWidget(m_glyph, 0, Qt::AlignTop);
    auto* headerText = new QVBoxLayout;
    headerText->setSpacing(2);
    headerText->addWidget(m_header);
    headerText->addWidget(m_details);
    headerRow->addLayout(headerText, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(headerRow);
    layout->addWidget(m_bar);
    layout->addWidget(m_view, 1);

    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &FlushProgressPanel::tick);
    m_sinceSnapshot.start();
    updateHeader();
}

FlushProgressPanel::~FlushProgressPanel() = default;

void FlushProgressPanel::setFlushId(qint64 flushId)
{
    if (flushId == m_flushId)
        return;
    m_flushId = flushId;
    m_haveProgress = false;
    m_finishedEmitted = false;
    m_model->clear();
    for (const FlushProgress& progress : std::as_const(m_snapshot.flushes)) {
        if (progress.request.id == flushId) {
            showProgress(progress);
            return;
        }
    }
    updateHeader();
}

void FlushProgressPanel::setSnapshot(const FarmSnapshot& snapshot)
{
    m_snapshot = snapshot;
    m_sinceSnapshot.restart();
    for (const FlushProgress& progress : snapshot.flushes) {
        if (progress.request.id == m_flushId) {
            showProgress(progress);
            return;
        }
    }
    updateHeader();
}

void FlushProgressPanel::showProgress(const FlushProgress& progress)
{
    m_haveProgress = true;
    m_model->setProgress(progress);
    updateHeader();
    if (progress.done()) {
        m_ticker.stop();
        if (!m_finishedEmitted) {
            m_finishedEmitted = true;
            Q_EMIT finished(m_flushId);
        }
    } else if (!m_ticker.isActive()) {
        m_ticker.start();
    }
    tick();
}

QString FlushProgressPanel::headerText() const
{
    if (m_flushId == 0)
        return tr("No flush selected");
    if (!m_haveProgress)
        return tr("Flush #%1: waiting for its first progress report…").arg(m_flushId);
    const FlushProgress& progress = m_model->progress();
    // One arg() for all: a "%3" in requested_by stays as written.
    QString text = tr("Flush #%1 by %2, %3 of %4 acknowledged, %5 failed, %6 pending")
                       .arg(QString::number(progress.request.id), progress.request.requestedBy,
                           QString::number(progress.acknowledged), QString::number(progress.targets),
                           QString::number(progress.failed), QString::number(progress.pending));
    if (progress.slowestAckMs)
        text += tr(", slowest %1").arg(shortDuration(progress.slowestAckMs));
    return text;
}

void FlushProgressPanel::updateHeader()
{
    m_header->setText(headerText());
    if (!m_haveProgress) {
        m_glyph->clear();
        m_details->clear();
        m_details->setVisible(false);
        m_bar->setRange(0, m_flushId != 0 ? 0 : 1); // busy while the first report is awaited
        m_bar->setValue(0);
        m_bar->setFormat(QString());
        return;
    }
    const FlushProgress& progress = m_model->progress();
    const FlushRequestRow& request = progress.request;

    QString glyph;
    QColor colour;
    QString state;
    if (!progress.done()) {
        glyph = u"\u25f7"_s;
        colour = PendingColour;
        state = tr("In progress");
    } else if (progress.failed > 0) {
        glyph = u"\u2716"_s;
        colour = StatusStyle::forStatus(u"failing"_s).colour;
        state = tr("Finished, some targets failed");
    } else {
        glyph = u"\u2713"_s;
        colour = StatusStyle::forStatus(u"healthy"_s).colour;
        state = tr("Finished, every target acknowledged");
    }
    m_glyph->setText(glyph);
    m_glyph->setToolTip(state);
    m_glyph->setAccessibleName(state);
    QPalette palette = m_glyph->palette();
    palette.setColor(QPalette::WindowText, colour);
    m_glyph->setPalette(palette);

    QStringList details;
    QString requested = tr("Requested %1").arg(Format::dateTime(request.requestedAt));
    if (!request.clientAddr.isEmpty())
        requested += tr(" from %1").arg(request.clientAddr);
    if (!request.applicationName.isEmpty())
        requested += tr(" (%1)").arg(request.applicationName);
    details.append(requested);
    if (request.scope == u"farm"_s)
        details.append(tr("whole farm"));
    else if (request.scope == u"servers"_s)
        details.append(request.serverIds.size() == 1 ? tr("1 selected instance")
                                                     : tr("%1 selected instances").arg(request.serverIds.size()));
    else if (request.scope == u"keys"_s)
        details.append(request.cacheKeys.size() == 1
                ? tr("key %1").arg(request.cacheKeys.constFirst())
                : tr("%1 keys: %2").arg(request.cacheKeys.size()).arg(request.cacheKeys.join(u", "_s)));
    if (!request.reason.isEmpty())
        details.append(tr("reason: %1").arg(request.reason));
    m_details->setText(details.join(u"  \u00b7  "_s));
    m_details->setVisible(true);

    const qint64 answered = progress.acknowledged + progress.failed;
    if (progress.targets == 0) {
        m_bar->setRange(0, 1);
        m_bar->setValue(1);
        m_bar->setFormat(tr("No instance was targeted"));
    } else {
        m_bar->setRange(0, int(progress.targets));
        m_bar->setValue(int(answered));
        m_bar->setFormat(tr("%1 of %2 answered").arg(answered).arg(progress.targets));
    }
}

QString FlushProgressPanel::elapsedText(const QModelIndex& index) const
{
    if (index.data(FlushTargetModel::StateRole).toString() != u"pending"_s)
        return index.data(Qt::DisplayRole).toString();
    const QVariant waitedMs = index.data(FlushTargetModel::SortRole);
    if (!waitedMs.isValid())
        return Format::none();
    // The engine measured the wait when it read the snapshot; the time since then is added here.
    const double seconds = waitedMs.toDouble() / 1000.0 + double(m_sinceSnapshot.elapsed()) / 1000.0;
    if (seconds < 60.0)
        return tr("waiting %1 s").arg(QLocale().toString(qint64(std::floor(seconds))));
    return tr("waiting %1").arg(Format::duration(seconds));
}

void FlushProgressPanel::tick()
{
    // Only the Time column moves between engine updates.
    QWidget* viewport = m_view->viewport();
    viewport->update(QRect(m_view->columnViewportPosition(FlushTargetModel::Elapsed), 0,
        m_view->columnWidth(FlushTargetModel::Elapsed), viewport->height()));
}

} // namespace Paddock
