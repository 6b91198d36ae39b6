#include "summary/weekly_summary.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace toward::summary {
namespace {

// For each bid seq, the first response (lowest seq) by someone other than
// the bid's author: one pass over the responses.
std::unordered_map<std::uint64_t, const response_event*> first_answers(
    const pair_activity& activity) {
    std::unordered_map<std::uint64_t, int> author_of;
    author_of.reserve(activity.bids.size());
    for (const auto& bid : activity.bids) author_of.emplace(bid.seq, bid.author);
    std::unordered_map<std::uint64_t, const response_event*> first;
    first.reserve(activity.bids.size());
    for (const auto& response : activity.responses) {
        const auto author = author_of.find(response.bid_seq);
        if (author == author_of.end() || author->second == response.author) continue;
        auto& slot = first[response.bid_seq];
        if (!slot || response.seq < slot->seq) slot = &response;
    }
    return first;
}

bid_outcome outcome_of(const bid_event& bid, const response_event* answer,
                       const std::vector<pause_interval>& pauses, std::int64_t window_ms,
                       std::int64_t now_ms);

bid_state state_of_turn(int turn) {
    switch (turn) {
        case 2:
            return bid_state::away;
        case 3:
            return bid_state::against;
        default:
            return bid_state::toward;
    }
}

// Nearest-rank percentile of sorted values, in whole seconds.
std::optional<std::int64_t> percentile_s(const std::vector<std::int64_t>& sorted_ms, double p) {
    if (sorted_ms.empty()) return std::nullopt;
    const auto rank =
        static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted_ms.size())));
    const auto index = std::clamp<std::size_t>(rank, 1, sorted_ms.size()) - 1;
    return (sorted_ms[index] + 500) / 1000;
}

std::optional<double> rate_of(const responded_counts& counts) {
    if (counts.resolved() == 0) return std::nullopt;
    return static_cast<double>(counts.toward) / counts.resolved();
}

void count(responded_counts& counts, bid_state state) {
    switch (state) {
        case bid_state::toward:
            ++counts.toward;
            break;
        case bid_state::away:
            ++counts.away;
            break;
        case bid_state::against:
            ++counts.against;
            break;
        case bid_state::missed:
            ++counts.missed;
            break;
        case bid_state::open:
            ++counts.open;
            break;
    }
}

class week_calculator {
  public:
    week_calculator(const pair_activity& activity, const summary_settings& settings,
                    const date::time_zone* zone, std::int64_t now_ms)
        : activity_(activity), settings_(settings), zone_(zone) {
        const auto answers = first_answers(activity);
        outcomes_.reserve(activity.bids.size());
        for (const auto& bid : activity.bids) {
            const auto answer = answers.find(bid.seq);
            outcomes_.emplace(bid.seq,
                              outcome_of(bid, answer == answers.end() ? nullptr : answer->second,
                                         activity.pauses, settings.response_window_ms, now_ms));
        }
    }

    week_figures figures(const iso_week& week) const {
        week_figures result;
        result.week = week;
        const auto range = week_range(week, zone_);
        std::array<std::vector<std::int64_t>, 2> latencies;
        std::array<time_range, 7> days;
        for (int d = 0; d < 7; ++d) days[static_cast<std::size_t>(d)] = day_range(week, d, zone_);
        for (int p = 0; p < 2; ++p) {
            auto& partner = result.partners[static_cast<std::size_t>(p)];
            partner.user = settings_.partners[static_cast<std::size_t>(p)];
            for (int d = 0; d < 7; ++d)
                partner.daily[static_cast<std::size_t>(d)].date = day_date(week, d);
        }
        for (const auto& bid : activity_.bids) {
            if (!range.contains(bid.sent_ms) || bid.author < 0 || bid.author > 1) continue;
            auto& author = result.partners[static_cast<std::size_t>(bid.author)];
            auto& answerer = result.partners[static_cast<std::size_t>(1 - bid.author)];
            ++author.bids_made;
            if (bid.category >= 1 && bid.category <= category_count)
                ++author.bids_by_category[static_cast<std::size_t>(bid.category - 1)];
            const auto& outcome = outcomes_.at(bid.seq);
            count(answerer.responded, outcome.state);
            if (outcome.latency_ms)
                latencies[static_cast<std::size_t>(1 - bid.author)].push_back(*outcome.latency_ms);
            for (std::size_t d = 0; d < days.size(); ++d) {
                if (!days[d].contains(bid.sent_ms)) continue;
                ++author.daily[d].bids_made;
                if (outcome.state == bid_state::toward) ++answerer.daily[d].turned_toward;
                if (outcome.state != bid_state::open) ++answerer.daily[d].resolved;
            }
        }
        responded_counts couple;
        for (int p = 0; p < 2; ++p) {
            auto& partner = result.partners[static_cast<std::size_t>(p)];
            partner.turning_toward_rate = rate_of(partner.responded);
            auto& mine = latencies[static_cast<std::size_t>(p)];
            std::sort(mine.begin(), mine.end());
            partner.latency_median_s = percentile_s(mine, 0.5);
            partner.latency_p90_s = percentile_s(mine, 0.9);
            couple.toward += partner.responded.toward;
            couple.away += partner.responded.away;
            couple.against += partner.responded.against;
            couple.missed += partner.responded.missed;
        }
        result.couple_turning_toward_rate = rate_of(couple);
        return result;
    }

