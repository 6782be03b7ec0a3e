#include "colourscheme.h"

#include "settings.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QEvent>
#include <QMenu>
#include <QStyle>

namespace Paddock {

namespace {

const QString Key = QStringLiteral("appearance/colour_scheme");

ColourScheme::Choice choiceOf(const QString& name)
{
    if (name == QLatin1String("dark"))
        return ColourScheme::Choice::Dark;
    if (name == QLatin1String("light"))
        return ColourScheme::Choice::Light;
    return ColourScheme::Choice::Desktop;
}

QString nameOf(ColourScheme::Choice choice)
{
    switch (choice) {
    case ColourScheme::Choice::Dark:
        return QStringLiteral("dark");
    case ColourScheme::Choice::Light:
        return QStringLiteral("light");
    case ColourScheme::Choice::Desktop:
        break;
    }
    return QStringLiteral("desktop");
}

} // namespace

ColourScheme::ColourScheme(Settings* settings, QObject* parent)
    : QObject(parent)
    , m_settings(settings)
    , m_choice(choiceOf(settings->value(Key).toString()))
{
    qApp->installEventFilter(this);
    if (m_choice != Choice::Desktop)
        apply();
}

ColourScheme::~ColourScheme() = default;

void ColourScheme::addActions(QMenu* menu)
{
    QMenu* colours = menu->addMenu(tr("&Colours"));
    m_group = new QActionGroup(this);
    const QList<QPair<Choice, QString>> choices { { Choice::Desktop, tr("Follow the &desktop") },
        { Choice::Light, tr("&Light") }, { Choice::Dark, tr("D&ark") } };
    for (const auto& [choice, label] : choices) {
        QAction* action = colours->addAction(label);
        action->setCheckable(true);
        action->setChecked(choice == m_choice);
        m_group->addAction(action);
        connect(action, &QAction::triggered, this, [this, choice = choice] { setChoice(choice); });
    }
}

void ColourScheme::setChoice(Choice choice)
{
    if (choice == m_choice)
        return;
    m_choice = choice;
    m_settings->setValue(Key, nameOf(choice));
    apply();
}

void ColourScheme::apply()
{
    // An empty palette resolves entirely to the desktop's, and follows it when it changes again.
    if (m_choice == Choice::Desktop)
        QApplication::setPalette(QPalette());
    else
        QApplication::setPalette(m_choice == Choice::Dark ? darkPalette() : lightPalette());
}

bool ColourScheme::eventFilter(QObject* watched, QEvent* event)
{
    const QEvent::Type type = event->type();
    if (watched == qApp && (type == QEvent::ApplicationPaletteChange || type == QEvent::ThemeChange))
        Q_EMIT schemeChanged();
    return QObject::eventFilter(watched, event);
}

QPalette ColourScheme::darkPalette()
{
    // Close to the dark palettes of Breeze and Adwaita: a dark grey window, a darker base.
    const QColor window(0x2b, 0x2e, 0x33);
    const QColor base(0x1e, 0x20, 0x24);
    const QColor text(0xe8, 0xe8, 0xe8);
    const QColor disabledText(0x8a, 0x8d, 0x91);
    QPalette palette(window);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, QColor(0x26, 0x29, 0x2d));
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, QColor(0x33, 0x37, 0x3c));
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, Qt::white);
    palette.setColor(QPalette::ToolTipBase, QColor(0x33, 0x37, 0x3c));
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa3, 0xa7));
    palette.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xc6));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xee));
    palette.setColor(QPalette::LinkVisited, QColor(0xb0, 0x8c, 0xe0));
    palette.setColor(QPalette::Light, QColor(0x45, 0x4a, 0x50));
    palette.setColor(QPalette::Midlight, QColor(0x3a, 0x3e, 0x44));
    palette.setColor(QPalette::Mid, QColor(0x24, 0x27, 0x2b));
    palette.setColor(QPalette::Dark, QColor(0x18, 0x1a, 0x1d));
    palette.setColor(QPalette::Shadow, Qt::black);
    for (const QPalette::ColorRole role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
        palette.setColor(QPalette::Disabled, role, disabledText);
    return palette;
}

QPalette ColourScheme::lightPalette()
{
    QPalette palette = QApplication::style()->standardPalette();
    // Every role counts as chosen, so the desktop's dark palette does not show through.
    for (int role = 0; role < QPalette::NColorRoles; ++role) {
        if (role == QPalette::NoRole)
            continue;
        for (const QPalette::ColorGroup group : { QPalette::Active, QPalette::Inactive, QPalette::Disabled }) {
            const auto r = QPalette::ColorRole(role);
            palette.setColor(group, r, palette.color(group, r));
        }
    }
    return palette;
}

} // namespace Paddock
