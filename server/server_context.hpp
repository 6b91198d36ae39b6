// What every connection shares: configuration, store, hub, limits, metrics.
#pragma once

#include <atomic>
#include <cstdint>

#include "auth/hashing_queue.hpp"
#include "breathing_sessions.hpp"
#include "config.hpp"
#include "hub.hpp"
#include "limits.hpp"
#include "metrics.hpp"
#include "pause_reminders.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace toward::server {

// /healthz's last answer: a stranger's requests reuse it for a second
// instead of each running a write transaction.
struct health_cache {
    static constexpr std::int64_t fresh_ms = 1000;
    std::atomic<std::int64_t> checked_ms{0};  // 0: never checked
    std::atomic<bool> writable{true};
    std::atomic<bool> checking{false};
};

struct server_context {
    server_context(const server_config& cfg, store& st, const toward::clock& clk,
                   hashing_queue& hashing_pool)
        : config(cfg),
          db(st),
          time(clk),
          hashing(hashing_pool),
          login_by_user(cfg.limits.login_attempts_per_minute),
          login_by_address(cfg.limits.login_attempts_per_minute_per_address),
          redeem_by_user(cfg.limits.redeem_attempts_per_minute),
          redeem_by_address(cfg.limits.redeem_attempts_per_minute_per_address),
          connections(cfg.limits.connections_per_address),
          handshaking(cfg.limits.connections_per_address),
          proxies(trusted_proxy_addresses(cfg)) {}

    const server_config& config;
    store& db;
    const toward::clock& time;
    hub online;
    breathing_sessions breathing;  // the pairs' running breathing sessions
    pause_reminders reminders;     // at most one "pause is over" timer per user
    metrics stats;
    health_cache health;
    hashing_queue& hashing;  // scrypt runs here, never on I/O threads
    attempt_limiter login_by_user;
    attempt_limiter login_by_address;
    attempt_limiter redeem_by_user;
    attempt_limiter redeem_by_address;
    connection_registry connections;      // upgraded WebSockets, per client address
    connection_registry handshaking;      // TCP/TLS connections not upgraded yet, per peer
    const std::set<std::string> proxies;  // peers whose X-Forwarded-For is believed
};

}  // namespace toward::server
