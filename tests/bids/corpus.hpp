// Reads the labelled corpus tests/data/bids_corpus.tsv (format in its header
// comment and in docs/BIDS.md, "The corpus").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bids/bid_model.hpp"

namespace toward::bids::testing {

// One labelled message.
struct corpus_line {
    int line_number = 0;  // in the file, from 1
    std::string conversation;
    char speaker = 'a';  // 'a' or 'b'
    std::string text;
    message_kind kind = message_kind::chat;
    std::optional<bid_category> category;  // set exactly for bids
    std::optional<turn> expected_turn;     // set exactly for responses
};

// The lines of the corpus at path, in file order. Throws std::runtime_error
// naming the file and line on anything malformed: a missing file, a wrong
// header, a wrong column count, an unknown kind, category or turn, a label
// that does not fit its kind.
std::vector<corpus_line> read_corpus(const std::string& path);

// Checks the labelling convention: a line is a response exactly when the
// other speaker has an open bid in the same conversation (a bid not yet
// answered); a response closes it. Returns a description of each line that
// breaks it, empty when none does.
std::vector<std::string> convention_breaks(const std::vector<corpus_line>& lines);

}  // namespace toward::bids::testing
