#include "eventmodel.h"
#include "eventtimeline.h"
#include "statusstyle.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

const QDateTime T0(QDate(2026, 11, 22), QTime(10, 0), Qt::UTC);

EventRow eventRow(qint64 serverId, int second, const QString& code, const QString& message)
{
    return EventRow { serverId, T0.addSecs(second), code, message };
}

const QHash<qint64, QString> Names { { 1, u"web-01"_s }, { 2, u"web-02"_s }, { 3, u"web-03"_s } };

// Ten events, oldest first: 2 errors, 3 warnings, 5 infos.
QList<EventRow> events()
{
    return {
        eventRow(1, 0, u"STARTED"_s, u"version 13.0.5"_s),
        eventRow(2, 1, u"STARTED"_s, u"version 13.0.5"_s),
        eventRow(3, 2, u"STARTED"_s, u"version 13.0.4"_s),
        eventRow(2, 10, u"ERROR"_s, u"Disk full on /var/cache"_s),
        eventRow(2, 11, u"WARNING"_s, u"cache nearly full"_s),
        eventRow(3, 12, u"STOPPED"_s, u"graceful stop"_s),
        eventRow(1, 13, u"INFO"_s, u"cache warmed"_s),
        eventRow(3, 14, u"STARTED"_s, u"version 13.0.5"_s),
        eventRow(1, 20, u"STORAGE_FAILED"_s, u"s3 probe timed out"_s),
        eventRow(1, 21, u"WARNING"_s, u"slow disk"_s),
    };
}

QStringList column(const QAbstractItemModel* model, int column)
{
    QStringList values;
    for (int row = 0; row < model->rowCount(); ++row)
        values.append(model->index(row, column).data().toString());
    return values;
}

struct Fixture {
    EventModel model;
    EventTimeline timeline { nullptr };
    QAbstractItemModelTester tester { timeline.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest };

    Fixture()
    {
        timeline.setModel(&model);
        timeline.setServers(Names);
        model.appendEvents(events(), Names);
        model.flushPending();
    }
};

} // namespace

class TestEventTimeline : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void newestFirst();
    void severityFilter_data();
    void severityFilter();
    void searchMatchesInstanceCodeAndMessage_data();
    void searchMatchesInstanceCodeAndMessage();
    void instanceFilter();
    void filtersCombineAndFollowNewEvents();
    void ctrlFFocusesTheSearch();
    void activatingAnEventNamesItsInstance();
    void versionAppearedStandsOut();
};

void TestEventTimeline::newestFirst()
{
    Fixture f;
    const QAbstractItemModel* proxy = f.timeline.view()->model();
    QCOMPARE(proxy->rowCount(), 10);
    QDateTime previous;
    for (int row = 0; row < proxy->rowCount(); ++row) {
        const QDateTime time = proxy->index(row, EventModel::Time).data(EventModel::TimestampRole).toDateTime();
        if (previous.isValid())
            QVERIFY(time <= previous);
        previous = time;
    }
    QCOMPARE(proxy->index(0, EventModel::Message).data().toString(), u"slow disk"_s);
    QCOMPARE(f.timeline.countText(), u"10 events"_s);
}

void TestEventTimeline::severityFilter_data()
{
    QTest::addColumn<EventFilterProxy::SeverityFilter>("filter");
    QTest::addColumn<QStringList>("codes");
    QTest::addRow("all") << EventFilterProxy::SeverityFilter::All
                         << QStringList { u"WARNING"_s, u"STORAGE_FAILED"_s, u"STARTED"_s, u"INFO"_s, u"STOPPED"_s,
                                u"WARNING"_s, u"ERROR"_s, u"STARTED"_s, u"STARTED"_s, u"STARTED"_s };
    QTest::addRow("warnings and errors") << EventFilterProxy::SeverityFilter::WarningsAndErrors
                                         << QStringList { u"WARNING"_s, u"STORAGE_FAILED"_s, u"STOPPED"_s, u"WARNING"_s,
                                                u"ERROR"_s };
    QTest::addRow("errors") << EventFilterProxy::SeverityFilter::Errors
                            << QStringList { u"STORAGE_FAILED"_s, u"ERROR"_s };
}

