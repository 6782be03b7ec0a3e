#include "terminalprompt.h"

#include <cstdio>
#include <fcntl.h>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace Paddock {

QString askPasswordOnTerminal(const QString& prompt)
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
    std::string line;
    char c = 0;
    while (::read(fd, &c, 1) == 1 && c != '\n' && c != '\r')
        line.push_back(c);
    if (isTerminal)
        tcsetattr(fd, TCSAFLUSH, &saved);
    if (::write(fd, "\n", 1) < 0) {
        // Nothing to do: the answer is read already.
    }
    ::close(fd);
    QString password = QString::fromStdString(line);
    std::fill(line.begin(), line.end(), '\0');
    return password;
}

} // namespace Paddock
