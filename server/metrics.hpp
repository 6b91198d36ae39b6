// Counters and histograms for GET /metrics (Prometheus text format 0.0.4).
// Every member is safe to update from any thread.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "util/errors.hpp"

namespace toward::server {

class metrics {
  public:
    std::atomic<std::int64_t> connections_open{0};
    std::atomic<std::uint64_t> connections_total{0};
    std::atomic<std::uint64_t> frames_received{0};
    std::atomic<std::uint64_t> frames_sent{0};
    std::atomic<std::uint64_t> messages_stored{0};
    std::atomic<std::uint64_t> messages_delivered{0};
    std::atomic<std::uint64_t> auth_failures{0};
    std::atomic<std::uint64_t> slow_consumers_dropped{0};

    // Counts a refusal by a limit (rate, attempts, connections, frame size, auth timeout).
    void count_limit_hit(errc which);
    // Records one store commit: how long it took and how many jobs it held.
    void observe_commit(double seconds, std::size_t jobs, bool ok);

    std::string render() const;

  private:
    static constexpr std::array<double, 12> commit_buckets_s = {
        0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 5.0};
    std::array<std::atomic<std::uint64_t>, commit_buckets_s.size()> commit_bucket_counts_{};
    std::atomic<std::uint64_t> commit_count_{0};
    std::atomic<std::uint64_t> commit_sum_us_{0};
    std::atomic<std::uint64_t> commit_failures_{0};
    std::atomic<std::uint64_t> committed_jobs_{0};

    static constexpr std::array<errc, 7> limit_kinds = {
        errc::frame_too_large,  errc::rate_limited,         errc::login_throttled,
        errc::redeem_throttled, errc::too_many_connections, errc::auth_timeout,
        errc::slow_consumer};
    std::array<std::atomic<std::uint64_t>, limit_kinds.size()> limit_hits_{};
};

}  // namespace toward::server
