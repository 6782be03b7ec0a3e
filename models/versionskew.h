#pragma once

#include "figures.h"

#include <QCoreApplication>
#include <QMap>
#include <QString>

namespace Paddock {

// A half-finished deploy: which version prevails among the farm's running instances, and which of
// them run another one. A mark for people, never a status: it makes no instance degraded and
// leaves report's exit status alone (DESIGN.md section 3).
//
// Running: neither disabled nor stopped. A not-responding instance counts: it has not left the farm
// (create_task still gives it deliveries) and runs its version again when it answers; leaving it
// out would turn the prevailing version over whenever a group of instances goes silent. The
// prevailing version is the most common one; on a tie the newer by compare(), since a rolling
// deploy moves forward. An instance without a version is neither counted nor marked.
class VersionSkew {
    Q_DECLARE_TR_FUNCTIONS(VersionSkew)

public:
    static bool isRunning(ServerStatus status);
    // The running instances by version.
    static QMap<QString, qint64> count(const QList<ServerFigures>& servers);
    // Empty when no running instance has a version.
    static QString prevailing(const QMap<QString, qint64>& versions);
    // Natural order, <0, 0 or >0: runs of digits compare as numbers ("13.0.10" after "13.0.9"), the
    // rest as text, a version after its own prefix ("13.0.1" after "13.0"). Runs that compare equal
    // ("01" and "1") leave it to the plain text, so that two different versions are never equal.
    static int compare(const QString& a, const QString& b);
    // "13.0.1 while 9 others run 13.0.2", "13.0.1 while 1 other runs 13.0.2"
    static QString text(const QString& version, qint64 others, const QString& prevailing);
    // Counts farm.versions and sets the versionSkew of every running instance on another version.
    static void mark(QList<ServerFigures>& servers, FarmFigures& farm);
};

} // namespace Paddock
