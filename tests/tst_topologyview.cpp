#include "statusstyle.h"
#include "topologyaggregateitem.h"
#include "topologylayout.h"
#include "topologylinkitem.h"
#include "topologynodeitem.h"
#include "topologystorageitem.h"
#include "topologyview.h"
#include "topologyzoneitem.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

const QDateTime Now(QDate(2024, 1, 1), QTime(12, 0), Qt::UTC);

ServerFigures server(qint64 id, const QString& zone, ServerStatus status = ServerStatus::Healthy)
{
    ServerFigures f;
    f.server.id = id;
    f.server.name = u"web-%1"_s.arg(id, 3, 10, QLatin1Char('0'));
    f.server.host = f.server.name + u".farm.test"_s;
    f.server.zone = zone;
    f.server.version = u"1.0"_s;
    f.status = status;
    f.lastHeartbeatAgeS = 1.0;
    f.backlog = 3;
    f.cacheLatency.count = 10;
    f.cacheLatency.p95 = 42.0;
    f.clockSkewMs = 12.0;
    f.cacheHitRatio = 0.9;
    switch (status) {
    case ServerStatus::NotResponding:
        f.lastHeartbeatAgeS = 45.0;
        f.reasons = { u"no heartbeat for 45.0 s"_s };
        break;
    case ServerStatus::Degraded:
        f.backlog = 1500;
        f.reasons = { u"backlog 1500 > 1000"_s };
        break;
    case ServerStatus::Stopped:
        f.lastHeartbeatAgeS = 300.0;
        break;
    default:
        break;
    }
    return f;
}

// n instances, ids 1 … n, spread round-robin over zones zone-0 … zone-(zones-1).
QList<ServerFigures> servers(int n, int zones)
{
    QList<ServerFigures> result;
    for (int id = 1; id <= n; ++id)
        result.append(server(id, u"zone-%1"_s.arg((id - 1) % zones)));
    return result;
}

FarmSnapshot snapshotOf(const QList<ServerFigures>& list, const QList<StorageFigures>& storages = {})
{
    FarmSnapshot snapshot;
    snapshot.generatedAt = Now;
    snapshot.servers = list;
    snapshot.storage = storages;
    snapshot.farm.servers = list.size();
    for (const ServerFigures& f : list)
        ++snapshot.farm.byStatus[statusName(f.status)];
    return snapshot;
}

StorageFigures storage(qint64 id, const QString& name)
{
    StorageFigures s;
    s.storage = { id, name, u"s3"_s, u"s3://bucket"_s };
    s.status = StorageStatus::Ok;
    return s;
}

ProbeRow probe(qint64 storageId, qint64 serverId, bool ok)
{
    return { storageId, serverId, Now, ok, ok ? std::optional<double>(8.0) : std::nullopt, {},
        ok ? QString() : u"connection timed out"_s };
}

QPoint viewportPoint(const TopologyView& view, const QGraphicsItem* item, const QPointF& local)
{
    return view.mapFromScene(item->mapToScene(local));
}

QPoint centreOf(const TopologyView& view, const TopologyNodeItem* node)
{
    return viewportPoint(view, node, node->cardRect().center());
}

int visibleNodes(const TopologyView& view)
{
    int count = 0;
    for (const TopologyNodeItem* node : view.nodeItems())
        count += node->isVisible() ? 1 : 0;
    return count;
}

bool near(const QColor& a, const QColor& b, int tolerance = 40)
{
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue()) <= tolerance;
}

QColor pixelAt(const QImage& image, const QPoint& logical)
{
    const qreal ratio = image.devicePixelRatio();
    return image.pixelColor(QPoint(qRound(logical.x() * ratio), qRound(logical.y() * ratio)));
}

} // namespace

class TestTopologyView : public QObject {
    Q_OBJECT

private:
    // A shown view, with the window's usual size.
    void show(TopologyView& view)
    {
        view.resize(1100, 760);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
    }

private Q_SLOTS:
    void nodeCountMatchesInstances_data()
    {
        QTest::addColumn<int>("instances");
        QTest::addColumn<int>("zones");
        QTest::addRow("3") << 3 << 1;
        QTest::addRow("50") << 50 << 3;
        QTest::addRow("300") << 300 << 6;
    }

    void nodeCountMatchesInstances()
    {
        QFETCH(int, instances);
        QFETCH(int, zones);
        TopologyView view;
        show(view);
        QElapsedTimer timer;
        timer.start();
        view.setState(snapshotOf(servers(instances, zones)), {});
        const qint64 first = timer.nsecsElapsed();
        QCOMPARE(view.instanceNodeCount(), instances);
        QCOMPARE(view.zones().size(), zones);
        // Every instance is either a visible card or counted in its collapsed zone's aggregate.
        int shown = 0;
        for (const QString& zone : view.zones()) {
            if (view.isZoneCollapsed(zone)) {
                QVERIFY(view.aggregateItem(zone)->isVisible());
                shown += view.aggregateItem(zone)->total();
            } else {
                QVERIFY(!view.aggregateItem(zone)->isVisible());
                shown += view.zoneItem(zone)->memberCount();
            }
        }
        QCOMPARE(shown, instances);
        int expectedVisible = 0;
        for (const QString& zone : view.zones())
            expectedVisible += view.isZoneCollapsed(zone) ? 0 : view.zoneItem(zone)->memberCount();
        QCOMPARE(visibleNodes(view), expectedVisible);

        // A merge that changes every figure.
        QList<ServerFigures> changed = servers(instances, zones);
        for (ServerFigures& f : changed)
            f.backlog += 7;
        timer.restart();
        view.setState(snapshotOf(changed), {});
        const qint64 merge = timer.nsecsElapsed();
        qInfo("setState with %d instances: first %.2f ms, merge %.2f ms", instances, first / 1e6, merge / 1e6);
        QCOMPARE(view.instanceNodeCount(), instances);
    }

