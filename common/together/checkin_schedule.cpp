#include "together/checkin_schedule.hpp"

#include <date/date.h>
#include <date/iso_week.h>
#include <date/tz.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <sstream>
#include <vector>

namespace toward::together {
namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 7> weekday_names = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

bool valid(const checkin_schedule& schedule, const date::time_zone* zone) {
    return zone != nullptr && (schedule.every_weeks == 1 || schedule.every_weeks == 2) &&
           schedule.weekday >= 1 && schedule.weekday <= 7 && schedule.minute_of_day < 24 * 60;
}

date::local_days local_day_of(std::int64_t instant_ms, const date::time_zone* zone) {
    const auto local = zone->to_local(sys_time<milliseconds>{milliseconds{instant_ms}});
    return date::floor<date::days>(local);
}

// 1 = Monday … 7 = Sunday.
unsigned iso_weekday(date::local_days day) {
    return date::weekday{day}.iso_encoding();
}

date::local_days monday_of(date::local_days day) {
    return day - date::days{iso_weekday(day) - 1};
}

// Floor division, so weeks before the anchor count correctly too.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

std::string format_date(date::local_days day) {
    const date::year_month_day ymd{day};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return text;
}

checkin_occurrence occurrence_on(date::local_days day, const checkin_schedule& schedule,
                                 const date::time_zone* zone) {
    const auto local = date::local_seconds{day.time_since_epoch()} +
                       minutes{static_cast<int>(schedule.minute_of_day)};
    // A skipped time maps to the end of the gap (its first existing minute);
    // a repeated one to its first instant.
    const auto instant = zone->to_sys(local, date::choose::earliest);
    return {format_date(day), duration_cast<milliseconds>(instant.time_since_epoch()).count()};
}

// The scheduled day in the week that holds `day` (or the week before, for
// every other week when `day`'s week is off).
date::local_days scheduled_day_at_or_before(date::local_days day, const checkin_schedule& schedule,
                                            const date::time_zone* zone) {
    auto candidate = day - date::days{(iso_weekday(day) + 7 - schedule.weekday) % 7};
    if (schedule.every_weeks == 2) {
        const auto anchor_monday = monday_of(local_day_of(schedule.anchor_ms, zone));
        const auto weeks =
            floor_div((monday_of(candidate) - anchor_monday).count(), std::int64_t{7});
        if (weeks % 2 != 0) candidate -= date::days{7};
    }
    return candidate;
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::optional<unsigned> parse_weekday(std::string_view word) {
    const auto name = lower(word);
    for (unsigned i = 0; i < weekday_names.size(); ++i) {
        const auto full = lower(weekday_names[i]);
        if (name == full || name == full.substr(0, 3)) return i + 1;
    }
    return std::nullopt;
}

// "19:00", "7:05" → minute of day.
std::optional<unsigned> parse_time_of_day(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() != colon + 3)
        return std::nullopt;
    unsigned hours = 0;
    unsigned mins = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i == colon) continue;
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        auto& part = i < colon ? hours : mins;
        part = part * 10 + static_cast<unsigned>(text[i] - '0');
    }
    if (hours > 23 || mins > 59) return std::nullopt;
    return hours * 60 + mins;
}

}  // namespace

std::optional<checkin_occurrence> latest_checkin(const checkin_schedule& schedule,
                                                 const date::time_zone* zone, std::int64_t now_ms) {
    if (!valid(schedule, zone)) return std::nullopt;
    auto day = scheduled_day_at_or_before(local_day_of(now_ms, zone), schedule, zone);
    auto occurrence = occurrence_on(day, schedule, zone);
    if (occurrence.at_ms > now_ms) {
        // Today is the day, but its time has not come yet.
        day -= date::days{7 * schedule.every_weeks};
        occurrence = occurrence_on(day, schedule, zone);
    }
    if (occurrence.at_ms < schedule.anchor_ms) return std::nullopt;
    return occurrence;
}

