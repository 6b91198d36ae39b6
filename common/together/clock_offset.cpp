#include "together/clock_offset.hpp"

namespace toward::together {

std::optional<clock_estimate> estimate_offset(std::span<const clock_sample> samples) {
    std::optional<clock_estimate> best;
    for (const auto& sample : samples) {
        const auto round_trip = sample.received_ms - sample.sent_ms;
        if (round_trip < 0) continue;
        if (best && best->round_trip_ms <= round_trip) continue;
        // The midpoint without overflow: sent + round_trip / 2.
        const auto midpoint = sample.sent_ms + round_trip / 2;
        best = clock_estimate{sample.server_ms - midpoint, round_trip};
    }
    return best;
}

}  // namespace toward::together