    void joinersFadeInAndLeaversFadeOut()
    {
        TopologyView view;
        show(view);
        view.setState(snapshotOf(servers(3, 1)), {});
        QCOMPARE(view.instanceNodeCount(), 3);
        QCOMPARE(view.nodeItem(1)->opacity(), 1.0); // the first picture does not fade in

        view.setState(snapshotOf(servers(4, 1)), {});
        QCOMPARE(view.instanceNodeCount(), 4);
        TopologyNodeItem* joiner = view.nodeItem(4);
        QVERIFY(joiner);
        QVERIFY(joiner->opacity() < 1.0);
        QTRY_COMPARE(joiner->opacity(), 1.0);

        QList<ServerFigures> without2 = servers(4, 1);
        without2.removeAt(1);
        QPointer<TopologyNodeItem> leaver = view.nodeItem(2);
        view.setState(snapshotOf(without2), {});
        QCOMPARE(view.instanceNodeCount(), 4); // still fading
        QVERIFY(leaver->isLeaving());
        QTRY_COMPARE(view.instanceNodeCount(), 3);
        QVERIFY(!view.nodeItem(2));
        QTRY_VERIFY(leaver.isNull());
        QCOMPARE(view.zoneItem(u"zone-0"_s)->memberCount(), 3);

        // One that comes back while fading out stays.
        view.setState(snapshotOf(servers(4, 1)), {});
        QTRY_COMPARE(view.instanceNodeCount(), 4);
        view.setState(snapshotOf(without2), {});
        view.setState(snapshotOf(servers(4, 1)), {});
        QVERIFY(!view.nodeItem(2)->isLeaving());
        QTRY_COMPARE(view.nodeItem(2)->opacity(), 1.0);
        QCOMPARE(view.instanceNodeCount(), 4);
    }

    void stoppedInstancesStayGreyed()
    {
        TopologyView view;
        show(view);
        QList<ServerFigures> list = servers(3, 1);
        view.setState(snapshotOf(list), {});
        list[2] = server(3, u"zone-0"_s, ServerStatus::Stopped);
        view.setState(snapshotOf(list), {});
        QCOMPARE(view.instanceNodeCount(), 3);
        QCOMPARE(view.nodeItem(3)->style().glyph, StatusStyle::forStatus(u"stopped"_s).glyph);
        QCOMPARE(view.nodeItem(3)->opacity(), 1.0);
    }

    void existingNodesKeepTheirPlace()
    {
        TopologyView view;
        view.setAnimated(false);
        show(view);
        view.setState(snapshotOf(servers(20, 2)), {});
        QHash<qint64, QPointF> before;
        for (const TopologyNodeItem* node : view.nodeItems())
            before.insert(node->serverId(), node->pos());

        // web-005 leaves, figures change; then web-021 joins and takes the free slot: nobody else moves.
        QList<ServerFigures> next = servers(20, 2);
        next.removeAt(4);
        next[0].status = ServerStatus::Degraded;
        view.setState(snapshotOf(next), {});
        QVERIFY(!view.nodeItem(5));
        next.append(server(21, u"zone-0"_s));
        view.setState(snapshotOf(next), {});
        for (const TopologyNodeItem* node : view.nodeItems()) {
            if (before.contains(node->serverId()))
                QCOMPARE(node->pos(), before.value(node->serverId()));
        }
        QCOMPARE(view.nodeItem(21)->pos(), before.value(5));

        // A zone that grows widens; its members keep their row and column in it.
        const TopologyZoneItem* zone = view.zoneItem(u"zone-1"_s);
        QHash<qint64, QPointF> inZone;
        for (qint64 id : zone->members())
            inZone.insert(id, view.nodeItem(id)->pos() - zone->pos());
        QList<ServerFigures> grown = next;
        for (int id = 100; id < 140; ++id)
            grown.append(server(id, u"zone-1"_s));
        view.setState(snapshotOf(grown), {});
        QVERIFY(zone->columns() > 3);
        for (auto it = inZone.cbegin(); it != inZone.cend(); ++it)
            QCOMPARE(view.nodeItem(it.key())->pos() - zone->pos(), it.value());
    }

    void nodeShowsStatusColourAndGlyph_data()
    {
        QTest::addColumn<ServerStatus>("status");
        QTest::addColumn<bool>("filledCentre");
        QTest::addRow("healthy") << ServerStatus::Healthy << true;
        QTest::addRow("degraded") << ServerStatus::Degraded << true;
        QTest::addRow("not-responding") << ServerStatus::NotResponding << true;
        QTest::addRow("stopped") << ServerStatus::Stopped << true;
        QTest::addRow("disabled") << ServerStatus::Disabled << false; // ○: a ring
    }

    void nodeShowsStatusColourAndGlyph()
    {
        QFETCH(ServerStatus, status);
        QFETCH(bool, filledCentre);
        TopologyView view;
        show(view);
        view.setState(snapshotOf({ server(1, u"a"_s), server(2, u"a"_s, status), server(3, u"a"_s) }), {});
        const TopologyNodeItem* node = view.nodeItem(2);
        const StatusStyle expected = StatusStyle::forStatus(statusName(status));
        QCOMPARE(node->status(), statusName(status));
        QCOMPARE(node->style().glyph, expected.glyph);
        QCOMPARE(node->displayColour(), expected.colour);
        if (filledCentre) {
            const QImage image = view.grabImage();
            const QColor painted = pixelAt(image, viewportPoint(view, node, node->glyphRect().center()));
            QVERIFY2(near(painted, expected.colour), qPrintable(painted.name() + u" vs "_s + expected.colour.name()));
        }
    }

