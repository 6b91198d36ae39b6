#include "breathing_sessions.hpp"

#include <algorithm>

namespace toward::server {

breathing_sessions::pair_key breathing_sessions::key_of(user_id first, user_id second) {
    return {std::min(first, second), std::max(first, second)};
}

void breathing_sessions::forget_finished(std::int64_t now_ms) {
    std::erase_if(sessions_,
                  [now_ms](const auto& entry) { return !entry.second.running_at(now_ms); });
}

breathing_sessions::start_outcome breathing_sessions::start_or_join(user_id first, user_id second,
                                                                    breathing_session proposal,
                                                                    std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    forget_finished(now_ms);
    const auto key = key_of(first, second);
    if (auto it = sessions_.find(key); it != sessions_.end()) return {it->second, true};
    proposal.id = next_id_++;
    sessions_[key] = proposal;
    return {std::move(proposal), false};
}

std::optional<breathing_session> breathing_sessions::stop(user_id first, user_id second,
                                                          std::string ended_by,
                                                          std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    forget_finished(now_ms);
    auto it = sessions_.find(key_of(first, second));
    if (it == sessions_.end()) return std::nullopt;
    auto session = std::move(it->second);
    sessions_.erase(it);
    session.ended = true;
    session.ended_by = std::move(ended_by);
    return session;
}

std::optional<breathing_session> breathing_sessions::running(user_id first, user_id second,
                                                             std::int64_t now_ms) const {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(key_of(first, second));
    if (it == sessions_.end() || !it->second.running_at(now_ms)) return std::nullopt;
    return it->second;
}

}  // namespace toward::server
