// Estimating how far this machine's clock is from the server's, from a few
// request/reply exchanges (the idea of NTP, without its filtering): for one
// exchange sent at local t_send and answered at local t_recv with the
// server's time, offset = server − (t_send + t_recv) / 2, assuming the reply
// took as long as the request. The exchange with the shortest round trip
// bounds that assumption's error best, so it is the one kept.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace toward::together {

// One exchange, all in Unix ms: local send time, the server's reply, local
// receive time.
struct clock_sample {
    std::int64_t sent_ms = 0;
    std::int64_t server_ms = 0;
    std::int64_t received_ms = 0;
};

// server time ≈ local time + offset_ms, within ± round_trip_ms / 2.
struct clock_estimate {
    std::int64_t offset_ms = 0;
    std::int64_t round_trip_ms = 0;
};

// The estimate from the sample with the shortest round trip (the first of
// equals). Samples received before they were sent (a local clock that
// stepped back) are ignored; nullopt when no sample is left.
std::optional<clock_estimate> estimate_offset(std::span<const clock_sample> samples);

}  // namespace toward::together