    // An instance on another version than most carries a badge in the version-skew colour, and its
    // tooltip the words; the others carry none.
    void versionSkewBadgeOnANode()
    {
        TopologyView view;
        show(view);
        QList<ServerFigures> list = servers(4, 1);
        list[1].server.version = u"0.9"_s;
        list[1].versionSkew = u"0.9 while 3 others run 1.0"_s;
        view.setState(snapshotOf(list), {});
        const TopologyNodeItem* skewed = view.nodeItem(2);
        const TopologyNodeItem* calm = view.nodeItem(1);
        QVERIFY(skewed->isVersionSkewed());
        QVERIFY(!calm->isVersionSkewed());
        QCOMPARE(skewed->status(), u"healthy"_s);

        const qreal detail = view.transform().m11();
        const QRectF badge = skewed->versionBadgeRect(detail);
        QVERIFY(!badge.isEmpty());
        QVERIFY(calm->versionBadgeRect(detail).isEmpty());
        QVERIFY(skewed->cardRect().contains(badge));
        // Inside the pill, left of its text: the badge's colour; at the same place on a calm card, not.
        const QPointF inside(badge.left() + badge.height() * 0.25, badge.center().y());
        const QColor expected = StatusStyle::forStatus(u"version-skew"_s).colour;
        const QImage image = view.grabImage();
        const QColor painted = pixelAt(image, viewportPoint(view, skewed, inside));
        QVERIFY2(near(painted, expected), qPrintable(painted.name() + u" vs "_s + expected.name()));
        const QColor elsewhere = pixelAt(image, viewportPoint(view, calm, inside));
        QVERIFY2(!near(elsewhere, expected), qPrintable(elsewhere.name()));

        const QString tip = view.toolTipAt(centreOf(view, skewed));
        QVERIFY2(tip.contains(u"0.9 while 3 others run 1.0"_s), qPrintable(tip));
        QVERIFY(!view.toolTipAt(centreOf(view, calm)).contains(u"while"_s));

        // Caught up: the badge goes.
        list[1].server.version = u"1.0"_s;
        list[1].versionSkew.reset();
        view.setState(snapshotOf(list), {});
        QVERIFY(skewed->versionBadgeRect(detail).isEmpty());
    }

    // An instance running a scheduled task carries a clock on its top edge, one whose name a second
    // process registered carries a "2": each in its mark's colour, named in the tooltip; a calm
    // card carries neither, and the marks go when the run ends and the reason clears.
    void scheduledAndDuplicateNameMarks()
    {
        TopologyView view;
        show(view);
        QList<ServerFigures> list = servers(3, 1);
        list[1].status = ServerStatus::Degraded;
        list[1].reasons = { u"registered again at 2024-01-01 11:59:50 while still heartbeating: two processes "
                            "may share this name"_s };
        FarmSnapshot snapshot = snapshotOf(list);
        ScheduledFigures nightly;
        nightly.task.name = u"import-products"_s;
        nightly.runningOn = { u"web-002"_s, u"web-003"_s };
        ScheduledFigures mail;
        mail.task.name = u"send-newsletter"_s;
        mail.runningOn = { u"web-003"_s };
        snapshot.scheduled = { nightly, mail };
        view.setState(snapshot, {});
        const TopologyNodeItem* calm = view.nodeItem(1);
        const TopologyNodeItem* both = view.nodeItem(2);
        const TopologyNodeItem* running = view.nodeItem(3);
        QCOMPARE(running->scheduledRunning(), QStringList({ u"import-products"_s, u"send-newsletter"_s }));
        QVERIFY(both->hasDuplicateName());
        QVERIFY(!running->hasDuplicateName());
        const qreal detail = view.transform().m11();
        QVERIFY(calm->marks(detail).isEmpty());
        const QList<TopologyNodeItem::Mark> marks = both->marks(detail);
        QCOMPARE(marks.size(), 2);
        QCOMPARE(marks[0].style, u"scheduled-running"_s);
        QCOMPARE(marks[1].style, u"duplicate-name"_s);
        QVERIFY(marks[1].rect.right() < marks[0].rect.left()); // right to left, apart
        QVERIFY(both->boundingRect().contains(marks[0].rect));

        const QImage image = view.grabImage();
        for (const TopologyNodeItem::Mark& mark : marks) {
            // Between the disc's edge and the clock's face (or the digit), below and left of the
            // centre where no hand goes: the mark's colour.
            const qreal r = mark.rect.width() * 0.4;
            const QPointF inside = mark.rect.center() + QPointF(-r * 0.707, r * 0.707);
            const QColor painted = pixelAt(image, viewportPoint(view, both, inside));
            const QColor expected = StatusStyle::forStatus(mark.style).colour;
            QVERIFY2(near(painted, expected), qPrintable(mark.style + u": "_s + painted.name()));
            QVERIFY(!near(pixelAt(image, viewportPoint(view, calm, inside)), expected));
        }
        const QString tip = view.toolTipAt(centreOf(view, running));
        QVERIFY2(tip.contains(u"Running scheduled: import-products, send-newsletter"_s), qPrintable(tip));
        QVERIFY(!view.toolTipAt(centreOf(view, calm)).contains(u"Running scheduled"_s));

        snapshot = snapshotOf(servers(3, 1));
        view.setState(snapshot, {});
        QVERIFY(both->marks(detail).isEmpty());
        QVERIFY(running->scheduledRunning().isEmpty());
    }

