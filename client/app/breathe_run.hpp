// Breathing together (SPEC §7) on top of a session_client: start or join the
// pair's session, then follow it until it finishes, someone stops it, or the
// user asks to stop. The phase comes from the server's clock: this machine's
// time plus the estimated offset, minus the session's start, so both
// partners' clients show the same phase at the same moment whatever their
// own clocks say. Used by `toward breathe` and chat's /breathe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "app_result.hpp"
#include "session_client.hpp"
#include "together/breathing.hpp"

namespace toward::app {

// A session as this client follows it.
struct breathing_start {
    v1::BreatheSession session;
    together::clock_estimate clock;
    bool joined = false;  // the partner had started it
};

// Estimates the clock offset, then starts the pair's session or joins the
// running one (whose pattern and length win over the ones asked for).
// minutes 0: the server's default (3).
app_result<breathing_start> start_breathing(session_client& client, const std::string& user_name,
                                            together::breath_pattern pattern,
                                            std::uint32_t minutes);

// Where the session stands at server time `server_now_ms`.
together::breath_moment moment_of(const v1::BreatheSession& session, std::int64_t server_now_ms);

// How a run meets the user.
struct breathe_io {
    // Shows the current moment; called about ten times a second.
    std::function<void(const together::breath_moment&)> show;
    // Waits up to `timeout` for the user; true when they ask to stop.
    std::function<bool(std::chrono::milliseconds timeout)> wants_stop;
    // Pushes about something else (messages, presence...); may be empty.
    std::function<void(const push_event&)> other;
};

struct breathing_end {
    bool finished = false;   // ran its full length
    std::string stopped_by;  // else: who stopped it (this user when they asked)
};

// Follows `start` until it ends. When the user asks to stop, sends
// breathe_stop (ending it for both). Fails when the connection is lost.
app_result<breathing_end> follow_breathing(session_client& client, const breathing_start& start,
                                           const std::string& user_name, const breathe_io& io);

}  // namespace toward::app
