// Lowercase hexadecimal encoding, for displaying keys and writing test vectors.
#pragma once

#include <string>
#include <string_view>

#include "crypto/bytes.hpp"
#include "crypto/result.hpp"

namespace toward::crypto {

// data as lowercase hex, two characters per byte.
std::string to_hex(byte_view data);

// Decodes hex (either case, no separators); invalid_length for an odd length,
// malformed_message for a character that is not a hex digit.
result<bytes> from_hex(std::string_view hex);

}  // namespace toward::crypto
