// The messages a Double Ratchet session sends: the clear header, the optional X3DH
// prefix, the ciphertext, and one opaque encoding of all three for the wire.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "crypto/bytes.hpp"
#include "crypto/result.hpp"
#include "crypto/x25519.hpp"
#include "crypto/x3dh.hpp"

namespace toward::crypto {

// The Double Ratchet header, sent in clear and authenticated as associated data.
struct message_header {
    x25519_public_key ratchet_key{};        // the sender's current ratchet public key
    std::uint32_t previous_chain_length{};  // pn: messages in the sender's previous chain
    std::uint32_t message_number{};         // n: this message's number in its chain
};

// ratchet_key ‖ pn (u32 big-endian) ‖ n (u32 big-endian).
inline constexpr std::size_t message_header_size = x25519_key_size + 4 + 4;

// The fixed message_header_size-byte encoding of header.
bytes serialize_header(const message_header& header);

// Parses serialize_header output; malformed_message for a wrong length.
result<message_header> parse_header(byte_view encoded);

// One encrypted message. `initial` is present on every message the initiator sends
// until it has decrypted its partner's first reply, so the partner can run
// x3dh_respond even when earlier messages were lost. `ciphertext` is the AEAD output
// (ciphertext ‖ 16-byte tag).
struct encrypted_message {
    std::optional<initial_message> initial;
    message_header header;
    bytes ciphertext;
};

inline constexpr std::uint8_t message_version = 1;

// The wire encoding of message, what the server stores and relays:
//   version (1) ‖ has_initial (1: 0 or 1) ‖ [initial_message, 96] ‖ header (40) ‖ ciphertext
bytes pack_message(const encrypted_message& message);

// Parses pack_message output. unsupported_version for an unknown version;
// malformed_message if it is truncated, the flag is not 0 or 1, or the ciphertext is
// shorter than an AEAD tag.
result<encrypted_message> unpack_message(byte_view packed);

}  // namespace toward::crypto
