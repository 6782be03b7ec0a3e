#include "deliverybrowser.h"

#include "deliverymodel.h"
#include "displayformat.h"
#include "engine.h"
#include "glyphdelegate.h"
#include "instancecombo.h"
#include "plaintooltips.h"
#include "statusstyle.h"

#include <algorithm>
#include <QApplication>
#include <QButtonGroup>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

// The task types of the protocol; types seen in the farm's figures are added as they appear.
const QStringList KnownTypes { u"TOUCH_CACHE_ITEM"_s, u"REMOVE_CACHE_ITEM"_s, u"CLEAR_CACHE_ITEMS"_s,
    u"CLEAR_FULL_PAGE_CACHE"_s, u"INVALIDATE_OBJECT"_s, u"CLEAR_CACHE"_s, u"UPDATE_METAFILE"_s, u"DELETE_METAFILE"_s,
    u"RESTART_APPLICATION"_s };

QLabel* selectableLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}

} // namespace

DeliveryBrowser::DeliveryBrowser(QWidget* parent)
    : QWidget(parent)
{
    m_model = new DeliveryModel(this);
    createFilters();
    createTable();
    createPaging();
    layOut();
    connectControls();

    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &DeliveryBrowser::tick);
    m_ticker.start();

    setKind(DeliveryQuery::Kind::Pending);
}

void DeliveryBrowser::createFilters()
{
    m_pending = new QToolButton(this);
    m_pending->setObjectName(u"pendingButton"_s);
    m_pending->setText(tr("&Pending"));
    m_pending->setToolTip(tr("Deliveries not processed yet, oldest first"));
    m_failed = new QToolButton(this);
    m_failed->setObjectName(u"failedButton"_s);
    m_failed->setText(tr("&Failed"));
    m_failed->setToolTip(tr("Deliveries processed with an error, newest first"));
    for (QToolButton* button : { m_pending, m_failed }) {
        button->setCheckable(true);
        button->setAutoRaise(false);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    }
    auto* kinds = new QButtonGroup(this);
    kinds->addButton(m_pending);
    kinds->addButton(m_failed);
    m_pending->setChecked(true);

    m_instance = new QComboBox(this);
    m_instance->setObjectName(u"instance"_s);
    m_instance->addItem(tr("All instances"), qint64(0));
    m_instance->setToolTip(tr("Instance"));
    m_instance->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_type = new QComboBox(this);
    m_type->setObjectName(u"type"_s);
    m_type->addItem(tr("All task types"), QString());
    for (const QString& type : KnownTypes)
        m_type->addItem(type, type);
    m_type->setToolTip(tr("Task type"));
    m_type->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    m_refresh = new QToolButton(this);
    m_refresh->setObjectName(u"refresh"_s);
    m_refresh->setText(tr("Refresh"));
    m_refresh->setToolTip(tr("Read this page again (F5)"));

    m_status = selectableLabel({}, this);
    m_status->setObjectName(u"status"_s);
    m_status->setForegroundRole(QPalette::PlaceholderText);
}

