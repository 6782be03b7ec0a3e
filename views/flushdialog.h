#pragma once

#include "enginetypes.h"
#include "figures.h"

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QDialogButtonBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;

namespace Paddock {

class Engine;

// Asks for a manual cache flush: scope, reason, confirmation, and says beforehand exactly which
// instances will receive the CLEAR_CACHE task (those enabled and not stopped, as
// webfarm.request_cache_flush decides). The Flush button stays disabled until the order is valid.
//
// Without an engine, accepting just closes the dialog and the caller sends order(). With one
// (setEngine), accepting sends the order, keeps the dialog open until the database answers, shows
// a refusal (missing privilege, lost connection) in place, and closes on success with
// flushRequested(flushId).
class FlushDialog : public QDialog {
    Q_OBJECT

public:
    enum class Scope { Farm, Servers, Keys };
    Q_ENUM(Scope)

    explicit FlushDialog(QWidget* parent = nullptr);
    ~FlushDialog() override;

    // The current picture of the farm; the summary follows it while the dialog is open.
    void setSnapshot(const FarmSnapshot& snapshot);
    // The instances selected elsewhere in the window (map, table); offered as the "selected" scope,
    // which becomes the initial scope when the selection is not empty.
    void setSelectedServers(const QList<qint64>& serverIds);
    // Who the database will record as requested_by (the session user), for the summary.
    void setRequester(const QString& user);
    // Non-empty: why flushing is unavailable (read-only mode, no webfarm_operator privilege, no
    // connection). Shown at the top; Flush stays disabled. Empty: available again.
    void setReadOnlyReason(const QString& reason);
    QString readOnlyReason() const { return m_readOnlyReason; }
    void setEngine(Engine* engine);

    void setScope(Scope scope);
    Scope scope() const;
    void setCacheKeys(const QStringList& keys);
    void setReason(const QString& reason);

    // The order as the inputs stand: scope, the selected instances known to the farm (sorted), the
    // non-empty cache keys (trimmed, first occurrence kept), the trimmed reason.
    FlushOrder order() const;
    // The instances that will receive the task, by name.
    QStringList targetNames() const;
    // What will happen, in words (the text shown above the confirmation).
    QString summaryText() const;
    // Empty when Flush can be pressed; otherwise what is missing, in words.
    QString problem() const;
    bool canSubmit() const { return problem().isEmpty(); }
    // After a successful submission through the engine: the flush request id.
    qint64 flushId() const { return m_flushId; }

public Q_SLOTS:
    void accept() override;

Q_SIGNALS:
    // The engine recorded the flush (setEngine): show its progress.
    void flushRequested(qint64 flushId);

private:
    struct Plan {
        QList<const ServerFigures*> targets;
        QList<const ServerFigures*> skipped; // in scope, but stopped or disabled
        QList<const ServerFigures*> notResponding; // targeted, but will not answer soon
        QList<qint64> unknownSelected; // selected, but no longer in the farm
    };
    // The constructor's parts, top to bottom.
    QGroupBox* createScopeBox();
    QFormLayout* createReason();
    QGroupBox* createSummaryBox();
    void createButtons(); // the problem and error lines and the buttons
    void connectInputs();

    Plan plan() const;
    QStringList cacheKeys() const;
    bool confirmed() const;
    void updateState();
    void onFlushDone(int requestId, qint64 flushId, const QString& error, bool connectionFailed);

    FarmSnapshot m_snapshot;
    bool m_haveSnapshot = false;
    QList<qint64> m_selected;
    QString m_requester;
    QString m_readOnlyReason;
    QPointer<Engine> m_engine;
    int m_requestId = 0; // the flush being sent, 0 when none
    qint64 m_flushId = 0;

    QLabel* m_readOnlyBanner = nullptr;
    QRadioButton* m_farmScope = nullptr;
    QRadioButton* m_serversScope = nullptr;
    QRadioButton* m_keysScope = nullptr;
    QLabel* m_selectedList = nullptr;
    QPlainTextEdit* m_keysEdit = nullptr;
    QLineEdit* m_reasonEdit = nullptr;
    QLabel* m_summary = nullptr;
    QCheckBox* m_confirmCheck = nullptr;
    QLabel* m_confirmWordLabel = nullptr;
    QLineEdit* m_confirmWord = nullptr;
    QLabel* m_problem = nullptr;
    QLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QPushButton* m_flushButton = nullptr;
};

} // namespace Paddock
