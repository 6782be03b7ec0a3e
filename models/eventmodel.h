#pragma once

#include "figures.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSet>
#include <QTimer>

namespace Paddock {

// Instance events (webfarm.server_log) and Paddock's own events as one list, newest first,
// bounded (the oldest rows are dropped). Appends come in bursts: they are queued and pushed to the
// model on a single-shot timer, so a burst is one beginInsertRows, not one per event. Used on the
// thread it lives in, like any model.
//
// Paddock's own codes: STATUS, JOINED, LEFT, FLUSH_REQUESTED, FLUSH_FINISHED (derived by
// noteSnapshot), CONNECTION_LOST, CONNECTION_RESTORED (appended by whoever watches the connection).
//
// The first STARTED event ("NAME started on HOST, version V") of a version the farm had not run
// before is marked "version V appeared" (VersionAppearedRole): a deploy reaching the farm. What was
// there when Paddock connected is not new: the versions of the first snapshot's instances and of
// the events that came before it (the first load) are the ones the farm had run.
class EventModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Time, Instance, Code, Message, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        TimestampRole = Qt::UserRole, // QDateTime
        ServerIdRole, // qint64, 0 for a farm-wide event
        CodeRole, // QString
        SeverityRole, // "info", "warning" or "error"
        SortRole, // raw value for sorting
        VersionAppearedRole, // the version V of a "version V appeared" event; invalid for the others
    };
    Q_ENUM(Role)

    enum class Severity { Info, Warning, Error };
    Q_ENUM(Severity)
    static QString severityName(Severity severity);
    static Severity severityOf(const QString& code);
    // The V of a STARTED message "NAME started on HOST, version V"; empty without one ("version ?").
    static QString startedVersion(const QString& message);

    static constexpr int DefaultMaximumRows = 5000;
    static constexpr int DefaultCoalescingIntervalMs = 100;

    explicit EventModel(QObject* parent = nullptr);
    ~EventModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int maximumRows() const { return m_maximumRows; }
    void setMaximumRows(int rows);
    int coalescingInterval() const { return m_timer.interval(); }
    void setCoalescingInterval(int ms);

    // The rows appear on the next tick of the coalescing timer. A local event without
    // a valid time is stamped with the local clock.
    void appendEvents(const QList<EventRow>& rows, const QHash<qint64, QString>& serverNames);
    void appendLocalEvent(QDateTime time, QString code, QString message, qint64 serverId = 0);
    // Derives STATUS, JOINED/LEFT and FLUSH_REQUESTED/FLUSH_FINISHED events by comparing with the
    // previous snapshot. The first snapshot is the baseline and yields no events.
    void noteSnapshot(const FarmSnapshot& snapshot);

    // Pushes the queued events now instead of on the next tick.
    void flushPending();
    // A new connection: forget the rows, the queue and the baseline.
    void clear();

private:
    struct Entry {
        QDateTime time;
        qint64 serverId = 0;
        QString instance;
        QString code;
        QString message;
        Severity severity = Severity::Info;
        QString versionAppeared {}; // set on the first STARTED of a version
    };
    struct ServerState {
        QString name;
        ServerStatus status = ServerStatus::Healthy;
    };
    struct FlushState {
        qint64 pending = 0;
    };

    void enqueue(QList<Entry> entries);
    void markAppearedVersions(QList<Entry>& entries);
    QString nameOf(qint64 serverId) const;
    static QVariant cellData(const Entry& entry, int column, int role);

    QList<Entry> m_rows; // newest first
    int m_maximumRows = DefaultMaximumRows;
    QTimer m_timer;
    QList<Entry> m_queue; // appended, not yet in m_rows
    QHash<qint64, QString> m_names;
    bool m_haveBaseline = false;
    QHash<qint64, ServerState> m_servers;
    QHash<qint64, FlushState> m_flushes;
    QSet<QString> m_versions; // every version the farm was seen to run
};

} // namespace Paddock
