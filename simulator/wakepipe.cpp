#include "wakepipe.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace Paddock {

namespace {

volatile std::sig_atomic_t g_signal = 0;
volatile std::sig_atomic_t g_signalFd = -1;

void onTerminationSignal(int signal)
{
    if (g_signal != 0)
        _exit(128 + signal);
    g_signal = signal;
    const int savedErrno = errno;
    if (g_signalFd >= 0) {
        const char byte = 's';
        [[maybe_unused]] const auto written = ::write(g_signalFd, &byte, 1);
    }
    errno = savedErrno;
}

} // namespace

WakePipe::WakePipe()
{
    int fds[2] = { -1, -1 };
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
        m_read = fds[0];
        m_write = fds[1];
    }
}

WakePipe::~WakePipe()
{
    if (g_signalFd == m_write) {
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
        g_signalFd = -1;
    }
    if (m_read >= 0)
        ::close(m_read);
    if (m_write >= 0)
        ::close(m_write);
}

void WakePipe::wake()
{
    const char byte = 'w';
    // A full pipe already holds a wake-up: nothing is lost when the write fails.
    [[maybe_unused]] const auto written = ::write(m_write, &byte, 1);
}

bool WakePipe::waitUntil(Clock::time_point deadline)
{
    for (;;) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0)
            return false;
        pollfd fd { m_read, POLLIN, 0 };
        const int ready = ::poll(&fd, 1, int(std::min<long long>(left, 3'600'000)));
        if (ready < 0 && errno == EINTR)
            continue; // the handler wrote to the pipe: the next poll sees it
        if (ready <= 0)
            continue;
        char buffer[64];
        while (::read(m_read, buffer, sizeof buffer) > 0) { }
        return true;
    }
}

void WakePipe::catchTerminationSignals()
{
    g_signalFd = m_write;
    struct sigaction action = {};
    action.sa_handler = &onTerminationSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

bool WakePipe::signalled()
{
    return g_signal != 0;
}

int WakePipe::lastSignal()
{
    return g_signal;
}

} // namespace Paddock
