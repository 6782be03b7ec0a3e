#include "instancedetaildialog.h"

#include "deliverybrowser.h"
#include "displayformat.h"
#include "eventtimeline.h"
#include "glyphdelegate.h"
#include "plaintooltips.h"
#include "statusstyle.h"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QScrollBar>
#include <QTableWidget>
#include <QTabWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

enum ProbeColumn {
    ProbeStorage,
    ProbeKind,
    ProbeResult,
    ProbeLatency,
    ProbeFree,
    ProbeAge,
    ProbeError,
    ProbeColumnCount
};
constexpr int ProbeStatusRole = Qt::UserRole;

QString ago(const QDateTime& then, const QDateTime& now)
{
    if (!then.isValid())
        return InstanceDetailDialog::tr("never");
    if (!now.isValid())
        return Format::dateTime(then);
    return InstanceDetailDialog::tr("%1 ago").arg(Format::duration(double(then.msecsTo(now)) / 1000.0));
}

QString latencyLine(const LatencyStats& stats)
{
    if (stats.count == 0)
        return InstanceDetailDialog::tr("%1 (no cache delivery in the window)").arg(Format::none());
    return InstanceDetailDialog::tr("p50 %1 \u00b7 p95 %2 \u00b7 p99 %3 \u00b7 max %4 (%5 deliveries)")
        .arg(Format::milliseconds(stats.p50), Format::milliseconds(stats.p95), Format::milliseconds(stats.p99),
            Format::milliseconds(stats.max), Format::integer(stats.count));
}

QLabel* valueLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}

QTableWidgetItem* cell(const QString& text, const QString& toolTip = {})
{
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    if (!toolTip.isEmpty())
        item->setToolTip(PlainToolTips::literal(toolTip)); // errors and names written by instances
    return item;
}

} // namespace

InstanceDetailDialog::InstanceDetailDialog(qint64 serverId, Engine* engine, EventModel* events, QWidget* parent)
    : QDialog(parent)
    , m_serverId(serverId)
{
    setModal(false);
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Instance #%1").arg(serverId));

    QLayout* header = createHeader();
    QWidget* overview = createOverview();

    m_deliveries = new DeliveryBrowser(this);
    m_deliveries->setInstanceFilterVisible(false);
    m_deliveries->showPendingOf(serverId);
    m_deliveries->setEngine(engine);

    m_events = new EventTimeline(events, this);
    m_events->setServerFilter(serverId);
    m_events->setInstanceFilterVisible(false);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(overview, tr("&Overview"));
    m_tabs->addTab(m_deliveries, tr("&Deliveries"));
    m_tabs->addTab(m_events, tr("&Events"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);
    m_tabs->setFocus();
    resize(860, 680);
}

QLayout* InstanceDetailDialog::createHeader()
{
    m_glyph = new QLabel(this);
    m_glyph->setTextFormat(Qt::PlainText);
    QFont glyphFont = m_glyph->font();
    glyphFont.setPointSizeF(glyphFont.pointSizeF() * 2.0);
    m_glyph->setFont(glyphFont);
    m_glyph->setAlignment(Qt::AlignCenter);
    m_glyph->setMinimumWidth(m_glyph->fontMetrics().horizontalAdvance(u"\u2716"_s) + 8);

    m_title = new QLabel(this);
    m_title->setObjectName(u"title"_s);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_subtitle = valueLabel(this);
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);
    m_status = valueLabel(this);
    m_status->setObjectName(u"status"_s);
    QFont statusFont = m_status->font();
    statusFont.setBold(true);
    m_status->setFont(statusFont);
    m_gone = valueLabel(this);
    m_gone->setObjectName(u"gone"_s);
    m_gone->hide();
    m_blockedBy = valueLabel(this);
    m_blockedBy->setObjectName(u"blockedBy"_s);
    m_blockedBy->setWordWrap(true);
    m_blockedBy->hide();

    auto* header = new QHBoxLayout;
    header->addWidget(m_glyph, 0, Qt::AlignTop);
    auto* headerText = new QVBoxLayout;
    headerText->setSpacing(2);
    headerText->addWidget(m_title);
    headerText->addWidget(m_subtitle);
    headerText->addWidget(m_status);
    headerText->addWidget(m_gone);
    headerText->addWidget(m_blockedBy);
    header->addLayout(headerText, 1);
    return header;
}

