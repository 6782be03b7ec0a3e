#include "export.h"

#include <cmath>
#include <QAbstractItemModel>
#include <QCoreApplication>
#include <QDateTime>
#include <QImage>
#include <QImageWriter>
#include <QPixmap>
#include <QRegularExpression>
#include <QSaveFile>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace Paddock {

namespace {

QString exportTr(const char* text)
{
    return QCoreApplication::translate("Paddock::Export", text);
}

void setError(QString* error, const QString& text)
{
    if (error)
        *error = text;
}

} // namespace

QString csvField(const QString& text)
{
    static const QRegularExpression special(u"[\",\r\n]"_s);
    if (!text.contains(special))
        return text;
    QString quoted = text;
    quoted.replace(u"\""_s, u"\"\""_s);
    return u'"' + quoted + u'"';
}

bool exportCsv(const QAbstractItemModel* model, const QString& fileName, QString* error)
{
    if (!model) {
        setError(error, exportTr("Nothing to export"));
        return false;
    }
    const int columns = model->columnCount();
    const int rows = model->rowCount();
    QString text;
    auto appendLine = [&text, columns](auto&& cell) {
        for (int column = 0; column < columns; ++column) {
            if (column > 0)
                text += u',';
            text += csvField(cell(column));
        }
        text += u"\r\n"_s;
    };
    appendLine([model](int column) { return model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString(); });
    for (int row = 0; row < rows; ++row)
        appendLine([model, row](int column) { return model->index(row, column).data(Qt::DisplayRole).toString(); });

    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly)) {
        setError(error, exportTr("Cannot write %1: %2").arg(fileName, file.errorString()));
        return false;
    }
    const QByteArray bytes = text.toUtf8();
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        setError(error, exportTr("Cannot write %1: %2").arg(fileName, file.errorString()));
        file.cancelWriting();
        return false;
    }
    return true;
}

bool exportPng(QWidget* widget, const QString& fileName, QString* error)
{
    if (!widget) {
        setError(error, exportTr("Nothing to export"));
        return false;
    }
    const QPixmap pixmap = widget->grab();
    if (pixmap.isNull()) {
        setError(error, exportTr("The view has no size to export"));
        return false;
    }
    QImage image = pixmap.toImage();
    // 96 dpi at a device pixel ratio of 1: viewers then show the image at the size it had on screen.
    const int dotsPerMeter = int(std::lround(96.0 / 0.0254 * pixmap.devicePixelRatio()));
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);

    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly)) {
        setError(error, exportTr("Cannot write %1: %2").arg(fileName, file.errorString()));
        return false;
    }
    QImageWriter writer(&file, "png");
    if (!writer.write(image)) {
        setError(error, exportTr("Cannot write %1: %2").arg(fileName, writer.errorString()));
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        setError(error, exportTr("Cannot write %1: %2").arg(fileName, file.errorString()));
        return false;
    }
    return true;
}

QString defaultExportName(const QString& what, const QString& suffix)
{
    static const QRegularExpression unsafe(u"[^a-z0-9._-]+"_s);
    QString name = what.trimmed().toLower();
    name.replace(unsafe, u"-"_s);
    while (name.startsWith(u'-'))
        name.remove(0, 1);
    while (name.endsWith(u'-'))
        name.chop(1);
    if (name.isEmpty())
        name = u"export"_s;
    const QString stamp = QDateTime::currentDateTime().toString(u"yyyy-MM-ddTHH-mm-ss"_s);
    QString dottedSuffix = suffix.startsWith(u'.') ? suffix.mid(1) : suffix;
    return u"paddock-%1-%2.%3"_s.arg(name, stamp, dottedSuffix);
}

} // namespace Paddock
