#include "corpus.hpp"

#include <fstream>
#include <map>
#include <stdexcept>
#include <string_view>

namespace toward::bids::testing {
namespace {

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
        const auto tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab == std::string::npos ? tab : tab - start));
        if (tab == std::string::npos) return fields;
        start = tab + 1;
    }
}

[[noreturn]] void malformed(const std::string& path, int line_number, const std::string& why) {
    throw std::runtime_error(path + ":" + std::to_string(line_number) + ": " + why);
}

}  // namespace

std::vector<corpus_line> read_corpus(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::vector<corpus_line> lines;
    bool header_seen = false;
    std::string raw;
    int number = 0;
    while (std::getline(in, raw)) {
        ++number;
        if (!raw.empty() && raw.back() == '\r') raw.pop_back();
        if (raw.empty() || raw.front() == '#') continue;
        const auto fields = split_tabs(raw);
        if (!header_seen) {
            if (raw != "conversation\tspeaker\ttext\tkind\tlabel")
                malformed(path, number, "expected the header line");
            header_seen = true;
            continue;
        }
        if (fields.size() != 5) malformed(path, number, "expected 5 tab-separated columns");
        corpus_line line;
        line.line_number = number;
        line.conversation = fields[0];
        if (fields[1] != "a" && fields[1] != "b") malformed(path, number, "speaker is a or b");
        line.speaker = fields[1][0];
        line.text = fields[2];
        const auto kind = parse_message_kind(fields[3]);
        if (!kind) malformed(path, number, "unknown kind '" + fields[3] + "'");
        line.kind = *kind;
        const std::string& label = fields[4];
        if (line.kind == message_kind::bid) {
            line.category = parse_bid_category(label);
            if (!line.category) malformed(path, number, "unknown category '" + label + "'");
        } else if (line.kind == message_kind::response) {
            line.expected_turn = parse_turn(label);
            if (!line.expected_turn) malformed(path, number, "unknown turn '" + label + "'");
        } else if (label != "-") {
            malformed(path, number, "a chat line's label is '-'");
        }
        if (line.text.empty()) malformed(path, number, "empty text");
        lines.push_back(std::move(line));
    }
    if (!header_seen) throw std::runtime_error(path + ": no header line");
    return lines;
}

std::vector<std::string> convention_breaks(const std::vector<corpus_line>& lines) {
    std::vector<std::string> breaks;
    std::map<std::string, std::map<char, bool>> open_bid;  // conversation → speaker → open?
    for (const auto& line : lines) {
        auto& open = open_bid[line.conversation];
        const char other = line.speaker == 'a' ? 'b' : 'a';
        const bool answers = open[other];
        const auto where = "line " + std::to_string(line.line_number) + " (" + line.text + ")";
        if (answers && line.kind != message_kind::response)
            breaks.push_back(where + ": the partner's bid is open, so this is a response");
        if (!answers && line.kind == message_kind::response)
            breaks.push_back(where + ": a response with no open bid of the partner");
        if (line.kind == message_kind::response) open[other] = false;
        if (line.kind == message_kind::bid) open[line.speaker] = true;
    }
    return breaks;
}

}  // namespace toward::bids::testing
