// ISO weeks in a time zone: parsing, week 53, DST, and day boundaries.
#include <gtest/gtest.h>

#include "summary/iso_week.hpp"

namespace toward::summary {
namespace {

constexpr std::int64_t hour_ms = 3600 * 1000;

TEST(iso_week, parses_and_formats_the_yyyy_www_form) {
    const auto week = parse_iso_week("2026-W48");
    ASSERT_TRUE(week);
    EXPECT_EQ(week->year, 2026);
    EXPECT_EQ(week->week, 48u);
    EXPECT_EQ(format_iso_week(*week), "2026-W48");
    EXPECT_EQ(format_iso_week({2026, 1}), "2026-W01");
}

TEST(iso_week, week_53_exists_only_in_long_years) {
    EXPECT_TRUE(parse_iso_week("2026-W53"));  // 2026 starts on a Thursday
    EXPECT_FALSE(parse_iso_week("2025-W53"));
    EXPECT_FALSE(parse_iso_week("2026-W54"));
    EXPECT_FALSE(parse_iso_week("2026-W00"));
    EXPECT_FALSE(parse_iso_week("2026W48"));
    EXPECT_FALSE(parse_iso_week("26-W48"));
    EXPECT_FALSE(parse_iso_week("2026-W4x"));
}

TEST(iso_week, the_week_after_53_is_week_1_of_the_next_year) {
    EXPECT_EQ(previous_week({2027, 1}), (iso_week{2026, 53}));
    EXPECT_EQ(previous_week({2026, 1}), (iso_week{2025, 52}));
    // 2027-01-01 (a Friday) still belongs to 2026-W53.
    const auto* utc = find_time_zone("UTC");
    EXPECT_EQ(week_of(1798761600000, utc), (iso_week{2026, 53}));
}

TEST(iso_week, a_week_starts_at_local_monday_midnight) {
    const auto* berlin = find_time_zone("Europe/Berlin");
    ASSERT_NE(berlin, nullptr);
    const auto range = week_range({2026, 48}, berlin);
    // Monday 2026-11-23 00:00 in Berlin (UTC+1) is 2026-11-22 23:00 UTC.
    EXPECT_EQ(range.start_ms, 1795388400000);
    EXPECT_EQ(range.end_ms - range.start_ms, 7 * 24 * hour_ms);
    EXPECT_EQ(week_of(range.start_ms, berlin), (iso_week{2026, 48}));
    EXPECT_EQ(week_of(range.start_ms - 1, berlin), (iso_week{2026, 47}));
    EXPECT_EQ(day_date({2026, 48}, 0), "2026-11-23");
    EXPECT_EQ(day_date({2026, 48}, 6), "2026-11-29");
}

TEST(iso_week, a_week_with_a_dst_change_is_an_hour_shorter_or_longer) {
    const auto* berlin = find_time_zone("Europe/Berlin");
    // Clocks go forward on Sunday 2026-03-29 and back on Sunday 2026-10-25.
    const auto spring = week_range({2026, 13}, berlin);
    const auto autumn = week_range({2026, 43}, berlin);
    EXPECT_EQ(spring.end_ms - spring.start_ms, 7 * 24 * hour_ms - hour_ms);
    EXPECT_EQ(autumn.end_ms - autumn.start_ms, 7 * 24 * hour_ms + hour_ms);
    const auto sunday = day_range({2026, 43}, 6, berlin);
    EXPECT_EQ(sunday.end_ms - sunday.start_ms, 25 * hour_ms);
    EXPECT_EQ(sunday.end_ms, autumn.end_ms);
}

TEST(iso_week, unknown_zones_are_not_found) {
    EXPECT_EQ(find_time_zone("Mars/Olympus_Mons"), nullptr);
    EXPECT_EQ(find_time_zone(""), nullptr);
    EXPECT_NE(find_time_zone("America/New_York"), nullptr);
}

}  // namespace
}  // namespace toward::summary
