// A token bucket: `rate` tokens per second refill up to `burst`.
#pragma once

#include <algorithm>
#include <cstdint>

namespace toward {

// Not thread-safe: owned by one strand or guarded by its owner's mutex.
class token_bucket {
  public:
    token_bucket(double rate_per_s, double burst, std::int64_t now_ms)
        : rate_per_ms_(rate_per_s / 1000.0), burst_(burst), tokens_(burst), last_ms_(now_ms) {}

    // Takes one token if there is one; returns false (taking nothing) otherwise.
    bool try_take(std::int64_t now_ms) {
        refill(now_ms);
        if (tokens_ < 1.0) return false;
        tokens_ -= 1.0;
        return true;
    }

    // True when the bucket is full again, i.e. forgetting it changes nothing.
    bool is_full(std::int64_t now_ms) const {
        const double elapsed = static_cast<double>(std::max<std::int64_t>(0, now_ms - last_ms_));
        return tokens_ + elapsed * rate_per_ms_ >= burst_;
    }

  private:
    void refill(std::int64_t now_ms) {
        if (now_ms > last_ms_) {
            tokens_ =
                std::min(burst_, tokens_ + static_cast<double>(now_ms - last_ms_) * rate_per_ms_);
            last_ms_ = now_ms;
        }
    }

    double rate_per_ms_;
    double burst_;
    double tokens_;
    std::int64_t last_ms_;
};

}  // namespace toward