std::optional<checkin_occurrence> next_checkin(const checkin_schedule& schedule,
                                               const date::time_zone* zone, std::int64_t now_ms) {
    if (!valid(schedule, zone)) return std::nullopt;
    auto day = scheduled_day_at_or_before(local_day_of(now_ms, zone), schedule, zone);
    // At most two steps: the day found is at most one period before now.
    for (int step = 0; step < 3; ++step) {
        auto occurrence = occurrence_on(day, schedule, zone);
        if (occurrence.at_ms > now_ms) return occurrence;
        day += date::days{7 * schedule.every_weeks};
    }
    return std::nullopt;
}

std::string local_date(std::int64_t now_ms, const date::time_zone* zone) {
    return format_date(local_day_of(now_ms, zone));
}

std::optional<summary::iso_week> checkin_summary_week(std::string_view occurrence_date) {
    if (occurrence_date.size() != 10 || occurrence_date[4] != '-' || occurrence_date[7] != '-')
        return std::nullopt;
    int year = 0;
    unsigned month = 0;
    unsigned day_of_month = 0;
    const auto* text = occurrence_date.data();
    auto parse = [](const char* from, const char* to, auto& value) {
        auto [end, error] = std::from_chars(from, to, value);
        return error == std::errc() && end == to;
    };
    if (!parse(text, text + 4, year) || !parse(text + 5, text + 7, month) ||
        !parse(text + 8, text + 10, day_of_month))
        return std::nullopt;
    const date::year_month_day ymd{date::year{year}, date::month{month}, date::day{day_of_month}};
    if (!ymd.ok()) return std::nullopt;
    auto day = date::local_days{ymd};
    if (iso_weekday(day) < 4) day -= date::days{7};  // Monday to Wednesday: the week before
    const ::iso_week::year_weeknum_weekday ywd{day};
    return summary::iso_week{static_cast<int>(ywd.year()), static_cast<unsigned>(ywd.weeknum())};
}

std::optional<checkin_schedule> parse_checkin_setting(std::string_view text, std::string& error) {
    std::vector<std::string> words;
    std::istringstream in{std::string(text)};
    for (std::string word; in >> word;) words.push_back(lower(word));
    const char* usage =
        "check-in is off, or a day and a time like \"sun 19:00\", optionally "
        "followed by weekly or biweekly";
    if (words.size() == 1 && words[0] == "off") return checkin_schedule{0, 1, 0, 0};
    if (words.size() < 2 || words.size() > 3) {
        error = usage;
        return std::nullopt;
    }
    const auto weekday = parse_weekday(words[0]);
    if (!weekday) {
        error = "'" + words[0] + "' is not a day: mon, tue, wed, thu, fri, sat or sun";
        return std::nullopt;
    }
    const auto minute = parse_time_of_day(words[1]);
    if (!minute) {
        error = "'" + words[1] + "' is not a time of day: HH:MM, from 00:00 to 23:59";
        return std::nullopt;
    }
    unsigned every = 1;
    if (words.size() == 3) {
        if (words[2] == "biweekly") {
            every = 2;
        } else if (words[2] != "weekly") {
            error = "'" + words[2] + "': the check-in comes round weekly or biweekly";
            return std::nullopt;
        }
    }
    return checkin_schedule{every, *weekday, *minute, 0};
}

std::string format_checkin_setting(const checkin_schedule& schedule) {
    if (!schedule.on() || schedule.weekday < 1 || schedule.weekday > 7) return "off";
    char text[32];
    std::snprintf(text, sizeof text, "%s %02u:%02u%s",
                  lower(weekday_names[schedule.weekday - 1].substr(0, 3)).c_str(),
                  schedule.minute_of_day / 60, schedule.minute_of_day % 60,
                  schedule.every_weeks == 2 ? " biweekly" : "");
    return text;
}

std::string_view weekday_name(unsigned weekday) {
    if (weekday < 1 || weekday > 7) return "";
    return weekday_names[weekday - 1];
}

}  // namespace toward::together
