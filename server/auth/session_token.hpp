// Session tokens: 256 random bits handed to the client once; the server
// keeps only their SHA-256.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace toward::server {

// A new token as base64url text (43 characters), or nullopt if the system's
// random source fails.
std::optional<std::string> make_session_token();

// SHA-256 of the token text, as raw bytes: what the store keeps and looks up.
std::string hash_session_token(std::string_view token);

// A random identifier of `bytes` random bytes in lowercase hex (for invite ids).
std::optional<std::string> make_random_id(std::size_t bytes);

}  // namespace toward::server
