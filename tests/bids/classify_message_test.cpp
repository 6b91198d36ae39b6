// classify_message, one rule family at a time. Sentences are new, not copied
// from the corpus, so these tests check that the rules are general.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "bids/bid_classifier.hpp"

namespace toward::bids {
namespace {

void expect_bid(std::string_view text, bid_category category, std::string_view rule) {
    const auto c = rule_classify_message(text);
    EXPECT_EQ(c.kind, message_kind::bid) << text << " [" << c.rule << "]";
    EXPECT_EQ(c.category, category) << text << " [" << c.rule << "]";
    EXPECT_EQ(c.rule, rule) << text;
    EXPECT_FALSE(c.response_turn) << text;
}

void expect_chat(std::string_view text, std::string_view rule) {
    const auto c = rule_classify_message(text);
    EXPECT_EQ(c.kind, message_kind::chat) << text << " [" << c.rule << "]";
    EXPECT_FALSE(c.category) << text;
    EXPECT_EQ(c.rule, rule) << text;
}

TEST(bid_classifier, a_logistics_question_is_not_a_bid) {
    expect_chat("did you pay the electricity bill?", "logistics.question");
    expect_chat("what time is the dentist?", "logistics.question");
    expect_chat("where are the spare keys", "logistics.question");
    expect_chat("When's the plumber coming??", "logistics.question");
    expect_chat("ok. how much was the vet", "logistics.question");
}

TEST(bid_classifier, a_household_question_that_mentions_the_partner_is_still_logistics) {
    expect_chat("what do you want for dinner", "logistics.household");
}

TEST(bid_classifier, an_open_question_about_the_partners_day_is_a_bid_for_interest) {
    expect_bid("how was your day?", bid_category::interest, "question.open");
    expect_bid("how did the exam go", bid_category::interest, "question.open");
    expect_bid("hey how are you feeling", bid_category::interest, "question.open");
    expect_bid("you okay?", bid_category::interest, "question.open");
    expect_bid("tell me about the new office", bid_category::interest, "question.open");
}

TEST(bid_classifier, any_other_question_about_the_partner_shows_interest) {
    expect_bid("are you still upset about this morning?", bid_category::interest,
               "question.about_partner");
}

TEST(bid_classifier, asking_how_the_partner_feels_is_interest_not_a_disclosure) {
    expect_bid("how are you feeling today?", bid_category::interest, "question.open");
}

TEST(bid_classifier, sharing_news_is_a_bid_for_conversation) {
    expect_bid("I got the job!", bid_category::conversation, "share.news");
    expect_bid("today I learned otters hold hands when they sleep", bid_category::conversation,
               "share.news");
    expect_bid("the bakery on 5th is closing!!", bid_category::conversation, "share.exclaim");
    expect_bid("did you hear about the storm coming friday", bid_category::conversation,
               "share.question");
}

TEST(bid_classifier, sharing_a_feeling_is_a_bid_for_support) {
    expect_bid("I feel so drained today", bid_category::support, "feeling.disclosure");
    expect_bid("so tired. long week", bid_category::support, "feeling.disclosure");
    expect_bid("I'm really anxious about the results", bid_category::support, "feeling.disclosure");
    expect_bid("😢", bid_category::support, "emoji.support");
}

TEST(bid_classifier, a_request_for_help_is_a_bid_even_without_a_question_mark) {
    expect_bid("can you pick up the dry cleaning", bid_category::help, "request.help");
    expect_bid("Could you help me with the printer?", bid_category::help, "request.help");
    expect_bid("can you stop by the bakery on your way", bid_category::help, "request.help");
}

TEST(bid_classifier, can_you_believe_is_a_bid_but_not_a_request) {
    const auto c = rule_classify_message("can you believe it's december already");
    EXPECT_EQ(c.kind, message_kind::bid);
    EXPECT_NE(c.category, bid_category::help);
}

TEST(bid_classifier, affection_is_a_bid_in_words_typos_or_emoji) {
    expect_bid("I love you", bid_category::affection, "affection.expression");
    expect_bid("miss you ❤️", bid_category::affection, "affection.expression");
    expect_bid("luv u", bid_category::affection, "affection.expression");
    expect_bid("misss youuu", bid_category::affection, "affection.expression");
    expect_bid("❤️", bid_category::affection, "emoji.affection");
    expect_bid("see you soon 😘", bid_category::affection, "affection.emoji");
    expect_bid("sorry I was short with you earlier", bid_category::affection, "affection.repair");
    expect_bid("you were incredible up there", bid_category::affection, "affection.praise");
}

TEST(bid_classifier, a_thumbs_up_alone_is_an_acknowledgement_not_a_bid) {
    expect_chat("👍", "emoji.acknowledgement");
    expect_chat("👍🏼", "emoji.acknowledgement");
}

TEST(bid_classifier, a_joke_or_a_laugh_is_a_bid_for_humor) {
    expect_bid("lol the dog just stole a whole baguette", bid_category::humor, "humor.laughter");
    expect_bid("knock knock", bid_category::humor, "humor.laughter");
    expect_bid("tried to parallel park and hit a bin 😂", bid_category::humor, "humor.laughter");
}

TEST(bid_classifier, a_trailing_lol_softens_a_message_but_does_not_make_it_a_joke) {
    EXPECT_NE(rule_classify_message("missed my train again lol").category, bid_category::humor);
}

TEST(bid_classifier, an_invitation_is_a_bid_for_a_plan) {
    expect_bid("want to go hiking saturday?", bid_category::plan, "invitation.plan");
    expect_bid("let's do pizza and a movie tonight", bid_category::plan, "invitation.plan");
    expect_bid("lunch?", bid_category::plan, "invitation.plan");
    expect_bid("we should go back to that cabin", bid_category::plan, "invitation.plan");
}

TEST(bid_classifier, games_and_teasing_are_bids_for_play) {
    expect_bid("race you to the car", bid_category::play, "play.tease");
    expect_bid("wanna play cards tonight?", bid_category::play, "play.game");
    expect_bid("would you rather fight one horse-sized duck or 100 duck-sized horses",
               bid_category::play, "play.tease");
}

TEST(bid_classifier, calling_the_partner_to_look_or_listen_is_a_bid_for_attention) {
    expect_bid("look at this sunset", bid_category::attention, "attention.call");
    expect_bid("guess what", bid_category::attention, "attention.call");
    expect_bid("babe. babe.", bid_category::attention, "attention.greeting");
    expect_bid("heyyy", bid_category::attention, "attention.greeting");
    expect_bid("wanna see what I found?", bid_category::attention, "attention.teaser");
    expect_bid("👋", bid_category::attention, "emoji.attention");
}

TEST(bid_classifier, a_request_to_talk_is_a_bid_for_conversation) {
    expect_bid("can we talk tonight?", bid_category::conversation, "talk.invitation");
}

TEST(bid_classifier, a_complaint_about_the_partners_habits_is_not_a_bid) {
    expect_chat("you never put the cap back on the toothpaste", "criticism.complaint");
    expect_chat("you forgot the bins again", "criticism.complaint");
}

TEST(bid_classifier, status_updates_are_chat) {
    expect_chat("on my way", "chat.default");
    expect_chat("running 10 min late", "chat.default");
    expect_chat("home", "chat.default");
}

TEST(bid_classifier, an_empty_message_is_chat) {
    expect_chat("", "empty");
    expect_chat("   \n", "empty");
    expect_chat("?!", "empty");
}

TEST(bid_classifier, case_apostrophes_and_elongation_do_not_change_the_answer) {
    const auto plain = rule_classify_message("how's your day");
    for (const auto* text :
         {"HOW'S YOUR DAY", "how’s your day", "hows ur day", "howwws your dayyy"}) {
        const auto c = rule_classify_message(text);
        EXPECT_EQ(c.kind, plain.kind) << text;
        EXPECT_EQ(c.category, plain.category) << text;
    }
}

TEST(bid_classifier, the_explanation_quotes_the_words_that_matched) {
    const auto c = rule_classify_message("Miss you!");
    EXPECT_NE(c.explanation.find("\"miss you\""), std::string::npos) << c.explanation;
    EXPECT_EQ(rule_classify_message("did you feed the cat").explanation.find('^'),
              std::string::npos);
}

TEST(bid_classifier, classification_is_deterministic) {
    const std::string text = "ugh my back is killing me, can you grab ibuprofen?";
    const auto first = rule_classify_message(text);
    for (int i = 0; i < 5; ++i) {
        const auto again = rule_classify_message(text);
        EXPECT_EQ(again.rule, first.rule);
        EXPECT_EQ(again.category, first.category);
        EXPECT_EQ(again.explanation, first.explanation);
    }
}

TEST(bid_classifier, any_bytes_are_accepted) {
    const std::string junk("\xFF\xFE\xF0\x9F\x98 can you\x00 help", 20);
    EXPECT_NO_THROW(rule_classify_message(junk));
    EXPECT_NO_THROW(rule_classify_answer(junk));
}

}  // namespace
}  // namespace toward::bids
