// The client-side classifier that proposes how to tag a message (SPEC section
// 5). Deterministic, on the plaintext, with no I/O: hand-written rules and a
// small learned linear model (weights in trained_weights.cpp), so the same
// text in the same context always gets the same answer, and the answer says
// what decided it. The rules, the model and their measured accuracy are in
// docs/BIDS.md.
//
// Which function to call is the caller's choice, from context the text does
// not carry: while the partner has an open bid, a message answers it
// (classify_answer); otherwise it stands on its own (classify_message). The
// user can always override the proposal.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bids/bid_model.hpp"

namespace toward::bids {

// What the caller knows about a message that answers no open bid.
struct message_context {
    // The sender's previous message was a bid of theirs, moments ago, with
    // nothing from the partner since: a follow-up line usually continues it.
    bool follows_own_bid = false;
    std::optional<bid_category> previous_category;  // that bid's category
    // The message just before was the partner's answer to the sender's bid,
    // with this turn: after a rebuff, people often reach out again.
    std::optional<turn> partner_just_turned;
};

// What the caller knows about the bid a message answers.
struct answer_context {
    std::string_view bid_text;                      // empty: unknown
    std::optional<bid_category> category;           // the bid's category
    std::optional<std::int64_t> minutes_since_bid;  // how long it waited
};

// One feature that pushed the learned model toward its decision, for
// `toward classify --explain`: a readable name and how hard it pushed.
struct decision_reason {
    std::string feature;  // e.g. "word \"saw\"", "rule share.question"
    double weight = 0;
};

// What the classifier proposes for one message.
struct classification {
    // chat or bid from classify_message; always response from classify_answer.
    message_kind kind = message_kind::chat;
    // Set exactly when kind is bid.
    std::optional<bid_category> category;
    // Set exactly when kind is response.
    std::optional<turn> response_turn;
    // The stable id of what decided: a rule ("question.open",
    // "logistics.question", "against.sarcasm") when the learned model agrees
    // with it or is not asked, else "learned.<decision>" ("learned.bid",
    // "learned.away"). Ids are listed in docs/BIDS.md.
    std::string rule;
    // One line for people: why, with the words that mattered.
    std::string explanation;
    // The learned model's probability for the kind (classify_message) or the
    // turn (classify_answer); 1 for the rules alone. Never shown to the
    // partner (SPEC section 5): it only marks a proposal as unsure.
    double confidence = 1.0;
    // The model was unsure (confidence below uncertain_below): the client
    // offers a one-key correction.
    bool uncertain = false;
    // The strongest features behind the learned decision, strongest first.
    std::vector<decision_reason> reasons;
};

inline constexpr double uncertain_below = 0.65;

// Classifies a message sent while no bid of the partner is open: a bid (with
// its category) or chat. The hand-written rules (below) propose, and a
// learned linear model over words, character trigrams, emoji, the rules'
// decision and the context decides. Any byte string is accepted (invalid
// UTF-8 included); an empty text is chat.
classification classify_message(std::string_view text, const message_context& context = {});

// Classifies a message as the answer to the partner's open bid: always a
// response, with the turn the learned model gives from the text, the rules'
// reading and the bid it answers. An empty text is away.
classification classify_answer(std::string_view text, const answer_context& context = {});

// The hand-written rules alone, tried in a fixed, documented order; the
// first that matches decides. Text no message rule recognises is chat; an
// answer no rule recognises is toward.
classification rule_classify_message(std::string_view text);
classification rule_classify_answer(std::string_view text);

// One of the partner's open bids, for pick_answered_bid.
struct open_bid {
    std::string_view text;
    std::optional<bid_category> category;
};

// Which of the open bids (oldest first) a reply answers: the one whose words
// it takes up, else the newest. 0 when `bids` is empty.
std::size_t pick_answered_bid(std::string_view reply, std::span<const open_bid> bids);

}  // namespace toward::bids
