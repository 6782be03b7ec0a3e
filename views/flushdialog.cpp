#include "flushdialog.h"

#include "engine.h"
#include "flushreach.h"
#include "plaintooltips.h"
#include "statusstyle.h"

#include <algorithm>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSet>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

constexpr int ListedNames = 10; // more than this and the summary lists the first ones and a count

const QString ConfirmWord = u"FLUSH"_s;

QString nameList(const QStringList& names)
{
    if (names.size() <= ListedNames)
        return names.join(u", "_s);
    // One arg(): a name holding "%2" must not be filled in with the count.
    return FlushDialog::tr("%1, … and %2 more")
        .arg(names.mid(0, ListedNames - 1).join(u", "_s), QString::number(names.size() - (ListedNames - 1)));
}

QStringList namesOf(const QList<const ServerFigures*>& servers)
{
    QStringList names;
    names.reserve(servers.size());
    for (const ServerFigures* figures : servers)
        names.append(figures->server.name);
    return names;
}

QString instances(qsizetype count)
{
    return count == 1 ? FlushDialog::tr("1 instance") : FlushDialog::tr("%1 instances").arg(count);
}

QLabel* wrappingLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}

} // namespace

FlushDialog::FlushDialog(QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Flush caches"));

    m_readOnlyBanner = wrappingLabel(this);
    m_readOnlyBanner->setObjectName(u"readOnlyReason"_s);
    m_readOnlyBanner->setAutoFillBackground(true);
    m_readOnlyBanner->setMargin(8);
    m_readOnlyBanner->hide();
    QGroupBox* scopeBox = createScopeBox();
    QFormLayout* reasonLayout = createReason();
    QGroupBox* summaryBox = createSummaryBox();
    createButtons();

    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_problem, 1);
    bottom->addWidget(m_buttons);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_readOnlyBanner);
    layout->addWidget(scopeBox);
    layout->addLayout(reasonLayout);
    layout->addWidget(summaryBox);
    layout->addStretch(1);
    layout->addWidget(m_error);
    layout->addLayout(bottom);

    m_farmScope->setChecked(true);
    connectInputs();
    m_reasonEdit->setFocus();
    setMinimumWidth(560);
    updateState();
}

FlushDialog::~FlushDialog() = default;

QGroupBox* FlushDialog::createScopeBox()
{
    auto* scopeBox = new QGroupBox(tr("What to flush"), this);
    m_farmScope = new QRadioButton(scopeBox);
    m_farmScope->setObjectName(u"scopeFarm"_s);
    m_serversScope = new QRadioButton(tr("&Selected instances: each drops its whole cache"), scopeBox);
    m_serversScope->setObjectName(u"scopeServers"_s);
    m_selectedList = wrappingLabel(scopeBox);
    m_selectedList->setObjectName(u"selectedServers"_s);
    m_keysScope = new QRadioButton(tr("Only these cache &keys, one per line, on every running instance:"), scopeBox);
    m_keysScope->setObjectName(u"scopeKeys"_s);
    m_keysEdit = new QPlainTextEdit(scopeBox);
    m_keysEdit->setObjectName(u"cacheKeys"_s);
    m_keysEdit->setTabChangesFocus(true);
    m_keysEdit->setPlaceholderText(tr("e.g. product|1234\nnav|main"));
    m_keysEdit->setToolTip(tr("Cache keys, one per line; empty lines are ignored"));
    m_keysEdit->setFixedHeight(m_keysEdit->fontMetrics().lineSpacing() * 4 + 12);
    auto* scopeLayout = new QVBoxLayout(scopeBox);
    scopeLayout->addWidget(m_farmScope);
    scopeLayout->addWidget(m_serversScope);
    auto* selectedRow = new QHBoxLayout;
    selectedRow->addSpacing(24);
    selectedRow->addWidget(m_selectedList, 1);
    scopeLayout->addLayout(selectedRow);
    scopeLayout->addWidget(m_keysScope);
    auto* keysRow = new QHBoxLayout;
    keysRow->addSpacing(24);
    keysRow->addWidget(m_keysEdit, 1);
    scopeLayout->addLayout(keysRow);
    return scopeBox;
}

