#include "pgerror.h"

namespace Paddock {

PgError::PgError(const QString& message, const QString& sqlState, const QString& detail, const QString& hint)
    : std::runtime_error(message.toStdString())
    , m_message(message)
    , m_sqlState(sqlState)
    , m_detail(detail)
    , m_hint(hint)
{
}

QString PgError::fullMessage() const
{
    QString text = m_message;
    if (!m_detail.isEmpty())
        text += QLatin1String(" (") + m_detail + QLatin1Char(')');
    if (!m_hint.isEmpty())
        text += QLatin1String(" Hint: ") + m_hint;
    return text;
}

} // namespace Paddock