// Overview: figures, probes, charts.
QWidget* InstanceDetailDialog::createOverview()
{
    auto* overview = new QWidget(this);
    createFigures(overview);
    QWidget* probesBox = createProbeTable(overview);

    m_chartArea = new QWidget(overview);
    m_chartArea->setObjectName(u"chartArea"_s);
    auto* chartLayout = new QVBoxLayout(m_chartArea);
    chartLayout->setContentsMargins(0, 0, 0, 0);

    auto* overviewLayout = new QVBoxLayout(overview);
    overviewLayout->addWidget(m_figuresBox);
    overviewLayout->addWidget(probesBox);
    overviewLayout->addWidget(m_chartArea, 1);
    return overview;
}

void InstanceDetailDialog::createFigures(QWidget* overview)
{
    m_figuresBox = new QGroupBox(tr("Figures"), overview);
    m_grid = new QGridLayout(m_figuresBox);
    m_grid->setHorizontalSpacing(12);
    m_grid->setColumnStretch(1, 1);
    m_grid->setColumnStretch(3, 1);
    m_grid->setColumnMinimumWidth(2, 0);
    addFigure(0, tr("Last heartbeat"), tr("Time since the database last received a heartbeat from this instance"));
    addFigure(0, tr("Clock skew"), tr("Median of the instance clock minus the database clock over its heartbeats"));
    addFigure(0, tr("Backlog"), tr("Deliveries waiting for this instance"));
    addFigure(0, tr("Oldest pending"), tr("Age of the oldest delivery waiting for this instance"));
    addFigure(0, tr("Processed"), tr("Deliveries this instance processed in the window"));
    addFigure(0, tr("Failed"), tr("Deliveries this instance processed with an error in the window"));
    addFigure(1, tr("Cache hit ratio"), tr("Hits over hits and misses between the first and last heartbeat"));
    addFigure(1, tr("Cache items"), tr("From the latest heartbeat"));
    addFigure(1, tr("Memory"), tr("From the latest heartbeat"));
    addFigure(1, tr("Enabled"));
    addFigure(1, tr("Registered"));
    addFigure(1, tr("Started"));
    addFigure(1, tr("Stopped"));
    addFigure(-1, tr("Cache latency"),
        tr("Cache-invalidation latency: from task creation to processing, database clock, successful cache tasks"));
}

QWidget* InstanceDetailDialog::createProbeTable(QWidget* overview)
{
    auto* probesBox = new QGroupBox(tr("Latest probe of each storage"), overview);
    m_probes = new QTableWidget(0, ProbeColumnCount, probesBox);
    m_probes->setObjectName(u"probes"_s);
    m_probes->setHorizontalHeaderLabels(
        { tr("Storage"), tr("Kind"), tr("Result"), tr("Latency"), tr("Free"), tr("Probed"), tr("Error") });
    m_probes->verticalHeader()->hide();
    m_probes->verticalHeader()->setDefaultSectionSize(m_probes->fontMetrics().height() + 6);
    m_probes->horizontalHeader()->setStretchLastSection(true);
    m_probes->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_probes->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_probes->setAlternatingRowColors(true);
    m_probes->setWordWrap(false);
    m_probes->setItemDelegateForColumn(ProbeResult,
        new GlyphDelegate(
            [](const QModelIndex& index) {
                const QString status = index.data(ProbeStatusRole).toString();
                if (status.isEmpty())
                    return std::optional<GlyphDelegate::Glyph>();
                const StatusStyle style = StatusStyle::forStatus(status);
                return std::optional(GlyphDelegate::Glyph { style.glyph, style.colour });
            },
            m_probes));
    auto* probesLayout = new QVBoxLayout(probesBox);
    probesLayout->addWidget(m_probes);
    return probesBox;
}

InstanceDetailDialog::~InstanceDetailDialog() = default;

QLabel* InstanceDetailDialog::addFigure(int column, const QString& label, const QString& toolTip)
{
    QLabel* value = valueLabel(this);
    value->setWordWrap(false);
    value->setToolTip(toolTip);
    auto* name = new QLabel(tr("%1:").arg(label), this);
    name->setToolTip(toolTip);
    name->setBuddy(value);
    if (column < 0) {
        const int row = std::max(m_gridRows[0], m_gridRows[1]);
        m_grid->addWidget(name, row, 0);
        m_grid->addWidget(value, row, 1, 1, 3);
        m_gridRows[0] = m_gridRows[1] = row + 1;
    } else {
        const int row = m_gridRows[column]++;
        m_grid->addWidget(name, row, column * 2);
        m_grid->addWidget(value, row, column * 2 + 1);
    }
    m_figures.insert(label, value);
    return value;
}

