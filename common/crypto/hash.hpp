// SHA-256, SHA-512, HMAC-SHA256 and constant-time comparison.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "crypto/bytes.hpp"
#include "crypto/result.hpp"

namespace toward::crypto {

inline constexpr std::size_t sha256_size = 32;
inline constexpr std::size_t sha512_size = 64;
inline constexpr std::size_t hmac_sha256_size = 32;

using sha256_digest = std::array<std::uint8_t, sha256_size>;
using sha512_digest = std::array<std::uint8_t, sha512_size>;
using hmac_sha256_tag = std::array<std::uint8_t, hmac_sha256_size>;

// SHA-256 of data; openssl_failure only if OpenSSL itself fails.
result<sha256_digest> sha256(byte_view data);

// SHA-512 of data; openssl_failure only if OpenSSL itself fails.
result<sha512_digest> sha512(byte_view data);

// HMAC-SHA256 (RFC 2104) of data under key (any length, empty allowed).
// A tag that keys something secret (a chain key) should be wiped by the caller.
result<hmac_sha256_tag> hmac_sha256(byte_view key, byte_view data);

// True when a and b have the same length and contents. Runs in time independent
// of the contents (CRYPTO_memcmp); use it for every MAC or secret comparison.
bool constant_time_equal(byte_view a, byte_view b) noexcept;

}  // namespace toward::crypto
