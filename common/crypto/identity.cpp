#include "crypto/identity.hpp"

#include <string_view>

#include "crypto/byte_codec.hpp"

namespace toward::crypto {
namespace {

constexpr std::string_view identity_key_label = "toward identity key v1";
constexpr std::string_view signed_prekey_label = "toward signed prekey v1";
constexpr std::uint8_t storage_version = 1;
constexpr std::size_t identity_storage_size =
    1 + ed25519_private_key_size + x25519_key_size + ed25519_signature_size;
constexpr std::size_t prekey_storage_size = 1 + x25519_key_size + ed25519_signature_size;

// The message that a signature over an X25519 key under label covers.
bytes labelled(std::string_view label, const x25519_public_key& key) {
    bytes message;
    append_bytes(message, as_bytes(label));
    append_bytes(message, key);
    return message;
}

result<ed25519_signature> sign_key(const ed25519_key_pair& signer, std::string_view label,
                                   const x25519_public_key& key) {
    return ed25519_sign(signer.private_key, labelled(label, key));
}

result<void> verify_key(const ed25519_public_key& signer, std::string_view label,
                        const x25519_public_key& key, const ed25519_signature& signature) {
    return ed25519_verify(signer, labelled(label, key), signature);
}

// The X25519 key pair of a stored private key.
result<x25519_key_pair> x25519_from_private(byte_view private_key) {
    auto public_key = x25519_public_from_private(private_key);
    if (!public_key) return public_key.error();
    return x25519_key_pair{secret_bytes(private_key.begin(), private_key.end()), *public_key};
}

}  // namespace

result<identity_keys> generate_identity_keys() {
    auto signing = ed25519_generate();
    if (!signing) return signing.error();
    auto agreement = x25519_generate();
    if (!agreement) return agreement.error();
    auto signature = sign_key(*signing, identity_key_label, agreement->public_key);
    if (!signature) return signature.error();
    return identity_keys{std::move(*signing), std::move(*agreement), *signature};
}

result<signed_prekey> generate_signed_prekey(const identity_keys& identity) {
    auto key = x25519_generate();
    if (!key) return key.error();
    auto signature = sign_key(identity.signing, signed_prekey_label, key->public_key);
    if (!signature) return signature.error();
    return signed_prekey{std::move(*key), *signature};
}

public_bundle make_public_bundle(const identity_keys& identity, const signed_prekey& prekey) {
    return public_bundle{identity.signing.public_key, identity.agreement.public_key,
                         identity.agreement_signature, prekey.key.public_key, prekey.signature};
}

result<void> verify_bundle(const public_bundle& bundle) {
    auto identity_ok = verify_key(bundle.signing_key, identity_key_label, bundle.identity_key,
                                  bundle.identity_key_signature);
    if (!identity_ok) return identity_ok;
    return verify_key(bundle.signing_key, signed_prekey_label, bundle.signed_prekey,
                      bundle.signed_prekey_signature);
}

bytes serialize_bundle(const public_bundle& bundle) {
    bytes out;
    out.reserve(bundle_size);
    out.push_back(bundle_version);
    append_bytes(out, bundle.signing_key);
    append_bytes(out, bundle.identity_key);
    append_bytes(out, bundle.identity_key_signature);
    append_bytes(out, bundle.signed_prekey);
    append_bytes(out, bundle.signed_prekey_signature);
    return out;
}

result<public_bundle> parse_bundle(byte_view encoded) {
    if (encoded.empty()) return crypto_errc::malformed_bundle;
    if (encoded[0] != bundle_version) return crypto_errc::unsupported_version;
    if (encoded.size() != bundle_size) return crypto_errc::malformed_bundle;
    byte_reader in(encoded.subspan(1));
    public_bundle bundle;
    in.read_into(bundle.signing_key);
    in.read_into(bundle.identity_key);
    in.read_into(bundle.identity_key_signature);
    in.read_into(bundle.signed_prekey);
    in.read_into(bundle.signed_prekey_signature);
    auto verified = verify_bundle(bundle);
    if (!verified) return verified.error();
    return bundle;
}

bytes identity_fingerprint_key(const public_bundle& bundle) {
    bytes out;
    append_bytes(out, bundle.signing_key);
    append_bytes(out, bundle.identity_key);
    return out;
}

secret_bytes serialize_identity_keys(const identity_keys& identity) {
    secret_bytes out;
    out.reserve(identity_storage_size);
    out.push_back(storage_version);
    append_bytes(out, identity.signing.private_key);
    append_bytes(out, identity.agreement.private_key);
    append_bytes(out, identity.agreement_signature);
    return out;
}

result<identity_keys> parse_identity_keys(byte_view encoded) {
    if (encoded.empty()) return crypto_errc::malformed_state;
    if (encoded[0] != storage_version) return crypto_errc::unsupported_version;
    if (encoded.size() != identity_storage_size) return crypto_errc::malformed_state;
    byte_reader in(encoded.subspan(1));
    const byte_view signing_private = *in.read(ed25519_private_key_size);
    const byte_view agreement_private = *in.read(x25519_key_size);

    auto signing_public = ed25519_public_from_private(signing_private);
    if (!signing_public) return signing_public.error();
    auto agreement = x25519_from_private(agreement_private);
    if (!agreement) return agreement.error();
    identity_keys identity{
        ed25519_key_pair{secret_bytes(signing_private.begin(), signing_private.end()),
                         *signing_public},
        std::move(*agreement),
        {}};
    in.read_into(identity.agreement_signature);

    auto verified = verify_key(identity.signing.public_key, identity_key_label,
                               identity.agreement.public_key, identity.agreement_signature);
    if (!verified) return verified.error();
    return identity;
}

secret_bytes serialize_signed_prekey(const signed_prekey& prekey) {
    secret_bytes out;
    out.reserve(prekey_storage_size);
    out.push_back(storage_version);
    append_bytes(out, prekey.key.private_key);
    append_bytes(out, prekey.signature);
    return out;
}

result<signed_prekey> parse_signed_prekey(byte_view encoded, const identity_keys& identity) {
    if (encoded.empty()) return crypto_errc::malformed_state;
    if (encoded[0] != storage_version) return crypto_errc::unsupported_version;
    if (encoded.size() != prekey_storage_size) return crypto_errc::malformed_state;
    byte_reader in(encoded.subspan(1));
    auto key = x25519_from_private(*in.read(x25519_key_size));
    if (!key) return key.error();
    signed_prekey prekey{std::move(*key), {}};
    in.read_into(prekey.signature);

    auto verified = verify_key(identity.signing.public_key, signed_prekey_label,
                               prekey.key.public_key, prekey.signature);
    if (!verified) return verified.error();
    return prekey;
}

}  // namespace toward::crypto
