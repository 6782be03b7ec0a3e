#pragma once

#include <QWidget>

class QLineEdit;
class QTableView;

namespace Paddock {

class InstanceProxyModel;

// The instances: a filter over a table whose status reads as glyph, colour and word.
class InstancesPanel : public QWidget {
    Q_OBJECT

public:
    explicit InstancesPanel(InstanceProxyModel* model, QWidget* parent = nullptr);

    QTableView* table() const { return m_table; }
    // Ctrl+F.
    void focusFilter();
    // Slowest first by that column, from the top.
    void showSlowestBy(int column);
    // First data and no saved layout: columns as wide as what they show, the reasons wider.
    void fitColumns();

private:
    QLineEdit* m_filter = nullptr;
    QTableView* m_table = nullptr;
};

} // namespace Paddock
