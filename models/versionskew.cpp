#include "versionskew.h"

#include "displayformat.h"

namespace Paddock {

namespace {

// The runs of digits and of other characters, in order: "13.0.10-rc2" is 13 . 0 . 10 -rc 2.
QList<QStringView> runs(QStringView text)
{
    QList<QStringView> result;
    qsizetype start = 0;
    for (qsizetype i = 1; i <= text.size(); ++i) {
        if (i == text.size() || text[i].isDigit() != text[i - 1].isDigit()) {
            result.append(text.sliced(start, i - start));
            start = i;
        }
    }
    return result;
}

// Two runs of digits as numbers, of any length: without leading zeros, the longer is larger.
int compareNumbers(QStringView a, QStringView b)
{
    while (a.size() > 1 && a.front() == u'0')
        a = a.sliced(1);
    while (b.size() > 1 && b.front() == u'0')
        b = b.sliced(1);
    if (a.size() != b.size())
        return a.size() < b.size() ? -1 : 1;
    return a.compare(b);
}

} // namespace

bool VersionSkew::isRunning(ServerStatus status)
{
    return status != ServerStatus::Disabled && status != ServerStatus::Stopped;
}

QMap<QString, qint64> VersionSkew::count(const QList<ServerFigures>& servers)
{
    QMap<QString, qint64> versions;
    for (const ServerFigures& figures : servers) {
        if (isRunning(figures.status) && !figures.server.version.isEmpty())
            ++versions[figures.server.version];
    }
    return versions;
}

QString VersionSkew::prevailing(const QMap<QString, qint64>& versions)
{
    QString best;
    qint64 bestCount = 0;
    for (auto it = versions.cbegin(); it != versions.cend(); ++it) {
        if (it.value() > bestCount || (it.value() == bestCount && compare(it.key(), best) > 0)) {
            best = it.key();
            bestCount = it.value();
        }
    }
    return best;
}

int VersionSkew::compare(const QString& a, const QString& b)
{
    const QList<QStringView> left = runs(a);
    const QList<QStringView> right = runs(b);
    for (qsizetype i = 0; i < left.size() && i < right.size(); ++i) {
        const bool numbers = left[i].front().isDigit() && right[i].front().isDigit();
        const int order = numbers ? compareNumbers(left[i], right[i]) : left[i].compare(right[i]);
        if (order != 0)
            return order < 0 ? -1 : 1;
    }
    if (left.size() != right.size())
        return left.size() < right.size() ? -1 : 1;
    const int order = a.compare(b);
    return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

QString VersionSkew::text(const QString& version, qint64 others, const QString& prevailing)
{
    return (others == 1 ? tr("%1 while %2 other runs %3") : tr("%1 while %2 others run %3"))
        .arg(version, Format::integer(others), prevailing);
}

void VersionSkew::mark(QList<ServerFigures>& servers, FarmFigures& farm)
{
    farm.versions = count(servers);
    const QString top = prevailing(farm.versions);
    const qint64 others = farm.versions.value(top);
    for (ServerFigures& figures : servers) {
        const QString& version = figures.server.version;
        if (!top.isEmpty() && isRunning(figures.status) && !version.isEmpty() && version != top)
            figures.versionSkew = text(version, others, top);
        else
            figures.versionSkew.reset();
    }
}

} // namespace Paddock
