// The weekly summary: bid resolution, the response window and pauses, and
// exact figures for a scripted week.
#include <gtest/gtest.h>

#include "summary/weekly_summary.hpp"

namespace toward::summary {
namespace {

constexpr std::int64_t minute_ms = 60 * 1000;
constexpr std::int64_t hour_ms = 60 * minute_ms;
constexpr std::int64_t day_ms = 24 * hour_ms;
constexpr std::int64_t monday_w48_utc = 1795392000000;  // 2026-11-23 00:00 UTC
constexpr int alice = 0;
constexpr int bob = 1;
enum { toward = 1, away = 2, against = 3 };

std::int64_t at(int day, int hour, int minute = 0) {
    return monday_w48_utc + day * day_ms + hour * hour_ms + minute * minute_ms;
}

summary_settings settings() {
    return {{"alice", "bob"}, "UTC", 4 * hour_ms};
}

TEST(response_window, a_bid_is_open_until_its_window_passes_then_missed) {
    const bid_event bid{1, alice, 1, at(0, 9)};
    const std::vector<response_event> none;
    EXPECT_EQ(resolve_bid(bid, none, {}, 4 * hour_ms, at(0, 13) - 1).state, bid_state::open);
    EXPECT_EQ(resolve_bid(bid, none, {}, 4 * hour_ms, at(0, 13)).state, bid_state::missed);
}

TEST(response_window, time_inside_a_pause_does_not_count) {
    const std::vector<pause_interval> pauses{{at(0, 10), at(0, 11)}, {at(0, 13, 30), at(0, 14)}};
    // 4 h from 09:00, plus the 1 h pause, reaches 14:00; the second pause
    // (13:30-14:00) then adds 30 min more.
    EXPECT_EQ(response_deadline(at(0, 9), 4 * hour_ms, pauses), at(0, 14, 30));
    EXPECT_EQ(response_deadline(at(0, 9), 4 * hour_ms, {}), at(0, 13));
    // A pause before the bid changes nothing.
    EXPECT_EQ(response_deadline(at(0, 9), 4 * hour_ms, {{at(0, 7), at(0, 8)}}), at(0, 13));
}

TEST(response_window, the_first_answer_of_the_partner_decides_and_late_ones_are_missed) {
    const bid_event bid{1, alice, 1, at(0, 9)};
    const std::vector<response_event> responses{
        {2, 1, alice, toward, at(0, 9, 1)},  // her own answer does not count
        {3, 1, bob, against, at(0, 9, 30)},  // the first of his decides
        {4, 1, bob, toward, at(0, 9, 40)},
    };
    const auto outcome = resolve_bid(bid, responses, {}, 4 * hour_ms, at(1, 0));
    EXPECT_EQ(outcome.state, bid_state::against);
    EXPECT_EQ(outcome.latency_ms, 30 * minute_ms);
    const std::vector<response_event> late{{2, 1, bob, toward, at(0, 13, 1)}};
    EXPECT_EQ(resolve_bid(bid, late, {}, 4 * hour_ms, at(1, 0)).state, bid_state::missed);
}

pair_activity scripted_week() {
    pair_activity activity;
    activity.bids = {
        {1, alice, 1, at(0, 9)},   // attention: bob toward after 10 min
        {3, alice, 3, at(0, 20)},  // affection: bob away after 1 h
        {5, alice, 5, at(1, 8)},   // support: unanswered, missed
        {6, alice, 9, at(2, 12)},  // plan: bob against after 30 min
        {8, alice, 4, at(6, 23)},  // humor: still open at "now"
        {9, bob, 2, at(1, 10)},    // interest: alice toward after 5 min
        {11, bob, 7, at(3, 18)},   // conversation: alice toward after 4.5 h, 1 h paused
        {12, bob, 6, at(4, 9)},    // help: alice answers after 5 h: missed
    };
    activity.responses = {
        {2, 1, bob, toward, at(0, 9, 10)},      {4, 3, bob, away, at(0, 21)},
        {7, 6, bob, against, at(2, 12, 30)},    {10, 9, alice, toward, at(1, 10, 5)},
        {13, 11, alice, toward, at(3, 22, 30)}, {14, 12, alice, toward, at(4, 14)},
        {15, 1, bob, against, at(0, 10)},  // a second answer changes nothing
    };
    activity.pauses = {{at(3, 19), at(3, 20)}};
    return activity;
}

TEST(weekly_summary, gives_exact_figures_for_a_scripted_week) {
    const auto* utc = find_time_zone("UTC");
    const auto summary =
        compute_weekly_summary(scripted_week(), settings(), utc, {2026, 48}, at(6, 23, 30));
    const auto& a = summary.current.partners[alice];
    const auto& b = summary.current.partners[bob];

    EXPECT_EQ(a.user, "alice");
    EXPECT_EQ(a.bids_made, 5);
    EXPECT_EQ(a.bids_by_category[0], 1);  // attention
    EXPECT_EQ(a.bids_by_category[8], 1);  // plan
    EXPECT_EQ(a.responded.toward, 2);
    EXPECT_EQ(a.responded.missed, 1);
    EXPECT_EQ(a.responded.open, 0);
    ASSERT_TRUE(a.turning_toward_rate);
    EXPECT_DOUBLE_EQ(*a.turning_toward_rate, 2.0 / 3.0);
    EXPECT_EQ(a.latency_median_s, 300);
    EXPECT_EQ(a.latency_p90_s, 16200);

    EXPECT_EQ(b.bids_made, 3);
    EXPECT_EQ(b.responded.toward, 1);
    EXPECT_EQ(b.responded.away, 1);
    EXPECT_EQ(b.responded.against, 1);
    EXPECT_EQ(b.responded.missed, 1);
    EXPECT_EQ(b.responded.open, 1);
    EXPECT_DOUBLE_EQ(*b.turning_toward_rate, 0.25);
    EXPECT_EQ(b.latency_median_s, 1800);
    EXPECT_EQ(b.latency_p90_s, 3600);

    ASSERT_TRUE(summary.current.couple_turning_toward_rate);
    EXPECT_DOUBLE_EQ(*summary.current.couple_turning_toward_rate, 3.0 / 7.0);

    EXPECT_EQ(a.daily[0].date, "2026-11-23");
    EXPECT_EQ(a.daily[0].bids_made, 2);
    EXPECT_EQ(a.daily[1].turned_toward, 1);  // bob's Tuesday bid
    EXPECT_EQ(a.daily[4].resolved, 1);       // bob's Friday bid, missed
    EXPECT_EQ(a.daily[4].turned_toward, 0);
    EXPECT_EQ(b.daily[0].turned_toward, 1);
    EXPECT_EQ(b.daily[0].resolved, 2);

    ASSERT_EQ(summary.trend.size(), 4u);
    EXPECT_EQ(summary.trend.front().week, (iso_week{2026, 44}));
    EXPECT_EQ(summary.trend.back().week, (iso_week{2026, 47}));
    EXPECT_FALSE(summary.trend.back().couple_turning_toward_rate);
    EXPECT_FALSE(summary.note);
}

TEST(weekly_summary, a_week_without_resolved_bids_has_no_rates_or_latencies) {
    const auto summary =
        compute_weekly_summary({}, settings(), find_time_zone("UTC"), {2026, 48}, at(7, 0));
    EXPECT_FALSE(summary.current.couple_turning_toward_rate);
    EXPECT_FALSE(summary.current.partners[0].turning_toward_rate);
    EXPECT_FALSE(summary.current.partners[0].latency_median_s);
}

TEST(weekly_summary, bids_count_in_the_week_of_the_pairs_time_zone) {
    // Sunday 23:30 UTC is already Monday in Berlin: the next week there.
    pair_activity activity;
    activity.bids = {{1, alice, 1, at(-1, 23, 30)}};
    auto berlin_settings = settings();
    berlin_settings.time_zone = "Europe/Berlin";
    const auto* berlin = find_time_zone("Europe/Berlin");
    const auto in_berlin =
        compute_weekly_summary(activity, berlin_settings, berlin, {2026, 48}, at(7, 0));
    EXPECT_EQ(in_berlin.current.partners[alice].bids_made, 1);
    EXPECT_EQ(in_berlin.current.partners[alice].daily[0].bids_made, 1);
    const auto in_utc =
        compute_weekly_summary(activity, settings(), find_time_zone("UTC"), {2026, 48}, at(7, 0));
    EXPECT_EQ(in_utc.current.partners[alice].bids_made, 0);
}

pair_activity low_weeks(int weeks) {
    // In each of the last `weeks` weeks: one bid turned toward, two missed.
    pair_activity activity;
    std::uint64_t seq = 1;
    for (int w = 0; w < weeks; ++w) {
        const auto monday = at(-7 * w, 9);
        const std::uint64_t answered = seq;
        for (int i = 0; i < 3; ++i)
            activity.bids.push_back({seq++, alice, 1, monday + i * hour_ms});
        activity.responses.push_back({seq++, answered, bob, toward, monday + minute_ms});
    }
    return activity;
}

TEST(weekly_summary, suggests_counselling_gently_after_three_low_weeks_only) {
    const auto* utc = find_time_zone("UTC");
    const auto two = compute_weekly_summary(low_weeks(2), settings(), utc, {2026, 48}, at(7, 0));
    EXPECT_FALSE(two.note);
    const auto three = compute_weekly_summary(low_weeks(3), settings(), utc, {2026, 48}, at(7, 0));
    ASSERT_TRUE(three.note);
    EXPECT_NE(three.note->find("counsellor can help"), std::string::npos);
    EXPECT_EQ(three.note->find("fail"), std::string::npos);
    EXPECT_DOUBLE_EQ(*three.trend.back().couple_turning_toward_rate, 1.0 / 3.0);
}

}  // namespace
}  // namespace toward::summary
