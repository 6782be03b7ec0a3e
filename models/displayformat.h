#pragma once

#include <optional>
#include <QDateTime>
#include <QString>

// How Paddock shows figures to people, everywhere: the window, its tooltips and `paddock report`. Numbers use the
// default QLocale; a figure with nothing to measure is shown as an em dash, never as a made-up 0.
namespace Paddock::Format {

QString none(); // "—"
QString integer(qint64 value); // "3,500"
QString number(double value, int decimals); // "3,500.25" (an axis label, a value without a unit)
QString milliseconds(std::optional<double> ms); // "3.4 ms", "350 ms", "3,500 ms"
// Where room is short (bars, legends): milliseconds below a second, then seconds: "350 ms", "34.2 s", "120 s".
QString compactMilliseconds(std::optional<double> ms);
QString signedMilliseconds(std::optional<double> ms); // "+350 ms", "-1,200 ms"
QString duration(std::optional<double> seconds); // "1.2 s", "3 min 20 s", "2 h 05 min", "3 d 4 h"
QString percent(std::optional<double> ratio); // 0.834 -> "83.4 %"
QString bytes(std::optional<qint64> bytes); // "512 B", "12.0 KiB", "512.0 MiB", "1.50 GiB"
// Memory against its limit: "15.8 MiB of 20.0 MiB", or "15.8 MiB, no limit" when the limit is 0 or unknown.
QString bytesOfLimit(std::optional<qint64> used, std::optional<qint64> limit);
QString rate(double perSecond); // "12.5/s"
QString dateTime(const QDateTime& time); // local time "2024-01-01 12:00:03"
QString dateTimeMs(const QDateTime& time); // local time with milliseconds
QString timeOfDay(const QDateTime& time); // local time "12:00:03" (a notification's "since")
QString isoUtc(const QDateTime& time); // "2024-01-01T12:00:03.250Z"

} // namespace Paddock::Format