QString InstanceDetailDialog::figureText(const QString& label) const
{
    const QLabel* value = m_figures.value(label);
    return value ? value->text() : QString();
}

QString InstanceDetailDialog::statusText() const
{
    return m_status->text();
}

void InstanceDetailDialog::setLive(bool live)
{
    m_status->setEnabled(live);
    m_figuresBox->setEnabled(live);
    m_probes->setEnabled(live);
    if (!live) {
        const StatusStyle gone = StatusStyle::forStatus(u"stopped"_s);
        m_glyph->setText(gone.glyph);
        QPalette palette = m_glyph->palette();
        palette.setColor(QPalette::WindowText, gone.colour);
        m_glyph->setPalette(palette);
    }
}

void InstanceDetailDialog::showPage(Page page)
{
    m_tabs->setCurrentIndex(int(page));
}

void InstanceDetailDialog::setSnapshot(const FarmSnapshot& snapshot, const QList<ProbeRow>& latestProbes)
{
    QHash<qint64, QString> names;
    const ServerFigures* figures = nullptr;
    for (const ServerFigures& server : snapshot.servers) {
        names.insert(server.server.id, server.server.name);
        if (server.server.id == m_serverId)
            figures = &server;
    }
    m_deliveries->setServers(names);

    if (!figures) {
        // Keep the last figures readable, but say they are no longer live.
        m_gone->setText(m_seen ? tr("%1 This instance is no longer in the farm; the figures are the last ones seen.")
                                     .arg(StatusStyle::forStatus(u"stopped"_s).glyph)
                               : tr("This instance is not in the farm's current state."));
        m_gone->show();
        setLive(false);
        return;
    }
    m_gone->hide();
    setLive(true);
    m_seen = true;
    updateFigures(*figures, snapshot);
    updateProbes(snapshot, latestProbes);
}

void InstanceDetailDialog::updateFigures(const ServerFigures& figures, const FarmSnapshot& snapshot)
{
    const ServerRow& server = figures.server;
    m_name = server.name;
    setWindowTitle(tr("%1 \u2014 Paddock").arg(server.name));
    m_title->setText(server.name);
    QStringList where;
    if (!server.displayName.isEmpty() && server.displayName != server.name)
        where.append(server.displayName);
    if (!server.host.isEmpty())
        where.append(server.host);
    if (!server.zone.isEmpty())
        where.append(tr("zone %1").arg(server.zone));
    if (!server.version.isEmpty())
        where.append(tr("version %1").arg(server.version));
    where.append(tr("id %1").arg(server.id));
    m_subtitle->setText(where.join(u"  \u00b7  "_s));

    const StatusStyle style = StatusStyle::forStatus(statusName(figures.status));
    m_glyph->setText(style.glyph);
    m_glyph->setToolTip(style.label);
    m_glyph->setAccessibleName(style.label);
    QPalette glyphPalette = m_glyph->palette();
    glyphPalette.setColor(QPalette::WindowText, style.colour);
    m_glyph->setPalette(glyphPalette);
    QString status = style.label;
    if (!figures.reasons.isEmpty())
        status = tr("%1: %2").arg(status, figures.reasons.join(u"; "_s));
    else if (figures.status == ServerStatus::Stopped)
        status = tr("%1 at %2 (graceful stop)").arg(status, Format::dateTime(server.stoppedAt));
    else if (figures.status == ServerStatus::Disabled)
        status = tr("%1: it receives no tasks").arg(status);
    m_status->setText(status);
    // What its sessions wait on in the database, with the holder's query.
    const QStringList blockers
        = snapshot.database ? Database::blockers(*snapshot.database, server.name) : QStringList();
    m_blockedBy->setText(
        blockers.isEmpty() ? QString() : tr("Waiting in the database on %1").arg(blockers.join(u"; "_s)));
    m_blockedBy->setVisible(!blockers.isEmpty());

    m_figuresBox->setTitle(tr("Figures over the last %1 s").arg(snapshot.windowS));
    auto set = [this](const QString& label, const QString& text) {
        if (QLabel* value = m_figures.value(label))
            value->setText(text);
    };
    set(tr("Last heartbeat"),
        figures.lastHeartbeatAgeS ? tr("%1 ago").arg(Format::duration(figures.lastHeartbeatAgeS)) : tr("never"));
    set(tr("Clock skew"), Format::signedMilliseconds(figures.clockSkewMs));
    set(tr("Backlog"),
        figures.backlog == 1 ? tr("1 delivery") : tr("%1 deliveries").arg(Format::integer(figures.backlog)));
    set(tr("Oldest pending"), Format::duration(figures.oldestPendingAgeS));
    set(tr("Processed"),
        tr("%1 (%2 in %3 s)")
            .arg(Format::rate(figures.deliveriesProcessedPerS), Format::integer(figures.deliveriesProcessed))
            .arg(snapshot.windowS));
    set(tr("Failed"), Format::integer(figures.deliveriesFailed));
    set(tr("Cache latency"), latencyLine(figures.cacheLatency));
    set(tr("Cache hit ratio"), Format::percent(figures.cacheHitRatio));
    set(tr("Cache items"), figures.cacheItems ? Format::integer(*figures.cacheItems) : Format::none());
    set(tr("Memory"), Format::bytes(figures.memoryBytes));
    set(tr("Enabled"), server.enabled ? tr("yes") : tr("no: it receives no tasks"));
    set(tr("Registered"), server.registeredAt.isValid() ? Format::dateTime(server.registeredAt) : Format::none());
    set(tr("Started"), server.startedAt.isValid() ? Format::dateTime(server.startedAt) : Format::none());
    set(tr("Stopped"), server.stoppedAt.isValid() ? Format::dateTime(server.stoppedAt) : tr("running"));
}

