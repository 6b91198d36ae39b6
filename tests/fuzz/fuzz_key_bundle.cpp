// The partner's key bundle as PublishKeys, InviteInfo and PartnerInfo carry
// it: the client's decoder, which also verifies both signatures.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crypto/identity.hpp"
#include "fuzz_check.hpp"
#include "key_bundle_codec.hpp"

namespace crypto = toward::crypto;
using toward::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view wire(reinterpret_cast<const char*>(data), size);
    auto decoded = toward::app::decode_key_bundle(wire, "the partner's");
    const auto parsed = crypto::parse_bundle(crypto::as_bytes(wire));
    check(decoded.has_value() == parsed.has_value(), "the app and crypto decoders agree");
    if (!decoded) {
        check(!decoded.error().message.empty(), "a refused bundle says why");
        return 0;
    }
    check(toward::app::encode_key_bundle(*decoded) == wire,
          "a decoded bundle encodes to the same bytes");
    check(toward::app::identity_of(*decoded).size() == 64, "an identity is two keys");
    return 0;
}
