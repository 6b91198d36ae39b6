// The Double Ratchet wire codec, on bytes as the server relays them: the packed
// message, its header and the X3DH prefix. A message that unpacks is also
// given to a real receiving session, whose header handling (skips, a DH
// ratchet step) runs before authentication fails.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "crypto_conversation.hpp"
#include "fuzz_check.hpp"

namespace crypto = toward::crypto;
using toward::fuzz::check;

namespace {

crypto::ratchet_session& receiver() {
    static auto conversation = crypto::testing::start_conversation();
    return conversation.bob;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const crypto::byte_view input(data, size);

    if (auto header = crypto::parse_header(input)) {
        check(crypto::serialize_header(*header) == crypto::bytes(input.begin(), input.end()),
              "a parsed header serializes to the same bytes");
    }
    if (auto initial = crypto::parse_initial_message(input)) {
        check(crypto::serialize_initial_message(*initial) ==
                  crypto::bytes(input.begin(), input.end()),
              "a parsed initial message serializes to the same bytes");
    }
    auto message = crypto::unpack_message(input);
    if (!message) return 0;
    check(crypto::pack_message(*message) == crypto::bytes(input.begin(), input.end()),
          "an unpacked message packs to the same bytes");

    auto& session = receiver();
    const auto skipped_before = session.skipped_key_count();
    // Nobody but the partner holds the keys: a forged message never decrypts,
    // and decrypt's failure leaves the session as it was.
    check(!session.decrypt(*message), "a forged message does not decrypt");
    check(session.skipped_key_count() == skipped_before, "a failed decrypt keeps the state");
    return 0;
}
