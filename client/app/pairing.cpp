#include "pairing.hpp"

#include "key_bundle_codec.hpp"

namespace toward::app {
namespace {

// See the file comment of pairing.hpp.
constexpr std::string_view mac_invite_id = "";

app_result<crypto::secret_bytes> auth_key_of(crypto::byte_view secret) {
    auto key = crypto::derive_invite_auth_key(secret, mac_invite_id);
    if (!key) return fail("cannot derive the invite key: " + key.error().message());
    return std::move(*key);
}

std::string tag_string(const crypto::hmac_sha256_tag& tag) {
    return std::string(tag.begin(), tag.end());
}

}  // namespace

app_result<invite_offer> make_invite_offer(const crypto::public_bundle& own) {
    auto secret = crypto::make_invite_secret();
    if (!secret) return fail("cannot make an invite secret: " + secret.error().message());
    auto key = auth_key_of(*secret);
    if (!key) return key.error();
    auto mac = crypto::inviter_bundle_mac(*key, canonical_bundle(own));
    if (!mac) return fail("cannot MAC the key bundle: " + mac.error().message());
    return invite_offer{std::move(*secret), encode_key_bundle(own), tag_string(*mac)};
}

app_result<redeem_answer> make_redeem_answer(const crypto::invite_code& code,
                                             const crypto::public_bundle& own,
                                             const crypto::public_bundle& inviter) {
    auto key = auth_key_of(code.secret);
    if (!key) return key.error();
    auto mac = crypto::joiner_bundle_mac(*key, canonical_bundle(inviter), canonical_bundle(own));
    if (!mac) return fail("cannot MAC the key bundle: " + mac.error().message());
    return redeem_answer{encode_key_bundle(own), tag_string(*mac)};
}

app_result<crypto::public_bundle> verify_inviter_bundle(const crypto::invite_code& code,
                                                        std::string_view bundle_wire,
                                                        std::string_view mac) {
    auto bundle = decode_key_bundle(bundle_wire, "the inviter's");
    if (!bundle) return fail(substituted_keys_message);
    auto key = auth_key_of(code.secret);
    if (!key) return key.error();
    if (!crypto::verify_inviter_bundle_mac(*key, canonical_bundle(*bundle),
                                           crypto::as_bytes(mac))) {
        return fail(substituted_keys_message);
    }
    return bundle;
}

app_result<crypto::public_bundle> verify_joiner_bundle(const crypto::secret_bytes& secret,
                                                       std::string_view own_bundle_wire,
                                                       std::string_view bundle_wire,
                                                       std::string_view mac) {
    auto own = decode_key_bundle(own_bundle_wire, "our own");
    if (!own) return own.error();
    auto bundle = decode_key_bundle(bundle_wire, "the joiner's");
    if (!bundle) return fail(substituted_keys_message);
    auto key = auth_key_of(secret);
    if (!key) return key.error();
    if (!crypto::verify_joiner_bundle_mac(*key, canonical_bundle(*own), canonical_bundle(*bundle),
                                          crypto::as_bytes(mac))) {
        return fail(substituted_keys_message);
    }
    return bundle;
}

}  // namespace toward::app
