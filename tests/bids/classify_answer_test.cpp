// classify_answer, one rule family at a time: each text is an answer to an
// open bid of the partner.
#include <gtest/gtest.h>

#include <string_view>

#include "bids/bid_classifier.hpp"

namespace toward::bids {
namespace {

void expect_turn(std::string_view text, turn expected, std::string_view rule) {
    const auto c = rule_classify_answer(text);
    EXPECT_EQ(c.kind, message_kind::response) << text;
    EXPECT_EQ(c.response_turn, expected) << text << " [" << c.rule << "]";
    EXPECT_EQ(c.rule, rule) << text;
    EXPECT_FALSE(c.category) << text;
}

TEST(answer_classifier, terse_but_warm_replies_turn_toward) {
    expect_turn("aw ❤️", turn::toward, "toward.warmth");
    expect_turn("yes!!", turn::toward, "acknowledgement");
    expect_turn("tell me more", turn::toward, "toward.engaged");
    expect_turn("omg congrats!!!", turn::toward, "toward.engaged");
    expect_turn("love you too", turn::toward, "toward.warmth");
}

TEST(answer_classifier, warm_emoji_alone_turn_toward) {
    expect_turn("❤️", turn::toward, "emoji.warm");
    expect_turn("😍", turn::toward, "emoji.warm");
    expect_turn("🤗🤗", turn::toward, "emoji.warm");
    expect_turn("👀", turn::toward, "emoji.reaction");
}

TEST(answer_classifier, a_thumbs_up_alone_turns_toward_as_an_acknowledgement) {
    expect_turn("👍", turn::toward, "emoji.acknowledgement");
    expect_turn("ok", turn::toward, "acknowledgement");
    expect_turn("sure", turn::toward, "acknowledgement");
}

TEST(answer_classifier, an_eye_roll_turns_against) {
    expect_turn("🙄", turn::against, "emoji.contempt");
    expect_turn("🙄 fine", turn::against, "against.contempt");
}

TEST(answer_classifier, laughing_along_takes_the_edge_off_teasing) {
    expect_turn("you're so annoying 😂", turn::toward, "toward.laughter");
    expect_turn("🙄😂", turn::toward, "emoji.laughter");
    expect_turn("hahaha you idiot", turn::toward, "toward.laughter");
}

TEST(answer_classifier, dismissive_replies_turn_away) {
    expect_turn("whatever", turn::away, "away.dismissal");
    expect_turn("not now", turn::away, "away.dismissal");
    expect_turn("k", turn::away, "away.dismissal");
    expect_turn("K.", turn::away, "away.dismissal");
    expect_turn("meh", turn::away, "away.dismissal");
    expect_turn("busy, talk later", turn::away, "away.dismissal");
}

TEST(answer_classifier, changing_the_subject_turns_away) {
    expect_turn("did you feed the cat?", turn::away, "away.change_subject");
    expect_turn("have you seen my charger", turn::away, "away.change_subject");
    expect_turn("anyway, what's for dinner", turn::away, "away.change_subject");
}

TEST(answer_classifier, a_follow_up_question_about_the_bid_is_not_a_change_of_subject) {
    expect_turn("did you tell her?", turn::toward, "toward.engaged");
    expect_turn("oh no, what happened?", turn::toward, "toward.engaged");
}

TEST(answer_classifier, a_refusal_without_a_counter_offer_turns_away) {
    expect_turn("can't, working late", turn::away, "away.refusal");
    expect_turn("lol no", turn::away, "away.refusal");
    expect_turn("no thanks", turn::away, "away.dismissal");
}

TEST(answer_classifier, a_refusal_with_a_counter_offer_or_warmth_turns_toward) {
    expect_turn("can't tonight, tomorrow?", turn::toward, "toward.engaged");
    expect_turn("not now love, call you at 5 ❤️", turn::toward, "toward.warmth");
    expect_turn("no", turn::toward, "toward.engaged");
    expect_turn("can't wait!!", turn::toward, "toward.engaged");
}

TEST(answer_classifier, hostility_turns_against) {
    expect_turn("who cares", turn::against, "against.hostility");
    expect_turn("shut up", turn::against, "against.hostility");
    expect_turn("not this again", turn::against, "against.hostility");
}

TEST(answer_classifier, criticism_and_defensiveness_turn_against) {
    expect_turn("you always do this", turn::against, "against.criticism");
    expect_turn("you never listen", turn::against, "against.criticism");
    expect_turn("not my fault you forgot", turn::against, "against.defensiveness");
}

TEST(answer_classifier, contempt_and_name_calling_turn_against) {
    expect_turn("you're pathetic", turn::against, "against.contempt");
    expect_turn("grow up", turn::against, "against.contempt");
    expect_turn("wow you want a medal?", turn::against, "against.contempt");
}

TEST(answer_classifier, an_insult_about_someone_else_sides_with_the_partner) {
    expect_turn("what an idiot. I'm so sorry", turn::toward, "toward.engaged");
}

TEST(answer_classifier, sarcasm_turns_against) {
    expect_turn("oh great, another one of your brilliant ideas", turn::against, "against.sarcasm");
    expect_turn("yeah right", turn::against, "against.sarcasm");
    expect_turn("of course you did", turn::against, "against.sarcasm");
}

TEST(answer_classifier, an_empty_answer_turns_away) {
    expect_turn("", turn::away, "empty");
}

TEST(answer_classifier, every_answer_is_a_response_with_a_turn) {
    for (const auto* text :
         {"", "k", "❤️", "whatever", "did you feed the cat", "tell me more"}) {
        const auto c = rule_classify_answer(text);
        EXPECT_EQ(c.kind, message_kind::response) << text;
        EXPECT_TRUE(c.response_turn.has_value()) << text;
        EXPECT_FALSE(c.rule.empty()) << text;
        EXPECT_FALSE(c.explanation.empty()) << text;
    }
}

}  // namespace
}  // namespace toward::bids
