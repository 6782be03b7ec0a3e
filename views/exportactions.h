#pragma once

#include <functional>
#include <QJsonObject>
#include <QObject>

class QAbstractItemModel;
class QAction;
class QMainWindow;
class QMenu;
class QTabWidget;

namespace Paddock {

// File › Export: the view in front as PNG, a table as CSV, and the incident snapshot (the window as
// PNG beside the figures as JSON). The view or table with the keyboard focus is the one exported,
// else the open tab's, else the instances.
class ExportActions : public QObject {
    Q_OBJECT

public:
    struct Table {
        const QAbstractItemModel* model = nullptr;
        QString what; // in the file name: "instances", "storage"
    };

    // `figures`: the figures shown, as `paddock report --json` writes them.
    ExportActions(QMainWindow* window, std::function<QJsonObject()> figures);

    // The tabs, and the views outside them that are exported when they have the focus.
    void setViews(QTabWidget* tabs, const QList<QWidget*>& others);
    // The table exported while `page` is the open tab and no table has the focus.
    void addPageTable(QWidget* page, const Table& table);
    // The table exported when nothing else is.
    void setDefaultTable(const Table& table);

    // Adds the three actions to the menu; returns the incident snapshot's, for the toolbar.
    QAction* addActions(QMenu* menu);

    // The window as it is on screen, as PNG.
    static bool saveScreenshot(QWidget* window, const QString& fileName, QString* error = nullptr);

public Q_SLOTS:
    void exportCurrentView();
    void exportTable();
    void exportIncidentSnapshot();

private:
    QWidget* currentView() const;
    Table currentTable() const;
    void showSaved(const QString& fileName);

    QMainWindow* m_window;
    std::function<QJsonObject()> m_figures;
    QTabWidget* m_tabs = nullptr;
    QList<QWidget*> m_views;
    QList<std::pair<QWidget*, Table>> m_pageTables;
    Table m_defaultTable;
};

} // namespace Paddock
