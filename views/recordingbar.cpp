#include "recordingbar.h"

#include "displayformat.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

namespace Paddock {

namespace {

// How long the slider must rest before the recording is read at its new place.
constexpr int RestMs = 120;

QString clock(const QDateTime& time)
{
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace

RecordingBar::RecordingBar(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("recordingBar"));
    setAutoFillBackground(true);
    QPalette tinted = palette();
    tinted.setColor(QPalette::Window, QColor(0xd6, 0xe6, 0xf5)); // blue: a recording, not a warning
    tinted.setColor(QPalette::WindowText, Qt::black);
    setPalette(tinted);

    m_description = new QLabel(this);
    m_description->setTextFormat(Qt::PlainText); // names the recorded farm
    m_description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_time = new QLabel(this);
    m_time->setObjectName(QStringLiteral("recordingTime"));
    QFont bold = m_time->font();
    bold.setBold(true);
    m_time->setFont(bold);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("recordingSlider"));
    m_slider->setAccessibleName(tr("Position in the recording"));
    m_slider->setSingleStep(1);
    m_slider->setPageStep(60);
    m_slider->setToolTip(tr("Move through the recording (arrows: 1 s, Page Up/Down: 1 min)"));
    m_rest = new QTimer(this);
    m_rest->setSingleShot(true);
    m_rest->setInterval(RestMs);
    connect(m_rest, &QTimer::timeout, this, [this] { Q_EMIT seekRequested(m_position); });
    connect(m_slider, &QSlider::valueChanged, this, [this] {
        if (m_settingSlider)
            return;
        m_position = timeOfSlider();
        m_following = m_slider->value() == m_slider->maximum();
        updateLabels();
        requestSoon();
    });

    auto button = [this](const QString& text, const QString& tip, auto slot,
                      QStyle::StandardPixmap icon = QStyle::SP_CustomBase) {
        auto* b = new QToolButton(this);
        b->setText(text);
        if (icon != QStyle::SP_CustomBase) {
            b->setIcon(style()->standardIcon(icon));
            b->setToolButtonStyle(Qt::ToolButtonIconOnly);
        }
        b->setToolTip(tip);
        b->setAutoRaise(true);
        connect(b, &QToolButton::clicked, this, slot);
        return b;
    };
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_description);
    layout->addWidget(button(
        tr("Start"), tr("To the start of the recording (Alt+Home)"), [this] { toStart(); },
        QStyle::SP_MediaSkipBackward));
    layout->addWidget(button(tr("\u25c0 1 min"), tr("One minute back (Alt+Shift+Left)"), [this] { step(-60); }));
    layout->addWidget(button(tr("\u25c0 10 s"), tr("Ten seconds back (Alt+Left)"), [this] { step(-10); }));
    layout->addWidget(m_slider, 1);
    layout->addWidget(button(tr("10 s \u25b6"), tr("Ten seconds on (Alt+Right)"), [this] { step(10); }));
    layout->addWidget(button(tr("1 min \u25b6"), tr("One minute on (Alt+Shift+Right)"), [this] { step(60); }));
    layout->addWidget(button(
        tr("End"), tr("To the end, following new data (Alt+End)"), [this] { toEnd(); }, QStyle::SP_MediaSkipForward));
    layout->addWidget(m_time);
    updateLabels();
}

void RecordingBar::setRange(const QDateTime& first, const QDateTime& last)
{
    const bool follow = m_following;
    m_first = first;
    m_last = last;
    const qint64 span = first.isValid() && last.isValid() ? std::max<qint64>(0, first.secsTo(last)) : 0;
    m_settingSlider = true;
    m_slider->setRange(0, int(std::min<qint64>(span, std::numeric_limits<int>::max())));
    m_settingSlider = false;
    if (follow && m_position.isValid() && m_position < m_last) {
        // Following a recording still being written: the new end is the place to be.
        m_position = m_last;
        Q_EMIT seekRequested(m_last);
    }
    setPosition(m_position.isValid() ? m_position : m_last);
}

void RecordingBar::setPosition(const QDateTime& at)
{
    if (!at.isValid())
        return;
    m_position = at;
    m_settingSlider = true;
    m_slider->setValue(m_first.isValid() ? int(std::clamp<qint64>(m_first.secsTo(at), 0, m_slider->maximum())) : 0);
    m_settingSlider = false;
    updateLabels();
}

void RecordingBar::setDescription(const QString& text)
{
    m_description->setText(text);
}

void RecordingBar::step(int seconds)
{
    if (!m_position.isValid())
        return;
    QDateTime target = m_position.addSecs(seconds);
    target = std::clamp(target, m_first, m_last);
    m_position = target;
    m_following = target == m_last;
    setPosition(target);
    requestSoon();
}

void RecordingBar::toStart()
{
    m_following = false;
    setPosition(m_first);
    requestSoon();
}

void RecordingBar::toEnd()
{
    m_following = true;
    setPosition(m_last);
    requestSoon();
}

void RecordingBar::requestSoon()
{
    m_rest->start();
}

QDateTime RecordingBar::timeOfSlider() const
{
    if (m_slider->value() == m_slider->maximum())
        return m_last; // the end exactly, not its second
    return m_first.addSecs(m_slider->value());
}

void RecordingBar::updateLabels()
{
    if (!m_position.isValid()) {
        m_time->setText(tr("empty recording"));
        return;
    }
    const double behind = double(m_position.msecsTo(m_last)) / 1000.0;
    m_time->setText(behind < 0.5 ? tr("%1 (the end)").arg(clock(m_position))
                                 : tr("%1 (%2 before the end)").arg(clock(m_position), Format::duration(behind)));
    m_slider->setToolTip(tr("%1 \u2013 %2").arg(clock(m_first), clock(m_last)));
}

} // namespace Paddock
