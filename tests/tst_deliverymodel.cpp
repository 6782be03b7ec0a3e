#include "deliverymodel.h"
#include "pgconnection.h"
#include "testdatabase.h"

#include <memory>
#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

using namespace Paddock;
using namespace Qt::StringLiterals;
using Paddock::Test::TestDatabase;

namespace {

const QDateTime T0(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC);

DeliveryDetailRow detail(qint64 taskId, qint64 serverId, int createdS)
{
    DeliveryDetailRow row;
    row.taskId = taskId;
    row.serverId = serverId;
    row.serverName = u"web-%1"_s.arg(serverId);
    row.taskType = u"TOUCH_CACHE_ITEM"_s;
    row.target = u"product:%1"_s.arg(taskId);
    row.textData = u"text %1"_s.arg(taskId);
    row.creatorName = u"web-1"_s;
    row.createdAt = T0.addSecs(createdS);
    return row;
}

// "task@server" for each row, the way the expectations below are written.
QStringList keys(const QList<DeliveryDetailRow>& rows)
{
    QStringList result;
    for (const DeliveryDetailRow& row : rows)
        result.append(u"t%1@%2"_s.arg(row.taskId).arg(row.serverName));
    return result;
}

const QString LongText = QString(150, u'a') + QString(150, u'b');

} // namespace

Q_DECLARE_METATYPE(DeliveryQuery::Kind)

class TestDeliveryModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void cleanupTestCase()
    {
        m_db.close();
        m_database.reset();
    }

    void empty()
    {
        DeliveryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), int(DeliveryModel::ColumnCount));
        QCOMPARE(model.totalCount(), 0);
        for (int column = 0; column < DeliveryModel::ColumnCount; ++column)
            QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
    }

    void supersededPagesAreDropped()
    {
        DeliveryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy total(&model, &DeliveryModel::totalCountChanged);

        const int first = model.nextRequestId();
        const int second = model.nextRequestId();
        QVERIFY(second > first);
        QCOMPARE(model.latestRequestId(), second);

        QVERIFY(model.setPage(second, { detail(2, 2, 2) }, 7));
        QCOMPARE(reset.count(), 1);
        QCOMPARE(total.count(), 1);
        QCOMPARE(model.totalCount(), 7);

        // The slow answer to the first request arrives last: dropped, nothing signalled.
        QVERIFY(!model.setPage(first, { detail(1, 2, 1), detail(1, 3, 1) }, 99));
        QCOMPARE(reset.count(), 1);
        QCOMPARE(total.count(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, 0).data(DeliveryModel::TaskIdRole).toLongLong(), 2);
        QCOMPARE(model.totalCount(), 7);

        // The latest request may be answered again (a refresh of the same page).
        QVERIFY(model.setPage(second, { detail(2, 2, 2), detail(3, 2, 3) }, 7));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(total.count(), 1);

        // clear() supersedes whatever is still in flight.
        const int third = model.nextRequestId();
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.totalCount(), 0);
        QVERIFY(!model.setPage(third, { detail(4, 2, 4) }, 1));
        QCOMPARE(model.rowCount(), 0);
    }

    void display()
    {
        DeliveryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        DeliveryDetailRow pending = detail(1, 2, 10);
        pending.textData = u"line one\nline two"_s;
        DeliveryDetailRow failed = detail(2, 3, 20);
        failed.textData = LongText.left(DeliveryQuery::TextDataLength);
        failed.textDataTruncated = true;
        failed.errorMessage = u"disk full\nat /var/cache"_s;
        failed.processedAt = T0.addSecs(25);
        failed.creatorName = QString();
        model.setNow(T0.addSecs(100));
        QVERIFY(model.setPage(model.nextRequestId(), { pending, failed }, 2));

        const auto text = [&model](int row, int column) { return model.index(row, column).data().toString(); };
        QCOMPARE(text(0, DeliveryModel::Age), u"1 min 30 s"_s);
        QCOMPARE(text(0, DeliveryModel::Created), T0.addSecs(10).toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s));
        QCOMPARE(
            model.index(0, DeliveryModel::Created).data(Qt::ToolTipRole).toString(), u"2024-01-01T00:00:10.000Z"_s);
        QCOMPARE(text(0, DeliveryModel::Processed), u"\u2014"_s);
        QCOMPARE(text(0, DeliveryModel::Instance), u"web-2"_s);
        QCOMPARE(text(0, DeliveryModel::Type), u"TOUCH_CACHE_ITEM"_s);
        QCOMPARE(text(0, DeliveryModel::Target), u"product:1"_s);
        QCOMPARE(text(0, DeliveryModel::TextData), u"line one line two"_s);
        QCOMPARE(text(0, DeliveryModel::Creator), u"web-1"_s);
        QCOMPARE(text(0, DeliveryModel::Error), QString());
        QCOMPARE(model.index(0, 0).data(DeliveryModel::ServerIdRole).toLongLong(), 2);
        QCOMPARE(model.index(0, 0).data(DeliveryModel::CreatedAtRole).toDateTime(), T0.addSecs(10));
        QVERIFY(!model.index(0, 0).data(DeliveryModel::ProcessedAtRole).toDateTime().isValid());

        QCOMPARE(text(1, DeliveryModel::Age), u"1 min 20 s"_s);
        QCOMPARE(text(1, DeliveryModel::TextData), QString(150, u'a') + QString(50, u'b') + u"\u2026"_s);
        QCOMPARE(model.index(1, 0).data(DeliveryModel::TextTruncatedRole).toBool(), true);
        QCOMPARE(text(1, DeliveryModel::Error), u"disk full at /var/cache"_s);
        QCOMPARE(model.index(1, DeliveryModel::Error).data(Qt::ToolTipRole).toString(), u"disk full\nat /var/cache"_s);
        QCOMPARE(text(1, DeliveryModel::Creator), QString());
        QCOMPARE(
            model.index(1, DeliveryModel::Processed).data(Qt::ToolTipRole).toString(), u"2024-01-01T00:00:25.000Z"_s);
        QCOMPARE(model.rowAt(1), failed);

        // Time passing changes the Age column only.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setNow(T0.addSecs(160));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).value<QModelIndex>(), model.index(0, DeliveryModel::Age));
        QCOMPARE(changed.first().at(1).value<QModelIndex>(), model.index(1, DeliveryModel::Age));
        QCOMPARE(text(0, DeliveryModel::Age), u"2 min 30 s"_s);
        model.setNow(T0.addSecs(160));
        QCOMPARE(changed.count(), 1);
    }

    void sqlParameters()
    {
        DeliveryQuery query;
        QCOMPARE(query.params(), (QVariantList { 200, qint64(0) }));
        QVERIFY(query.sql().contains(u"LIMIT $1 OFFSET $2"_s));
        QVERIFY(query.countParams().isEmpty());

        query.serverIds = { 2, 3 };
        query.types = QStringList { u"UPDATE_METAFILE"_s };
        query.pageSize = 50;
        query.page = 3;
        QCOMPARE(query.params().size(), 4);
        QCOMPARE(query.params().at(2), QVariant(50));
        QCOMPARE(query.params().at(3), QVariant(qint64(150)));
        QVERIFY(query.sql().contains(u"ANY($1::bigint[])"_s));
        QVERIFY(query.sql().contains(u"ANY($2::text[])"_s));
        QVERIFY(query.sql().contains(u"LIMIT $3 OFFSET $4"_s));
        QCOMPARE(query.countParams().size(), 2);
    }

    // Against a real database: server ids web-1 = 1, web-2 = 2, web-3 = 3; tasks 1..5 created at
    // 00:00:0N.250 UTC. Tasks 1-4 come from web-1 (deliveries to web-2 and web-3), task 5 has no
    // creator (deliveries to all three). web-3 processed task 1, failed task 2 at 00:01:00 ("disk
    // full") and task 3 at 00:02:00 ("timeout").
    void page_data()
    {
        QTest::addColumn<DeliveryQuery::Kind>("kind");
        QTest::addColumn<QList<qint64>>("serverIds");
        QTest::addColumn<QStringList>("types");
        QTest::addColumn<int>("pageSize");
        QTest::addColumn<int>("page");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<qint64>("count");

        using K = DeliveryQuery::Kind;
        const QStringList all { u"t1@web-2"_s, u"t2@web-2"_s, u"t3@web-2"_s, u"t4@web-2"_s, u"t4@web-3"_s,
            u"t5@web-1"_s, u"t5@web-2"_s, u"t5@web-3"_s };
        QTest::addRow("pending, oldest first")
            << K::Pending << QList<qint64> {} << QStringList {} << 200 << 0 << all << qint64(8);
        QTest::addRow("pending of web-2, page 1") << K::Pending << QList<qint64> { 2 } << QStringList {} << 2 << 0
                                                  << QStringList { u"t1@web-2"_s, u"t2@web-2"_s } << qint64(5);
        QTest::addRow("pending of web-2, page 2") << K::Pending << QList<qint64> { 2 } << QStringList {} << 2 << 1
                                                  << QStringList { u"t3@web-2"_s, u"t4@web-2"_s } << qint64(5);
        QTest::addRow("pending of web-2, page 3") << K::Pending << QList<qint64> { 2 } << QStringList {} << 2 << 2
                                                  << QStringList { u"t5@web-2"_s } << qint64(5);
        QTest::addRow("pending of web-2, past the end")
            << K::Pending << QList<qint64> { 2 } << QStringList {} << 2 << 3 << QStringList {} << qint64(5);
        QTest::addRow("pending of two servers")
            << K::Pending << QList<qint64> { 1, 3 } << QStringList {} << 200 << 0
            << QStringList { u"t4@web-3"_s, u"t5@web-1"_s, u"t5@web-3"_s } << qint64(3);
        QTest::addRow("pending by type") << K::Pending << QList<qint64> {} << QStringList { u"UPDATE_METAFILE"_s }
                                         << 200 << 0 << QStringList { u"t2@web-2"_s, u"t4@web-2"_s, u"t4@web-3"_s }
                                         << qint64(3);
        QTest::addRow("pending by two types")
            << K::Pending << QList<qint64> { 3 } << QStringList { u"UPDATE_METAFILE"_s, u"CLEAR_CACHE_ITEMS"_s } << 200
            << 0 << QStringList { u"t4@web-3"_s, u"t5@web-3"_s } << qint64(2);
        QTest::addRow("pending, nothing matches")
            << K::Pending << QList<qint64> { 3 } << QStringList { u"TOUCH_CACHE_ITEM"_s } << 200 << 0 << QStringList {}
            << qint64(0);
        QTest::addRow("failed, newest first") << K::Failed << QList<qint64> {} << QStringList {} << 200 << 0
                                              << QStringList { u"t3@web-3"_s, u"t2@web-3"_s } << qint64(2);
        QTest::addRow("failed, page 2 of 1")
            << K::Failed << QList<qint64> {} << QStringList {} << 1 << 1 << QStringList { u"t2@web-3"_s } << qint64(2);
        QTest::addRow("failed of web-2") << K::Failed << QList<qint64> { 2 } << QStringList {} << 200 << 0
                                         << QStringList {} << qint64(0);
        QTest::addRow("failed by type") << K::Failed << QList<qint64> {} << QStringList { u"UPDATE_METAFILE"_s } << 200
                                        << 0 << QStringList { u"t2@web-3"_s } << qint64(1);
    }

    void page()
    {
        QFETCH(DeliveryQuery::Kind, kind);
        QFETCH(QList<qint64>, serverIds);
        QFETCH(QStringList, types);
        QFETCH(int, pageSize);
        QFETCH(int, page);
        QFETCH(QStringList, expected);
        QFETCH(qint64, count);
        if (!ensureFarm())
            return;

        DeliveryQuery query;
        query.kind = kind;
        query.serverIds = serverIds;
        query.types = types;
        query.pageSize = pageSize;
        query.page = page;
        const QList<DeliveryDetailRow> rows = DeliveryQuery::fromResult(m_db.exec(query.sql(), query.params()));
        QCOMPARE(keys(rows), expected);
        QCOMPARE(m_db.exec(query.countSql(), query.countParams()).integer(0, 0).value_or(-1), count);
    }

    void rowContents()
    {
        if (!ensureFarm())
            return;
        DeliveryQuery pending;
        pending.serverIds = { 2 };
        const QList<DeliveryDetailRow> rows = DeliveryQuery::fromResult(m_db.exec(pending.sql(), pending.params()));
        QCOMPARE(rows.size(), 5);

        DeliveryDetailRow first;
        first.taskId = 1;
        first.serverId = 2;
        first.serverName = u"web-2"_s;
        first.taskType = u"TOUCH_CACHE_ITEM"_s;
        first.target = u"product:1"_s;
        first.textData = LongText.left(DeliveryQuery::TextDataLength);
        first.textDataTruncated = true;
        first.creatorName = u"web-1"_s;
        first.createdAt = T0.addMSecs(1250);
        QCOMPARE(rows[0], first);
        QVERIFY(rows[0].errorMessage.isNull());
        QVERIFY(!rows[0].processedAt.isValid());
        QCOMPARE(rows[0].createdAt.timeSpec(), Qt::UTC);

        QCOMPARE(rows[1].textData, u"short"_s);
        QCOMPARE(rows[1].textDataTruncated, false);
        QVERIFY(rows[2].textData.isNull()); // no text_data at all
        QVERIFY(rows[4].creatorName.isNull()); // task 5 has no creator
        QCOMPARE(rows[4].taskType, u"CLEAR_CACHE_ITEMS"_s);

        DeliveryQuery failed;
        failed.kind = DeliveryQuery::Kind::Failed;
        const QList<DeliveryDetailRow> failures = DeliveryQuery::fromResult(m_db.exec(failed.sql(), failed.params()));
        QCOMPARE(failures.size(), 2);
        QCOMPARE(failures[0].errorMessage, u"timeout"_s);
        QCOMPARE(failures[0].processedAt, QDateTime(QDate(2024, 1, 1), QTime(0, 2), Qt::UTC));
        QCOMPARE(failures[1].errorMessage, u"disk full"_s);
        QCOMPARE(failures[1].createdAt, T0.addMSecs(2250));

        // The full text on demand.
        QCOMPARE(m_db.exec(DeliveryQuery::fullTextSql(), { rows[0].taskId }).scalar(), LongText);

        // And into the model.
        DeliveryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setNow(QDateTime(QDate(2024, 1, 1), QTime(0, 10), Qt::UTC));
        QVERIFY(model.setPage(model.nextRequestId(), failures, 2));
        QCOMPARE(model.index(0, DeliveryModel::Error).data().toString(), u"timeout"_s);
        QCOMPARE(model.index(0, DeliveryModel::Age).data().toString(), u"9 min 57 s"_s);
    }

    void countStopsAtTheLimit()
    {
        if (!ensureFarm())
            return;
        m_db.exec(u"BEGIN"_s);
        m_db.exec(u"INSERT INTO webfarm.task (type, target) SELECT 'TOUCH_CACHE_ITEM', 'bulk:' || g "
                  "FROM generate_series(1, %1) g"_s.arg(DeliveryQuery::CountLimit + 5));
        m_db.exec(u"INSERT INTO webfarm.server_task (task_id, server_id, processed_at, error_message) "
                  "SELECT id, 2, '2024-01-01 00:05:00+00', 'bulk' FROM webfarm.task WHERE target LIKE 'bulk:%'"_s);
        DeliveryQuery failed;
        failed.kind = DeliveryQuery::Kind::Failed;
        const qint64 count = m_db.exec(failed.countSql(), failed.countParams()).integer(0, 0).value_or(-1);
        m_db.exec(u"ROLLBACK"_s);
        QCOMPARE(count, qint64(DeliveryQuery::CountLimit + 1));
    }

