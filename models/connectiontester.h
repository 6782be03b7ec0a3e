#pragma once

#include <memory>
#include <QObject>
#include <QString>

namespace Paddock {

// Tries a connection string off the caller's thread (connect, schema check, privileges) and
// reports in one line; for the connection dialog's "Test" button.
class ConnectionTester : public QObject {
    Q_OBJECT

public:
    explicit ConnectionTester(QObject* parent = nullptr);
    ~ConnectionTester() override;

    // A new test supersedes a running one: only the latest answer is reported.
    void test(const QString& conninfo);

    struct Result {
        bool ok = false;
        QString message; // "connected to alice@db1:5432/farm, schema version 2, may flush" or the error
        bool canFlush = false;
    };

Q_SIGNALS:
    void finished(const Paddock::ConnectionTester::Result& result);

private:
    struct Shared;
    std::shared_ptr<Shared> m_shared;
};

} // namespace Paddock

Q_DECLARE_METATYPE(Paddock::ConnectionTester::Result)
