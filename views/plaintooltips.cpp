#include "plaintooltips.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QToolTip>

namespace Paddock {

PlainToolTips::PlainToolTips(QAbstractItemView* view)
    : QObject(view)
    , m_view(view)
{
}

void PlainToolTips::install(QAbstractItemView* view)
{
    view->viewport()->installEventFilter(new PlainToolTips(view));
}

QString PlainToolTips::literal(const QString& text)
{
    if (text.isEmpty())
        return text;
    return QStringLiteral("<p style=\"white-space:pre-wrap\">%1</p>").arg(text.toHtmlEscaped());
}

bool PlainToolTips::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() != QEvent::ToolTip || watched != m_view->viewport())
        return QObject::eventFilter(watched, event);
    const auto* help = static_cast<QHelpEvent*>(event);
    const QString text = m_view->indexAt(help->pos()).data(Qt::ToolTipRole).toString();
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(
            help->globalPos(), literal(text), m_view->viewport(), m_view->visualRect(m_view->indexAt(help->pos())));
    return true;
}

} // namespace Paddock
