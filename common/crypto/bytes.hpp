// Byte-buffer vocabulary shared by the crypto library.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace toward::crypto {

// Non-secret bytes: public keys, signatures, ciphertext, serialized bundles.
using bytes = std::vector<std::uint8_t>;

// A read-only view of bytes; every function takes its byte inputs this way, so
// bytes, secret_bytes and std::array all convert implicitly.
using byte_view = std::span<const std::uint8_t>;

// Views the characters of a string as bytes (no copy; same lifetime as s).
inline byte_view as_bytes(std::string_view s) noexcept {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace toward::crypto
