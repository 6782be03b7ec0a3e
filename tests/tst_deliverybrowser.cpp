#include "deliverybrowser.h"
#include "deliverymodel.h"
#include "engine.h"

#include <QAbstractItemModelTester>
#include <QDialog>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

const QDateTime T0(QDate(2026, 11, 22), QTime(10, 0), Qt::UTC);

QList<DeliveryDetailRow> rows(int count, bool failed = false)
{
    QList<DeliveryDetailRow> result;
    for (int i = 0; i < count; ++i) {
        DeliveryDetailRow row;
        row.taskId = 1000 + i;
        row.serverId = 3;
        row.serverName = u"web-03"_s;
        row.taskType = u"REMOVE_CACHE_ITEM"_s;
        row.target = u"product|%1"_s.arg(i);
        row.textData = u"short"_s;
        row.createdAt = T0.addSecs(i);
        if (failed) {
            row.processedAt = row.createdAt.addSecs(1);
            row.errorMessage = u"503 Server Busy"_s;
        }
        result.append(row);
    }
    return result;
}

void feed(DeliveryBrowser& browser, int count, qint64 total)
{
    DeliveryModel* model = browser.model();
    QVERIFY(model->setPage(model->nextRequestId(), rows(count), total));
}

} // namespace

class TestDeliveryBrowser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void focusFromElsewhere();
    void paging();
    void moreThanTheCountLimit();
    void anErrorKeepsTheLastPage();
    void detailsShowTheWholeRow();
};

void TestDeliveryBrowser::focusFromElsewhere()
{
    DeliveryBrowser browser;
    browser.setServers({ { 3, u"web-03"_s }, { 7, u"web-07"_s } });
    browser.showFailuresOf(7);
    DeliveryQuery query = browser.query();
    QCOMPARE(query.kind, DeliveryQuery::Kind::Failed);
    QCOMPARE(query.serverIds, QList<qint64> { 7 });
    QVERIFY(query.types.isEmpty());
    QCOMPARE(query.page, 0);
    QVERIFY(!browser.view()->isColumnHidden(DeliveryModel::Error));
    QVERIFY(browser.findChild<QToolButton*>(u"failedButton"_s)->isChecked());

    browser.setTypeFilter(u"UPDATE_METAFILE"_s);
    browser.showPendingOf(3);
    query = browser.query();
    QCOMPARE(query.kind, DeliveryQuery::Kind::Pending);
    QCOMPARE(query.serverIds, QList<qint64> { 3 });
    QVERIFY(query.types.isEmpty()); // a focus from elsewhere shows everything of that instance
    QVERIFY(browser.view()->isColumnHidden(DeliveryModel::Error));
    QVERIFY(browser.view()->isColumnHidden(DeliveryModel::Processed));

    // An instance that is not (yet) in the names is still a filter.
    browser.showPendingOf(42);
    QCOMPARE(browser.query().serverIds, QList<qint64> { 42 });
}

void TestDeliveryBrowser::paging()
{
    DeliveryBrowser browser;
    QAbstractItemModelTester tester(browser.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    browser.setPageSize(100);
    auto* previous = browser.findChild<QToolButton*>(u"previousPage"_s);
    auto* next = browser.findChild<QToolButton*>(u"nextPage"_s);
    QCOMPARE(browser.pagingText(), u"No pending deliveries"_s);

    feed(browser, 100, 1512);
    QCOMPARE(browser.pagingText(), u"Page 1 of 16 \u00b7 1,512 pending deliveries"_s);
    QCOMPARE(browser.findChild<QLabel*>(u"paging"_s)->text(), browser.pagingText());
    QVERIFY(!previous->isEnabled());
    QVERIFY(next->isEnabled());

    browser.nextPage();
    QCOMPARE(browser.query().page, 1);
    feed(browser, 100, 1512);
    QCOMPARE(browser.pagingText(), u"Page 2 of 16 \u00b7 1,512 pending deliveries"_s);
    QVERIFY(previous->isEnabled());

    // Quick clicks run ahead of the answers, but never past the last page the count allows.
    for (int i = 0; i < 20; ++i)
        browser.nextPage();
    QCOMPARE(browser.page(), 15);
    QVERIFY(!next->isEnabled());
    feed(browser, 12, 1512);
    QCOMPARE(browser.pagingText(), u"Page 16 of 16 \u00b7 1,512 pending deliveries"_s);

    browser.previousPage();
    QCOMPARE(browser.query().page, 14);
}

void TestDeliveryBrowser::moreThanTheCountLimit()
{
    DeliveryBrowser browser;
    browser.setKind(DeliveryQuery::Kind::Failed);
    browser.setPageSize(200);
    feed(browser, 200, DeliveryQuery::CountLimit + 1);
    QCOMPARE(browser.pagingText(), u"Page 1 of more than 50 \u00b7 more than 10,000 failed deliveries"_s);
    QVERIFY(browser.findChild<QToolButton*>(u"nextPage"_s)->isEnabled());
    feed(browser, 1, 1);
    QCOMPARE(browser.pagingText(), u"Page 1 of 1 \u00b7 1 failed delivery"_s);
    QVERIFY(!browser.findChild<QToolButton*>(u"nextPage"_s)->isEnabled());
}

void TestDeliveryBrowser::anErrorKeepsTheLastPage()
{
    EngineSettings settings;
    settings.conninfo = u"host=/nonexistent/paddock-test port=1"_s;
    Engine engine(settings); // never started: every query is answered "not connected"
    DeliveryBrowser browser;
    feed(browser, 5, 5);
    QSignalSpy answered(&engine, &Engine::deliveriesReady);
    browser.setEngine(&engine); // a new engine is a new data set
    QCOMPARE(browser.model()->rowCount(), 0);
    feed(browser, 5, 5); // supersedes the request setEngine made
    browser.reload();
    QTRY_COMPARE(answered.count(), 2);
    auto* status = browser.findChild<QLabel*>(u"status"_s);
    QVERIFY2(status->text().contains(u"not connected"_s), qPrintable(status->text()));
    QCOMPARE(browser.model()->rowCount(), 5);
    QCOMPARE(browser.model()->totalCount(), 5);
}

void TestDeliveryBrowser::detailsShowTheWholeRow()
{
    DeliveryBrowser browser;
    QList<DeliveryDetailRow> page = rows(2, true);
    page[1].textData = QString(DeliveryQuery::TextDataLength, u'x');
    page[1].textDataTruncated = true;
    QVERIFY(browser.model()->setPage(browser.model()->nextRequestId(), page, 2));
    QDialog* dialog = browser.showDetails(0);
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QPlainTextEdit*>(u"fullText"_s)->toPlainText(), u"short"_s);
    bool errorShown = false;
    for (const QLabel* label : dialog->findChildren<QLabel*>())
        errorShown = errorShown || label->text().contains(u"503 Server Busy"_s);
    QVERIFY(errorShown);
    dialog->close();

    // Without an engine the shortened text is all there is, and the dialog says so.
    dialog = browser.showDetails(1);
    QVERIFY(dialog->findChild<QLabel*>(u"fullTextStatus"_s)->text().contains(u"not connected"_s));
    QCOMPARE(browser.showDetails(2), nullptr);
}

QTEST_MAIN(TestDeliveryBrowser)
#include "tst_deliverybrowser.moc"
