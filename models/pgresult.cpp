#include "pgresult.h"

#include <libpq-fe.h>

namespace Paddock {

void PgResult::Deleter::operator()(pg_result* r) const
{
    PQclear(r);
}

PgResult::PgResult(pg_result* result)
    : m_result(result, Deleter())
{
}

int PgResult::rows() const
{
    return m_result ? PQntuples(m_result.get()) : 0;
}

int PgResult::columns() const
{
    return m_result ? PQnfields(m_result.get()) : 0;
}

int PgResult::column(const char* name) const
{
    return m_result ? PQfnumber(m_result.get(), name) : -1;
}

QString PgResult::columnName(int column) const
{
    return m_result ? QString::fromUtf8(PQfname(m_result.get(), column)) : QString();
}

bool PgResult::isNull(int row, int column) const
{
    return !m_result || row >= rows() || column >= columns() || PQgetisnull(m_result.get(), row, column);
}

QString PgResult::text(int row, int column) const
{
    if (isNull(row, column))
        return {};
    return QString::fromUtf8(PQgetvalue(m_result.get(), row, column), PQgetlength(m_result.get(), row, column));
}

std::optional<qint64> PgResult::integer(int row, int column) const
{
    if (isNull(row, column))
        return std::nullopt;
    bool ok = false;
    const qint64 value = QByteArray(PQgetvalue(m_result.get(), row, column)).toLongLong(&ok);
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

std::optional<double> PgResult::real(int row, int column) const
{
    if (isNull(row, column))
        return std::nullopt;
    bool ok = false;
    const double value = QByteArray(PQgetvalue(m_result.get(), row, column)).toDouble(&ok);
    return ok ? std::optional<double>(value) : std::nullopt;
}

std::optional<bool> PgResult::boolean(int row, int column) const
{
    if (isNull(row, column))
        return std::nullopt;
    return PQgetvalue(m_result.get(), row, column)[0] == 't';
}

QStringList PgResult::array(int row, int column) const
{
    // Parses the text form of a one-dimensional array: {a,"b c",NULL}.
    QStringList elements;
    const QString literal = text(row, column);
    if (literal.size() < 2 || literal.front() != QLatin1Char('{'))
        return elements;
    QString current;
    bool quoted = false;
    bool wasQuoted = false;
    for (qsizetype i = 1; i < literal.size(); ++i) {
        const QChar c = literal.at(i);
        if (quoted) {
            if (c == QLatin1Char('\\') && i + 1 < literal.size())
                current += literal.at(++i);
            else if (c == QLatin1Char('"'))
                quoted = false;
            else
                current += c;
        } else if (c == QLatin1Char('"')) {
            quoted = true;
            wasQuoted = true;
        } else if (c == QLatin1Char(',') || c == QLatin1Char('}')) {
            if (!current.isEmpty() || wasQuoted)
                elements.append(!wasQuoted && current == QLatin1String("NULL") ? QString() : current);
            current.clear();
            wasQuoted = false;
        } else {
            current += c;
        }
    }
    return elements;
}

qint64 PgResult::affectedRows() const
{
    if (!m_result)
        return 0;
    return QByteArray(PQcmdTuples(m_result.get())).toLongLong();
}

} // namespace Paddock