QFormLayout* FlushDialog::createReason()
{
    m_reasonEdit = new QLineEdit(this);
    m_reasonEdit->setObjectName(u"reason"_s);
    m_reasonEdit->setPlaceholderText(tr("e.g. stale prices after the 10:02 import"));
    m_reasonEdit->setToolTip(tr("Required. Recorded with your name in webfarm.flush_request"));
    m_reasonEdit->setClearButtonEnabled(true);
    auto* reasonLayout = new QFormLayout;
    reasonLayout->addRow(tr("&Reason:"), m_reasonEdit);
    return reasonLayout;
}

QGroupBox* FlushDialog::createSummaryBox()
{
    auto* summaryBox = new QGroupBox(tr("What will happen"), this);
    m_summary = wrappingLabel(summaryBox);
    m_summary->setObjectName(u"summary"_s);
    m_confirmCheck = new QCheckBox(summaryBox);
    m_confirmCheck->setObjectName(u"confirmCheck"_s);
    m_confirmWordLabel = new QLabel(summaryBox);
    m_confirmWord = new QLineEdit(summaryBox);
    m_confirmWord->setObjectName(u"confirmWord"_s);
    m_confirmWord->setPlaceholderText(ConfirmWord);
    m_confirmWord->setMaximumWidth(m_confirmWord->fontMetrics().horizontalAdvance(ConfirmWord) * 3);
    m_confirmWordLabel->setBuddy(m_confirmWord);
    m_confirmWordLabel->setTextFormat(Qt::PlainText);
    auto* summaryLayout = new QVBoxLayout(summaryBox);
    summaryLayout->addWidget(m_summary);
    summaryLayout->addSpacing(4);
    summaryLayout->addWidget(m_confirmCheck);
    auto* wordRow = new QHBoxLayout;
    wordRow->addWidget(m_confirmWordLabel);
    wordRow->addWidget(m_confirmWord);
    wordRow->addStretch(1);
    summaryLayout->addLayout(wordRow);
    return summaryBox;
}

void FlushDialog::createButtons()
{
    m_problem = wrappingLabel(this);
    m_problem->setObjectName(u"problem"_s);
    m_problem->setForegroundRole(QPalette::PlaceholderText);
    m_error = wrappingLabel(this);
    m_error->setObjectName(u"error"_s);
    m_error->hide();

    m_buttons = new QDialogButtonBox(this);
    m_flushButton = m_buttons->addButton(tr("Flush"), QDialogButtonBox::AcceptRole);
    m_flushButton->setObjectName(u"flushButton"_s);
    m_flushButton->setDefault(true);
    QPushButton* cancel = m_buttons->addButton(QDialogButtonBox::Cancel);
    // Enter must never fall through to Cancel or to a disabled Flush that happens to have focus.
    cancel->setAutoDefault(false);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &FlushDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &FlushDialog::reject);
}

void FlushDialog::connectInputs()
{
    auto scopeChanged = [this](bool checked) {
        if (!checked)
            return;
        // A confirmation given for one set of targets does not carry over to another.
        m_confirmCheck->setChecked(false);
        m_confirmWord->clear();
        updateState();
    };
    connect(m_farmScope, &QRadioButton::toggled, this, scopeChanged);
    connect(m_serversScope, &QRadioButton::toggled, this, scopeChanged);
    connect(m_keysScope, &QRadioButton::toggled, this, scopeChanged);
    connect(m_keysEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_keysEdit->toPlainText().isEmpty() && !m_keysScope->isChecked())
            m_keysScope->setChecked(true);
        updateState();
    });
    connect(m_reasonEdit, &QLineEdit::textChanged, this, &FlushDialog::updateState);
    connect(m_confirmCheck, &QCheckBox::toggled, this, &FlushDialog::updateState);
    connect(m_confirmWord, &QLineEdit::textChanged, this, &FlushDialog::updateState);
}

void FlushDialog::setSnapshot(const FarmSnapshot& snapshot)
{
    m_snapshot = snapshot;
    m_haveSnapshot = true;
    updateState();
}

