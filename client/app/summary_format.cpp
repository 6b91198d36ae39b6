#include "summary_format.hpp"

#include "checkin_due.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "message_format.hpp"
#include "terminal_text.hpp"

namespace toward::app {
namespace {

constexpr const char* weekday_names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

nlohmann::json optional_rate(bool has, double value) {
    return has ? nlohmann::json(value) : nlohmann::json(nullptr);
}

std::string percent(double rate) {
    return std::to_string(static_cast<int>(std::lround(rate * 100.0))) + "%";
}

std::string duration_words(std::int64_t seconds) {
    if (seconds < 60) return std::to_string(seconds) + " s";
    const auto minutes = (seconds + 30) / 60;
    if (minutes < 90) return std::to_string(minutes) + " min";
    const auto hours = minutes / 60;
    const auto rest = minutes % 60;
    return std::to_string(hours) + " h" + (rest != 0 ? " " + std::to_string(rest) + " min" : "");
}

std::string repeat(const std::string& glyph, std::uint32_t count) {
    std::string text;
    for (std::uint32_t i = 0; i < count; ++i) text += glyph;
    return text;
}

void format_partner(std::ostream& os, const v1::PartnerWeek& partner) {
    os << safe_for_terminal(partner.user()) << '\n';
    os << "  bids made: " << partner.bids_made();
    std::string categories;
    for (const auto& entry : partner.bids_by_category()) {
        if (entry.count() == 0) continue;
        if (!categories.empty()) categories += ", ";
        categories +=
            std::string(category_name(entry.category())) + " " + std::to_string(entry.count());
    }
    if (!categories.empty()) os << " (" << categories << ')';
    os << '\n';
    const auto& r = partner.responded();
    os << "  answering the other's bids: " << r.toward() << " toward, " << r.away() << " away, "
       << r.against() << " against, " << r.missed() << " missed, " << r.open() << " still open\n";
    if (partner.has_turning_toward_rate()) {
        os << "  turned toward: " << percent(partner.turning_toward_rate()) << '\n';
    } else {
        os << "  turned toward: nothing resolved yet\n";
    }
    if (partner.has_latency_median_s()) {
        os << "  typical answer time: " << duration_words(partner.latency_median_s());
        if (partner.has_latency_p90_s()) {
            os << " (9 in 10 within " << duration_words(partner.latency_p90_s()) << ')';
        }
        os << '\n';
    }
    os << "  by day (█ turned toward, ░ other answers; bids made):\n";
    int index = 0;
    for (const auto& day : partner.daily()) {
        const auto toward = day.turned_toward();
        const auto other = day.resolved() > toward ? day.resolved() - toward : 0;
        std::string bar = repeat("█", toward) + repeat("░", other);
        if (bar.empty()) bar = "·";
        os << "    " << weekday_names[index % 7] << ' ' << safe_for_terminal(day.date()) << "  "
           << bar << "  (" << day.bids_made() << " made)\n";
        ++index;
    }
}

}  // namespace

nlohmann::json summary_json(const v1::WeeklySummary& summary) {
    nlohmann::json partners = nlohmann::json::array();
    for (const auto& p : summary.partners()) {
        nlohmann::json by_category = nlohmann::json::object();
        for (const auto& entry : p.bids_by_category()) {
            by_category[category_name(entry.category())] = entry.count();
        }
        nlohmann::json daily = nlohmann::json::array();
        for (const auto& day : p.daily()) {
            daily.push_back({{"date", day.date()},
                             {"bids_made", day.bids_made()},
                             {"turned_toward", day.turned_toward()},
                             {"resolved", day.resolved()}});
        }
        const auto& r = p.responded();
        partners.push_back(
            {{"user", p.user()},
             {"bids_made", p.bids_made()},
             {"bids_by_category", by_category},
             {"responded",
              {{"toward", r.toward()},
               {"away", r.away()},
               {"against", r.against()},
               {"missed", r.missed()},
               {"open", r.open()}}},
             {"turning_toward_rate",
              optional_rate(p.has_turning_toward_rate(), p.turning_toward_rate())},
             {"latency_median_s", p.has_latency_median_s() ? nlohmann::json(p.latency_median_s())
                                                           : nlohmann::json(nullptr)},
             {"latency_p90_s",
              p.has_latency_p90_s() ? nlohmann::json(p.latency_p90_s()) : nlohmann::json(nullptr)},
             {"daily", daily}});
    }
    nlohmann::json trend = nlohmann::json::array();
    for (const auto& week : summary.trend()) {
        nlohmann::json rates = nlohmann::json::object();
        for (const auto& rate : week.partner_rates()) {
            rates[rate.user()] =
                optional_rate(rate.has_turning_toward_rate(), rate.turning_toward_rate());
        }
        trend.push_back(
            {{"week", week.week()},
             {"couple_turning_toward_rate", optional_rate(week.has_couple_turning_toward_rate(),
                                                          week.couple_turning_toward_rate())},
             {"partners", rates}});
    }
    return {{"week", summary.week()},
            {"time_zone", summary.time_zone()},
            {"couple_turning_toward_rate", optional_rate(summary.has_couple_turning_toward_rate(),
                                                         summary.couple_turning_toward_rate())},
            {"partners", partners},
            {"trend", trend},
            {"note", summary.has_note() ? nlohmann::json(summary.note()) : nlohmann::json(nullptr)},
            {"reference",
             {{"together", summary.reference_rate_together()},
              {"apart", summary.reference_rate_apart()}}},
            {"tracking", summary.tracking()},
            {"response_window_minutes", summary.response_window_minutes()}};
}

namespace {

// Words to lines of at most `width` columns (a word longer than that keeps
// a line of its own). Counts bytes: the summary's own words are ASCII.
std::string wrapped(const std::string& text, std::size_t width = 78) {
    std::string out, line;
    std::istringstream words(text);
    for (std::string word; words >> word;) {
        if (!line.empty() && line.size() + 1 + word.size() > width) {
            out += line + '\n';
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
    }
    return out + line;
}

bool is_first_week(const v1::WeeklySummary& summary) {
    return std::none_of(summary.trend().begin(), summary.trend().end(),
                        [](const auto& week) { return week.has_couple_turning_toward_rate(); });
}

}  // namespace

// Encourages whatever the figure: a hard week is named as one that happens,
// never compared with anyone.
std::string opening_line(const v1::WeeklySummary& summary) {
    if (!summary.has_couple_turning_toward_rate()) {
        return "No bids were resolved this week yet: a quiet week is fine, and every new bid is "
               "a fresh chance to turn toward each other.";
    }
    const double rate = summary.couple_turning_toward_rate();
    std::string line =
        "Together you turned toward " + percent(rate) + " of each other's bids this week. ";
    if (is_first_week(summary)) {
        return line + "This is your first week of figures: they say more as the weeks add up.";
    }
    if (rate >= 0.8) return line + "You noticed each other often: that is worth enjoying.";
    if (rate >= 0.5) return line + "Every bid noticed is a small moment of connection.";
    return line +
           "Busy or hard weeks happen to every couple; each new bid is a fresh chance to "
           "notice each other.";
}

// Where the reference figures come from, and why they are context, not a
// verdict. It stands apart from the couple's own figure on purpose.
std::string about_the_figures(const v1::WeeklySummary& summary) {
    // The divorced couples' figure is left out: beside a hard week's own
    // figure it read as a prediction (docs/SUMMARY.md).
    return "About these figures: they come from your own tags on text messages. For context, "
           "John Gottman's lab observed newlywed couples talking in person, and those still "
           "together six years later had turned toward each other's bids about " +
           percent(summary.reference_rate_together()) +
           " of the time, far more often than those who later divorced (from Gottman's books "
           "and the Gottman Institute). Texting is a different setting, so this is not directly "
           "comparable with your figures: use it as a reminder of what turning toward looks "
           "like, not as a score.";
}

// Every text of the summary (names, dates, the zone, the note) is the
// server's: each passes through safe_for_terminal.
std::string format_summary(const v1::WeeklySummary& summary) {
    std::ostringstream os;
    os << "Week " << safe_for_terminal(summary.week()) << " ("
       << safe_for_terminal(summary.time_zone()) << ")\n\n";
    os << wrapped(opening_line(summary)) << '\n';
    for (const auto& partner : summary.partners()) {
        os << '\n';
        format_partner(os, partner);
    }
    if (!summary.trend().empty()) {
        os << "\nThe weeks before (together";
        for (const auto& partner : summary.partners())
            os << ", " << safe_for_terminal(partner.user());
        os << "):\n";
        for (const auto& week : summary.trend()) {
            os << "  " << safe_for_terminal(week.week()) << "  "
               << (week.has_couple_turning_toward_rate()
                       ? percent(week.couple_turning_toward_rate())
                       : std::string("—"));
            for (const auto& rate : week.partner_rates()) {
                os << ", " << safe_for_terminal(rate.user()) << ' '
                   << (rate.has_turning_toward_rate() ? percent(rate.turning_toward_rate())
                                                      : std::string("—"));
            }
            os << '\n';
        }
    }
    if (summary.has_note()) {
        os << '\n'
           << wrapped(safe_for_terminal(summary.note()) + " " + help_resources_pointer) << '\n';
    }
    os << '\n' << wrapped(about_the_figures(summary)) << '\n';
    os << wrapped("A bid counts once it is answered, and as missed after " +
                  format_window(summary.response_window_minutes()) + " without an answer.")
       << '\n';
    if (!summary.tracking()) {
        os << "\nBid tracking is off, so new messages are not counted. To turn it on, both "
              "partners run: toward settings set tracking on\n";
    }
    return os.str();
}

std::string format_window(std::uint32_t minutes) {
    if (minutes != 0 && minutes % (24 * 60) == 0) return std::to_string(minutes / (24 * 60)) + "d";
    if (minutes != 0 && minutes % 60 == 0) return std::to_string(minutes / 60) + "h";
    return std::to_string(minutes) + "m";
}

nlohmann::json settings_json(const v1::PairSettings& settings) {
    return {{"response_window_minutes", settings.response_window_minutes()},
            {"response_window", format_window(settings.response_window_minutes())},
            {"time_zone", settings.time_zone()},
            {"tracking", settings.tracking()},
            {"my_tracking", settings.my_tracking()},
            {"partner_tracking", settings.partner_tracking()},
            {"check_in", together::format_checkin_setting(schedule_of(settings))}};
}

std::string format_settings(const v1::PairSettings& settings, const std::string& partner_name) {
    const auto on_off = [](bool on) { return on ? "on" : "off"; };
    std::ostringstream os;
    os << "response-window: " << format_window(settings.response_window_minutes()) << '\n';
    os << "time-zone:       " << safe_for_terminal(settings.time_zone()) << '\n';
    os << "tracking:        " << on_off(settings.tracking())
       << " (you: " << on_off(settings.my_tracking()) << ", "
       << (partner_name.empty() ? std::string("your partner") : safe_for_terminal(partner_name))
       << ": " << on_off(settings.partner_tracking()) << ")\n";
    os << "check-in:        " << describe_schedule(settings) << '\n';
    if (!settings.tracking()) {
        os << "Bid tracking starts once both partners run: toward settings set tracking on\n";
    }
    if (!settings.has_checkin()) {
        os << "A regular check-in helps: toward settings set check-in \"sun 19:00\"\n";
    }
    return os.str();
}

nlohmann::json classification_json(const bids::classification& decision) {
    return {{"kind", std::string(bids::to_string(decision.kind))},
            {"category", decision.category
                             ? nlohmann::json(std::string(bids::to_string(*decision.category)))
                             : nlohmann::json(nullptr)},
            {"turn", decision.response_turn
                         ? nlohmann::json(std::string(bids::to_string(*decision.response_turn)))
                         : nlohmann::json(nullptr)},
            {"rule", decision.rule},
            {"explanation", decision.explanation},
            {"uncertain", decision.uncertain}};
}

std::string describe_classification(const bids::classification& decision) {
    std::string text(bids::to_string(decision.kind));
    if (decision.category) text += ": " + std::string(bids::to_string(*decision.category));
    if (decision.response_turn)
        text += ": " + std::string(bids::to_string(*decision.response_turn));
    return text;
}

}  // namespace toward::app
