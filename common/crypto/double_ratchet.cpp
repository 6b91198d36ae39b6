#include "crypto/double_ratchet.hpp"

#include <limits>

#include "crypto/aead.hpp"
#include "crypto/byte_codec.hpp"
#include "crypto/ratchet_kdf.hpp"

namespace toward::crypto {
namespace {

constexpr std::uint32_t last_counter = std::numeric_limits<std::uint32_t>::max();

result<void> check_keys(const x3dh_keys& keys) {
    if (keys.shared_key.size() != ratchet_key_size || keys.associated_data.empty() ||
        keys.associated_data.size() > max_session_associated_data) {
        return crypto_errc::invalid_length;
    }
    return {};
}

result<bytes> seal_with_message_key(byte_view message_key, byte_view associated_data,
                                    byte_view plaintext) {
    auto cipher_key = expand_message_key(message_key);
    if (!cipher_key) return cipher_key.error();
    return aead_seal(cipher_key->key, cipher_key->nonce, associated_data, plaintext);
}

result<bytes> open_with_message_key(byte_view message_key, byte_view associated_data,
                                    byte_view ciphertext) {
    // Too short to hold a tag: as unauthentic as a wrong tag.
    if (ciphertext.size() < aead_tag_size) return crypto_errc::authentication_failed;
    auto cipher_key = expand_message_key(message_key);
    if (!cipher_key) return cipher_key.error();
    return aead_open(cipher_key->key, cipher_key->nonce, associated_data, ciphertext);
}

}  // namespace

result<ratchet_session> ratchet_session::initiate(const x3dh_keys& keys,
                                                  const x25519_public_key& responder_prekey,
                                                  std::optional<initial_message> initial) {
    if (auto ok = check_keys(keys); !ok) return ok.error();
    auto own = x25519_generate();
    if (!own) return own.error();
    auto dh_output = x25519_derive(own->private_key, responder_prekey);
    if (!dh_output) return dh_output.error();
    auto step = kdf_root(keys.shared_key, *dh_output);
    if (!step) return step.error();

    ratchet_session session;
    session.chains_.root_key = std::move(step->root_key);
    session.chains_.sending_chain = std::move(step->chain_key);
    session.chains_.own_ratchet = std::move(*own);
    session.chains_.remote_ratchet = responder_prekey;
    session.associated_data_ = keys.associated_data;
    session.base_key_ = keys.base_key;
    session.pending_initial_ = initial;
    return session;
}

result<ratchet_session> ratchet_session::respond(const x3dh_keys& keys,
                                                 const x25519_key_pair& own_prekey) {
    if (auto ok = check_keys(keys); !ok) return ok.error();
    if (own_prekey.private_key.size() != x25519_key_size) return crypto_errc::invalid_length;
    ratchet_session session;
    session.chains_.root_key = keys.shared_key;
    session.chains_.own_ratchet = own_prekey;
    session.associated_data_ = keys.associated_data;
    session.base_key_ = keys.base_key;
    return session;
}

bytes ratchet_session::message_associated_data(const message_header& header,
                                               byte_view extra) const {
    bytes out = associated_data_;
    append_bytes(out, serialize_header(header));
    append_bytes(out, extra);
    return out;
}

result<encrypted_message> ratchet_session::encrypt(byte_view plaintext,
                                                   byte_view extra_associated_data) {
    if (chains_.sending_chain.empty()) return crypto_errc::no_sending_chain;
    if (chains_.sent == last_counter) return crypto_errc::counter_exhausted;

    secret_bytes next_chain = chains_.sending_chain;
    auto message_key = kdf_chain(next_chain);
    if (!message_key) return message_key.error();
    const message_header header{chains_.own_ratchet.public_key, chains_.previous_sent,
                                chains_.sent};
    auto ciphertext = seal_with_message_key(
        *message_key, message_associated_data(header, extra_associated_data), plaintext);
    if (!ciphertext) return ciphertext.error();

    chains_.sending_chain = std::move(next_chain);
    ++chains_.sent;
    return encrypted_message{pending_initial_, header, std::move(*ciphertext)};
}

result<void> ratchet_session::skip_message_keys(chain_state& chains, std::uint32_t until,
                                                std::vector<skipped_key>& skipped) {
    if (std::uint64_t{until} > std::uint64_t{chains.received} + max_skip) {
        return crypto_errc::too_many_skipped;
    }
    if (chains.receiving_chain.empty()) return {};
    while (chains.received < until) {
        auto message_key = kdf_chain(chains.receiving_chain);
        if (!message_key) return message_key.error();
        skipped.push_back(
            skipped_key{*chains.remote_ratchet, chains.received, std::move(*message_key)});
        ++chains.received;
    }
    return {};
}

result<void> ratchet_session::dh_ratchet(chain_state& chains, const x25519_public_key& remote) {
    auto receive_secret = x25519_derive(chains.own_ratchet.private_key, remote);
    if (!receive_secret) return receive_secret.error();
    auto receive_step = kdf_root(chains.root_key, *receive_secret);
    if (!receive_step) return receive_step.error();
    auto own = x25519_generate();
    if (!own) return own.error();
    auto send_secret = x25519_derive(own->private_key, remote);
    if (!send_secret) return send_secret.error();
    auto send_step = kdf_root(receive_step->root_key, *send_secret);
    if (!send_step) return send_step.error();

    chains.previous_sent = chains.sent;
    chains.sent = 0;
    chains.received = 0;
    chains.remote_ratchet = remote;
    chains.receiving_chain = std::move(receive_step->chain_key);
    chains.own_ratchet = std::move(*own);
    chains.root_key = std::move(send_step->root_key);
    chains.sending_chain = std::move(send_step->chain_key);
    return {};
}

result<bytes> ratchet_session::decrypt(const encrypted_message& message,
                                       byte_view extra_associated_data) {
    const message_header& header = message.header;
    const bytes associated_data = message_associated_data(header, extra_associated_data);

    if (const secret_bytes* key = skipped_.find(header.ratchet_key, header.message_number)) {
        auto plaintext = open_with_message_key(*key, associated_data, message.ciphertext);
        if (!plaintext) return plaintext.error();
        skipped_.erase(header.ratchet_key, header.message_number);
        pending_initial_.reset();
        return plaintext;
    }
    if (header.message_number == last_counter) return crypto_errc::counter_exhausted;

    chain_state next = chains_;
    std::vector<skipped_key> newly_skipped;
    if (next.remote_ratchet && header.ratchet_key == *next.remote_ratchet) {
        if (header.message_number < next.received) return crypto_errc::duplicate_message;
        // Only the initiator's first remote key (the responder's prekey) has no
        // receiving chain, and the responder never sends under it.
        if (next.receiving_chain.empty()) return crypto_errc::authentication_failed;
    } else {
        if (auto ok = skip_message_keys(next, header.previous_chain_length, newly_skipped); !ok) {
            return ok.error();
        }
        if (auto ok = dh_ratchet(next, header.ratchet_key); !ok) return ok.error();
    }
    if (auto ok = skip_message_keys(next, header.message_number, newly_skipped); !ok) {
        return ok.error();
    }
    auto message_key = kdf_chain(next.receiving_chain);
    if (!message_key) return message_key.error();
    ++next.received;

    auto plaintext = open_with_message_key(*message_key, associated_data, message.ciphertext);
    if (!plaintext) return plaintext.error();

    chains_ = std::move(next);
    for (auto& key : newly_skipped) skipped_.add(std::move(key));
    pending_initial_.reset();
    return plaintext;
}

}  // namespace toward::crypto