void FlushDialog::setSelectedServers(const QList<qint64>& serverIds)
{
    m_selected = serverIds;
    std::sort(m_selected.begin(), m_selected.end());
    m_selected.erase(std::unique(m_selected.begin(), m_selected.end()), m_selected.end());
    if (!m_selected.isEmpty() && m_farmScope->isChecked())
        m_serversScope->setChecked(true);
    else if (m_selected.isEmpty() && m_serversScope->isChecked())
        m_farmScope->setChecked(true);
    updateState();
}

void FlushDialog::setRequester(const QString& user)
{
    m_requester = user;
    updateState();
}

void FlushDialog::setReadOnlyReason(const QString& reason)
{
    m_readOnlyReason = reason.trimmed();
    updateState();
}

void FlushDialog::setEngine(Engine* engine)
{
    if (m_engine)
        disconnect(m_engine, nullptr, this, nullptr);
    m_engine = engine;
    m_requestId = 0;
    if (engine)
        connect(engine, &Engine::flushDone, this, &FlushDialog::onFlushDone);
    updateState();
}

void FlushDialog::setScope(Scope scope)
{
    switch (scope) {
    case Scope::Farm:
        m_farmScope->setChecked(true);
        break;
    case Scope::Servers:
        m_serversScope->setChecked(true);
        break;
    case Scope::Keys:
        m_keysScope->setChecked(true);
        break;
    }
}

FlushDialog::Scope FlushDialog::scope() const
{
    if (m_serversScope->isChecked())
        return Scope::Servers;
    if (m_keysScope->isChecked())
        return Scope::Keys;
    return Scope::Farm;
}

void FlushDialog::setCacheKeys(const QStringList& keys)
{
    m_keysEdit->setPlainText(keys.join(u'\n'));
}

void FlushDialog::setReason(const QString& reason)
{
    m_reasonEdit->setText(reason);
}

QStringList FlushDialog::cacheKeys() const
{
    QStringList keys;
    QSet<QString> seen;
    const QStringList lines = m_keysEdit->toPlainText().split(u'\n');
    for (const QString& line : lines) {
        const QString key = line.trimmed();
        if (key.isEmpty() || seen.contains(key))
            continue;
        seen.insert(key);
        keys.append(key);
    }
    return keys;
}

FlushOrder FlushDialog::order() const
{
    FlushOrder order;
    order.reason = m_reasonEdit->text().trimmed();
    switch (scope()) {
    case Scope::Farm:
        order.scope = u"farm"_s;
        break;
    case Scope::Servers:
        order.scope = u"servers"_s;
        // An id that left the farm would make the database refuse the whole order.
        for (qint64 id : m_selected) {
            if (!m_haveSnapshot
                || std::any_of(m_snapshot.servers.cbegin(), m_snapshot.servers.cend(),
                    [id](const ServerFigures& figures) { return figures.server.id == id; }))
                order.serverIds.append(id);
        }
        break;
    case Scope::Keys:
        order.scope = u"keys"_s;
        order.cacheKeys = cacheKeys();
        break;
    }
    return order;
}

FlushDialog::Plan FlushDialog::plan() const
{
    Plan plan;
    const bool selectedOnly = scope() == Scope::Servers;
    QSet<qint64> known;
    for (const ServerFigures& figures : m_snapshot.servers) {
        known.insert(figures.server.id);
        if (selectedOnly && !m_selected.contains(figures.server.id))
            continue;
        if (!receivesTasks(figures.server)) {
            plan.skipped.append(&figures);
            continue;
        }
        plan.targets.append(&figures);
        if (figures.status == ServerStatus::NotResponding)
            plan.notResponding.append(&figures);
    }
    if (selectedOnly) {
        for (qint64 id : m_selected) {
            if (!known.contains(id))
                plan.unknownSelected.append(id);
        }
    }
    return plan;
}

QStringList FlushDialog::targetNames() const
{
    return namesOf(plan().targets);
}

