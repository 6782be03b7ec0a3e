#include "export.h"

#include <QFile>
#include <QImage>
#include <QLabel>
#include <QRegularExpression>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

// An RFC 4180 reader, independent of the writer: quoted fields, doubled quotes, CRLF records.
QList<QStringList> parseCsv(const QString& text)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            record.append(field);
            field.clear();
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            record.append(field);
            field.clear();
            records.append(record);
            record.clear();
            ++i;
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !record.isEmpty()) {
        record.append(field);
        records.append(record);
    }
    return records;
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void csvRoundTripsAwkwardCells();
    void csvQuotesOnlyWhatNeedsIt_data();
    void csvQuotesOnlyWhatNeedsIt();
    void csvReportsAnUnwritableFile();
    void pngIsTheWidgetAtItsSize();
    void defaultNameHasWhatAndTime();
};

void TestExport::csvRoundTripsAwkwardCells()
{
    const QList<QStringList> cells {
        { u"web-01"_s, u"healthy"_s, u"1,500"_s, u"plain"_s },
        { u"web-02"_s, u"say \"hi\""_s, u"line one\nline two"_s, u"crlf\r\ninside"_s },
        { u"Zürich-Δ-東京"_s, u"😀, emoji"_s, QString(), u"\"\""_s },
        { u" leading space"_s, u"trailing space "_s, u","_s, u"\""_s },
    };
    QStandardItemModel model(int(cells.size()), 4);
    model.setHorizontalHeaderLabels({ u"Instance"_s, u"Status, word"_s, u"Backlog \"n\""_s, u"Note"_s });
    for (int row = 0; row < cells.size(); ++row) {
        for (int column = 0; column < 4; ++column)
            model.setItem(row, column, new QStandardItem(cells.at(row).at(column)));
    }

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(u"instances.csv"_s);
    QString error;
    QVERIFY2(exportCsv(&model, file, &error), qPrintable(error));

    QFile in(file);
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QByteArray bytes = in.readAll();
    QVERIFY(!bytes.startsWith("\xEF\xBB\xBF")); // no BOM
    QVERIFY(bytes.endsWith("\r\n"));
    const QString text = QString::fromUtf8(bytes);
    QCOMPARE(text.toUtf8(), bytes); // valid UTF-8

    const QList<QStringList> records = parseCsv(text);
    QCOMPARE(records.size(), cells.size() + 1);
    QCOMPARE(records.at(0), QStringList({ u"Instance"_s, u"Status, word"_s, u"Backlog \"n\""_s, u"Note"_s }));
    for (int row = 0; row < cells.size(); ++row)
        QCOMPARE(records.at(row + 1), cells.at(row));
}

void TestExport::csvQuotesOnlyWhatNeedsIt_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<QString>("field");
    QTest::addRow("plain") << u"web-01"_s << u"web-01"_s;
    QTest::addRow("empty") << QString() << QString();
    QTest::addRow("comma") << u"a,b"_s << u"\"a,b\""_s;
    QTest::addRow("quote") << u"a\"b"_s << u"\"a\"\"b\""_s;
    QTest::addRow("newline") << u"a\nb"_s << u"\"a\nb\""_s;
    QTest::addRow("carriage return") << u"a\rb"_s << u"\"a\rb\""_s;
    QTest::addRow("unicode") << u"ü 東京"_s << u"ü 東京"_s;
}

void TestExport::csvQuotesOnlyWhatNeedsIt()
{
    QFETCH(QString, cell);
    QFETCH(QString, field);
    QCOMPARE(csvField(cell), field);
}

void TestExport::csvReportsAnUnwritableFile()
{
    QStandardItemModel model(1, 1);
    QString error;
    QVERIFY(!exportCsv(&model, u"/nonexistent-directory/paddock/x.csv"_s, &error));
    QVERIFY(error.contains(u"/nonexistent-directory/paddock/x.csv"_s));
    QVERIFY(!exportCsv(nullptr, u"/tmp/x.csv"_s, &error));
}

void TestExport::pngIsTheWidgetAtItsSize()
{
    QLabel widget(u"Paddock export"_s);
    widget.setAutoFillBackground(true);
    QPalette palette = widget.palette();
    palette.setColor(QPalette::Window, QColor(0x12, 0x34, 0x56));
    widget.setPalette(palette);
    widget.resize(321, 123);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));

    QTemporaryDir dir;
    const QString file = dir.filePath(u"chart.png"_s);
    QString error;
    QVERIFY2(exportPng(&widget, file, &error), qPrintable(error));
    const QImage image(file);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(321, 123) * widget.devicePixelRatio());
    QCOMPARE(QColor(image.pixel(2, 2)), QColor(0x12, 0x34, 0x56));
    QVERIFY(qAbs(image.dotsPerMeterX() - 3780) <= 1);

    QVERIFY(!exportPng(&widget, u"/nonexistent-directory/x.png"_s, &error));
    QVERIFY(!error.isEmpty());
}

void TestExport::defaultNameHasWhatAndTime()
{
    const QString name = defaultExportName(u"Instances"_s);
    static const QRegularExpression shape(u"^paddock-instances-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.csv$"_s);
    QVERIFY2(shape.match(name).hasMatch(), qPrintable(name));
    const QString png = defaultExportName(u"Latency chart / p99"_s, u"png"_s);
    QVERIFY2(png.startsWith(u"paddock-latency-chart-p99-"_s) && png.endsWith(u".png"_s), qPrintable(png));
    QVERIFY(!png.contains(u'/') && !png.contains(u':'));
}

QTEST_MAIN(TestExport)
#include "tst_export.moc"
