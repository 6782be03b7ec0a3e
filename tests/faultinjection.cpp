#include "faultinjection.h"

#include "testdatabase.h"

#include <arpa/inet.h>
#include <csignal>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace Paddock::Test {

qint64 postmasterPid()
{
    QFile file(qEnvironmentVariable("PADDOCK_PG_DIR") + QStringLiteral("/data/postmaster.pid"));
    if (qEnvironmentVariableIsEmpty("PADDOCK_PG_DIR") || !file.open(QIODevice::ReadOnly))
        return 0;
    return file.readLine().trimmed().toLongLong();
}

qint64 redisPid()
{
    return qEnvironmentVariable("PADDOCK_REDIS_PID").toLongLong();
}

QList<qint64> childrenOf(qint64 parent)
{
    QList<qint64> children;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& entry : entries) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1 && fields.at(1).toLongLong() == parent)
            children.append(pid);
    }
    return children;
}

Freeze::Freeze(QList<qint64> pids)
{
    const qint64 postmaster = postmasterPid();
    const QList<qint64> backends = childrenOf(postmaster);
    for (qint64 pid : pids) {
        const bool ofCluster = postmaster != 0 && (pid == postmaster || backends.contains(pid));
        if (!ofCluster && (pid == 0 || pid != redisPid()))
            qFatal("refusing to stop pid %lld: not a process of the private test cluster or redis-server", pid);
    }
    for (qint64 pid : pids) {
        if (::kill(pid_t(pid), SIGSTOP) == 0)
            m_pids.append(pid);
    }
}

Freeze::~Freeze()
{
    thaw();
}

QList<qint64> Freeze::wholeCluster()
{
    const qint64 postmaster = postmasterPid();
    if (postmaster == 0)
        return {};
    return QList<qint64> { postmaster } + childrenOf(postmaster);
}

void Freeze::thaw()
{
    for (qint64 pid : std::as_const(m_pids))
        ::kill(pid_t(pid), SIGCONT);
    m_pids.clear();
}

StallingProxy::StallingProxy(int upstreamPort)
    : m_upstreamPort(upstreamPort)
{
    m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (m_listen < 0 || ::bind(m_listen, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0
        || ::listen(m_listen, 16) != 0 || ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        qFatal("the test proxy cannot listen on 127.0.0.1");
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] { run(); });
}

StallingProxy::~StallingProxy()
{
    m_stop = true;
    m_thread.join();
    ::close(m_listen);
}

