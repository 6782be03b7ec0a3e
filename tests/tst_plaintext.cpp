#include "deliverybrowser.h"
#include "deliverymodel.h"
#include "eventmodel.h"
#include "eventtimeline.h"
#include "flushmodel.h"
#include "flushtargetmodel.h"
#include "instancelatencybars.h"
#include "instancemodel.h"
#include "latencychart.h"
#include "plaintooltips.h"
#include "reporttext.h"
#include "storagemodel.h"
#include "summarytile.h"
#include "timechart.h"
#include "topologylinkitem.h"
#include "topologynodeitem.h"
#include "topologystorageitem.h"
#include "topologyview.h"

#include <memory>
#include <QChartView>
#include <QGraphicsTextItem>
#include <QHeaderView>
#include <QHelpEvent>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QTableView>
#include <QTest>
#include <QTextDocument>
#include <QToolTip>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

const QDateTime Now(QDate(2024, 1, 1), QTime(12, 0), Qt::UTC);

// Names an instance could register: markup, an image, a link, an entity and quotes.
const QString HostileName = u"<img src=x><b>web-01</b>"_s;
const QString HostileDisplay = u"<a href=\"https://x.test/\">Web & one</a>"_s;
const QString HostileHost = u"<i>h</i>.farm.test"_s;
const QString HostileZone = u"<u>east</u>"_s;
const QString HostileError = u"<b>timeout</b> &amp; \"more\""_s;

// What QToolTip shows for a text: its label is Qt::AutoText, rich text when Qt::mightBeRichText
// says so. The characters a reader sees, line breaks as "\n".
QString shownText(const QString& toolTip)
{
    if (!Qt::mightBeRichText(toolTip))
        return toolTip;
    QTextDocument document;
    document.setHtml(toolTip);
    return document.toPlainText();
}

// The tooltip that a help event at pos of widget makes QToolTip show.
QString toolTipShownAt(QWidget* widget, const QPoint& pos)
{
    QHelpEvent help(QEvent::ToolTip, pos, widget->mapToGlobal(pos));
    QCoreApplication::sendEvent(widget, &help);
    return QToolTip::isVisible() ? QToolTip::text() : QString();
}

ServerFigures hostileServer()
{
    ServerFigures f;
    f.server.id = 1;
    f.server.name = HostileName;
    f.server.displayName = HostileDisplay;
    f.server.host = HostileHost;
    f.server.zone = HostileZone;
    f.server.version = u"<s>1.0</s>"_s;
    f.versionSkew = u"<s>1.0</s> while 2 others run <b>2.0</b>"_s;
    f.status = ServerStatus::NotResponding;
    f.reasons = { u"no heartbeat for 45.0 s"_s, u"<script>alert(1)</script>"_s };
    f.lastHeartbeatAgeS = 45.0;
    f.cacheLatency.count = 3;
    f.cacheLatency.p95 = 40.0;
    f.cacheLatency.max = 50.0;
    return f;
}

StorageFigures hostileStorage()
{
    StorageFigures s;
    s.storage = { 7, u"<h1>media</h1>"_s, u"nfs"_s, u"//nfs/<img src=y>"_s };
    s.status = StorageStatus::Failing;
    s.failingServers = { HostileName };
    s.probingServers = { HostileName };
    return s;
}

ProbeRow failedProbe()
{
    return { 7, 1, QDateTime(), false, std::nullopt, {}, HostileError };
}

FlushProgress hostileFlush()
{
    FlushProgress f;
    f.request.id = 3;
    f.request.requestedAt = Now;
    f.request.requestedBy = u"<b>ops</b>"_s;
    f.request.clientAddr = u"10.0.0.1"_s;
    f.request.applicationName = u"<marquee>app</marquee>"_s;
    f.request.scope = u"servers"_s;
    f.request.serverIds = { 1 };
    f.request.reason = u"<img src=z> & deploy"_s;
    f.targets = 1;
    f.failed = 1;
    f.perTarget = { { 1, HostileName, FlushTargetProgress::State::Failed, 12.0, std::nullopt, HostileError } };
    return f;
}

FarmSnapshot hostileSnapshot()
{
    FarmSnapshot snapshot;
    snapshot.generatedAt = Now;
    snapshot.windowS = 60;
    snapshot.servers = { hostileServer() };
    snapshot.storage = { hostileStorage() };
    snapshot.flushes = { hostileFlush() };
    snapshot.farm.servers = 1;
    snapshot.farm.byStatus[u"not-responding"_s] = 1;
    return snapshot;
}

