#pragma once

#include "summarypolicy.h"

#include <QWidget>

class QLabel;

namespace Paddock {

class SummaryTile;

// The farm at a glance: a tile per figure the farm has (the Redis tile only with a Redis) and,
// under them, the banner that says when the figures cannot be trusted. What they say comes from SummaryPolicy; a tile
// clicked asks for the view that explains it.
class SummaryStrip : public QWidget {
    Q_OBJECT

public:
    explicit SummaryStrip(QWidget* parent = nullptr);

    void showTiles(const SummaryPolicy& policy);
    // Empty: hidden.
    void showBanner(const QString& text);
    // Greys every tile but the connection's, which says why.
    void setStale(bool stale);

    QList<SummaryTile*> tiles() const { return m_tiles; }
    QString bannerText() const;
    bool isBannerVisible() const;
    QColor bannerColour() const;

protected:
    // The banner's colour follows the light or dark palette.
    void changeEvent(QEvent* event) override;

Q_SIGNALS:
    void tileClicked(Paddock::SummaryPolicy::Tile tile);

private:
    void colourBanner();

    QList<SummaryTile*> m_tiles; // in the order of SummaryPolicy::Tile
    QLabel* m_banner = nullptr;
};

} // namespace Paddock
