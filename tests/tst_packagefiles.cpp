// What the Debian package installs besides the binaries: the man pages, generated from the data of
// --help (every option, command, setting and exit status; groff and man without warnings), the
// .desktop file and the AppStream metainfo (their validators, the id, the release).
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int status = -1;
    QString out;
    QString err;
};

Run run(const QString& program, const QStringList& arguments, const QByteArray& input = {})
{
    QProcess process;
    process.start(program, arguments);
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000))
        return {};
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
        QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError()) };
}

QString programPath(const QString& name)
{
    return name == QLatin1String("paddock") ? QStringLiteral(PADDOCK_PATH) : QStringLiteral(PADDOCK_SIM_PATH);
}

// The page as a reader sees it: plain ASCII text, long lines.
QString rendered(const QString& page)
{
    return run(QStringLiteral("groff"),
        { QStringLiteral("-man"), QStringLiteral("-Tascii"), QStringLiteral("-P-cbou"), QStringLiteral("-rLL=200n") },
        page.toUtf8())
        .out;
}

// The text under a heading of a rendered page, up to the next heading (a line at the margin), its
// runs of white space made one space.
QString section(const QString& text, const QString& heading)
{
    QStringList lines;
    bool inside = false;
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        const bool isHeading = !line.isEmpty() && !line.front().isSpace();
        if (isHeading)
            inside = line == heading;
        else if (inside)
            lines.append(line);
    }
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    return lines.join(QLatin1Char(' ')).replace(spaces, QStringLiteral(" ")).trimmed();
}