// A model of the given kind holding one hostile row.
std::unique_ptr<QAbstractItemModel> hostileModel(const QString& kind)
{
    if (kind == u"instances"_s) {
        auto model = std::make_unique<InstanceModel>();
        model->setSnapshot(hostileSnapshot());
        return model;
    }
    if (kind == u"storage"_s) {
        auto model = std::make_unique<StorageModel>();
        model->setState(hostileSnapshot(), { failedProbe() });
        return model;
    }
    if (kind == u"events"_s) {
        auto model = std::make_unique<EventModel>();
        model->appendEvents({ { 1, Now, u"ERROR"_s, HostileError } }, { { 1, HostileName } });
        model->flushPending();
        return model;
    }
    if (kind == u"deliveries"_s) {
        auto model = std::make_unique<DeliveryModel>();
        DeliveryDetailRow row;
        row.taskId = 9;
        row.serverId = 1;
        row.serverName = HostileName;
        row.taskType = u"<b>REMOVE</b>"_s;
        row.target = u"<img src=t>"_s;
        row.errorMessage = HostileError;
        row.createdAt = Now;
        model->setPage(model->nextRequestId(), { row }, 1);
        return model;
    }
    if (kind == u"flushes"_s) {
        auto model = std::make_unique<FlushModel>();
        model->setFlushes({ hostileFlush() });
        return model;
    }
    auto model = std::make_unique<FlushTargetModel>();
    model->setProgress(hostileFlush());
    return model;
}

} // namespace

