#include "bids/bid_model.hpp"

#include <cstddef>

namespace toward::bids {
namespace {

constexpr std::array<std::string_view, 3> kind_names{"chat", "bid", "response"};
constexpr std::array<std::string_view, 9> category_names{"attention",    "interest", "affection",
                                                         "humor",        "support",  "help",
                                                         "conversation", "play",     "plan"};
constexpr std::array<std::string_view, 3> turn_names{"toward", "away", "against"};

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != b[i]) return false;
    }
    return true;
}

// The index of name in names (which are lowercase), ignoring ASCII case.
template <std::size_t N>
std::optional<std::size_t> index_of(const std::array<std::string_view, N>& names,
                                    std::string_view name) {
    for (std::size_t i = 0; i < N; ++i)
        if (equals_ignoring_case(name, names[i])) return i;
    return std::nullopt;
}

// Enum values are declared in wire order, so wire number = index + 1.
template <typename Enum, std::size_t N>
std::optional<Enum> from_wire(const std::array<Enum, N>& all, int number) {
    if (number < 1 || number > static_cast<int>(N)) return std::nullopt;
    return all[static_cast<std::size_t>(number - 1)];
}

}  // namespace

std::string_view to_string(message_kind kind) {
    return kind_names[static_cast<std::size_t>(kind)];
}

std::string_view to_string(bid_category category) {
    return category_names[static_cast<std::size_t>(category)];
}

std::string_view to_string(turn t) {
    return turn_names[static_cast<std::size_t>(t)];
}

std::optional<message_kind> parse_message_kind(std::string_view name) {
    const auto i = index_of(kind_names, name);
    if (!i) return std::nullopt;
    return all_message_kinds[*i];
}

std::optional<bid_category> parse_bid_category(std::string_view name) {
    const auto i = index_of(category_names, name);
    if (!i) return std::nullopt;
    return all_bid_categories[*i];
}

std::optional<turn> parse_turn(std::string_view name) {
    const auto i = index_of(turn_names, name);
    if (!i) return std::nullopt;
    return all_turns[*i];
}

int to_proto(message_kind kind) {
    return static_cast<int>(kind) + 1;
}
int to_proto(bid_category category) {
    return static_cast<int>(category) + 1;
}
int to_proto(turn t) {
    return static_cast<int>(t) + 1;
}

std::optional<message_kind> message_kind_from_proto(int number) {
    if (number == 0) return message_kind::chat;  // KIND_UNSPECIFIED is treated as chat
    return from_wire(all_message_kinds, number);
}

std::optional<bid_category> bid_category_from_proto(int number) {
    return from_wire(all_bid_categories, number);
}

std::optional<turn> turn_from_proto(int number) {
    return from_wire(all_turns, number);
}

}  // namespace toward::bids
