#pragma once

#include "statusstyle.h"

#include <QObject>
#include <QPalette>

class QActionGroup;
class QMenu;

namespace Paddock {

class Settings;

// Light or dark: the window follows the desktop's palette, at start and whenever it changes, or the
// one chosen in View › Colours (appearance/colour_scheme: desktop, light or dark). The status colours
// follow (StatusStyle reads the application palette); schemeChanged() tells what keeps a colour of
// its own (a banner, the tray icon) to pick it again.
class ColourScheme : public QObject {
    Q_OBJECT

public:
    enum class Choice { Desktop, Light, Dark };

    explicit ColourScheme(Settings* settings, QObject* parent = nullptr);
    ~ColourScheme() override;

    void addActions(QMenu* menu);
    Choice choice() const { return m_choice; }
    void setChoice(Choice choice);
    StatusStyle::Scheme scheme() const { return StatusStyle::currentScheme(); }

    // Complete palettes (every role set), for a desktop that offers only the other one.
    static QPalette darkPalette();
    static QPalette lightPalette();

Q_SIGNALS:
    void schemeChanged();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void apply();

    Settings* m_settings;
    Choice m_choice = Choice::Desktop;
    QActionGroup* m_group = nullptr;
};

} // namespace Paddock
