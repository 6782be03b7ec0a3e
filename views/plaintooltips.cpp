#include "plaintooltips.h"

#include <QHeaderView>
#include <QHelpEvent>
#include <QTableView>
#include <QToolTip>
#include <QTreeView>

using namespace Qt::StringLiterals;

namespace Paddock {

PlainToolTips::PlainToolTips(QAbstractItemView* view)
    : QObject(view)
    , m_view(view)
{
}

void PlainToolTips::install(QAbstractItemView* view)
{
    view->viewport()->installEventFilter(new PlainToolTips(view));
    // A header shows the model's header tooltips itself, and those can name instances too.
    QList<QHeaderView*> headers;
    if (auto* table = qobject_cast<QTableView*>(view))
        headers = { table->horizontalHeader(), table->verticalHeader() };
    else if (auto* tree = qobject_cast<QTreeView*>(view))
        headers = { tree->header() };
    for (QHeaderView* header : std::as_const(headers))
        header->viewport()->installEventFilter(new PlainToolTips(header));
}

QString PlainToolTips::literal(const QString& text)
{
    if (text.isEmpty())
        return text;
    return QStringLiteral("<p style=\"white-space:pre-wrap\">%1</p>").arg(text.toHtmlEscaped());
}

QString PlainToolTips::rich(const QString& html)
{
    if (html.isEmpty())
        return html;
    return u"<qt>"_s + html + u"</qt>"_s;
}

QString PlainToolTips::toolTipAt(const QPoint& pos, QRect* rect) const
{
    if (const auto* header = qobject_cast<const QHeaderView*>(m_view)) {
        const int section = header->logicalIndexAt(pos);
        if (section < 0 || !header->model())
            return {};
        const int start = header->sectionViewportPosition(section);
        *rect = header->orientation() == Qt::Horizontal
            ? QRect(start, 0, header->sectionSize(section), header->viewport()->height())
            : QRect(0, start, header->viewport()->width(), header->sectionSize(section));
        return header->model()->headerData(section, header->orientation(), Qt::ToolTipRole).toString();
    }
    const QModelIndex index = m_view->indexAt(pos);
    *rect = m_view->visualRect(index);
    return index.data(Qt::ToolTipRole).toString();
}

bool PlainToolTips::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() != QEvent::ToolTip || watched != m_view->viewport())
        return QObject::eventFilter(watched, event);
    const auto* help = static_cast<QHelpEvent*>(event);
    QRect rect;
    const QString text = toolTipAt(help->pos(), &rect);
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(help->globalPos(), literal(text), m_view->viewport(), rect);
    return true;
}

} // namespace Paddock