QString FlushDialog::summaryText() const
{
    if (!m_haveSnapshot)
        return tr("Waiting for the farm's current state…");
    const Scope current = scope();
    if (current == Scope::Servers && m_selected.isEmpty())
        return tr("No instance is selected. Select instances on the map or in the instances table first.");
    const Plan p = plan();
    QString delivery;
    if (p.targets.isEmpty()) {
        delivery = tr("No enabled, running instance is targeted: nothing would be flushed");
    } else {
        const QString names = nameList(namesOf(p.targets));
        if (current == Scope::Keys) {
            const qsizetype keys = cacheKeys().size();
            const QString what = keys == 1 ? tr("A CLEAR_CACHE task for 1 cache key")
                                           : tr("A CLEAR_CACHE task for %1 cache keys").arg(keys);
            delivery = tr("%1 will be delivered to %2: %3").arg(what, instances(p.targets.size()), names);
        } else if (current == Scope::Farm && p.targets.size() > 1) {
            delivery = tr("A CLEAR_CACHE task will be delivered to all %1 running instances: %2")
                           .arg(p.targets.size())
                           .arg(names);
        } else {
            delivery = tr("A CLEAR_CACHE task will be delivered to %1: %2").arg(instances(p.targets.size()), names);
        }
    }
    QStringList skipped;
    if (!p.skipped.isEmpty()) {
        const QString names = nameList(namesOf(p.skipped));
        skipped.append(p.skipped.size() == 1
                ? tr("1 stopped or disabled instance is skipped: %1").arg(names)
                : tr("%1 stopped or disabled instances are skipped: %2").arg(p.skipped.size()).arg(names));
    }
    if (!p.unknownSelected.isEmpty()) {
        QStringList ids;
        for (qint64 id : p.unknownSelected)
            ids.append(u"#%1"_s.arg(id));
        skipped.append(p.unknownSelected.size() == 1
                ? tr("1 selected instance has left the farm: %1").arg(ids.join(u", "_s))
                : tr("%1 selected instances have left the farm: %2")
                      .arg(p.unknownSelected.size())
                      .arg(ids.join(u", "_s)));
    }
    if (!skipped.isEmpty())
        delivery += u" ("_s + skipped.join(u"; "_s) + u')';
    QStringList lines { delivery + u'.' };
    if (!p.notResponding.isEmpty()) {
        const QString names = nameList(namesOf(p.notResponding));
        lines.append(p.notResponding.size() == 1
                ? tr("%1 is not responding: its delivery will stay pending until it comes back.").arg(names)
                : tr("%1 are not responding: their deliveries will stay pending until they come back.").arg(names));
    }
    const QString who = m_requester.isEmpty() ? tr("your database user") : m_requester;
    lines.append(tr("Requested by %1 from this machine; recorded in webfarm.flush_request.").arg(who));
    return lines.join(u'\n');
}

bool FlushDialog::confirmed() const
{
    if (scope() == Scope::Farm)
        return m_confirmWord->text().trimmed().compare(ConfirmWord, Qt::CaseInsensitive) == 0;
    return m_confirmCheck->isChecked();
}

QString FlushDialog::problem() const
{
    if (!m_readOnlyReason.isEmpty())
        return tr("Flushing is unavailable: %1").arg(m_readOnlyReason);
    if (m_requestId != 0)
        return tr("Sending the flush to the database…");
    if (!m_haveSnapshot)
        return tr("Waiting for the farm's current state.");
    const Scope current = scope();
    if (current == Scope::Servers && m_selected.isEmpty())
        return tr("Select instances first.");
    if (current == Scope::Keys && cacheKeys().isEmpty())
        return tr("Enter at least one cache key.");
    if (plan().targets.isEmpty())
        return tr("No enabled, running instance is targeted.");
    if (m_reasonEdit->text().trimmed().isEmpty())
        return tr("Give a reason; it is recorded.");
    if (!confirmed())
        return current == Scope::Farm ? tr("Type %1 to confirm.").arg(ConfirmWord) : tr("Tick the confirmation.");
    return {};
}

