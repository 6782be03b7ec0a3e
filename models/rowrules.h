#pragma once

#include <optional>
#include <QDateTime>
#include <QMap>
#include <QString>

namespace Paddock {

class PgResult;

// The written rules for values that instances wrote and the figures cannot use as they are
// (DESIGN.md section 4, "Unknown is not healthy"; docs/bad-rows.md). One bad row never blinds the
// monitor: each rule skips the row, clamps the value to unknown or truncates the text, and counts
// the row under a reason, reported as `ignored_rows`.
//   - A timestamp on the database clock must be finite, not before 1970 and at most 5 minutes ahead
//     of the database clock; one on an instance's clock (heartbeat.sent_at) within a year of it.
//     A history row with such a timestamp is skipped; a server's own timestamps are cleared.
//   - Counters and byte counts below zero are unknown (null); latencies that are NaN, infinite or
//     negative are unknown.
//   - Texts are cut in SQL to their first MaxTextChars (names: MaxNameChars) characters with a mark
//     that gives the full size; control characters are shown as U+FFFD (in messages, newlines and
//     tabs stay).
class RowRules {
public:
    static constexpr int MaxTextChars = 1024;
    static constexpr int MaxNameChars = 200;
    static constexpr qint64 DatabaseClockAheadMs = 5 * 60 * 1000;
    static constexpr qint64 InstanceClockRangeMs = 366LL * 24 * 3600 * 1000;
    // Written by the SQL that cuts a text, followed by the full size and " bytes]".
    static constexpr const char* TruncationMark = "... [truncated from ";

    explicit RowRules(const QDateTime& databaseNow);

    // nullopt: out of range, for the caller to skip or clear and count; an invalid QDateTime: NULL.
    std::optional<QDateTime> databaseTime(const PgResult& result, int row, int column) const;
    std::optional<QDateTime> instanceTime(const PgResult& result, int row, int column) const;
    // Counted under `reason` when negative.
    std::optional<qint64> counter(const PgResult& result, int row, int column);
    std::optional<double> latency(const PgResult& result, int row, int column);
    QString name(const QString& text);
    QString message(const QString& text);

    void ignore(const QString& reason, qint64 count = 1);
    const QMap<QString, qint64>& ignored() const { return m_ignored; }

    // Adds the counts of `more` to `into`.
    static void add(QMap<QString, qint64>& into, const QMap<QString, qint64>& more);

private:
    std::optional<QDateTime> time(
        const PgResult& result, int row, int column, qint64 earliestMs, qint64 latestMs) const;
    QString plain(const QString& text, bool keepLineBreaks);

    qint64 m_nowMs = 0;
    QMap<QString, qint64> m_ignored;
};

} // namespace Paddock
