#include "bids/bid_model.hpp"

#include <gtest/gtest.h>

namespace toward::bids {
namespace {

TEST(bid_model, names_round_trip_through_parse) {
    for (const auto k : all_message_kinds) EXPECT_EQ(parse_message_kind(to_string(k)), k);
    for (const auto c : all_bid_categories) EXPECT_EQ(parse_bid_category(to_string(c)), c);
    for (const auto t : all_turns) EXPECT_EQ(parse_turn(to_string(t)), t);
}

TEST(bid_model, names_are_the_lowercase_words_of_the_spec) {
    EXPECT_EQ(to_string(message_kind::response), "response");
    EXPECT_EQ(to_string(bid_category::attention), "attention");
    EXPECT_EQ(to_string(bid_category::conversation), "conversation");
    EXPECT_EQ(to_string(bid_category::plan), "plan");
    EXPECT_EQ(to_string(turn::toward), "toward");
    EXPECT_EQ(to_string(turn::against), "against");
}

TEST(bid_model, parse_ignores_ascii_case_but_nothing_else) {
    EXPECT_EQ(parse_turn("Toward"), turn::toward);
    EXPECT_EQ(parse_bid_category("HUMOR"), bid_category::humor);
    EXPECT_FALSE(parse_turn(" toward"));
    EXPECT_FALSE(parse_bid_category("humour"));
    EXPECT_FALSE(parse_message_kind(""));
    EXPECT_FALSE(parse_turn("towards"));
}

TEST(bid_model, wire_numbers_match_the_proto) {
    EXPECT_EQ(to_proto(message_kind::chat), 1);
    EXPECT_EQ(to_proto(message_kind::bid), 2);
    EXPECT_EQ(to_proto(message_kind::response), 3);
    EXPECT_EQ(to_proto(bid_category::attention), 1);
    EXPECT_EQ(to_proto(bid_category::interest), 2);
    EXPECT_EQ(to_proto(bid_category::affection), 3);
    EXPECT_EQ(to_proto(bid_category::humor), 4);
    EXPECT_EQ(to_proto(bid_category::support), 5);
    EXPECT_EQ(to_proto(bid_category::help), 6);
    EXPECT_EQ(to_proto(bid_category::conversation), 7);
    EXPECT_EQ(to_proto(bid_category::play), 8);
    EXPECT_EQ(to_proto(bid_category::plan), 9);
    EXPECT_EQ(to_proto(turn::toward), 1);
    EXPECT_EQ(to_proto(turn::away), 2);
    EXPECT_EQ(to_proto(turn::against), 3);
}

TEST(bid_model, wire_numbers_round_trip) {
    for (const auto k : all_message_kinds) EXPECT_EQ(message_kind_from_proto(to_proto(k)), k);
    for (const auto c : all_bid_categories) EXPECT_EQ(bid_category_from_proto(to_proto(c)), c);
    for (const auto t : all_turns) EXPECT_EQ(turn_from_proto(to_proto(t)), t);
}

TEST(bid_model, an_unspecified_kind_is_chat_but_an_unspecified_category_or_turn_is_none) {
    EXPECT_EQ(message_kind_from_proto(0), message_kind::chat);
    EXPECT_FALSE(bid_category_from_proto(0));
    EXPECT_FALSE(turn_from_proto(0));
}

TEST(bid_model, numbers_outside_the_enums_are_rejected) {
    EXPECT_FALSE(message_kind_from_proto(4));
    EXPECT_FALSE(message_kind_from_proto(-1));
    EXPECT_FALSE(bid_category_from_proto(10));
    EXPECT_FALSE(turn_from_proto(4));
    EXPECT_FALSE(turn_from_proto(-3));
}

}  // namespace
}  // namespace toward::bids