    // Zoomed out the badge shrinks to a disc, and stays inside the card at every level of detail.
    void versionBadgeAtEveryZoom_data()
    {
        QTest::addColumn<qreal>("detail");
        QTest::addRow("full") << 1.0;
        QTest::addRow("large") << 2.0;
        QTest::addRow("name only") << (TopologyNodeItem::HostDetail + TopologyNodeItem::TextDetail) / 2;
        QTest::addRow("overview") << TopologyNodeItem::TextDetail / 2;
    }

    void versionBadgeAtEveryZoom()
    {
        QFETCH(qreal, detail);
        TopologyView view;
        show(view);
        QList<ServerFigures> list = servers(2, 1);
        list[0].versionSkew = u"1.0 while 1 other runs 1.1"_s;
        view.setState(snapshotOf(list), {});
        const TopologyNodeItem* node = view.nodeItem(1);
        const QRectF badge = node->versionBadgeRect(detail);
        QVERIFY(!badge.isEmpty());
        QVERIFY2(node->cardRect().contains(badge),
            qPrintable(u"%1,%2 %3x%4"_s.arg(badge.x()).arg(badge.y()).arg(badge.width()).arg(badge.height())));
        if (detail < TopologyNodeItem::HostDetail)
            QCOMPARE(badge.width(), badge.height()); // a disc: "≠" alone
        else
            QVERIFY(badge.width() > badge.height() * 1.5); // a pill: "≠ 1.0"
        // Readable on screen: at least 10 pixels high once zoomed.
        QVERIFY2(badge.height() * detail >= 9.5 || detail < TopologyNodeItem::TextDetail,
            qPrintable(QString::number(badge.height() * detail)));
    }

    // A collapsed zone says how many of its instances run another version than most, and which.
    void versionSkewOnAnAggregate()
    {
        TopologyView view;
        show(view);
        QList<ServerFigures> list = { server(1, u"a"_s), server(2, u"a"_s), server(3, u"a"_s),
            server(4, u"a"_s, ServerStatus::Degraded), server(5, u"b"_s), server(6, u"b"_s) };
        for (int i : { 1, 3, 4 }) {
            list[i].server.version = u"0.9"_s;
            list[i].versionSkew = u"0.9 while 3 others run 1.0"_s;
        }
        view.setState(snapshotOf(list), {});
        view.setZoneCollapsed(u"a"_s, true);
        const TopologyAggregateItem* aggregate = view.aggregateItem(u"a"_s);
        QVERIFY(aggregate->isVisible());
        QCOMPARE(aggregate->versionSkewed(), 2); // web-002 and web-004; web-005 is in zone b
        QCOMPARE(aggregate->countsText(), u"3 \u25cf 1 \u25b2"_s); // the counts by status are as they were
        QTRY_VERIFY(view.aggregateItem(u"a"_s)->pos()
            == view.zoneItem(u"a"_s)->pos() + view.zoneItem(u"a"_s)->aggregateOffset());

        const QRectF badge = aggregate->versionBadgeRect(view.transform().m11());
        QVERIFY(!badge.isEmpty());
        QVERIFY(aggregate->cardRect().contains(badge));
        QVERIFY(badge.width() > badge.height()); // "≠ 2"
        // Zoomed far out, where the counts give way to the total: a "≠" disc, still in the card.
        const QRectF far = aggregate->versionBadgeRect(0.2);
        QVERIFY(aggregate->cardRect().contains(far));
        QCOMPARE(far.width(), far.height());
        const QColor expected = StatusStyle::forStatus(u"version-skew"_s).colour;
        const QColor painted = pixelAt(view.grabImage(),
            viewportPoint(view, aggregate, QPointF(badge.left() + badge.height() * 0.25, badge.center().y())));
        QVERIFY2(near(painted, expected), qPrintable(painted.name() + u" vs "_s + expected.name()));

        const QString tip = view.toolTipAt(viewportPoint(view, aggregate, aggregate->cardRect().center()));
        for (const QString& text : { u"2 on another version than most:"_s, u"web-002: 0.9 while 3 others run 1.0"_s,
                 u"web-004: 0.9 while 3 others run 1.0"_s })
            QVERIFY2(tip.contains(text), qPrintable(text + u" not in "_s + tip));
        QVERIFY(!tip.contains(u"web-005"_s));

        for (ServerFigures& figures : list)
            figures.versionSkew.reset();
        view.setState(snapshotOf(list), {});
        QCOMPARE(aggregate->versionSkewed(), 0);
        QVERIFY(aggregate->versionBadgeRect(view.transform().m11()).isEmpty());
        QVERIFY(!view.toolTipAt(viewportPoint(view, aggregate, aggregate->cardRect().center()))
                     .contains(u"another version"_s));
    }

    void programmaticSelectionHighlightsWithoutSignal()
    {
        TopologyView view;
        show(view);
        view.setState(snapshotOf(servers(6, 2)), {});
        QSignalSpy spy(&view, &TopologyView::selectionChanged);
        view.setSelectedServers({ 2, 5 });
        QVERIFY(view.nodeItem(2)->isHighlighted());
        QVERIFY(view.nodeItem(5)->isHighlighted());
        QVERIFY(!view.nodeItem(1)->isHighlighted());
        QCOMPARE(view.selectedServers(), QSet<qint64>({ 2, 5 }));
        // A selected instance shows its links.
        QVERIFY(view.linkItem(u"heartbeat:2"_s));
        QVERIFY(view.linkItem(u"heartbeat:2"_s)->isEmphasised());
        view.setSelectedServers({});
        QVERIFY(!view.nodeItem(2)->isHighlighted());
        QVERIFY(!view.linkItem(u"heartbeat:2"_s));
        QCOMPARE(spy.count(), 0);
    }

