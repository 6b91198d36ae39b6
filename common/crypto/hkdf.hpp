// HKDF-SHA256 (RFC 5869).
#pragma once

#include <cstddef>

#include "crypto/bytes.hpp"
#include "crypto/result.hpp"
#include "crypto/secret_bytes.hpp"

namespace toward::crypto {

// The longest output HKDF-SHA256 can produce: 255 blocks of 32 bytes.
inline constexpr std::size_t hkdf_sha256_max_length = 255 * 32;

// Extract-then-expand HKDF-SHA256: `length` bytes from input keying material ikm,
// with salt (empty = 32 zero bytes, as RFC 5869 says) and context info.
// invalid_length if length is 0 or above hkdf_sha256_max_length.
result<secret_bytes> hkdf_sha256(byte_view ikm, byte_view salt, byte_view info, std::size_t length);

}  // namespace toward::crypto
