// When a pair's check-in comes round (SPEC §7, docs/CHECKIN.md): a weekday
// and a local time in the pair's time zone, every week or every other week.
//
// Rules:
// - an occurrence is named by its local date, "YYYY-MM-DD" in the pair's zone;
// - every other week counts Monday-based weeks from the week that holds
//   anchor_ms (when the schedule was set) in the pair's zone, that week
//   included;
// - no occurrence comes before the moment the schedule was set;
// - a local time that DST skips that day moves forward to the first minute
//   that exists; one that DST repeats takes its first instant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "summary/iso_week.hpp"

namespace date {
class time_zone;
}

namespace toward::together {

// A pair's check-in schedule (the wire's CheckinSchedule).
struct checkin_schedule {
    unsigned every_weeks = 0;    // 0: no check-in; 1: weekly; 2: every other week
    unsigned weekday = 1;        // 1 = Monday … 7 = Sunday
    unsigned minute_of_day = 0;  // 0–1439, local time
    std::int64_t anchor_ms = 0;  // when it was set (Unix ms)

    bool on() const { return every_weeks != 0; }
    friend bool operator==(const checkin_schedule&, const checkin_schedule&) = default;
};

// One check-in: its local date (the occurrence id) and its instant.
struct checkin_occurrence {
    std::string date;  // "YYYY-MM-DD" in the pair's zone
    std::int64_t at_ms = 0;
    friend bool operator==(const checkin_occurrence&, const checkin_occurrence&) = default;
};

// The latest check-in at or before now_ms; nullopt when the schedule is off,
// invalid, or none has come round since it was set.
std::optional<checkin_occurrence> latest_checkin(const checkin_schedule& schedule,
                                                 const date::time_zone* zone, std::int64_t now_ms);

// The first check-in after now_ms; nullopt when the schedule is off or invalid.
std::optional<checkin_occurrence> next_checkin(const checkin_schedule& schedule,
                                               const date::time_zone* zone, std::int64_t now_ms);

// The local date ("YYYY-MM-DD") of now_ms in zone.
std::string local_date(std::int64_t now_ms, const date::time_zone* zone);

// The week whose summary a check-in on `occurrence_date` shows: that date's
// ISO week when it falls Thursday to Sunday (most of the week has been
// lived), else the week before. nullopt for a malformed date.
std::optional<summary::iso_week> checkin_summary_week(std::string_view occurrence_date);

// The `check-in` setting's text: "off", or "DAY HH:MM" with an optional
// "weekly" (the default) or "biweekly"; DAY is mon…sun or the full English
// name, any case. Returns the schedule (anchor_ms left 0) or, through error,
// one line saying what is wrong.
std::optional<checkin_schedule> parse_checkin_setting(std::string_view text, std::string& error);

// The setting's text for a schedule: "off" or e.g. "sun 19:00 biweekly".
std::string format_checkin_setting(const checkin_schedule& schedule);

// "Sunday" for 7.
std::string_view weekday_name(unsigned weekday);

}  // namespace toward::together
