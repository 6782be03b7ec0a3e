#pragma once

#include "enginetypes.h"

#include <array>
#include <optional>

namespace Paddock {

// The hand-over of engine updates to the window, on the producer's thread: one update in flight at
// a time. While the window is still taking one, later updates fold into the next (coalesced()),
// so a window that falls behind gets fewer, larger updates instead of a queue that grows. The
// last two updates sent are kept until two more have gone: by then the window let go of them, and
// their rows are freed on the producer's thread instead of the window's.
class UpdateMailbox {
public:
    // The update to send now, or nullopt when one is in flight (it then waits, folded in).
    std::optional<EngineUpdate> offer(EngineUpdate update);
    // Call after emitting what offer() or taken() returned.
    void sent(EngineUpdate update);
    // The window took the last update: what waited, to send now, if anything.
    std::optional<EngineUpdate> taken();
    int folded() const { return m_folded; } // updates folded into another so far

private:
    bool m_inFlight = false;
    std::optional<EngineUpdate> m_waiting;
    std::array<EngineUpdate, 2> m_sent;
    quint64 m_sentCount = 0;
    int m_folded = 0;
};

} // namespace Paddock
