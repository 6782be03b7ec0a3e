#include "colourscheme.h"
#include "mainwindow.h"
#include "settings.h"
#include "statusstyle.h"
#include "summarystrip.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace Paddock;
using namespace Qt::StringLiterals;

namespace {

struct Background {
    const char* name;
    QColor colour;
};

// The window and view backgrounds of the common desktops, light and dark, and Paddock's own.
QList<Background> backgrounds(StatusStyle::Scheme scheme)
{
    if (scheme == StatusStyle::Scheme::Light)
        return { { "Fusion window", QColor(0xef, 0xef, 0xef) }, { "white base", QColor(0xff, 0xff, 0xff) },
            { "Breeze window", QColor(0xef, 0xf0, 0xf1) }, { "Adwaita window", QColor(0xf6, 0xf5, 0xf4) },
            { "Paddock light window", ColourScheme::lightPalette().color(QPalette::Window) },
            { "Paddock light base", ColourScheme::lightPalette().color(QPalette::Base) } };
    return { { "Fusion dark window", QColor(0x35, 0x35, 0x35) }, { "Breeze dark window", QColor(0x31, 0x36, 0x3b) },
        { "Breeze dark base", QColor(0x23, 0x26, 0x29) }, { "Adwaita dark window", QColor(0x24, 0x24, 0x24) },
        { "Adwaita dark view", QColor(0x1e, 0x1e, 0x1e) },
        { "Paddock dark window", ColourScheme::darkPalette().color(QPalette::Window) },
        { "Paddock dark base", ColourScheme::darkPalette().color(QPalette::Base) } };
}

} // namespace

class TestPalette : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Every status colour is drawn as text somewhere (the glyph of a label, the instance detail's
    // status, an error line) as well as a graphic (the map, a tile's band, the tray icon): each must
    // read as text, WCAG AA 4.5:1, on the window and view backgrounds of its scheme.
    void statusColoursReadAsText_data()
    {
        QTest::addColumn<QColor>("colour");
        QTest::addColumn<QColor>("background");
        for (const auto scheme : { StatusStyle::Scheme::Light, StatusStyle::Scheme::Dark }) {
            const QStringList statuses = StatusStyle::statuses() + QStringList { u"something new"_s };
            for (const QString& status : statuses) {
                for (const Background& background : backgrounds(scheme)) {
                    QTest::addRow("%s %s on %s", scheme == StatusStyle::Scheme::Light ? "light" : "dark",
                        qPrintable(status), background.name)
                        << StatusStyle::forStatus(status, scheme).colour << background.colour;
                }
            }
        }
    }

    void statusColoursReadAsText()
    {
        QFETCH(QColor, colour);
        QFETCH(QColor, background);
        const double ratio = StatusStyle::contrastRatio(colour, background);
        if (ratio < 4.5)
            QFAIL(qPrintable(u"%1 on %2: %3:1"_s.arg(colour.name(), background.name()).arg(ratio, 0, 'f', 2)));
    }

    // The banner is filled with a status colour: its text is black or white, whichever reads.
    void bannerText()
    {
        for (const auto scheme : { StatusStyle::Scheme::Light, StatusStyle::Scheme::Dark }) {
            const QColor fill = StatusStyle::forStatus(u"degraded"_s, scheme).colour;
            QVERIFY(StatusStyle::contrastRatio(StatusStyle::textOn(fill), fill) >= 4.5);
        }
    }

    void contrastRatio()
    {
        QCOMPARE(StatusStyle::contrastRatio(Qt::black, Qt::white), 21.0);
        QCOMPARE(StatusStyle::contrastRatio(Qt::white, Qt::white), 1.0);
        // #777777 on white: the grey at the edge of AA, 4.48:1.
        QCOMPARE(qRound(StatusStyle::contrastRatio(QColor(0x77, 0x77, 0x77), Qt::white) * 100), 448);
    }

    // The window follows the palette: chosen dark, the status colours and the banner are the dark
    // ones; back to the desktop's, the light ones again.
    void followsThePalette()
    {
        QTemporaryDir config;
        Settings settings(config.filePath(u"palette.ini"_s));
        MainWindow window(&settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(StatusStyle::currentScheme(), StatusStyle::Scheme::Light);
        auto* strip = window.findChild<SummaryStrip*>();
        QVERIFY(strip);
        QTRY_COMPARE(strip->bannerColour(), StatusStyle::forStatus(u"degraded"_s, StatusStyle::Scheme::Light).colour);

        QSignalSpy changed(window.colourScheme(), &ColourScheme::schemeChanged);
        window.colourScheme()->setChoice(ColourScheme::Choice::Dark);
        QVERIFY(changed.size() >= 1);
        QCOMPARE(StatusStyle::currentScheme(), StatusStyle::Scheme::Dark);
        // The widgets take the application's palette on a posted event.
        QTRY_COMPARE(window.palette().color(QPalette::Window), ColourScheme::darkPalette().color(QPalette::Window));
        QCOMPARE(StatusStyle::forStatus(u"healthy"_s).colour,
            StatusStyle::forStatus(u"healthy"_s, StatusStyle::Scheme::Dark).colour);
        QTRY_COMPARE(strip->bannerColour(), StatusStyle::forStatus(u"degraded"_s, StatusStyle::Scheme::Dark).colour);
        QCOMPARE(settings.value(u"appearance/colour_scheme"_s).toString(), u"dark"_s);

        // A palette set by the desktop (here: by hand) is followed as well.
        window.colourScheme()->setChoice(ColourScheme::Choice::Desktop);
        QCOMPARE(StatusStyle::currentScheme(), StatusStyle::Scheme::Light);
        QTRY_COMPARE(strip->bannerColour(), StatusStyle::forStatus(u"degraded"_s, StatusStyle::Scheme::Light).colour);
        changed.clear();
        QApplication::setPalette(ColourScheme::darkPalette());
        QVERIFY(changed.size() >= 1);
        QTRY_COMPARE(strip->bannerColour(), StatusStyle::forStatus(u"degraded"_s, StatusStyle::Scheme::Dark).colour);
        QApplication::setPalette(QPalette());
        QCOMPARE(StatusStyle::currentScheme(), StatusStyle::Scheme::Light);
    }

    // The choice is kept: a window opened later starts dark.
    void theChoiceIsKept()
    {
        QTemporaryDir config;
        Settings settings(config.filePath(u"kept.ini"_s));
        settings.setValue(u"appearance/colour_scheme"_s, u"dark"_s);
        {
            MainWindow window(&settings);
            QCOMPARE(StatusStyle::currentScheme(), StatusStyle::Scheme::Dark);
            QCOMPARE(window.colourScheme()->choice(), ColourScheme::Choice::Dark);
            window.colourScheme()->setChoice(ColourScheme::Choice::Desktop);
        }
        QCOMPARE(StatusStyle::currentScheme(), StatusStyle::Scheme::Light);
    }
};

QTEST_MAIN(TestPalette)
#include "tst_palette.moc"
