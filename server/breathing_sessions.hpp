// The pairs' running breathing sessions (SPEC §7, "breathe together"), in
// memory only: a session lasts minutes, and after a restart the partners
// simply start a new one. At most one per pair.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "store/store.hpp"
#include "toward/v1/toward.pb.h"

namespace toward::server {

struct breathing_session {
    std::uint64_t id = 0;
    std::string started_by;
    v1::BreathPattern pattern = v1::BREATH_BOX;
    std::uint32_t minutes = 0;
    std::int64_t start_at_ms = 0;  // server time
    bool ended = false;            // stopped early
    std::string ended_by;

    // Not stopped and not past its end at `now_ms`.
    bool running_at(std::int64_t now_ms) const {
        return !ended && now_ms < start_at_ms + static_cast<std::int64_t>(minutes) * 60'000;
    }
};

// Thread-safe. A pair is named by its two user ids, in either order.
class breathing_sessions {
  public:
    struct start_outcome {
        breathing_session session;
        bool joined = false;  // it was already running: nothing new started
    };

    // The pair's running session if there is one, else `proposal` (given a
    // fresh id) becomes it.
    start_outcome start_or_join(user_id first, user_id second, breathing_session proposal,
                                std::int64_t now_ms);
    // Ends the pair's running session; nullopt when none is running.
    std::optional<breathing_session> stop(user_id first, user_id second, std::string ended_by,
                                          std::int64_t now_ms);
    // The pair's running session, if any.
    std::optional<breathing_session> running(user_id first, user_id second,
                                             std::int64_t now_ms) const;

  private:
    using pair_key = std::pair<user_id, user_id>;
    static pair_key key_of(user_id first, user_id second);
    // Forgets sessions that are over, so the map holds running ones only.
    void forget_finished(std::int64_t now_ms);

    mutable std::mutex mutex_;
    std::map<pair_key, breathing_session> sessions_;
    std::uint64_t next_id_ = 1;
};

}  // namespace toward::server
