#include "crypto/skipped_keys.hpp"

#include <algorithm>

namespace toward::crypto {
namespace {

auto matching(const x25519_public_key& ratchet_key, std::uint32_t message_number) {
    return [&ratchet_key, message_number](const skipped_key& entry) {
        return entry.message_number == message_number && entry.ratchet_key == ratchet_key;
    };
}

}  // namespace

const secret_bytes* skipped_message_keys::find(const x25519_public_key& ratchet_key,
                                               std::uint32_t message_number) const noexcept {
    const auto it =
        std::find_if(entries_.begin(), entries_.end(), matching(ratchet_key, message_number));
    return it == entries_.end() ? nullptr : &it->message_key;
}

void skipped_message_keys::erase(const x25519_public_key& ratchet_key,
                                 std::uint32_t message_number) noexcept {
    const auto it =
        std::find_if(entries_.begin(), entries_.end(), matching(ratchet_key, message_number));
    if (it != entries_.end()) entries_.erase(it);
}

void skipped_message_keys::add(skipped_key key) {
    while (entries_.size() >= max_skipped_keys) entries_.pop_front();
    entries_.push_back(std::move(key));
}

}  // namespace toward::crypto
