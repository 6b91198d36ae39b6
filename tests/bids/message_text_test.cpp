#include "bids/message_text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace toward::bids {
namespace {

std::vector<std::string> words_of(const message_text& t) {
    std::vector<std::string> all;
    for (const auto& c : t.clauses()) all.insert(all.end(), c.words.begin(), c.words.end());
    return all;
}

TEST(message_text, lowercases_and_drops_apostrophes_of_either_kind) {
    EXPECT_EQ(words_of(message_text("I'm HOME")), (std::vector<std::string>{"im", "home"}));
    EXPECT_EQ(words_of(message_text("don’t")), (std::vector<std::string>{"dont"}));
}

TEST(message_text, elongated_words_and_doubled_letter_typos_match_the_same_pattern) {
    EXPECT_TRUE(message_text("misss youuu").matches("miss you"));
    EXPECT_TRUE(message_text("mis u").matches("miss u"));
    EXPECT_TRUE(message_text("stoppp").matches("=stop"));
    EXPECT_TRUE(message_text("kk").matches("=k"));
}

TEST(message_text, punctuation_and_emoji_break_clauses) {
    const message_text t("oh no 😔 what happened? tell me");
    ASSERT_EQ(t.clauses().size(), 3u);
    EXPECT_TRUE(t.clauses()[1].is_question);
    EXPECT_TRUE(t.matches("^what happened"));
    EXPECT_FALSE(t.matches("no what"));
}

TEST(message_text, a_clause_starting_with_a_question_word_is_a_question_without_a_mark) {
    EXPECT_TRUE(message_text("how was your day love").has_question());
    EXPECT_FALSE(message_text("on my way").has_question());
}

TEST(message_text, anchors_and_whole_message_patterns_mean_what_they_say) {
    const message_text t("ok. did you feed the cat");
    EXPECT_TRUE(t.matches("^did you"));
    EXPECT_FALSE(t.matches("^you"));
    EXPECT_FALSE(t.matches("=ok"));
    EXPECT_TRUE(message_text("OK!!").matches("=ok"));
}

TEST(message_text, a_star_matches_any_word_it_begins) {
    EXPECT_TRUE(message_text("so stressed").matches("stress*"));
    EXPECT_FALSE(message_text("distress").matches("stress*"));
}

TEST(message_text, urls_are_dropped_and_remembered) {
    const message_text t("lol look https://example.com/a-b?c=d");
    EXPECT_TRUE(t.has_url());
    EXPECT_EQ(words_of(t), (std::vector<std::string>{"lol", "lok"}));
}

TEST(message_text, emoji_only_means_emoji_and_no_words) {
    EXPECT_TRUE(message_text("❤️❤️").emoji_only());
    EXPECT_TRUE(message_text(" 👍 ").emoji_only());
    EXPECT_FALSE(message_text("240 😬").emoji_only());
    EXPECT_FALSE(message_text("").emoji_only());
}

TEST(message_text, emoji_are_sorted_into_classes_whatever_their_modifiers) {
    EXPECT_TRUE(message_text("❤️").emoji().warm);
    EXPECT_TRUE(message_text("👍🏽").emoji().acknowledging);
    EXPECT_TRUE(message_text("🙄").emoji().scornful);
    EXPECT_TRUE(message_text("😂").emoji().laughing);
    EXPECT_TRUE(message_text("🤒").emoji().sad);
    EXPECT_FALSE(message_text("👀").emoji().warm);
}

TEST(message_text, invalid_utf8_is_read_without_harm) {
    const message_text t(std::string("hey \xF0\x9F there \xC3", 14));
    EXPECT_TRUE(t.matches("hey"));
    EXPECT_TRUE(t.matches("there"));
}

}  // namespace
}  // namespace toward::bids
