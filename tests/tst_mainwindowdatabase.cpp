#include "databasesessionmodel.h"
#include "databasetab.h"
#include "detachedwindow.h"
#include "engine.h"
#include "farmbuilder.h"
#include "mainwindow.h"
#include "settings.h"
#include "topologydatabaseitem.h"
#include "topologyview.h"
#include "viewtabs.h"

#include <QAbstractItemModelTester>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

SessionRow session(qint64 pid, const QString& application, const QDateTime& now, double transactionS = -1.0)
{
    SessionRow row;
    row.pid = pid;
    row.applicationName = application;
    row.user = u"app"_s;
    row.clientAddr = u"10.0.0.5"_s;
    row.state = transactionS >= 0.0 ? u"idle in transaction"_s : u"idle"_s;
    if (transactionS >= 0.0)
        row.xactStart = now.addMSecs(-qint64(transactionS * 1000));
    return row;
}

// web-01 to web-03, healthy, read a moment ago; with `blocked`, psql (pid 4711, admin@10.0.0.9) has
// held a lock for 20 s that web-02's session 4800 has waited on for 12.4 s, and web-03's 4801 waits
// on 4800. The models' figures and rule, as the engine makes them.
EngineUpdate farmUpdate(quint64 sequence, bool blocked)
{
    EngineUpdate update;
    update.sequence = sequence;
    update.initial = sequence == 1;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    update.snapshot.generatedAt = now;
    update.snapshot.windowS = 60;
    QStringList names;
    for (qint64 id = 1; id <= 3; ++id) {
        update.snapshot.servers.append(Test::serverFigures(id, u"web-0%1"_s.arg(id)));
        update.serverNames.insert(id, u"web-0%1"_s.arg(id));
        names.append(u"web-0%1"_s.arg(id));
    }
    update.snapshot.farm.servers = 3;
    update.snapshot.farm.byStatus.insert(statusName(ServerStatus::Healthy), 3);
    update.snapshot.farm.byStatus.insert(statusName(ServerStatus::Degraded), 0);

    DatabaseRows rows;
    rows.maxConnections = 100;
    rows.seesAllSessions = true;
    rows.sessions = { session(100, u"paddock-sim web-01"_s, now), session(101, u"paddock-sim web-03"_s, now) };
    if (blocked) {
        SessionRow holder = session(4711, u"psql"_s, now, 20.0);
        holder.user = u"admin"_s;
        holder.clientAddr = u"10.0.0.9"_s;
        holder.query = u"UPDATE webfarm.server_task SET error_message = error_message"_s;
        SessionRow waiter = session(4800, u"paddock-sim web-02"_s, now);
        waiter.state = u"active"_s;
        waiter.blockedBy = { 4711 };
        waiter.lockWaitStart = now.addMSecs(-12400);
        waiter.waitEventType = u"Lock"_s;
        waiter.waitEvent = u"transactionid"_s;
        SessionRow second = waiter;
        second.pid = 4801;
        second.applicationName = u"web-03"_s;
        second.blockedBy = { 4800 };
        second.lockWaitStart = now.addMSecs(-3000);
        rows.sessions += { holder, waiter, second };
    }
    rows.tables = { RelationRow { u"server_task"_s, 3 * 1024 * 1024, 900, 120, {} },
        RelationRow { u"task"_s, 1024 * 1024, 300, 0, {} } };
    rows.tablesRead = true;
    Database::apply(update.snapshot, Database::figures(rows, now, names));
    return update;
}

} // namespace

