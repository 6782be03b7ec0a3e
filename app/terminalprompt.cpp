#include "terminalprompt.h"

#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <poll.h>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace Paddock {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;

void onInterrupt(int)
{
    g_interrupted = 1;
}

// Reads one line from fd, giving up when the interrupt or SIGINT arrives: both are looked at every
// 100 ms, since the signal may be delivered to another thread than this one.
bool readLine(int fd, const PgInterrupt& interrupt, std::string* line)
{
    for (;;) {
        if (g_interrupted || (interrupt && interrupt->load()))
            return false;
        pollfd descriptor { fd, POLLIN, 0 };
        const int ready = ::poll(&descriptor, 1, 100);
        if (ready <= 0)
            continue;
        char c = 0;
        if (::read(fd, &c, 1) != 1 || c == '\n' || c == '\r')
            return true;
        line->push_back(c);
    }
}

} // namespace

QString askPasswordOnTerminal(const QString& prompt, const PgInterrupt& interrupt)
{
    const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY);
    if (fd < 0)
        return {};
    const QByteArray text = prompt.toLocal8Bit();
    if (::write(fd, text.constData(), size_t(text.size())) < 0) {
        ::close(fd);
        return {};
    }
    termios saved {};
    const bool isTerminal = tcgetattr(fd, &saved) == 0;
    if (isTerminal) {
        termios silent = saved;
        silent.c_lflag &= tcflag_t(~ECHO);
        tcsetattr(fd, TCSAFLUSH, &silent);
    }
    g_interrupted = 0;
    struct sigaction catching { };
    struct sigaction previous { };
    catching.sa_handler = onInterrupt;
    sigemptyset(&catching.sa_mask);
    sigaction(SIGINT, &catching, &previous);
    std::string line;
    const bool answered = readLine(fd, interrupt, &line);
    if (isTerminal)
        tcsetattr(fd, TCSAFLUSH, &saved);
    sigaction(SIGINT, &previous, nullptr);
    if (g_interrupted)
        ::raise(SIGINT); // now with the terminal as it was: the program's own handling, or the default
    if (!answered)
        line.clear();
    if (::write(fd, "\n", 1) < 0) {
        // Nothing to do: the answer is read already.
    }
    ::close(fd);
    QString password = QString::fromStdString(line);
    std::fill(line.begin(), line.end(), '\0');
    return password;
}

} // namespace Paddock
