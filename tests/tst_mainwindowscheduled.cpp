#include "databasetab.h"
#include "detachedwindow.h"
#include "engine.h"
#include "farmbuilder.h"
#include "mainwindow.h"
#include "runtimeline.h"
#include "runtimelinechart.h"
#include "scheduledmodel.h"
#include "scheduledtab.h"
#include "settings.h"
#include "viewtabs.h"

#include <QAbstractItemModelTester>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

// web-01 to web-03 and three scheduled tasks as the figures make them: "import" every 10 s, ok;
// "newsletter" every 60 s with its slot run twice (degraded); and, unless `recovered`, "reindex"
// abandoned on web-03, which stopped answering (failing).
EngineUpdate farmUpdate(quint64 sequence, bool recovered)
{
    FarmData data;
    data.now = QDateTime::currentDateTimeUtc();
    data.schemaVersion = 7;
    const auto ago = [&data](double s) { return data.now.addMSecs(-qRound64(s * 1000)); };
    for (qint64 id = 1; id <= 3; ++id) {
        data.servers.append(ServerRow { id, u"web-0%1"_s.arg(id), {}, {}, {}, {}, true, ago(3600), ago(3600), {} });
        data.lastHeartbeat.insert(id, ago(id == 3 && !recovered ? 45 : 1));
    }
    data.scheduledTasks = { ScheduledTaskRow { 1, u"import"_s, 10, true, ago(-5), 3600 },
        ScheduledTaskRow { 2, u"newsletter"_s, 60, true, ago(-50), 3600 },
        ScheduledTaskRow { 3, u"reindex"_s, 300, true, ago(-270), 3600 } };
    data.scheduledRuns = { ScheduledRunRow { 10, 1, 1, ago(5), ago(4.9), ago(3.7), {}, false },
        ScheduledRunRow { 11, 2, 1, ago(10), ago(9.9), ago(9), {}, false },
        ScheduledRunRow { 12, 2, 2, ago(10), ago(9.8), ago(9.1), {}, false },
        ScheduledRunRow { 13, 3, 3, ago(30), ago(30), recovered ? ago(2) : QDateTime(), {}, false } };
    EngineUpdate update;
    update.sequence = sequence;
    update.initial = sequence == 1;
    update.snapshot = Figures::compute(data, 60);
    update.scheduledRuns = data.scheduledRuns;
    for (const ServerRow& server : std::as_const(data.servers))
        update.serverNames.insert(server.id, server.name);
    return update;
}

} // namespace

