// The bid classifier on any byte string, as it runs on every message the user
// types and on the partner's decrypted text (invalid UTF-8 included).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bids/bid_classifier.hpp"
#include "fuzz_check.hpp"

namespace bids = toward::bids;
using toward::fuzz::check;

namespace {

void check_shape(const bids::classification& c) {
    check(c.category.has_value() == (c.kind == bids::message_kind::bid),
          "a category exactly for bids");
    check(c.response_turn.has_value() == (c.kind == bids::message_kind::response),
          "a turn exactly for responses");
    check(!c.rule.empty() && !c.explanation.empty(), "every answer names its rule and says why");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto message = bids::classify_message(text);
    check_shape(message);
    check(message.kind != bids::message_kind::response, "a message on its own is no response");
    const auto answer = bids::classify_answer(text);
    check_shape(answer);
    check(answer.kind == bids::message_kind::response, "an answer is always a response");
    // Deterministic: the same text, the same answer.
    check(bids::classify_message(text).rule == message.rule, "the same text, the same rule");
    return 0;
}
