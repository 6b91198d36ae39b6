#include "limits.hpp"

namespace toward::server {

bool attempt_limiter::try_attempt(const std::string& key, std::int64_t now_ms) {
    if (key.size() > max_key_bytes) return false;
    std::lock_guard lock(mutex_);
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
        if (buckets_.size() >= max_keys_) forget_idle(now_ms);
        if (buckets_.size() >= max_keys_) return false;
        const double burst = static_cast<double>(per_minute_);
        it = buckets_.emplace(key, token_bucket(burst / 60.0, burst, now_ms)).first;
    }
    return it->second.try_take(now_ms);
}

std::size_t attempt_limiter::keys() const {
    std::lock_guard lock(mutex_);
    return buckets_.size();
}

void attempt_limiter::forget_idle(std::int64_t now_ms) {
    // A full bucket is the same as no bucket: dropping it keeps memory bounded.
    std::erase_if(buckets_, [now_ms](auto& entry) { return entry.second.is_full(now_ms); });
}

bool connection_registry::try_open(const std::string& address) {
    std::lock_guard lock(mutex_);
    auto& count = open_[address];
    if (count >= per_address_) return false;
    ++count;
    return true;
}

void connection_registry::close(const std::string& address) {
    std::lock_guard lock(mutex_);
    auto it = open_.find(address);
    if (it == open_.end()) return;
    if (--it->second <= 0) open_.erase(it);
}

}  // namespace toward::server
