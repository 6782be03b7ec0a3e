#pragma once

#include <atomic>
#include <QList>
#include <QString>
#include <thread>

// Faults for the tests of DESIGN.md section 4, acting only on what the tests started: the private
// cluster of scripts/test (its postmaster and backends, by pid), a cluster a test starts itself, and
// a proxy on the loopback interface.
namespace Paddock::Test {

// The postmaster of the private cluster of scripts/test (PADDOCK_PG_DIR), 0 when there is none.
qint64 postmasterPid();
// The private redis-server of scripts/test (PADDOCK_REDIS_PID), 0 when there is none.
qint64 redisPid();
// The processes whose parent is `parent`, from /proc.
QList<qint64> childrenOf(qint64 parent);

// Stops processes with SIGSTOP: sockets stay open and nothing answers. SIGCONT on thaw() and
// whatever happens to the test, on destruction. Refuses a pid that is not the private cluster's
// postmaster, one of its children or the private redis-server.
class Freeze {
public:
    explicit Freeze(QList<qint64> pids);
    ~Freeze();
    Freeze(const Freeze&) = delete;
    Freeze& operator=(const Freeze&) = delete;

    // Every process of the private cluster, postmaster first.
    static QList<qint64> wholeCluster();
    void thaw();
    bool isFrozen() const { return !m_pids.isEmpty(); }

private:
    QList<qint64> m_pids;
};

// A TCP proxy on 127.0.0.1 that forwards to a port on 127.0.0.1 and can stop forwarding (a stalled
// network: connections stay open, nothing passes) or drop every connection.
class StallingProxy {
public:
    explicit StallingProxy(int upstreamPort);
    ~StallingProxy();
    StallingProxy(const StallingProxy&) = delete;
    StallingProxy& operator=(const StallingProxy&) = delete;

    int port() const { return m_port; }
    void setStalled(bool stalled) { m_stalled = stalled; }
    // New connections go there; with dropConnections(), a switch to another server.
    void setUpstreamPort(int port) { m_upstreamPort = port; }
    void dropConnections() { m_drop = true; }

private:
    void run();

    int m_listen = -1;
    int m_port = 0;
    std::atomic<int> m_upstreamPort;
    std::atomic<bool> m_stalled { false };
    std::atomic<bool> m_drop { false };
    std::atomic<bool> m_stop { false };
    std::thread m_thread;
};

// A second private cluster on 127.0.0.1 and a free port, with a system identifier of its own:
// what a failover or a restore under the same address looks like to Paddock. Removed on destruction.
class ExtraCluster {
public:
    ExtraCluster();
    ~ExtraCluster();
    ExtraCluster(const ExtraCluster&) = delete;
    ExtraCluster& operator=(const ExtraCluster&) = delete;

    bool isRunning() const { return m_port > 0; }
    QString error() const { return m_error; }
    int port() const { return m_port; }
    // key=value connection string for `database` on it, as the superuser.
    QString conninfo(const QString& database) const;

private:
    QString m_dir;
    QString m_error;
    int m_port = 0;
};

} // namespace Paddock::Test
