#pragma once

#include "databasechart.h"
#include "databasehealth.h"

#include <optional>
#include <QWidget>

class QLabel;
class QTableView;
class QTreeWidget;

namespace Paddock {

class DatabaseSessionModel;

// The Database tab (DESIGN.md section 7): the database server's status and figures on a line, what
// the login cannot see, the blocking chains (who blocks whom, since when, the query's first line),
// every session by instance with its state and waits, and charts of the connections, the oldest
// transaction, the tables' sizes and dead rows over time. The charts follow the window and pause like
// the others (ViewTabs drives them).
class DatabaseTab : public QWidget {
    Q_OBJECT

public:
    explicit DatabaseTab(QWidget* parent = nullptr);

    // The database of the last snapshot (none: not read, e.g. an older recording).
    void setDatabase(const std::optional<DatabaseFigures>& database);
    // The points the charts draw, the Engine's (see DatabaseChart::setDatabasePoints).
    void setDatabasePoints(const QList<DatabasePoint>* points);
    // Brings `instance`'s sessions forward: its blocking chain selected, its first session current.
    void showInstance(const QString& instance);

    QList<DatabaseChart*> charts() const { return m_charts; }
    QString summaryText() const;
    QString cannotSeeText() const;
    QTreeWidget* blockingTree() const { return m_blocking; }
    QTableView* sessionTable() const { return m_sessionTable; }
    DatabaseSessionModel* sessionModel() const { return m_sessions; }

    // "● degraded · primary · 24 connections of 100 · 2 blocked sessions (web-02) · …", then why it is
    // degraded on a line of its own.
    static QString summary(const DatabaseFigures& database);

private:
    QWidget* createTables();
    void fillBlocking(const DatabaseFigures& database);

    QLabel* m_summary = nullptr;
    QLabel* m_cannotSee = nullptr;
    QTreeWidget* m_blocking = nullptr;
    QTableView* m_sessionTable = nullptr;
    DatabaseSessionModel* m_sessions = nullptr;
    QList<DatabaseChart*> m_charts;
    std::optional<DatabaseFigures> m_database;
    QString m_shownInstance;
};

} // namespace Paddock
