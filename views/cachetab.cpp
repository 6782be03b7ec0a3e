#include "cachetab.h"

#include "displayformat.h"
#include "statusstyle.h"

#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Paddock {

CacheTab::CacheTab(QWidget* parent)
    : QStackedWidget(parent)
{
    setObjectName(u"cacheTab"_s);
    m_placeholder = new QLabel(
        tr("No Redis configured for this farm: connect with --redis redis://host:port or set it in the profile."),
        this);
    m_placeholder->setObjectName(u"cachePlaceholder"_s);
    m_placeholder->setTextFormat(Qt::PlainText);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setMargin(24);
    m_placeholder->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_chartsPage = new QWidget(this);
    auto* layout = new QVBoxLayout(m_chartsPage);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    m_summary = new QLabel(m_chartsPage);
    m_summary->setObjectName(u"cacheSummary"_s);
    m_summary->setTextFormat(Qt::PlainText); // it quotes Redis' error messages
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    auto* grid = new QGridLayout;
    grid->setSpacing(4);
    const CacheChart::Kind kinds[]
        = { CacheChart::Kind::Lookups, CacheChart::Kind::Evictions, CacheChart::Kind::Memory, CacheChart::Kind::Ping };
    for (int i = 0; i < 4; ++i) {
        auto* chart = new CacheChart(kinds[i], m_chartsPage);
        grid->addWidget(chart, i / 2, i % 2);
        m_charts.append(chart);
    }
    layout->addLayout(grid, 1);

    addWidget(m_placeholder);
    addWidget(m_chartsPage);
    setCurrentWidget(m_placeholder);
}

void CacheTab::setRedis(const std::optional<RedisFigures>& redis)
{
    setCurrentWidget(redis ? m_chartsPage : m_placeholder);
    m_summary->setText(redis ? summary(*redis) : QString());
}

void CacheTab::setRedisPoints(const QList<RedisPoint>* points)
{
    for (CacheChart* chart : std::as_const(m_charts))
        chart->setRedisPoints(points);
}

CacheChart* CacheTab::chart(CacheChart::Kind kind) const
{
    for (CacheChart* chart : m_charts) {
        if (chart->kind() == kind)
            return chart;
    }
    return nullptr;
}

QString CacheTab::summaryText() const
{
    return m_summary->text();
}

QString CacheTab::placeholderText() const
{
    return m_placeholder->text();
}

QString CacheTab::summary(const RedisFigures& redis)
{
    const QString status = statusName(redis.status);
    QStringList parts { StatusStyle::forStatus(status).glyph + u' ' + status, tr("Redis %1").arg(redis.address) };
    if (!redis.version.isEmpty())
        parts.append(redis.role.isEmpty() ? tr("version %1").arg(redis.version)
                                          : tr("version %1, %2").arg(redis.version, redis.role));
    const bool answers = redis.status == RedisStatus::Ok || redis.status == RedisStatus::Degraded;
    if (answers) {
        const auto count = [](const std::optional<qint64>& n) { return n ? Format::integer(*n) : Format::none(); };
        parts.append(tr("hit ratio %1").arg(Format::percent(redis.hitRatio)));
        parts.append(tr("%1 commands").arg(redis.opsPerS ? Format::rate(*redis.opsPerS) : Format::none()));
        parts.append(tr("memory %1").arg(Format::bytesOfLimit(redis.usedMemoryBytes, redis.maxMemoryBytes)));
        parts.append(tr("%1 clients").arg(count(redis.connectedClients)));
        parts.append(tr("%1 backplane subscribers").arg(count(redis.backplaneSubscribers)));
        parts.append(tr("PING p50 %1, p99 %2")
                         .arg(Format::milliseconds(redis.pingP50Ms), Format::milliseconds(redis.pingP99Ms)));
    }
    QString text = parts.join(u" \u00b7 "_s);
    if (!redis.reasons.isEmpty())
        text += u'\n' + redis.reasons.join(u"; "_s);
    return text;
}

} // namespace Paddock
