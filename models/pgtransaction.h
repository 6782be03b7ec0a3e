#pragma once

#include <QString>

namespace Paddock {

class PgConnection;

// BEGIN on construction, ROLLBACK on destruction unless commit() ran: an exception half-way
// leaves no partial change and no open transaction behind.
class PgTransaction {
public:
    enum class Mode { ReadWrite, RepeatableReadOnly };

    explicit PgTransaction(PgConnection& connection, Mode mode = Mode::ReadWrite);
    ~PgTransaction();
    PgTransaction(const PgTransaction&) = delete;
    PgTransaction& operator=(const PgTransaction&) = delete;

    void commit();

private:
    PgConnection& m_connection;
    bool m_done = false;
};

} // namespace Paddock