QString readSource(const QString& path)
{
    QFile file(QStringLiteral(PADDOCK_SOURCE_DIR "/") + path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

} // namespace

class TestPackageFiles : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void manPageListsEveryOption_data()
    {
        QTest::addColumn<QString>("program");
        QTest::newRow("paddock") << QStringLiteral("paddock");
        QTest::newRow("paddock-sim") << QStringLiteral("paddock-sim");
    }

    void manPageListsEveryOption()
    {
        QFETCH(QString, program);
        const Run help = run(programPath(program), { QStringLiteral("--help") });
        QCOMPARE(help.status, 0);
        static const QRegularExpression optionLine(
            QStringLiteral("^  (-\\w, )?(--[a-z-]+)"), QRegularExpression::MultilineOption);
        QStringList options;
        for (auto matches = optionLine.globalMatch(help.out); matches.hasNext();)
            options.append(matches.next().captured(2));
        QVERIFY2(options.size() > 15, qPrintable(help.out));
        const Run man = run(programPath(program), { QStringLiteral("--man") });
        QCOMPARE(man.status, 0);
        const QString options_ = section(rendered(man.out), QStringLiteral("OPTIONS"));
        for (const QString& option : std::as_const(options))
            QVERIFY2(options_.contains(option + QLatin1Char(' ')) || options_.contains(option + QLatin1Char(',')),
                qPrintable(option));
        QVERIFY(!options_.contains(QLatin1String("--man")));
        for (const char* heading : { "NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS", "ENVIRONMENT", "SEE ALSO" })
            QVERIFY2(!section(rendered(man.out), QLatin1String(heading)).isEmpty(), heading);
    }

    // Every command --help's usage names, in the man page's COMMANDS, and no command left out.
    void manPageListsEveryCommand()
    {
        const Run help = run(programPath(QStringLiteral("paddock")), { QStringLiteral("--help") });
        const QString commands
            = section(rendered(run(programPath(QStringLiteral("paddock")), { QStringLiteral("--man") }).out),
                QStringLiteral("COMMANDS"));
        static const QRegularExpression usageLine(
            QStringLiteral("^  (paddock .*)$"), QRegularExpression::MultilineOption);
        int count = 0;
        for (auto matches = usageLine.globalMatch(help.out); matches.hasNext(); ++count) {
            const QString synopsis = matches.next().captured(1).section(QStringLiteral("  "), 0, 0).trimmed();
            QVERIFY2(commands.contains(synopsis), qPrintable(synopsis));
        }
        QCOMPARE(count, 8);
        for (const char* command : { "paddock open", "paddock report --connect", "paddock report --recording",
                 "paddock watch", "paddock flush", "paddock schema install|check|upgrade", "paddock schema maintain" })
            QVERIFY2(commands.contains(QLatin1String(command)), command);
    }

    // The keys models/settings.cpp reads and writes, each in the SETTINGS section.
    void manPageListsEverySetting()
    {
        const QString source = readSource(QStringLiteral("models/settings.cpp"));
        QVERIFY(!source.isEmpty());
        static const QRegularExpression key(QStringLiteral("(?:value|setValue|beginReadArray)\\(QStringLiteral\\(\"([a-"
                                                           "z_/]+)\"\\)|layoutKey\\(role, \"([a-z_]+)\"\\)"));
        const QString settings
            = section(rendered(run(programPath(QStringLiteral("paddock")), { QStringLiteral("--man") }).out),
                QStringLiteral("SETTINGS"));
        QSet<QString> keys;
        for (auto matches = key.globalMatch(source); matches.hasNext();) {
            const QRegularExpressionMatch match = matches.next();
            keys.insert(
                match.captured(1).isEmpty() ? QStringLiteral("window/") + match.captured(2) : match.captured(1));
        }
        QVERIFY2(keys.size() > 25, qPrintable(QStringList(keys.cbegin(), keys.cend()).join(QLatin1Char(' '))));
        for (const QString& each : std::as_const(keys))
            QVERIFY2(settings.contains(each), qPrintable(each));
        QVERIFY(settings.contains(QLatin1String("replay_window/")));
    }

    void manPageRendersWithoutWarnings_data() { manPageListsEveryOption_data(); }

    void manPageRendersWithoutWarnings()
    {
        QFETCH(QString, program);
        const Run man = run(programPath(program), { QStringLiteral("--man") });
        for (const char* device : { "-Tascii", "-Tutf8" }) {
            const Run groff = run(QStringLiteral("groff"),
                { QStringLiteral("-ww"), QStringLiteral("-man"), QStringLiteral("-z"), QLatin1String(device) },
                man.out.toUtf8());
            QCOMPARE(groff.status, 0);
            QCOMPARE(groff.err, QString());
        }
        QTemporaryDir directory;
        const QString path = directory.filePath(program + QLatin1String(".1"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(man.out.toUtf8());
        file.close();
        const Run reader = run(QStringLiteral("man"), { QStringLiteral("--warnings"), QStringLiteral("-l"), path });
        QCOMPARE(reader.status, 0);
        QCOMPARE(reader.err, QString());
        QVERIFY(reader.out.contains(QLatin1String("EXIT STATUS")));
    }

    // The gzipped pages the build installs are what the binaries print now.
    void builtPagesAreCurrent_data() { manPageListsEveryOption_data(); }

    void builtPagesAreCurrent()
    {
        QFETCH(QString, program);
        const Run page = run(QStringLiteral("gzip"),
            { QStringLiteral("-dc"), QStringLiteral(PADDOCK_MAN_DIR "/") + program + QLatin1String(".1.gz") });
        QCOMPARE(page.status, 0);
        QCOMPARE(page.out, run(programPath(program), { QStringLiteral("--man") }).out);
    }

    void desktopFileAndMetainfoValidate()
    {
        const QString desktop = QStringLiteral(PADDOCK_SOURCE_DIR "/resources/io.github.paddockhq.Paddock.desktop");
        const QString metainfo
            = QStringLiteral(PADDOCK_SOURCE_DIR "/resources/io.github.paddockhq.Paddock.metainfo.xml");
        const Run desktopCheck = run(QStringLiteral("desktop-file-validate"), { desktop });
        QVERIFY2(desktopCheck.status == 0 && desktopCheck.out.isEmpty(), qPrintable(desktopCheck.out));
        const Run metainfoCheck
            = run(QStringLiteral("appstreamcli"), { QStringLiteral("validate"), QStringLiteral("--no-net"), metainfo });
        QVERIFY2(metainfoCheck.status == 0, qPrintable(metainfoCheck.out + metainfoCheck.err));

        const QString xml = readSource(QStringLiteral("resources/io.github.paddockhq.Paddock.metainfo.xml"));
        QVERIFY(xml.contains(QLatin1String("<id>io.github.paddockhq.Paddock</id>")));
        QVERIFY(xml.contains(QLatin1String("<launchable type=\"desktop-id\">io.github.paddockhq.Paddock.desktop<")));
        static const QRegularExpression release(QStringLiteral("<release version=\"([^\"]+)\""));
        QCOMPARE(release.match(xml).captured(1), QStringLiteral(PADDOCK_VERSION));
        static const QRegularExpression screenshot(QStringLiteral("/docs/screenshots/([a-z0-9-]+\\.png)<"));
        int screenshots = 0;
        for (auto matches = screenshot.globalMatch(xml); matches.hasNext(); ++screenshots) {
            const QString name = matches.next().captured(1);
            QVERIFY2(QFile::exists(QStringLiteral(PADDOCK_SOURCE_DIR "/docs/screenshots/") + name), qPrintable(name));
        }
        QVERIFY(screenshots >= 1);
    }
};

QTEST_GUILESS_MAIN(TestPackageFiles)
#include "tst_packagefiles.moc"
