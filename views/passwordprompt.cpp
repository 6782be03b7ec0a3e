#include "passwordprompt.h"

#include <future>
#include <QApplication>
#include <QInputDialog>
#include <QLineEdit>
#include <QPointer>

namespace Paddock {

namespace {

QString askPassword(QWidget* window, const QString& prompt)
{
    bool ok = false;
    const QString password
        = QInputDialog::getText(window, QCoreApplication::translate("Paddock::PasswordPrompt", "Password"), prompt,
            QLineEdit::Password, QString(), &ok);
    return ok ? password : QString();
}

} // namespace

std::function<QString(const QString& prompt, const PgInterrupt& interrupt)> passwordPrompt(QWidget* window)
{
    return [window = QPointer<QWidget>(window)](const QString& prompt, const PgInterrupt& interrupt) {
        auto answer = std::make_shared<std::promise<QString>>();
        std::future<QString> future = answer->get_future();
        QMetaObject::invokeMethod(
            qApp, [window, answer, prompt] { answer->set_value(window ? askPassword(window, prompt) : QString()); },
            Qt::QueuedConnection);
        while (future.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
            if (interrupt && interrupt->load())
                return QString();
        }
        return future.get();
    };
}

} // namespace Paddock
