#include "freshness.h"

#include <QtTest>

Q_DECLARE_METATYPE(Paddock::Freshness::Input)

using namespace Paddock;

namespace {

const QDateTime Now(QDate(2026, 11, 30), QTime(3, 14, 20), Qt::UTC);

Freshness::Input live(double ageS, ConnectionState::State state = ConnectionState::State::Connected)
{
    Freshness::Input input;
    input.state.state = state;
    input.state.since = Now.addSecs(-13);
    input.state.error = QStringLiteral("the database did not answer within 6 s");
    input.state.attempt = 2;
    input.haveData = true;
    input.lastDataAt = Now.addMSecs(qint64(-ageS * 1000));
    input.deadlineMs = 6000;
    input.now = Now;
    return input;
}

} // namespace

class TestFreshness : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rules_data()
    {
        QTest::addColumn<Freshness::Input>("input");
        QTest::addColumn<bool>("overdue");
        QTest::addColumn<bool>("unknown");
        QTest::addColumn<bool>("stale");
        QTest::addColumn<QString>("banner"); // a part of it; empty: no banner

        // A refresh 0.8 s ago, under a 6 s deadline: nothing to say.
        QTest::addRow("fresh") << live(0.8) << false << false << false << QString();
        // Exactly at the deadline is still in time; a millisecond after it is not.
        QTest::addRow("at the deadline") << live(6.0) << false << false << false << QString();
        QTest::addRow("past the deadline")
            << live(6.001) << true << true << true << QStringLiteral("No answer from the database for 6.0 s");
        // The engine gave up the session: the state says since when (13 s before now).
        QTest::addRow("not answering") << live(14, ConnectionState::State::NotAnswering) << true << true << true
                                       << QStringLiteral("not answering since");
        QTest::addRow("connection lost") << live(2, ConnectionState::State::Reconnecting) << false << true << true
                                         << QStringLiteral("Connection lost at");
        Freshness::Input noData = live(0, ConnectionState::State::Reconnecting);
        noData.haveData = false;
        noData.lastDataAt = {};
        QTest::addRow("lost before any data")
            << noData << false << false << true << QStringLiteral("No data yet, and nothing recorded");
        // The recording stands in until the database answers: nothing in it is known now.
        Freshness::Input recorded = live(3600, ConnectionState::State::Connecting);
        recorded.recorded = true;
        QTest::addRow("recorded") << recorded << false << true << true
                                  << QStringLiteral("Showing the recording of this farm");
        Freshness::Input replay = live(3600, ConnectionState::State::Replay);
        replay.replay = true;
        QTest::addRow("replay") << replay << false << false << false << QString();
        replay.state.state = ConnectionState::State::Stopped;
        replay.state.error = QStringLiteral("not a Paddock recording");
        QTest::addRow("replay refused") << replay << false << false << false
                                        << QStringLiteral("Cannot show the recording: not a Paddock recording");
    }

    void rules()
    {
        QFETCH(Freshness::Input, input);
        const Freshness freshness(input);
        QTEST(freshness.isOverdue(), "overdue");
        QTEST(freshness.isUnknown(), "unknown");
        QTEST(freshness.isStale(), "stale");
        QFETCH(QString, banner);
        if (banner.isEmpty())
            QVERIFY2(freshness.banner().isEmpty(), qPrintable(freshness.banner()));
        else
            QVERIFY2(freshness.banner().contains(banner), qPrintable(freshness.banner()));
        // However it came to be unknown, the banner says no instance is known to be healthy.
        if (freshness.isUnknown() && !input.recorded)
            QVERIFY2(
                freshness.banner().contains(QLatin1String("no instance is known to be healthy"), Qt::CaseInsensitive),
                qPrintable(freshness.banner()));
    }

    void theLossIsDatedAndCounted()
    {
        const QString banner = Freshness(live(14, ConnectionState::State::NotAnswering)).banner();
        QVERIFY2(banner.contains(QStringLiteral("since %1 (13.0 s ago)")
                                     .arg(Now.addSecs(-13).toLocalTime().toString(QStringLiteral("HH:mm:ss")))),
            qPrintable(banner));
        QVERIFY2(banner.contains(QLatin1String("attempt 2")), qPrintable(banner));
    }
};

QTEST_GUILESS_MAIN(TestFreshness)
#include "tst_freshness.moc"