  private:
    const pair_activity& activity_;
    const summary_settings& settings_;
    const date::time_zone* zone_;
    std::unordered_map<std::uint64_t, bid_outcome> outcomes_;
};

}  // namespace

std::int64_t response_deadline(std::int64_t sent_ms, std::int64_t window_ms,
                               const std::vector<pause_interval>& pauses) {
    // Each pass adds the paused time inside [sent, deadline); a longer
    // deadline can reach further pauses, so repeat until nothing changes.
    std::int64_t deadline = sent_ms + window_ms;
    for (std::size_t pass = 0; pass <= pauses.size(); ++pass) {
        std::int64_t paused = 0;
        for (const auto& pause : pauses) {
            const auto start = std::max(pause.start_ms, sent_ms);
            const auto end = std::min(pause.end_ms, deadline);
            if (end > start) paused += end - start;
        }
        const auto extended = sent_ms + window_ms + paused;
        if (extended == deadline) break;
        deadline = extended;
    }
    return deadline;
}

namespace {

bid_outcome outcome_of(const bid_event& bid, const response_event* answer,
                       const std::vector<pause_interval>& pauses, std::int64_t window_ms,
                       std::int64_t now_ms) {
    const auto deadline = response_deadline(bid.sent_ms, window_ms, pauses);
    if (answer) {
        if (answer->sent_ms <= deadline)
            return {state_of_turn(answer->turn), answer->sent_ms - bid.sent_ms};
        return {bid_state::missed, std::nullopt};
    }
    return {now_ms >= deadline ? bid_state::missed : bid_state::open, std::nullopt};
}

}  // namespace

bid_outcome resolve_bid(const bid_event& bid, const std::vector<response_event>& responses,
                        const std::vector<pause_interval>& pauses, std::int64_t window_ms,
                        std::int64_t now_ms) {
    pair_activity one;
    one.bids = {bid};
    one.responses = responses;
    const auto answers = first_answers(one);
    const auto answer = answers.find(bid.seq);
    return outcome_of(bid, answer == answers.end() ? nullptr : answer->second, pauses, window_ms,
                      now_ms);
}

iso_week oldest_week_needed(const iso_week& week) {
    iso_week oldest = week;
    for (int i = 0; i < trend_weeks; ++i) oldest = previous_week(oldest);
    return oldest;
}

weekly_summary compute_weekly_summary(const pair_activity& activity,
                                      const summary_settings& settings, const date::time_zone* zone,
                                      const iso_week& week, std::int64_t now_ms) {
    const week_calculator calculator(activity, settings, zone, now_ms);
    weekly_summary summary;
    summary.time_zone = settings.time_zone;
    summary.current = calculator.figures(week);

    std::vector<iso_week> earlier;
    for (iso_week w = previous_week(week); earlier.size() < trend_weeks; w = previous_week(w)) {
        earlier.push_back(w);
    }
    std::reverse(earlier.begin(), earlier.end());
    for (const auto& w : earlier) {
        const auto figures = calculator.figures(w);
        summary.trend.push_back(
            {w,
             figures.couple_turning_toward_rate,
             {figures.partners[0].turning_toward_rate, figures.partners[1].turning_toward_rate}});
    }

    // This week and the ones just before it, newest first.
    std::vector<std::optional<double>> recent{summary.current.couple_turning_toward_rate};
    for (auto it = summary.trend.rbegin(); it != summary.trend.rend(); ++it) {
        recent.push_back(it->couple_turning_toward_rate);
    }
    const bool low_for_weeks =
        std::all_of(recent.begin(), recent.begin() + low_rate_weeks,
                    [](const auto& rate) { return rate && *rate < low_rate_threshold; });
    if (low_for_weeks) {
        summary.note =
            "For a few weeks now, fewer than half of your bids have been turned toward. That "
            "happens to many couples, and it can change. If you would like support together, a "
            "couples counsellor can help.";
    }
    return summary;
}

}  // namespace toward::summary