class TestPlainText : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void literalShowsTheCharacters()
    {
        // The wrapped form is rich text whatever it holds, and renders to the text itself.
        for (const QString& text : { HostileName, HostileError, u"a & b"_s, u"two\nlines"_s }) {
            const QString wrapped = PlainToolTips::literal(text);
            QVERIFY(Qt::mightBeRichText(wrapped));
            QCOMPARE(shownText(wrapped), text);
        }
        // Escaped parts put together are rich text even when the first line has no tag.
        const QString parts = u"%1 cannot reach %2"_s.arg(u"web&01"_s.toHtmlEscaped(), u"\"nfs\""_s.toHtmlEscaped());
        QVERIFY(!Qt::mightBeRichText(parts)); // as it was: "web&amp;01" shown as written
        QCOMPARE(shownText(PlainToolTips::rich(parts)), u"web&01 cannot reach \"nfs\""_s);
    }

    void itemViewToolTipsShowTheText_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("expected");
        QTest::addRow("instance display name") << u"instances"_s << int(InstanceModel::Name) << HostileDisplay;
        // The reasons, one a line.
        QTest::addRow("instance reasons")
            << u"instances"_s << int(InstanceModel::Why) << u"no heartbeat for 45.0 s\n<script>alert(1)</script>"_s;
        QTest::addRow("instance version skew")
            << u"instances"_s << int(InstanceModel::Version) << u"<s>1.0</s> while 2 others run <b>2.0</b>"_s;
        QTest::addRow("storage location") << u"storage"_s << int(StorageModel::Name) << u"//nfs/<img src=y>"_s;
        // The probe of the instance's column: failed, no free bytes, no probe time.
        QTest::addRow("probe error") << u"storage"_s << int(StorageModel::FixedColumnCount)
                                     << u"failed: <b>timeout</b> &amp; \"more\""_s;
        QTest::addRow("event message") << u"events"_s << int(EventModel::Message) << HostileError;
        QTest::addRow("delivery target") << u"deliveries"_s << int(DeliveryModel::Target) << u"<img src=t>"_s;
        QTest::addRow("delivery error") << u"deliveries"_s << int(DeliveryModel::Error) << HostileError;
        QTest::addRow("flush reason") << u"flushes"_s << int(FlushModel::Reason) << u"<img src=z> & deploy"_s;
        QTest::addRow("flush requested by")
            << u"flushes"_s << int(FlushModel::RequestedBy) << u"from 10.0.0.1 with <marquee>app</marquee>"_s;
        QTest::addRow("flush scope") << u"flushes"_s << int(FlushModel::Scope) << HostileName;
        QTest::addRow("flush target error") << u"targets"_s << int(FlushTargetModel::Error) << HostileError;
    }

    void itemViewToolTipsShowTheText()
    {
        QFETCH(QString, model);
        QFETCH(int, column);
        QFETCH(QString, expected);
        const std::unique_ptr<QAbstractItemModel> source = hostileModel(model);
        QCOMPARE(source->rowCount(), 1);
        QCOMPARE(source->data(source->index(0, column), Qt::ToolTipRole).toString(), expected);
        QTableView view;
        view.setModel(source.get());
        PlainToolTips::install(&view);
        view.resize(900, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.scrollTo(source->index(0, column));
        const QString tip = toolTipShownAt(view.viewport(), view.visualRect(source->index(0, column)).center());
        QVERIFY(!tip.isEmpty());
        QCOMPARE(shownText(tip), expected);
    }

    void headerToolTipsShowTheText()
    {
        // The storage table's instance columns: name, zone and host in the header's tooltip.
        const std::unique_ptr<QAbstractItemModel> source = hostileModel(u"storage"_s);
        QTableView view;
        view.setModel(source.get());
        PlainToolTips::install(&view);
        view.resize(900, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QHeaderView* header = view.horizontalHeader();
        const int section = StorageModel::FixedColumnCount;
        const QPoint inside(header->sectionViewportPosition(section) + 4, header->height() / 2);
        const QString tip = toolTipShownAt(header->viewport(), inside);
        QCOMPARE(shownText(tip), u"<img src=x><b>web-01</b>, <u>east</u>, <i>h</i>.farm.test"_s);
    }

    void eventTimelineShowsTheMessage()
    {
        // The timeline's own table, not one set up by the test.
        EventModel model;
        model.appendEvents({ { 1, Now, u"ERROR"_s, HostileError } }, { { 1, HostileName } });
        model.flushPending();
        EventTimeline timeline(&model);
        timeline.resize(900, 300);
        timeline.show();
        QVERIFY(QTest::qWaitForWindowExposed(&timeline));
        auto* view = timeline.findChild<QTableView*>();
        QVERIFY(view);
        const QModelIndex message = view->model()->index(0, EventModel::Message);
        QCOMPARE(shownText(toolTipShownAt(view->viewport(), view->visualRect(message).center())), HostileError);
    }

    void topologyToolTipsShowTheText()
    {
        TopologyView view;
        view.resize(1100, 760);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        FarmSnapshot snapshot = hostileSnapshot();
        view.setState(snapshot, { failedProbe() });

        const TopologyNodeItem* node = view.nodeItem(1);
        QVERIFY(node);
        const QString nodeTip
            = shownText(view.toolTipAt(view.mapFromScene(node->mapToScene(node->cardRect().center()))));
        for (const QString& expected :
            { HostileName + u" \u2014 "_s + HostileDisplay, HostileHost, HostileZone + u" \u00b7 version <s>1.0</s>"_s,
                u"<script>alert(1)</script>"_s, HostileError, u"<s>1.0</s> while 2 others run <b>2.0</b>"_s })
            QVERIFY2(nodeTip.contains(expected), qPrintable(expected + u" not in "_s + nodeTip));

        const TopologyStorageItem* storage = view.storageItem(7);
        QVERIFY(storage);
        const QString storageTip
            = shownText(view.toolTipAt(view.mapFromScene(storage->mapToScene(storage->cardRect().center()))));
        QVERIFY2(storageTip.startsWith(u"<h1>media</h1> (nfs)\n//nfs/<img src=y>\n"_s), qPrintable(storageTip));

        // A link's tooltip begins with a name: "&" in it must not show as "&amp;".
        const TopologyLinkItem* probe = view.linkItem(u"probe:1:7"_s);
        QVERIFY(probe);
        QCOMPARE(shownText(probe->toolTip()), HostileName + u" cannot reach <h1>media</h1>: "_s + HostileError);
        snapshot.servers.first().server.name = u"web&01 \"a\""_s;
        view.setState(snapshot, {});
        const TopologyLinkItem* heartbeat = view.linkItem(u"heartbeat:1"_s);
        QVERIFY(heartbeat);
        QCOMPARE(shownText(heartbeat->toolTip()), u"web&01 \"a\": last heartbeat 45.0 s ago"_s);
    }

    void latencyBarsToolTipShowsTheText()
    {
        InstanceLatencyBars bars;
        bars.resize(420, 300);
        bars.show();
        QVERIFY(QTest::qWaitForWindowExposed(&bars));
        bars.setSnapshot(hostileSnapshot());
        const QString tip = shownText(toolTipShownAt(bars.viewport(), QPoint(10, 2)));
        QVERIFY2(tip.startsWith(HostileName + u" \u00b7 "_s + HostileHost + u'\n'), qPrintable(tip));
        QVERIFY2(tip.contains(u"\n<script>alert(1)</script>\n"_s), qPrintable(tip));
    }

    void summaryTileToolTipShowsTheText()
    {
        SummaryTile tile(u"Backlog"_s);
        tile.setValue(u"<i>12</i>"_s, u"oldest 3.0 s (<img src=x>)"_s, SummaryTile::Level::Warning);
        QCOMPARE(shownText(tile.toolTip()), u"Backlog: <i>12</i>\noldest 3.0 s (<img src=x>)"_s);
        QCOMPARE(tile.accessibleDescription(), u"Backlog: <i>12</i>\noldest 3.0 s (<img src=x>)"_s);
    }

    void chartLegendShowsTheName()
    {
        // The legend renders a series' name as HTML.
        const std::unique_ptr<TimeChart> chart = createTimeChart();
        chart->resize(600, 300);
        ChartSeries series;
        series.id = u"a"_s;
        series.name = HostileName;
        series.colour = Qt::red;
        chart->setSeries({ series });
        chart->setPoints(u"a"_s, { QPointF(0, 1), QPointF(1000, 2) });
        chart->setTimeRange(0, 1000);
        chart->show();
        QVERIFY(QTest::qWaitForWindowExposed(chart.get()));
        auto* chartView = chart->findChild<QChartView*>();
        QVERIFY(chartView);
        QList<QString> labels;
        for (const QLegendMarker* marker : chartView->chart()->legend()->markers()) {
            if (marker->isVisible())
                labels.append(marker->label());
        }
        QCOMPARE(labels.size(), 1);
        QTextDocument legend;
        legend.setHtml(labels.first());
        QCOMPARE(legend.toPlainText(), HostileName);
        // And what the legend's text item holds once laid out.
        QTRY_VERIFY([&] {
            const QList<QGraphicsItem*> items = chartView->scene()->items();
            for (const QGraphicsItem* item : items) {
                const auto* text = dynamic_cast<const QGraphicsTextItem*>(item);
                if (text && text->toPlainText() == HostileName)
                    return true;
            }
            return false;
        }());
        // The series list keeps the name as it is.
        QCOMPARE(chart->series().first().name, HostileName);
    }

    void labelsNamingInstancesArePlain()
    {
        LatencyChart chart;
        chart.resize(600, 300);
        chart.show(); // a hidden chart does not rebuild
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setMode(LatencyChart::Mode::Servers);
        chart.setServers({ 1 }, { HostileName });
        QLabel* title = nullptr;
        QTRY_VERIFY([&] {
            const QList<QLabel*> labels = chart.findChildren<QLabel*>();
            for (QLabel* label : labels) {
                if (label->text().contains(HostileName))
                    title = label;
            }
            return title != nullptr;
        }());
        QCOMPARE(title->textFormat(), Qt::PlainText);

        DeliveryBrowser browser;
        auto* paging = browser.findChild<QLabel*>(u"paging"_s);
        QVERIFY(paging);
        QCOMPARE(paging->textFormat(), Qt::PlainText); // "No pending deliveries to <name>"
    }

    void terminalSafeEscapes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::addRow("escape sequence") << u"\x1b[31mred"_s << u"\\x1b[31mred"_s;
        QTest::addRow("bell") << u"a\x07"_s << u"a\\x07"_s;
        QTest::addRow("nul") << (u"a"_s + QChar(0) + u"b"_s) << u"a\\x00b"_s;
        QTest::addRow("line breaks and tab") << u"a\nb\r\tc"_s << u"a\\x0ab\\x0d\\x09c"_s;
        QTest::addRow("del") << u"a\x7f"_s << u"a\\x7f"_s;
        QTest::addRow("c1 csi") << u"a\u009b2J"_s << u"a\\x9b2J"_s;
        QTest::addRow("c1 last") << u"\u009f"_s << u"\\x9f"_s;
        // A backslash is doubled, so that an escape in the output is always one.
        QTest::addRow("backslash") << u"a\\x1b"_s << u"a\\\\x1b"_s;
        // Printable text stays: the first character after C1, and non-Latin ones.
        QTest::addRow("printable") << u"z\u00a0\u00fcrich \u20ac <b>"_s << u"z\u00a0\u00fcrich \u20ac <b>"_s;
    }

    void terminalSafeEscapes()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(Paddock::terminalSafe(text), expected);
    }

    void reportTextHasNoControlCharacter()
    {
        FarmSnapshot snapshot = hostileSnapshot();
        snapshot.servers.first().server.name = u"web\x1b[31m-01\x07"_s;
        snapshot.servers.first().server.zone = u"z1"_s;
        snapshot.servers.first().reasons = { u"bad\u009b2J"_s };
        snapshot.storage.first().storage.name = u"media\x1b]0;x\x07"_s;
        snapshot.flushes.first().request.requestedBy = u"ops\r"_s;
        snapshot.flushes.first().request.reason = u"deploy\x7f"_s;
        snapshot.ignoredRows[u"odd\x1bkey"_s] = 2;
        const QString text = formatReport(snapshot);
        for (const QChar c : text) {
            const char16_t u = c.unicode();
            QVERIFY2(u == u'\n' || (u >= 0x20 && u != 0x7f && (u < 0x80 || u > 0x9f)),
                qPrintable(u"raw U+%1 in the report"_s.arg(int(u), 4, 16, QLatin1Char('0'))));
        }
        for (const QString& expected : { u"web\\x1b[31m-01\\x07"_s, u"bad\\x9b2J"_s, u"media\\x1b]0;x\\x07"_s,
                 u"ops\\x0d"_s, u"deploy\\x7f"_s, u"2 odd\\x1bkey"_s })
            QVERIFY2(text.contains(expected), qPrintable(expected + u" not in "_s + text));
        // Columns are as wide as the escaped name: "web\x1b[31m-01\x07" is 18 characters, plus 2.
        const QStringList lines = text.split(u'\n');
        qsizetype header = 0;
        while (header + 1 < lines.size() && !lines[header].startsWith(u"INSTANCE"_s))
            ++header;
        QVERIFY(lines[header].startsWith(u"INSTANCE"_s));
        QCOMPARE(lines[header].indexOf(u"ZONE"_s), 20);
        QCOMPARE(lines[header + 1].indexOf(u"z1"_s), 20);
    }

    // The running versions and the skewed instances, versions escaped like every text of an instance.
    void reportTextNamesTheVersionSkew()
    {
        FarmSnapshot snapshot = hostileSnapshot();
        snapshot.servers.first().server.name = u"web-01"_s;
        snapshot.servers.first().server.version = u"1.0\x1b[2J"_s;
        snapshot.servers.first().versionSkew = u"1.0\x1b[2J while 9 others run 2.0"_s;
        snapshot.farm.versions = { { u"2.0"_s, 9 }, { u"1.0\x1b[2J"_s, 1 } };
        const QString text = formatReport(snapshot);
        QVERIFY2(
            text.contains(u"\n  running versions: 2.0 (9 instances), 1.0\\x1b[2J (1 instance)\n"_s), qPrintable(text));
        const QStringList lines = text.split(u'\n');
        const qsizetype header = lines.indexOf(u"INSTANCE  VERSION SKEW"_s);
        QVERIFY2(header > 0, qPrintable(text));
        QCOMPARE(lines.value(header + 1), u"web-01    1.0\\x1b[2J while 9 others run 2.0"_s);

        snapshot.servers.first().versionSkew.reset();
        snapshot.farm.versions.clear();
        const QString calm = formatReport(snapshot);
        QVERIFY2(!calm.contains(u"VERSION SKEW"_s) && !calm.contains(u"running versions"_s), qPrintable(calm));
    }

    void jsonReportKeepsTheText()
    {
        FarmSnapshot snapshot = hostileSnapshot();
        const QString name = u"web\x1b[31m-01\x07\u009b\\ \"q\""_s;
        snapshot.servers.first().server.name = name;
        const QByteArray json = QJsonDocument(snapshot.toJson()).toJson(QJsonDocument::Indented);
        // JSON allows no raw character below U+0020 in a string; the layout uses newlines only.
        for (const char c : json)
            QVERIFY2(uchar(c) >= 0x20 || c == '\n', qPrintable(u"raw 0x%1"_s.arg(int(uchar(c)), 2, 16)));
        QVERIFY(json.contains("\"web\\u001b[31m-01\\u0007"));
        QJsonParseError error;
        const QJsonDocument parsed = QJsonDocument::fromJson(json, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonObject server = parsed.object()[u"servers"_s].toArray().first().toObject();
        QCOMPARE(server[u"name"_s].toString(), name);
        QCOMPARE(server[u"display_name"_s].toString(), HostileDisplay);
    }
};

QTEST_MAIN(TestPlainText)
#include "tst_plaintext.moc"
