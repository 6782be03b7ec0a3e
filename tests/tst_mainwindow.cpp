#include "engine.h"
#include "faultinjection.h"
#include "flushdialog.h"
#include "flushprogresspanel.h"
#include "instancemodel.h"
#include "mainwindow.h"
#include "pgconnection.h"
#include "recording.h"
#include "recordingbar.h"
#include "settings.h"
#include "summarytile.h"
#include "testdatabase.h"
#include "topologyview.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QImage>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QSignalSpy>
#include <QTableView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace Paddock;
using Paddock::Test::call;
using Paddock::Test::TestDatabase;

namespace {

ServerFigures server(qint64 id, const char* name, ServerStatus status)
{
    ServerFigures figures;
    figures.server.id = id;
    figures.server.name = QString::fromLatin1(name);
    figures.server.zone = QStringLiteral("zone-a");
    figures.status = status;
    return figures;
}

EngineUpdate updateWith(const QList<ServerFigures>& servers)
{
    EngineUpdate update;
    update.sequence = 1;
    update.snapshot.generatedAt = QDateTime(QDate(2026, 11, 22), QTime(10, 0), Qt::UTC);
    update.snapshot.servers = servers;
    update.snapshot.farm.servers = servers.size();
    for (const ServerFigures& s : servers) {
        update.serverNames.insert(s.server.id, s.server.name);
        ++update.snapshot.farm.byStatus[statusName(s.status)];
    }
    return update;
}

// Counts the message boxes that show up while it lives, and closes each.
class MessageBoxWatch : public QObject {
public:
    MessageBoxWatch()
    {
        connect(&m_timer, &QTimer::timeout, this, [this] {
            for (QWidget* widget : QApplication::topLevelWidgets()) {
                if (auto* box = qobject_cast<QMessageBox*>(widget); box && box->isVisible()) {
                    m_texts.append(box->text());
                    box->done(QMessageBox::Ok);
                }
            }
        });
        m_timer.start(10);
    }
    QStringList texts() const { return m_texts; }

private:
    QTimer m_timer;
    QStringList m_texts;
};

// A flush of the whole farm ordered in the dialog that the window opened.
FlushDialog* fillFlushDialog()
{
    auto* dialog = qobject_cast<FlushDialog*>(QApplication::activeModalWidget());
    if (!dialog)
        return nullptr;
    dialog->setScope(FlushDialog::Scope::Farm);
    dialog->setReason(QStringLiteral("stale prices after deploy"));
    if (auto* word = dialog->findChild<QLineEdit*>(QStringLiteral("confirmWord")); word && word->isVisible())
        word->setText(QStringLiteral("FLUSH"));
    if (auto* check = dialog->findChild<QCheckBox*>(QStringLiteral("confirmCheck")); check && check->isVisible())
        check->setChecked(true);
    return dialog->canSubmit() ? dialog : nullptr;
}

// A window that may flush a farm it cannot reach: the flush is refused.
void playUnreachableOperator(MainWindow& window)
{
    window.connectTo(QStringLiteral("host=/nonexistent/paddock-test port=1 connect_timeout=2"), false);
    window.applyUpdate(
        updateWith({ server(1, "web-01", ServerStatus::Healthy), server(2, "web-02", ServerStatus::Healthy) }));
    ConnectionState state;
    state.state = ConnectionState::State::Connected;
    state.canFlush = true;
    window.applyConnectionState(state);
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Settings of this test only, never the user's.
        QVERIFY(m_config.isValid());
        qputenv("XDG_CONFIG_HOME", m_config.path().toUtf8());
        qputenv("XDG_DATA_HOME", m_config.path().toUtf8()); // the recordings too
        QCoreApplication::setOrganizationName(QStringLiteral("PaddockTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    }

    void flushNeedsOperatorAndWritableMode_data()
    {
        QTest::addColumn<bool>("readOnly");
        QTest::addColumn<bool>("canFlush");
        QTest::addColumn<bool>("enabled");
        QTest::addColumn<QString>("explanation");
        QTest::addRow("operator") << false << true << true << QString();
        QTest::addRow("read-only") << true << true << false << QStringLiteral("Read-only mode");
        QTest::addRow("no privilege") << false << false << false << QStringLiteral("webfarm_operator");
    }

    void flushNeedsOperatorAndWritableMode()
    {
        QFETCH(bool, readOnly);
        QFETCH(bool, canFlush);
        QFETCH(bool, enabled);
        QFETCH(QString, explanation);
        Settings settings(m_config.filePath(QStringLiteral("flush.ini")));
        MainWindow window(&settings);
        // An unreachable farm: the engine exists but the state is played by the test.
        window.connectTo(QStringLiteral("host=127.0.0.1 port=1 connect_timeout=1"), readOnly);
        ConnectionState state;
        state.state = ConnectionState::State::Connected;
        state.canFlush = canFlush;
        window.applyConnectionState(state);
        QCOMPARE(window.flushAction()->isEnabled(), enabled);
        if (!enabled) {
            QVERIFY2(
                window.flushAction()->toolTip().contains(explanation), qPrintable(window.flushAction()->toolTip()));
            QVERIFY(window.flushUnavailableReason().contains(explanation));
        }
    }

    void tilesTurnByStatus()
    {
        Settings settings(m_config.filePath(QStringLiteral("tiles.ini")));
        MainWindow window(&settings);
        window.applyUpdate(
            updateWith({ server(1, "web-01", ServerStatus::Healthy), server(2, "web-02", ServerStatus::Healthy) }));
        SummaryTile* instances = window.tiles().first();
        QCOMPARE(instances->level(), SummaryTile::Level::Ok);
        QCOMPARE(instances->value(), QStringLiteral("2"));
        window.applyUpdate(
            updateWith({ server(1, "web-01", ServerStatus::Healthy), server(2, "web-02", ServerStatus::Degraded) }));
        QCOMPARE(instances->level(), SummaryTile::Level::Warning);
        window.applyUpdate(updateWith(
            { server(1, "web-01", ServerStatus::NotResponding), server(2, "web-02", ServerStatus::Degraded) }));
        QCOMPARE(instances->level(), SummaryTile::Level::Critical);
        QVERIFY2(
            instances->detail().contains(QStringLiteral("1 \u2716 not responding")), qPrintable(instances->detail()));
    }

    void tableSelectionIsTheWindowSelection()
    {
        Settings settings(m_config.filePath(QStringLiteral("selection.ini")));
        MainWindow window(&settings);
        window.applyUpdate(updateWith({ server(1, "web-01", ServerStatus::Healthy),
            server(2, "web-02", ServerStatus::Healthy), server(3, "web-03", ServerStatus::Healthy) }));
        QSignalSpy selections(&window, &MainWindow::selectionChanged);
        QTableView* table = window.instanceTable();
        int row = -1;
        for (int r = 0; r < table->model()->rowCount(); ++r) {
            if (table->model()->index(r, 0).data(InstanceModel::ServerIdRole).toLongLong() == 2)
                row = r;
        }
        QVERIFY(row >= 0);
        table->selectRow(row);
        QCOMPARE(selections.size(), 1);
        QCOMPARE(window.selectedServers(), QSet<qint64> { 2 });
        // The map shows the same selection.
        auto* map = qobject_cast<TopologyView*>(window.topologyWidget());
        QVERIFY(map);
        QCOMPARE(map->selectedServers(), QSet<qint64> { 2 });

        // And the other way: a selection made elsewhere (the map) shows in the table.
        window.selectServers({ 1, 3 });
        QCOMPARE(table->selectionModel()->selectedRows().size(), 2);
        QCOMPARE(window.selectedServers(), (QSet<qint64> { 1, 3 }));
        QCOMPARE(map->selectedServers(), (QSet<qint64> { 1, 3 }));
        // A selection made on the map reaches the table.
        Q_EMIT map->selectionChanged(QSet<qint64> { 3 });
        QCOMPARE(window.selectedServers(), QSet<qint64> { 3 });
        QCOMPARE(table->selectionModel()->selectedRows().size(), 1);
    }

    // A frozen database (every process of the cluster stopped): the window greys, shows no
    // instance as healthy, and closes at once all the same.
    void aFrozenDatabaseGreysTheWindowThatStillClosesAtOnce()
    {
        if (!Test::requireCluster())
            return;
        TestDatabase db;
        PgConnection writer = db.connect();
        for (const char* name : { "web-01", "web-02" }) {
            const qint64 id = call(writer, QStringLiteral("SELECT webfarm.register_server($1, NULL, NULL, 'z', NULL)"),
                { QLatin1String(name) });
            writer.exec(QStringLiteral("SELECT webfarm.heartbeat($1, clock_timestamp())"), { id });
        }
        Settings settings(m_config.filePath(QStringLiteral("frozen.ini")));
        settings.setValue(QStringLiteral("recorder/enabled"), false);
        auto* window = new MainWindow(&settings);
        window->show();
        QSignalSpy updates(window, &MainWindow::updateApplied);
        window->connectTo(db.conninfo(), false);
        QTRY_VERIFY_WITH_TIMEOUT(updates.size() >= 1, 10000);
        auto statusOf = [window](int row) {
            return window->instanceModel()
                ->index(row, InstanceModel::Status)
                .data(InstanceModel::StatusRole)
                .toString();
        };
        QCOMPARE(statusOf(0), QStringLiteral("healthy"));
        QVERIFY(!window->isStale());

        Paddock::Test::Freeze freeze(Paddock::Test::Freeze::wholeCluster());
        QVERIFY(freeze.isFrozen());
        QElapsedTimer frozen;
        frozen.start();
        QTRY_VERIFY_WITH_TIMEOUT(window->isStale(), 10000);
        const qint64 greyedAfter = frozen.elapsed();
        QVERIFY2(greyedAfter <= 7000, qPrintable(QString::number(greyedAfter)));
        QVERIFY2(window->bannerText().contains(QLatin1String("No answer from the database"))
                || window->bannerText().contains(QLatin1String("not answering")),
            qPrintable(window->bannerText()));
        for (int row = 0; row < window->instanceModel()->rowCount(); ++row) {
            QCOMPARE(statusOf(row), QStringLiteral("unknown"));
            const QString shown = window->instanceModel()->index(row, InstanceModel::Status).data().toString();
            QVERIFY2(shown.startsWith(QStringLiteral("unknown \u2014 last seen healthy at ")), qPrintable(shown));
        }
        QTRY_VERIFY_WITH_TIMEOUT(window->bannerText().contains(QLatin1String("not answering since")), 10000);

        QElapsedTimer closing;
        closing.start();
        window->close();
        delete window;
        QVERIFY2(closing.elapsed() < 1000, qPrintable(QString::number(closing.elapsed())));
        qInfo("frozen database: window greyed after %lld ms, closed in %lld ms", greyedAfter, closing.elapsed());
    }

    // The real thing: an engine whose session is killed, then recovers.
    void staleBannerFollowsTheConnection()
    {
        if (!Test::requireCluster())
            return;
        TestDatabase db;
        PgConnection writer = db.connect();
        call(writer, QStringLiteral("SELECT webfarm.register_server('web-01', NULL, NULL, 'z', NULL)"));

        Settings settings(m_config.filePath(QStringLiteral("stale.ini")));
        settings.setValue(QStringLiteral("engine/poll_interval_ms"), 200);
        MainWindow window(&settings);
        window.show();
        QSignalSpy updates(&window, &MainWindow::updateApplied);
        window.connectTo(db.conninfo(), false);
        QTRY_VERIFY_WITH_TIMEOUT(updates.size() >= 1, 10000);
        QVERIFY(!window.isStale());
        QVERIFY(window.bannerText().isEmpty());

        QCOMPARE(
            call(writer,
                QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND "
                               "application_name = 'paddock'"),
                { db.name() }),
            1);
        QTRY_VERIFY_WITH_TIMEOUT(window.isStale(), 10000);
        QVERIFY2(window.bannerText().contains(QLatin1String("Connection lost")), qPrintable(window.bannerText()));
        // The window records the farm it watches, and says that what it shows now is that recording.
        QVERIFY2(window.recorderText().contains(QLatin1String("recording")), qPrintable(window.recorderText()));
        QVERIFY2(window.bannerText().contains(QLatin1String("the recording since the loss")),
            qPrintable(window.bannerText()));
        QTRY_VERIFY_WITH_TIMEOUT(!window.isStale(), 20000);
        QVERIFY(window.bannerText().isEmpty());

        // Ctrl+Shift+R: what was recorded, in a second window, while this one stays live.
        window.browseRecording();
        MainWindow* replay = nullptr;
        for (QWidget* widget : QApplication::topLevelWidgets()) {
            if (auto* other = qobject_cast<MainWindow*>(widget); other && other != &window)
                replay = other;
        }
        QVERIFY(replay);
        QVERIFY(replay->isReplay());
        QTRY_COMPARE_WITH_TIMEOUT(replay->instanceModel()->rowCount(), 1, 10000);
        QVERIFY(!window.isReplay());
        replay->close(); // deletes itself
    }

    // The whole path: the dialog from the window, the request in the database, the instances
    // acknowledging, and the progress panel showing each of them.
    void flushFromTheWindowShowsEveryAcknowledgement()
    {
        if (!Test::requireCluster())
            return;
        TestDatabase db;
        PgConnection writer = db.connect();
        QList<qint64> ids;
        for (const char* name : { "web-01", "web-02", "web-03" }) {
            const qint64 id = call(writer, QStringLiteral("SELECT webfarm.register_server($1, NULL, NULL, 'z', NULL)"),
                { QString::fromLatin1(name) });
            writer.exec(QStringLiteral("SELECT webfarm.heartbeat($1, clock_timestamp())"), { id });
            ids.append(id);
        }

        Settings settings(m_config.filePath(QStringLiteral("flushflow.ini")));
        settings.setValue(QStringLiteral("engine/poll_interval_ms"), 200);
        MainWindow window(&settings);
        window.show();
        QSignalSpy updates(&window, &MainWindow::updateApplied);
        window.connectTo(db.conninfo(), false);
        QTRY_VERIFY_WITH_TIMEOUT(updates.size() >= 1 && window.flushAction()->isEnabled(), 10000);

        bool filled = false;
        QTimer::singleShot(0, this, [&filled] {
            auto* dialog = qobject_cast<FlushDialog*>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            dialog->setScope(FlushDialog::Scope::Farm);
            dialog->setReason(QStringLiteral("stale prices after deploy"));
            if (auto* word = dialog->findChild<QLineEdit*>(QStringLiteral("confirmWord")); word && word->isVisible())
                word->setText(QStringLiteral("FLUSH"));
            if (auto* check = dialog->findChild<QCheckBox*>(QStringLiteral("confirmCheck"));
                check && check->isVisible())
                check->setChecked(true);
            filled = dialog->canSubmit();
            dialog->accept();
        });
        window.requestFlush(); // modal until the database answered
        QVERIFY(filled);
        QCOMPARE(call(writer, QStringLiteral("SELECT count(*) FROM webfarm.flush_request")), 1);
        const qint64 task = call(writer, QStringLiteral("SELECT task_id FROM webfarm.flush_request"));
        QCOMPARE(
            call(writer, QStringLiteral("SELECT count(*) FROM webfarm.server_task WHERE task_id = $1"), { task }), 3);

        auto* panel = window.findChild<FlushProgressPanel*>();
        QVERIFY(panel);
        for (qint64 id : std::as_const(ids))
            writer.exec(QStringLiteral("SELECT webfarm.complete_task($1, $2)"), { id, task });
        QTRY_VERIFY_WITH_TIMEOUT(panel->headerText().contains(QLatin1String("3 of 3")), 10000);
        QVERIFY2(panel->headerText().contains(QLatin1String("acknowledged")), qPrintable(panel->headerText()));
    }

    // A refused flush is told once, in the dialog the user is looking at: no message box as well.
    void aRefusedFlushIsToldOnceInTheDialog()
    {
        Settings settings(m_config.filePath(QStringLiteral("refusedflush.ini")));
        settings.setValue(QStringLiteral("recorder/enabled"), false);
        MainWindow window(&settings);
        window.show();
        playUnreachableOperator(window);
        QVERIFY(window.flushAction()->isEnabled());
        MessageBoxWatch boxes;
        QString shownInline;
        bool sent = false;
        QTimer::singleShot(0, this, [&] {
            FlushDialog* dialog = fillFlushDialog();
            if (!dialog)
                return;
            dialog->accept();
            sent = true;
            auto* error = dialog->findChild<QLabel*>(QStringLiteral("error"));
            if (error && QTest::qWaitFor([error] { return error->isVisible(); }, 10000))
                shownInline = error->text();
            QTest::qWait(200); // time for a second report to show up
            dialog->reject();
        });
        window.requestFlush(); // modal until the test closes it
        QVERIFY(sent);
        QVERIFY2(shownInline.contains(QLatin1String("could not be reached")), qPrintable(shownInline));
        QTest::qWait(200);
        QVERIFY2(boxes.texts().isEmpty(), qPrintable(boxes.texts().join(QLatin1Char('\n'))));
    }

    // The dialog closed before the database answered: then the window tells the refusal, once.
    void aRefusedFlushAfterTheDialogClosedIsToldByTheWindow()
    {
        Settings settings(m_config.filePath(QStringLiteral("refusedlate.ini")));
        settings.setValue(QStringLiteral("recorder/enabled"), false);
        MainWindow window(&settings);
        window.show();
        playUnreachableOperator(window);
        MessageBoxWatch boxes;
        bool sent = false;
        QTimer::singleShot(0, this, [&] {
            FlushDialog* dialog = fillFlushDialog();
            if (!dialog)
                return;
            dialog->accept();
            sent = true;
            dialog->reject();
        });
        window.requestFlush();
        QVERIFY(sent);
        QTRY_COMPARE_WITH_TIMEOUT(boxes.texts().size(), 1, 10000);
        QTest::qWait(200);
        QCOMPARE(boxes.texts().size(), 1);
    }

    // A replay window saves its layout under keys of its own: the live window's stay as they were,
    // and each kind of window opens as the last of its kind was left.
    void aReplayWindowKeepsItsOwnLayout()
    {
        const QString path = m_config.filePath(QStringLiteral("layout.paddock-recording"));
        {
            auto recording = Recording::open(path, Recording::Mode::ReadWrite, nullptr);
            QVERIFY(recording);
            QVERIFY(recording->append(updateWith({ server(1, "web-01", ServerStatus::Healthy) })));
        }
        Settings settings(m_config.filePath(QStringLiteral("layout.ini")));
        auto tabsOf = [](MainWindow& window) { return window.findChild<QTabWidget*>(QStringLiteral("viewTabs")); };
        {
            MainWindow live(&settings);
            live.show();
            tabsOf(live)->setCurrentIndex(2);
            live.close();
        }
        const WindowLayout liveLayout = settings.windowLayout(Settings::WindowRole::Live);
        QCOMPARE(liveLayout.currentView, 2);
        QVERIFY(!liveLayout.geometry.isEmpty());
        {
            MainWindow replay(&settings);
            replay.show();
            QSignalSpy updates(&replay, &MainWindow::updateApplied);
            replay.openRecording(path);
            QTRY_VERIFY_WITH_TIMEOUT(updates.size() >= 1, 10000);
            QVERIFY(replay.isReplay());
            tabsOf(replay)->setCurrentIndex(4);
            replay.resize(replay.width() + 50, replay.height() + 30);
            replay.close();
        }
        QCOMPARE(settings.windowLayout(Settings::WindowRole::Live), liveLayout);
        QCOMPARE(settings.windowLayout(Settings::WindowRole::Replay).currentView, 4);

        MainWindow nextReplay(&settings);
        nextReplay.show();
        nextReplay.openRecording(path);
        QCOMPARE(tabsOf(nextReplay)->currentIndex(), 4);
        MainWindow nextLive(&settings);
        QCOMPARE(tabsOf(nextLive)->currentIndex(), 2);
        nextReplay.close();
        QCOMPARE(settings.windowLayout(Settings::WindowRole::Live), liveLayout);
    }

    // `paddock open`: a recording in the window, read-only, and the slider moves through it.
    void aReplayWindowMovesThroughTheRecording()
    {
        const QString path = m_config.filePath(QStringLiteral("replay.paddock-recording"));
        const QDateTime start = QDateTime(QDate(2026, 11, 22), QTime(3, 0), Qt::UTC);
        {
            auto recording = Recording::open(path, Recording::Mode::ReadWrite, nullptr);
            QVERIFY(recording);
            const QList<ServerStatus> states { ServerStatus::Healthy, ServerStatus::NotResponding,
                ServerStatus::Degraded };
            for (int i = 0; i < states.size(); ++i) {
                EngineUpdate update = updateWith({ server(1, "web-01", states.at(i)) });
                update.snapshot.generatedAt = start.addSecs(30 * i);
                QVERIFY(recording->append(update));
            }
        }
        Settings settings(m_config.filePath(QStringLiteral("replay.ini")));
        MainWindow window(&settings);
        window.show();
        QSignalSpy updates(&window, &MainWindow::updateApplied);
        window.openRecording(path);
        QTRY_VERIFY_WITH_TIMEOUT(updates.size() >= 1, 10000);
        auto statusShown = [&window] {
            return window.instanceModel()->index(0, InstanceModel::Status).data(InstanceModel::StatusRole).toString();
        };
        // It opens at the end.
        QVERIFY(window.isReplay());
        QCOMPARE(statusShown(), QStringLiteral("degraded"));
        RecordingBar* bar = window.recordingBar();
        QVERIFY(bar->isVisibleTo(&window));
        QTRY_COMPARE_WITH_TIMEOUT(bar->first(), start, 5000);
        QCOMPARE(bar->last(), start.addSecs(60));
        QCOMPARE(bar->position(), start.addSecs(60));
        QCOMPARE(window.tiles().last()->value(), QStringLiteral("recording"));
        QVERIFY(!window.flushAction()->isEnabled());
        QVERIFY2(window.flushUnavailableReason().contains(QLatin1String("recording")),
            qPrintable(window.flushUnavailableReason()));
        QVERIFY(window.windowTitle().contains(QLatin1String("read-only")));

        // Half a minute back: the instance was not responding then.
        bar->step(-30);
        QTRY_COMPARE_WITH_TIMEOUT(statusShown(), QStringLiteral("not-responding"), 5000);
        QCOMPARE(bar->position(), start.addSecs(30));
        QVERIFY(!bar->isFollowing());
        // The keys: Alt+Home to the start.
        QAction* toStart = nullptr;
        for (QAction* action : window.findChildren<QAction*>()) {
            if (action->shortcut() == QKeySequence(Qt::ALT | Qt::Key_Home))
                toStart = action;
        }
        QVERIFY(toStart && toStart->isEnabled());
        toStart->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(statusShown(), QStringLiteral("healthy"), 5000);
        // Dragging the slider: many moves, one read once the hand rests.
        const qsizetype before = updates.size();
        for (int value = 1; value <= 45; ++value)
            bar->slider()->setValue(value);
        QTRY_COMPARE_WITH_TIMEOUT(statusShown(), QStringLiteral("not-responding"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(updates.size(), before + 1, 5000);
    }

    // At its end, a replay follows a recording that another Paddock is still writing.
    void aReplayAtTheEndFollowsTheRecording()
    {
        const QString path = m_config.filePath(QStringLiteral("growing.paddock-recording"));
        const QDateTime start = QDateTime(QDate(2026, 11, 22), QTime(4, 0), Qt::UTC);
        auto writer = Recording::open(path, Recording::Mode::ReadWrite, nullptr);
        QVERIFY(writer);
        EngineUpdate first = updateWith({ server(1, "web-01", ServerStatus::Healthy) });
        first.snapshot.generatedAt = start;
        QVERIFY(writer->append(first));

        Settings settings(m_config.filePath(QStringLiteral("growing.ini")));
        MainWindow window(&settings);
        window.show();
        QSignalSpy updates(&window, &MainWindow::updateApplied);
        window.openRecording(path);
        QTRY_VERIFY_WITH_TIMEOUT(updates.size() >= 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(window.recordingBar()->isFollowing() && window.recordingBar()->last() == start, 5000);

        EngineUpdate next = updateWith({ server(1, "web-01", ServerStatus::Stopped) });
        next.snapshot.generatedAt = start.addSecs(5);
        QVERIFY(writer->append(next));
        window.engine()->refreshNow(); // the replay also looks every 2 s by itself
        QTRY_COMPARE_WITH_TIMEOUT(window.recordingBar()->last(), start.addSecs(5), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(
            window.instanceModel()->index(0, InstanceModel::Status).data(InstanceModel::StatusRole).toString(),
            QStringLiteral("stopped"), 5000);
        QCOMPARE(window.recordingBar()->position(), start.addSecs(5));
    }

    void aRefusedRecordingSaysWhy()
    {
        const QString path = m_config.filePath(QStringLiteral("notes.txt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("these are not the figures you are looking for\n");
        file.close();
        Settings settings(m_config.filePath(QStringLiteral("refused.ini")));
        MainWindow window(&settings);
        window.show();
        window.openRecording(path);
        QTRY_VERIFY_WITH_TIMEOUT(window.bannerText().contains(QLatin1String("not a Paddock recording")), 10000);
        QVERIFY(window.bannerText().startsWith(QStringLiteral("\u26a0 Cannot show the recording")));
    }

    // The database is down when Paddock starts: the window shows what it recorded of that farm.
    void theRecordingStandsInForAnUnreachableDatabase()
    {
        Settings settings(m_config.filePath(QStringLiteral("unreachable.ini")));
        settings.setValue(QStringLiteral("recorder/directory"), m_config.filePath(QStringLiteral("recordings")));
        const QString conninfo = QStringLiteral("host=127.0.0.1 port=1 dbname=farm connect_timeout=2");
        const QString path = settings.recordingPathFor(conninfo);
        QVERIFY(path.startsWith(m_config.filePath(QStringLiteral("recordings"))));
        const QDateTime recordedAt = QDateTime::currentDateTimeUtc().addSecs(-300);
        {
            auto recording = Recording::open(path, Recording::Mode::ReadWrite, nullptr);
            QVERIFY(recording);
            EngineUpdate update = updateWith({ server(4, "web-04", ServerStatus::Degraded) });
            update.snapshot.generatedAt = recordedAt;
            QVERIFY(recording->append(update));
        }
        MainWindow window(&settings);
        window.show();
        QSignalSpy updates(&window, &MainWindow::updateApplied);
        window.connectTo(conninfo, true);
        QTRY_VERIFY_WITH_TIMEOUT(updates.size() >= 1, 10000);
        QCOMPARE(window.instanceModel()->rowCount(), 1);
        QCOMPARE(window.instanceModel()->index(0, InstanceModel::Name).data().toString(), QStringLiteral("web-04"));
        QTRY_VERIFY_WITH_TIMEOUT(window.isStale(), 10000);
        const QString shownAt = recordedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
        QVERIFY2(
            window.bannerText().contains(QStringLiteral("Showing the recording of this farm, up to %1").arg(shownAt)),
            qPrintable(window.bannerText()));
        QVERIFY(!window.isReplay());
    }

    void screenshotModeWritesTheWindow()
    {
        if (!Test::requireCluster())
            return;
        TestDatabase db;
        const QString file = m_config.filePath(QStringLiteral("shot.png"));
        QProcess paddock;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_config.path());
        environment.insert(QStringLiteral("XDG_DATA_HOME"), m_config.path());
        paddock.setProcessEnvironment(environment);
        paddock.start(QStringLiteral(PADDOCK_PATH),
            { QStringLiteral("--connect"), db.conninfo(), QStringLiteral("--screenshot"), file,
                QStringLiteral("--after"), QStringLiteral("1") });
        QVERIFY(paddock.waitForFinished(60000));
        QCOMPARE(paddock.exitCode(), 0);
        const QImage image(file);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(1600, 1000));
    }

private:
    QTemporaryDir m_config;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
