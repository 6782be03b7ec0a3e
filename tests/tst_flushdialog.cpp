#include "engine.h"
#include "flushdialog.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

const QDateTime Now(QDate(2026, 11, 22), QTime(10, 0), Qt::UTC);

ServerFigures server(qint64 id, ServerStatus status = ServerStatus::Healthy)
{
    ServerFigures figures;
    figures.server.id = id;
    figures.server.name = u"web-%1"_s.arg(id, 2, 10, QLatin1Char('0'));
    figures.server.zone = id <= 4 ? u"eu-west-1a"_s : u"eu-west-1b"_s;
    figures.server.registeredAt = Now.addSecs(-3600);
    figures.server.startedAt = Now.addSecs(-3600);
    figures.status = status;
    if (status == ServerStatus::Stopped)
        figures.server.stoppedAt = Now.addSecs(-60);
    if (status == ServerStatus::Disabled)
        figures.server.enabled = false;
    return figures;
}

// web-01 … web-09: web-03 not responding, web-06 stopped, web-09 disabled.
FarmSnapshot farm()
{
    FarmSnapshot snapshot;
    snapshot.generatedAt = Now;
    for (qint64 id = 1; id <= 9; ++id) {
        ServerStatus status = ServerStatus::Healthy;
        if (id == 3)
            status = ServerStatus::NotResponding;
        else if (id == 6)
            status = ServerStatus::Stopped;
        else if (id == 9)
            status = ServerStatus::Disabled;
        snapshot.servers.append(server(id, status));
    }
    return snapshot;
}

template<typename T> T* child(const QWidget& parent, const QString& name)
{
    T* widget = parent.findChild<T*>(name);
    if (!widget)
        qFatal("no child %s", qPrintable(name));
    return widget;
}

struct Fixture {
    FlushDialog dialog;
    QPushButton* flush;
    QLineEdit* reason;
    QCheckBox* check;
    QLineEdit* word;
    QPlainTextEdit* keys;

    Fixture()
        : flush(child<QPushButton>(dialog, u"flushButton"_s))
        , reason(child<QLineEdit>(dialog, u"reason"_s))
        , check(child<QCheckBox>(dialog, u"confirmCheck"_s))
        , word(child<QLineEdit>(dialog, u"confirmWord"_s))
        , keys(child<QPlainTextEdit>(dialog, u"cacheKeys"_s))
    {
        dialog.setSnapshot(farm());
        dialog.setRequester(u"alice"_s);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    }

    void confirm()
    {
        if (dialog.scope() == FlushDialog::Scope::Farm) {
            word->clear();
            QTest::keyClicks(word, u"FLUSH"_s);
        } else {
            check->setChecked(true);
        }
    }
};

} // namespace

class TestFlushDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cannotSubmitWithoutReason();
    void cannotSubmitWithoutConfirmation_data();
    void cannotSubmitWithoutConfirmation();
    void whitespaceReasonRefused();
    void keysScopeNeedsANonEmptyKey();
    void farmScopeListsRunningInstances();
    void selectedScopeListsExactlyTheSelectedRunningInstances();
    void noSelectionMeansNoSelectedScope();
    void changingScopeWithdrawsTheConfirmation();
    void readOnlyReasonDisablesSubmit();
    void orderMatchesTheInputs_data();
    void orderMatchesTheInputs();
    void enterSubmitsOnlyWhenValid();
    void escapeCancels();
    void refusalFromTheEngineKeepsTheDialogOpen();
};

void TestFlushDialog::cannotSubmitWithoutReason()
{
    Fixture f;
    f.dialog.setScope(FlushDialog::Scope::Farm);
    f.confirm();
    QVERIFY(!f.flush->isEnabled());
    QVERIFY(!f.dialog.canSubmit());
    QVERIFY(f.dialog.problem().contains(u"reason"_s));
    f.flush->click();
    QVERIFY(f.dialog.isVisible());
    QCOMPARE(f.dialog.result(), int(QDialog::Rejected));

    QTest::keyClicks(f.reason, u"stale prices"_s);
    QVERIFY(f.flush->isEnabled());
    QVERIFY(f.dialog.problem().isEmpty());
}

