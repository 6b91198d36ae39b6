// The words of the weekly summary in every state a couple meets (issue 16,
// item 5): printed whole, so a reader can check them, and checked for what
// they must never do: compare the couple with couples who divorced, predict,
// or shame.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <sstream>

#include "summary_format.hpp"

namespace toward::testing {
namespace {

v1::WeeklySummary week_with(std::optional<double> rate, std::vector<std::optional<double>> trend) {
    v1::WeeklySummary summary;
    summary.set_week("2026-W49");
    summary.set_time_zone("Europe/Berlin");
    if (rate) summary.set_couple_turning_toward_rate(*rate);
    int n = 45;
    for (const auto& earlier : trend) {
        auto* week = summary.add_trend();
        week->set_week("2026-W" + std::to_string(n++));
        if (earlier) week->set_couple_turning_toward_rate(*earlier);
    }
    summary.set_reference_rate_together(0.86);
    summary.set_reference_rate_apart(0.33);
    summary.set_tracking(true);
    summary.set_response_window_minutes(240);
    return summary;
}

struct state {
    const char* name;
    v1::WeeklySummary summary;
};

std::vector<state> every_state() {
    auto hard_weeks = week_with(0.3, {0.6, 0.4, 0.35, 0.3});
    hard_weeks.set_note(
        "For a few weeks now, fewer than half of your bids have been turned toward. That happens "
        "to many couples, and it can change. If you would like support together, a couples "
        "counsellor can help.");
    return {{"empty week", week_with(std::nullopt, {})},
            {"first week", week_with(0.5, {std::nullopt, std::nullopt})},
            {"a great week", week_with(0.92, {0.8, 0.85})},
            {"an ordinary week", week_with(0.66, {0.7, 0.6})},
            {"a hard week", week_with(0.33, {0.7, 0.75})},
            {"several hard weeks, with the counselling note", hard_weeks}};
}

// Lowercase, on one line: the summary wraps its paragraphs.
std::string lower(std::string text) {
    for (auto& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (c == '\n') c = ' ';
    }
    return text;
}

TEST(summary_words, every_state_reads_as_encouragement_and_context) {
    std::vector<std::string> openings;
    for (const auto& s : every_state()) {
        const auto text = app::format_summary(s.summary);
        std::printf("----- %s -----\n%s\n", s.name, text.c_str());
        const auto words = lower(text);
        for (const char* never : {"parted", "break up", "breaking up", "predict", "fail", "worse",
                                  "should be", "bad week", "at risk"})
            EXPECT_EQ(words.find(never), std::string::npos) << s.name << ": \"" << never << "\"";
        // The divorced couples' figure only in the paragraph about the
        // figures, which says it is not comparable, never near the couple's.
        const auto about = words.find("about these figures");
        ASSERT_NE(about, std::string::npos) << s.name;
        // The divorced couples' figure is never given: beside a hard week's
        // own figure it reads as a prediction (a blind reader's finding).
        EXPECT_EQ(words.find("about 33%"), std::string::npos) << s.name;
        EXPECT_GT(words.find("divorced"), about) << s.name;
        EXPECT_NE(words.find("not directly comparable", about), std::string::npos) << s.name;
        EXPECT_NE(words.find("in person", about), std::string::npos) << s.name;
        const auto first_line = lower(text.substr(0, text.find("\n\n", text.find('\n') + 2)));
        EXPECT_EQ(first_line.find("divorc"), std::string::npos) << s.name;
        EXPECT_EQ(first_line.find("gottman"), std::string::npos) << s.name;
        openings.push_back(app::opening_line(s.summary));
    }
    // Each state has words of its own.
    std::sort(openings.begin(), openings.end());
    EXPECT_EQ(std::unique(openings.begin(), openings.end()) - openings.begin(), 6);
}

TEST(summary_words, every_line_fits_a_narrow_terminal) {
    for (const auto& s : every_state()) {
        std::istringstream lines(app::format_summary(s.summary));
        for (std::string line; std::getline(lines, line);)
            EXPECT_LE(line.size(), 80u) << s.name << ": " << line;
    }
}

TEST(summary_words, the_counselling_note_comes_with_where_to_find_help) {
    const auto states = every_state();
    const auto& hard = states.back().summary;
    const auto text = lower(app::format_summary(hard));
    const auto note = text.find("couples counsellor");
    ASSERT_NE(note, std::string::npos);
    EXPECT_NE(text.find("toward help-resources", note), std::string::npos);
    EXPECT_EQ(app::format_summary(states[4].summary).find("counsellor"), std::string::npos)
        << "one hard week brings no counselling note";
}

}  // namespace
}  // namespace toward::testing
