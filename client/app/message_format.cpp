#include "message_format.hpp"

#include <array>
#include <ctime>

#include "terminal_text.hpp"

namespace toward::app {
namespace {

struct category_word {
    v1::BidCategory category;
    const char* name;
};

constexpr std::array<category_word, 9> categories{{
    {v1::BID_ATTENTION, "attention"},
    {v1::BID_INTEREST, "interest"},
    {v1::BID_AFFECTION, "affection"},
    {v1::BID_HUMOR, "humor"},
    {v1::BID_SUPPORT, "support"},
    {v1::BID_HELP, "help"},
    {v1::BID_CONVERSATION, "conversation"},
    {v1::BID_PLAY, "play"},
    {v1::BID_PLAN, "plan"},
}};

}  // namespace

const char* kind_name(v1::MessageKind kind) {
    switch (kind) {
        case v1::KIND_BID:
            return "bid";
        case v1::KIND_RESPONSE:
            return "response";
        default:
            return "chat";
    }
}

const char* category_name(v1::BidCategory category) {
    for (const auto& word : categories) {
        if (word.category == category) return word.name;
    }
    return "unspecified";
}

const char* turn_name(v1::Turn turn) {
    switch (turn) {
        case v1::TURN_TOWARD:
            return "toward";
        case v1::TURN_AWAY:
            return "away";
        case v1::TURN_AGAINST:
            return "against";
        default:
            return "unspecified";
    }
}

std::optional<v1::BidCategory> parse_category(std::string_view name) {
    for (const auto& word : categories) {
        if (name == word.name) return word.category;
    }
    return std::nullopt;
}

std::optional<v1::Turn> parse_turn(std::string_view name) {
    if (name == "toward") return v1::TURN_TOWARD;
    if (name == "away") return v1::TURN_AWAY;
    if (name == "against") return v1::TURN_AGAINST;
    return std::nullopt;
}

std::string category_names() {
    std::string names;
    for (const auto& word : categories) {
        if (!names.empty()) names += ", ";
        names += word.name;
    }
    return names;
}

std::string format_time(std::int64_t unix_ms) {
    const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
    std::tm local{};
    localtime_r(&seconds, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &local);
    return text;
}

std::string format_message_line(const history_entry& entry) {
    std::string line = entry.seq ? "#" + std::to_string(*entry.seq) : "#-";
    // The sender's name and the text come from outside: made harmless here,
    // where sync, history and chat all take their lines from.
    line += " " + format_time(entry.time_ms) + " " + safe_for_terminal(entry.sender) + ": ";
    if (entry.status == message_status::undecryptable) {
        line += "[could not decrypt: " + safe_for_terminal(entry.text) + "]";
    } else if (entry.status == message_status::expired) {
        line += std::string("(") + expired_message_text + ")";
    } else {
        line += safe_for_terminal(entry.text);
    }
    if (entry.kind == v1::KIND_BID) {
        line += std::string(" [bid: ") + category_name(entry.bid_category) + "]";
    } else if (entry.kind == v1::KIND_RESPONSE) {
        line +=
            " [reply to #" + std::to_string(entry.reply_to) + ": " + turn_name(entry.turn) + "]";
    }
    if (entry.outgoing) line += std::string(" (") + status_name(entry.status) + ")";
    return line;
}

nlohmann::json message_json(const history_entry& entry) {
    using nlohmann::json;
    const bool bid = entry.kind == v1::KIND_BID;
    const bool response = entry.kind == v1::KIND_RESPONSE;
    return json{
        {"pair_id", entry.pair_id},
        {"seq", entry.seq ? json(*entry.seq) : json(nullptr)},
        {"client_message_id", entry.client_message_id},
        {"sender", entry.sender},
        {"direction", entry.outgoing ? "sent" : "received"},
        {"kind", kind_name(entry.kind)},
        {"bid_category", bid ? json(category_name(entry.bid_category)) : json(nullptr)},
        {"reply_to", response ? json(entry.reply_to) : json(nullptr)},
        {"turn", response ? json(turn_name(entry.turn)) : json(nullptr)},
        {"text", entry.text},
        {"time_ms", entry.time_ms},
        {"status", status_name(entry.status)},
    };
}

}  // namespace toward::app