void TestEventTimeline::severityFilter()
{
    QFETCH(EventFilterProxy::SeverityFilter, filter);
    QFETCH(QStringList, codes);
    Fixture f;
    auto* combo = f.timeline.findChild<QComboBox*>(u"severity"_s);
    combo->setCurrentIndex(combo->findData(int(filter)));
    QCOMPARE(f.timeline.proxy()->severityFilter(), filter);
    QCOMPARE(column(f.timeline.proxy(), EventModel::Code), codes);
    if (codes.size() != 10)
        QCOMPARE(f.timeline.countText(), u"Showing %1 of 10 events"_s.arg(codes.size()));
}

void TestEventTimeline::searchMatchesInstanceCodeAndMessage_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QStringList>("messages");
    QTest::addRow("message, any case") << u"DISK"_s << QStringList { u"slow disk"_s, u"Disk full on /var/cache"_s };
    QTest::addRow("code") << u"stopped"_s << QStringList { u"graceful stop"_s };
    QTest::addRow("instance") << u"web-03"_s
                              << QStringList { u"version 13.0.5"_s, u"graceful stop"_s, u"version 13.0.4"_s };
    QTest::addRow("surrounding spaces ignored") << u"  s3 "_s << QStringList { u"s3 probe timed out"_s };
    QTest::addRow("nothing") << u"kernel panic"_s << QStringList {};
}

void TestEventTimeline::searchMatchesInstanceCodeAndMessage()
{
    QFETCH(QString, search);
    QFETCH(QStringList, messages);
    Fixture f;
    QTest::keyClicks(f.timeline.findChild<QLineEdit*>(u"search"_s), search);
    QCOMPARE(column(f.timeline.proxy(), EventModel::Message), messages);
}

void TestEventTimeline::instanceFilter()
{
    Fixture f;
    auto* combo = f.timeline.findChild<QComboBox*>(u"instance"_s);
    QCOMPARE(combo->count(), 4);
    QCOMPARE(combo->itemText(1), u"web-01"_s);
    combo->setCurrentIndex(combo->findData(qint64(2)));
    QCOMPARE(column(f.timeline.proxy(), EventModel::Instance), QStringList(3, u"web-02"_s));
    QCOMPARE(f.timeline.serverFilter(), 2);

    f.timeline.setServerFilter(3);
    QCOMPARE(combo->currentText(), u"web-03"_s);
    QCOMPARE(column(f.timeline.proxy(), EventModel::Instance), QStringList(3, u"web-03"_s));

    // The names may be refreshed while a filter is set: it stays.
    f.timeline.setServers({ { 1, u"web-01"_s }, { 3, u"web-03"_s } });
    QCOMPARE(f.timeline.serverFilter(), 3);
    QCOMPARE(f.timeline.proxy()->rowCount(), 3);

    f.timeline.setServerFilter(0);
    QCOMPARE(f.timeline.proxy()->rowCount(), 10);
}

void TestEventTimeline::filtersCombineAndFollowNewEvents()
{
    Fixture f;
    f.timeline.setServerFilter(1);
    f.timeline.setSeverityFilter(EventFilterProxy::SeverityFilter::WarningsAndErrors);
    QCOMPARE(column(f.timeline.proxy(), EventModel::Message), QStringList({ u"slow disk"_s, u"s3 probe timed out"_s }));
    f.timeline.setSearchText(u"s3"_s);
    QCOMPARE(f.timeline.proxy()->rowCount(), 1);
    f.timeline.setSearchText({});

    f.model.appendEvents({ eventRow(1, 30, u"ERROR"_s, u"out of memory"_s), eventRow(2, 31, u"ERROR"_s, u"elsewhere"_s),
                             eventRow(1, 32, u"STARTED"_s, u"back"_s) },
        Names);
    f.model.flushPending();
    QCOMPARE(column(f.timeline.proxy(), EventModel::Message),
        QStringList({ u"out of memory"_s, u"slow disk"_s, u"s3 probe timed out"_s }));
    QCOMPARE(f.timeline.countText(), u"Showing 3 of 13 events"_s);

    f.model.clear();
    QCOMPARE(f.timeline.proxy()->rowCount(), 0);
}

