// Error codes of the end-to-end crypto library.
#pragma once

#include <system_error>

namespace toward::crypto {

// Every way a crypto operation can fail. Values are stable: they may be logged or
// shown to a user, never persisted or sent over the wire.
enum class crypto_errc {
    openssl_failure = 1,    // an OpenSSL call failed for a reason other than bad input
    random_failure,         // the system random generator produced no bytes
    invalid_length,         // an input (key, nonce, buffer) has the wrong size
    invalid_peer_key,       // X25519 with this public key gives an all-zero secret
    bad_signature,          // an Ed25519 signature does not verify
    authentication_failed,  // an AEAD tag or a MAC does not match
    malformed_invite,       // an invite code is not "<invite-id>-<base32 secret>"
    malformed_bundle,       // a public key bundle is not in the canonical layout
    malformed_message,      // a ratchet message, header or initial prefix is garbled
    malformed_state,        // serialized key or session state is truncated or garbled
    unsupported_version,    // a serialized object has a version this build does not know
    identity_mismatch,      // an initial message comes from an unexpected identity key
    unknown_prekey,         // an initial message names a signed prekey we do not hold
    too_many_skipped,       // a ratchet header would skip more than max_skip messages
    duplicate_message,      // a ratchet message was already decrypted
    no_sending_chain,       // the responder must receive a message before it can send
    counter_exhausted,      // a chain's 32-bit message counter has run out
};

// The category of crypto_errc; its name is "toward.crypto".
const std::error_category& crypto_category() noexcept;

// Makes a std::error_code in crypto_category(); found by ADL so that
// `std::error_code ec = crypto_errc::bad_signature;` works.
std::error_code make_error_code(crypto_errc e) noexcept;

}  // namespace toward::crypto

template <>
struct std::is_error_code_enum<toward::crypto::crypto_errc> : std::true_type {};