void DeliveryBrowser::createTable()
{
    m_view = new QTableView(this);

    PlainToolTips::install(m_view);
    m_view->setObjectName(u"deliveries"_s);
    m_view->setAccessibleName(tr("Deliveries"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setHighlightSections(false);
    // Sorting one page of many would mislead; the order is the query's.
    m_view->setSortingEnabled(false);
    const QFontMetrics metrics = m_view->fontMetrics();
    const int stamp = metrics.horizontalAdvance(u"2026-11-22 10:00:00"_s) + 16;
    m_view->setColumnWidth(DeliveryModel::Age, metrics.horizontalAdvance(u"59 min 59 s"_s) + 16);
    m_view->setColumnWidth(DeliveryModel::Created, stamp);
    m_view->setColumnWidth(DeliveryModel::Processed, stamp);
    m_view->setColumnWidth(DeliveryModel::Instance, metrics.horizontalAdvance(u"web-canary-01"_s) + 16);
    m_view->setColumnWidth(DeliveryModel::Type, metrics.horizontalAdvance(u"CLEAR_FULL_PAGE_CACHE"_s) + 16);
    m_view->setColumnWidth(DeliveryModel::Target, metrics.horizontalAdvance(u"x"_s) * 28);
    m_view->setColumnWidth(DeliveryModel::TextData, metrics.horizontalAdvance(u"x"_s) * 32);
    m_view->setColumnWidth(DeliveryModel::Creator, metrics.horizontalAdvance(u"web-canary-01"_s) + 16);
    m_view->setColumnWidth(DeliveryModel::Error, metrics.horizontalAdvance(u"x"_s) * 40);
    // For failures the error is what one reads first: right after the type.
    QHeaderView* header = m_view->horizontalHeader();
    header->moveSection(header->visualIndex(DeliveryModel::Error), header->visualIndex(DeliveryModel::Type) + 1);

    m_view->setItemDelegateForColumn(DeliveryModel::Error,
        new GlyphDelegate(
            [](const QModelIndex& index) {
                if (index.data().toString().isEmpty())
                    return std::optional<GlyphDelegate::Glyph>();
                const StatusStyle failing = StatusStyle::forStatus(u"failing"_s);
                return std::optional(GlyphDelegate::Glyph { failing.glyph, failing.colour });
            },
            m_view));
}

void DeliveryBrowser::createPaging()
{
    m_details = new QPushButton(tr("Show full &text…"), this);
    m_details->setObjectName(u"detailsButton"_s);
    m_details->setToolTip(
        tr("Everything about the selected delivery, with the task's whole text (double click, Enter)"));
    m_previous = new QToolButton(this);
    m_previous->setObjectName(u"previousPage"_s);
    m_previous->setArrowType(Qt::LeftArrow);
    m_previous->setToolTip(tr("Previous page (Alt+Left)"));
    m_previous->setAccessibleName(tr("Previous page"));
    m_next = new QToolButton(this);
    m_next->setObjectName(u"nextPage"_s);
    m_next->setArrowType(Qt::RightArrow);
    m_next->setToolTip(tr("Next page (Alt+Right)"));
    m_next->setAccessibleName(tr("Next page"));
    m_paging = new QLabel(this);
    m_paging->setObjectName(u"paging"_s);
    m_paging->setTextFormat(Qt::PlainText); // names the filtered instance
}

void DeliveryBrowser::layOut()
{
    auto* top = new QHBoxLayout;
    top->setSpacing(0);
    top->addWidget(m_pending);
    top->addWidget(m_failed);
    top->addSpacing(8);
    auto* filters = new QHBoxLayout;
    filters->addWidget(m_instance);
    filters->addWidget(m_type);
    filters->addWidget(m_refresh);
    filters->addWidget(m_status, 1);
    top->addLayout(filters, 1);

    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_details);
    bottom->addStretch(1);
    bottom->addWidget(m_paging);
    bottom->addWidget(m_previous);
    bottom->addWidget(m_next);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    layout->addLayout(bottom);
}

void DeliveryBrowser::connectControls()
{
    connect(m_pending, &QToolButton::toggled, this, [this](bool checked) {
        if (checked)
            setKind(DeliveryQuery::Kind::Pending);
    });
    connect(m_failed, &QToolButton::toggled, this, [this](bool checked) {
        if (checked)
            setKind(DeliveryQuery::Kind::Failed);
    });
    auto filterChanged = [this] {
        m_page = 0;
        reload();
    };
    connect(m_instance, &QComboBox::currentIndexChanged, this, filterChanged);
    connect(m_type, &QComboBox::currentIndexChanged, this, filterChanged);
    connect(m_refresh, &QToolButton::clicked, this, &DeliveryBrowser::reload);
    // Only while the focus is in the browser: the window has its own F5 and history keys.
    auto addShortcut = [this](const QKeySequence& keys, void (DeliveryBrowser::*slot)()) {
        auto* shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, slot);
    };
    addShortcut(QKeySequence::Refresh, &DeliveryBrowser::reload);
    addShortcut(QKeySequence(Qt::ALT | Qt::Key_Left), &DeliveryBrowser::previousPage);
    addShortcut(QKeySequence(Qt::ALT | Qt::Key_Right), &DeliveryBrowser::nextPage);
    connect(m_previous, &QToolButton::clicked, this, &DeliveryBrowser::previousPage);
    connect(m_next, &QToolButton::clicked, this, &DeliveryBrowser::nextPage);
    connect(m_details, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_view->currentIndex();
        if (current.isValid())
            showDetails(current.row());
    });
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex& index) { showDetails(index.row()); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &DeliveryBrowser::updateControls);
    connect(m_model, &QAbstractItemModel::modelReset, this, &DeliveryBrowser::updateControls);
    connect(m_model, &DeliveryModel::totalCountChanged, this, &DeliveryBrowser::updateControls);
}

DeliveryBrowser::~DeliveryBrowser() = default;