void TestEventTimeline::ctrlFFocusesTheSearch()
{
    Fixture f;
    f.timeline.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.timeline));
    f.timeline.activateWindow();
    f.timeline.view()->setFocus();
    QTRY_VERIFY(f.timeline.view()->hasFocus());
    auto* search = f.timeline.findChild<QLineEdit*>(u"search"_s);
    QVERIFY(!search->hasFocus());
    QTest::keyClick(f.timeline.view(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(search->hasFocus());
}

void TestEventTimeline::activatingAnEventNamesItsInstance()
{
    Fixture f;
    QSignalSpy activated(&f.timeline, &EventTimeline::eventActivated);
    const QModelIndex first = f.timeline.view()->model()->index(0, EventModel::Message);
    Q_EMIT f.timeline.view()->activated(first);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toLongLong(), 1);
    QCOMPARE(activated.at(0).at(1).toDateTime(), T0.addSecs(21));
}

// The first start of a new version reads "version V appeared" with the version-appeared glyph and
// colour in the Event column; the farm's earlier starts and the later ones of that version do not.
void TestEventTimeline::versionAppearedStandsOut()
{
    EventModel model;
    EventTimeline timeline(&model);
    timeline.setServers(Names);
    model.appendEvents({ eventRow(1, 0, u"STARTED"_s, u"web-01 started on h1, version 13.0.1"_s) }, Names);
    FarmSnapshot firstSnapshot;
    firstSnapshot.generatedAt = T0.addSecs(1);
    model.noteSnapshot(firstSnapshot); // the first load ends
    model.appendEvents({ eventRow(2, 10, u"STARTED"_s, u"web-02 started on h2, version 13.0.2"_s),
                           eventRow(3, 11, u"STARTED"_s, u"web-03 started on h3, version 13.0.2"_s) },
        Names);
    model.flushPending();
    timeline.resize(900, 300);
    timeline.show();
    QVERIFY(QTest::qWaitForWindowExposed(&timeline));

    QTableView* view = timeline.view();
    const QAbstractItemModel* proxy = view->model();
    QCOMPARE(column(proxy, EventModel::Message),
        (QStringList { u"web-03 started on h3, version 13.0.2"_s,
            u"version 13.0.2 appeared \u2014 web-02 started on h2, version 13.0.2"_s,
            u"web-01 started on h1, version 13.0.1"_s }));
    // How many pixels of a row's Event cell are (nearly) the mark's colour.
    const QColor mark = StatusStyle::forStatus(u"version-appeared"_s).colour;
    const QImage image = view->viewport()->grab().toImage();
    const auto markPixels = [&](int row) {
        const QRect cell = view->visualRect(proxy->index(row, EventModel::Code));
        const qreal ratio = image.devicePixelRatio();
        int count = 0;
        for (int y = qRound(cell.top() * ratio); y < qRound(cell.bottom() * ratio); ++y) {
            for (int x = qRound(cell.left() * ratio); x < qRound(cell.right() * ratio); ++x) {
                const QColor c = image.pixelColor(x, y);
                count += std::abs(c.red() - mark.red()) + std::abs(c.green() - mark.green())
                        + std::abs(c.blue() - mark.blue())
                    < 60;
            }
        }
        return count;
    };
    QVERIFY2(markPixels(1) >= 4, qPrintable(QString::number(markPixels(1))));
    QCOMPARE(markPixels(0), 0);
    QCOMPARE(markPixels(2), 0);

    // The words are searchable.
    timeline.setSearchText(u"appeared"_s);
    QCOMPARE(column(proxy, EventModel::Instance), QStringList { u"web-02"_s });
}

QTEST_MAIN(TestEventTimeline)
#include "tst_eventtimeline.moc"
