#include "history_export.hpp"

#include <cctype>
#include <string_view>

#include "message_format.hpp"
#include "terminal_text.hpp"

namespace toward::app {
namespace {

// Markdown acts on these anywhere in a line: emphasis, code, links, HTML and
// entities, tables, strikethrough, math.
constexpr std::string_view markdown_inline = "\\`*_[]<>&|~$";
// And on these at the start of a line: headings, quotes, lists, rules.
constexpr std::string_view markdown_line_start = "#>-+=:";

// Outside text (a message, a name) as Markdown that shows the very text:
// harmless on a terminal first (the document may go to one), then every
// character Markdown would act on escaped; later lines are indented so they
// stay in their list item and cannot begin one of their own.
std::string markdown_text(std::string_view text) {
    const auto safe = safe_for_terminal(text, "  ");
    enum class place { inside, line_start, leading_digits } at = place::inside;
    std::string out;
    for (const char c : safe) {
        const bool digit = std::isdigit(static_cast<unsigned char>(c)) != 0;
        bool escape = markdown_inline.find(c) != std::string_view::npos;
        if (c == '\n') {
            at = place::line_start;
        } else if (at == place::line_start && c != ' ' && c != '\t') {
            escape = escape || markdown_line_start.find(c) != std::string_view::npos;
            at = digit ? place::leading_digits : place::inside;
        } else if (at == place::leading_digits && !digit) {
            escape = escape || c == '.' || c == ')';  // "1. " and "1) " start an ordered list
            at = place::inside;
        }
        if (escape) out += '\\';
        out += c;
    }
    return out;
}

nlohmann::json name_or_null(const std::string& name) {
    return name.empty() ? nlohmann::json(nullptr) : nlohmann::json(name);
}

std::string body_of(const history_entry& entry) {
    switch (entry.status) {
        case message_status::undecryptable:
            return "_(could not decrypt: " + markdown_text(entry.text) + ")_";
        case message_status::expired:
            return std::string("_(") + expired_message_text + ")_";
        default:
            return markdown_text(entry.text);
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
    if (!header.user.empty()) doc += " of " + markdown_text(header.user);
    if (!header.partner.empty()) doc += " with " + markdown_text(header.partner);
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
               when.substr(11) + " **" + markdown_text(entry.sender) + "**: " + body_of(entry) +
               tag_of(entry) + delivery_of(entry) + "\n";
    }
    return doc;
}

}  // namespace toward::app
