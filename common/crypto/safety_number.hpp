// Safety numbers: Signal's displayable fingerprint of both partners' identity keys,
// which they compare in person or by phone.
#pragma once

#include <string>
#include <string_view>

#include "crypto/bytes.hpp"
#include "crypto/result.hpp"

namespace toward::crypto {

// Signal's iteration count for version 0 fingerprints.
inline constexpr int safety_number_iterations = 5200;

// The 60-digit safety number of two parties, as libsignal computes it (version 0).
// For each party: h = SHA-512(0x00 0x00 ‖ key ‖ id ‖ key), then h = SHA-512(h ‖ key),
// safety_number_iterations hashes in all; the first 30 bytes of h as six 5-byte
// big-endian numbers, each mod 100000 in 5 digits, give 30 digits. The two 30-digit
// strings are joined smaller first, so both partners see the same number.
// `key` is whatever stable public-key bytes both sides agree on (Toward passes
// identity_fingerprint_key of the bundle); `id` a stable identifier (the user name).
// Fails only if OpenSSL does.
result<std::string> safety_number(byte_view local_key, std::string_view local_id,
                                  byte_view remote_key, std::string_view remote_id);

}  // namespace toward::crypto
