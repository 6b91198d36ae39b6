// base64url without padding (RFC 4648 §5), for tokens and ids in text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace toward {

std::string base64url_encode(std::string_view bytes);

// Returns std::nullopt when `text` holds a character outside the alphabet or
// has an impossible length.
std::optional<std::string> base64url_decode(std::string_view text);

// Lowercase hexadecimal.
std::string hex_encode(std::string_view bytes);

}  // namespace toward