// The window's parts for the database server itself (DESIGN.md section 7): the node on the map and
// its tooltip, the Database tab (summary, blocking chains, sessions, charts), and the way from a
// blocked instance to what blocks it; fed as the engine feeds them, through a detached engine.
class TestMainWindowDatabase : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_fixture.prepare(u"tst_mainwindowdatabase"_s)); }

    void init()
    {
        QVERIFY(m_fixture.open(u"database.ini"_s, u"farm"_s));
        m_window = m_fixture.window();
    }

    void cleanup()
    {
        m_window = nullptr;
        m_fixture.close();
    }

    void healthyDatabase()
    {
        m_window->engine()->deliver(farmUpdate(1, false));
        TopologyDatabaseItem* node = topology()->databaseItem();
        QCOMPARE(node->status(), u"healthy"_s);
        QCOMPARE(node->detail(), u"3 instances \u00b7 backlog 0\n2 of 100 connections\nno lock waits"_s);
        QVERIFY2(tab()->summaryText().startsWith(u"\u25cf healthy \u00b7 primary \u00b7 2 connections of 100"_s),
            qPrintable(tab()->summaryText()));
        QCOMPARE(tab()->blockingTree()->topLevelItemCount(), 1);
        QCOMPARE(tab()->blockingTree()->topLevelItem(0)->text(0), u"No session waits on a lock held by another"_s);
        QCOMPARE(tab()->sessionModel()->rowCount(), 2);
        QVERIFY(tab()->cannotSeeText().isEmpty());
    }

    void lockWait()
    {
        DatabaseSessionModel* model = tab()->sessionModel();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_window->engine()->deliver(farmUpdate(1, true));

        TopologyDatabaseItem* node = topology()->databaseItem();
        QCOMPARE(node->status(), u"degraded"_s);
        QCOMPARE(
            node->detail(), u"3 instances \u00b7 backlog 0\n5 of 100 connections\n2 blocked \u00b7 oldest tx 20.0 s"_s);
        const QString tip = topology()->toolTipAt(topology()->mapFromScene(node->sceneBoundingRect().center()));
        for (const QString& part : { u"5 of 100"_s, u"Blocked sessions"_s, u"20.0 s"_s,
                 u"pid 4800 (paddock-sim web-02, app@10.0.0.5) waiting 12.4 s on a lock held by pid 4711"_s })
            QVERIFY2(tip.contains(part), qPrintable(tip));

        // The chain: psql holds, web-02 waits on it, web-03 waits on web-02.
        QTreeWidget* tree = tab()->blockingTree();
        QCOMPARE(tree->topLevelItemCount(), 1);
        QTreeWidgetItem* head = tree->topLevelItem(0);
        QCOMPARE(head->text(0), u"pid 4711 (psql, admin@10.0.0.9)"_s);
        QCOMPARE(head->text(5), u"UPDATE webfarm.server_task SET error_message = error_message"_s);
        QCOMPARE(head->childCount(), 1);
        QCOMPARE(head->child(0)->text(1), u"web-02"_s);
        QCOMPARE(head->child(0)->text(2), u"12.4 s"_s);
        QCOMPARE(head->child(0)->childCount(), 1);
        QCOMPARE(head->child(0)->child(0)->text(1), u"web-03"_s);

        // Sessions by instance, the farm's first.
        QCOMPARE(model->rowCount(), 5);
        QCOMPARE(model->data(model->index(0, DatabaseSessionModel::Instance)).toString(), u"web-01"_s);
        const int waiter = model->rowOfPid(4800);
        QCOMPARE(model->data(model->index(waiter, DatabaseSessionModel::Instance)).toString(), u"web-02"_s);
        QCOMPARE(model->data(model->index(waiter, DatabaseSessionModel::Wait)).toString(), u"Lock: transactionid"_s);
        QCOMPARE(model->data(model->index(waiter, DatabaseSessionModel::BlockedBy)).toString(), u"4711"_s);
        QCOMPARE(model->data(model->index(waiter, 0), DatabaseSessionModel::StatusRole).toString(), u"degraded"_s);
        QCOMPARE(
            model->data(model->index(model->rowOfPid(4711), DatabaseSessionModel::Instance)).toString(), QString());

        // The instance is degraded with the reason, and selecting it brings its chain forward.
        QCOMPARE(m_window->engine()->lastUpdate().snapshot.servers.at(1).reasons,
            QStringList { u"waiting 12.4 s on a lock held by pid 4711 (psql, admin@10.0.0.9)"_s });
        tabs()->setSelectedServers({ 2 }, { u"web-02"_s });
        QCOMPARE(tree->currentItem(), head->child(0));

        // The lock goes: rows leave by merge, not by reset.
        QSignalSpy removed(model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(model, &QAbstractItemModel::modelReset);
        m_window->engine()->deliver(farmUpdate(2, false));
        QCOMPARE(model->rowCount(), 2);
        QVERIFY(!removed.isEmpty());
        QVERIFY(reset.isEmpty());
        QCOMPARE(node->status(), u"healthy"_s);
    }

    void chartsDrawTheEnginesPoints()
    {
        // On whole seconds: a live chart ends at the last whole second.
        const qint64 second = QDateTime::currentSecsSinceEpoch();
        for (quint64 sequence = 1; sequence <= 3; ++sequence) {
            EngineUpdate update = farmUpdate(sequence, sequence == 3);
            update.snapshot.generatedAt = QDateTime::fromSecsSinceEpoch(second + qint64(sequence) - 3, Qt::UTC);
            m_window->engine()->deliver(update);
        }
        QCOMPARE(m_window->engine()->databaseHistory().size(), 3);
        tabs()->setCurrentWidget(tab());
        TimeChart* sessions = chart(DatabaseChart::Kind::Sessions);
        QTRY_COMPARE(sessions->points(u"connections"_s).size(), 3);
        QCOMPARE(sessions->points(u"connections"_s).constLast().y(), 5.0);
        QCOMPARE(sessions->points(u"blocked"_s).constLast().y(), 2.0);
        QCOMPARE(sessions->points(u"max"_s).constLast().y(), 100.0);
        TimeChart* sizes = chart(DatabaseChart::Kind::TableSizes);
        QTRY_COMPARE(sizes->points(u"table:server_task"_s).size(), 3);
        QCOMPARE(sizes->points(u"table:server_task"_s).constLast().y(), 3.0); // MiB
        // No dead rows in task: not drawn.
        TimeChart* dead = chart(DatabaseChart::Kind::DeadRows);
        QTRY_COMPARE(dead->points(u"table:server_task"_s).size(), 3);
        QCOMPARE(dead->series().size(), 1);
    }

    void doubleClickOnTheNodeOpensTheTab()
    {
        m_window->engine()->deliver(farmUpdate(1, true));
        tabs()->setCurrentIndex(0);
        TopologyView* map = topology();
        const QPoint at = map->mapFromScene(map->databaseItem()->sceneBoundingRect().center());
        QTest::mouseDClick(map->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(tabs()->currentWidget(), tab());
    }

private:
    TopologyView* topology() const { return m_window->findChild<TopologyView*>(); }
    ViewTabs* tabs() const { return m_window->findChild<ViewTabs*>(); }
    DatabaseTab* tab() const { return tabs()->databasePage(); }
    TimeChart* chart(DatabaseChart::Kind kind) const
    {
        for (DatabaseChart* chart : tab()->charts()) {
            if (chart->kind() == kind)
                return chart->chart();
        }
        return nullptr;
    }

    Test::DetachedWindow m_fixture;
    MainWindow* m_window = nullptr; // m_fixture's, between init() and cleanup()
};

QTEST_MAIN(TestMainWindowDatabase)

#include "tst_mainwindowdatabase.moc"
