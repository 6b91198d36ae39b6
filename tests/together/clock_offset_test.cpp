// The clock offset estimate from request/reply samples with fixed numbers.
#include "together/clock_offset.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace toward::together {
namespace {

TEST(clock_offset, one_sample_puts_the_server_time_at_the_midpoint) {
    // Sent at 1000, received at 1040: the server answered around 1020 local.
    const std::vector<clock_sample> samples{{1000, 6020, 1040}};
    const auto estimate = estimate_offset(samples);
    ASSERT_TRUE(estimate);
    EXPECT_EQ(estimate->offset_ms, 5000);
    EXPECT_EQ(estimate->round_trip_ms, 40);
}

TEST(clock_offset, the_sample_with_the_shortest_round_trip_wins) {
    const std::vector<clock_sample> samples{
        {1000, 1500, 1300},  // slow, asymmetric: would say +350
        {2000, 2010, 2004},  // fast: +8
        {3000, 3200, 3100},  // slow: +150
    };
    const auto estimate = estimate_offset(samples);
    ASSERT_TRUE(estimate);
    EXPECT_EQ(estimate->offset_ms, 8);
    EXPECT_EQ(estimate->round_trip_ms, 4);
}

TEST(clock_offset, a_clock_behind_the_server_gives_a_negative_offset) {
    const std::vector<clock_sample> samples{{10'000, 3'002, 10'004}};
    const auto estimate = estimate_offset(samples);
    ASSERT_TRUE(estimate);
    EXPECT_EQ(estimate->offset_ms, -7000);
}

TEST(clock_offset, samples_received_before_they_were_sent_are_ignored) {
    const std::vector<clock_sample> backwards{{5000, 9000, 4000}};
    EXPECT_FALSE(estimate_offset(backwards));
    const std::vector<clock_sample> mixed{{5000, 9000, 4000}, {6000, 6100, 6020}};
    const auto estimate = estimate_offset(mixed);
    ASSERT_TRUE(estimate);
    EXPECT_EQ(estimate->offset_ms, 90);
}

TEST(clock_offset, no_samples_give_no_estimate) {
    EXPECT_FALSE(estimate_offset({}));
}

}  // namespace
}  // namespace toward::together
