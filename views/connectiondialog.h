#pragma once

#include "settings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace Paddock {

class ConnectionTester;

// Where to connect: saved profiles (name, connection string without the password, read-only),
// recent connections, a test that runs off the GUI thread, and a clear error when it fails.
class ConnectionDialog : public QDialog {
    Q_OBJECT

public:
    explicit ConnectionDialog(Settings* settings, QWidget* parent = nullptr);

    QString conninfo() const;
    bool readOnly() const;
    bool alerts() const; // desktop notifications for this profile's farm
    QString redisUrl() const; // empty: the farm has no Redis
    QString profileName() const;

    void setConninfo(const QString& conninfo);

    // The line that the last test produced (for tests and for the status bar).
    QString testResult() const;

public Q_SLOTS:
    void accept() override;

Q_SIGNALS:
    void testFinished(bool ok);

private:
    void describeFields();
    void loadProfile(int row);
    void saveProfile();
    void deleteProfile();
    void testConnection();
    void updateButtons();

    Settings* m_settings;
    ConnectionTester* m_tester;
    QListWidget* m_profiles;
    QLineEdit* m_name;
    QLineEdit* m_conninfo;
    QLineEdit* m_redis;
    QCheckBox* m_readOnly;
    QCheckBox* m_alerts;
    QComboBox* m_recent;
    QLabel* m_result;
    QPushButton* m_test;
    QPushButton* m_save;
    QPushButton* m_delete;
    QPushButton* m_connect;
    QString m_testResult;
};

} // namespace Paddock
