// RFC 4648 base32 in lowercase without padding, the alphabet of invite secrets:
// no 0/1/8/9, so nothing reads as a letter, and case does not matter when typed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "crypto/bytes.hpp"
#include "crypto/secret_bytes.hpp"

namespace toward::crypto {

// data in base32 ("a"–"z", "2"–"7"), lowercase, without '=' padding.
std::string base32_encode(byte_view data);

// Decodes what base32_encode makes; letters of either case are accepted. nullopt
// for any other character (padding included), an impossible length, or unused
// trailing bits that are not zero (so each byte string has exactly one encoding).
// Returns secret_bytes because invite secrets are decoded with it.
std::optional<secret_bytes> base32_decode(std::string_view text);

}  // namespace toward::crypto