private:
    bool ensureFarm();

    std::unique_ptr<TestDatabase> m_database;
    PgConnection m_db;
};

bool TestDeliveryModel::ensureFarm()
{
    if (m_database)
        return true;
    if (!Test::requireCluster())
        return false;
    m_database = std::make_unique<TestDatabase>();
    m_db = m_database->connect();
    m_db.exec(u"SET TimeZone = 'UTC'"_s);
    for (const QString& name : { u"web-1"_s, u"web-2"_s, u"web-3"_s })
        m_db.exec(u"SELECT webfarm.register_server($1, $1, $1 || '.farm.test', 'zone-a', '1.0')"_s, { name });
    const QVariant none;
    const QList<QVariantList> tasks {
        { 1, u"TOUCH_CACHE_ITEM"_s, u"product:1"_s, LongText },
        { 1, u"UPDATE_METAFILE"_s, u"file:2"_s, u"short"_s },
        { 1, u"TOUCH_CACHE_ITEM"_s, u"product:3"_s, none },
        { 1, u"UPDATE_METAFILE"_s, u"file:4"_s, none },
        { none, u"CLEAR_CACHE_ITEMS"_s, u"all"_s, none },
    };
    for (const QVariantList& task : tasks)
        m_db.exec(u"SELECT webfarm.create_task($1, $2, $3, $4)"_s, task);
    // Fixed times, so that ordering and conversions are exact.
    m_db.exec(
        u"UPDATE webfarm.task SET created_at = timestamptz '2024-01-01 00:00:00.250+00' + id * interval '1 second'"_s);
    m_db.exec(
        u"UPDATE webfarm.server_task st SET task_created_at = t.created_at FROM webfarm.task t WHERE t.id = st.task_id"_s);
    m_db.exec(u"SELECT webfarm.complete_task(3, 1)"_s);
    m_db.exec(u"SELECT webfarm.complete_task(3, 2, 'disk full')"_s);
    m_db.exec(u"SELECT webfarm.complete_task(3, 3, 'timeout')"_s);
    m_db.exec(
        u"UPDATE webfarm.server_task SET processed_at = CASE task_id WHEN 2 THEN timestamptz '2024-01-01 00:01:00+00' "
        "ELSE timestamptz '2024-01-01 00:02:00+00' END WHERE server_id = 3 AND task_id IN (2, 3)"_s);
    return true;
}

QTEST_GUILESS_MAIN(TestDeliveryModel)
#include "tst_deliverymodel.moc"
