#pragma once

#include "mainwindow.h"
#include "settings.h"

#include <memory>
#include <QTemporaryDir>
#include <QtTest>

namespace Paddock::Test {

// A MainWindow of the test's own, with settings that are never the user's, shown and fed through a
// detached engine (Engine::deliver), as the window tests of the farm's shared parts use it.
class DetachedWindow {
public:
    // Once per test case: the configuration and data directories of this test alone.
    bool prepare(const QString& applicationName)
    {
        if (!m_config.isValid())
            return false;
        qputenv("XDG_CONFIG_HOME", m_config.path().toUtf8());
        qputenv("XDG_DATA_HOME", m_config.path().toUtf8());
        QCoreApplication::setOrganizationName(QStringLiteral("PaddockTest"));
        QCoreApplication::setApplicationName(applicationName);
        return true;
    }
    // Per test: a fresh window of 1400 × 900 on `settingsFile`, exposed, with the feed `feed` open.
    bool open(const QString& settingsFile, const QString& feed)
    {
        m_settings = std::make_unique<Settings>(m_config.filePath(settingsFile));
        m_window = std::make_unique<MainWindow>(m_settings.get());
        m_window->resize(1400, 900);
        m_window->show();
        if (!QTest::qWaitForWindowExposed(m_window.get()))
            return false;
        m_window->openFeed(feed);
        return true;
    }
    void close()
    {
        m_window.reset();
        m_settings.reset();
    }
    MainWindow* window() const { return m_window.get(); }

private:
    QTemporaryDir m_config;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace Paddock::Test
