#include "pgconnection.h"

#include <libpq-fe.h>
#include <optional>
#include <QHash>

// What PgConnection says about a connection string without connecting: shown without its
// password, passed on without it, and the key of the farm it names. One parser walks them all.
namespace Paddock {

namespace {

struct ConninfoField {
    QByteArray keyword;
    QString value;
};

// The keywords a connection string (or libpq's options) sets, in libpq's order, each once.
QList<ConninfoField> setFields(PQconninfoOption* options)
{
    QList<ConninfoField> fields;
    for (PQconninfoOption* option = options; option && option->keyword; ++option) {
        if (option->val && *option->val)
            fields.append({ QByteArray(option->keyword), QString::fromUtf8(option->val) });
    }
    PQconninfoFree(options);
    return fields;
}

// The fields of a connection string (key=value or URI); nullopt when libpq cannot parse it. Its
// message is dropped: it may quote the string, password included.
std::optional<QList<ConninfoField>> parsedFields(const QString& conninfo)
{
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.toUtf8().constData(), &error);
    if (!options) {
        PQfreemem(error);
        return std::nullopt;
    }
    return setFields(options);
}

bool isPassword(const QByteArray& keyword)
{
    return keyword == "password" || keyword == "sslpassword";
}

} // namespace

QString PgConnection::redact(const QString& conninfo)
{
    if (conninfo.trimmed().isEmpty())
        return QStringLiteral("(from the environment)");
    const auto fields = parsedFields(conninfo);
    if (!fields)
        return QStringLiteral("(malformed connection string)");
    QStringList parts;
    for (const ConninfoField& field : *fields)
        parts.append(QString::fromLatin1(field.keyword) + QLatin1Char('=')
            + (isPassword(field.keyword) ? QStringLiteral("********") : field.value));
    return parts.join(QLatin1Char(' '));
}

QString PgConnection::withoutPassword(const QString& conninfo)
{
    if (conninfo.trimmed().isEmpty())
        return conninfo;
    const auto fields = parsedFields(conninfo);
    if (!fields)
        return conninfo;
    QStringList parts;
    for (const ConninfoField& field : *fields) {
        if (isPassword(field.keyword))
            continue;
        QString value = field.value;
        value.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('\''), QLatin1String("\\'"));
        const bool quote = value.isEmpty() || value.contains(QLatin1Char(' ')) || value.contains(QLatin1Char('\''));
        parts.append(QString::fromLatin1(field.keyword) + QLatin1Char('=')
            + (quote ? QLatin1Char('\'') + value + QLatin1Char('\'') : value));
    }
    return parts.join(QLatin1Char(' '));
}

QString PgConnection::farmKey(const QString& conninfo)
{
    QHash<QByteArray, QString> values;
    auto collect = [&values](const QList<ConninfoField>& fields) {
        for (const ConninfoField& field : fields) {
            if (!values.contains(field.keyword))
                values.insert(field.keyword, field.value);
        }
    };
    if (!conninfo.trimmed().isEmpty())
        collect(parsedFields(conninfo).value_or(QList<ConninfoField>()));
    collect(setFields(PQconndefaults())); // the environment and the compiled-in defaults, where the string is silent
    QString host = values.value("host", values.value("hostaddr")).section(QLatin1Char(','), 0, 0);
    if (host.isEmpty() || host.startsWith(QLatin1Char('/')))
        host = QStringLiteral("local");
    const QString port = values.value("port", QStringLiteral("5432")).section(QLatin1Char(','), 0, 0);
    const QString database = values.value("dbname", values.value("user"));
    return QStringLiteral("%1_%2_%3").arg(host, port, database);
}

} // namespace Paddock
