#include "connectiontester.h"

#include "farmreader.h"
#include "pgconnection.h"
#include "pgerror.h"
#include "schemamigrator.h"

#include <atomic>
#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>
#include <QThread>
#include <thread>

namespace Paddock {

struct ConnectionTester::Shared {
    std::atomic<int> generation { 0 };
};

ConnectionTester::ConnectionTester(QObject* parent)
    : QObject(parent)
    , m_shared(std::make_shared<Shared>())
{
    qRegisterMetaType<Paddock::ConnectionTester::Result>();
}

ConnectionTester::~ConnectionTester()
{
    // A test still running finds the generation changed and reports to nobody.
    ++m_shared->generation;
}

void ConnectionTester::test(const QString& conninfo)
{
    const int generation = ++m_shared->generation;
    QPointer<ConnectionTester> self(this);
    std::thread([shared = m_shared, generation, conninfo, self] {
        Result result;
        try {
            ConnectOptions options;
            options.connectTimeoutS = 5;
            options.readOnly = true;
            options.statementTimeoutMs = 5000;
            PgConnection connection = PgConnection::open(conninfo, options);
            const SchemaStatus status = SchemaMigrator(connection).inspect();
            const QString where
                = QStringLiteral("%1@%2:%3/%4")
                      .arg(connection.user(), connection.host(), connection.port(), connection.database());
            if (status.state != SchemaStatus::State::Current) {
                result.message = where + QStringLiteral(": ") + status.describe();
            } else {
                result.canFlush = roleMayFlush(connection);
                const bool canRead
                    = connection.exec(QStringLiteral("SELECT has_table_privilege('webfarm.server', 'SELECT')"))
                          .boolean(0, 0)
                          .value_or(false);
                result.ok = canRead;
                result.message = canRead
                    ? QStringLiteral("connected to %1, schema version %2, %3")
                          .arg(where)
                          .arg(status.installedVersion)
                          .arg(result.canFlush ? QStringLiteral("may flush caches")
                                               : QStringLiteral("read only (no webfarm_operator role)"))
                    : QStringLiteral("%1: no privilege to read the farm (needs webfarm_monitor)").arg(where);
            }
        } catch (const PgError& error) {
            result.message = error.message();
        }
        if (shared->generation != generation)
            return;
        // Posted to the application object: the tester may be gone by now; the pointer is only
        // read on the thread that owns it.
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, shared, generation, result] {
                if (self && shared->generation == generation)
                    Q_EMIT self->finished(result);
            },
            Qt::QueuedConnection);
    }).detach();
}

} // namespace Paddock
