// X25519 Diffie-Hellman (RFC 7748).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "crypto/bytes.hpp"
#include "crypto/result.hpp"
#include "crypto/secret_bytes.hpp"

namespace toward::crypto {

inline constexpr std::size_t x25519_key_size = 32;

using x25519_public_key = std::array<std::uint8_t, x25519_key_size>;

// An X25519 key pair; private_key is the raw 32-byte scalar (clamped by X25519 itself).
struct x25519_key_pair {
    secret_bytes private_key;
    x25519_public_key public_key{};
};

// A fresh key pair from the CSPRNG; random_failure or openssl_failure on failure.
result<x25519_key_pair> x25519_generate();

// The public key of a 32-byte private key; invalid_length for any other size.
result<x25519_public_key> x25519_public_from_private(byte_view private_key);

// The 32-byte shared secret X25519(private_key, peer_public_key).
// invalid_length if private_key is not 32 bytes; invalid_peer_key if the result is
// all zero (the peer sent a small-order point, so the secret is not secret).
result<secret_bytes> x25519_derive(byte_view private_key, const x25519_public_key& peer_public_key);

}  // namespace toward::crypto
