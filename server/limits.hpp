// Shared limits: attempts per key per minute, and connections per address.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "util/token_bucket.hpp"

namespace toward::server {

// Counts attempts per key (a user name, an address) in a token bucket of
// `per_minute` tokens refilled over a minute. Thread-safe.
class attempt_limiter {
  public:
    explicit attempt_limiter(std::int64_t per_minute) : per_minute_(per_minute) {}

    // Takes one attempt for `key`; false when the key is over its limit.
    bool try_attempt(const std::string& key, std::int64_t now_ms);

  private:
    void forget_idle(std::int64_t now_ms);

    std::int64_t per_minute_;
    std::mutex mutex_;
    std::unordered_map<std::string, token_bucket> buckets_;
};

// Counts open WebSocket connections per client address. Thread-safe.
class connection_registry {
  public:
    explicit connection_registry(std::int64_t per_address) : per_address_(per_address) {}

    // Counts one more connection from `address`; false (counting nothing)
    // when the address already has its maximum.
    bool try_open(const std::string& address);
    void close(const std::string& address);

  private:
    std::int64_t per_address_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::int64_t> open_;
};

}  // namespace toward::server
