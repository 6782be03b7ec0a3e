#include "pendingcounts.h"

#include <map>
#include <QRandomGenerator>
#include <QtTest>
#include <set>

using namespace Paddock;

namespace {

using Walk = PendingCounts::Walk;

// The backlog as a plain model: every pending delivery's creation time, per instance.
using Model = std::map<qint64, std::multiset<qint64>>;

QList<qint64> smallest(const std::multiset<qint64>& times, int n)
{
    QList<qint64> list;
    for (auto it = times.begin(); it != times.end() && list.size() < n; ++it)
        list.append(*it);
    return list;
}

// What a refresh reads of its new deliveries: per instance, how many and the Kept oldest times.
QList<PendingCounts::Change> arrivals(const Model& arrived)
{
    QList<PendingCounts::Change> changes;
    for (const auto& [server, times] : arrived) {
        if (!times.empty())
            changes.append({ server, qint64(times.size()), smallest(times, PendingCounts::Kept), false });
    }
    return changes;
}

void compare(const PendingCounts& counts, const Model& model)
{
    QMap<qint64, QPair<qint64, qint64>> expected;
    qint64 total = 0;
    for (const auto& [server, times] : model) {
        if (!times.empty())
            expected.insert(server, { qint64(times.size()), *times.begin() });
        total += qint64(times.size());
    }
    QMap<qint64, QPair<qint64, qint64>> actual;
    for (const BacklogRow& row : counts.backlog())
        actual.insert(row.serverId, { row.pending, row.oldestCreatedAt.toMSecsSinceEpoch() });
    QCOMPARE(actual, expected);
    QCOMPARE(counts.total(), total);
}

} // namespace

