// The classifier as the client calls it: the rules propose, the learned
// models decide, and the explanation says which and why.
#include <algorithm>
#include <optional>
#include <set>

#include "bids/bid_classifier.hpp"
#include "bids/learned_features.hpp"
#include "bids/linear_model.hpp"
#include "bids/message_text.hpp"

namespace toward::bids {
namespace {

constexpr std::size_t reasons_kept = 5;

// "w=saw" → word "saw"; the prefixes are those of learned_features.cpp.
std::string readable(const std::string& feature) {
    const auto equals = feature.find('=');
    if (equals == std::string::npos) return feature;
    const auto kind = feature.substr(0, equals);
    auto value = feature.substr(equals + 1);
    std::replace(value.begin(), value.end(), '_', ' ');
    if (kind == "w") return "word \"" + value + "\"";
    if (kind == "b") return "words \"" + value + "\"";
    if (kind == "f" || kind == "f2") return "starts with \"" + value + "\"";
    if (kind == "l") return "ends with \"" + value + "\"";
    if (kind == "q") return "a question starting \"" + value + "\"";
    if (kind == "c") return "spelling \"" + value + "\"";
    if (kind == "e") return "emoji (" + value + ")";
    if (kind == "p") return "punctuation (" + value + ")";
    if (kind == "n") return value == "1" ? "one word" : value + " words";
    if (kind == "r" || kind == "mr") return "rule " + feature.substr(equals + 1);
    if (kind == "rk" || kind == "rc" || kind == "rt") return "the rules say " + value;
    if (kind == "bc") return "answers a bid for " + value;
    if (kind == "ov") return value + " words taken up from the bid";
    if (kind == "gap") return value + " minutes after the bid";
    if (kind == "ctx") return "follows the sender's own bid";
    return kind + " " + value;
}

std::vector<decision_reason> reasons_for(const linear_model& model,
                                         const std::vector<std::string>& features, int chosen) {
    std::vector<decision_reason> reasons;
    for (const auto& p : strongest_pushes(model, features, chosen, reasons_kept))
        reasons.push_back({readable(p.feature), p.push});
    return reasons;
}

std::string quoted_reasons(const std::vector<decision_reason>& reasons) {
    std::string line;
    for (std::size_t i = 0; i < reasons.size() && i < 3; ++i) {
        if (i > 0) line += ", ";
        line += reasons[i].feature;
    }
    return line;
}

int argmax(const std::vector<double>& p) {
    return static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
}

}  // namespace

classification classify_message(std::string_view text, const message_context& context) {
    const message_text read(text);
    auto ruled = rule_classify_message(read);
    if (ruled.rule == "empty") return ruled;
    const auto features = message_features(text, read, context, ruled);
    const auto kind_p = class_probabilities(bid_detector, features);
    const bool is_bid = kind_p[1] >= 0.5;
    classification result = ruled;
    result.confidence = is_bid ? kind_p[1] : kind_p[0];
    result.uncertain = result.confidence < uncertain_below;
    if (!is_bid) {
        result.kind = message_kind::chat;
        result.category.reset();
        result.reasons = reasons_for(bid_detector, features, 0);
        if (ruled.kind != message_kind::chat) {
            result.rule = "learned.chat";
            result.explanation =
                "reads as logistics or information (" + quoted_reasons(result.reasons) + ")";
        }
        return result;
    }
    const auto category_p = class_probabilities(category_model, features);
    const auto category = all_bid_categories[static_cast<std::size_t>(argmax(category_p))];
    result.kind = message_kind::bid;
    result.category = category;
    result.reasons = reasons_for(bid_detector, features, 1);
    if (ruled.kind != message_kind::bid || ruled.category != category) {
        result.rule = "learned.bid";
        result.explanation = "reaches for " + std::string(to_string(category)) + " (" +
                             quoted_reasons(result.reasons) + ")";
    }
    return result;
}

classification classify_answer(std::string_view text, const answer_context& context) {
    const message_text read(text);
    auto ruled = rule_classify_answer(read);
    if (ruled.rule == "empty") return ruled;
    const auto features = answer_features(text, read, context, ruled, rule_classify_message(read));
    const auto p = class_probabilities(turn_model, features);
    const int chosen = argmax(p);
    const auto t = all_turns[static_cast<std::size_t>(chosen)];
    classification result = ruled;
    result.response_turn = t;
    result.confidence = p[static_cast<std::size_t>(chosen)];
    result.uncertain = result.confidence < uncertain_below;
    result.reasons = reasons_for(turn_model, features, chosen);
    if (ruled.response_turn != t) {
        result.rule = "learned." + std::string(to_string(t));
        result.explanation =
            "turns " + std::string(to_string(t)) + " (" + quoted_reasons(result.reasons) + ")";
    }
    return result;
}

std::size_t pick_answered_bid(std::string_view reply, std::span<const open_bid> bids) {
    if (bids.size() < 2) return 0;
    const message_text said(reply);
    std::set<std::string> reply_words;
    for (const auto& c : said.clauses())
        for (const auto& w : c.words)
            if (w.size() >= 3 && !is_stop_word(w)) reply_words.insert(w);
    // An older bid wins when it shares more of the reply's words than the
    // newer ones...
    std::size_t best = bids.size() - 1;
    int best_shared = 0;
    std::optional<std::size_t> newest_question;
    for (std::size_t i = bids.size(); i-- > 0;) {
        const message_text bid(bids[i].text);
        if (!newest_question && bid.has_question()) newest_question = i;
        int shared = 0;
        for (const auto& c : bid.clauses())
            for (const auto& w : c.words)
                if (reply_words.count(w) > 0) ++shared;
        if (shared > best_shared) {
            best = i;
            best_shared = shared;
        }
    }
    if (best_shared > 0) return best;
    // ...else a reply that sounds like an answer ("it was long but good,
    // thanks for asking") answers the newest question; anything else, the
    // newest bid.
    constexpr std::string_view answer_openers[] = {"^it was",
                                                   "^it is",
                                                   "^its",
                                                   "^was",
                                                   "^yes",
                                                   "^yeah",
                                                   "^yep",
                                                   "^no",
                                                   "^nope",
                                                   "^not bad",
                                                   "^fine",
                                                   "^good",
                                                   "^great",
                                                   "^okay",
                                                   "thanks for asking",
                                                   "thank you for asking"};
    if (newest_question && said.find(answer_openers)) return *newest_question;
    return bids.size() - 1;
}

}  // namespace toward::bids
