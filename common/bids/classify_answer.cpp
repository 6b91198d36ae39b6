// classify_answer: the rules for a message that answers the partner's open bid,
// in the order they are tried. docs/BIDS.md explains each with examples.
#include <span>

#include "bids/answer_patterns.hpp"
#include "bids/bid_classifier.hpp"
#include "bids/learned_features.hpp"
#include "bids/message_text.hpp"
#include "bids/rule.hpp"
#include "bids/word_lists.hpp"

namespace toward::bids {
namespace {

using namespace answer_patterns;

evidence refuses(const message_text& t) {
    if (t.clauses().empty() || t.has_question() || t.matches("=no") || t.find(not_refusals))
        return none();
    const auto& first = t.clauses().front();
    for (const auto p : refusal_openers)
        if (message_text::clause_matches(first, p)) return p;
    // The refusal that ends a short last clause: "lol no", "we're 34. no."
    const auto& last = t.clauses().back();
    if (last.words.size() > 2) return none();
    for (const auto p : refusal_endings)
        if (message_text::word_in(last.words.back(), std::span(&p, 1))) return p;
    return none();
}

evidence changes_subject(const message_text& t) {
    if (const auto p = t.find(topic_markers)) return p;
    for (const auto& c : t.clauses()) {
        if (!c.is_question) continue;
        for (const auto p : new_topics)
            if (message_text::clause_matches(c, p) &&
                !message_text::clause_has_word(c, back_references))
                return p;
    }
    return none();
}

classification turned(turn t) {
    classification result;
    result.kind = message_kind::response;
    result.response_turn = t;
    return result;
}

using answer_rule = rule<classification>;

const answer_rule answer_rules[] = {
    {"empty", turned(turn::away), "an empty answer does not engage",
     [](const message_text& t) { return when(t.word_count() == 0 && !t.emoji().any); }},
    {"emoji.laughter", turned(turn::toward), "laughing along",
     [](const message_text& t) { return when(t.emoji_only() && t.emoji().laughing); }},
    {"emoji.contempt", turned(turn::against), "an eye roll or a scornful face is contempt",
     [](const message_text& t) { return when(t.emoji_only() && t.emoji().scornful); }},
    {"emoji.warm", turned(turn::toward), "a heart or a hug is a warm reaction",
     [](const message_text& t) { return when(t.emoji_only() && t.emoji().warm); }},
    {"emoji.acknowledgement", turned(turn::toward), "acknowledgement: a thumbs-up answers the bid",
     [](const message_text& t) { return when(t.emoji_only() && t.emoji().acknowledging); }},
    {"emoji.reaction", turned(turn::toward), "an emoji reaction notices the bid",
     [](const message_text& t) { return when(t.emoji_only()); }},
    {"against.hostility", turned(turn::against),
     "pushes the bid or the partner away with hostility",
     [](const message_text& t) { return t.find(hostility); }},
    {"toward.laughter", turned(turn::toward), "laughs along, so teasing reads as play",
     [](const message_text& t) -> evidence {
         if (t.emoji().laughing) return found();
         return t.find(laughs);
     }},
    {"against.contempt", turned(turn::against),
     "contempt: an eye roll, mockery, or a name called at the partner",
     [](const message_text& t) -> evidence {
         if (t.emoji().scornful) return found();
         if (const auto p = t.find(contempt)) return p;
         if (addresses_partner(t)) return t.find(insults);
         return none();
     }},
    {"against.sarcasm", turned(turn::against), "sarcasm answers the bid with a sneer",
     [](const message_text& t) { return t.find(sarcasm); }},
    {"against.criticism", turned(turn::against), "criticises the partner instead of answering",
     [](const message_text& t) { return t.find(criticism); }},
    {"against.defensiveness", turned(turn::against),
     "turns the bid back on the partner (defensiveness)",
     [](const message_text& t) { return t.find(defensiveness); }},
    {"toward.warmth", turned(turn::toward), "warm words or a heart, even in a short answer",
     [](const message_text& t) -> evidence {
         if (t.emoji().warm) return found();
         return t.find(warm_words);
     }},
    {"away.dismissal", turned(turn::away), "dismisses the bid or puts it off without engaging",
     [](const message_text& t) { return t.find(dismissals); }},
    {"away.change_subject", turned(turn::away), "changes the subject instead of answering the bid",
     changes_subject},
    {"away.refusal", turned(turn::away), "refuses without offering another time or way", refuses},
    {"acknowledgement", turned(turn::toward), "a brief acknowledgement still answers the bid",
     [](const message_text& t) { return t.find(acknowledgements); }},
};

}  // namespace

classification rule_classify_answer(std::string_view text) {
    return rule_classify_answer(message_text(text));
}

classification rule_classify_answer(const message_text& normalized) {
    for (const auto& r : answer_rules) {
        if (const auto matched = r.test(normalized)) {
            classification result = r.outcome;
            result.rule = r.id;
            result.explanation = explain(r.reason, *matched);
            return result;
        }
    }
    classification result = turned(turn::toward);
    result.rule = "toward.engaged";
    result.explanation = "answers the bid and engages with it";
    return result;
}

}  // namespace toward::bids
