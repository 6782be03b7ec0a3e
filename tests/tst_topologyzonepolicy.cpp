#include "topologyzonepolicy.h"

#include <QTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

ServerFigures server(const QString& zone, ServerStatus status = ServerStatus::Healthy)
{
    ServerFigures f;
    f.server.zone = zone;
    f.status = status;
    return f;
}

} // namespace

class TestTopologyZonePolicy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void startsCollapsed_data()
    {
        QTest::addColumn<qsizetype>("instances");
        QTest::addColumn<bool>("needsAttention");
        QTest::addColumn<bool>("largeFarm");
        QTest::addColumn<int>("threshold");
        QTest::addColumn<bool>("collapsed");

        // The default threshold is 40: more than that, all calm, collapses.
        QTest::addRow("40 calm: open") << qsizetype(40) << false << false << 40 << false;
        QTest::addRow("41 calm: collapsed") << qsizetype(41) << false << false << 40 << true;
        QTest::addRow("41, one in trouble: open") << qsizetype(41) << true << false << 40 << false;
        QTest::addRow("threshold 0: never") << qsizetype(500) << false << false << 0 << false;
        // A large farm is zones of counts, trouble or not (one zone opens after, by itself).
        QTest::addRow("large farm, small zone: collapsed") << qsizetype(3) << false << true << 40 << true;
        QTest::addRow("large farm, zone in trouble: collapsed") << qsizetype(3) << true << true << 40 << true;
        QTest::addRow("large farm, threshold 0: open") << qsizetype(300) << false << true << 0 << false;
    }

    void startsCollapsed()
    {
        QFETCH(qsizetype, instances);
        QFETCH(bool, needsAttention);
        QFETCH(bool, largeFarm);
        QFETCH(int, threshold);
        QFETCH(bool, collapsed);
        QCOMPARE(TopologyZonePolicy::startsCollapsed(instances, needsAttention, largeFarm, threshold), collapsed);
    }

    void mostTroubledZone_data()
    {
        QTest::addColumn<QList<ServerFigures>>("servers");
        QTest::addColumn<QString>("zone");

        const auto silent = ServerStatus::NotResponding;
        const auto degraded = ServerStatus::Degraded;
        QTest::addRow("the one not responding wins")
            << QList<ServerFigures> { server(u"a"_s), server(u"b"_s, silent), server(u"c"_s) } << u"b"_s;
        // Not responding counts first: 1 silent beats 3 degraded.
        QTest::addRow("one silent beats three degraded") << QList<ServerFigures> { server(u"a"_s, degraded),
            server(u"a"_s, degraded), server(u"a"_s, degraded), server(u"b"_s, silent) }
                                                         << u"b"_s;
        QTest::addRow("equal silent: more degraded wins")
            << QList<ServerFigures> { server(u"a"_s, silent), server(u"b"_s, silent), server(u"b"_s, degraded) }
            << u"b"_s;
        QTest::addRow("a tie goes to the first by name")
            << QList<ServerFigures> { server(u"zone-2"_s, degraded), server(u"zone-1"_s, degraded) } << u"zone-1"_s;
        QTest::addRow("nobody in trouble: none")
            << QList<ServerFigures> { server(u"a"_s), server(u"b"_s, ServerStatus::Stopped) } << QString();
    }

    void mostTroubledZone()
    {
        QFETCH(QList<ServerFigures>, servers);
        QFETCH(QString, zone);
        QCOMPARE(TopologyZonePolicy::mostTroubledZone(servers), zone);
    }
};

QTEST_GUILESS_MAIN(TestTopologyZonePolicy)
#include "tst_topologyzonepolicy.moc"
