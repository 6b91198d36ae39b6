// Invite codes as a person types or pastes them into `toward pair`.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crypto/invite_auth.hpp"
#include "fuzz_check.hpp"

namespace crypto = toward::crypto;
using toward::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto code = crypto::parse_invite_code(text);
    if (!code) return 0;
    check(!code->invite_id.empty() && code->invite_id.size() <= crypto::max_invite_id_size,
          "a parsed invite id has an allowed length");
    check(code->secret.size() == crypto::invite_secret_size, "a parsed secret has its size");
    // What the code parsed to formats to a code that parses to the same.
    auto formatted = crypto::format_invite_code(code->invite_id, code->secret);
    check(formatted.has_value(), "a parsed code formats again");
    auto again = crypto::parse_invite_code(*formatted);
    check(again && again->invite_id == code->invite_id && again->secret == code->secret,
          "a formatted code parses to the same");
    check(crypto::derive_invite_auth_key(code->secret, code->invite_id).has_value(),
          "a parsed code derives its auth key");
    return 0;
}