class TestPendingCounts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Random arrivals and completions, in every order an instance may process them (oldest first,
    // at random, the newest at once, several created in the same instant): after each refresh the
    // kept counts and oldest times equal the model's, with no walk after the first.
    void keptEqualsModel_data()
    {
        QTest::addColumn<quint32>("seed");
        for (quint32 seed : { 1u, 2u, 3u, 20261130u })
            QTest::addRow("seed %u", seed) << seed;
    }
    void keptEqualsModel()
    {
        QFETCH(quint32, seed);
        QRandomGenerator random(seed);
        Model model;
        qint64 clock = 1'000'000;
        for (qint64 server = 1; server <= 5; ++server) {
            for (int i = 0; i < random.bounded(300); ++i)
                model[server].insert(clock - random.bounded(100'000));
        }
        PendingCounts counts;
        QList<PendingCounts::Walked> walked;
        for (const auto& [server, times] : model) {
            if (!times.empty())
                walked.append({ server, qint64(times.size()), 0, 0, *times.begin() });
        }
        QVERIFY(counts.walked(walked, clock).isEmpty());
        int probes = 0;
        for (int refresh = 0; refresh < 400; ++refresh) {
            QCOMPARE(counts.mustWalk(true, false, clock), Walk::No);
            Model arrived;
            QList<PendingCounts::Change> processed;
            for (int n = random.bounded(40); n > 0; --n) {
                const qint64 server = 1 + random.bounded(5);
                // Mostly now; sometimes a late commit of an older transaction, or the same instant.
                const qint64 created = random.bounded(10) == 0 ? clock - random.bounded(5'000) : clock;
                arrived[server].insert(created);
            }
            Model pending = model;
            for (const auto& [server, times] : arrived)
                pending[server].insert(times.begin(), times.end());
            for (auto& [server, times] : pending) {
                const int style = random.bounded(3);
                for (int n = random.bounded(30); n > 0 && !times.empty(); --n) {
                    // Oldest first, at random, or the newest.
                    auto it = style == 0 ? times.begin()
                        : style == 1     ? std::next(times.begin(), random.bounded(int(times.size())))
                                         : std::prev(times.end());
                    processed.append({ server, 1, { *it }, false });
                    times.erase(it);
                }
            }
            QVERIFY(counts.apply(arrivals(arrived), processed));
            for (qint64 server : counts.needOldest()) {
                ++probes;
                counts.setOldest(server, smallest(pending[server], PendingCounts::Kept));
            }
            model = pending;
            compare(counts, model);
            clock += 500;
        }
        QCOMPARE(counts.walks(), 1);
        // The index is asked far less often than deliveries are processed.
        QVERIFY2(probes > 0 && probes < 400 * 5, qPrintable(QString::number(probes)));
    }

    // A write outside the protocol, or a schema that does not note them, makes the refresh walk.
    void outsideWritesWalk()
    {
        PendingCounts counts;
        QCOMPARE(counts.mustWalk(true, false, 0), Walk::First);
        counts.walked({ { 1, 5, 0, 0, 100 } }, 0);
        QCOMPARE(counts.mustWalk(true, false, 1000), Walk::No);
        QCOMPARE(counts.mustWalk(true, true, 1000), Walk::Outside);
        QCOMPARE(counts.mustWalk(false, false, 1000), Walk::Unwatched);
    }

    void askedOutOfRangeTimesAndChecksWalk()
    {
        PendingCounts whole(true);
        whole.walked({ { 1, 99, 0, 0, 5 } }, 0);
        QCOMPARE(whole.mustWalk(true, false, 1), Walk::Asked);
        PendingCounts counts;
        counts.walked({ { 1, 100, 0, 0, 5 } }, 1);
        QCOMPARE(counts.mustWalk(true, false, 2), Walk::No);
        QCOMPARE(counts.mustWalk(true, false, 1 + PendingCounts::CheckEveryMs), Walk::Check);
        QCOMPARE(counts.mustWalk(true, false, 0), Walk::Check); // the clock went back
        counts.walked({ { 1, 200, 1, 1, 5 } }, 2);
        QCOMPARE(counts.outOfRange(), 1);
        QCOMPARE(counts.mustWalk(true, false, 3), Walk::OutOfRange);
        // The row without a time counts in the backlog, never as its oldest.
        QCOMPARE(counts.backlog().first().pending, 200);
    }

    // What the rule cannot account for is refused, so that the refresh walks instead.
    void unaccountableChangesAreRefused()
    {
        {
            PendingCounts counts;
            counts.walked({ { 1, 2, 0, 0, 100 } }, 0);
            QVERIFY(!counts.apply({}, { { 2, 1, { 50 }, false } })); // nothing pending there
        }
        {
            PendingCounts counts;
            counts.walked({ { 1, 2, 0, 0, 100 } }, 0);
            QVERIFY(!counts.apply({}, { { 1, 1, { 50 }, false } })); // older than the oldest
        }
        {
            PendingCounts counts;
            counts.walked({ { 1, 2, 0, 0, 100 } }, 0);
            QVERIFY(!counts.apply({ { 1, 1, {}, true } }, {})); // a time out of range
        }
        PendingCounts counts;
        counts.walked({ { 1, 2, 0, 0, 100 } }, 0);
        QVERIFY(counts.apply({ { 1, 1, { 300 }, false } }, { { 1, 1, { 100 }, false } }));
        QCOMPARE(counts.needOldest(), QList<qint64> { 1 }); // 300 is known, the other one is not
        counts.setOldest(1, { 200, 300 });
        QCOMPARE(counts.backlog().first().oldestCreatedAt.toMSecsSinceEpoch(), 200);
    }

    // A check that finds the kept counts wrong says which instances.
    void checkReportsDrift()
    {
        PendingCounts counts;
        QVERIFY(counts.walked({ { 1, 2, 0, 0, 100 }, { 2, 3, 0, 0, 100 } }, 0).isEmpty());
        QCOMPARE(counts.walked({ { 1, 2, 0, 0, 100 }, { 3, 1, 0, 0, 100 } }, 1), (QList<qint64> { 2, 3 }));
    }
};

QTEST_GUILESS_MAIN(TestPendingCounts)
#include "tst_pendingcounts.moc"
