#include "databasetab.h"

#include "databasesessionmodel.h"
#include "displayformat.h"
#include "glyphdelegate.h"
#include "plaintooltips.h"
#include "statusstyle.h"

#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

enum BlockingColumn { Session, Instance, Waiting, Transaction, State, Query, BlockingColumnCount };

QLabel* textLine(const QString& name, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextFormat(Qt::PlainText); // it quotes queries and application names
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

std::optional<GlyphDelegate::Glyph> sessionGlyph(const QModelIndex& index)
{
    if (index.column() != DatabaseSessionModel::Pid)
        return std::nullopt;
    const QVariant status = index.data(DatabaseSessionModel::StatusRole);
    if (!status.isValid())
        return std::nullopt;
    const StatusStyle style = StatusStyle::forStatus(status.toString());
    return GlyphDelegate::Glyph { style.glyph, style.colour };
}

QTreeWidgetItem* blockingItem(const DatabaseSession& session)
{
    auto* item = new QTreeWidgetItem;
    const SessionRow& row = session.row;
    item->setText(Session, Database::describe(row));
    item->setText(Instance, session.instance);
    item->setText(Waiting, session.waitingS ? Format::duration(session.waitingS) : QString());
    item->setText(Transaction, session.transactionAgeS ? Format::duration(session.transactionAgeS) : QString());
    const QString wait = DatabaseSessionModel::waitText(row);
    item->setText(State, row.visible ? (wait.isEmpty() ? row.state : row.state + u", "_s + wait) : QString());
    item->setText(Query, row.query);
    item->setToolTip(Query, row.query);
    item->setData(Session, Qt::UserRole, row.pid);
    if (!row.blockedBy.isEmpty()) {
        const StatusStyle style = StatusStyle::forStatus(u"degraded"_s);
        item->setForeground(Waiting, style.colour);
    }
    return item;
}

} // namespace

DatabaseTab::DatabaseTab(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"databaseTab"_s);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    m_summary = textLine(u"databaseSummary"_s, this);
    m_summary->setText(tr("No figures of the database server yet."));
    m_cannotSee = textLine(u"databaseCannotSee"_s, this);
    m_cannotSee->setForegroundRole(QPalette::PlaceholderText);
    m_cannotSee->hide();
    layout->addWidget(m_summary);
    layout->addWidget(m_cannotSee);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(createTables());
    auto* charts = new QWidget(splitter);
    auto* grid = new QGridLayout(charts);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(4);
    const DatabaseChart::Kind kinds[] = { DatabaseChart::Kind::Sessions, DatabaseChart::Kind::Transactions,
        DatabaseChart::Kind::TableSizes, DatabaseChart::Kind::DeadRows };
    for (int i = 0; i < 4; ++i) {
        auto* chart = new DatabaseChart(kinds[i], charts);
        grid->addWidget(chart, i / 2, i % 2);
        m_charts.append(chart);
    }
    splitter->addWidget(charts);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({ 560, 440 });
    layout->addWidget(splitter, 1);
}

QWidget* DatabaseTab::createTables()
{
    auto* tables = new QSplitter(Qt::Vertical, this);
    m_blocking = new QTreeWidget(tables);
    m_blocking->setObjectName(u"blockingTree"_s);
    m_blocking->setColumnCount(BlockingColumnCount);
    m_blocking->setHeaderLabels(
        { tr("Blocking chain"), tr("Instance"), tr("Waiting"), tr("Transaction"), tr("State"), tr("Query") });
    m_blocking->setRootIsDecorated(true);
    m_blocking->setUniformRowHeights(true);
    m_blocking->setAllColumnsShowFocus(true);
    m_blocking->header()->setStretchLastSection(true);
    m_blocking->header()->setSectionResizeMode(QHeaderView::ResizeToContents); // a handful of rows
    m_blocking->header()->setSectionResizeMode(Query, QHeaderView::Stretch);
    m_blocking->setAccessibleName(tr("Blocking chains: each session that holds a lock others wait for, and them"));

    m_sessions = new DatabaseSessionModel(this);
    auto* sorted = new QSortFilterProxyModel(this);
    sorted->setSourceModel(m_sessions);
    sorted->setSortRole(DatabaseSessionModel::SortRole);
    m_sessionTable = new QTableView(tables);
    PlainToolTips::install(m_sessionTable);
    m_sessionTable->setObjectName(u"sessionTable"_s);
    m_sessionTable->setModel(sorted);
    m_sessionTable->setSortingEnabled(true);
    m_sessionTable->sortByColumn(-1, Qt::AscendingOrder); // the model's order: by instance
    m_sessionTable->verticalHeader()->hide();
    m_sessionTable->setAlternatingRowColors(true);
    m_sessionTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_sessionTable->horizontalHeader()->setStretchLastSection(true);
    m_sessionTable->setItemDelegate(new GlyphDelegate(sessionGlyph, m_sessionTable));
    m_sessionTable->setAccessibleName(tr("Database sessions by instance"));
    tables->addWidget(m_blocking);
    tables->addWidget(m_sessionTable);
    tables->setStretchFactor(0, 1);
    tables->setStretchFactor(1, 2);
    return tables;
}

