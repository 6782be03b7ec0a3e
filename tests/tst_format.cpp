#include "displayformat.h"

#include <limits>
#include <QLocale>
#include <QtTest>

using namespace Paddock;

Q_DECLARE_METATYPE(std::optional<double>)
using namespace Qt::StringLiterals;

// Every quantity Paddock shows goes through Format: one table of inputs and the text people see.
class TestFormat : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void milliseconds_data() { optionalDoubleColumns(); }
    void milliseconds()
    {
        QFETCH(std::optional<double>, value);
        QFETCH(QString, milliseconds);
        QCOMPARE(Format::milliseconds(value), milliseconds);
    }

    void compactMilliseconds_data() { optionalDoubleColumns(); }
    void compactMilliseconds()
    {
        QFETCH(std::optional<double>, value);
        QFETCH(QString, compact);
        QCOMPARE(Format::compactMilliseconds(value), compact);
    }

    void signedMilliseconds_data() { optionalDoubleColumns(); }
    void signedMilliseconds()
    {
        QFETCH(std::optional<double>, value);
        QFETCH(QString, signedMs);
        QCOMPARE(Format::signedMilliseconds(value), signedMs);
    }

    void duration_data()
    {
        QTest::addColumn<std::optional<double>>("seconds");
        QTest::addColumn<QString>("text");
        QTest::addRow("nothing") << std::optional<double>() << u"\u2014"_s;
        QTest::addRow("not finite") << std::optional<double>(std::numeric_limits<double>::infinity()) << u"\u2014"_s;
        QTest::addRow("zero") << std::optional<double>(0.0) << u"0.0 s"_s;
        QTest::addRow("under a minute") << std::optional<double>(59.94) << u"59.9 s"_s;
        QTest::addRow("negative") << std::optional<double>(-1.24) << u"-1.2 s"_s;
        QTest::addRow("a minute") << std::optional<double>(60.0) << u"1 min 0 s"_s;
        QTest::addRow("minutes, rounded") << std::optional<double>(200.6) << u"3 min 21 s"_s;
        QTest::addRow("negative minutes") << std::optional<double>(-200.0) << u"-3 min 20 s"_s;
        QTest::addRow("hours") << std::optional<double>(2 * 3600 + 5 * 60) << u"2 h 05 min"_s;
        QTest::addRow("days") << std::optional<double>(3 * 86400 + 4 * 3600 + 59) << u"3 d 4 h"_s;
    }
    void duration()
    {
        QFETCH(std::optional<double>, seconds);
        QFETCH(QString, text);
        QCOMPARE(Format::duration(seconds), text);
    }

    void counts_data()
    {
        QTest::addColumn<qint64>("value");
        QTest::addColumn<QString>("integer");
        QTest::addColumn<QString>("bytes");
        QTest::addRow("zero") << qint64(0) << u"0"_s << u"0 B"_s;
        QTest::addRow("under a KiB") << qint64(1023) << u"1,023"_s << u"1,023 B"_s;
        QTest::addRow("a KiB") << qint64(1024) << u"1,024"_s << u"1.0 KiB"_s;
        QTest::addRow("MiB") << qint64(512) * 1024 * 1024 << u"536,870,912"_s << u"512.0 MiB"_s;
        QTest::addRow("GiB keep two decimals") << qint64(1536) * 1024 * 1024 << u"1,610,612,736"_s << u"1.50 GiB"_s;
        QTest::addRow("negative") << qint64(-3500) << u"-3,500"_s << u"-3.4 KiB"_s;
    }
    void counts()
    {
        QFETCH(qint64, value);
        QFETCH(QString, integer);
        QFETCH(QString, bytes);
        QCOMPARE(Format::integer(value), integer);
        QCOMPARE(Format::bytes(value), bytes);
        QCOMPARE(Format::bytes(std::nullopt), u"\u2014"_s);
    }

    void memoryAgainstLimit()
    {
        QCOMPARE(Format::bytesOfLimit(qint64(15) * 1024 * 1024, qint64(20) * 1024 * 1024), u"15.0 MiB of 20.0 MiB"_s);
        QCOMPARE(Format::bytesOfLimit(qint64(2048), qint64(0)), u"2.0 KiB, no limit"_s);
        QCOMPARE(Format::bytesOfLimit(qint64(2048), std::nullopt), u"2.0 KiB, no limit"_s);
        QCOMPARE(Format::bytesOfLimit(std::nullopt, std::nullopt), u"\u2014, no limit"_s);
    }

    void ratios_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("rate");
        QTest::addColumn<QString>("percent");
        QTest::addColumn<QString>("number");
        QTest::addRow("zero") << 0.0 << u"0.0/s"_s << u"0.0 %"_s << u"0.00"_s;
        QTest::addRow("small") << 0.834 << u"0.83/s"_s << u"83.4 %"_s << u"0.83"_s;
        QTest::addRow("under ten") << 9.996 << u"10.00/s"_s << u"999.6 %"_s << u"10.00"_s;
        QTest::addRow("ten and more") << 1250.26 << u"1,250.3/s"_s << u"125,026.0 %"_s << u"1,250.26"_s;
        QTest::addRow("not finite") << std::numeric_limits<double>::quiet_NaN() << u"\u2014"_s << u"\u2014"_s
                                    << u"\u2014"_s;
    }
    void ratios()
    {
        QFETCH(double, value);
        QFETCH(QString, rate);
        QFETCH(QString, percent);
        QFETCH(QString, number);
        QCOMPARE(Format::rate(value), rate);
        QCOMPARE(Format::percent(value), percent);
        QCOMPARE(Format::number(value, 2), number);
    }

    void times()
    {
        const QDateTime utc(QDate(2026, 11, 22), QTime(3, 0, 7, 250), Qt::UTC);
        QCOMPARE(Format::isoUtc(utc), u"2026-11-22T03:00:07.250Z"_s);
        const QDateTime local = utc.toLocalTime();
        QCOMPARE(Format::dateTime(utc), local.toString(u"yyyy-MM-dd HH:mm:ss"_s));
        QCOMPARE(Format::dateTimeMs(utc), local.toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s));
        QCOMPARE(Format::timeOfDay(utc), local.toString(u"HH:mm:ss"_s));
        QCOMPARE(Format::dateTime(QDateTime()), u"\u2014"_s);
        QCOMPARE(Format::timeOfDay(QDateTime()), u"\u2014"_s);
        QCOMPARE(Format::isoUtc(QDateTime()), u"\u2014"_s);
    }

