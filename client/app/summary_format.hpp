// How the bid-tracking replies are shown: the weekly summary (SPEC §6,
// docs/SUMMARY.md), the pair settings and the classifier's decision, each as
// a stable JSON object for scripts and as kind, plain text for people. The
// JSON shapes are documented in client/app/README.md.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "bids/bid_classifier.hpp"
#include "toward/v1/toward.pb.h"

namespace toward::app {

// {"week", "time_zone", "couple_turning_toward_rate", "partners": [...],
//  "trend": [...], "note", "reference": {"together", "apart"}, "tracking",
//  "response_window_minutes"}; null where the proto field is absent.
nlohmann::json summary_json(const v1::WeeklySummary& summary);
// The line that follows the summary's gentle note about counselling.
inline constexpr const char* help_resources_pointer =
    "`toward help-resources` lists the kinds of help there are and how to find a couples "
    "counsellor.";

// The summary for people: figures described as patterns, both partners shown
// the same way, a per-day chart, the trend and the reference lines; when the
// gentle note shows, help_resources_pointer follows it.
std::string format_summary(const v1::WeeklySummary& summary);

// The summary's first line: the couple's figure with a word of
// encouragement that fits the week (no figure yet, the first week, a great,
// an ordinary or a hard week). docs/SUMMARY.md lists every wording.
std::string opening_line(const v1::WeeklySummary& summary);

// Where the reference figures come from (Gottman's newlywed observations,
// not text messages), worded as context and kept apart from the couple's
// own figure.
std::string about_the_figures(const v1::WeeklySummary& summary);

// "4h", "90m", "1d" for a window in minutes.
std::string format_window(std::uint32_t minutes);
// {"response_window_minutes", "response_window", "time_zone", "tracking",
//  "my_tracking", "partner_tracking", "check_in"} (check_in: "off" or the
//  setting's text, e.g. "sun 19:00 biweekly").
nlohmann::json settings_json(const v1::PairSettings& settings);
std::string format_settings(const v1::PairSettings& settings, const std::string& partner_name);

// {"kind", "category", "turn", "rule", "explanation"}; null where not set.
nlohmann::json classification_json(const bids::classification& decision);
// "bid: support", "response: toward", "chat".
std::string describe_classification(const bids::classification& decision);

}  // namespace toward::app
