// End-to-end encryption of messages between the partners: X3DH to start a
// session, the Double Ratchet for every message, and the choice of session
// when both partners started one at the same time.
//
// Sessions live in the local store, named by their X3DH base key; one is
// current (the one we send with). Rules:
// - sending: with the current session, or a new X3DH initiator session when
//   there is none;
// - a message carrying an X3DH prefix for a session we hold goes to it; one
//   for an unknown session makes a responder session, kept only if the
//   message decrypts. It becomes current unless our current session is an
//   initiator session still waiting for its first reply whose base key is
//   smaller (both partners apply the same rule, so when both started a
//   session at once they settle on the same one);
// - a message without the prefix is tried on the current session, then on
//   the older ones.
// The message's client_message_id is bound into its associated data, so the
// server cannot pass one message off under another's id. The bid metadata
// (kind, category, response) is not bound: the server legitimately changes it
// (it drops tags while the pair has not consented to bid tracking, and
// relays retags).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "app_result.hpp"
#include "crypto/identity.hpp"
#include "local_store.hpp"
#include "toward/v1/toward.pb.h"

namespace toward::app {

// The cleartext part of a message, sent beside its ciphertext.
struct message_meta {
    std::string client_message_id;
    v1::MessageKind kind = v1::KIND_CHAT;
    v1::BidCategory bid_category = v1::BID_UNSPECIFIED;
    std::uint64_t reply_to = 0;  // a response's bid seq
    v1::Turn turn = v1::TURN_UNSPECIFIED;
};

// The metadata of a received envelope (KIND_UNSPECIFIED read as KIND_CHAT).
message_meta meta_of(const v1::Envelope& envelope);

// What SendMessageRequest carries for one message.
struct sealed_message {
    std::string ratchet_header;  // message version, X3DH prefix if any, ratchet header
    std::string ciphertext;      // AEAD output (ciphertext ‖ tag)
};

// Encrypts text for partner and saves the advanced session state in store
// before returning. Call it inside the store transaction that also queues the
// result in the outbox, so nothing leaves the client before the state that
// produced it is on disk.
app_result<sealed_message> seal_message(local_store& store, const own_keys& own,
                                        const crypto::public_bundle& partner,
                                        const message_meta& meta, std::string_view text);

// Decrypts a partner's envelope and saves the session it used or made. The
// store is changed only on success; call it inside the transaction that also
// stores the plaintext.
app_result<std::string> open_message(local_store& store, const own_keys& own,
                                     const crypto::public_bundle& partner,
                                     const v1::Envelope& envelope);

}  // namespace toward::app