private:
    // One row per latency: the table text, the compact text and the signed text.
    static void optionalDoubleColumns()
    {
        QTest::addColumn<std::optional<double>>("value");
        QTest::addColumn<QString>("milliseconds");
        QTest::addColumn<QString>("compact");
        QTest::addColumn<QString>("signedMs");
        const auto row
            = [](const char* name, std::optional<double> value, const QString& ms, const QString& compact,
                  const QString& signedMs) { QTest::addRow("%s", name) << value << ms << compact << signedMs; };
        const QString dash = u"\u2014"_s;
        row("nothing", std::nullopt, dash, dash, dash);
        row("not finite", std::numeric_limits<double>::quiet_NaN(), dash, dash, dash);
        row("zero", 0.0, u"0.0 ms"_s, u"0.0 ms"_s, u"0.0 ms"_s);
        row("under ten keeps a decimal", 3.44, u"3.4 ms"_s, u"3.4 ms"_s, u"+3.4 ms"_s);
        row("ten and more drop it", 350.4, u"350 ms"_s, u"350 ms"_s, u"+350 ms"_s);
        row("a second", 1000.0, u"1,000 ms"_s, u"1.0 s"_s, u"+1,000 ms"_s);
        row("seconds", 34'249.0, u"34,249 ms"_s, u"34.2 s"_s, u"+34,249 ms"_s);
        row("a hundred seconds and more", 120'000.0, u"120,000 ms"_s, u"120 s"_s, u"+120,000 ms"_s);
        row("negative", -1'200.0, u"-1,200 ms"_s, u"-1.2 s"_s, u"-1,200 ms"_s);
    }
};

QTEST_GUILESS_MAIN(TestFormat)
#include "tst_format.moc"
