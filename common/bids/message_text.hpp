// Internal to the classifier. A message's text as the rules see it: lowercase
// ASCII words grouped into clauses, with its emoji and punctuation noted, and
// the small pattern language the rule tables are written in.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bids/emoji.hpp"

namespace toward::bids {

// A run of words between clause breaks (. , ; : ! ? newline, brackets, quotes,
// dashes, emoji).
struct clause {
    std::vector<std::string> words;
    // Ends with '?', or starts with a question word ("how", "did", "can", ...):
    // people often leave the question mark out.
    bool is_question = false;
};

// Normalisation, so that the tables need one spelling per idea:
// - ASCII letters are lowercased; apostrophes (' ’ ‘) are dropped, so "I'm",
//   "Im" and "i’m" are all "im";
// - each run of a repeated letter becomes one letter ("sooo" → "so",
//   "miss" → "mis"); patterns are squeezed the same way before comparison,
//   so elongations ("stoppp", "yesss") and doubled-letter typos ("mis u")
//   match, and "k" matches "kk";
// - URLs are dropped (has_url remembers them);
// - bytes outside ASCII (emoji, accented letters) break clauses: the rules
//   read English only;
// - a greeting or pet name opening a clause ("hey", "babe") becomes a clause
//   of its own, so "hey how was your day" starts with "how".
//
// Patterns (space-separated words, compared word by word):
//   "miss you"  the words, consecutively, anywhere inside one clause;
//   "^did you"  the words at the start of a clause;
//   "=k"        the whole message, all clauses together, is exactly these words;
//   "stress*"   a trailing '*' on a word matches any word it begins.
class message_text {
  public:
    explicit message_text(std::string_view raw);

    const std::vector<clause>& clauses() const { return clauses_; }
    const emoji_summary& emoji() const { return emoji_; }
    int exclamation_marks() const { return exclamation_marks_; }
    bool has_url() const { return has_url_; }
    std::size_t word_count() const;

    // No words at all, but emoji: a reaction or an emoji-only message.
    bool emoji_only() const { return word_count() == 0 && emoji_.any; }

    // Whether any clause is a question.
    bool has_question() const;

    // Whether pattern (syntax above) matches the text.
    bool matches(std::string_view pattern) const;

    // Whether pattern matches inside this one clause ('=' patterns never do).
    static bool clause_matches(const clause& c, std::string_view pattern);

    // The first pattern of the table that matches, or nullopt.
    std::optional<std::string_view> find(std::span<const std::string_view> patterns) const;

    // Whether any word of the text is one of words (each a single word,
    // compared squeezed, '*' allowed).
    bool has_word(std::span<const std::string_view> words) const;

    // Whether word (already normalised) is one of words, as in has_word.
    static bool word_in(const std::string& word, std::span<const std::string_view> words);

    // Whether any word of this one clause is one of words, as in has_word.
    static bool clause_has_word(const clause& c, std::span<const std::string_view> words);

  private:
    std::vector<clause> clauses_;
    emoji_summary emoji_;
    int exclamation_marks_ = 0;
    bool has_url_ = false;
};

}  // namespace toward::bids
