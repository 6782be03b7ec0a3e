#pragma once

#include <QObject>

class QSocketNotifier;

namespace Paddock {

// Turns SIGINT/SIGTERM into a Qt signal on the event loop (self-pipe: the handler only writes a byte).
class SignalWatcher : public QObject {
    Q_OBJECT

public:
    explicit SignalWatcher(QObject* parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void interrupted(int signalNumber);

private:
    QSocketNotifier* m_notifier = nullptr;
};

} // namespace Paddock
