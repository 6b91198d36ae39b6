// The client-side classifier that proposes how to tag a message (SPEC section
// 5). Deterministic and rule-based on the plaintext, with no I/O: the same
// text always gets the same answer, and the answer names the rule that gave
// it. The rules, their order and their measured accuracy are in docs/BIDS.md.
//
// Which function to call is the caller's choice, from context the text does
// not carry: while the partner has an open bid, a message answers it
// (classify_answer); otherwise it stands on its own (classify_message). The
// user can always override the proposal.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "bids/bid_model.hpp"

namespace toward::bids {

// What the classifier proposes for one message.
struct classification {
    // chat or bid from classify_message; always response from classify_answer.
    message_kind kind = message_kind::chat;
    // Set exactly when kind is bid.
    std::optional<bid_category> category;
    // Set exactly when kind is response.
    std::optional<turn> response_turn;
    // The stable id of the rule that decided, e.g. "question.open",
    // "logistics.question", "against.sarcasm". Ids are listed in docs/BIDS.md
    // and do not change meaning between releases.
    std::string rule;
    // One line for people: why the rule applies, with the words it matched.
    std::string explanation;
};

// Classifies a message sent while no bid of the partner is open: a bid (with
// its category) or chat. Rules are tried in a fixed, documented order and the
// first that matches decides; text that no rule recognises is chat. Any byte
// string is accepted (invalid UTF-8 included); an empty text is chat.
classification classify_message(std::string_view text);

// Classifies a message as the answer to the partner's open bid: always a
// response, turned toward unless it is dismissive or changes the subject
// (away) or hostile, contemptuous or sarcastic (against). Rules are tried in
// a fixed, documented order; an answer no rule recognises engages with the
// bid and is toward. Any byte string is accepted; an empty text is away.
classification classify_answer(std::string_view text);

}  // namespace toward::bids
