// Internal to the classifier. The features the learned models read: the
// words and word pairs of the normalised text, character trigrams (for typos
// and spellings the word lists never saw), emoji classes, punctuation,
// length, the decision of the hand-written rules, and the context the caller
// knows (the bid being answered, the sender's previous message). The trainer
// (tools/train_bids.cpp) and the client call the same functions, so what is
// learned is what is read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bids/bid_classifier.hpp"
#include "bids/message_text.hpp"

namespace toward::bids {

// The features of a message that answers no open bid (bid or chat, and a
// bid's category). Each feature is a name such as "w=miss" or "r=question.open";
// each appears at most once.
// `ruled` is rule_classify_message(text), which the caller has already.
// The rules on text already read: the classifier reads each message once.
classification rule_classify_message(const message_text& text);
classification rule_classify_answer(const message_text& text);

// Words too common to say whether a reply takes up its bid ("the", "you", "ok").
bool is_stop_word(const std::string& word);

std::vector<std::string> message_features(std::string_view text, const message_context& context,
                                          const classification& ruled);
// The same for text already read (`read` is message_text(text)).
std::vector<std::string> message_features(std::string_view text, const message_text& read,
                                          const message_context& context,
                                          const classification& ruled);

// The features of a message that answers the partner's bid (its turn).
// `ruled` is rule_classify_answer(text) and `alone` rule_classify_message(text):
// a reply that would be chat on its own ("did you pay the bill?") often
// turns away from the bid it answers.
std::vector<std::string> answer_features(std::string_view text, const answer_context& context,
                                         const classification& ruled, const classification& alone);
std::vector<std::string> answer_features(std::string_view text, const message_text& read,
                                         const answer_context& context, const classification& ruled,
                                         const classification& alone);

}  // namespace toward::bids
