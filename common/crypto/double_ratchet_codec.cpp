// ratchet_session::serialize and ::parse: the session's storage format, version 1.
//
//   version (1) ‖ flags (1) ‖ root key (32) ‖ own ratchet private (32) ‖ own ratchet
//   public (32) ‖ [remote ratchet key (32)] ‖ [sending chain (32)] ‖
//   [receiving chain (32)] ‖ Ns ‖ Nr ‖ PN (u32 BE each) ‖ AD length (u32 BE) ‖ AD ‖
//   base key (32) ‖ [initial_message (96)] ‖ skipped count (u32 BE) ‖ count × (ratchet key (32) ‖
//   n (u32 BE) ‖ message key (32)), oldest first
//
// Bracketed fields are present when their flag bit is set: 0x01 remote ratchet key,
// 0x02 sending chain, 0x04 receiving chain, 0x08 initial_message.
#include <cstdint>

#include "crypto/byte_codec.hpp"
#include "crypto/double_ratchet.hpp"
#include "crypto/ratchet_kdf.hpp"

namespace toward::crypto {
namespace {

constexpr std::uint8_t state_version = 1;
constexpr std::uint8_t has_remote = 0x01;
constexpr std::uint8_t has_sending = 0x02;
constexpr std::uint8_t has_receiving = 0x04;
constexpr std::uint8_t has_initial = 0x08;
constexpr std::uint8_t known_flags = has_remote | has_sending | has_receiving | has_initial;

// Reads a 32-byte secret; false if the input is too short.
bool read_key(byte_reader& in, secret_bytes& out) {
    auto part = in.read(ratchet_key_size);
    if (!part) return false;
    out.assign(part->begin(), part->end());
    return true;
}

}  // namespace

secret_bytes ratchet_session::serialize() const {
    std::uint8_t flags = 0;
    if (chains_.remote_ratchet) flags |= has_remote;
    if (!chains_.sending_chain.empty()) flags |= has_sending;
    if (!chains_.receiving_chain.empty()) flags |= has_receiving;
    if (pending_initial_) flags |= has_initial;

    secret_bytes out;
    out.push_back(state_version);
    out.push_back(flags);
    append_bytes(out, chains_.root_key);
    append_bytes(out, chains_.own_ratchet.private_key);
    append_bytes(out, chains_.own_ratchet.public_key);
    if (chains_.remote_ratchet) append_bytes(out, *chains_.remote_ratchet);
    append_bytes(out, chains_.sending_chain);
    append_bytes(out, chains_.receiving_chain);
    append_u32_be(out, chains_.sent);
    append_u32_be(out, chains_.received);
    append_u32_be(out, chains_.previous_sent);
    append_u32_be(out, static_cast<std::uint32_t>(associated_data_.size()));
    append_bytes(out, associated_data_);
    append_bytes(out, base_key_);
    if (pending_initial_) append_bytes(out, serialize_initial_message(*pending_initial_));
    append_u32_be(out, static_cast<std::uint32_t>(skipped_.size()));
    for (const skipped_key& entry : skipped_.entries()) {
        append_bytes(out, entry.ratchet_key);
        append_u32_be(out, entry.message_number);
        append_bytes(out, entry.message_key);
    }
    return out;
}

result<ratchet_session> ratchet_session::parse(byte_view encoded) {
    byte_reader in(encoded);
    const auto version = in.read_u8();
    if (!version) return crypto_errc::malformed_state;
    if (*version != state_version) return crypto_errc::unsupported_version;
    const auto flags = in.read_u8();
    if (!flags || (*flags & ~known_flags) != 0) return crypto_errc::malformed_state;
    // A receiving chain exists only for a known remote ratchet key.
    if ((*flags & has_receiving) && !(*flags & has_remote)) return crypto_errc::malformed_state;

    ratchet_session session;
    chain_state& chains = session.chains_;
    if (!read_key(in, chains.root_key) || !read_key(in, chains.own_ratchet.private_key) ||
        !in.read_into(chains.own_ratchet.public_key)) {
        return crypto_errc::malformed_state;
    }
    if (*flags & has_remote) {
        chains.remote_ratchet.emplace();
        if (!in.read_into(*chains.remote_ratchet)) return crypto_errc::malformed_state;
    }
    if ((*flags & has_sending) && !read_key(in, chains.sending_chain)) {
        return crypto_errc::malformed_state;
    }
    if ((*flags & has_receiving) && !read_key(in, chains.receiving_chain)) {
        return crypto_errc::malformed_state;
    }
    const auto sent = in.read_u32_be();
    const auto received = in.read_u32_be();
    const auto previous_sent = in.read_u32_be();
    const auto ad_size = in.read_u32_be();
    if (!sent || !received || !previous_sent || !ad_size || *ad_size == 0 ||
        *ad_size > max_session_associated_data) {
        return crypto_errc::malformed_state;
    }
    chains.sent = *sent;
    chains.received = *received;
    chains.previous_sent = *previous_sent;
    const auto ad = in.read(*ad_size);
    if (!ad) return crypto_errc::malformed_state;
    session.associated_data_.assign(ad->begin(), ad->end());
    if (!in.read_into(session.base_key_)) return crypto_errc::malformed_state;

    if (*flags & has_initial) {
        const auto initial_bytes = in.read(initial_message_size);
        if (!initial_bytes) return crypto_errc::malformed_state;
        auto initial = parse_initial_message(*initial_bytes);
        if (!initial) return crypto_errc::malformed_state;
        session.pending_initial_ = *initial;
    }

    const auto skipped_count = in.read_u32_be();
    if (!skipped_count || *skipped_count > max_skipped_keys) return crypto_errc::malformed_state;
    for (std::uint32_t i = 0; i < *skipped_count; ++i) {
        skipped_key entry;
        const bool has_ratchet_key = in.read_into(entry.ratchet_key);
        const auto number = in.read_u32_be();
        if (!has_ratchet_key || !number || !read_key(in, entry.message_key)) {
            return crypto_errc::malformed_state;
        }
        entry.message_number = *number;
        session.skipped_.add(std::move(entry));
    }
    if (!in.at_end()) return crypto_errc::malformed_state;

    // Catches a state whose key bytes were corrupted in storage.
    auto public_key = x25519_public_from_private(chains.own_ratchet.private_key);
    if (!public_key || *public_key != chains.own_ratchet.public_key) {
        return crypto_errc::malformed_state;
    }
    return session;
}

}  // namespace toward::crypto
