#pragma once

#include <QString>
#include <stdexcept>

namespace Paddock {

// A failure reported by libpq or by the server, with the SQLSTATE when there is one.
class PgError : public std::runtime_error {
public:
    PgError(const QString& message, const QString& sqlState = {}, const QString& detail = {}, const QString& hint = {});

    QString message() const { return m_message; }
    QString sqlState() const { return m_sqlState; }
    QString detail() const { return m_detail; }
    QString hint() const { return m_hint; }
    // The message with detail and hint, on one line, for people.
    QString fullMessage() const;

    // The database did not answer within the round trip's deadline (the session was abandoned).
    static inline const QString NoAnswer = QStringLiteral("08P70");
    // The wait was given up because the caller is closing (PgConnection::Interrupt).
    static inline const QString Interrupted = QStringLiteral("08P71");
    bool isNoAnswer() const { return m_sqlState == NoAnswer; }
    bool isInterrupted() const { return m_sqlState == Interrupted; }

    // Class 08, the 57P0x shutdown/termination codes, or none at all (libpq lost the session).
    bool isConnectionError() const
    {
        return m_sqlState.startsWith(QLatin1String("08")) || m_sqlState.startsWith(QLatin1String("57P"))
            || m_sqlState.isEmpty();
    }

private:
    QString m_message;
    QString m_sqlState;
    QString m_detail;
    QString m_hint;
};

} // namespace Paddock
