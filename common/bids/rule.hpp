// Internal to the classifier. The shape shared by the message and answer rule
// lists: an id, a reason for people, an outcome, and a test that reports what
// it matched.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "bids/message_text.hpp"

namespace toward::bids {

// What a rule's test found: nullopt when the rule does not apply; otherwise the
// words it matched (empty when there is nothing to quote, as for emoji).
using evidence = std::optional<std::string_view>;

// Shorthands for tests: no evidence, evidence with nothing to quote, and
// evidence exactly when a condition holds.
inline evidence none() {
    return std::nullopt;
}
inline evidence found() {
    return std::string_view{};
}
inline evidence when(bool condition) {
    return condition ? found() : none();
}

// One rule. Rules are kept in arrays and tried in order; the first whose test
// finds evidence decides.
template <typename Outcome>
struct rule {
    std::string_view id;
    Outcome outcome;
    std::string_view reason;  // completes "this is <outcome>: <reason>"
    evidence (*test)(const message_text&);
};

// The explanation line: the reason, followed by the matched words if any.
inline std::string explain(std::string_view reason, std::string_view matched) {
    std::string line(reason);
    if (!matched.empty()) {
        line += " (matched \"";
        // Drop the pattern's anchors so people see the words themselves.
        if (matched.front() == '^' || matched.front() == '=') matched.remove_prefix(1);
        line += matched;
        line += "\")";
    }
    return line;
}

}  // namespace toward::bids