// The Scheduled tab (DESIGN.md section 9): every task with its status glyph, last run, next due,
// who runs it now and why it is not ok; fed as the engine feeds it, through a detached engine.
class TestMainWindowScheduled : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_fixture.prepare(u"tst_mainwindowscheduled"_s)); }

    void init()
    {
        QVERIFY(m_fixture.open(u"scheduled.ini"_s, u"farm"_s));
        m_window = m_fixture.window();
    }

    void cleanup()
    {
        m_window = nullptr;
        m_fixture.close();
    }

    void theTabFollowsAfterDatabase()
    {
        ViewTabs* tabs = m_window->findChild<ViewTabs*>();
        QVERIFY(tabs);
        QCOMPARE(tabs->indexOf(tab()), tabs->indexOf(tabs->databasePage()) + 1);
        QCOMPARE(tabs->tabText(tabs->indexOf(tab())), u"Sch&eduled"_s);
        QCOMPARE(tab()->model()->rowCount(), 0);
        QVERIFY(tab()->summaryText().startsWith(u"No scheduled task"_s));
    }

    void everyTaskWithItsStatus()
    {
        ScheduledModel* model = tab()->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_window->engine()->deliver(farmUpdate(1, false));

        QCOMPARE(tab()->summaryText(), u"\u2716 3 scheduled tasks: 1 failing, 1 degraded, 1 ok"_s);
        QCOMPARE(model->rowCount(), 3);
        const auto cell = [model](int row, int column, int role = Qt::DisplayRole) {
            return model->data(model->index(row, column), role).toString();
        };
        QCOMPARE(cell(0, ScheduledModel::Name), u"import"_s);
        QCOMPARE(cell(0, ScheduledModel::Status, ScheduledModel::StatusRole), u"ok"_s);
        QVERIFY2(cell(0, ScheduledModel::LastRun).startsWith(u"web-01 at "_s), qPrintable(cell(0, 2)));
        QVERIFY2(cell(0, ScheduledModel::LastRun).endsWith(u", ok in 1.2 s"_s), qPrintable(cell(0, 2)));
        QCOMPARE(cell(0, ScheduledModel::Running), u"\u2014"_s);
        QCOMPARE(cell(1, ScheduledModel::Status), u"degraded"_s);
        QCOMPARE(cell(1, ScheduledModel::Window), u"1 duplicate"_s);
        QVERIFY2(cell(1, ScheduledModel::Why).endsWith(u"ran 2 times (web-01, web-02)"_s), qPrintable(cell(1, 6)));
        QCOMPARE(cell(2, ScheduledModel::Status), u"failing"_s);
        QVERIFY2(cell(2, ScheduledModel::LastRun).endsWith(u", abandoned"_s), qPrintable(cell(2, 2)));
        QCOMPARE(cell(2, ScheduledModel::Why), u"run 13 on web-03 abandoned: web-03 is not responding"_s);

        // Sorted by status, failing first, in the view.
        QTableView* table = tab()->table();
        QCOMPARE(table->model()->index(0, ScheduledModel::Name).data().toString(), u"reindex"_s);

        // web-03 answers again and finishes its run: the row changes in place, no reset.
        QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(model, &QAbstractItemModel::modelReset);
        QSignalSpy removed(model, &QAbstractItemModel::rowsRemoved);
        m_window->engine()->deliver(farmUpdate(2, true));
        QCOMPARE(cell(2, ScheduledModel::Status), u"ok"_s);
        QVERIFY(!changed.isEmpty());
        QVERIFY(reset.isEmpty());
        QVERIFY(removed.isEmpty());
        QCOMPARE(tab()->summaryText(), u"\u25b2 3 scheduled tasks: 1 degraded, 2 ok"_s);
    }

    // Below the table, the runs per instance on the charts' window; a run clicked selects its instance.
    void theTimelineSelectsAnInstance()
    {
        ViewTabs* tabs = m_window->findChild<ViewTabs*>();
        tabs->setCurrentWidget(tab());
        m_window->engine()->deliver(farmUpdate(1, false));
        RunTimelineChart* chart = tab()->timelineChart();
        QVERIFY(chart->isVisible());
        chart->rebuildNow();
        RunTimeline* timeline = chart->timeline();
        QCOMPARE(timeline->plan().rows.size(), 3);
        QCOMPARE(timeline->plan().rows.last().bars.first().outcome, TimelineBar::Outcome::Abandoned);
        QVERIFY(timeline->plan().rows[1].bars.first().duplicate); // web-02 ran newsletter's slot again

        QSignalSpy chosen(tabs, &ViewTabs::instanceChosen);
        const QRectF abandoned = timeline->barRect(13);
        QVERIFY(!abandoned.isNull());
        QTest::mouseClick(timeline, Qt::LeftButton, {}, abandoned.center().toPoint());
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(m_window->selectedServers(), QSet<qint64> { 3 });

        // Enter on the failing task (first, sorted by status): its abandoned run's instance.
        m_window->selectServers({ 1 });
        QTableView* table = tab()->table();
        table->setFocus();
        table->setCurrentIndex(table->model()->index(0, ScheduledModel::Name));
        QTest::keyClick(table, Qt::Key_Return);
        QCOMPARE(m_window->selectedServers(), QSet<qint64> { 3 });
        // A double-click on newsletter, not abandoned: its last run's instance.
        const QModelIndex newsletter = table->model()->index(1, ScheduledModel::Name);
        QCOMPARE(newsletter.data().toString(), u"newsletter"_s);
        const QPoint centre = table->visualRect(newsletter).center();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, centre); // a double-click begins as a click
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, centre);
        QCOMPARE(m_window->selectedServers(), QSet<qint64> { 2 });
    }

    // The timeline is one of the charts: the window's span and pause reach it.
    void theTimelineFollowsTheCharts()
    {
        ViewTabs* tabs = m_window->findChild<ViewTabs*>();
        RunTimelineChart* chart = tab()->timelineChart();
        tabs->setWindowSeconds(300);
        QCOMPARE(chart->windowSeconds(), 300);
        tabs->setLive(false);
        QVERIFY(!chart->isLive());
        tabs->setLive(true);
        QVERIFY(chart->isLive());
    }

private:
    ScheduledTab* tab() const { return m_window->findChild<ViewTabs*>()->scheduledPage(); }

    Test::DetachedWindow m_fixture;
    MainWindow* m_window = nullptr; // m_fixture's, between init() and cleanup()
};

QTEST_MAIN(TestMainWindowScheduled)
#include "tst_mainwindowscheduled.moc"