void InstanceDetailDialog::updateProbes(const FarmSnapshot& snapshot, const QList<ProbeRow>& latestProbes)
{
    QHash<qint64, const ProbeRow*> probeOf;
    for (const ProbeRow& probe : latestProbes) {
        if (probe.serverId == m_serverId)
            probeOf.insert(probe.storageId, &probe);
    }
    const bool reshaped = m_probes->rowCount() != int(snapshot.storage.size());
    m_probes->setRowCount(int(snapshot.storage.size()));
    int row = 0;
    for (const StorageFigures& storage : snapshot.storage) {
        const ProbeRow* probe = probeOf.value(storage.storage.id);
        m_probes->setItem(row, ProbeStorage, cell(storage.storage.name, storage.storage.location));
        m_probes->setItem(row, ProbeKind, cell(storage.storage.kind));
        QTableWidgetItem* result = nullptr;
        if (!probe) {
            result = cell(tr("no probe"), tr("This instance has not probed this storage"));
        } else if (probe->ok) {
            result = cell(tr("OK"));
            result->setData(ProbeStatusRole, u"ok"_s);
        } else {
            result = cell(tr("Failed"));
            result->setData(ProbeStatusRole, u"failing"_s);
        }
        m_probes->setItem(row, ProbeResult, result);
        m_probes->setItem(row, ProbeLatency, cell(probe ? Format::milliseconds(probe->latencyMs) : QString()));
        m_probes->item(row, ProbeLatency)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_probes->setItem(row, ProbeFree, cell(probe ? Format::bytes(probe->freeBytes) : QString()));
        m_probes->item(row, ProbeFree)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_probes->setItem(row, ProbeAge,
            cell(probe ? ago(probe->probedAt, snapshot.generatedAt) : QString(),
                probe ? Format::isoUtc(probe->probedAt) : QString()));
        m_probes->setItem(row, ProbeError, cell(probe ? probe->error : QString(), probe ? probe->error : QString()));
        ++row;
    }
    if (reshaped) { // not on every update: columns that jump while being read are hard to read
        m_probes->resizeColumnsToContents();
        const int rows = std::max(1, m_probes->rowCount());
        m_probes->setFixedHeight(m_probes->horizontalHeader()->sizeHint().height()
            + rows * m_probes->verticalHeader()->defaultSectionSize() + 2 * m_probes->frameWidth()
            + (m_probes->horizontalScrollBar()->isVisible() ? m_probes->horizontalScrollBar()->height() : 0));
    }
}

} // namespace Paddock
