#include "history_export.hpp"

#include "message_format.hpp"

namespace toward::app {
namespace {

nlohmann::json name_or_null(const std::string& name) {
    return name.empty() ? nlohmann::json(nullptr) : nlohmann::json(name);
}

// A message's text as one list item: later lines indented to stay in it.
std::string indented(const std::string& text) {
    std::string out;
    for (char c : text) {
        out += c;
        if (c == '\n') out += "  ";
    }
    return out;
}

std::string body_of(const history_entry& entry) {
    switch (entry.status) {
        case message_status::undecryptable:
            return "_(could not decrypt: " + entry.text + ")_";
        case message_status::expired:
            return std::string("_(") + expired_message_text + ")_";
        default:
            return indented(entry.text);
    }
}

std::string tag_of(const history_entry& entry) {
    if (entry.kind == v1::KIND_BID) {
        return std::string(" _bid: ") + category_name(entry.bid_category) + "_";
    }
    if (entry.kind == v1::KIND_RESPONSE) {
        return " _reply to #" + std::to_string(entry.reply_to) + ": " + turn_name(entry.turn) + "_";
    }
    return {};
}

// Only what a reader of the transcript needs to know: it may not have arrived.
std::string delivery_of(const history_entry& entry) {
    if (entry.status == message_status::pending) return " (not sent yet)";
    if (entry.status == message_status::rejected) return " (refused by the server)";
    return {};
}

}  // namespace

nlohmann::json export_json(const export_header& header,
                           const std::vector<history_entry>& messages) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& entry : messages) list.push_back(message_json(entry));
    return {{"format", "toward-history"},
            {"version", 1},
            {"user", name_or_null(header.user)},
            {"partner", name_or_null(header.partner)},
            {"exported_at_ms", header.exported_at_ms},
            {"messages", std::move(list)}};
}

std::string export_markdown(const export_header& header,
                            const std::vector<history_entry>& messages) {
    std::string doc = "# Toward history";
    if (!header.user.empty()) doc += " of " + header.user;
    if (!header.partner.empty()) doc += " with " + header.partner;
    doc += "\n\nExported " + format_time(header.exported_at_ms) + " (local time), " +
           std::to_string(messages.size()) + (messages.size() == 1 ? " message" : " messages") +
           ".\n";
    std::string day;
    std::uint64_t pair = 0;
    for (const auto& entry : messages) {
        const auto when = format_time(entry.time_ms);  // "YYYY-MM-DD HH:MM"
        if (pair != 0 && entry.pair_id != pair) doc += "\n---\n\n_A new pair begins here._\n";
        if (when.substr(0, 10) != day || entry.pair_id != pair) {
            day = when.substr(0, 10);
            doc += "\n## " + day + "\n\n";
        }
        pair = entry.pair_id;
        doc += "- " + (entry.seq ? "#" + std::to_string(*entry.seq) + " " : std::string()) +
               when.substr(11) + " **" + entry.sender + "**: " + body_of(entry) + tag_of(entry) +
               delivery_of(entry) + "\n";
    }
    return doc;
}

}  // namespace toward::app