void TestFlushDialog::cannotSubmitWithoutConfirmation_data()
{
    QTest::addColumn<FlushDialog::Scope>("scope");
    QTest::addRow("farm: type FLUSH") << FlushDialog::Scope::Farm;
    QTest::addRow("selected: tick") << FlushDialog::Scope::Servers;
    QTest::addRow("keys: tick") << FlushDialog::Scope::Keys;
}

void TestFlushDialog::cannotSubmitWithoutConfirmation()
{
    QFETCH(FlushDialog::Scope, scope);
    Fixture f;
    f.dialog.setSelectedServers({ 1, 2 });
    f.dialog.setCacheKeys({ u"product|1"_s });
    f.dialog.setScope(scope);
    QTest::keyClicks(f.reason, u"stale prices"_s);
    QVERIFY(!f.flush->isEnabled());
    QVERIFY(f.dialog.problem().contains(u"confirm"_s));

    if (scope == FlushDialog::Scope::Farm) {
        // Only the word counts, and only where it is asked for.
        QVERIFY(!f.check->isVisibleTo(&f.dialog));
        QVERIFY(f.word->isVisibleTo(&f.dialog));
        QTest::keyClicks(f.word, u"FLUS"_s);
        QVERIFY(!f.flush->isEnabled());
        QTest::keyClicks(f.word, u"H"_s);
    } else {
        QVERIFY(f.check->isVisibleTo(&f.dialog));
        QVERIFY(!f.word->isVisibleTo(&f.dialog));
        f.check->setChecked(true);
    }
    QVERIFY(f.flush->isEnabled());
    QSignalSpy accepted(&f.dialog, &QDialog::accepted);
    f.flush->click();
    QCOMPARE(accepted.count(), 1);
    QCOMPARE(f.dialog.result(), int(QDialog::Accepted));
}

void TestFlushDialog::whitespaceReasonRefused()
{
    Fixture f;
    f.dialog.setScope(FlushDialog::Scope::Farm);
    f.confirm();
    QTest::keyClicks(f.reason, u"   \t  "_s);
    QVERIFY(!f.flush->isEnabled());
    QVERIFY(f.dialog.problem().contains(u"reason"_s));
    QTest::keyClicks(f.reason, u"x"_s);
    QVERIFY(f.flush->isEnabled());
    QCOMPARE(f.dialog.order().reason, u"x"_s);
}

void TestFlushDialog::keysScopeNeedsANonEmptyKey()
{
    Fixture f;
    f.dialog.setScope(FlushDialog::Scope::Keys);
    QTest::keyClicks(f.reason, u"stale nav"_s);
    f.confirm();
    QVERIFY(!f.flush->isEnabled());
    QVERIFY(f.dialog.problem().contains(u"cache key"_s));

    f.keys->setPlainText(u"\n   \n\t\n"_s);
    QVERIFY(!f.flush->isEnabled());
    QVERIFY(f.dialog.problem().contains(u"cache key"_s));

    f.keys->setPlainText(u"\n  nav|main  \n"_s);
    QVERIFY(f.flush->isEnabled());
    QCOMPARE(f.dialog.order().cacheKeys, QStringList { u"nav|main"_s });
    QVERIFY(f.dialog.summaryText().contains(u"A CLEAR_CACHE task for 1 cache key will be delivered to 7 instances"_s));
}

void TestFlushDialog::farmScopeListsRunningInstances()
{
    Fixture f;
    f.dialog.setScope(FlushDialog::Scope::Farm);
    const QString summary = f.dialog.summaryText();
    QCOMPARE(f.dialog.targetNames(),
        QStringList({ u"web-01"_s, u"web-02"_s, u"web-03"_s, u"web-04"_s, u"web-05"_s, u"web-07"_s, u"web-08"_s }));
    QVERIFY2(summary.startsWith(u"A CLEAR_CACHE task will be delivered to all 7 running instances: "
                                u"web-01, web-02, web-03, web-04, web-05, web-07, web-08 "
                                u"(2 stopped or disabled instances are skipped: web-06, web-09)."_s),
        qPrintable(summary));
    QVERIFY2(summary.contains(u"web-03 is not responding"_s), qPrintable(summary));
    QVERIFY2(summary.contains(u"Requested by alice from this machine; recorded in webfarm.flush_request."_s),
        qPrintable(summary));
    QCOMPARE(child<QLabel>(f.dialog, u"summary"_s)->text(), summary);
    QCOMPARE(f.flush->text(), u"Flush 7 instances"_s);
}

