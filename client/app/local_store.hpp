// The client's local store: one SQLite file (toward.db) in the home directory
// holding everything this client knows and the server must not: settings and
// session token, private keys, the partner's accepted keys, ratchet sessions,
// the decrypted history and the outbox of messages not yet acknowledged.
//
// Every method returns an app_result; SQLite failures never escape as
// exceptions. Not thread-safe: one thread uses a store.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app_result.hpp"
#include "crypto/identity.hpp"
#include "crypto/secret_bytes.hpp"
#include "toward/v1/content.pb.h"
#include "toward/v1/toward.pb.h"

namespace toward::sqlite {
class database;
}

namespace toward::app {

// Names of the settings the client keeps (settings table keys).
namespace setting {
inline constexpr const char* server_url = "server_url";
inline constexpr const char* ca_file = "ca_file";
inline constexpr const char* user_name = "user_name";
inline constexpr const char* session_token = "session_token";
inline constexpr const char* delivered_seq = "delivered_seq";  // last seq stored locally
inline constexpr const char* pair_settings = "pair_settings";  // the last PairSettings seen
// The pair's last retag number up to which every retag is applied here.
inline constexpr const char* retag_seq = "retag_seq";
}  // namespace setting

// This client's private keys.
struct own_keys {
    crypto::identity_keys identity;
    crypto::signed_prekey prekey;
};

// Whether the keys of the pair were authenticated by the invite.
enum class partner_trust {
    verified,  // the invite MAC matched: the keys are the partner's
    rejected,  // the MAC did not match (or could not be checked): nothing is sent
};

// What this client knows of its partner.
struct partner_record {
    std::string user_name;
    std::uint64_t pair_id = 0;
    std::string bundle;             // the accepted KeyBundle, as the wire carries it
    std::string accepted_identity;  // identity_fingerprint_key of that bundle
    std::string pending_bundle;     // non-empty: a changed key waiting for accept-key
    partner_trust trust = partner_trust::verified;
    std::string problem;  // why trust is rejected, one line
};

// An invite this client created and whose redemption it has yet to verify.
struct pending_invite {
    std::string invite_id;
    crypto::secret_bytes secret;
    std::string inviter_bundle;  // our KeyBundle as sent with the invite (wire bytes)
    std::int64_t expires_at_ms = 0;
};

// One stored Double Ratchet session, named by its X3DH base key.
struct stored_session {
    std::string base_key;        // 32 bytes
    crypto::secret_bytes state;  // ratchet_session::serialize()
    bool current = false;        // the session this client sends with
};

// Delivery state of a history entry.
enum class message_status {
    pending,        // sent by us, not yet acknowledged by the server
    sent,           // stored by the server (has a seq)
    delivered,      // the partner's client has stored it
    read,           // the partner has seen it
    received,       // from the partner, decrypted
    undecryptable,  // from the partner, could not be decrypted (text says why)
    rejected,       // sent by us, refused by the server for good
    expired,        // from the partner, emptied by the server's retention before we fetched it
};

// One message of the local history, in clear.
struct history_entry {
    std::int64_t id = 0;               // local row id
    std::uint64_t pair_id = 0;         // the pair it belongs to (seqs restart with each pair)
    std::optional<std::uint64_t> seq;  // the server's per-pair number, once known
    std::string sender;
    bool outgoing = false;
    v1::MessageKind kind = v1::KIND_CHAT;
    v1::BidCategory bid_category = v1::BID_UNSPECIFIED;
    std::uint64_t reply_to = 0;  // for a response: the bid's seq
    v1::Turn turn = v1::TURN_UNSPECIFIED;
    std::string text;
    std::int64_t time_ms = 0;  // server time once known, else local time
    std::string client_message_id;
    message_status status = message_status::pending;
    // Sealed content (check-in answers, a trigger list): kept here for its
    // seq and delivery, never shown as a message; text is a short label.
    bool sealed = false;
};

// What a retag changed in the local history.
enum class retag_effect {
    none,             // no such message here, or it had these tags already
    partner_message,  // a message of the partner's now has new tags
    own_message,      // one of ours (retagged here, or on another device)
};

// A message waiting for the server's acknowledgement: what to resend, verbatim.
struct outbox_entry {
    history_entry message;
    std::string ratchet_header;
    std::string ciphertext;
};

// One partner's answers to one check-in (docs/CHECKIN.md).
struct checkin_record {
    std::uint64_t pair_id = 0;
    bool outgoing = false;  // our own answers
    std::string author;
    v1::CheckinAnswers answers;  // answers.occurrence() names the check-in
};

// The partner's latest trigger list.
struct partner_triggers_record {
    std::string author;
    v1::TriggerList list;
};

class local_store {
  public:
    // Opens (creating and migrating) home/toward.db. The home must exist.
    static app_result<std::unique_ptr<local_store>> open(const std::filesystem::path& home);
    ~local_store();
    local_store(const local_store&) = delete;
    local_store& operator=(const local_store&) = delete;

