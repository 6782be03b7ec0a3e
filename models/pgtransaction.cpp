#include "pgtransaction.h"

#include "pgconnection.h"
#include "pgerror.h"

namespace Paddock {

PgTransaction::PgTransaction(PgConnection& connection, Mode mode)
    : m_connection(connection)
{
    m_connection.exec(mode == Mode::RepeatableReadOnly
            ? QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            : QStringLiteral("BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE"));
}

PgTransaction::~PgTransaction()
{
    if (m_done)
        return;
    try {
        m_connection.exec(QStringLiteral("ROLLBACK"));
    } catch (const PgError&) {
        // The session is gone; the server discards the transaction on its own.
    }
}

void PgTransaction::commit()
{
    m_connection.exec(QStringLiteral("COMMIT"));
    m_done = true;
}

} // namespace Paddock
