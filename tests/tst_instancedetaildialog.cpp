#include "deliverybrowser.h"
#include "eventmodel.h"
#include "eventtimeline.h"
#include "instancedetaildialog.h"

#include <QLabel>
#include <QLayout>
#include <QLocale>
#include <QPointer>
#include <QTableWidget>
#include <QTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

const QDateTime Now(QDate(2026, 11, 22), QTime(10, 0), Qt::UTC);

FarmSnapshot farm()
{
    FarmSnapshot snapshot;
    snapshot.generatedAt = Now;
    snapshot.windowS = 60;
    for (qint64 id : { 2, 3 }) {
        ServerFigures figures;
        figures.server.id = id;
        figures.server.name = u"web-%1"_s.arg(id, 2, 10, QLatin1Char('0'));
        figures.server.host = u"app-%1.example.net"_s.arg(id);
        figures.server.zone = u"eu-west-1a"_s;
        figures.status = ServerStatus::Healthy;
        figures.lastHeartbeatAgeS = 0.7;
        snapshot.servers.append(figures);
    }
    ServerFigures& web03 = snapshot.servers[1];
    web03.status = ServerStatus::Degraded;
    web03.reasons = { u"backlog 1,512 > 1,000"_s, u"oldest pending 14.2 s > 10 s"_s };
    web03.backlog = 1512;
    web03.oldestPendingAgeS = 14.2;
    web03.clockSkewMs = -35.0;
    web03.cacheLatency.count = 4;
    web03.cacheLatency.p50 = 2400.0;
    web03.cacheLatency.p95 = 9800.0;
    web03.cacheLatency.p99 = 13100.0;
    web03.cacheLatency.max = 14150.0;
    StorageFigures media;
    media.storage = { 1, u"media"_s, u"azure-blob"_s, u"https://media.example.net"_s };
    StorageFigures nas;
    nas.storage = { 2, u"nas"_s, u"network-share"_s, u"//nas01/web"_s };
    snapshot.storage = { media, nas };
    return snapshot;
}

QList<ProbeRow> probes()
{
    ProbeRow failed { 1, 3, Now.addSecs(-4), false, std::nullopt, std::nullopt, u"503 Server Busy"_s };
    ProbeRow other { 1, 2, Now.addSecs(-1), true, 5.0, 1024, {} }; // another instance's probe
    return { failed, other };
}

} // namespace

class TestInstanceDetailDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void figuresAndReasons();
    void probesOfThisInstanceOnly();
    void deliveriesAndEventsFollowTheInstance();
    void anInstanceThatLeft();
};

void TestInstanceDetailDialog::figuresAndReasons()
{
    EventModel events;
    QPointer<InstanceDetailDialog> dialog = new InstanceDetailDialog(3, nullptr, &events);
    dialog->setSnapshot(farm(), probes());
    QCOMPARE(dialog->windowTitle(), u"web-03 \u2014 Paddock"_s);
    QCOMPARE(dialog->statusText(), u"Degraded: backlog 1,512 > 1,000; oldest pending 14.2 s > 10 s"_s);
    QCOMPARE(dialog->figureText(u"Backlog"_s), u"1,512 deliveries"_s);
    QCOMPARE(dialog->figureText(u"Oldest pending"_s), u"14.2 s"_s);
    QCOMPARE(dialog->figureText(u"Clock skew"_s), u"-35 ms"_s);
    QCOMPARE(dialog->figureText(u"Cache hit ratio"_s), u"\u2014"_s); // nothing measured: no made-up 0
    QCOMPARE(dialog->figureText(u"Cache latency"_s),
        u"p50 2,400 ms \u00b7 p95 9,800 ms \u00b7 p99 13,100 ms \u00b7 max 14,150 ms (4 deliveries)"_s);
    QVERIFY(dialog->chartArea());
    QVERIFY(dialog->chartArea()->layout());
    QVERIFY(!dialog->isModal());
    dialog->show();
    dialog->close();
    QTRY_VERIFY(dialog.isNull()); // deletes itself when closed
}

void TestInstanceDetailDialog::probesOfThisInstanceOnly()
{
    EventModel events;
    InstanceDetailDialog dialog(3, nullptr, &events);
    dialog.setAttribute(Qt::WA_DeleteOnClose, false);
    dialog.setSnapshot(farm(), probes());
    const QTableWidget* table = dialog.probeTable();
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(0, 0)->text(), u"media"_s);
    QCOMPARE(table->item(0, 2)->text(), u"Failed"_s);
    QCOMPARE(table->item(0, 5)->text(), u"4.0 s ago"_s);
    QCOMPARE(table->item(0, 6)->text(), u"503 Server Busy"_s);
    QCOMPARE(table->item(1, 0)->text(), u"nas"_s);
    QCOMPARE(table->item(1, 2)->text(), u"no probe"_s);
}

void TestInstanceDetailDialog::deliveriesAndEventsFollowTheInstance()
{
    EventModel events;
    const QHash<qint64, QString> names { { 2, u"web-02"_s }, { 3, u"web-03"_s } };
    events.appendEvents({ { 2, Now, u"ERROR"_s, u"not mine"_s }, { 3, Now, u"ERROR"_s, u"mine"_s } }, names);
    events.flushPending();
    InstanceDetailDialog dialog(3, nullptr, &events);
    dialog.setAttribute(Qt::WA_DeleteOnClose, false);
    QCOMPARE(dialog.deliveries()->query().serverIds, QList<qint64> { 3 });
    QCOMPARE(dialog.deliveries()->query().kind, DeliveryQuery::Kind::Pending);
    QCOMPARE(dialog.events()->proxy()->rowCount(), 1);
    QCOMPARE(dialog.events()->proxy()->index(0, EventModel::Message).data().toString(), u"mine"_s);
    dialog.setSnapshot(farm(), probes());
    QCOMPARE(dialog.deliveries()->query().serverIds, QList<qint64> { 3 });
}

void TestInstanceDetailDialog::anInstanceThatLeft()
{
    EventModel events;
    InstanceDetailDialog dialog(3, nullptr, &events);
    dialog.setAttribute(Qt::WA_DeleteOnClose, false);
    dialog.setSnapshot(farm(), probes());
    FarmSnapshot without = farm();
    without.servers.removeLast();
    dialog.setSnapshot(without, {});
    auto* gone = dialog.findChild<QLabel*>(u"gone"_s);
    QVERIFY(!gone->isHidden());
    QVERIFY(gone->text().contains(u"no longer in the farm"_s));
    QCOMPARE(dialog.figureText(u"Backlog"_s), u"1,512 deliveries"_s); // the last figures stay readable
    dialog.setSnapshot(farm(), probes());
    QVERIFY(gone->isHidden());
}

QTEST_MAIN(TestInstanceDetailDialog)
#include "tst_instancedetaildialog.moc"
