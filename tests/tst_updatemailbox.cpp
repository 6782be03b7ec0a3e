#include "farmhistory.h"
#include "updatemailbox.h"

#include <QtTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

EngineUpdate update(quint64 sequence, qint32 processed, const QString& event = {})
{
    EngineUpdate u;
    u.sequence = sequence;
    u.series = { SeriesUpdate { FarmHistory::farmScope(), qint64(1000 + sequence), 0, processed, 0, {}, {} } };
    if (!event.isEmpty())
        u.newEvents = { EventRow { 1, QDateTime(), event, event } };
    u.rowsRead = processed;
    return u;
}

qint64 processed(const EngineUpdate& u)
{
    qint64 total = 0;
    for (const SeriesUpdate& s : u.series)
        total += s.processed;
    return total;
}

} // namespace

class TestUpdateMailbox : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void oneInFlightTheRestFolded()
    {
        UpdateMailbox box;
        std::optional<EngineUpdate> first = box.offer(update(1, 5));
        QVERIFY(first);
        QCOMPARE(first->sequence, 1u);
        box.sent(*first);
        // The window is busy: three more refreshes wait as one.
        QVERIFY(!box.offer(update(2, 7, u"A"_s)));
        QVERIFY(!box.offer(update(3, 11)));
        QVERIFY(!box.offer(update(4, 13, u"B"_s)));
        QCOMPARE(box.folded(), 2);
        std::optional<EngineUpdate> next = box.taken();
        QVERIFY(next);
        QCOMPARE(next->sequence, 4u); // the newest state
        QCOMPARE(processed(*next), 7 + 11 + 13); // every refresh's counts
        QCOMPARE(next->series.size(), 3);
        QCOMPARE(next->newEvents.size(), 2);
        QCOMPARE(next->newEvents.first().code, u"A"_s);
        QCOMPARE(next->rowsRead, 7 + 11 + 13);
        box.sent(*next);
        // Still in flight until taken; then nothing waits.
        QVERIFY(!box.offer(update(5, 1)));
        QVERIFY(box.taken());
        QVERIFY(!box.taken());
        QVERIFY(box.offer(update(6, 1)));
    }

    void aReloadReplacesWhatWaited()
    {
        UpdateMailbox box;
        QVERIFY(box.offer(update(1, 5)));
        QVERIFY(!box.offer(update(2, 7, u"A"_s)));
        EngineUpdate reload = update(3, 100);
        reload.initial = true;
        QVERIFY(!box.offer(reload));
        std::optional<EngineUpdate> next = box.taken();
        QVERIFY(next);
        QVERIFY(next->initial);
        QCOMPARE(processed(*next), 100);
        QVERIFY(next->newEvents.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestUpdateMailbox)
#include "tst_updatemailbox.moc"
