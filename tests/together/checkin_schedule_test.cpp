// When a pair's check-in comes round: weekly and every other week, zones on
// both sides of UTC, DST gaps and repeats, the year's end, and the setting.
#include <date/date.h>
#include <date/tz.h>
#include <gtest/gtest.h>

#include <cstdio>

#include "together/checkin_schedule.hpp"

namespace toward::together {
namespace {

// "2026-11-22 19:00" in UTC → Unix ms.
std::int64_t utc(const std::string& text) {
    int year = 0;
    unsigned month = 0, day = 0, hour = 0, minute = 0;
    EXPECT_EQ(std::sscanf(text.c_str(), "%d-%u-%u %u:%u", &year, &month, &day, &hour, &minute), 5)
        << text;
    const date::sys_days days{date::year{year} / date::month{month} / date::day{day}};
    const auto instant = days + std::chrono::hours{hour} + std::chrono::minutes{minute};
    return std::chrono::duration_cast<std::chrono::milliseconds>(instant.time_since_epoch())
        .count();
}

const date::time_zone* zone(const char* name) {
    const auto* found = summary::find_time_zone(name);
    EXPECT_NE(found, nullptr) << name;
    return found;
}

checkin_schedule weekly(unsigned weekday, unsigned hour, unsigned minute,
                        std::int64_t anchor_ms = 0) {
    return {1, weekday, hour * 60 + minute, anchor_ms};
}

TEST(checkin_schedule, weekly_finds_the_last_and_the_next_sunday_evening) {
    const auto sunday_19 = weekly(7, 19, 0, utc("2026-01-01 00:00"));
    const auto* z = zone("UTC");
    const auto now = utc("2026-11-25 12:00");  // a Wednesday
    EXPECT_EQ(latest_checkin(sunday_19, z, now),
              (checkin_occurrence{"2026-11-22", utc("2026-11-22 19:00")}));
    EXPECT_EQ(next_checkin(sunday_19, z, now),
              (checkin_occurrence{"2026-11-29", utc("2026-11-29 19:00")}));
}

TEST(checkin_schedule, an_occurrence_exactly_at_now_is_the_latest_one) {
    const auto sunday_19 = weekly(7, 19, 0);
    const auto* z = zone("UTC");
    const auto at = utc("2026-11-22 19:00");
    EXPECT_EQ(latest_checkin(sunday_19, z, at)->date, "2026-11-22");
    EXPECT_EQ(next_checkin(sunday_19, z, at)->date, "2026-11-29");
    EXPECT_EQ(latest_checkin(sunday_19, z, at - 1)->date, "2026-11-15");
    EXPECT_EQ(next_checkin(sunday_19, z, at - 1)->date, "2026-11-22");
}

TEST(checkin_schedule, a_zone_east_of_utc_has_its_monday_while_utc_has_sunday) {
    // Monday 08:00 in Auckland (UTC+13 in November) is Sunday 19:00 UTC.
    const auto* auckland = zone("Pacific/Auckland");
    const auto monday_8 = weekly(1, 8, 0);
    EXPECT_EQ(latest_checkin(monday_8, auckland, utc("2026-11-22 20:00")),
              (checkin_occurrence{"2026-11-23", utc("2026-11-22 19:00")}));
    EXPECT_EQ(latest_checkin(monday_8, auckland, utc("2026-11-22 18:59"))->date, "2026-11-16");
}

TEST(checkin_schedule, a_zone_west_of_utc_still_has_sunday_while_utc_has_monday) {
    // Sunday 19:00 in Los Angeles (UTC-8 in November) is Monday 03:00 UTC.
    const auto* los_angeles = zone("America/Los_Angeles");
    const auto sunday_19 = weekly(7, 19, 0);
    EXPECT_EQ(latest_checkin(sunday_19, los_angeles, utc("2026-11-23 02:00"))->date, "2026-11-15");
    EXPECT_EQ(next_checkin(sunday_19, los_angeles, utc("2026-11-23 02:00")),
              (checkin_occurrence{"2026-11-22", utc("2026-11-23 03:00")}));
}

TEST(checkin_schedule, a_time_dst_skips_moves_to_the_first_minute_that_exists) {
    // Berlin: 2026-03-29 02:00 CET jumps to 03:00 CEST (01:00 UTC).
    EXPECT_EQ(next_checkin(weekly(7, 2, 30), zone("Europe/Berlin"), utc("2026-03-28 12:00")),
              (checkin_occurrence{"2026-03-29", utc("2026-03-29 01:00")}));
    // New York: 2026-03-08 02:00 EST jumps to 03:00 EDT (07:00 UTC).
    EXPECT_EQ(next_checkin(weekly(7, 2, 30), zone("America/New_York"), utc("2026-03-07 12:00")),
              (checkin_occurrence{"2026-03-08", utc("2026-03-08 07:00")}));
}

TEST(checkin_schedule, a_time_dst_repeats_takes_its_first_instant) {
    // Berlin: 02:30 happens twice on 2026-10-25; the first is 02:30 CEST.
    EXPECT_EQ(next_checkin(weekly(7, 2, 30), zone("Europe/Berlin"), utc("2026-10-24 12:00")),
              (checkin_occurrence{"2026-10-25", utc("2026-10-25 00:30")}));
    // New York: 01:30 happens twice on 2026-11-01; the first is 01:30 EDT.
    EXPECT_EQ(next_checkin(weekly(7, 1, 30), zone("America/New_York"), utc("2026-10-31 12:00")),
              (checkin_occurrence{"2026-11-01", utc("2026-11-01 05:30")}));
    // Once past, the latest is that first instant, not the second one.
    EXPECT_EQ(latest_checkin(weekly(7, 1, 30), zone("America/New_York"), utc("2026-11-01 06:00")),
              (checkin_occurrence{"2026-11-01", utc("2026-11-01 05:30")}));
}

TEST(checkin_schedule, every_other_week_counts_from_the_week_it_was_set) {
    // Set on Wednesday of 2026-W47: W47, W49, W51... are check-in weeks.
    const checkin_schedule sunday_19{2, 7, 19 * 60, utc("2026-11-18 12:00")};
    const auto* z = zone("UTC");
    EXPECT_EQ(latest_checkin(sunday_19, z, utc("2026-11-30 12:00"))->date, "2026-11-22");
    EXPECT_EQ(next_checkin(sunday_19, z, utc("2026-11-23 12:00"))->date, "2026-12-06");
    EXPECT_EQ(latest_checkin(sunday_19, z, utc("2026-12-07 12:00"))->date, "2026-12-06");
    EXPECT_EQ(next_checkin(sunday_19, z, utc("2026-12-06 19:00"))->date, "2026-12-20");
}

TEST(checkin_schedule, every_other_week_carries_on_through_week_53) {
    // 2026 has 53 ISO weeks: set in W52, the next check-in week is 2027-W01.
    const checkin_schedule friday_19{2, 5, 19 * 60, utc("2026-12-23 12:00")};
    const auto* z = zone("UTC");
    EXPECT_EQ(next_checkin(friday_19, z, utc("2026-12-23 12:00")),
              (checkin_occurrence{"2026-12-25", utc("2026-12-25 19:00")}));
    EXPECT_EQ(latest_checkin(friday_19, z, utc("2027-01-05 12:00"))->date, "2026-12-25");
    EXPECT_EQ(next_checkin(friday_19, z, utc("2027-01-05 12:00")),
              (checkin_occurrence{"2027-01-08", utc("2027-01-08 19:00")}));
}

TEST(checkin_schedule, nothing_is_due_before_the_schedule_was_set) {
    const auto monday_19 = weekly(1, 19, 0, utc("2026-11-25 08:00"));
    const auto* z = zone("UTC");
    EXPECT_FALSE(latest_checkin(monday_19, z, utc("2026-11-26 12:00")));
    EXPECT_EQ(next_checkin(monday_19, z, utc("2026-11-26 12:00"))->date, "2026-11-30");
    EXPECT_EQ(latest_checkin(monday_19, z, utc("2026-11-30 19:00"))->date, "2026-11-30");
}

TEST(checkin_schedule, an_off_or_broken_schedule_never_comes_round) {
    const auto* z = zone("UTC");
    const auto now = utc("2026-11-25 12:00");
    EXPECT_FALSE(latest_checkin({0, 7, 0, 0}, z, now));
    EXPECT_FALSE(next_checkin({0, 7, 0, 0}, z, now));
    EXPECT_FALSE(next_checkin({1, 8, 0, 0}, z, now));
    EXPECT_FALSE(next_checkin({1, 7, 24 * 60, 0}, z, now));
    EXPECT_FALSE(next_checkin({3, 7, 0, 0}, z, now));
    EXPECT_FALSE(next_checkin(weekly(7, 19, 0), nullptr, now));
}

TEST(checkin_schedule, the_summary_shown_is_the_week_mostly_lived) {
    EXPECT_EQ(checkin_summary_week("2026-11-26"), (summary::iso_week{2026, 48}));  // Thursday
    EXPECT_EQ(checkin_summary_week("2026-11-29"), (summary::iso_week{2026, 48}));  // Sunday
    EXPECT_EQ(checkin_summary_week("2026-11-23"), (summary::iso_week{2026, 47}));  // Monday
    EXPECT_EQ(checkin_summary_week("2026-11-25"), (summary::iso_week{2026, 47}));  // Wednesday
    EXPECT_EQ(checkin_summary_week("2027-01-01"), (summary::iso_week{2026, 53}));  // Friday
    EXPECT_EQ(checkin_summary_week("2027-01-04"), (summary::iso_week{2026, 53}));  // Monday
    EXPECT_FALSE(checkin_summary_week("2026-13-01"));
    EXPECT_FALSE(checkin_summary_week("yesterday"));
}

TEST(checkin_schedule, local_date_is_the_pairs_calendar_day) {
    EXPECT_EQ(local_date(utc("2026-11-22 20:00"), zone("Pacific/Auckland")), "2026-11-23");
    EXPECT_EQ(local_date(utc("2026-11-23 02:00"), zone("America/Los_Angeles")), "2026-11-22");
}

TEST(checkin_setting, reads_a_day_a_time_and_how_often) {
    std::string error;
    EXPECT_EQ(parse_checkin_setting("sun 19:00", error), (checkin_schedule{1, 7, 19 * 60, 0}));
    EXPECT_EQ(parse_checkin_setting("Sunday 7:05 biweekly", error),
              (checkin_schedule{2, 7, 7 * 60 + 5, 0}));
    EXPECT_EQ(parse_checkin_setting("  MON 00:00   weekly ", error),
              (checkin_schedule{1, 1, 0, 0}));
    EXPECT_EQ(parse_checkin_setting("wednesday 23:59", error),
              (checkin_schedule{1, 3, 23 * 60 + 59, 0}));
    EXPECT_FALSE(parse_checkin_setting("off", error)->on());
    EXPECT_EQ(format_checkin_setting({2, 7, 19 * 60, 0}), "sun 19:00 biweekly");
    EXPECT_EQ(format_checkin_setting({1, 1, 5, 0}), "mon 00:05");
    EXPECT_EQ(format_checkin_setting({}), "off");
}

TEST(checkin_setting, refuses_anything_else_with_a_reason) {
    for (const char* bad :
         {"", "sun", "funday 19:00", "sun 24:00", "sun 19:60", "sun 1900", "sun 19:00 monthly",
          "sun 19:00 weekly again", "su 19:00", "sun -1:00", "sun 19:0"}) {
        std::string error;
        EXPECT_FALSE(parse_checkin_setting(bad, error)) << bad;
        EXPECT_FALSE(error.empty()) << bad;
    }
}

}  // namespace
}  // namespace toward::together
