#include "summary/iso_week.hpp"

#include <date/date.h>
#include <date/iso_week.h>
#include <date/tz.h>

#include <charconv>
#include <cstdio>
#include <stdexcept>

namespace toward::summary {
namespace {

using namespace std::chrono;

date::local_days monday_of(const iso_week& week) {
    return date::local_days{::iso_week::year_weeknum_weekday{
        ::iso_week::year{week.year}, ::iso_week::weeknum{week.week}, ::iso_week::mon}};
}

std::int64_t local_midnight_ms(date::local_days day, const date::time_zone* zone) {
    // A midnight that DST skips or repeats maps to its earliest instant.
    const auto instant =
        zone->to_sys(date::local_seconds{day.time_since_epoch()}, date::choose::earliest);
    return duration_cast<milliseconds>(instant.time_since_epoch()).count();
}

}  // namespace

const date::time_zone* find_time_zone(std::string_view name) {
    if (name.empty()) return nullptr;
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        return nullptr;
    }
}

std::optional<iso_week> parse_iso_week(std::string_view text) {
    if (text.size() != 8 || text[4] != '-' || (text[5] != 'W' && text[5] != 'w'))
        return std::nullopt;
    int year = 0;
    unsigned week = 0;
    auto [year_end, year_error] = std::from_chars(text.data(), text.data() + 4, year);
    auto [week_end, week_error] = std::from_chars(text.data() + 6, text.data() + 8, week);
    if (year_error != std::errc() || year_end != text.data() + 4 || week_error != std::errc() ||
        week_end != text.data() + 8)
        return std::nullopt;
    if (year < 1970 || week < 1) return std::nullopt;
    const ::iso_week::year_weeknum candidate{::iso_week::year{year}, ::iso_week::weeknum{week}};
    if (!candidate.ok()) return std::nullopt;
    return iso_week{year, week};
}

std::string format_iso_week(const iso_week& week) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-W%02u", week.year, week.week);
    return text;
}

iso_week week_of(std::int64_t instant_ms, const date::time_zone* zone) {
    const auto instant = sys_time<milliseconds>{milliseconds{instant_ms}};
    const auto local = zone->to_local(instant);
    const ::iso_week::year_weeknum_weekday ywd{date::floor<date::days>(local)};
    return {static_cast<int>(ywd.year()), static_cast<unsigned>(ywd.weeknum())};
}

iso_week previous_week(const iso_week& week) {
    const auto monday = monday_of(week) - date::days{7};
    const ::iso_week::year_weeknum_weekday ywd{monday};
    return {static_cast<int>(ywd.year()), static_cast<unsigned>(ywd.weeknum())};
}

time_range week_range(const iso_week& week, const date::time_zone* zone) {
    const auto monday = monday_of(week);
    return {local_midnight_ms(monday, zone), local_midnight_ms(monday + date::days{7}, zone)};
}

time_range day_range(const iso_week& week, int index, const date::time_zone* zone) {
    const auto day = monday_of(week) + date::days{index};
    return {local_midnight_ms(day, zone), local_midnight_ms(day + date::days{1}, zone)};
}

std::string day_date(const iso_week& week, int index) {
    const date::year_month_day ymd{monday_of(week) + date::days{index}};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return text;
}

}  // namespace toward::summary
