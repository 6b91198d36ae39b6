// A client's long-term identity keys, its signed prekey, and the public bundle it
// publishes (via the server) so that its partner can start a session with it.
//
// OpenSSL has no XEdDSA, so an identity is two key pairs: Ed25519 for signing and
// X25519 for key agreement. The Ed25519 key signs the identity X25519 key and the
// signed prekey, each under its own label so neither signature can stand in for
// the other:
//   identity_key_signature = Ed25519("toward identity key v1" ‖ identity_key)
//   signed_prekey_signature = Ed25519("toward signed prekey v1" ‖ signed_prekey)
#pragma once

#include <cstddef>
#include <cstdint>

#include "crypto/bytes.hpp"
#include "crypto/ed25519.hpp"
#include "crypto/result.hpp"
#include "crypto/secret_bytes.hpp"
#include "crypto/x25519.hpp"

namespace toward::crypto {

// A client's private identity. Never leaves the client.
struct identity_keys {
    ed25519_key_pair signing;
    x25519_key_pair agreement;
    ed25519_signature agreement_signature{};  // signing's signature of agreement.public_key
};

// The medium-term X25519 key that a partner's X3DH uses, signed by the identity.
struct signed_prekey {
    x25519_key_pair key;
    ed25519_signature signature{};
};

// What a client publishes. Obtain one from make_public_bundle (own keys) or
// parse_bundle (partner's keys, signatures verified).
struct public_bundle {
    ed25519_public_key signing_key{};
    x25519_public_key identity_key{};
    ed25519_signature identity_key_signature{};
    x25519_public_key signed_prekey{};
    ed25519_signature signed_prekey_signature{};
};

inline constexpr std::uint8_t bundle_version = 1;
// version ‖ signing_key ‖ identity_key ‖ identity_key_signature ‖ signed_prekey ‖
// signed_prekey_signature: 1 + 32 + 32 + 64 + 32 + 64 bytes.
inline constexpr std::size_t bundle_size = 225;

// Makes a new identity: two fresh key pairs and the signature binding them.
result<identity_keys> generate_identity_keys();

// Makes a fresh signed prekey signed by identity.
result<signed_prekey> generate_signed_prekey(const identity_keys& identity);

// The public half of identity and prekey.
public_bundle make_public_bundle(const identity_keys& identity, const signed_prekey& prekey);

// Checks both signatures of bundle; bad_signature if either fails.
result<void> verify_bundle(const public_bundle& bundle);

// The canonical bundle_size-byte encoding of bundle (layout above). The same bundle
// always gives the same bytes, so MACs over it are well defined.
bytes serialize_bundle(const public_bundle& bundle);

// Parses the canonical encoding and verifies both signatures. unsupported_version for
// an unknown version byte, malformed_bundle for a wrong length, bad_signature if a
// signature fails.
result<public_bundle> parse_bundle(byte_view encoded);

// The bytes that identify a person for safety numbers: signing_key ‖ identity_key
// (64 bytes). The signed prekey is left out so that rotating it keeps the number.
bytes identity_fingerprint_key(const public_bundle& bundle);

// Private-key storage for the client (it decides where and how to protect the file):
// version ‖ signing seed ‖ agreement private key ‖ agreement_signature (129 bytes).
secret_bytes serialize_identity_keys(const identity_keys& identity);

// Parses serialize_identity_keys output, recomputing the public keys and checking
// the signature. unsupported_version, malformed_state (wrong length) or bad_signature.
result<identity_keys> parse_identity_keys(byte_view encoded);

// version ‖ prekey private key ‖ signature (97 bytes).
secret_bytes serialize_signed_prekey(const signed_prekey& prekey);

// Parses serialize_signed_prekey output and checks the signature against identity.
// unsupported_version, malformed_state (wrong length) or bad_signature.
result<signed_prekey> parse_signed_prekey(byte_view encoded, const identity_keys& identity);

}  // namespace toward::crypto
