#include "instancespanel.h"

#include "glyphdelegate.h"
#include "instancemodel.h"
#include "plaintooltips.h"
#include "statusstyle.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace Paddock {

InstancesPanel::InstancesPanel(InstanceProxyModel* model, QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter instances by name, zone, host or status (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter instances"));
    connect(m_filter, &QLineEdit::textChanged, model, &InstanceProxyModel::setFilterText);
    m_table = new QTableView(this);
    PlainToolTips::install(m_table);
    m_table->setObjectName(QStringLiteral("instanceTable"));
    m_table->setAccessibleName(tr("Instances"));
    m_table->setModel(model);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(InstanceModel::Status, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setStretchLastSection(false);
    // Fitting the columns to their contents measures a sample of rows, not all 10,000.
    m_table->horizontalHeader()->setResizeContentsPrecision(200);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    // Status as glyph + colour + word, so that it reads without colour too.
    m_table->setItemDelegateForColumn(InstanceModel::Status,
        new GlyphDelegate(
            [](const QModelIndex& index) -> std::optional<GlyphDelegate::Glyph> {
                const StatusStyle style = StatusStyle::forStatus(index.data(InstanceModel::StatusRole).toString());
                return GlyphDelegate::Glyph { style.glyph, style.colour };
            },
            m_table));
    // Another version than most running instances run: a mark beside the version, the words in its tooltip.
    m_table->setItemDelegateForColumn(InstanceModel::Version,
        new GlyphDelegate(
            [](const QModelIndex& index) -> std::optional<GlyphDelegate::Glyph> {
                if (!index.data(InstanceModel::VersionSkewRole).isValid())
                    return std::nullopt;
                const StatusStyle style = StatusStyle::forStatus(QStringLiteral("version-skew"));
                return GlyphDelegate::Glyph { style.glyph, style.colour };
            },
            m_table));
    layout->addWidget(m_filter);
    layout->addWidget(m_table);
}

void InstancesPanel::focusFilter()
{
    m_filter->setFocus();
    m_filter->selectAll();
}

void InstancesPanel::showSlowestBy(int column)
{
    m_table->sortByColumn(column, Qt::DescendingOrder);
    m_table->scrollToTop();
    m_table->setFocus();
}

void InstancesPanel::fitColumns()
{
    m_table->resizeColumnsToContents();
    m_table->setColumnWidth(InstanceModel::Why,
        std::max(m_table->columnWidth(InstanceModel::Why), fontMetrics().horizontalAdvance(QLatin1Char('x')) * 40));
}

} // namespace Paddock
