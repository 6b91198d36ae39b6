// Composing an outgoing message: who may receive it, its tags from the
// user's flags, and encrypting it into the outbox. Shared by `send` and `chat`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app_result.hpp"
#include "e2e.hpp"
#include "local_store.hpp"

namespace toward::app {

// The user's choice of kind for one message (send's flags, chat's /commands).
struct message_tags {
    bool bid = false;
    std::string bid_category;  // empty: attention
    std::optional<std::uint64_t> reply_to;
    std::string turn;  // empty: toward; only with reply_to
};

// The longest message text accepted.
inline constexpr std::size_t max_text_bytes = 32 * 1024;

// The partner to send to; fails when not paired, the pairing was rejected, or
// the partner's key changed and was not accepted yet.
app_result<partner_record> sendable_partner(local_store& store);

// The metadata for tags: checks the category and turn names, and that a
// response answers a bid of the partner's in the local history.
app_result<message_meta> meta_from_tags(local_store& store, const message_tags& tags);

// The message as the server will store it while bid tracking is off: plain
// chat. Returns the notice to show when that drops the user's tags.
std::string untag_without_tracking(message_meta& meta);

// Encrypts text and queues it in the outbox with its history entry; the
// ratchet state, the history row and the outbox row commit together before
// anything is sent. Returns the pending history entry.
app_result<history_entry> queue_message(local_store& store, const std::string& user_name,
                                        const partner_record& partner, message_meta meta,
                                        const std::string& text);

}  // namespace toward::app