void DeliveryBrowser::setEngine(Engine* engine)
{
    if (m_engine)
        disconnect(m_engine, nullptr, this, nullptr);
    m_engine = engine;
    m_requests.clear();
    m_textRequests.clear();
    m_model->clear();
    if (engine) {
        connect(engine, &Engine::deliveriesReady, this, &DeliveryBrowser::onDeliveriesReady);
        connect(engine, &Engine::fullTextReady, this, &DeliveryBrowser::onFullTextReady);
        connect(engine, &Engine::updated, this, &DeliveryBrowser::onEngineUpdated);
        if (engine->lastUpdate().snapshot.generatedAt.isValid())
            onEngineUpdated(engine->lastUpdate());
    }
    reload();
}

void DeliveryBrowser::setServers(const QHash<qint64, QString>& names)
{
    if (names == m_names)
        return;
    m_names = names;
    fillInstanceCombo(m_instance, names, serverFilter());
}

void DeliveryBrowser::setServerFilter(qint64 serverId)
{
    if (serverId != 0 && m_instance->findData(serverId) < 0) {
        QHash<qint64, QString> names = m_names;
        names.insert(serverId, u"#%1"_s.arg(serverId));
        setServers(names);
        m_names.remove(serverId); // a placeholder, not a name
    }
    const int index = std::max(0, m_instance->findData(serverId));
    if (index == m_instance->currentIndex())
        return;
    m_instance->setCurrentIndex(index); // reloads
}

qint64 DeliveryBrowser::serverFilter() const
{
    return m_instance->currentData().toLongLong();
}

void DeliveryBrowser::setTypeFilter(const QString& type)
{
    int index = m_type->findData(type);
    if (index < 0) {
        m_type->addItem(type, type);
        index = m_type->count() - 1;
    }
    m_type->setCurrentIndex(index);
}

QString DeliveryBrowser::typeFilter() const
{
    return m_type->currentData().toString();
}

void DeliveryBrowser::setInstanceFilterVisible(bool visible)
{
    m_instance->setVisible(visible);
    m_view->setColumnHidden(DeliveryModel::Instance, !visible);
}

void DeliveryBrowser::setPageSize(int rows)
{
    m_pageSize = std::max(1, rows);
    m_page = 0;
    reload();
}

void DeliveryBrowser::setKind(DeliveryQuery::Kind kind)
{
    const bool changed = kind != m_kind;
    m_kind = kind;
    {
        const QSignalBlocker pending(m_pending);
        const QSignalBlocker failed(m_failed);
        m_pending->setChecked(kind == DeliveryQuery::Kind::Pending);
        m_failed->setChecked(kind == DeliveryQuery::Kind::Failed);
    }
    const bool failed = kind == DeliveryQuery::Kind::Failed;
    m_view->setColumnHidden(DeliveryModel::Processed, !failed);
    m_view->setColumnHidden(DeliveryModel::Error, !failed);
    if (changed) {
        m_page = 0;
        // The other kind's rows would read as this kind's until the answer comes.
        m_model->clear();
        reload();
    }
}

void DeliveryBrowser::showFailuresOf(qint64 serverId)
{
    const QSignalBlocker instance(m_instance);
    const QSignalBlocker type(m_type);
    setServerFilter(serverId);
    m_type->setCurrentIndex(0);
    m_page = 0;
    if (m_kind != DeliveryQuery::Kind::Failed)
        setKind(DeliveryQuery::Kind::Failed);
    else
        reload();
}

void DeliveryBrowser::showPendingOf(qint64 serverId)
{
    const QSignalBlocker instance(m_instance);
    const QSignalBlocker type(m_type);
    setServerFilter(serverId);
    m_type->setCurrentIndex(0);
    m_page = 0;
    if (m_kind != DeliveryQuery::Kind::Pending)
        setKind(DeliveryQuery::Kind::Pending);
    else
        reload();
}

DeliveryQuery DeliveryBrowser::query() const
{
    DeliveryQuery query;
    query.kind = m_kind;
    if (const qint64 id = serverFilter(); id != 0)
        query.serverIds = { id };
    if (const QString type = typeFilter(); !type.isEmpty())
        query.types = { type };
    query.pageSize = m_pageSize;
    query.page = m_page;
    return query;
}

bool DeliveryBrowser::requestInFlight() const
{
    for (int modelRequest : m_requests) {
        if (modelRequest == m_model->latestRequestId())
            return true;
    }
    return false;
}

void DeliveryBrowser::reload()
{
    updateControls();
    if (!m_engine) {
        setStatus(tr("Not connected"));
        return;
    }
    const int modelRequest = m_model->nextRequestId();
    m_requests.insert(m_engine->queryDeliveries(query()), modelRequest);
    setStatus(tr("Reading…"));
}

