#include "freshness.h"

#include "displayformat.h"

namespace Paddock {

namespace {

QString clock(const QDateTime& time)
{
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("HH:mm:ss")) : QString();
}

} // namespace

Freshness::Freshness(Input input)
    : m_in(std::move(input))
{
}

double Freshness::dataAgeS() const
{
    if (!m_in.lastDataAt.isValid())
        return 0.0;
    return double(m_in.lastDataAt.msecsTo(m_in.now) + m_in.replayLagMs.value_or(0)) / 1000.0;
}

bool Freshness::isBehind() const
{
    return !m_in.replay && m_in.haveData && !m_in.recorded && m_in.replayLagMs.value_or(0) > m_in.deadlineMs;
}

bool Freshness::isOverdue() const
{
    if (m_in.replay || !m_in.haveData || !m_in.lastDataAt.isValid() || m_in.recorded)
        return false;
    return m_in.lastDataAt.msecsTo(m_in.now) > m_in.deadlineMs;
}

bool Freshness::isUnknown() const
{
    return !m_in.replay && m_in.haveData && (m_in.state.isLost() || isOverdue() || isBehind() || m_in.recorded);
}

bool Freshness::isStale() const
{
    return !m_in.replay && (m_in.state.isLost() || isUnknown());
}

QString Freshness::banner() const
{
    const ConnectionState& state = m_in.state;
    const QString shownAt = clock(m_in.lastDataAt);
    const QString age = Format::duration(dataAgeS());
    if (m_in.replay) {
        if (state.state == ConnectionState::State::Stopped && !state.error.isEmpty())
            return tr("\u26a0 Cannot show the recording: %1").arg(state.error);
        return {};
    }
    if (state.isLost()) {
        const QString lostFor = Format::duration(state.since.isValid() ? double(state.since.secsTo(m_in.now)) : 0.0);
        QString text = state.state == ConnectionState::State::NotAnswering
            ? tr("\u26a0 The database is not answering since %1 (%2 ago): %3. Trying a fresh session, attempt %4. ")
            : tr("\u26a0 Connection lost at %1 (%2 ago): %3. Reconnecting, attempt %4. ");
        text = text.arg(clock(state.since), lostFor, state.error).arg(state.attempt);
        if (m_in.recorded)
            text += tr("Showing the recording of this farm, up to %1 (%2 ago), greyed.").arg(shownAt, age);
        else if (m_in.lastDataAt.isValid() && m_in.recorderWriting)
            text += tr("Showing the recording since the loss: the data of %1, greyed.").arg(shownAt);
        else if (m_in.lastDataAt.isValid())
            text += tr("Showing the data of %1, greyed.").arg(shownAt);
        else
            text += tr("No data yet, and nothing recorded of this farm.");
        if (m_in.haveData)
            text += tr(" No instance is known to be healthy meanwhile.");
        return text;
    }
    if (isBehind()) {
        const QDateTime since = m_in.lastDataAt.addMSecs(-m_in.replayLagMs.value_or(0));
        return tr("\u26a0 The standby is behind since %1 (%2 ago): its replay has stopped or lags the primary. The "
                  "data is greyed and no instance is known to be healthy until it catches up.")
            .arg(clock(since), age);
    }
    if (isOverdue())
        return tr("\u26a0 No answer from the database for %1: the data of %2 is greyed and no instance is known to be "
                  "healthy. A fresh session follows if the database stays silent.")
            .arg(age, shownAt);
    if (m_in.recorded && m_in.haveData)
        return tr("Showing the recording of this farm, up to %1 (%2 ago), until the database answers.")
            .arg(shownAt, age);
    return {};
}

} // namespace Paddock
