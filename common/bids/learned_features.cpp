#include "bids/learned_features.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "bids/message_text.hpp"

namespace toward::bids {
namespace {

// Words too common to say whether a reply takes up its bid.
constexpr std::array<std::string_view, 40> stop_words{
    "the",  "a",  "an",   "and", "or", "but", "to",   "of",   "in",  "on",
    "at",   "it", "is",   "im",  "i",  "you", "u",    "me",   "my",  "your",
    "we",   "so", "just", "was", "be", "are", "that", "this", "for", "with",
    "have", "do", "did",  "not", "no", "yes", "ok",   "lol",  "its", "what"};

std::string length_bucket(std::size_t words) {
    if (words == 0) return "0";
    if (words == 1) return "1";
    if (words <= 3) return "2-3";
    if (words <= 7) return "4-7";
    if (words <= 15) return "8-15";
    return "16+";
}

std::string minutes_bucket(std::int64_t minutes) {
    if (minutes < 2) return "<2";
    if (minutes < 15) return "<15";
    if (minutes < 120) return "<120";
    return "120+";
}

// The words, clauses, emoji and punctuation of the normalised text.
void text_features(const message_text& text, std::vector<std::string>& out) {
    std::vector<std::string> all_words;
    for (const auto& c : text.clauses()) {
        for (std::size_t i = 0; i < c.words.size(); ++i) {
            const auto& w = c.words[i];
            all_words.push_back(w);
            out.push_back("w=" + w);
            if (i + 1 < c.words.size()) out.push_back("b=" + w + "_" + c.words[i + 1]);
            const std::string padded = "^" + w + "$";
            for (std::size_t k = 0; k + 3 <= padded.size(); ++k)
                out.push_back("c=" + padded.substr(k, 3));
        }
        if (c.is_question && !c.words.empty()) out.push_back("q=" + c.words.front());
    }
    if (!all_words.empty()) {
        out.push_back("f=" + all_words.front());
        if (all_words.size() > 1) out.push_back("f2=" + all_words[0] + "_" + all_words[1]);
        out.push_back("l=" + all_words.back());
    }
    const auto& e = text.emoji();
    if (e.any) out.push_back("e=any");
    if (e.warm) out.push_back("e=warm");
    if (e.laughing) out.push_back("e=laughing");
    if (e.acknowledging) out.push_back("e=ack");
    if (e.sad) out.push_back("e=sad");
    if (e.scornful) out.push_back("e=scornful");
    if (text.emoji_only()) out.push_back("e=only");
    if (text.has_question()) out.push_back("p=question");
    if (text.exclamation_marks() > 0) out.push_back("p=!");
    if (text.exclamation_marks() > 1) out.push_back("p=!!");
    if (text.has_url()) out.push_back("p=url");
    out.push_back("n=" + length_bucket(text.word_count()));
}

// Each character outside ASCII (emoji, other scripts) as itself, without
// variation selectors, joiners and skin tones, which change no meaning here.
void unicode_features(std::string_view raw, std::vector<std::string>& out) {
    for (std::size_t i = 0; i < raw.size();) {
        const auto lead = static_cast<unsigned char>(raw[i]);
        const std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (lead >= 0x80 && i + length <= raw.size()) {
            const auto character = raw.substr(i, length);
            const bool ignorable = character == "\xEF\xB8\x8F" || character == "\xE2\x80\x8D" ||
                                   (length == 4 && character.substr(0, 3) == "\xF0\x9F\x8F" &&
                                    static_cast<unsigned char>(character[3]) >= 0xBB);
            if (!ignorable) out.push_back("u=" + std::string(character));
        }
        i += length;
    }
}

// Shouting or delight in capitals: two or more words of two or more
// letters, all capitals.
bool has_capitals(std::string_view raw) {
    int words = 0, letters = 0;
    bool lower = false;
    for (std::size_t i = 0; i <= raw.size(); ++i) {
        const char c = i < raw.size() ? raw[i] : ' ';
        if (c >= 'a' && c <= 'z') lower = true;
        if (c >= 'A' && c <= 'Z') {
            ++letters;
        } else if (c == ' ' || c == '!' || c == '.' || c == '?') {
            if (letters >= 2 && !lower) ++words;
            letters = 0;
            lower = false;
        }
    }
    return words >= 2;
}

// What the text says, shared by both feature sets.
std::vector<std::string> surface_features(std::string_view raw, const message_text& text) {
    std::vector<std::string> out;
    out.reserve(96);
    text_features(text, out);
    unicode_features(raw, out);
    if (has_capitals(raw)) out.push_back("p=caps");
    return out;
}

// Sorted, each feature once.
std::vector<std::string> as_list(std::vector<std::string> features) {
    std::sort(features.begin(), features.end());
    features.erase(std::unique(features.begin(), features.end()), features.end());
    return features;
}

}  // namespace

bool is_stop_word(const std::string& word) {
    return std::find(stop_words.begin(), stop_words.end(), word) != stop_words.end();
}

std::vector<std::string> message_features(std::string_view raw, const message_context& context,
                                          const classification& ruled) {
    return message_features(raw, message_text(raw), context, ruled);
}

std::vector<std::string> message_features(std::string_view raw, const message_text& text,
                                          const message_context& context,
                                          const classification& ruled) {
    auto out = surface_features(raw, text);
    out.push_back("r=" + ruled.rule);
    out.push_back(ruled.kind == message_kind::bid ? "rk=bid" : "rk=chat");
    if (ruled.category) out.push_back("rc=" + std::string(to_string(*ruled.category)));
    if (context.follows_own_bid) {
        out.push_back("ctx=follows_bid");
        if (context.previous_category)
            out.push_back("ctx=follows_" + std::string(to_string(*context.previous_category)));
        out.push_back("ctx=follows&n=" + length_bucket(text.word_count()));
    }
    if (context.partner_just_turned) {
        const std::string turned(to_string(*context.partner_just_turned));
        out.push_back("ctx=after_" + turned);
        out.push_back("ctx=after_" + turned + "&n=" + length_bucket(text.word_count()));
        out.push_back("ctx=after_" + turned + "&r=" + ruled.rule);
    }
    return as_list(std::move(out));
}

std::vector<std::string> answer_features(std::string_view raw, const answer_context& context,
                                         const classification& ruled, const classification& alone) {
    return answer_features(raw, message_text(raw), context, ruled, alone);
}

std::vector<std::string> answer_features(std::string_view raw, const message_text& text,
                                         const answer_context& context, const classification& ruled,
                                         const classification& alone) {
    auto out = surface_features(raw, text);
    out.push_back("r=" + ruled.rule);
    if (ruled.response_turn) out.push_back("rt=" + std::string(to_string(*ruled.response_turn)));
    out.push_back("mr=" + alone.rule);
    const auto length = length_bucket(text.word_count());
    if (context.category) {
        const std::string category(to_string(*context.category));
        out.push_back("bc=" + category);
        out.push_back("bc&n=" + category + "|" + length);
        out.push_back("bc&r=" + category + "|" + ruled.rule);
        if (text.has_question()) out.push_back("bc&q=" + category);
    }
    if (!context.bid_text.empty()) {
        const message_text bid(context.bid_text);
        std::set<std::string> bid_words;
        for (const auto& c : bid.clauses())
            for (const auto& w : c.words)
                if (!is_stop_word(w) && w.size() > 2) bid_words.insert(w);
        int shared = 0;
        for (const auto& c : text.clauses())
            for (const auto& w : c.words)
                if (bid_words.count(w) > 0) ++shared;
        out.push_back("ov=" + std::string(shared == 0 ? "0" : shared == 1 ? "1" : "2+"));
        if (bid.has_question()) out.push_back("bq=" + length);
        if (bid.emoji().laughing || bid.emoji().any) out.push_back("be=any");
    }
    if (context.minutes_since_bid)
        out.push_back("gap=" + minutes_bucket(*context.minutes_since_bid));
    return as_list(std::move(out));
}

}  // namespace toward::bids
