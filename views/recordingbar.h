#pragma once

#include <QDateTime>
#include <QWidget>

class QLabel;
class QSlider;
class QTimer;
class QToolButton;

namespace Paddock {

// The time slider of a replayed recording: where in the recording the window is, and buttons and
// keys to move. Dragging asks for the new moment once the hand rests (every move would be a read);
// at the end it follows a recording that is still being written.
class RecordingBar : public QWidget {
    Q_OBJECT

public:
    explicit RecordingBar(QWidget* parent = nullptr);

    // The span the recording holds (generated_at of its first and last snapshot).
    void setRange(const QDateTime& first, const QDateTime& last);
    // The moment shown, as the engine answered (does not emit seekRequested).
    void setPosition(const QDateTime& at);
    void setDescription(const QString& text);

    QDateTime first() const { return m_first; }
    QDateTime last() const { return m_last; }
    QDateTime position() const { return m_position; }
    bool isFollowing() const { return m_following; }
    QSlider* slider() const { return m_slider; }

public Q_SLOTS:
    void step(int seconds);
    void toStart();
    void toEnd();

Q_SIGNALS:
    void seekRequested(const QDateTime& at);

private:
    void updateLabels();
    QDateTime timeOfSlider() const;
    void requestSoon();

    QDateTime m_first;
    QDateTime m_last;
    QDateTime m_position;
    bool m_following = true; // at the end: stay there as the recording grows
    bool m_settingSlider = false;
    QLabel* m_description = nullptr;
    QLabel* m_time = nullptr;
    QSlider* m_slider = nullptr;
    QTimer* m_rest = nullptr;
};

} // namespace Paddock
