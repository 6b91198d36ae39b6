// The weekly bid-response summary (SPEC §6), computed from a pair's bid
// metadata: no I/O, no clock of its own, the same figures for both partners.
//
// A bid is answered by the first response its partner sends to it. It is
// `toward`, `away` or `against` when that response came within the response
// window, `missed` when the window passed first, and `open` while the window
// runs. Time inside a pause does not count towards the window.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "summary/iso_week.hpp"

namespace toward::summary {

constexpr int category_count = 9;  // attention … plan, numbered 1..9 as on the wire

struct bid_event {
    std::uint64_t seq = 0;
    int author = 0;    // 0 or 1: index into summary_settings::partners
    int category = 0;  // 1..9
    std::int64_t sent_ms = 0;
};

struct response_event {
    std::uint64_t seq = 0;
    std::uint64_t bid_seq = 0;
    int author = 0;
    int turn = 0;  // 1 toward, 2 away, 3 against
    std::int64_t sent_ms = 0;
};

struct pause_interval {
    std::int64_t start_ms = 0;
    std::int64_t end_ms = 0;
};

// Everything the summary needs; bids from the oldest trend week on, the
// responses to them, and the pair's pauses.
struct pair_activity {
    std::vector<bid_event> bids;
    std::vector<response_event> responses;
    std::vector<pause_interval> pauses;
};

struct summary_settings {
    std::array<std::string, 2> partners;
    std::string time_zone = "UTC";
    std::int64_t response_window_ms = 4 * 3600 * 1000;
};

enum class bid_state { open, toward, away, against, missed };

struct bid_outcome {
    bid_state state = bid_state::open;
    std::optional<std::int64_t> latency_ms;  // set when answered in time
};

// When a bid sent at `sent_ms` is missed if unanswered: the window, extended
// by the time of every pause that overlaps it.
std::int64_t response_deadline(std::int64_t sent_ms, std::int64_t window_ms,
                               const std::vector<pause_interval>& pauses);

// How `bid` stands at `now_ms`, given all responses of the pair.
bid_outcome resolve_bid(const bid_event& bid, const std::vector<response_event>& responses,
                        const std::vector<pause_interval>& pauses, std::int64_t window_ms,
                        std::int64_t now_ms);

struct responded_counts {
    int toward = 0;
    int away = 0;
    int against = 0;
    int missed = 0;
    int open = 0;
    int resolved() const { return toward + away + against + missed; }
};

struct day_figures {
    std::string date;       // YYYY-MM-DD, local to the pair's zone
    int bids_made = 0;      // by this partner that day
    int turned_toward = 0;  // of the other's bids that day, answered toward by this partner
    int resolved = 0;       // of the other's bids that day, resolved
};

struct partner_week {
    std::string user;
    int bids_made = 0;
    std::array<int, category_count> bids_by_category{};  // index = category - 1
    responded_counts responded;  // how this partner answered the other's bids of the week
    std::optional<double> turning_toward_rate;
    std::optional<std::int64_t> latency_median_s;
    std::optional<std::int64_t> latency_p90_s;
    std::array<day_figures, 7> daily;
};

struct week_figures {
    iso_week week;
    std::optional<double> couple_turning_toward_rate;
    std::array<partner_week, 2> partners;
};

struct trend_week {
    iso_week week;
    std::optional<double> couple_turning_toward_rate;
    std::array<std::optional<double>, 2> turning_toward_rates;
};

struct weekly_summary {
    week_figures current;
    std::vector<trend_week> trend;  // the 4 previous weeks, oldest first
    std::string time_zone;
    // Set when the couple's rate stayed below `low_rate_threshold` for
    // `low_rate_weeks` weeks in a row, ending with this one.
    std::optional<std::string> note;
};

// Research reference lines (Gottman): couples still together six years on
// turned toward ~86% of bids; couples who divorced, ~33%.
constexpr double reference_rate_together = 0.86;
constexpr double reference_rate_apart = 0.33;
// The counselling note: below 50% for 3 consecutive weeks with figures.
constexpr double low_rate_threshold = 0.5;
constexpr int low_rate_weeks = 3;
constexpr int trend_weeks = 4;

// The first week whose bids the summary of `week` needs (its trend's oldest).
iso_week oldest_week_needed(const iso_week& week);

// Computes the summary of `week`. `zone` must be the zone named in settings.
weekly_summary compute_weekly_summary(const pair_activity& activity,
                                      const summary_settings& settings, const date::time_zone* zone,
                                      const iso_week& week, std::int64_t now_ms);

}  // namespace toward::summary
