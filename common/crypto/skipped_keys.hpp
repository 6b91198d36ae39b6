// The message keys a Double Ratchet session keeps for messages that have not
// arrived yet (out-of-order or lost), bounded in number.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>

#include "crypto/secret_bytes.hpp"
#include "crypto/x25519.hpp"

namespace toward::crypto {

// How many skipped message keys a session keeps in all; adding more evicts the oldest
// (a message that late can no longer be decrypted).
inline constexpr std::size_t max_skipped_keys = 2000;

// One skipped message: the sender's ratchet key and message number that identify it,
// and the key that decrypts it.
struct skipped_key {
    x25519_public_key ratchet_key{};
    std::uint32_t message_number{};
    secret_bytes message_key;
};

// Skipped message keys in the order they were skipped, oldest first. Lookups are
// linear, which at max_skipped_keys entries costs less than one X25519 operation.
class skipped_message_keys {
  public:
    // The key for (ratchet_key, message_number), or null. The pointer is valid until
    // the next add or erase.
    const secret_bytes* find(const x25519_public_key& ratchet_key,
                             std::uint32_t message_number) const noexcept;

    // Removes the key for (ratchet_key, message_number), if present.
    void erase(const x25519_public_key& ratchet_key, std::uint32_t message_number) noexcept;

    // Stores key as the newest, first evicting the oldest keys to stay within
    // max_skipped_keys.
    void add(skipped_key key);

    const std::deque<skipped_key>& entries() const noexcept { return entries_; }
    std::size_t size() const noexcept { return entries_.size(); }

  private:
    std::deque<skipped_key> entries_;
};

}  // namespace toward::crypto
