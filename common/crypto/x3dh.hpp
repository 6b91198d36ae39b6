// X3DH key agreement (Signal's specification, without one-time prekeys), which
// starts a Double Ratchet session between two partners.
//
// The initiator A, holding its partner B's verified bundle, computes
//   DH1 = DH(IK_A, SPK_B)   DH2 = DH(EK_A, IK_B)   DH3 = DH(EK_A, SPK_B)
//   SK  = HKDF-SHA256(salt = 32 zero bytes, ikm = 32 × 0xFF ‖ DH1 ‖ DH2 ‖ DH3,
//                     info = "toward x3dh v1"), 32 bytes
//   AD  = IK_A ‖ IK_B (the identity X25519 public keys, initiator first)
// and sends an initial_message (IK_A, EK_A, SPK_B) in front of its first messages;
// B recomputes SK and AD from its private keys.
#pragma once

#include <cstddef>

#include "crypto/bytes.hpp"
#include "crypto/identity.hpp"
#include "crypto/result.hpp"
#include "crypto/secret_bytes.hpp"
#include "crypto/x25519.hpp"

namespace toward::crypto {

// What the responder needs to run X3DH: the initiator's identity X25519 key (which the
// responder checks against the partner it paired with), the initiator's ephemeral key,
// and which of the responder's signed prekeys was used.
struct initial_message {
    x25519_public_key initiator_identity_key{};
    x25519_public_key ephemeral_key{};
    x25519_public_key responder_signed_prekey{};
};

// initiator_identity_key ‖ ephemeral_key ‖ responder_signed_prekey.
inline constexpr std::size_t initial_message_size = 3 * x25519_key_size;

// The session secrets both sides derive.
struct x3dh_keys {
    secret_bytes shared_key;  // SK, 32 bytes: the Double Ratchet's first root key
    bytes associated_data;    // AD, 64 bytes: bound into every message of the session
    // The initiator's ephemeral key EK_A, which names this X3DH run: a session made
    // from it keeps it as its base_key().
    x25519_public_key base_key{};
};

// The initiator's output: the keys, and the prefix to send with its first messages.
struct x3dh_initiation {
    x3dh_keys keys;
    initial_message initial;
};

// Runs the initiator's side against partner's bundle with a fresh ephemeral key.
// bad_signature if the bundle's signatures do not verify; invalid_peer_key if a
// partner key is a small-order point.
result<x3dh_initiation> x3dh_initiate(const identity_keys& self, const public_bundle& partner);

// Runs the responder's side for initial, which must come from partner (the bundle the
// client paired with) and name prekey: identity_mismatch or unknown_prekey otherwise
// (a client that keeps older prekeys picks the one whose public key initial names).
// invalid_peer_key if the ephemeral key is a small-order point.
result<x3dh_keys> x3dh_respond(const identity_keys& self, const signed_prekey& prekey,
                               const public_bundle& partner, const initial_message& initial);

// The fixed initial_message_size-byte encoding of initial.
bytes serialize_initial_message(const initial_message& initial);

// Parses serialize_initial_message output; malformed_message for a wrong length.
result<initial_message> parse_initial_message(byte_view encoded);

}  // namespace toward::crypto