void StallingProxy::run()
{
    struct Pair {
        int client;
        int server;
    };
    std::vector<Pair> pairs;
    auto closeAll = [&pairs] {
        for (const Pair& pair : pairs) {
            ::close(pair.client);
            ::close(pair.server);
        }
        pairs.clear();
    };
    while (!m_stop) {
        if (m_drop.exchange(false))
            closeAll();
        std::vector<pollfd> descriptors;
        // Stalled: nothing is read or accepted; the kernel holds what arrives.
        if (!m_stalled) {
            descriptors.push_back({ m_listen, POLLIN, 0 });
            for (const Pair& pair : pairs) {
                descriptors.push_back({ pair.client, POLLIN, 0 });
                descriptors.push_back({ pair.server, POLLIN, 0 });
            }
        }
        // The timeout is how soon a change of mode or the end is seen.
        if (::poll(descriptors.data(), descriptors.size(), 20) <= 0)
            continue;
        const size_t polled = pairs.size();
        if (descriptors.at(0).revents & POLLIN) {
            const int client = ::accept(m_listen, nullptr, nullptr);
            const int server = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in address {};
            address.sin_family = AF_INET;
            address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            address.sin_port = htons(quint16(m_upstreamPort.load()));
            if (client >= 0 && server >= 0
                && ::connect(server, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
                pairs.push_back({ client, server });
            } else {
                ::close(client);
                ::close(server);
            }
        }
        std::vector<size_t> finished;
        for (size_t i = 0; i < polled; ++i) {
            const pollfd& fromClient = descriptors.at(1 + 2 * i);
            const pollfd& fromServer = descriptors.at(2 + 2 * i);
            bool open = true;
            for (const auto& [from, to] :
                { std::pair { &fromClient, pairs[i].server }, std::pair { &fromServer, pairs[i].client } }) {
                if (!open || !(from->revents & (POLLIN | POLLHUP | POLLERR)))
                    continue;
                char buffer[65536];
                const ssize_t read = ::read(from->fd, buffer, sizeof buffer);
                open = read > 0 && ::send(to, buffer, size_t(read), MSG_NOSIGNAL) == read;
            }
            if (!open)
                finished.push_back(i);
        }
        for (auto it = finished.rbegin(); it != finished.rend(); ++it) {
            ::close(pairs[*it].client);
            ::close(pairs[*it].server);
            pairs.erase(pairs.begin() + qsizetype(*it));
        }
    }
    closeAll();
}

namespace {

// Runs a PostgreSQL program as the cluster's owner: PostgreSQL refuses to run as root.
ProgramRun asOwner(const QString& program, const QStringList& arguments)
{
    const QString binDir = qEnvironmentVariable("PADDOCK_PG_BINDIR");
    if (::geteuid() == 0)
        return runProgram(QStringLiteral("runuser"),
            QStringList { QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"),
                binDir + QLatin1Char('/') + program }
                + arguments,
            90000);
    return runProgram(binDir + QLatin1Char('/') + program, arguments, 90000);
}

// A port on 127.0.0.1 that nothing listens on now (the kernel's choice of an ephemeral one).
int freePort()
{
    const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    int port = 0;
    if (probe >= 0 && ::bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0
        && ::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    if (probe >= 0)
        ::close(probe);
    return port;
}

} // namespace

ExtraCluster::ExtraCluster()
{
    if (qEnvironmentVariableIsEmpty("PADDOCK_PG_BINDIR")) {
        m_error = QStringLiteral("needs scripts/test (PADDOCK_PG_BINDIR)");
        return;
    }
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/paddock-extra-XXXXXX"));
    dir.setAutoRemove(false);
    m_dir = dir.path();
    if (::geteuid() == 0) {
        const passwd* owner = ::getpwnam("postgres");
        if (!owner || ::chown(qPrintable(m_dir), owner->pw_uid, owner->pw_gid) != 0) {
            m_error = QStringLiteral("cannot give %1 to the postgres user").arg(m_dir);
            return;
        }
    }
    const QString data = m_dir + QStringLiteral("/data");
    ProgramRun run = asOwner(QStringLiteral("initdb"),
        { QStringLiteral("-D"), data, QStringLiteral("-U"), QStringLiteral("postgres"), QStringLiteral("-A"),
            QStringLiteral("trust"), QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--no-sync") });
    if (run.exitCode != 0) {
        m_error = QStringLiteral("initdb failed: %1").arg(run.err);
        return;
    }
    const int port = freePort();
    run = asOwner(QStringLiteral("pg_ctl"),
        { QStringLiteral("-D"), data, QStringLiteral("-l"), m_dir + QStringLiteral("/server.log"), QStringLiteral("-o"),
            QStringLiteral("-c listen_addresses=127.0.0.1 -c port=%1 -c unix_socket_directories=%2 -c fsync=off")
                .arg(port)
                .arg(m_dir),
            QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("start") });
    if (run.exitCode != 0) {
        m_error = QStringLiteral("pg_ctl start failed: %1").arg(run.err);
        return;
    }
    m_port = port;
}

ExtraCluster::~ExtraCluster()
{
    if (m_port > 0)
        asOwner(QStringLiteral("pg_ctl"),
            { QStringLiteral("-D"), m_dir + QStringLiteral("/data"), QStringLiteral("-m"), QStringLiteral("immediate"),
                QStringLiteral("-w"), QStringLiteral("stop") });
    if (!m_dir.isEmpty())
        QDir(m_dir).removeRecursively();
}

QString ExtraCluster::conninfo(const QString& database) const
{
    return QStringLiteral("host=127.0.0.1 port=%1 user=postgres dbname=%2").arg(m_port).arg(database);
}

} // namespace Paddock::Test
