#include "conversation_corpus.hpp"

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace toward::bids::corpus {
namespace {

constexpr const char* header = "conversation\tline\tspeaker\tgap_min\ttext\tkind\tlabel\tanswers";
constexpr int follow_up_minutes = 10;

std::vector<std::string> split_tabs(const std::string& row) {
    std::vector<std::string> columns;
    std::stringstream in(row);
    for (std::string column; std::getline(in, column, '\t');) columns.push_back(column);
    if (!row.empty() && row.back() == '\t') columns.emplace_back();
    return columns;
}

int whole_number(const std::string& text, const std::string& where) {
    try {
        std::size_t used = 0;
        const int value = std::stoi(text, &used);
        if (used == text.size() && value >= 0) return value;
    } catch (const std::exception&) {
    }
    throw std::runtime_error(where + ": '" + text + "' is not a whole number");
}

labelled_line parse_row(const std::vector<std::string>& c, const std::string& where) {
    if (c.size() != 8) throw std::runtime_error(where + ": want 8 columns");
    labelled_line l;
    l.conversation = c[0];
    l.line = whole_number(c[1], where);
    if (c[2] != "a" && c[2] != "b") throw std::runtime_error(where + ": speaker is a or b");
    l.speaker = c[2][0];
    l.gap_min = whole_number(c[3], where);
    l.text = c[4];
    const auto kind = parse_message_kind(c[5]);
    if (!kind) throw std::runtime_error(where + ": unknown kind '" + c[5] + "'");
    l.kind = *kind;
    if (l.kind == message_kind::bid) {
        l.category = parse_bid_category(c[6]);
        if (!l.category) throw std::runtime_error(where + ": unknown category '" + c[6] + "'");
    } else if (l.kind == message_kind::response) {
        l.expected_turn = parse_turn(c[6]);
        if (!l.expected_turn) throw std::runtime_error(where + ": unknown turn '" + c[6] + "'");
        l.answers = whole_number(c[7], where);
    } else if (c[6] != "-") {
        throw std::runtime_error(where + ": chat has label '-'");
    }
    return l;
}

}  // namespace

std::vector<labelled_line> read_conversations(const std::vector<std::string>& paths) {
    std::vector<labelled_line> lines;
    for (const auto& path : paths) {
        std::ifstream in(path);
        if (!in) throw std::runtime_error(path + ": cannot read it");
        bool seen_header = false;
        int row = 0;
        for (std::string text; std::getline(in, text);) {
            ++row;
            if (text.empty() || text[0] == '#') continue;
            const auto where = path + ":" + std::to_string(row);
            if (!seen_header) {
                if (text != header) throw std::runtime_error(where + ": header must be " + header);
                seen_header = true;
                continue;
            }
            lines.push_back(parse_row(split_tabs(text), where));
        }
    }
    return lines;
}

examples examples_of(const std::vector<labelled_line>& lines) {
    examples out;
    for (std::size_t start = 0; start < lines.size();) {
        std::size_t end = start;
        while (end < lines.size() && lines[end].conversation == lines[start].conversation) ++end;
        // Lines of this conversation by their number, and each bid's age.
        std::map<int, const labelled_line*> by_number;
        std::map<char, std::vector<const labelled_line*>> open;  // by the bidder
        std::map<int, int> minutes_at;                           // line → minutes since start
        int clock = 0;
        for (std::size_t i = start; i < end; ++i) {
            const auto& l = lines[i];
            clock += l.gap_min;
            minutes_at[l.line] = clock;
            by_number[l.line] = &l;
            const char other = l.speaker == 'a' ? 'b' : 'a';
            if (l.kind == message_kind::response) {
                const auto bid = by_number.find(l.answers);
                if (bid == by_number.end()) continue;
                auto& candidates = open[other];
                if (candidates.size() >= 2) {
                    link_example link{&l, candidates, 0};
                    for (std::size_t k = 0; k < candidates.size(); ++k)
                        if (candidates[k] == bid->second) link.answered = k;
                    out.links.push_back(std::move(link));
                }
                answer_example answer{&l, bid->second, {}};
                answer.context.bid_text = bid->second->text;
                answer.context.category = bid->second->category;
                answer.context.minutes_since_bid = clock - minutes_at[l.answers];
                out.answers.push_back(answer);
                std::erase_if(candidates,
                              [&](const labelled_line* b) { return b->line <= l.answers; });
                continue;
            }
            message_example message{&l, {}};
            if (i > start) {
                const auto& previous = lines[i - 1];
                if (previous.speaker == l.speaker && previous.kind == message_kind::bid &&
                    l.gap_min <= follow_up_minutes) {
                    message.context.follows_own_bid = true;
                    message.context.previous_category = previous.category;
                }
                if (previous.speaker != l.speaker && previous.kind == message_kind::response)
                    message.context.partner_just_turned = previous.expected_turn;
            }
            out.messages.push_back(message);
            if (l.kind == message_kind::bid) open[l.speaker].push_back(&l);
        }
        start = end;
    }
    return out;
}

bool is_dev_conversation(std::size_t conversation_index) {
    return conversation_index % 5 == 4;
}

}  // namespace toward::bids::corpus
