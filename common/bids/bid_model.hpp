// The bid model of SPEC section 5: what kind a message is, what a bid reaches
// for, and how a response turns. Plain values with their names (as used on the
// command line and in JSON) and their wire numbers (as in toward.proto), so the
// client and the server agree on them without this library depending on
// protobuf.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace toward::bids {

// What a message is: ordinary chat, a bid for connection, or a response to the
// partner's open bid.
enum class message_kind { chat, bid, response };

// What a bid reaches for. `plan` is an invitation or an adventure.
enum class bid_category {
    attention,
    interest,
    affection,
    humor,
    support,
    help,
    conversation,
    play,
    plan,
};

// How a response answers a bid (Gottman): engaging with it, ignoring or
// dismissing it, or meeting it with hostility.
enum class turn { toward, away, against };

// Every value of each enum, in wire order, for listing choices to users.
inline constexpr std::array<message_kind, 3> all_message_kinds{
    message_kind::chat, message_kind::bid, message_kind::response};
inline constexpr std::array<bid_category, 9> all_bid_categories{
    bid_category::attention,    bid_category::interest, bid_category::affection,
    bid_category::humor,        bid_category::support,  bid_category::help,
    bid_category::conversation, bid_category::play,     bid_category::plan};
inline constexpr std::array<turn, 3> all_turns{turn::toward, turn::away, turn::against};

// The lowercase name of a value: "chat", "attention", "toward", ... The returned
// view refers to static storage.
std::string_view to_string(message_kind kind);
std::string_view to_string(bid_category category);
std::string_view to_string(turn t);

// Parses a name as to_string spells it; ASCII case is ignored ("Toward" is
// accepted). nullopt for anything else, including surrounding spaces.
std::optional<message_kind> parse_message_kind(std::string_view name);
std::optional<bid_category> parse_bid_category(std::string_view name);
std::optional<turn> parse_turn(std::string_view name);

// The wire number of a value, as in toward.proto: KIND_CHAT = 1 ... KIND_RESPONSE
// = 3, BID_ATTENTION = 1 ... BID_PLAN = 9, TURN_TOWARD = 1 ... TURN_AGAINST = 3.
int to_proto(message_kind kind);
int to_proto(bid_category category);
int to_proto(turn t);

// The value for a wire number. A message kind of 0 (KIND_UNSPECIFIED) is chat,
// as the proto says; a category or turn of 0 (unspecified) and any number
// outside the enum give nullopt.
std::optional<message_kind> message_kind_from_proto(int number);
std::optional<bid_category> bid_category_from_proto(int number);
std::optional<turn> turn_from_proto(int number);

}  // namespace toward::bids