void TestFlushDialog::selectedScopeListsExactlyTheSelectedRunningInstances()
{
    Fixture f;
    f.dialog.setSelectedServers({ 7, 2, 6, 9 });
    // A selection makes the selected instances the initial scope: the smaller blast radius.
    QCOMPARE(f.dialog.scope(), FlushDialog::Scope::Servers);
    QCOMPARE(f.dialog.targetNames(), QStringList({ u"web-02"_s, u"web-07"_s }));
    const QString summary = f.dialog.summaryText();
    QVERIFY2(summary.startsWith(u"A CLEAR_CACHE task will be delivered to 2 instances: web-02, web-07 "
                                u"(2 stopped or disabled instances are skipped: web-06, web-09).\n"_s),
        qPrintable(summary));
    for (const QString& other : { u"web-01"_s, u"web-03"_s, u"web-04"_s, u"web-05"_s, u"web-08"_s })
        QVERIFY2(!summary.contains(other), qPrintable(other));
    QVERIFY(child<QLabel>(f.dialog, u"selectedServers"_s)->text().contains(u"web-02, web-06, web-07, web-09"_s));

    f.dialog.setSelectedServers({ 2, 42 });
    QVERIFY2(f.dialog.summaryText().startsWith(u"A CLEAR_CACHE task will be delivered to 1 instance: web-02 "
                                               u"(1 selected instance has left the farm: #42)."_s),
        qPrintable(f.dialog.summaryText()));

    f.dialog.setSelectedServers({ 6 });
    QVERIFY(f.dialog.targetNames().isEmpty());
    QVERIFY(f.dialog.summaryText().startsWith(u"No enabled, running instance is targeted: nothing would be flushed "
                                              u"(1 stopped or disabled instance is skipped: web-06)."_s));
    QTest::keyClicks(f.reason, u"why not"_s);
    f.confirm();
    QVERIFY(!f.flush->isEnabled());
    QVERIFY(f.dialog.problem().contains(u"No enabled, running instance"_s));
}

void TestFlushDialog::noSelectionMeansNoSelectedScope()
{
    Fixture f;
    QCOMPARE(f.dialog.scope(), FlushDialog::Scope::Farm);
    QVERIFY(!child<QRadioButton>(f.dialog, u"scopeServers"_s)->isEnabled());
    f.dialog.setSelectedServers({ 1 });
    QVERIFY(child<QRadioButton>(f.dialog, u"scopeServers"_s)->isEnabled());
    f.dialog.setSelectedServers({});
    QCOMPARE(f.dialog.scope(), FlushDialog::Scope::Farm);
}

void TestFlushDialog::changingScopeWithdrawsTheConfirmation()
{
    Fixture f;
    f.dialog.setSelectedServers({ 1 });
    QTest::keyClicks(f.reason, u"stale"_s);
    f.confirm();
    QVERIFY(f.flush->isEnabled());
    f.dialog.setScope(FlushDialog::Scope::Farm);
    QVERIFY(!f.flush->isEnabled());
    f.dialog.setScope(FlushDialog::Scope::Servers);
    QVERIFY(!f.check->isChecked());
    QVERIFY(!f.flush->isEnabled());
}

void TestFlushDialog::readOnlyReasonDisablesSubmit()
{
    Fixture f;
    QTest::keyClicks(f.reason, u"stale"_s);
    f.confirm();
    QVERIFY(f.flush->isEnabled());

    const QString why = u"the connecting role lacks webfarm_operator"_s;
    f.dialog.setReadOnlyReason(why);
    QVERIFY(!f.flush->isEnabled());
    auto* banner = child<QLabel>(f.dialog, u"readOnlyReason"_s);
    QVERIFY(banner->isVisible());
    QVERIFY(banner->text().contains(why));
    QVERIFY(f.dialog.problem().contains(why));
    QVERIFY(f.flush->toolTip().contains(why));
    QTest::keyClick(f.reason, Qt::Key_Return);
    QVERIFY(f.dialog.isVisible());

    f.dialog.setReadOnlyReason({});
    QVERIFY(!banner->isVisible());
    QVERIFY(f.flush->isEnabled());
}

