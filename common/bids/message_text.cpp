#include "bids/message_text.hpp"

#include <array>
#include <cstddef>

namespace toward::bids {
namespace {

constexpr std::array<std::string_view, 24> question_openers{
    "how",   "hows", "howd", "what", "whats", "where", "wheres", "when",
    "whens", "why",  "who",  "whos", "which", "did",   "do",     "does",
    "is",    "are",  "have", "can",  "could", "will",  "would",  "should"};

// Greetings and pet names that open a message ("hey", "babe") are split into
// a clause of their own, so "hey how was your day" starts a question.
constexpr std::array<std::string_view, 13> vocatives{
    "hey", "hi", "hello", "hiya", "heya", "yo", "babe", "baby", "bb", "honey", "hun", "um", "well"};

bool is_ascii_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_word_char(char c) {
    return is_ascii_letter(c) || (c >= '0' && c <= '9');
}
char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Lowercases and collapses each run of one repeated letter into one letter.
std::string squeeze(std::string_view word) {
    std::string out;
    out.reserve(word.size());
    for (const char raw : word) {
        const char c = lower(raw);
        if (!out.empty() && out.back() == c && is_ascii_letter(c)) continue;
        out.push_back(c);
    }
    return out;
}

bool word_matches(const std::string& word, std::string_view pattern_word) {
    if (!pattern_word.empty() && pattern_word.back() == '*') {
        const auto stem = squeeze(pattern_word.substr(0, pattern_word.size() - 1));
        return word.compare(0, stem.size(), stem) == 0;
    }
    return word == squeeze(pattern_word);
}

std::vector<std::string_view> split_words(std::string_view pattern) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < pattern.size()) {
        while (i < pattern.size() && pattern[i] == ' ') ++i;
        std::size_t j = i;
        while (j < pattern.size() && pattern[j] != ' ') ++j;
        if (j > i) words.push_back(pattern.substr(i, j - i));
        i = j;
    }
    return words;
}

// Whether the pattern words occur consecutively in words starting at start.
bool matches_at(const std::vector<std::string>& words, std::size_t start,
                const std::vector<std::string_view>& pattern) {
    if (start + pattern.size() > words.size()) return false;
    for (std::size_t k = 0; k < pattern.size(); ++k)
        if (!word_matches(words[start + k], pattern[k])) return false;
    return true;
}

// The length in bytes of the apostrophe at raw[i] (' or ’ U+2019 or ‘ U+2018),
// or 0 when there is none.
std::size_t apostrophe_length(std::string_view raw, std::size_t i) {
    if (raw[i] == '\'') return 1;
    const auto rest = raw.substr(i);
    if (rest.starts_with("\xE2\x80\x99") || rest.starts_with("\xE2\x80\x98")) return 3;
    return 0;
}

bool starts_url(std::string_view raw, std::size_t i) {
    const auto rest = raw.substr(i);
    return rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.");
}

}  // namespace

message_text::message_text(std::string_view raw) : emoji_(scan_emoji(raw)) {
    clause current;
    std::string word;
    const auto end_word = [&] {
        if (!word.empty()) current.words.push_back(squeeze(word));
        word.clear();
    };
    const auto end_clause = [&](bool question_mark) {
        end_word();
        if (current.words.empty()) {
            // "what??" or "you ok ?" : the mark belongs to the clause before.
            if (question_mark && !clauses_.empty()) clauses_.back().is_question = true;
            return;
        }
        if (current.words.size() >= 2) {
            for (const auto v : vocatives) {
                if (current.words.front() != squeeze(v)) continue;
                clauses_.push_back(clause{{current.words.front()}, false});
                current.words.erase(current.words.begin());
                break;
            }
        }
        current.is_question = question_mark;
        for (const auto opener : question_openers)
            if (current.words.front() == squeeze(opener)) current.is_question = true;
        clauses_.push_back(std::move(current));
        current = clause{};
    };

    std::size_t i = 0;
    while (i < raw.size()) {
        const char c = raw[i];
        const std::size_t apostrophe = apostrophe_length(raw, i);
        if (is_word_char(c)) {
            if (word.empty() && starts_url(raw, i)) {
                has_url_ = true;
                while (i < raw.size() && raw[i] != ' ' && raw[i] != '\n') ++i;
                end_clause(false);
                continue;
            }
            word.push_back(c);
            ++i;
        } else if (apostrophe > 0) {
            i += apostrophe;  // "don't" reads as "dont"
        } else if (c == ' ' || c == '\t' || c == '-' || c == '/' || c == '&' || c == '*' ||
                   c == '#' || c == '@' || c == '%' || c == '+' || c == '~' || c == '_') {
            end_word();
            ++i;
        } else {
            if (c == '!') ++exclamation_marks_;
            end_clause(c == '?');
            // Skip a whole UTF-8 sequence so one emoji is one break.
            ++i;
            while (i < raw.size() && (static_cast<unsigned char>(raw[i]) & 0xC0) == 0x80) ++i;
        }
    }
    end_clause(false);
}

std::size_t message_text::word_count() const {
    std::size_t n = 0;
    for (const auto& c : clauses_) n += c.words.size();
    return n;
}

bool message_text::has_question() const {
    for (const auto& c : clauses_)
        if (c.is_question) return true;
    return false;
}

bool message_text::clause_matches(const clause& c, std::string_view pattern) {
    if (pattern.empty() || pattern.front() == '=') return false;
    const bool anchored = pattern.front() == '^';
    const auto words = split_words(anchored ? pattern.substr(1) : pattern);
    if (words.empty()) return false;
    if (anchored) return matches_at(c.words, 0, words);
    for (std::size_t start = 0; start < c.words.size(); ++start)
        if (matches_at(c.words, start, words)) return true;
    return false;
}

bool message_text::matches(std::string_view pattern) const {
    if (!pattern.empty() && pattern.front() == '=') {
        std::vector<std::string> all;
        for (const auto& c : clauses_) all.insert(all.end(), c.words.begin(), c.words.end());
        const auto words = split_words(pattern.substr(1));
        return all.size() == words.size() && matches_at(all, 0, words);
    }
    for (const auto& c : clauses_)
        if (clause_matches(c, pattern)) return true;
    return false;
}

std::optional<std::string_view> message_text::find(
    std::span<const std::string_view> patterns) const {
    for (const auto p : patterns)
        if (matches(p)) return p;
    return std::nullopt;
}

bool message_text::word_in(const std::string& word, std::span<const std::string_view> words) {
    for (const auto candidate : words)
        if (word_matches(word, candidate)) return true;
    return false;
}

bool message_text::clause_has_word(const clause& c, std::span<const std::string_view> words) {
    for (const auto& w : c.words)
        if (word_in(w, words)) return true;
    return false;
}

bool message_text::has_word(std::span<const std::string_view> words) const {
    for (const auto& c : clauses_)
        if (clause_has_word(c, words)) return true;
    return false;
}

}  // namespace toward::bids
