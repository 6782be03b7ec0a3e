#include "rowrules.h"

#include "pgresult.h"

#include <algorithm>
#include <cmath>

namespace Paddock {

RowRules::RowRules(const QDateTime& databaseNow)
    : m_nowMs(databaseNow.isValid() ? databaseNow.toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch())
{
}

std::optional<QDateTime> RowRules::time(
    const PgResult& result, int row, int column, qint64 earliestMs, qint64 latestMs) const
{
    if (result.isNull(row, column))
        return QDateTime();
    // ±infinity arrives as text that is no integer.
    const std::optional<qint64> value = result.integer(row, column);
    if (!value || *value < earliestMs || *value > latestMs)
        return std::nullopt;
    return QDateTime::fromMSecsSinceEpoch(*value, Qt::UTC);
}

std::optional<QDateTime> RowRules::databaseTime(const PgResult& result, int row, int column) const
{
    return time(result, row, column, 0, m_nowMs + DatabaseClockAheadMs);
}

std::optional<QDateTime> RowRules::instanceTime(const PgResult& result, int row, int column) const
{
    return time(result, row, column, m_nowMs - InstanceClockRangeMs, m_nowMs + InstanceClockRangeMs);
}

std::optional<qint64> RowRules::counter(const PgResult& result, int row, int column)
{
    const std::optional<qint64> value = result.integer(row, column);
    if (!value && !result.isNull(row, column)) {
        ignore(QStringLiteral("counter_unreadable"));
        return std::nullopt;
    }
    if (value && *value < 0) {
        ignore(QStringLiteral("counter_negative"));
        return std::nullopt;
    }
    return value;
}

std::optional<double> RowRules::latency(const PgResult& result, int row, int column)
{
    const std::optional<double> value = result.real(row, column);
    if ((!value && !result.isNull(row, column)) || (value && (!std::isfinite(*value) || *value < 0))) {
        ignore(QStringLiteral("latency_invalid"));
        return std::nullopt;
    }
    return value;
}

QString RowRules::name(const QString& text)
{
    return plain(text, false);
}

QString RowRules::message(const QString& text)
{
    return plain(text, true);
}

QString RowRules::plain(const QString& text, bool keepLineBreaks)
{
    // Runs for every text of every row read: look first, copy only what must change.
    auto isControl = [keepLineBreaks](char16_t u) {
        return (u < 0x20 && !(keepLineBreaks && (u == u'\n' || u == u'\t'))) || (u >= 0x7f && u <= 0x9f);
    };
    if (text.size() > MaxNameChars && text.contains(QLatin1String(TruncationMark)))
        ignore(QStringLiteral("text_truncated"));
    const auto first = std::find_if(text.cbegin(), text.cend(), [&](QChar c) { return isControl(c.unicode()); });
    if (first == text.cend())
        return text;
    QString shown = text;
    for (qsizetype i = first - text.cbegin(); i < shown.size(); ++i) {
        if (isControl(shown.at(i).unicode()))
            shown[i] = QChar(0xfffd);
    }
    ignore(QStringLiteral("text_control_characters"));
    return shown;
}

void RowRules::ignore(const QString& reason, qint64 count)
{
    m_ignored[reason] += count;
}

void RowRules::add(QMap<QString, qint64>& into, const QMap<QString, qint64>& more)
{
    for (auto it = more.cbegin(); it != more.cend(); ++it)
        into[it.key()] += it.value();
}

} // namespace Paddock
