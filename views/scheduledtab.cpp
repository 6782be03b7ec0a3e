#include "scheduledtab.h"

#include "glyphdelegate.h"
#include "runtimelinechart.h"
#include "scheduledmodel.h"
#include "statusstyle.h"

#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace Paddock {

namespace {

std::optional<GlyphDelegate::Glyph> statusGlyph(const QModelIndex& index)
{
    if (index.column() != ScheduledModel::Status)
        return std::nullopt;
    const StatusStyle style = StatusStyle::forStatus(index.data(ScheduledModel::StatusRole).toString());
    return GlyphDelegate::Glyph { style.glyph, style.colour };
}

} // namespace

ScheduledTab::ScheduledTab(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("scheduledTab"));
    auto* layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("scheduledSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_model = new ScheduledModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ScheduledModel::SortRole);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("scheduledTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ScheduledModel::Status, Qt::DescendingOrder); // failing first
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setItemDelegateForColumn(ScheduledModel::Status, new GlyphDelegate(statusGlyph, m_table));
    connect(m_table, &QTableView::activated, this, &ScheduledTab::taskActivated);
    m_timeline = new RunTimelineChart(this);
    connect(m_timeline, &RunTimelineChart::instanceChosen, this, &ScheduledTab::instanceChosen);
    auto* tasks = new QWidget(this);
    auto* tasksLayout = new QVBoxLayout(tasks);
    tasksLayout->setContentsMargins(0, 0, 0, 0);
    tasksLayout->addWidget(m_summary);
    tasksLayout->addWidget(m_table);
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("scheduledSplitter"));
    m_splitter->addWidget(tasks);
    m_splitter->addWidget(m_timeline);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);
    setScheduled({});
}

void ScheduledTab::setSnapshot(const FarmSnapshot& snapshot)
{
    m_serverIds.clear();
    for (const ServerFigures& server : snapshot.servers)
        m_serverIds.insert(server.server.name, server.server.id);
    m_timeline->setSnapshot(snapshot);
    setScheduled(snapshot.scheduled);
}

void ScheduledTab::taskActivated(const QModelIndex& index)
{
    const QModelIndex source = m_proxy->mapToSource(index);
    if (!source.isValid())
        return;
    const ScheduledFigures& figures = m_model->figures(source.row());
    const QString name = !figures.abandonedOn.isEmpty() ? figures.abandonedOn.constFirst()
        : !figures.runningOn.isEmpty()                  ? figures.runningOn.constFirst()
                                                        : figures.lastServer;
    const qint64 id = m_serverIds.value(name);
    if (id > 0)
        Q_EMIT instanceChosen(id);
}

QString ScheduledTab::summary(const QList<ScheduledFigures>& scheduled)
{
    if (scheduled.isEmpty())
        return tr("No scheduled task in this farm (or its schema is older than version 7).");
    QMap<ScheduledStatus, int> counts;
    for (const ScheduledFigures& figures : scheduled)
        ++counts[figures.status];
    const ScheduledStatus worst = counts.lastKey();
    QStringList parts;
    for (ScheduledStatus status : { ScheduledStatus::Failing, ScheduledStatus::Degraded, ScheduledStatus::Ok }) {
        if (counts.value(status) > 0)
            parts << QStringLiteral("%1 %2").arg(counts.value(status)).arg(statusName(status));
    }
    return tr("%1 %2 scheduled tasks: %3")
        .arg(StatusStyle::forStatus(statusName(worst)).glyph)
        .arg(scheduled.size())
        .arg(parts.join(QStringLiteral(", ")));
}

void ScheduledTab::setScheduled(const QList<ScheduledFigures>& scheduled)
{
    const bool first = m_model->rowCount() == 0;
    m_model->setScheduled(scheduled);
    m_summary->setText(summary(scheduled));
    if (first && !scheduled.isEmpty())
        m_table->resizeColumnsToContents();
    if (!m_fitted && !scheduled.isEmpty() && isVisible())
        fitTasks();
}

void ScheduledTab::fitTasks()
{
    // Once, when first shown with tasks: the table as tall as its tasks (a farm has a handful), the
    // rest for the timeline's rows. Then the splitter is the user's.
    const int tasks = m_summary->sizeHint().height() + m_table->horizontalHeader()->height()
        + m_table->verticalHeader()->length() + 2 * m_table->frameWidth() + 12;
    const int total = m_splitter->height();
    if (total > tasks + m_timeline->minimumSizeHint().height())
        m_splitter->setSizes({ tasks, total - tasks });
    m_fitted = true;
}

QString ScheduledTab::summaryText() const
{
    return m_summary->text();
}

} // namespace Paddock
