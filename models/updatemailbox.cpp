#include "updatemailbox.h"

namespace Paddock {

std::optional<EngineUpdate> UpdateMailbox::offer(EngineUpdate update)
{
    if (!m_inFlight) {
        m_inFlight = true;
        return update;
    }
    if (m_waiting) {
        ++m_folded;
        m_waiting = coalesced(std::move(*m_waiting), std::move(update));
    } else {
        m_waiting = std::move(update);
    }
    return std::nullopt;
}

void UpdateMailbox::sent(EngineUpdate update)
{
    m_sent[m_sentCount++ % m_sent.size()] = std::move(update);
}

std::optional<EngineUpdate> UpdateMailbox::taken()
{
    m_inFlight = false;
    if (!m_waiting)
        return std::nullopt;
    EngineUpdate waiting = std::move(*m_waiting);
    m_waiting.reset();
    return offer(std::move(waiting));
}

} // namespace Paddock
