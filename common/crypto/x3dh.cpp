#include "crypto/x3dh.hpp"

#include <string_view>

#include "crypto/byte_codec.hpp"
#include "crypto/hkdf.hpp"

namespace toward::crypto {
namespace {

constexpr std::string_view x3dh_info = "toward x3dh v1";
constexpr std::size_t shared_key_size = 32;

// SK from the three DH outputs, in the order the specification fixes.
result<secret_bytes> derive_shared_key(const secret_bytes& dh1, const secret_bytes& dh2,
                                       const secret_bytes& dh3) {
    secret_bytes ikm(x25519_key_size, 0xff);
    append_bytes(ikm, dh1);
    append_bytes(ikm, dh2);
    append_bytes(ikm, dh3);
    const std::array<std::uint8_t, 32> salt{};
    return hkdf_sha256(ikm, salt, as_bytes(x3dh_info), shared_key_size);
}

bytes associated_data(const x25519_public_key& initiator, const x25519_public_key& responder) {
    bytes ad;
    append_bytes(ad, initiator);
    append_bytes(ad, responder);
    return ad;
}

}  // namespace

result<x3dh_initiation> x3dh_initiate(const identity_keys& self, const public_bundle& partner) {
    auto verified = verify_bundle(partner);
    if (!verified) return verified.error();
    auto ephemeral = x25519_generate();
    if (!ephemeral) return ephemeral.error();

    auto dh1 = x25519_derive(self.agreement.private_key, partner.signed_prekey);
    if (!dh1) return dh1.error();
    auto dh2 = x25519_derive(ephemeral->private_key, partner.identity_key);
    if (!dh2) return dh2.error();
    auto dh3 = x25519_derive(ephemeral->private_key, partner.signed_prekey);
    if (!dh3) return dh3.error();
    auto shared_key = derive_shared_key(*dh1, *dh2, *dh3);
    if (!shared_key) return shared_key.error();

    return x3dh_initiation{
        x3dh_keys{std::move(*shared_key),
                  associated_data(self.agreement.public_key, partner.identity_key),
                  ephemeral->public_key},
        initial_message{self.agreement.public_key, ephemeral->public_key, partner.signed_prekey}};
}

result<x3dh_keys> x3dh_respond(const identity_keys& self, const signed_prekey& prekey,
                               const public_bundle& partner, const initial_message& initial) {
    if (initial.initiator_identity_key != partner.identity_key) {
        return crypto_errc::identity_mismatch;
    }
    if (initial.responder_signed_prekey != prekey.key.public_key) {
        return crypto_errc::unknown_prekey;
    }
    auto dh1 = x25519_derive(prekey.key.private_key, initial.initiator_identity_key);
    if (!dh1) return dh1.error();
    auto dh2 = x25519_derive(self.agreement.private_key, initial.ephemeral_key);
    if (!dh2) return dh2.error();
    auto dh3 = x25519_derive(prekey.key.private_key, initial.ephemeral_key);
    if (!dh3) return dh3.error();
    auto shared_key = derive_shared_key(*dh1, *dh2, *dh3);
    if (!shared_key) return shared_key.error();

    return x3dh_keys{std::move(*shared_key),
                     associated_data(initial.initiator_identity_key, self.agreement.public_key),
                     initial.ephemeral_key};
}

bytes serialize_initial_message(const initial_message& initial) {
    bytes out;
    out.reserve(initial_message_size);
    append_bytes(out, initial.initiator_identity_key);
    append_bytes(out, initial.ephemeral_key);
    append_bytes(out, initial.responder_signed_prekey);
    return out;
}

result<initial_message> parse_initial_message(byte_view encoded) {
    if (encoded.size() != initial_message_size) return crypto_errc::malformed_message;
    byte_reader in(encoded);
    initial_message initial;
    in.read_into(initial.initiator_identity_key);
    in.read_into(initial.ephemeral_key);
    in.read_into(initial.responder_signed_prekey);
    return initial;
}

}  // namespace toward::crypto
