// Reads the conversation corpus of tests/data/bids/ (format: docs/BIDS.md,
// "Labelling guide") and turns it into the examples each learned model is
// trained and measured on, with the context the client would have. Used by
// the trainer (train_bids.cpp) and the tests (tests/bids).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bids/bid_classifier.hpp"

namespace toward::bids::corpus {

struct labelled_line {
    std::string conversation;
    int line = 0;  // within the conversation, from 1
    char speaker = 'a';
    int gap_min = 0;
    std::string text;
    message_kind kind = message_kind::chat;
    std::optional<bid_category> category;  // bids
    std::optional<turn> expected_turn;     // responses
    int answers = 0;                       // responses: the line of the bid answered
};

// The lines of the files, in order. Throws std::runtime_error naming the
// file and row on anything malformed (header, columns, labels).
std::vector<labelled_line> read_conversations(const std::vector<std::string>& paths);

// A message that answered no open bid, with the context the client has.
struct message_example {
    const labelled_line* line = nullptr;
    message_context context;
};

// A response, with the bid it answers as context.
struct answer_example {
    const labelled_line* line = nullptr;
    const labelled_line* bid = nullptr;
    answer_context context;
};

// A response sent while two or more of the partner's bids were open.
struct link_example {
    const labelled_line* line = nullptr;
    std::vector<const labelled_line*> open_bids;  // oldest first
    std::size_t answered = 0;                     // index into open_bids
};

struct examples {
    std::vector<message_example> messages;
    std::vector<answer_example> answers;
    std::vector<link_example> links;
};

// The examples of `lines` (which must outlive them). A follow-up is a
// message right after the same sender's own bid, within 10 minutes.
examples examples_of(const std::vector<labelled_line>& lines);

// Which conversations go to which split: every fifth conversation of the
// training batches (by position) is dev, the rest train.
bool is_dev_conversation(std::size_t conversation_index);

}  // namespace toward::bids::corpus
