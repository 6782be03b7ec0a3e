#include "displayformat.h"

#include <cmath>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace Paddock::Format {

namespace {

// The default locale, made once per thread: building a QLocale for every figure costs more than
// formatting it, and a large farm formats hundreds of thousands a minute.
const QLocale& locale()
{
    thread_local const QLocale cached;
    return cached;
}

} // namespace

QString none()
{
    return u"\u2014"_s;
}

QString integer(qint64 value)
{
    return locale().toString(value);
}

QString number(double value, int decimals)
{
    return std::isfinite(value) ? locale().toString(value, 'f', decimals) : none();
}

QString milliseconds(std::optional<double> ms)
{
    if (!ms || !std::isfinite(*ms))
        return none();
    // One decimal only where it carries information: 3.4 ms matters, 3,500.4 ms does not.
    const int decimals = std::abs(*ms) < 10.0 ? 1 : 0;
    return locale().toString(*ms, 'f', decimals) + u" ms"_s;
}

QString compactMilliseconds(std::optional<double> ms)
{
    if (!ms || !std::isfinite(*ms))
        return none();
    if (std::abs(*ms) < 1000.0)
        return milliseconds(ms);
    const double seconds = *ms / 1000.0;
    return locale().toString(seconds, 'f', std::abs(seconds) < 100.0 ? 1 : 0) + u" s"_s;
}

QString signedMilliseconds(std::optional<double> ms)
{
    if (!ms || !std::isfinite(*ms))
        return none();
    const QString text = milliseconds(ms);
    return *ms > 0.0 ? locale().positiveSign() + text : text;
}

QString duration(std::optional<double> seconds)
{
    if (!seconds || !std::isfinite(*seconds))
        return none();
    const double s = *seconds;
    if (std::abs(s) < 60.0)
        return locale().toString(s, 'f', 1) + u" s"_s;
    const QString sign = s < 0.0 ? locale().negativeSign() : QString();
    const qint64 total = qint64(std::llround(std::abs(s)));
    if (total < 3600)
        return sign + u"%1 min %2 s"_s.arg(total / 60).arg(total % 60);
    if (total < 86400)
        return sign + u"%1 h %2 min"_s.arg(total / 3600).arg((total % 3600) / 60, 2, 10, QLatin1Char('0'));
    return sign + u"%1 d %2 h"_s.arg(total / 86400).arg((total % 86400) / 3600);
}

QString percent(std::optional<double> ratio)
{
    if (!ratio || !std::isfinite(*ratio))
        return none();
    return locale().toString(*ratio * 100.0, 'f', 1) + u" %"_s;
}

QString bytes(std::optional<qint64> bytes)
{
    if (!bytes)
        return none();
    static const char* const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB" };
    if (std::abs(*bytes) < 1024)
        return locale().toString(*bytes) + u" B"_s;
    double value = double(*bytes);
    int unit = -1;
    while (std::abs(value) >= 1024.0 && unit < 4) {
        value /= 1024.0;
        ++unit;
    }
    const int decimals = unit >= 2 ? 2 : 1; // GiB and up: 1.50 GiB, not 1.5 GiB, which hides 50 MiB
    return locale().toString(value, 'f', decimals) + QLatin1Char(' ') + QLatin1String(units[unit]);
}

QString bytesOfLimit(std::optional<qint64> used, std::optional<qint64> limit)
{
    if (limit.value_or(0) > 0)
        return bytes(used) + u" of "_s + bytes(limit);
    return bytes(used) + u", no limit"_s;
}

QString rate(double perSecond)
{
    if (!std::isfinite(perSecond))
        return none();
    return locale().toString(perSecond, 'f', perSecond != 0.0 && std::abs(perSecond) < 10.0 ? 2 : 1) + u"/s"_s;
}

QString dateTime(const QDateTime& time)
{
    return time.isValid() ? time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s) : none();
}

QString dateTimeMs(const QDateTime& time)
{
    return time.isValid() ? time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s) : none();
}

QString timeOfDay(const QDateTime& time)
{
    return time.isValid() ? time.toLocalTime().toString(u"HH:mm:ss"_s) : none();
}

QString isoUtc(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : none();
}

} // namespace Paddock::Format
