#pragma once

#include <QFrame>

namespace Paddock {

// One figure of the farm-at-a-glance strip: a title, a big value, a line of detail, and a level
// shown by colour and by glyph. Clicking it (or Enter/Space when focused) asks the window to show
// the view that explains it.
class SummaryTile : public QFrame {
    Q_OBJECT

public:
    enum class Level { Neutral, Ok, Warning, Critical };

    explicit SummaryTile(const QString& title, QWidget* parent = nullptr);

    void setValue(const QString& value, const QString& detail, Level level);
    void setStale(bool stale);

    QString title() const { return m_title; }
    QString value() const { return m_value; }
    QString detail() const { return m_detail; }
    Level level() const { return m_level; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void clicked();

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    QString m_title;
    QString m_value;
    QString m_detail;
    Level m_level = Level::Neutral;
    bool m_stale = false;
};

} // namespace Paddock
