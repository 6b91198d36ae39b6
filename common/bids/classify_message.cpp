// classify_message: the rules for a message that stands on its own, in the
// order they are tried. docs/BIDS.md explains each with examples.
#include <span>

#include "bids/bid_classifier.hpp"
#include "bids/learned_features.hpp"
#include "bids/message_patterns.hpp"
#include "bids/message_text.hpp"
#include "bids/rule.hpp"
#include "bids/word_lists.hpp"

namespace toward::bids {
namespace {

using namespace message_patterns;
using table = std::span<const std::string_view>;

// The first pattern of t that matches inside a question clause.
evidence in_question(const message_text& text, table t) {
    for (const auto& c : text.clauses()) {
        if (!c.is_question) continue;
        for (const auto p : t)
            if (message_text::clause_matches(c, p)) return p;
    }
    return none();
}

bool only_greetings(const message_text& text) {
    if (text.word_count() == 0 || text.word_count() > 6) return false;
    for (const auto& c : text.clauses())
        for (const auto& w : c.words)
            if (!message_text::word_in(w, greeting_words)) return false;
    return true;
}

using message_rule = rule<classification>;

classification bid_of(bid_category c) {
    classification result;
    result.kind = message_kind::bid;
    result.category = c;
    return result;
}
classification chat() {
    return {};
}

const message_rule message_rules[] = {
    {"empty", chat(), "there is nothing to read",
     [](const message_text& t) { return when(t.word_count() == 0 && !t.emoji().any); }},
    {"emoji.acknowledgement", chat(),
     "a thumbs-up or similar on its own acknowledges; it does not reach out",
     [](const message_text& t) {
         const auto& e = t.emoji();
         return when(t.emoji_only() && e.acknowledging && !e.warm && !e.laughing && !e.sad);
     }},
    {"emoji.affection", bid_of(bid_category::affection), "a heart or a hug, sent on its own",
     [](const message_text& t) { return when(t.emoji_only() && t.emoji().warm); }},
    {"emoji.humor", bid_of(bid_category::humor), "laughing emoji, sent on their own",
     [](const message_text& t) { return when(t.emoji_only() && t.emoji().laughing); }},
    {"emoji.support", bid_of(bid_category::support), "a sad or unwell face, sent on its own",
     [](const message_text& t) { return when(t.emoji_only() && t.emoji().sad); }},
    {"emoji.attention", bid_of(bid_category::attention),
     "an emoji on its own (a wave, a pleading face) calls for the partner's attention",
     [](const message_text& t) { return when(t.emoji_only()); }},
    {"affection.expression", bid_of(bid_category::affection),
     "says love, missing, pride, thanks or a tender greeting",
     [](const message_text& t) { return t.find(affection_expressions); }},
    {"affection.repair", bid_of(bid_category::affection),
     "an apology reaches to repair the connection",
     [](const message_text& t) { return t.find(repairs); }},
    {"affection.gesture", bid_of(bid_category::affection),
     "tells of something done or made for the partner",
     [](const message_text& t) { return t.find(gestures); }},
    {"affection.praise", bid_of(bid_category::affection), "praises or encourages the partner",
     [](const message_text& t) -> evidence {
         if (t.has_question() || !addresses_partner(t)) return none();
         return t.find(praise);
     }},
    {"criticism.complaint", chat(),
     "a complaint about the partner's habits is not a bid (it may deserve a talk)",
     [](const message_text& t) -> evidence {
         if (t.find(errands)) return none();
         if (const auto p = t.find(complaints)) return p;
         if (const auto p = t.find(lapses); p && t.matches("again")) return p;
         return none();
     }},
    {"support.offer", bid_of(bid_category::support),
     "offers presence or help with what the partner is going through",
     [](const message_text& t) { return t.find(support_offers); }},
    {"talk.invitation", bid_of(bid_category::conversation), "asks for a conversation",
     [](const message_text& t) { return t.find(talk_invitations); }},
    {"attention.teaser", bid_of(bid_category::attention),
     "offers something to see or hear, to catch the partner's attention",
     [](const message_text& t) { return t.find(teasers); }},
    {"play.tease", bid_of(bid_category::play), "a playful challenge or tease",
     [](const message_text& t) { return t.find(teases); }},
    {"play.game", bid_of(bid_category::play), "an invitation to play a game",
     [](const message_text& t) -> evidence {
         const auto game = t.find(games);
         return game && t.find(invitations) ? game : none();
     }},
    {"invitation.plan", bid_of(bid_category::plan), "invites the partner to do something together",
     [](const message_text& t) { return t.find(invitations); }},
    {"request.help", bid_of(bid_category::help), "asks the partner for practical help",
     [](const message_text& t) -> evidence {
         if (t.find(not_requests)) return none();
         return t.find(requests);
     }},
    {"feeling.disclosure", bid_of(bid_category::support),
     "shares how the writer feels, looking for support",
     [](const message_text& t) -> evidence {
         // "how are you feeling?" is about the partner: the question rules take it.
         const bool about_partner_only = addresses_partner(t) && !t.has_word(first_person_words);
         return about_partner_only ? none() : t.find(feelings);
     }},
    {"humor.laughter", bid_of(bid_category::humor),
     "opens with a laugh, tells a joke or laughs at something",
     [](const message_text& t) -> evidence {
         if (t.emoji().laughing) return found();
         return t.find(jokes);
     }},
    {"affection.emoji", bid_of(bid_category::affection), "carries a heart or a hug",
     [](const message_text& t) { return when(t.emoji().warm); }},
    {"attention.call", bid_of(bid_category::attention),
     "calls the partner to look, to guess, or just to be there",
     [](const message_text& t) { return t.find(attention_calls); }},
    {"attention.greeting", bid_of(bid_category::attention), "a greeting or a pet name on its own",
     [](const message_text& t) { return when(only_greetings(t)); }},
    {"share.question", bid_of(bid_category::conversation),
     "asks for the partner's view, or whether they saw or heard something",
     [](const message_text& t) { return t.find(shared_questions); }},
    {"logistics.question", chat(),
     "a practical question (did you, where, when, what time) is not a bid",
     [](const message_text& t) { return in_question(t, logistics_openers); }},
    {"question.open", bid_of(bid_category::interest),
     "asks how the partner is or how something went for them",
     [](const message_text& t) -> evidence {
         if (const auto p = t.find(check_ins)) return p;
         return in_question(t, open_questions);
     }},
    {"logistics.household", chat(),
     "a question about the household (dinner, bills, the car) is not a bid",
     [](const message_text& t) { return in_question(t, household_words); }},
    {"question.about_partner", bid_of(bid_category::interest),
     "a question about the partner shows interest in them",
     [](const message_text& t) -> evidence {
         for (const auto& c : t.clauses())
             if (c.is_question && message_text::clause_has_word(c, second_person_words))
                 return found();
         return none();
     }},
    {"share.news", bid_of(bid_category::conversation),
     "shares news, a plan, a memory or an idea to talk about",
     [](const message_text& t) { return t.find(news); }},
    {"share.exclaim", bid_of(bid_category::conversation),
     "an excited statement (several exclamation marks) shares something",
     [](const message_text& t) {
         return when(t.exclamation_marks() >= 2 && t.word_count() >= 2 && !t.has_question());
     }},
};

}  // namespace

classification rule_classify_message(std::string_view text) {
    return rule_classify_message(message_text(text));
}

classification rule_classify_message(const message_text& normalized) {
    for (const auto& r : message_rules) {
        if (const auto matched = r.test(normalized)) {
            classification result = r.outcome;
            result.rule = r.id;
            result.explanation = explain(r.reason, *matched);
            return result;
        }
    }
    classification result = chat();
    result.rule = "chat.default";
    result.explanation = "no sign of a reach for connection: logistics, status or information";
    return result;
}

}  // namespace toward::bids
