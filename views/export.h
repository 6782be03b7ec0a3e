#pragma once

#include <QString>

class QAbstractItemModel;
class QWidget;

namespace Paddock {

// Every table as CSV (RFC 4180: a header row from headerData, DisplayRole text, fields with a
// comma, a quote or a line break quoted, CRLF line ends, UTF-8 without BOM). Top-level rows only.
// Written atomically: on failure the previous file is untouched and *error says why.
bool exportCsv(const QAbstractItemModel* model, const QString& fileName, QString* error = nullptr);

// Any chart or view as PNG, as it is on screen. On a high-DPI screen the image keeps the physical
// pixels and records the density, so it is sharp and opens at the widget's logical size.
bool exportPng(QWidget* widget, const QString& fileName, QString* error = nullptr);

// "paddock-instances-2026-11-22T10-00-00.csv": what the file holds, the local time without
// characters that file systems refuse, and the suffix.
QString defaultExportName(const QString& what, const QString& suffix = QStringLiteral("csv"));

// One CSV field, quoted when it has to be.
QString csvField(const QString& text);

} // namespace Paddock
