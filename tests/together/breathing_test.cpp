// The phases of a paced breathing session at chosen moments.
#include "together/breathing.hpp"

#include <gtest/gtest.h>

namespace toward::together {
namespace {

TEST(breathing, box_breathing_goes_in_hold_out_hold_four_seconds_each) {
    const auto at = [](std::int64_t ms) { return phase_at(breath_pattern::box, 3, ms); };
    EXPECT_EQ(at(0).step, breath_step::in);
    EXPECT_EQ(at(0).into_ms, 0);
    EXPECT_EQ(at(3999).step, breath_step::in);
    EXPECT_EQ(at(4000).step, breath_step::hold);
    EXPECT_EQ(at(4000).index, 1u);
    EXPECT_EQ(at(8000).step, breath_step::out);
    EXPECT_EQ(at(12000).step, breath_step::hold);
    EXPECT_EQ(at(12000).index, 3u);
    EXPECT_EQ(at(16000).step, breath_step::in);
    EXPECT_EQ(at(16000).cycle, 1);
    EXPECT_EQ(cycle_ms(breath_pattern::box), 16000);
}

TEST(breathing, four_seven_eight_holds_seven_and_breathes_out_eight) {
    const auto at = [](std::int64_t ms) {
        return phase_at(breath_pattern::four_seven_eight, 3, ms);
    };
    EXPECT_EQ(at(3999).step, breath_step::in);
    EXPECT_EQ(at(4000).step, breath_step::hold);
    EXPECT_EQ(at(4000).length_ms, 7000);
    EXPECT_EQ(at(10999).step, breath_step::hold);
    EXPECT_EQ(at(11000).step, breath_step::out);
    EXPECT_EQ(at(11000).length_ms, 8000);
    EXPECT_EQ(at(18999).step, breath_step::out);
    EXPECT_EQ(at(19000).step, breath_step::in);
    EXPECT_EQ(at(19000).cycle, 1);
}

TEST(breathing, fraction_and_time_into_the_phase_grow_through_it) {
    const auto moment = phase_at(breath_pattern::box, 3, 16000 * 2 + 8000 + 1000);
    EXPECT_EQ(moment.state, session_state::running);
    EXPECT_EQ(moment.step, breath_step::out);
    EXPECT_EQ(moment.cycle, 2);
    EXPECT_EQ(moment.into_ms, 1000);
    EXPECT_EQ(moment.length_ms, 4000);
    EXPECT_DOUBLE_EQ(moment.fraction, 0.25);
}

TEST(breathing, before_the_start_it_has_not_started_and_counts_down) {
    const auto moment = phase_at(breath_pattern::box, 3, -2500);
    EXPECT_EQ(moment.state, session_state::not_started);
    EXPECT_EQ(moment.into_ms, -2500);
    EXPECT_EQ(moment.step, breath_step::in);
}

TEST(breathing, the_session_finishes_after_its_minutes) {
    EXPECT_EQ(phase_at(breath_pattern::box, 3, 3 * 60'000 - 1).state, session_state::running);
    EXPECT_EQ(phase_at(breath_pattern::box, 3, 3 * 60'000).state, session_state::finished);
    EXPECT_EQ(phase_at(breath_pattern::four_seven_eight, 1, 10 * 60'000).state,
              session_state::finished);
}

TEST(breathing, pattern_names_round_trip_and_unknown_names_are_refused) {
    EXPECT_EQ(parse_pattern("box"), breath_pattern::box);
    EXPECT_EQ(parse_pattern("4-7-8"), breath_pattern::four_seven_eight);
    EXPECT_EQ(pattern_name(breath_pattern::four_seven_eight), "4-7-8");
    EXPECT_EQ(pattern_name(breath_pattern::box), "box");
    EXPECT_FALSE(parse_pattern("478"));
    EXPECT_FALSE(parse_pattern(""));
    EXPECT_EQ(step_name(breath_step::hold), "hold");
}

}  // namespace
}  // namespace toward::together
