#pragma once

#include "deliverydetail.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

namespace Paddock {

// One page of pending or failed deliveries (DeliveryQuery). Each page is a new data set, so it
// resets the model. Requests are numbered: a page that arrives after a newer request was issued
// is dropped, so a slow query cannot overwrite the page the user asked for last.
class DeliveryModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Age, Created, Processed, Instance, Type, Target, TextData, Creator, Error, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        TaskIdRole = Qt::UserRole, // qint64
        ServerIdRole, // qint64
        SortRole, // raw value; invalid for a null one
        CreatedAtRole, // QDateTime (UTC)
        ProcessedAtRole, // QDateTime (UTC), invalid while pending
        TextTruncatedRole, // bool: TextData holds the first DeliveryQuery::TextDataLength characters only
    };
    Q_ENUM(Role)

    explicit DeliveryModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Numbers a new request; every page older than it is dropped from now on.
    int nextRequestId();
    int latestRequestId() const { return m_latestRequestId; }
    // Replaces the page; false (and nothing happens) when a newer request was issued since.
    bool setPage(int requestId, const QList<DeliveryDetailRow>& rows, qint64 totalCount);
    qint64 totalCount() const { return m_totalCount; }
    // The reference time of the Age column (database clock).
    void setNow(const QDateTime& now);
    QDateTime now() const { return m_now; }
    // A new connection: empty, and every request issued so far is superseded.
    void clear();

    DeliveryDetailRow rowAt(int row) const;

Q_SIGNALS:
    void totalCountChanged(qint64 totalCount);

private:
    QVariant cellData(const DeliveryDetailRow& row, int column, int role) const;

    QList<DeliveryDetailRow> m_rows;
    qint64 m_totalCount = 0;
    int m_latestRequestId = 0;
    QDateTime m_now;
};

} // namespace Paddock