    void clicksSelect()
    {
        TopologyView view;
        show(view);
        view.setState(snapshotOf(servers(6, 2)), {});
        QSignalSpy spy(&view, &TopologyView::selectionChanged);

        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, centreOf(view, view.nodeItem(3)));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).value<QSet<qint64>>(), QSet<qint64>({ 3 }));
        QVERIFY(view.nodeItem(3)->isHighlighted());

        QTest::mouseClick(view.viewport(), Qt::LeftButton, Qt::ControlModifier, centreOf(view, view.nodeItem(4)));
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.last().at(0).value<QSet<qint64>>(), QSet<qint64>({ 3, 4 }));

        QTest::mouseClick(view.viewport(), Qt::LeftButton, Qt::ControlModifier, centreOf(view, view.nodeItem(3)));
        QCOMPARE(spy.last().at(0).value<QSet<qint64>>(), QSet<qint64>({ 4 }));

        // A plain click on the background clears the selection.
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, QPoint(3, 3));
        QCOMPARE(spy.count(), 4);
        QVERIFY(spy.last().at(0).value<QSet<qint64>>().isEmpty());
    }

    void rubberBandSelects()
    {
        TopologyView view;
        show(view);
        view.setState(snapshotOf(servers(4, 1)), {});
        const TopologyZoneItem* zone = view.zoneItem(u"zone-0"_s);
        QCOMPARE(zone->columns(), 2);
        QSignalSpy spy(&view, &TopologyView::selectionChanged);
        // From the zone's bottom-right padding (background) to the middle of the first card.
        const QPoint from = viewportPoint(view, zone, zone->boxRect().bottomRight() - QPointF(3, 3));
        const QPoint to = centreOf(view, view.nodeItem(1));
        QTest::mousePress(view.viewport(), Qt::LeftButton, Qt::ShiftModifier, from);
        QTest::mouseMove(view.viewport(), (from + to) / 2);
        QTest::mouseMove(view.viewport(), to);
        QTest::mouseRelease(view.viewport(), Qt::LeftButton, Qt::ShiftModifier, to);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).value<QSet<qint64>>(), QSet<qint64>({ 1, 2, 3, 4 }));
    }

    void doubleClickActivates()
    {
        TopologyView view;
        show(view);
        view.setState(snapshotOf(servers(6, 2)), {});
        QSignalSpy spy(&view, &TopologyView::serverActivated);
        QTest::mouseDClick(view.viewport(), Qt::LeftButton, {}, centreOf(view, view.nodeItem(5)));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).toLongLong(), 5);

        // Keyboard: the arrows reach a node, Enter activates it.
        view.setFocus();
        QTest::keyClick(&view, Qt::Key_Right);
        QTest::keyClick(&view, Qt::Key_Return);
        QCOMPARE(spy.count(), 2);
    }

    void collapsedZoneShowsAggregate()
    {
        TopologyView view;
        show(view);
        view.setState(snapshotOf({ server(1, u"a"_s), server(2, u"a"_s), server(3, u"a"_s, ServerStatus::Degraded),
                          server(4, u"a"_s, ServerStatus::NotResponding), server(5, u"b"_s) }),
            {});
        QVERIFY(!view.isZoneCollapsed(u"a"_s));
        QSignalSpy spy(&view, &TopologyView::zoneCollapsedChanged);
        view.setZoneCollapsed(u"a"_s, true);
        QCOMPARE(spy.count(), 1);
        QVERIFY(view.isZoneCollapsed(u"a"_s));
        for (qint64 id : { 1, 2, 3, 4 })
            QVERIFY(!view.nodeItem(id)->isVisible());
        QVERIFY(view.nodeItem(5)->isVisible());
        const TopologyAggregateItem* aggregate = view.aggregateItem(u"a"_s);
        QVERIFY(aggregate->isVisible());
        QCOMPARE(aggregate->countsText(), u"2 \u25cf 1 \u25b2 1 \u2716"_s);
        QCOMPARE(aggregate->label(), u"a: 2 \u25cf 1 \u25b2 1 \u2716"_s);
        QCOMPARE(aggregate->worstStatus(), u"not-responding"_s);
        QCOMPARE(aggregate->displayColour(), StatusStyle::forStatus(u"not-responding"_s).colour);
        // The trunk of a collapsed zone carries its heartbeat problems.
        QCOMPARE(view.linkItem(u"trunk:a"_s)->state(), TopologyLinkItem::State::Lost);
        QVERIFY(!view.linkItem(u"heartbeat:4"_s));

        // Double-click the aggregate: expanded again.
        QTRY_VERIFY(view.aggregateItem(u"a"_s)->pos()
            == view.zoneItem(u"a"_s)->pos() + view.zoneItem(u"a"_s)->aggregateOffset());
        QTest::mouseDClick(
            view.viewport(), Qt::LeftButton, {}, viewportPoint(view, aggregate, aggregate->cardRect().center()));
        QVERIFY(!view.isZoneCollapsed(u"a"_s));
        QVERIFY(view.nodeItem(1)->isVisible());
        QVERIFY(!view.aggregateItem(u"a"_s)->isVisible());
    }

    void doubleClickOnHeaderTogglesZone()
    {
        TopologyView view;
        view.setAnimated(false);
        show(view);
        view.setState(snapshotOf(servers(6, 2)), {});
        const TopologyZoneItem* zone = view.zoneItem(u"zone-1"_s);
        const QPointF header(zone->headerRect().center().x(), zone->headerRect().center().y());
        QTest::mouseDClick(view.viewport(), Qt::LeftButton, {}, viewportPoint(view, zone, header));
        QVERIFY(view.isZoneCollapsed(u"zone-1"_s));
        QTest::mouseDClick(view.viewport(), Qt::LeftButton, {}, viewportPoint(view, zone, zone->headerRect().center()));
        QVERIFY(!view.isZoneCollapsed(u"zone-1"_s));
        // One click on the chevron toggles too.
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, viewportPoint(view, zone, zone->chevronRect().center()));
        QVERIFY(view.isZoneCollapsed(u"zone-1"_s));
    }

    void bigCalmZonesStartCollapsed()
    {
        TopologyView view;
        show(view);
        QList<ServerFigures> list;
        for (int id = 1; id <= 45; ++id)
            list.append(server(id, u"calm"_s));
        for (int id = 101; id <= 145; ++id)
            list.append(server(id, u"troubled"_s, id == 120 ? ServerStatus::Degraded : ServerStatus::Healthy));
        for (int id = 201; id <= 210; ++id)
            list.append(server(id, u"small"_s));
        view.setState(snapshotOf(list), {});
        QVERIFY(view.isZoneCollapsed(u"calm"_s));
        QVERIFY(!view.isZoneCollapsed(u"troubled"_s));
        QVERIFY(!view.isZoneCollapsed(u"small"_s));
        QCOMPARE(view.aggregateItem(u"calm"_s)->countsText(), u"45 \u25cf"_s);

        // Later problems do not reopen a zone under the user's hands: the aggregate turns amber.
        list[3].status = ServerStatus::Degraded;
        view.setState(snapshotOf(list), {});
        QVERIFY(view.isZoneCollapsed(u"calm"_s));
        QCOMPARE(view.aggregateItem(u"calm"_s)->worstStatus(), u"degraded"_s);

        TopologyView never;
        never.setAutoCollapseThreshold(0);
        never.setState(snapshotOf(list), {});
        QVERIFY(!never.isZoneCollapsed(u"calm"_s));
    }

    void largeFarmsShowOneZoneAtATime()
    {
        // 1,000 instances in 10 zones, trouble in every zone; zone-7 has the most not responding.
        TopologyView view;
        show(view);
        QList<ServerFigures> list = servers(1000, 10);
        for (ServerFigures& f : list) {
            const qint64 zone = (f.server.id - 1) % 10;
            if (f.server.id % 97 == 0 || (zone == 7 && f.server.id % 31 == 0))
                f = server(f.server.id, f.server.zone, ServerStatus::NotResponding);
            else if (f.server.id % 50 == 0)
                f = server(f.server.id, f.server.zone, ServerStatus::Degraded);
        }
        int worstCount = 0;
        for (const ServerFigures& f : list)
            worstCount += f.server.zone == u"zone-7"_s && f.status == ServerStatus::NotResponding ? 1 : 0;
        QVERIFY(worstCount > 2);
        view.setState(snapshotOf(list), {});
        QStringList open;
        for (const QString& zone : view.zones()) {
            if (!view.isZoneCollapsed(zone))
                open.append(zone);
        }
        QCOMPARE(open, QStringList { u"zone-7"_s });
        // Every other zone is one aggregate whose counts add up to its instances.
        int counted = 0;
        for (const QString& zone : view.zones())
            counted += view.isZoneCollapsed(zone) ? view.aggregateItem(zone)->total() : 0;
        QCOMPARE(counted, 900);
        QCOMPARE(visibleNodes(view), 100);

        // Opening another closes the open one.
        QSignalSpy toggled(&view, &TopologyView::zoneCollapsedChanged);
        view.setZoneCollapsed(u"zone-2"_s, false);
        QVERIFY(!view.isZoneCollapsed(u"zone-2"_s));
        QVERIFY(view.isZoneCollapsed(u"zone-7"_s));
        QCOMPARE(toggled.count(), 2);
        QCOMPARE(visibleNodes(view), 100);
        // Later updates leave the user's choice alone.
        view.setState(snapshotOf(list), {});
        QVERIFY(!view.isZoneCollapsed(u"zone-2"_s));
        QVERIFY(view.isZoneCollapsed(u"zone-7"_s));
    }

    void heartbeatLinks()
    {
        TopologyView view;
        show(view);
        QList<ServerFigures> list = servers(8, 2);
        list[0] = server(1, u"zone-0"_s, ServerStatus::NotResponding); // lost, 45 s
        list[2].lastHeartbeatAgeS = 15.0; // late
        view.setState(snapshotOf(list), {});
        const TopologyLinkItem* lost = view.linkItem(u"heartbeat:1"_s);
        QVERIFY(lost);
        QCOMPARE(lost->state(), TopologyLinkItem::State::Lost);
        QVERIFY(lost->label().contains(u"45"_s));
        QVERIFY(TopologyLinkItem::isBroken(lost->state()));
        QCOMPARE(view.linkItem(u"heartbeat:3"_s)->state(), TopologyLinkItem::State::Ageing);
        QVERIFY(!view.linkItem(u"heartbeat:5"_s)); // fresh ones ride on the zone's trunk
        QCOMPARE(view.linkItem(u"trunk:zone-0"_s)->state(), TopologyLinkItem::State::Fresh);
        QCOMPARE(view.linkItem(u"trunk:zone-1"_s)->state(), TopologyLinkItem::State::Fresh);
        QVERIFY(view.linkItem(u"trunk:zone-0"_s)->toolTip().contains(u"web-001"_s));

        // A whole zone gone silent is one broken trunk with counts, not a fan of red lines.
        for (int i = 0; i < 8; i += 2)
            list[i] = server(i + 1, u"zone-0"_s, ServerStatus::NotResponding);
        view.setState(snapshotOf(list), {});
        QCOMPARE(view.linkItem(u"trunk:zone-0"_s)->state(), TopologyLinkItem::State::Lost);
        QCOMPARE(view.linkItem(u"trunk:zone-0"_s)->label(), u"4 lost"_s);
        QVERIFY(!view.linkItem(u"heartbeat:1"_s));

        view.setHeartbeatThresholds(0.5, 30.0);
        QCOMPARE(view.linkItem(u"trunk:zone-1"_s)->state(), TopologyLinkItem::State::Ageing);
    }

    void storageLinksOnlyForFailuresAndFocus()
    {
        TopologyView view;
        show(view);
        const QList<StorageFigures> storages { storage(1, u"blob"_s), storage(2, u"share"_s) };
        QList<ProbeRow> probes;
        for (int id = 1; id <= 8; ++id) {
            probes.append(probe(1, id, id != 1));
            probes.append(probe(2, id, true));
        }
        view.setState(snapshotOf(servers(8, 2), storages), probes);
        QVERIFY(view.storageItem(1));
        QVERIFY(view.storageItem(2));
        const TopologyLinkItem* failed = view.linkItem(u"probe:1:1"_s);
        QVERIFY(failed);
        QCOMPARE(failed->state(), TopologyLinkItem::State::ProbeFailed);
        QVERIFY(failed->toolTip().contains(u"connection timed out"_s));
        QVERIFY(!view.linkItem(u"probe:2:1"_s));
        QVERIFY(!view.linkItem(u"probe:1:2"_s));

        // Hovering an instance shows all of its links.
        QTest::mouseMove(view.viewport(), centreOf(view, view.nodeItem(2)));
        QTRY_VERIFY(view.linkItem(u"probe:2:1"_s));
        QCOMPARE(view.linkItem(u"probe:2:1"_s)->state(), TopologyLinkItem::State::ProbeOk);
        QVERIFY(view.linkItem(u"probe:2:2"_s));
        QVERIFY(view.linkItem(u"heartbeat:2"_s));
        QTest::mouseMove(view.viewport(), QPoint(2, 2));
        QTRY_VERIFY(!view.linkItem(u"probe:2:1"_s));

        // More failures than IndividualLinkLimit in a zone: one aggregated link with the count.
        probes.clear();
        for (int id = 1; id <= 8; ++id) {
            probes.append(probe(1, id, id % 2 == 0));
            probes.append(probe(2, id, true));
        }
        view.setState(snapshotOf(servers(8, 2), storages), probes);
        const TopologyLinkItem* zoneLink = view.linkItem(u"zoneprobe:zone-0:1"_s);
        QVERIFY(zoneLink);
        QCOMPARE(zoneLink->label(), u"4 failing"_s);
        QVERIFY(!view.linkItem(u"probe:1:1"_s));
    }

    void linksStayFewAtThreeHundred()
    {
        TopologyView view;
        view.setAutoCollapseThreshold(0);
        show(view);
        const QList<StorageFigures> storages { storage(1, u"blob"_s), storage(2, u"share"_s) };
        QList<ProbeRow> probes;
        QList<ServerFigures> list = servers(300, 6);
        for (ServerFigures& f : list) {
            probes.append(probe(1, f.server.id, false)); // the blob store is down for everyone
            probes.append(probe(2, f.server.id, true));
            if (f.server.id % 10 == 0)
                f = server(f.server.id, f.server.zone, ServerStatus::NotResponding);
        }
        view.setState(snapshotOf(list, storages), probes);
        // One trunk and one storage link per zone.
        QCOMPARE(view.linkItems().size(), 12);
    }

    void toolTipShowsFigures()
    {
        TopologyView view;
        show(view);
        QList<ServerFigures> list = servers(4, 1);
        list[1] = server(2, u"zone-0"_s, ServerStatus::Degraded);
        list[1].oldestPendingAgeS = 14.0;
        view.setState(snapshotOf(list), { probe(1, 2, false) });
        const QString tip = view.toolTipAt(centreOf(view, view.nodeItem(2)));
        for (const QString& expected :
            { u"web-002"_s, u"web-002.farm.test"_s, u"Degraded"_s, u"backlog 1500 &gt; 1000"_s, u"Last heartbeat"_s,
                u"Backlog"_s, u"Cache latency p95"_s, u"Clock skew"_s, u"Cache hit ratio"_s })
            QVERIFY2(tip.contains(expected), qPrintable(expected + u" not in "_s + tip));
        QVERIFY(tip.contains(u"14.0 s"_s));
        QVERIFY(tip.contains(u"42"_s));
        const TopologyZoneItem* zone = view.zoneItem(u"zone-0"_s);
        QVERIFY(view.toolTipAt(viewportPoint(view, zone, zone->headerRect().center())).contains(u"4 instances"_s));
    }

    void grabImageIsNotNull()
    {
        TopologyView view;
        show(view);
        view.setState(snapshotOf(servers(12, 3)), {});
        const QImage image = view.grabImage();
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), view.viewport()->size() * image.devicePixelRatio());
    }

    void staleGreysEverything()
    {
        TopologyView view;
        show(view);
        view.setState(snapshotOf(servers(3, 1)), {});
        const TopologyNodeItem* node = view.nodeItem(1);
        const QPoint glyph = viewportPoint(view, node, node->glyphRect().center());
        const QColor green = StatusStyle::forStatus(u"healthy"_s).colour;
        QVERIFY(near(pixelAt(view.grabImage(), glyph), green));

        view.setStale(true);
        QVERIFY(view.isStale());
        QCOMPARE(node->displayColour().hsvSaturation(), 0);
        const QColor painted = pixelAt(view.grabImage(), glyph);
        QVERIFY2(painted.hsvSaturation() < 20, qPrintable(painted.name()));

        view.setStale(false);
        QVERIFY(near(pixelAt(view.grabImage(), glyph), green));
    }

    void zoomAndFit()
    {
        TopologyView view;
        show(view);
        view.setState(snapshotOf(servers(50, 3)), {});
        QVERIFY(view.isAutoFit());
        const qreal fitted = view.zoom();
        view.setFocus();
        QTest::keyClick(&view, Qt::Key_Plus);
        QVERIFY(view.zoom() > fitted * 1.2);
        QVERIFY(!view.isAutoFit());
        QTest::keyClick(&view, Qt::Key_Minus);
        QTest::keyClick(&view, Qt::Key_Minus);
        QVERIFY(view.zoom() < fitted);
        QTest::keyClick(&view, Qt::Key_F);
        QVERIFY(view.isAutoFit());
        QCOMPARE(view.zoom(), fitted);
        for (const QString& zone : view.zones()) {
            const TopologyZoneItem* item = view.zoneItem(zone);
            const QRect onScreen = view.mapFromScene(item->mapToScene(item->boxRect())).boundingRect();
            QVERIFY(view.viewport()->rect().contains(onScreen));
        }

        // Ctrl+wheel zooms, plain wheel does not.
        const QPoint centre = view.viewport()->rect().center();
        QWheelEvent in(centre, view.viewport()->mapToGlobal(centre), {}, QPoint(0, 120), Qt::NoButton,
            Qt::ControlModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(view.viewport(), &in);
        QVERIFY(view.zoom() > fitted);
        const qreal zoomed = view.zoom();
        QWheelEvent scroll(centre, view.viewport()->mapToGlobal(centre), {}, QPoint(0, 120), Qt::NoButton,
            Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(view.viewport(), &scroll);
        QCOMPARE(view.zoom(), zoomed);
    }

    void dragOnBackgroundPans()
    {
        TopologyView view;
        show(view);
        view.setState(snapshotOf(servers(50, 3)), {});
        view.setZoom(1.0);
        const TopologyNodeItem* node = view.nodeItem(1);
        const QPoint before = centreOf(view, node);
        QSignalSpy spy(&view, &TopologyView::selectionChanged);
        QTest::mousePress(view.viewport(), Qt::LeftButton, {}, QPoint(2, 300));
        QTest::mouseMove(view.viewport(), QPoint(40, 320));
        QTest::mouseMove(view.viewport(), QPoint(82, 340));
        QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, QPoint(82, 340));
        QCOMPARE(centreOf(view, node) - before, QPoint(80, 40));
        QCOMPARE(spy.count(), 0); // a pan is not a click on the background
    }

    void clearForgetsEverything()
    {
        TopologyView view;
        show(view);
        view.setState(snapshotOf(servers(10, 2), { storage(1, u"blob"_s) }), { probe(1, 1, false) });
        QVERIFY(!view.linkItems().isEmpty());
        view.clear();
        QCOMPARE(view.instanceNodeCount(), 0);
        QVERIFY(view.zones().isEmpty());
        QVERIFY(view.linkItems().isEmpty());
        QVERIFY(!view.storageItem(1));
        view.setState(snapshotOf(servers(3, 1)), {});
        QCOMPARE(view.instanceNodeCount(), 3);
    }

    void layoutKeepsZonesApart_data()
    {
        QTest::addColumn<QList<QSizeF>>("sizes");
        QTest::addColumn<int>("storages");
        QTest::addRow("one") << QList<QSizeF> { { 300, 200 } } << 0;
        QTest::addRow("two, storages") << QList<QSizeF> { { 300, 200 }, { 800, 600 } } << 2;
        QTest::addRow("mixed") << QList<QSizeF> { { 240, 100 }, { 800, 600 }, { 500, 900 }, { 240, 100 }, { 700, 300 } }
                               << 3;
        QList<QSizeF> many;
        for (int i = 0; i < 12; ++i)
            many.append(QSizeF(240 + 40 * (i % 4), 120 + 60 * (i % 3)));
        QTest::addRow("twelve") << many << 5;
    }

    void layoutKeepsZonesApart()
    {
        QFETCH(QList<QSizeF>, sizes);
        QFETCH(int, storages);
        const QSizeF storageSize(200, 46);
        const QSizeF databaseSize(196, 80);
        const TopologyLayout::Arrangement layout
            = TopologyLayout::arrange(sizes, storages, storageSize, databaseSize, 1.7, 36, 1.6);
        QCOMPARE(layout.zones.size(), sizes.size());
        QCOMPARE(layout.storages.size(), storages);
        QList<QRectF> boxes;
        for (qsizetype i = 0; i < sizes.size(); ++i)
            boxes.append(QRectF(layout.zones[i], sizes[i]));
        QVERIFY(!TopologyLayout::overlaps(boxes, layout.hub, 30));
        const QRectF database(QPointF(-databaseSize.width() / 2, -databaseSize.height() / 2), databaseSize);
        for (const QPointF& centre : layout.storages) {
            QRectF box(QPointF(), storageSize);
            box.moveCenter(centre);
            QVERIFY(!box.intersects(database));
            QVERIFY(layout.hub.contains(box));
        }
    }
};

QTEST_MAIN(TestTopologyView)
#include "tst_topologyview.moc"