void DeliveryBrowser::nextPage()
{
    if (!m_next->isEnabled())
        return;
    ++m_page;
    reload();
}

void DeliveryBrowser::previousPage()
{
    if (m_page == 0)
        return;
    --m_page;
    reload();
}

void DeliveryBrowser::onDeliveriesReady(
    int requestId, const QList<DeliveryDetailRow>& rows, qint64 total, const QString& error)
{
    const auto it = m_requests.constFind(requestId);
    if (it == m_requests.cend())
        return; // another browser's, or from before setEngine
    const int modelRequest = *it;
    m_requests.erase(it);
    if (modelRequest < m_model->latestRequestId())
        return; // superseded: a newer page was asked for
    if (!error.isEmpty()) {
        // Keep the last page visible; say it could not be read again.
        setStatus(
            tr("%1 Could not read the deliveries: %2").arg(StatusStyle::forStatus(u"failing"_s).glyph, error), true);
        m_sinceAnswer.restart();
        updateControls();
        return;
    }
    if (!m_model->setPage(modelRequest, rows, total))
        return;
    m_sinceAnswer.restart();
    setStatus({});
    if (rows.isEmpty() && m_page > 0 && total > 0) {
        // The list shrank under us (the backlog drained): show the last page that exists.
        m_page = int((std::min<qint64>(total, DeliveryQuery::CountLimit) - 1) / m_pageSize);
        reload();
        return;
    }
    updateControls();
}

QString DeliveryBrowser::pagingText() const
{
    const qint64 total = m_model->totalCount();
    const bool failed = m_kind == DeliveryQuery::Kind::Failed;
    const QLocale locale;
    if (total == 0) {
        const QString name = m_names.value(serverFilter());
        if (!name.isEmpty())
            return failed ? tr("No failed deliveries to %1").arg(name) : tr("No pending deliveries to %1").arg(name);
        return failed ? tr("No failed deliveries") : tr("No pending deliveries");
    }
    const bool more = total > DeliveryQuery::CountLimit;
    const QString count = more ? (failed ? tr("more than %1 failed deliveries") : tr("more than %1 pending deliveries"))
                                     .arg(locale.toString(DeliveryQuery::CountLimit))
                               : (failed ? (total == 1 ? tr("1 failed delivery") : tr("%1 failed deliveries"))
                                         : (total == 1 ? tr("1 pending delivery") : tr("%1 pending deliveries")))
                                     .arg(locale.toString(total));
    const qint64 pages = (std::min<qint64>(total, DeliveryQuery::CountLimit) + m_pageSize - 1) / m_pageSize;
    const QString of = more ? tr("more than %1").arg(locale.toString(pages)) : locale.toString(pages);
    return tr("Page %1 of %2 \u00b7 %3").arg(locale.toString(m_page + 1), of, count);
}

void DeliveryBrowser::updateControls()
{
    const qint64 total = m_model->totalCount();
    const bool more = total > DeliveryQuery::CountLimit;
    m_previous->setEnabled(m_page > 0);
    m_next->setEnabled(more ? m_model->rowCount() >= m_pageSize : qint64(m_page + 1) * m_pageSize < total);
    m_details->setEnabled(m_view->currentIndex().isValid());
    m_paging->setText(pagingText());
}

void DeliveryBrowser::setStatus(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setForegroundRole(error ? QPalette::WindowText : QPalette::PlaceholderText);
    QPalette palette = m_status->palette();
    if (error)
        palette.setColor(QPalette::WindowText, StatusStyle::forStatus(u"failing"_s).colour);
    m_status->setPalette(palette);
}

void DeliveryBrowser::onEngineUpdated(const EngineUpdate& update)
{
    m_dbNow = update.snapshot.generatedAt;
    m_sinceDbNow.restart();
    setServers(update.serverNames);
    for (auto it = update.snapshot.farm.tasksCreatedPerSByType.cbegin();
         it != update.snapshot.farm.tasksCreatedPerSByType.cend(); ++it) {
        if (m_type->findData(it.key()) < 0)
            m_type->addItem(it.key(), it.key());
    }
    tick();
    const bool stale = !m_sinceAnswer.isValid() || m_sinceAnswer.elapsed() >= m_autoRefreshMs;
    if (isVisible() && stale && !requestInFlight())
        reload();
}

void DeliveryBrowser::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    tick();
    // Hidden browsers do not follow the engine; catch up when shown.
    const bool stale = !m_sinceAnswer.isValid() || m_sinceAnswer.elapsed() >= m_autoRefreshMs;
    if (m_engine && stale && !requestInFlight())
        reload();
}

