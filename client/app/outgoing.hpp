// Composing an outgoing message: who may receive it, its tags from the
// user's flags, and encrypting it into the outbox. Shared by `send` and `chat`.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "app_result.hpp"
#include "bids/bid_classifier.hpp"
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

// Whether the user chose no tag at all (then the classifier proposes one).
inline bool untagged(const message_tags& tags) {
    return !tags.bid && !tags.reply_to && tags.turn.empty() && tags.bid_category.empty();
}

// The response window assumed when the server cannot tell the pair's.
inline constexpr std::uint32_t default_response_window_minutes = 4 * 60;

// The partner's open bids, oldest first: bids received in this pair,
// younger than the response window, sent after the newest bid we answered
// (answering a bid closes it and the older ones).
app_result<std::vector<history_entry>> open_partner_bids(local_store& store,
                                                         std::uint32_t window_minutes);
// The newest of them, if any.
app_result<std::optional<history_entry>> open_partner_bid(local_store& store,
                                                          std::uint32_t window_minutes);

// What the classifier proposes for text: when the partner has open bids, a
// response to the one it answers (bids::pick_answered_bid) with
// classify_answer's turn in that bid's context; else classify_message's bid
// or chat, knowing whether it follows the sender's own bid.
struct auto_tagging {
    message_tags tags;
    bids::classification decision;
};
app_result<auto_tagging> auto_tags(local_store& store, const std::string& text,
                                   std::uint32_t window_minutes);

// "bid: support", "response to #12: toward", "chat".
std::string describe_meta(const message_meta& meta);

// The tags a message goes out with, and why.
struct chosen_meta {
    message_meta meta;
    std::string rule;        // the classifier's rule; empty when the user chose
    bool untracked = false;  // tags dropped: tracking is off for the pair
    std::string notice;      // for the user when their own tags were dropped
};
// Tags from the user's flags, or (automatic) from the classifier; then
// dropped to chat when settings say tracking is off (no settings: kept).
app_result<chosen_meta> choose_meta(local_store& store, const std::string& text,
                                    const message_tags& tags, bool automatic,
                                    const std::optional<v1::PairSettings>& settings);
// "bid: support — rule feeling.disclosure", "chat — as you chose".
std::string describe_choice(const chosen_meta& chosen);

// The longest message text accepted.
inline constexpr std::size_t max_text_bytes = 32 * 1024;

// The partner to send to; fails when not paired, the pairing was rejected, or
// the partner's key changed and was not accepted yet.
app_result<partner_record> sendable_partner(local_store& store);

// The metadata for tags: checks the category and turn names, and that a
// response answers a bid of the partner's in the local history.
app_result<message_meta> meta_from_tags(local_store& store, const message_tags& tags);
// The same checks but the last, which needs the history up to date (a bid
// the partner retagged while this home was offline).
app_result<message_meta> meta_from_tag_names(const message_tags& tags);

// The message as the server will store it while bid tracking is off: plain
// chat. Returns the notice to show when that drops the user's tags.
std::string untag_without_tracking(message_meta& meta);

// Encrypts text and queues it in the outbox with its history entry; the
// ratchet state, the history row and the outbox row commit together before
// anything is sent. Returns the pending history entry. Text holding a NUL
// byte is refused (sealed_content.hpp).
app_result<history_entry> queue_message(local_store& store, const std::string& user_name,
                                        const partner_record& partner, message_meta meta,
                                        const std::string& text);

// Encrypts sealed content (check-in answers, a trigger list) and queues it
// as a plain chat message, marked sealed so the history never shows it.
// make_content runs inside the transaction that queues it, so the local
// change it makes (storing the answers, adding a trigger) and the outbox row
// are stored together or not at all. Returns the pending entry.
app_result<history_entry> queue_sealed(
    local_store& store, const std::string& user_name, const partner_record& partner,
    const std::function<app_result<v1::SealedContent>()>& make_content);

}  // namespace toward::app
