// ISO 8601 weeks in a time zone: "2026-W48" names the seven local days from
// Monday 00:00 to the next Monday 00:00 in the pair's zone, whatever DST does
// in between (such a week may last 167 or 169 hours).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace toward::summary {

struct iso_week {
    int year = 0;
    unsigned week = 0;  // 1..52, or 53 in long years
    friend bool operator==(const iso_week&, const iso_week&) = default;
};

// A half-open range of Unix milliseconds.
struct time_range {
    std::int64_t start_ms = 0;
    std::int64_t end_ms = 0;
    bool contains(std::int64_t ms) const { return ms >= start_ms && ms < end_ms; }
};

// The zone for an IANA name ("Europe/Berlin"), or nullptr when unknown.
const date::time_zone* find_time_zone(std::string_view name);

// Parses "YYYY-Www" (e.g. "2026-W48"); std::nullopt for anything else or for
// a week the year does not have (W53 exists only in long years).
std::optional<iso_week> parse_iso_week(std::string_view text);
std::string format_iso_week(const iso_week& week);

// The ISO week that holds `instant_ms` in `zone`.
iso_week week_of(std::int64_t instant_ms, const date::time_zone* zone);
// The week before.
iso_week previous_week(const iso_week& week);
// Local Monday 00:00 to the next Monday 00:00, as Unix ms.
time_range week_range(const iso_week& week, const date::time_zone* zone);
// Day `index` (0 = Monday) of the week, local midnight to midnight.
time_range day_range(const iso_week& week, int index, const date::time_zone* zone);
// "YYYY-MM-DD" of day `index` of the week.
std::string day_date(const iso_week& week, int index);

}  // namespace toward::summary
