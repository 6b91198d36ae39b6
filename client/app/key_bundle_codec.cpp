#include "key_bundle_codec.hpp"

namespace toward::app {

std::string encode_key_bundle(const crypto::public_bundle& bundle) {
    const auto bytes = crypto::serialize_bundle(bundle);
    return std::string(bytes.begin(), bytes.end());
}

app_result<crypto::public_bundle> decode_key_bundle(std::string_view wire, std::string_view whose) {
    auto bundle = crypto::parse_bundle(crypto::as_bytes(wire));
    if (!bundle) {
        return fail(std::string(whose) + " key bundle is unusable: " + bundle.error().message());
    }
    return std::move(*bundle);
}

crypto::bytes canonical_bundle(const crypto::public_bundle& bundle) {
    return crypto::serialize_bundle(bundle);
}

std::string identity_of(const crypto::public_bundle& bundle) {
    const auto key = crypto::identity_fingerprint_key(bundle);
    return std::string(key.begin(), key.end());
}

}  // namespace toward::app