void FlushDialog::updateState()
{
    const Scope current = scope();
    const bool sending = m_requestId != 0;

    m_readOnlyBanner->setVisible(!m_readOnlyReason.isEmpty());
    if (!m_readOnlyReason.isEmpty()) {
        const StatusStyle style = StatusStyle::forStatus(u"degraded"_s);
        m_readOnlyBanner->setText(tr("%1 Flushing is unavailable: %2").arg(style.glyph, m_readOnlyReason));
        QPalette palette = m_readOnlyBanner->palette();
        QColor background = style.colour;
        background.setAlphaF(0.18f);
        palette.setColor(QPalette::Window, background);
        m_readOnlyBanner->setPalette(palette);
    }

    QStringList selectedNames;
    for (const ServerFigures& figures : m_snapshot.servers) {
        if (m_selected.contains(figures.server.id))
            selectedNames.append(figures.server.name);
    }
    qsizetype running = 0;
    for (const ServerFigures& figures : m_snapshot.servers)
        running += receivesTasks(figures.server) ? 1 : 0;
    m_farmScope->setText(m_haveSnapshot
            ? tr("&Whole farm (%1 running): every instance drops its whole cache").arg(running)
            : tr("&Whole farm: every running instance drops its whole cache"));
    m_serversScope->setEnabled(!m_selected.isEmpty());
    m_serversScope->setText(m_selected.isEmpty()
            ? tr("&Selected instances: none selected")
            : tr("&Selected instances (%1): each drops its whole cache").arg(m_selected.size()));
    m_selectedList->setText(selectedNames.isEmpty() ? QString() : nameList(selectedNames));
    m_selectedList->setToolTip(
        selectedNames.size() > ListedNames ? PlainToolTips::literal(selectedNames.join(u'\n')) : QString());
    m_selectedList->setVisible(!selectedNames.isEmpty());
    m_selectedList->setEnabled(current == Scope::Servers);
    m_keysEdit->setEnabled(!sending);

    m_summary->setText(summaryText());
    m_summary->setToolTip(current != Scope::Keys && plan().targets.size() > ListedNames
            ? PlainToolTips::literal(targetNames().join(u'\n'))
            : QString());

    const bool farm = current == Scope::Farm;
    m_confirmCheck->setVisible(!farm);
    m_confirmCheck->setText(current == Scope::Keys
            ? tr("I &understand every targeted instance will drop these cache keys")
            : tr("I &understand every targeted instance will drop its cache"));
    m_confirmWordLabel->setVisible(farm);
    m_confirmWord->setVisible(farm);
    m_confirmWordLabel->setText(tr("Every instance will drop its cache. Type %1 to &confirm:").arg(ConfirmWord));

    for (QWidget* input :
        { static_cast<QWidget*>(m_farmScope), static_cast<QWidget*>(m_keysScope), static_cast<QWidget*>(m_reasonEdit),
            static_cast<QWidget*>(m_confirmCheck), static_cast<QWidget*>(m_confirmWord) })
        input->setEnabled(!sending);
    if (sending)
        m_serversScope->setEnabled(false);

    const QString why = problem();
    const qsizetype targets = m_haveSnapshot ? plan().targets.size() : 0;
    m_flushButton->setText(targets > 0 ? tr("Flush %1").arg(instances(targets)) : tr("Flush"));
    m_flushButton->setEnabled(why.isEmpty());
    m_flushButton->setToolTip(why);
    // The banner already says why at the top; the hint beside the buttons stays short.
    m_problem->setText(m_readOnlyReason.isEmpty() ? why : tr("Flushing is unavailable."));
}

void FlushDialog::accept()
{
    if (!canSubmit())
        return;
    if (!m_engine) {
        QDialog::accept();
        return;
    }
    m_error->hide();
    m_requestId = m_engine->requestFlush(order());
    updateState();
}

void FlushDialog::onFlushDone(int requestId, qint64 flushId, const QString& error, bool connectionFailed)
{
    if (requestId != m_requestId || m_requestId == 0)
        return;
    m_requestId = 0;
    if (error.isEmpty()) {
        m_flushId = flushId;
        updateState();
        Q_EMIT flushRequested(flushId);
        QDialog::accept();
        return;
    }
    updateState();
    const StatusStyle style = StatusStyle::forStatus(u"failing"_s);
    m_error->setText(connectionFailed
            ? tr("%1 The database could not be reached, so the flush may not have been recorded: %2")
                  .arg(style.glyph, error)
            : tr("%1 The database refused the flush: %2").arg(style.glyph, error));
    QPalette palette = m_error->palette();
    palette.setColor(QPalette::WindowText, style.colour);
    m_error->setPalette(palette);
    m_error->show();
}

} // namespace Paddock
