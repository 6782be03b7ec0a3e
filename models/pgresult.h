#pragma once

#include <memory>
#include <optional>
#include <QString>
#include <QStringList>

struct pg_result;

namespace Paddock {

// An owned libpq result. Rows and columns are zero-based; a NULL reads as a null QString.
class PgResult {
public:
    PgResult() = default;
    explicit PgResult(pg_result* result);

    int rows() const;
    int columns() const;
    int column(const char* name) const;
    QString columnName(int column) const;

    bool isNull(int row, int column) const;
    QString text(int row, int column) const;
    std::optional<qint64> integer(int row, int column) const;
    std::optional<double> real(int row, int column) const;
    std::optional<bool> boolean(int row, int column) const;
    // A one-dimensional text[] or bigint[] value, as text elements.
    QStringList array(int row, int column) const;

    // Affected rows of INSERT/UPDATE/DELETE, 0 otherwise.
    qint64 affectedRows() const;
    // The first column of the first row; convenient for scalar queries.
    QString scalar() const { return rows() > 0 && columns() > 0 ? text(0, 0) : QString(); }
    pg_result* raw() const { return m_result.get(); }

private:
    struct Deleter {
        void operator()(pg_result* r) const;
    };
    std::shared_ptr<pg_result> m_result;
};

} // namespace Paddock
