#include "exportactions.h"

#include "export.h"
#include "plainwarning.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QJsonDocument>
#include <QMainWindow>
#include <QMenu>
#include <QSaveFile>
#include <QStatusBar>
#include <QTableView>
#include <QTabWidget>

namespace Paddock {

ExportActions::ExportActions(QMainWindow* window, std::function<QJsonObject()> figures)
    : QObject(window)
    , m_window(window)
    , m_figures(std::move(figures))
{
}

void ExportActions::setViews(QTabWidget* tabs, const QList<QWidget*>& others)
{
    m_tabs = tabs;
    m_views = others;
}

void ExportActions::addPageTable(QWidget* page, const Table& table)
{
    m_pageTables.append({ page, table });
}

void ExportActions::setDefaultTable(const Table& table)
{
    m_defaultTable = table;
}

QAction* ExportActions::addActions(QMenu* menu)
{
    QAction* view = menu->addAction(tr("Export current view as &PNG…"), this, &ExportActions::exportCurrentView);
    view->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    QAction* table = menu->addAction(tr("Export table as &CSV…"), this, &ExportActions::exportTable);
    table->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    QAction* snapshot = menu->addAction(tr("&Incident snapshot…"), this, &ExportActions::exportIncidentSnapshot);
    snapshot->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    return snapshot;
}

bool ExportActions::saveScreenshot(QWidget* window, const QString& fileName, QString* error)
{
    const QPixmap pixmap = window->grab();
    if (pixmap.isNull() || !pixmap.save(fileName)) {
        if (error)
            *error = tr("could not write %1").arg(fileName);
        return false;
    }
    return true;
}

QWidget* ExportActions::currentView() const
{
    for (QWidget* candidate = QApplication::focusWidget(); candidate; candidate = candidate->parentWidget()) {
        if (candidate == m_tabs->currentWidget() || m_views.contains(candidate))
            return candidate;
    }
    return m_tabs->currentWidget();
}

ExportActions::Table ExportActions::currentTable() const
{
    if (auto* table = qobject_cast<QTableView*>(QApplication::focusWidget()))
        return { table->model(), table->objectName().isEmpty() ? QStringLiteral("table") : table->objectName() };
    for (const auto& [page, table] : m_pageTables) {
        if (m_tabs->currentWidget() == page)
            return table;
    }
    return m_defaultTable;
}

void ExportActions::exportCurrentView()
{
    QWidget* view = currentView();
    const QString fileName = QFileDialog::getSaveFileName(m_window, tr("Export view as PNG"),
        defaultExportName(QStringLiteral("view"), QStringLiteral("png")), tr("PNG images (*.png)"));
    if (fileName.isEmpty())
        return;
    QString error;
    if (!exportPng(view, fileName, &error))
        warnPlainly(m_window, tr("Export"), error);
    else
        showSaved(fileName);
}

void ExportActions::exportTable()
{
    const Table table = currentTable();
    const QString fileName = QFileDialog::getSaveFileName(
        m_window, tr("Export table as CSV"), defaultExportName(table.what), tr("CSV files (*.csv)"));
    if (fileName.isEmpty())
        return;
    QString error;
    if (!exportCsv(table.model, fileName, &error))
        warnPlainly(m_window, tr("Export"), error);
    else
        showSaved(fileName);
}

void ExportActions::exportIncidentSnapshot()
{
    const QString directory = QFileDialog::getExistingDirectory(m_window, tr("Save the incident snapshot in"));
    if (directory.isEmpty())
        return;
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-ddTHH-mm-ss"));
    const QString png = QDir(directory).filePath(QStringLiteral("paddock-incident-%1.png").arg(stamp));
    const QString json = QDir(directory).filePath(QStringLiteral("paddock-incident-%1.json").arg(stamp));
    QString error;
    if (!saveScreenshot(m_window, png, &error)) {
        warnPlainly(m_window, tr("Incident snapshot"), error);
        return;
    }
    QSaveFile file(json);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(m_figures()).toJson(QJsonDocument::Indented)) < 0
        || !file.commit()) {
        warnPlainly(m_window, tr("Incident snapshot"), tr("could not write %1: %2").arg(json, file.errorString()));
        return;
    }
    m_window->statusBar()->showMessage(tr("Incident snapshot saved: %1 and %2").arg(png, json), 10000);
}

void ExportActions::showSaved(const QString& fileName)
{
    m_window->statusBar()->showMessage(tr("Saved %1").arg(fileName), 8000);
}

} // namespace Paddock
