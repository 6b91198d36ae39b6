// ChaCha20-Poly1305 authenticated encryption (RFC 8439).
#pragma once

#include <cstddef>

#include "crypto/bytes.hpp"
#include "crypto/result.hpp"

namespace toward::crypto {

inline constexpr std::size_t aead_key_size = 32;
inline constexpr std::size_t aead_nonce_size = 12;
inline constexpr std::size_t aead_tag_size = 16;

// Encrypts plaintext under key (32 bytes) and nonce (12 bytes), authenticating
// associated_data too. Returns ciphertext ‖ 16-byte tag (plaintext.size() + 16 bytes).
// A (key, nonce) pair must never encrypt twice. invalid_length for bad key/nonce sizes
// or inputs over INT_MAX bytes.
result<bytes> aead_seal(byte_view key, byte_view nonce, byte_view associated_data,
                        byte_view plaintext);

// Decrypts sealed (ciphertext ‖ tag, as aead_seal makes it). authentication_failed if
// the tag does not match key, nonce, associated_data and ciphertext; no plaintext is
// released in that case (what was decrypted is wiped). invalid_length for bad sizes,
// including sealed shorter than a tag.
result<bytes> aead_open(byte_view key, byte_view nonce, byte_view associated_data,
                        byte_view sealed);

}  // namespace toward::crypto