void TestFlushDialog::orderMatchesTheInputs_data()
{
    QTest::addColumn<FlushDialog::Scope>("scope");
    QTest::addColumn<QList<qint64>>("selected");
    QTest::addColumn<QString>("keys");
    QTest::addColumn<QString>("expectedScope");
    QTest::addColumn<QList<qint64>>("expectedIds");
    QTest::addColumn<QStringList>("expectedKeys");

    QTest::addRow("farm") << FlushDialog::Scope::Farm << QList<qint64> { 1 } << u"a"_s << u"farm"_s << QList<qint64> {}
                          << QStringList {};
    // Stopped instances stay in the order (the audit shows what was asked); ids that left do not.
    QTest::addRow("servers") << FlushDialog::Scope::Servers << QList<qint64> { 8, 2, 6, 2, 42 } << u"a"_s
                             << u"servers"_s << QList<qint64> { 2, 6, 8 } << QStringList {};
    QTest::addRow("keys") << FlushDialog::Scope::Keys << QList<qint64> { 1 } << u" b \n\na\nb\n  "_s << u"keys"_s
                          << QList<qint64> {} << QStringList { u"b"_s, u"a"_s };
}

void TestFlushDialog::orderMatchesTheInputs()
{
    QFETCH(FlushDialog::Scope, scope);
    QFETCH(QList<qint64>, selected);
    QFETCH(QString, keys);
    QFETCH(QString, expectedScope);
    QFETCH(QList<qint64>, expectedIds);
    QFETCH(QStringList, expectedKeys);

    Fixture f;
    f.dialog.setSelectedServers(selected);
    f.keys->setPlainText(keys);
    f.dialog.setScope(scope);
    QTest::keyClicks(f.reason, u"  stale prices after the 10:02 import  "_s);
    const FlushOrder order = f.dialog.order();
    QCOMPARE(order.scope, expectedScope);
    QCOMPARE(order.serverIds, expectedIds);
    QCOMPARE(order.cacheKeys, expectedKeys);
    QCOMPARE(order.reason, u"stale prices after the 10:02 import"_s);
}

void TestFlushDialog::enterSubmitsOnlyWhenValid()
{
    Fixture f;
    QSignalSpy finished(&f.dialog, &QDialog::finished);
    f.reason->setFocus();
    QTest::keyClicks(f.reason, u"stale"_s);
    QTest::keyClick(f.reason, Qt::Key_Return);
    QTest::keyClick(f.reason, Qt::Key_Enter);
    QCOMPARE(finished.count(), 0);
    QVERIFY(f.dialog.isVisible());

    f.confirm();
    QTest::keyClick(f.word, Qt::Key_Return);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toInt(), int(QDialog::Accepted));
}

void TestFlushDialog::escapeCancels()
{
    Fixture f;
    QTest::keyClicks(f.reason, u"stale"_s);
    QSignalSpy rejected(&f.dialog, &QDialog::rejected);
    QTest::keyClick(f.reason, Qt::Key_Escape);
    QCOMPARE(rejected.count(), 1);
    QVERIFY(!f.dialog.isVisible());
}

void TestFlushDialog::refusalFromTheEngineKeepsTheDialogOpen()
{
    EngineSettings settings;
    settings.conninfo = u"host=/nonexistent/paddock-test port=1 connect_timeout=2"_s;
    Engine engine(settings);
    Fixture f;
    f.dialog.setEngine(&engine);
    QSignalSpy done(&engine, &Engine::flushDone);
    QSignalSpy requested(&f.dialog, &FlushDialog::flushRequested);
    QTest::keyClicks(f.reason, u"stale"_s);
    f.confirm();
    f.flush->click();
    // While the database is asked, a second click cannot send the flush twice.
    QVERIFY(!f.flush->isEnabled());
    QVERIFY(f.dialog.problem().contains(u"Sending"_s));
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 10000);
    auto* error = child<QLabel>(f.dialog, u"error"_s);
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(u"could not be reached"_s), qPrintable(error->text()));
    QVERIFY(f.dialog.isVisible());
    QCOMPARE(requested.count(), 0);
    QVERIFY(f.flush->isEnabled());
}

QTEST_MAIN(TestFlushDialog)
#include "tst_flushdialog.moc"
