#include "engine.h"
#include "engineworker.h"
#include "logging.h"
#include "pgerror.h"
#include "pgtransaction.h"

// What the window asks of the engine besides the figures: a flush, a page of deliveries, a task's text.
namespace Paddock {

namespace {

const std::shared_ptr<spdlog::logger>& log()
{
    return Log::engine();
}

} // namespace

void EngineWorker::requestFlush(int requestId, const FlushOrder& order)
{
    if (m_replay) {
        tell(&Engine::flushDone, requestId, qint64(0),
            QStringLiteral("a recording is read-only: connect to the farm to flush"), false);
        return;
    }
    ConnectOptions options = sessionOptions(m_settings, m_interrupt);
    options.readOnly = false;
    options.targetSessionAttrs = QStringLiteral("read-write"); // flushes go to the primary
    try {
        PgConnection connection = PgConnection::open(m_settings.conninfo, options, m_password);
        QVariantList ids;
        for (qint64 id : order.serverIds)
            ids.append(id);
        const PgResult result
            = connection.exec(QStringLiteral("SELECT webfarm.request_cache_flush($1, $2::bigint[], $3::text[], $4)"),
                { order.scope, order.scope == QLatin1String("servers") ? QVariant(ids) : QVariant(),
                    order.scope == QLatin1String("keys") ? QVariant(order.cacheKeys) : QVariant(),
                    order.reason.isEmpty() ? QVariant() : QVariant(order.reason) });
        const qint64 flushId = result.integer(0, 0).value_or(0);
        log()->info(
            "flush {} requested ({}, reason: {})", flushId, order.scope.toStdString(), order.reason.toStdString());
        tell(&Engine::flushDone, requestId, flushId, QString(), false);
        scheduleRefresh(0);
    } catch (const PgError& error) {
        if (error.isInterrupted())
            return;
        QString message = error.fullMessage();
        if (error.isNoAnswer())
            message = QStringLiteral("%1: the flush may or may not have been recorded; the flushes panel shows it "
                                     "once the database answers")
                          .arg(error.message());
        if (error.sqlState() == QLatin1String("42501"))
            message = QStringLiteral("not allowed to flush: the connecting role needs webfarm_operator (%1)")
                          .arg(error.message());
        log()->warn("flush failed: {}", message.toStdString());
        tell(&Engine::flushDone, requestId, qint64(0), message, error.isConnectionError());
    }
}

void EngineWorker::queryDeliveries(int requestId, const DeliveryQuery& query)
{
    if (m_replay) {
        tell(&Engine::deliveriesReady, requestId, QList<DeliveryDetailRow>(), qint64(0),
            QStringLiteral("a recording keeps the figures, not the delivery rows: connect to the farm to browse them"));
        return;
    }
    if (!m_connection.isOpen()) {
        tell(&Engine::deliveriesReady, requestId, QList<DeliveryDetailRow>(), qint64(0),
            QStringLiteral("not connected"));
        return;
    }
    try {
        // One snapshot for the page and its count, so that they agree.
        PgTransaction transaction(m_connection, PgTransaction::Mode::RepeatableReadOnly);
        const PgResult page = m_connection.exec(query.sql(), query.params());
        const PgResult count = m_connection.exec(query.countSql(), query.countParams());
        transaction.commit();
        tell(&Engine::deliveriesReady, requestId, DeliveryQuery::fromResult(page), count.integer(0, 0).value_or(0),
            QString());
    } catch (const PgError& error) {
        tell(&Engine::deliveriesReady, requestId, QList<DeliveryDetailRow>(), qint64(0), describeQueryError(error));
        if (error.isConnectionError())
            sessionFailed(error);
    }
}

void EngineWorker::queryFullText(int requestId, qint64 taskId)
{
    if (!m_connection.isOpen()) {
        tell(&Engine::fullTextReady, requestId, taskId, QString(), QStringLiteral("not connected"));
        return;
    }
    try {
        const PgResult result = m_connection.exec(DeliveryQuery::fullTextSql(), { taskId });
        tell(&Engine::fullTextReady, requestId, taskId, result.text(0, 0), QString());
    } catch (const PgError& error) {
        tell(&Engine::fullTextReady, requestId, taskId, QString(), describeQueryError(error));
        if (error.isConnectionError())
            sessionFailed(error);
    }
}

} // namespace Paddock
