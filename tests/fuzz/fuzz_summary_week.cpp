// `summary --week YYYY-Www` as the server parses it, and the time-zone
// setting's IANA name, both strings a client sends. Input: the week, then
// optionally a newline and the zone.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "summary/iso_week.hpp"

namespace summary = toward::summary;
using toward::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto newline = input.find('\n');
    const auto week_text = input.substr(0, newline);
    const auto zone_name =
        newline == std::string_view::npos ? std::string_view("UTC") : input.substr(newline + 1);

    const auto* zone = summary::find_time_zone(zone_name);
    if (!zone) zone = summary::find_time_zone("UTC");
    check(zone != nullptr, "UTC is always known");

    const auto week = summary::parse_iso_week(week_text);
    if (!week) return 0;
    check(summary::parse_iso_week(summary::format_iso_week(*week)) == week,
          "a parsed week formats to a text that parses to it");
    // What the summary computes for the week asked for and its trend.
    const auto range = summary::week_range(*week, zone);
    check(range.start_ms < range.end_ms, "a week has a positive length");
    for (int day = 0; day < 7; ++day) {
        const auto hours = summary::day_range(*week, day, zone);
        check(range.start_ms <= hours.start_ms && hours.end_ms <= range.end_ms,
              "a day lies inside its week");
        check(summary::day_date(*week, day).size() >= 10, "a day has a date");
    }
    const auto before = summary::previous_week(*week);
    check(summary::week_range(before, zone).end_ms == range.start_ms,
          "the previous week ends where the week starts");
    check(summary::week_of(range.start_ms, zone) == *week, "a week's start lies in it");
    return 0;
}
