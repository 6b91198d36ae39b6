// Ed25519 signatures (RFC 8032, pure Ed25519: no pre-hash, no context).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "crypto/bytes.hpp"
#include "crypto/result.hpp"
#include "crypto/secret_bytes.hpp"

namespace toward::crypto {

inline constexpr std::size_t ed25519_private_key_size = 32;
inline constexpr std::size_t ed25519_public_key_size = 32;
inline constexpr std::size_t ed25519_signature_size = 64;

using ed25519_public_key = std::array<std::uint8_t, ed25519_public_key_size>;
using ed25519_signature = std::array<std::uint8_t, ed25519_signature_size>;

// An Ed25519 key pair; private_key is the 32-byte seed ("secret key" in RFC 8032).
struct ed25519_key_pair {
    secret_bytes private_key;
    ed25519_public_key public_key{};
};

// A fresh key pair from the CSPRNG; random_failure or openssl_failure on failure.
result<ed25519_key_pair> ed25519_generate();

// The public key of a 32-byte seed; invalid_length for any other size.
result<ed25519_public_key> ed25519_public_from_private(byte_view private_key);

// Signs message with the 32-byte seed (deterministic); invalid_length for a bad seed size.
result<ed25519_signature> ed25519_sign(byte_view private_key, byte_view message);

// Success if signature is public_key's signature of message; bad_signature otherwise
// (including a public key that is not a valid point).
result<void> ed25519_verify(const ed25519_public_key& public_key, byte_view message,
                            const ed25519_signature& signature);

}  // namespace toward::crypto
