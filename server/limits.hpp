// Shared limits: attempts per key per minute, and connections per address.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "util/token_bucket.hpp"

namespace toward::server {

// Counts attempts per key (a user name, an address) in a token bucket of
// `per_minute` tokens refilled over a minute. Thread-safe. Its memory is
// bounded by construction: at most `max_keys` keys of at most `max_key_bytes`
// each; a key past those is refused, not remembered.
class attempt_limiter {
  public:
    static constexpr std::size_t max_key_bytes = 64;
    explicit attempt_limiter(std::int64_t per_minute, std::size_t max_keys = 10000)
        : per_minute_(per_minute), max_keys_(max_keys) {}

    // Takes one attempt for `key`; false when the key is over its limit, or
    // new while the limiter is full of keys that are still in use.
    bool try_attempt(const std::string& key, std::int64_t now_ms);
    std::size_t keys() const;

  private:
    void forget_idle(std::int64_t now_ms);

    std::int64_t per_minute_;
    std::size_t max_keys_;
    mutable std::mutex mutex_;
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