void DatabaseTab::setDatabase(const std::optional<DatabaseFigures>& database)
{
    m_database = database;
    if (!database) {
        m_summary->setText(tr("No figures of the database server in this data."));
        m_cannotSee->hide();
        m_blocking->clear();
        m_sessions->setSessions({});
        return;
    }
    m_summary->setText(summary(*database));
    m_cannotSee->setText(
        database->cannotSee.isEmpty() ? QString() : tr("Cannot see: %1").arg(database->cannotSee.join(u"; "_s)));
    m_cannotSee->setVisible(!database->cannotSee.isEmpty());
    fillBlocking(*database);
    // A replayed recording holds the notable sessions only.
    const bool first = m_sessions->rowCount() == 0;
    m_sessions->setSessions(database->sessions.isEmpty() ? database->notable : database->sessions);
    if (first && m_sessions->rowCount() > 0) {
        for (int column : { DatabaseSessionModel::Instance, DatabaseSessionModel::Pid,
                 DatabaseSessionModel::Application, DatabaseSessionModel::State })
            m_sessionTable->resizeColumnToContents(column);
    }
}

void DatabaseTab::setDatabasePoints(const QList<DatabasePoint>* points)
{
    for (DatabaseChart* chart : std::as_const(m_charts))
        chart->setDatabasePoints(points);
}

void DatabaseTab::fillBlocking(const DatabaseFigures& database)
{
    const qint64 selectedPid
        = m_blocking->currentItem() ? m_blocking->currentItem()->data(Session, Qt::UserRole).toLongLong() : 0;
    m_blocking->clear();
    QHash<qint64, QList<const DatabaseSession*>> waitersOf;
    QSet<qint64> waiting;
    for (const DatabaseSession& session : database.notable) {
        for (qint64 pid : session.row.blockedBy)
            waitersOf[pid].append(&session);
        if (!session.row.blockedBy.isEmpty())
            waiting.insert(session.row.pid);
    }
    QSet<qint64> placed;
    const std::function<void(QTreeWidgetItem*, qint64)> addWaiters = [&](QTreeWidgetItem* parent, qint64 pid) {
        for (const DatabaseSession* waiter : waitersOf.value(pid)) {
            if (placed.contains(waiter->row.pid))
                continue; // a cycle (a deadlock about to be broken), or a second holder's branch
            placed.insert(waiter->row.pid);
            QTreeWidgetItem* item = blockingItem(*waiter);
            parent->addChild(item);
            addWaiters(item, waiter->row.pid);
        }
    };
    // Heads first: sessions others wait for that wait for nobody; then any left in a cycle.
    for (int pass = 0; pass < 2; ++pass) {
        for (const DatabaseSession& session : database.notable) {
            const bool head = session.blocking && (pass == 1 || !waiting.contains(session.row.pid));
            if (!head || placed.contains(session.row.pid))
                continue;
            placed.insert(session.row.pid);
            QTreeWidgetItem* item = blockingItem(session);
            m_blocking->addTopLevelItem(item);
            addWaiters(item, session.row.pid);
        }
    }
    m_blocking->expandAll();
    if (m_blocking->topLevelItemCount() == 0) {
        auto* none = new QTreeWidgetItem({ tr("No session waits on a lock held by another") });
        none->setFlags(Qt::ItemIsEnabled);
        m_blocking->addTopLevelItem(none);
    }
    for (QTreeWidgetItemIterator it(m_blocking); *it; ++it) {
        if ((*it)->data(Session, Qt::UserRole).toLongLong() == selectedPid && selectedPid != 0)
            m_blocking->setCurrentItem(*it);
    }
    if (!m_shownInstance.isEmpty())
        showInstance(m_shownInstance);
}

void DatabaseTab::showInstance(const QString& instance)
{
    m_shownInstance = instance;
    for (QTreeWidgetItemIterator it(m_blocking); *it; ++it) {
        if ((*it)->text(Instance) == instance) {
            m_blocking->setCurrentItem(*it);
            m_blocking->scrollToItem(*it);
            break;
        }
    }
    const int row = [&] {
        for (int r = 0; r < m_sessions->rowCount(); ++r) {
            if (m_sessions->sessionAt(r).instance == instance)
                return r;
        }
        return -1;
    }();
    if (row < 0)
        return;
    auto* proxy = static_cast<QSortFilterProxyModel*>(m_sessionTable->model());
    const QModelIndex index = proxy->mapFromSource(m_sessions->index(row, DatabaseSessionModel::Instance));
    m_sessionTable->setCurrentIndex(index);
    m_sessionTable->scrollTo(index);
}

QString DatabaseTab::summaryText() const
{
    return m_summary->text();
}

QString DatabaseTab::cannotSeeText() const
{
    return m_cannotSee->isVisible() ? m_cannotSee->text() : QString();
}

QString DatabaseTab::summary(const DatabaseFigures& database)
{
    const QString status = statusName(database.status);
    QStringList parts { StatusStyle::forStatus(status).glyph + u' ' + status, database.role };
    parts.append(tr("%1 connections of %2")
                     .arg(Format::integer(database.connections), Format::integer(database.maxConnections)));
    QString blocked = tr("%1 blocked sessions").arg(Format::integer(database.blockedSessions));
    if (!database.blockedInstances.isEmpty())
        blocked += u" ("_s + database.blockedInstances.join(u", "_s) + u')';
    parts.append(blocked);
    parts.append(tr("oldest transaction %1").arg(Format::duration(database.oldestTransactionAgeS)));
    if (database.replayLagS)
        parts.append(tr("replay lag %1").arg(Format::duration(database.replayLagS)));
    for (const StandbyRow& standby : database.standbys) {
        parts.append(tr("standby %1 %2, lag %3")
                         .arg(standby.name.isEmpty() ? standby.clientAddr : standby.name, standby.state,
                             Format::duration(standby.replayLagS)));
    }
    QString text = parts.join(u" \u00b7 "_s);
    if (!database.reasons.isEmpty())
        text += u'\n' + database.reasons.join(u"; "_s);
    return text;
}

} // namespace Paddock
