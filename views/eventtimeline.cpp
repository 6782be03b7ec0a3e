#include "eventtimeline.h"

#include "eventmodel.h"
#include "glyphdelegate.h"
#include "instancecombo.h"
#include "plaintooltips.h"
#include "statusstyle.h"

#include <algorithm>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QShortcut>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

std::optional<GlyphDelegate::Glyph> severityGlyph(const QString& severity)
{
    if (severity == u"error"_s) {
        const StatusStyle style = StatusStyle::forStatus(u"failing"_s);
        return GlyphDelegate::Glyph { style.glyph, style.colour };
    }
    if (severity == u"warning"_s) {
        const StatusStyle style = StatusStyle::forStatus(u"degraded"_s);
        return GlyphDelegate::Glyph { style.glyph, style.colour };
    }
    // Info is most of the list: a quiet mark in the text colour lets the others stand out.
    return GlyphDelegate::Glyph { u"\u00b7"_s, QColor() };
}

} // namespace

EventTimeline::EventTimeline(EventModel* model, QWidget* parent)
    : QWidget(parent)
{
    m_proxy = new EventFilterProxy(this);
    createFilters();
    createTable();

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    filters->addWidget(m_severity);
    filters->addWidget(m_instance);
    filters->addWidget(m_count);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);

    auto* find = new QShortcut(QKeySequence::Find, this);
    find->setContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QShortcut::activated, this, &EventTimeline::focusSearch);

    connect(m_search, &QLineEdit::textChanged, m_proxy, &EventFilterProxy::setSearchText);
    connect(m_severity, &QComboBox::currentIndexChanged, this,
        [this] { m_proxy->setSeverityFilter(EventFilterProxy::SeverityFilter(m_severity->currentData().toInt())); });
    connect(m_instance, &QComboBox::currentIndexChanged, this, [this] {
        const qint64 id = m_instance->currentData().toLongLong();
        m_proxy->setServerIds(id != 0 ? QSet<qint64> { id } : QSet<qint64> {});
    });
    auto activate = [this](const QModelIndex& index) {
        if (index.isValid())
            Q_EMIT eventActivated(
                index.data(EventModel::ServerIdRole).toLongLong(), index.data(EventModel::TimestampRole).toDateTime());
    };
    connect(m_view, &QTableView::activated, this, activate);
    for (auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(m_proxy, signal, this, &EventTimeline::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &EventTimeline::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &EventTimeline::updateCount);

    setFocusProxy(m_view);
    setModel(model);
}

void EventTimeline::createFilters()
{
    m_search = new QLineEdit(this);
    m_search->setObjectName(u"search"_s);
    m_search->setAccessibleName(tr("Search the events"));
    m_search->setPlaceholderText(tr("Search events (Ctrl+F)"));
    m_search->setToolTip(tr("Matches the instance, the event code and the message"));
    m_search->setClearButtonEnabled(true);

    m_severity = new QComboBox(this);
    m_severity->setObjectName(u"severity"_s);
    m_severity->addItem(tr("All events"), int(EventFilterProxy::SeverityFilter::All));
    m_severity->addItem(StatusStyle::forStatus(u"degraded"_s).glyph + u' ' + tr("Warnings and errors"),
        int(EventFilterProxy::SeverityFilter::WarningsAndErrors));
    m_severity->addItem(StatusStyle::forStatus(u"failing"_s).glyph + u' ' + tr("Errors only"),
        int(EventFilterProxy::SeverityFilter::Errors));
    m_severity->setToolTip(tr("Severity"));

    m_instance = new QComboBox(this);
    m_instance->setObjectName(u"instance"_s);
    m_instance->addItem(tr("All instances"), qint64(0));
    m_instance->setToolTip(tr("Instance"));
    m_instance->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    m_count = new QLabel(this);
    m_count->setObjectName(u"count"_s);
    m_count->setForegroundRole(QPalette::PlaceholderText);
}

void EventTimeline::createTable()
{
    m_view = new QTableView(this);

    PlainToolTips::install(m_view);
    m_view->setObjectName(u"events"_s);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(EventModel::Time, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_codeDelegate = new GlyphDelegate(
        [](const QModelIndex& index) {
            // The first start of a version (a deploy reaching the farm) stands out from the other starts.
            if (index.data(EventModel::VersionAppearedRole).isValid()) {
                const StatusStyle style = StatusStyle::forStatus(u"version-appeared"_s);
                return std::optional(GlyphDelegate::Glyph { style.glyph, style.colour });
            }
            return severityGlyph(index.data(EventModel::SeverityRole).toString());
        },
        this);
    m_view->setItemDelegateForColumn(EventModel::Code, m_codeDelegate);
}

EventTimeline::~EventTimeline() = default;

void EventTimeline::setModel(EventModel* model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    m_proxy->setSourceModel(model);
    if (model) {
        // Widths need the columns, which come with the source model.
        const QFontMetrics metrics = m_view->fontMetrics();
        m_view->setColumnWidth(EventModel::Time, metrics.horizontalAdvance(u"2026-11-22 10:00:00"_s) + 24);
        m_view->setColumnWidth(EventModel::Instance, metrics.horizontalAdvance(u"web-canary-01"_s) + 24);
        m_view->setColumnWidth(EventModel::Code, metrics.horizontalAdvance(u"\u2716 FLUSH_FINISHED"_s) + 28);
        // The count says "of N": the source's size changes without the proxy's always changing.
        connect(model, &QAbstractItemModel::rowsInserted, this, &EventTimeline::updateCount);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &EventTimeline::updateCount);
        connect(model, &QAbstractItemModel::modelReset, this, &EventTimeline::updateCount);
    }
    updateCount();
}

void EventTimeline::setServers(const QHash<qint64, QString>& names)
{
    if (names == m_names)
        return;
    m_names = names;
    fillInstanceCombo(m_instance, names, serverFilter());
}

void EventTimeline::setServerFilter(qint64 serverId)
{
    if (serverId != 0 && m_instance->findData(serverId) < 0) {
        QHash<qint64, QString> names = m_names;
        names.insert(serverId, u"#%1"_s.arg(serverId));
        setServers(names);
    }
    m_instance->setCurrentIndex(std::max(0, m_instance->findData(serverId)));
    m_proxy->setServerIds(serverId != 0 ? QSet<qint64> { serverId } : QSet<qint64> {});
}

qint64 EventTimeline::serverFilter() const
{
    return m_instance->currentData().toLongLong();
}

void EventTimeline::setInstanceFilterVisible(bool visible)
{
    m_instance->setVisible(visible);
    m_view->setColumnHidden(EventModel::Instance, !visible);
}

void EventTimeline::setSeverityFilter(EventFilterProxy::SeverityFilter filter)
{
    m_severity->setCurrentIndex(std::max(0, m_severity->findData(int(filter))));
}

void EventTimeline::setSearchText(const QString& text)
{
    m_search->setText(text);
}

void EventTimeline::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

QString EventTimeline::countText() const
{
    const int shown = m_proxy->rowCount();
    const int total = m_model ? m_model->rowCount() : 0;
    const QLocale locale;
    if (shown == total)
        return total == 1 ? tr("1 event") : tr("%1 events").arg(locale.toString(total));
    return tr("Showing %1 of %2 events").arg(locale.toString(shown), locale.toString(total));
}

void EventTimeline::updateCount()
{
    m_count->setText(countText());
}

} // namespace Paddock
