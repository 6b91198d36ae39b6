// A Double Ratchet session (Signal's specification) between the two partners.
//
// Setting up, after pairing (both bundles verified with the invite MACs):
//   initiator: auto init = x3dh_initiate(me, partner_bundle);
//              auto s = ratchet_session::initiate(init->keys, partner_bundle.signed_prekey,
//                                                 init->initial);
//   responder, on a message whose `initial` is set and whose ephemeral key is not the
//   base_key() of its current session (or it has none):
//              auto keys = x3dh_respond(me, my_prekey, partner_bundle, *message.initial);
//              auto s = ratchet_session::respond(*keys, my_prekey.key);
//   and adopts s only if s.decrypt(message) succeeds. A message whose ephemeral key
//   equals the current base_key() goes to the current session, so a replayed first
//   message is a duplicate rather than a restart. A client that keeps the base keys of
//   its earlier sessions can also refuse replays of their first messages.
// Messages: AEAD = ChaCha20-Poly1305 keyed by expand_message_key(message key);
// associated data = session AD (from X3DH) ‖ serialize_header(header) ‖ the caller's
// extra associated data (may be empty; both sides must pass the same bytes).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "crypto/bytes.hpp"
#include "crypto/ratchet_message.hpp"
#include "crypto/result.hpp"
#include "crypto/secret_bytes.hpp"
#include "crypto/skipped_keys.hpp"
#include "crypto/x25519.hpp"
#include "crypto/x3dh.hpp"

namespace toward::crypto {

// The most message keys one chain may skip in a single step: a header implying more
// is refused (too_many_skipped) before any work is done for it.
inline constexpr std::uint32_t max_skip = 1000;

// The longest session associated data accepted.
inline constexpr std::size_t max_session_associated_data = 1024;

// The state of one session. Move-only: two copies that both encrypt would reuse
// message keys. Not thread-safe; one owner calls it at a time.
class ratchet_session {
  public:
    ratchet_session(ratchet_session&&) noexcept = default;
    ratchet_session& operator=(ratchet_session&&) noexcept = default;
    ratchet_session(const ratchet_session&) = delete;
    ratchet_session& operator=(const ratchet_session&) = delete;
    ~ratchet_session() = default;

    // The initiator's session: ratchets once against the responder's signed prekey, so
    // it can send at once. Every message it encrypts carries `initial` until it
    // decrypts a reply. invalid_length for a shared key that is not 32 bytes or empty or
    // oversized associated data; invalid_peer_key for a small-order prekey.
    static result<ratchet_session> initiate(const x3dh_keys& keys,
                                            const x25519_public_key& responder_prekey,
                                            std::optional<initial_message> initial);

    // The responder's session, from the X3DH keys and the signed prekey pair the
    // initiator used. It can send only after decrypting a first message
    // (no_sending_chain before that). invalid_length as for initiate.
    static result<ratchet_session> respond(const x3dh_keys& keys,
                                           const x25519_key_pair& own_prekey);

    // Encrypts plaintext as the next message of the sending chain. The state advances
    // *before* the message is returned: the caller must persist serialize() before the
    // message leaves the client, or a restored older state would reuse a message key.
    // On error nothing changes: no_sending_chain (responder before its first
    // message), counter_exhausted, or an OpenSSL failure.
    result<encrypted_message> encrypt(byte_view plaintext, byte_view extra_associated_data = {});

    // Decrypts message. Transactional: the state changes only when the message
    // authenticates; after any error it is exactly as before. Errors:
    // authentication_failed (tampered header, ciphertext or associated data, or a key
    // we do not have), duplicate_message (already decrypted, or its skipped key was
    // evicted), too_many_skipped (a header skipping more than max_skip in one chain),
    // invalid_peer_key (a header ratchet key of small order), counter_exhausted.
    // `message.initial` is ignored here (see the file comment).
    // A successful decryption also stops the initiator attaching `initial`.
    result<bytes> decrypt(const encrypted_message& message, byte_view extra_associated_data = {});

    // The whole state, versioned, for the client to store (it holds private keys).
    secret_bytes serialize() const;

    // Parses serialize() output. unsupported_version for an unknown version;
    // malformed_state if truncated, with trailing bytes, or inconsistent (a public
    // ratchet key that does not match its private key, impossible flags or sizes).
    static result<ratchet_session> parse(byte_view encoded);

    // The session's associated data (X3DH's AD).
    const bytes& associated_data() const noexcept { return associated_data_; }

    // The initiator's X3DH ephemeral key that this session was made from; it tells a
    // message for this session from one that starts a new session.
    const x25519_public_key& base_key() const noexcept { return base_key_; }

    // The X3DH prefix still sent with each message; empty once a reply was decrypted
    // or on the responder's side.
    const std::optional<initial_message>& pending_initial() const noexcept {
        return pending_initial_;
    }

    // True once encrypt can succeed (initiator always; responder after a message).
    bool can_send() const noexcept { return !chains_.sending_chain.empty(); }

    // How many skipped message keys are held (at most max_skipped_keys).
    std::size_t skipped_key_count() const noexcept { return skipped_.size(); }

  private:
    // Everything decrypt may change except the skipped keys; small, so decrypt works on
    // a copy of it and commits the copy only after authentication.
    struct chain_state {
        secret_bytes root_key;
        x25519_key_pair own_ratchet;
        std::optional<x25519_public_key> remote_ratchet;
        secret_bytes sending_chain;       // empty: none yet
        secret_bytes receiving_chain;     // empty: none yet
        std::uint32_t sent = 0;           // Ns
        std::uint32_t received = 0;       // Nr
        std::uint32_t previous_sent = 0;  // PN
    };

    ratchet_session() = default;

    // AD ‖ header ‖ extra: what the AEAD authenticates besides the ciphertext.
    bytes message_associated_data(const message_header& header, byte_view extra) const;

    // Signal's SkipMessageKeys on `chains`: derives the receiving chain's keys up to
    // (excluding) `until` into `skipped`; too_many_skipped beyond max_skip.
    static result<void> skip_message_keys(chain_state& chains, std::uint32_t until,
                                          std::vector<skipped_key>& skipped);

    // Signal's DHRatchet on `chains` for a new remote ratchet key.
    static result<void> dh_ratchet(chain_state& chains, const x25519_public_key& remote);

    chain_state chains_;
    bytes associated_data_;
    x25519_public_key base_key_{};
    std::optional<initial_message> pending_initial_;
    skipped_message_keys skipped_;
};

}  // namespace toward::crypto
