#include "summarystrip.h"

#include "statusstyle.h"
#include "summarytile.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace Paddock {

namespace {

SummaryTile::Level tileLevel(SummaryPolicy::Level level)
{
    switch (level) {
    case SummaryPolicy::Level::Ok:
        return SummaryTile::Level::Ok;
    case SummaryPolicy::Level::Warning:
        return SummaryTile::Level::Warning;
    case SummaryPolicy::Level::Critical:
        return SummaryTile::Level::Critical;
    case SummaryPolicy::Level::Neutral:
        break;
    }
    return SummaryTile::Level::Neutral;
}

} // namespace

SummaryStrip::SummaryStrip(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto* row = new QHBoxLayout;
    row->setContentsMargins(6, 6, 6, 0);
    row->setSpacing(6);
    const QStringList titles = SummaryPolicy::titles();
    for (int i = 0; i < titles.size(); ++i) {
        auto* tile = new SummaryTile(titles.at(i), this);
        row->addWidget(tile);
        m_tiles.append(tile);
        connect(tile, &SummaryTile::clicked, this, [this, i] { Q_EMIT tileClicked(SummaryPolicy::Tile(i)); });
    }
    layout->addLayout(row);

    m_banner = new QLabel(this);
    m_banner->setTextFormat(Qt::PlainText); // it quotes the database's error messages
    m_banner->setWordWrap(true);
    m_banner->setMargin(6);
    m_banner->setAutoFillBackground(true);
    colourBanner();
    m_banner->hide();
    layout->addWidget(m_banner);
}

void SummaryStrip::colourBanner()
{
    QPalette bannerPalette = m_banner->palette();
    const QColor colour = StatusStyle::forStatus(QStringLiteral("degraded")).colour;
    bannerPalette.setColor(QPalette::Window, colour);
    bannerPalette.setColor(QPalette::WindowText, StatusStyle::textOn(colour));
    m_banner->setPalette(bannerPalette);
}

QColor SummaryStrip::bannerColour() const
{
    return m_banner->palette().color(QPalette::Window);
}

void SummaryStrip::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange)
        colourBanner();
    QWidget::changeEvent(event);
}

void SummaryStrip::showTiles(const SummaryPolicy& policy)
{
    const QList<SummaryPolicy::TileText> texts = policy.tiles();
    for (int i = 0; i < m_tiles.size(); ++i) {
        m_tiles.at(i)->setValue(texts.at(i).value, texts.at(i).detail, tileLevel(texts.at(i).level));
        m_tiles.at(i)->setHidden(texts.at(i).hidden);
    }
}

void SummaryStrip::showBanner(const QString& text)
{
    m_banner->setText(text);
    m_banner->setVisible(!text.isEmpty());
}

void SummaryStrip::setStale(bool stale)
{
    for (int i = 0; i < m_tiles.size(); ++i)
        m_tiles.at(i)->setStale(stale && i != SummaryPolicy::ConnectionTile);
}

QString SummaryStrip::bannerText() const
{
    return m_banner->text();
}

bool SummaryStrip::isBannerVisible() const
{
    return m_banner->isVisible();
}

} // namespace Paddock