    // Runs body inside one transaction: committed when body succeeds, rolled
    // back when it fails. Not reentrant.
    app_status transaction(const std::function<app_status()>& body);

    // --- settings ---
    app_result<std::optional<std::string>> setting(const std::string& key);
    app_status set_setting(const std::string& key, const std::string& value);
    app_status erase_setting(const std::string& key);

    // --- own keys ---
    app_result<std::optional<own_keys>> keys();
    app_status save_keys(const own_keys& keys);

    // --- partner ---
    app_result<std::optional<partner_record>> partner();
    app_status save_partner(const partner_record& partner);
    // Forgets the partner, every ratchet session, the last delivered seq and
    // retag number, the cached pair settings and the partner's triggers
    // (after unpairing, or before storing a new pair).
    app_status forget_partner();

    // --- invites ---
    app_result<std::vector<pending_invite>> pending_invites();
    app_status add_pending_invite(const pending_invite& invite);
    app_status clear_pending_invites();

    // --- ratchet sessions ---
    app_result<std::vector<stored_session>> sessions();
    // Inserts or updates session by base key. current = true makes it the
    // current session and all others non-current; current = false leaves the
    // row's flag as it was. Keeps a few non-current sessions (oldest dropped).
    app_status save_session(const stored_session& session);
    app_status clear_sessions();

    // --- history ---
    // Appends entry (its id is ignored) and returns the new row id.
    app_result<std::int64_t> add_message(const history_entry& entry);
    // True when this very message (this seq, this client message id) is
    // already stored; an error when another message holds its seq, so that
    // a message is never dropped as seen without having been stored.
    app_result<bool> has_message(std::uint64_t pair_id, std::uint64_t seq,
                                 const std::string& client_message_id);
    // Our own message with this client_message_id, if any.
    app_result<std::optional<history_entry>> find_outgoing(const std::string& client_message_id);
    // Records the server's acknowledgement: seq, server time, status sent, and
    // removes the message from the outbox.
    app_status mark_sent(std::int64_t id, std::uint64_t seq, std::int64_t server_time_ms);
    app_status set_status(std::int64_t id, message_status status);
    // Raises our sent messages of this pair up to seq to delivered or read
    // (never lowers).
    app_status mark_receipt(std::uint64_t pair_id, std::uint64_t up_to_seq, message_status status);
    // Changes the bid metadata of the message with this seq in this pair (a
    // retag relayed by the server); nothing when there is no such message,
    // or when it already has these tags.
    app_result<retag_effect> retag_message(std::uint64_t pair_id, std::uint64_t seq,
                                           v1::MessageKind kind, v1::BidCategory bid_category,
                                           std::uint64_t reply_to, v1::Turn turn);
    // The last `limit` messages (0: all), oldest first; sealed entries left out.
    app_result<std::vector<history_entry>> history(std::size_t limit);

    // --- outbox ---
    app_status add_outbox(std::int64_t message_id, const std::string& ratchet_header,
                          const std::string& ciphertext);
    app_result<std::vector<outbox_entry>> outbox();
    app_status remove_outbox(std::int64_t message_id);

    // --- the whole home ---
    // Erases everything this store holds (settings, session, keys, partner,
    // invites, ratchet sessions, history, outbox) and rebuilds the file so
    // nothing of it lingers in free pages. For a deleted account.
    app_status erase_everything();
    // --- pair settings, as the server last sent them ---
    app_result<std::optional<v1::PairSettings>> cached_pair_settings();
    app_status cache_pair_settings(const v1::PairSettings& settings);

    // --- check-ins ---
    // Stores answers unless the same author's answers for that check-in are
    // already stored with a later answered_at_ms; true when stored.
    app_result<bool> save_checkin(const checkin_record& record);
    // The answers of one check-in of this pair by us (outgoing) or the partner.
    app_result<std::optional<checkin_record>> find_checkin(std::uint64_t pair_id,
                                                           const std::string& occurrence,
                                                           bool outgoing);
    // Every check-in answer of this pair, newest check-in first.
    app_result<std::vector<checkin_record>> checkins(std::uint64_t pair_id);

    // --- triggers ---
    // Our own triggers, oldest first; ids are never reused.
    app_result<std::vector<v1::Trigger>> own_triggers();
    app_result<std::uint64_t> add_own_trigger(const std::string& text, const std::string& helps);
    // False when there is no trigger with this id.
    app_result<bool> remove_own_trigger(std::uint64_t id);
    app_result<std::optional<partner_triggers_record>> partner_triggers();
    // Keeps list unless the stored one is as new or newer; true when kept.
    app_result<bool> save_partner_triggers(const partner_triggers_record& record);

  private:
    explicit local_store(std::unique_ptr<sqlite::database> db);
    // Moves what this home holds under `pair_id` to a new negative id.
    void archive_pair_history(std::uint64_t pair_id);

    std::unique_ptr<sqlite::database> db_;
};

// Text names of message_status, as history --json shows them.
const char* status_name(message_status status);

}  // namespace toward::app