void DeliveryBrowser::tick()
{
    if (!isVisible())
        return;
    // Ages are on the database clock: its last reading plus the time since.
    if (m_dbNow.isValid())
        m_model->setNow(m_dbNow.addMSecs(m_sinceDbNow.elapsed()));
    else
        m_model->setNow(QDateTime::currentDateTimeUtc());
}

QDialog* DeliveryBrowser::showDetails(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return nullptr;
    const DeliveryDetailRow delivery = m_model->rowAt(row);

    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Task #%1 to %2").arg(delivery.taskId).arg(delivery.serverName));
    auto* form = new QFormLayout;
    form->addRow(tr("Instance:"), selectableLabel(delivery.serverName, dialog));
    form->addRow(tr("Task:"), selectableLabel(tr("#%1, %2").arg(delivery.taskId).arg(delivery.taskType), dialog));
    if (!delivery.target.isEmpty())
        form->addRow(tr("Target:"), selectableLabel(delivery.target, dialog));
    form->addRow(tr("Created:"),
        selectableLabel(
            tr("%1 (%2)").arg(Format::dateTime(delivery.createdAt), Format::isoUtc(delivery.createdAt)), dialog));
    if (delivery.processedAt.isValid())
        form->addRow(tr("Processed:"),
            selectableLabel(
                tr("%1 (%2)").arg(Format::dateTime(delivery.processedAt), Format::isoUtc(delivery.processedAt)),
                dialog));
    else
        form->addRow(tr("Processed:"), selectableLabel(tr("not yet (pending)"), dialog));
    form->addRow(tr("Creator:"),
        selectableLabel(
            delivery.creatorName.isNull() ? tr("none (Paddock or a deleted instance)") : delivery.creatorName, dialog));
    if (!delivery.errorMessage.isNull()) {
        const StatusStyle failing = StatusStyle::forStatus(u"failing"_s);
        QLabel* error = selectableLabel(failing.glyph + u' ' + delivery.errorMessage, dialog);
        QPalette palette = error->palette();
        palette.setColor(QPalette::WindowText, failing.colour);
        error->setPalette(palette);
        form->addRow(tr("Error:"), error);
    }

    auto* text = new QPlainTextEdit(dialog);
    text->setObjectName(u"fullText"_s);
    text->setReadOnly(true);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    text->setPlainText(delivery.textData);
    text->setPlaceholderText(tr("(no text data)"));
    auto* status = selectableLabel({}, dialog);
    status->setObjectName(u"fullTextStatus"_s);
    status->setForegroundRole(QPalette::PlaceholderText);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QPushButton* copy = buttons->addButton(tr("&Copy text"), QDialogButtonBox::ActionRole);
    copy->setToolTip(tr("Copy the task's text data to the clipboard"));
    connect(copy, &QPushButton::clicked, text, [text] { QApplication::clipboard()->setText(text->toPlainText()); });
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);

    auto* layout = new QVBoxLayout(dialog);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Text data:"), dialog));
    layout->addWidget(text, 1);
    layout->addWidget(status);
    layout->addWidget(buttons);
    dialog->resize(640, 480);

    if (delivery.textDataTruncated) {
        text->setPlainText(delivery.textData + u"\u2026"_s);
        if (m_engine) {
            status->setText(tr("Reading the whole text…"));
            m_textRequests.insert(m_engine->queryFullText(delivery.taskId), TextRequest { text, status });
        } else {
            status->setText(tr("Shortened to %1 characters; not connected, so the rest cannot be read.")
                                .arg(DeliveryQuery::TextDataLength));
        }
    } else {
        status->hide();
    }
    dialog->show();
    return dialog;
}

void DeliveryBrowser::onFullTextReady(int requestId, qint64, const QString& text, const QString& error)
{
    const auto it = m_textRequests.constFind(requestId);
    if (it == m_textRequests.cend())
        return;
    const TextRequest request = *it;
    m_textRequests.erase(it);
    if (!request.text)
        return; // closed meanwhile
    if (!error.isEmpty()) {
        if (request.status)
            request.status->setText(tr("Could not read the whole text (%1); showing the first %2 characters.")
                                        .arg(error, QString::number(DeliveryQuery::TextDataLength)));
        return;
    }
    request.text->setPlainText(text);
    if (request.status) {
        request.status->setText(tr("%1 characters").arg(QLocale().toString(text.size())));
    }
}

} // namespace Paddock
