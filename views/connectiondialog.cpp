#include "connectiondialog.h"

#include "connectiontester.h"
#include "pgconnection.h"
#include "redisaddress.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace Paddock {

ConnectionDialog::ConnectionDialog(Settings* settings, QWidget* parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_tester(new ConnectionTester(this))
    , m_profiles(new QListWidget(this))
    , m_name(new QLineEdit(this))
    , m_conninfo(new QLineEdit(this))
    , m_redis(new QLineEdit(this))
    , m_readOnly(new QCheckBox(tr("Read-only: never offer to flush caches"), this))
    , m_alerts(new QCheckBox(tr("&Alerts: tell the desktop when the farm gets worse or recovers"), this))
    , m_recent(new QComboBox(this))
    , m_result(new QLabel(this))
    , m_test(new QPushButton(tr("&Test"), this))
    , m_save(new QPushButton(tr("&Save profile"), this))
    , m_delete(new QPushButton(tr("&Delete profile"), this))
{
    setWindowTitle(tr("Connect to a farm"));
    describeFields();
    m_result->setTextFormat(Qt::PlainText); // the server's own error messages
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_recent->addItem(tr("Recent connections…"));
    const QStringList recent = m_settings->recentConnections();
    for (const QString& conninfo : recent)
        m_recent->addItem(conninfo);
    m_recent->setEnabled(!recent.isEmpty());

    const QList<ConnectionProfile> profiles = m_settings->profiles();
    for (const ConnectionProfile& profile : profiles)
        m_profiles->addItem(profile.name);
    m_profiles->setMaximumWidth(200);
    m_profiles->setAccessibleName(tr("Saved profiles"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Profile name:"), m_name);
    form->addRow(tr("&Connection:"), m_conninfo);
    form->addRow(tr("&Redis:"), m_redis);
    form->addRow(QString(), m_readOnly);
    form->addRow(QString(), m_alerts);
    form->addRow(QString(), m_recent);
    auto* profileButtons = new QHBoxLayout;
    profileButtons->addWidget(m_save);
    profileButtons->addWidget(m_delete);
    profileButtons->addStretch();
    profileButtons->addWidget(m_test);
    auto* right = new QVBoxLayout;
    right->addLayout(form);
    right->addLayout(profileButtons);
    right->addWidget(m_result);
    right->addStretch();
    auto* top = new QHBoxLayout;
    top->addWidget(m_profiles);
    top->addLayout(right, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_connect = buttons->addButton(tr("C&onnect"), QDialogButtonBox::AcceptRole);
    m_connect->setDefault(true);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ConnectionDialog::reject);
    connect(m_profiles, &QListWidget::currentRowChanged, this, &ConnectionDialog::loadProfile);
    connect(m_profiles, &QListWidget::itemDoubleClicked, this, &ConnectionDialog::accept);
    connect(m_recent, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            m_conninfo->setText(m_recent->itemText(index));
        m_recent->setCurrentIndex(0);
    });
    connect(m_save, &QPushButton::clicked, this, &ConnectionDialog::saveProfile);
    connect(m_delete, &QPushButton::clicked, this, &ConnectionDialog::deleteProfile);
    connect(m_test, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    connect(m_conninfo, &QLineEdit::textChanged, this, &ConnectionDialog::updateButtons);
    connect(m_name, &QLineEdit::textChanged, this, &ConnectionDialog::updateButtons);
    connect(m_tester, &ConnectionTester::finished, this, [this](const ConnectionTester::Result& result) {
        m_testResult = result.message;
        m_result->setText((result.ok ? QStringLiteral("\u2714 ") : QStringLiteral("\u2716 ")) + result.message);
        m_test->setEnabled(true);
        Q_EMIT testFinished(result.ok);
    });

    const QString last = m_settings->lastProfile();
    for (int row = 0; row < profiles.size(); ++row) {
        if (profiles.at(row).name == last)
            m_profiles->setCurrentRow(row);
    }
    updateButtons();
}

void ConnectionDialog::describeFields()
{
    m_conninfo->setPlaceholderText(
        QStringLiteral("host=db1 dbname=farm user=paddock   or   postgresql://paddock@db1/farm"));
    m_conninfo->setToolTip(tr("A libpq connection string or URI. Leave the password out: it comes from ~/.pgpass, "
                              "PGPASSWORD, a service file, or a prompt. Paddock never stores it."));
    m_conninfo->setMinimumWidth(420);
    m_redis->setPlaceholderText(QStringLiteral("redis://cache1:6379   (optional)"));
    m_redis->setToolTip(tr("The farm's Redis, when it keeps its cache there: redis://[user@]host[:port][/db]. "
                           "Leave the password out: it comes from REDISCLI_AUTH or a prompt. Paddock only reads."));
    m_alerts->setChecked(true);
    m_alerts->setToolTip(tr("A notification when an instance stops responding, a storage fails or the database stops "
                            "answering, and when they recover; none while the window is active"));
    m_name->setPlaceholderText(tr("e.g. production"));
}

QString ConnectionDialog::conninfo() const
{
    return m_conninfo->text().trimmed();
}

QString ConnectionDialog::redisUrl() const
{
    return m_redis->text().trimmed();
}

bool ConnectionDialog::readOnly() const
{
    return m_readOnly->isChecked();
}

bool ConnectionDialog::alerts() const
{
    return m_alerts->isChecked();
}

QString ConnectionDialog::profileName() const
{
    return m_name->text().trimmed();
}

QString ConnectionDialog::testResult() const
{
    return m_testResult;
}

void ConnectionDialog::setConninfo(const QString& conninfo)
{
    m_conninfo->setText(conninfo);
}

void ConnectionDialog::loadProfile(int row)
{
    const QList<ConnectionProfile> profiles = m_settings->profiles();
    if (row < 0 || row >= profiles.size())
        return;
    m_name->setText(profiles.at(row).name);
    m_conninfo->setText(profiles.at(row).conninfo);
    m_readOnly->setChecked(profiles.at(row).readOnly);
    m_redis->setText(profiles.at(row).redisUrl);
    m_alerts->setChecked(profiles.at(row).alerts);
}

void ConnectionDialog::saveProfile()
{
    const QString name = profileName();
    if (name.isEmpty())
        return;
    if (PgConnection::redact(conninfo()) == QLatin1String("(malformed connection string)")) {
        m_result->setText(tr("\u2716 Not saved: the connection string is malformed."));
        return;
    }
    QList<ConnectionProfile> profiles = m_settings->profiles();
    QString redisError;
    if (!redisUrl().isEmpty() && !RedisAddress::parse(redisUrl(), &redisError)) {
        m_result->setText(tr("\u2716 Not saved: %1").arg(redisError));
        return;
    }
    ConnectionProfile profile { name, conninfo(), readOnly(), redisUrl(), alerts() };
    bool replaced = false;
    for (ConnectionProfile& existing : profiles) {
        if (existing.name == name) {
            existing = profile;
            replaced = true;
        }
    }
    if (!replaced) {
        profiles.append(profile);
        m_profiles->addItem(name);
    }
    m_settings->setProfiles(profiles);
    if (PgConnection::withoutPassword(conninfo()) != conninfo())
        m_result->setText(tr("Saved without the password: libpq will find it in ~/.pgpass or ask for it."));
    else
        m_result->setText(tr("Saved profile \u201c%1\u201d.").arg(name));
}

void ConnectionDialog::deleteProfile()
{
    const int row = m_profiles->currentRow();
    QList<ConnectionProfile> profiles = m_settings->profiles();
    if (row < 0 || row >= profiles.size())
        return;
    profiles.removeAt(row);
    m_settings->setProfiles(profiles);
    delete m_profiles->takeItem(row);
}

void ConnectionDialog::testConnection()
{
    m_result->setText(tr("Testing %1 …").arg(PgConnection::redact(conninfo())));
    m_test->setEnabled(false);
    m_tester->test(conninfo());
}

void ConnectionDialog::updateButtons()
{
    m_save->setEnabled(!profileName().isEmpty());
    m_delete->setEnabled(m_profiles->currentRow() >= 0);
}

void ConnectionDialog::accept()
{
    if (PgConnection::redact(conninfo()) == QLatin1String("(malformed connection string)")) {
        m_result->setText(tr("\u2716 The connection string is malformed: use key=value pairs or a postgresql:// URI."));
        return;
    }
    QString redisError;
    if (!redisUrl().isEmpty() && !RedisAddress::parse(redisUrl(), &redisError)) {
        m_result->setText(tr("\u2716 Redis: %1").arg(redisError));
        return;
    }
    m_settings->addRecentConnection(conninfo());
    if (!profileName().isEmpty())
        m_settings->setLastProfile(profileName());
    QDialog::accept();
}

} // namespace Paddock
