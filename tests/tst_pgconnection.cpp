#include "pgconnection.h"
#include "pgerror.h"
#include "testdatabase.h"

#include <QtTest>

using namespace Paddock;

class TestPgConnection : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void redact_data()
    {
        QTest::addColumn<QString>("conninfo");
        QTest::addColumn<QString>("expected");
        QTest::addRow("keywords") << QStringLiteral("host=db1 dbname=farm user=admin password=s3cret")
                                  << QStringLiteral("user=admin password=******** dbname=farm host=db1");
        QTest::addRow("uri") << QStringLiteral("postgresql://admin:s3cret@db1:5433/farm")
                             << QStringLiteral("user=admin password=******** dbname=farm host=db1 port=5433");
        QTest::addRow("quoted password") << QStringLiteral("host=db1 password='a b\\' c'")
                                         << QStringLiteral("password=******** host=db1");
        QTest::addRow("malformed") << QStringLiteral("host=db1 password s3cret")
                                   << QStringLiteral("(malformed connection string)");
        QTest::addRow("empty") << QString() << QStringLiteral("(from the environment)");
    }

    void redact()
    {
        QFETCH(QString, conninfo);
        QFETCH(QString, expected);
        const QString redacted = PgConnection::redact(conninfo);
        QCOMPARE(redacted, expected);
        QVERIFY(!redacted.contains(QLatin1String("s3cret")));
    }

    void arrayLiteral_data()
    {
        QTest::addColumn<QStringList>("elements");
        QTest::addColumn<QString>("literal");
        QTest::addRow("empty") << QStringList() << QStringLiteral("{}");
        QTest::addRow("plain") << QStringList { QStringLiteral("a"), QStringLiteral("b") }
                               << QStringLiteral("{\"a\",\"b\"}");
        QTest::addRow("quotes and backslashes") << QStringList { QStringLiteral("say \"hi\""),
            QStringLiteral("c:\\tmp") } << QStringLiteral("{\"say \\\"hi\\\"\",\"c:\\\\tmp\"}");
        QTest::addRow("null element") << QStringList { QString(), QStringLiteral("x") }
                                      << QStringLiteral("{NULL,\"x\"}");
    }

    void arrayLiteral()
    {
        QFETCH(QStringList, elements);
        QFETCH(QString, literal);
        QCOMPARE(PgConnection::arrayLiteral(elements), literal);
    }

    // The array literal goes to the server and comes back parsed: both directions agree.
    void arrayRoundTrip_data()
    {
        QTest::addColumn<QStringList>("elements");
        QTest::addRow("plain") << QStringList { QStringLiteral("a"), QStringLiteral("b c") };
        QTest::addRow("awkward") << QStringList { QStringLiteral("{x}"), QStringLiteral("a,b"), QStringLiteral("\"q\""),
            QStringLiteral("back\\slash"), QStringLiteral("NULL"), QStringLiteral("") };
        QTest::addRow("unicode") << QStringList { QStringLiteral("caf\u00e9"), QStringLiteral("\u65e5\u672c") };
    }

    void arrayRoundTrip()
    {
        QFETCH(QStringList, elements);
        if (!Test::requireCluster())
            return;
        PgConnection connection = PgConnection::open(QStringLiteral("dbname=postgres"));
        const PgResult result
            = connection.exec(QStringLiteral("SELECT $1::text[], cardinality($1::text[])"), { elements });
        QCOMPARE(result.integer(0, 1).value_or(-1), elements.size());
        QCOMPARE(result.array(0, 0), elements);
    }

    void nullAndTypedParameters()
    {
        if (!Test::requireCluster())
            return;
        PgConnection connection = PgConnection::open(QStringLiteral("dbname=postgres"));
        const PgResult result
            = connection.exec(QStringLiteral("SELECT $1::text IS NULL, $2::bigint + 1, $3::boolean, $4::float8"),
                { QVariant(), qint64(41), true, 2.5 });
        QCOMPARE(result.boolean(0, 0), std::optional<bool>(true));
        QCOMPARE(result.integer(0, 1), std::optional<qint64>(42));
        QCOMPARE(result.boolean(0, 2), std::optional<bool>(true));
        QCOMPARE(result.real(0, 3), std::optional<double>(2.5));
    }

    void serverErrorsCarrySqlState()
    {
        if (!Test::requireCluster())
            return;
        PgConnection connection = PgConnection::open(QStringLiteral("dbname=postgres"));
        try {
            connection.exec(QStringLiteral("SELECT 1 / 0"));
            QFAIL("division by zero did not throw");
        } catch (const PgError& error) {
            QCOMPARE(error.sqlState(), QStringLiteral("22012"));
            QVERIFY(!error.isConnectionError());
        }
        // The session survives a failed statement.
        QCOMPARE(connection.exec(QStringLiteral("SELECT 7")).scalar(), QStringLiteral("7"));
    }

    void sessionSettings()
    {
        if (!Test::requireCluster())
            return;
        ConnectOptions options;
        options.applicationName = QStringLiteral("paddock-tst");
        options.statementTimeoutMs = 1234;
        options.readOnly = true;
        PgConnection connection = PgConnection::open(QStringLiteral("dbname=postgres application_name=other"), options);
        const PgResult result = connection.exec(
            QStringLiteral("SELECT current_setting('application_name'), current_setting('statement_timeout'), "
                           "current_setting('default_transaction_read_only')"));
        QCOMPARE(result.text(0, 0), QStringLiteral("paddock-tst"));
        QCOMPARE(result.text(0, 1), QStringLiteral("1234ms"));
        QCOMPARE(result.text(0, 2), QStringLiteral("on"));
        try {
            connection.exec(QStringLiteral("CREATE TEMP TABLE t (a int)"));
            QFAIL("a read-only session could write");
        } catch (const PgError& error) {
            QCOMPARE(error.sqlState(), QStringLiteral("25006"));
        }
    }

    // The one-line explanation names the problem; a malformed string is never echoed (it may
    // hold the password).
    void describeConnectError_data()
    {
        QTest::addColumn<QString>("conninfo");
        QTest::addColumn<QString>("libpqMessage");
        QTest::addColumn<QString>("expected");
        QTest::addRow("malformed") << QStringLiteral("host=db1 password s3cret")
                                   << QStringLiteral("missing \"=\" after \"s3cret\"")
                                   << QStringLiteral("malformed connection string");
        QTest::addRow("unknown host")
            << QStringLiteral("host=nowhere")
            << QStringLiteral("could not translate host name \"nowhere\" to address: Name or service not known")
            << QStringLiteral("unknown host");
        QTest::addRow("refused") << QStringLiteral("host=db1")
                                 << QStringLiteral("connection to server at \"db1\" (10.0.0.1), port 5432 failed: "
                                                   "Connection refused\n\tIs the server running")
                                 << QStringLiteral("connection refused");
        QTest::addRow("authentication") << QStringLiteral("host=db1")
                                        << QStringLiteral("connection to server at \"db1\", port 5432 failed: FATAL:  "
                                                          "password authentication failed for user \"x\"")
                                        << QStringLiteral("authentication failed");
        QTest::addRow("no password") << QStringLiteral("host=db1")
                                     << QStringLiteral("fe_sendauth: no password supplied")
                                     << QStringLiteral("a password is needed");
        QTest::addRow("database missing")
            << QStringLiteral("host=db1 dbname=farm")
            << QStringLiteral(
                   "connection to server at \"db1\", port 5432 failed: FATAL:  database \"farm\" does not exist")
            << QStringLiteral("database missing");
        QTest::addRow("unknown user")
            << QStringLiteral("host=db1 user=bob")
            << QStringLiteral("connection to server at \"db1\", port 5432 failed: FATAL:  role \"bob\" does not exist")
            << QStringLiteral("unknown user");
        QTest::addRow("timeout") << QStringLiteral("host=db1") << QStringLiteral("timeout expired")
                                 << QStringLiteral("connection timed out");
    }

    void describeConnectError()
    {
        QFETCH(QString, conninfo);
        QFETCH(QString, libpqMessage);
        QFETCH(QString, expected);
        const QString described = PgConnection::describeConnectError(conninfo, libpqMessage);
        QVERIFY2(described.startsWith(expected), qPrintable(described));
        QVERIFY(!described.contains(QLatin1String("s3cret")));
        QVERIFY(!described.contains(QLatin1Char('\n')));
    }

    void realConnectionFailures_data()
    {
        QTest::addColumn<QString>("conninfo");
        QTest::addColumn<QString>("expected");
        QTest::addRow("refused") << QStringLiteral("host=127.0.0.1 port=1") << QStringLiteral("connection refused");
        QTest::addRow("database missing")
            << QStringLiteral("dbname=paddock_no_such_database") << QStringLiteral("database missing");
        QTest::addRow("unknown user") << QStringLiteral("dbname=postgres user=paddock_no_such_role")
                                      << QStringLiteral("unknown user");
    }

    void realConnectionFailures()
    {
        QFETCH(QString, conninfo);
        QFETCH(QString, expected);
        if (!Test::requireCluster())
            return;
        try {
            PgConnection::open(conninfo);
            QFAIL("the connection succeeded");
        } catch (const PgError& error) {
            QVERIFY2(error.message().startsWith(expected), qPrintable(error.message()));
            QVERIFY(error.isConnectionError());
        }
    }

    void passwordPromptIsAskedOnlyWhenNeeded()
    {
        if (!Test::requireCluster())
            return;
        int asked = 0;
        ConnectOptions options;
        options.passwordPrompt = [&asked](const QString&) {
            ++asked;
            return QString();
        };
        // Trust authentication: libpq never needs a password, so nobody is asked.
        PgConnection connection = PgConnection::open(QStringLiteral("dbname=postgres"), options);
        QVERIFY(connection.isOpen());
        QCOMPARE(asked, 0);
        QVERIFY(connection.promptedPassword().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPgConnection)
#include "tst_pgconnection.moc"
