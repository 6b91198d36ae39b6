// How messages and their bid metadata are named and shown: the words used on
// the command line (--bid=affection, --turn away), one line per message for
// people, and the stable JSON object for scripts.
//
// JSON message object (history --json, sync --json, send --json); every key
// is always present, null where it does not apply:
//   {"pair_id": 1,                     the pair (seqs restart with each new pair)
//    "seq": 12 | null,                 server sequence number in the pair (null: pending)
//    "client_message_id": "9f0c...",
//    "sender": "alice",
//    "direction": "sent" | "received",
//    "kind": "chat" | "bid" | "response",
//    "bid_category": "affection" | null,   (kind "bid")
//    "reply_to": 7 | null,                 (kind "response": the bid's seq)
//    "turn": "toward" | "away" | "against" | null,  (kind "response")
//    "text": "…",
//    "time_ms": 1764253201123,         Unix ms (server time once stored)
//    "status": "pending" | "sent" | "delivered" | "read" | "received" |
//              "undecryptable" | "rejected" | "expired"}
// "expired": the server's retention emptied the ciphertext before this
// device fetched it; "text" is then expired_message_text.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "local_store.hpp"
#include "toward/v1/toward.pb.h"

namespace toward::app {

const char* kind_name(v1::MessageKind kind);
const char* category_name(v1::BidCategory category);
const char* turn_name(v1::Turn turn);

// Parses a category or turn name as above; nullopt for anything else.
std::optional<v1::BidCategory> parse_category(std::string_view name);
std::optional<v1::Turn> parse_turn(std::string_view name);

// "attention, interest, ..." for error messages.
std::string category_names();

// Shown for a message whose ciphertext the server purged (retention) before
// this device fetched it: there is nothing left to decrypt.
inline constexpr const char* expired_message_text =
    "message expired on the server before this device fetched it";

// Local time as "YYYY-MM-DD HH:MM".
std::string format_time(std::int64_t unix_ms);

// One line: "#12 2026-11-27 14:20 alice: text [bid: affection] (read)"; the
// sender and the text pass through safe_for_terminal (terminal_text.hpp), so
// the text's later lines are indented under it.
std::string format_message_line(const history_entry& entry);

// The JSON object described above.
nlohmann::json message_json(const history_entry& entry);

}  // namespace toward::app
