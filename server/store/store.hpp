// The server's storage interface. Everything the server remembers goes
// through it, and nothing outside server/store speaks SQL, so another engine
// (PostgreSQL, SPEC §9) can sit behind the same calls.
//
// Every call is asynchronous: it queues the work and returns at once. The
// completion handler runs exactly once, on the store's own thread, after the
// work is durable (for writes: after its transaction has committed). Handlers
// must be quick; post anything longer to your own executor. Authorization is
// done here, inside the transaction: callers name only the acting user, and
// the store derives that user's pair, so no call can reach another pair.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "summary/weekly_summary.hpp"
#include "together/checkin_schedule.hpp"
#include "util/errors.hpp"

namespace toward::server {

using user_id = std::int64_t;
using pair_id = std::int64_t;

struct user_record {
    user_id id = 0;
    std::string name;
    std::string password_hash;
};

// What a user's partner looks like from the user's side of the pair.
struct partner_view {
    pair_id pair = 0;
    user_id partner = 0;
    std::string partner_name;
    std::string partner_key_bundle;
    std::string partner_key_bundle_mac;
    bool tracking = false;  // both partners consent to bid tracking
};

// A user's account as the session needs it right after authenticating.
struct account_view {
    user_record user;
    std::optional<partner_view> partner;
    std::uint64_t delivered_seq = 0;  // last seq the user acknowledged as delivered
    // The partner's receipts, so a sender that was offline when they came
    // learns them on its next login.
    std::uint64_t partner_delivered_seq = 0;
    std::uint64_t partner_read_seq = 0;
    // The newest retag number of the pair (0: none yet), so a client that
    // applied fewer retags knows to fetch them.
    std::uint64_t retag_seq = 0;
};

// Bid metadata and content of a message, as sent by its author.
struct message_draft {
    std::string client_message_id;
    int kind = 0;
    int bid_category = 0;
    std::uint64_t response_bid_seq = 0;
    int turn = 0;
    std::string ratchet_header;
    std::string ciphertext;
};

struct stored_message {
    pair_id pair = 0;
    std::uint64_t seq = 0;
    user_id sender = 0;
    std::string sender_name;
    std::int64_t server_time_ms = 0;
    message_draft content;
};

struct append_outcome {
    stored_message message;
    user_id recipient = 0;
    bool duplicate = false;  // the client message id was stored before; nothing new stored
};

struct invite_view {
    std::string inviter_name;
    std::string key_bundle;
    std::string key_bundle_mac;
    std::int64_t expires_at_ms = 0;
};

struct pairing_outcome {
    pair_id pair = 0;
    partner_view for_joiner;   // the inviter, as the joiner sees them
    partner_view for_inviter;  // the joiner, as the inviter sees them
    user_id inviter = 0;
};

struct unpairing_outcome {
    pair_id pair = 0;
    user_id partner = 0;
    std::string partner_name;
    std::string user_name;
};

// What delete_account removed, so the session can tell the partner.
struct account_deletion {
    std::string user_name;
    user_id partner = 0;  // 0 when the user was not paired
    std::string partner_name;
};

struct receipt_outcome {
    std::uint64_t up_to_seq = 0;  // the stored value after this receipt (never decreases)
    user_id partner = 0;
    bool changed = false;
};

enum class receipt_kind { delivered = 1, read = 2 };

// A pair's settings as one partner sees them.
struct pair_settings_view {
    user_id partner = 0;
    std::int64_t response_window_s = 4 * 3600;
    std::string time_zone = "UTC";
    bool my_tracking = false;
    bool partner_tracking = false;
    together::checkin_schedule checkin;  // every_weeks 0: no check-in
};

// One change to the pair's settings (values already checked by the caller).
struct setting_change {
    enum class key { response_window, time_zone, tracking, checkin } which = key::response_window;
    std::int64_t response_window_s = 0;
    std::string time_zone;
    bool tracking = false;
    together::checkin_schedule checkin;  // anchor_ms: when it was set
};

struct pause_outcome {
    user_id partner = 0;
    std::int64_t start_ms = 0;
    std::int64_t end_ms = 0;
};

// New bid metadata for a message, as retag sends it.
struct retag_draft {
    std::uint64_t seq = 0;
    int kind = 0;
    int bid_category = 0;
    std::uint64_t response_bid_seq = 0;
    int turn = 0;
};

// A stored retag: a message's bid metadata as its latest retag left it.
// retag_seq numbers the pair's retags, 1, 2, 3...; a message retagged again
// takes the new number.
struct stored_retag {
    std::uint64_t seq = 0;
    int kind = 0;
    int bid_category = 0;
    std::uint64_t response_bid_seq = 0;
    int turn = 0;
    std::uint64_t retag_seq = 0;
};

// What a retag did: whom to tell, and the number it took.
struct retag_outcome {
    user_id partner = 0;
    std::uint64_t retag_seq = 0;
};

// What the weekly summary needs: both partners in the pair's own order,
// the settings, and the bids, responses and pauses since a moment.
struct activity_view {
    summary::summary_settings settings;
    bool tracking = false;
    summary::pair_activity activity;
};

template <class T>
using store_handler = std::function<void(result<T>)>;

// Whether add_registration_code stored its code.
enum class code_stored { stored, accounts_exist };

class store {
  public:
    virtual ~store() = default;

    // Accounts. create_user fails with errc::user_exists. With a registration
    // code's hash, it takes one use of that code in the same transaction, or
    // fails with errc::registration_code_invalid (unknown, used up, expired).
    virtual void create_user(std::string name, std::string password_hash, std::string token_hash,
                             std::int64_t now_ms, std::string registration_code_hash,
                             store_handler<user_id> done) = 0;
    void create_user(std::string name, std::string password_hash, std::string token_hash,
                     std::int64_t now_ms, store_handler<user_id> done) {
        create_user(std::move(name), std::move(password_hash), std::move(token_hash), now_ms, {},
                    std::move(done));
    }
    // Stores a registration code's hash, good for `uses` accounts until
    // `expires_ms`, and forgets expired and used-up codes. With
    // `only_without_accounts`, only while no account exists (the first
    // start's code); reports whether it stored the code.
    virtual void add_registration_code(std::string code_hash, std::int64_t uses,
                                       std::int64_t expires_ms, std::int64_t now_ms,
                                       bool only_without_accounts,
                                       store_handler<code_stored> done) = 0;
    // errc::not_found when there is no such user.
    virtual void find_user(std::string name, store_handler<user_record> done) = 0;
    virtual void create_session(user_id user, std::string token_hash, std::int64_t now_ms,
                                store_handler<void> done) = 0;
    // errc::bad_token when the token hash is unknown or revoked.
    virtual void resume_session(std::string token_hash, std::int64_t now_ms,
                                store_handler<user_record> done) = 0;
    virtual void revoke_session(std::string token_hash, store_handler<void> done) = 0;
    virtual void load_account(user_id user, store_handler<account_view> done) = 0;
    virtual void publish_keys(user_id user, std::string key_bundle, store_handler<void> done) = 0;
    // Removes the account in one transaction: its sessions, key bundle and
    // invites, every pair it ever belonged to (current or ended) with all of
    // those pairs' messages, bid metadata, pauses and settings, then the user
    // row, so the name is free again. The current partner stays, unpaired.
    // errc::not_found when there is no such user.
    virtual void delete_account(user_id user, store_handler<account_deletion> done) = 0;

    // Pairing. create_invite fails with errc::already_paired, or with
    // errc::too_many_invites when the inviter holds the most open invites
    // the store allows; redeem_invite
    // with errc::invite_invalid, invite_expired, already_paired.
    virtual void create_invite(user_id inviter, std::string invite_id, std::string key_bundle,
                               std::string key_bundle_mac, std::int64_t expires_at_ms,
                               std::int64_t now_ms, store_handler<void> done) = 0;
    // The invite's inviter and bundle, without redeeming it; fails like
    // redeem_invite for an unknown, used or expired invite.
    virtual void lookup_invite(std::string invite_id, std::int64_t now_ms,
                               store_handler<invite_view> done) = 0;
    virtual void redeem_invite(user_id joiner, std::string invite_id, std::string key_bundle,
                               std::string key_bundle_mac, std::int64_t now_ms,
                               store_handler<pairing_outcome> done) = 0;
    virtual void unpair(user_id user, std::int64_t now_ms,
                        store_handler<unpairing_outcome> done) = 0;
    virtual void load_partner(user_id user, store_handler<partner_view> done) = 0;

    // Messages. append_message assigns the next seq of the sender's pair, or
    // returns the earlier one for a client message id already stored.
    // errc::not_paired without a pair; errc::not_found for a response to a
    // seq that is not a bid of the partner in this pair; errc::quota_exceeded
    // when the pair's stored bytes would pass the store's limit.
    virtual void append_message(user_id sender, message_draft draft, std::int64_t now_ms,
                                store_handler<append_outcome> done) = 0;
    // Messages of the user's pair with seq > after_seq, oldest first, at most
    // `limit`; when `from_partner_only`, only the partner's.
    virtual void fetch_messages(user_id user, std::uint64_t after_seq, std::uint32_t limit,
                                bool from_partner_only,
                                store_handler<std::vector<stored_message>> done) = 0;
    virtual void record_receipt(user_id user, receipt_kind kind, std::uint64_t up_to_seq,
                                store_handler<receipt_outcome> done) = 0;

    // Retention: empties the ciphertext and ratchet header of at most `limit`
    // messages stored before `older_than_ms` that both partners have (the
    // recipient's delivered_seq in the pair reached the message's seq), and
    // of messages of pairs that have ended, which no one can fetch any more.
    // The row and its bid metadata stay, for the weekly summaries. Returns
    // how many messages it emptied; fewer than `limit` means none are left.
    virtual void purge_delivered_ciphertext(std::int64_t older_than_ms, std::uint32_t limit,
                                            store_handler<std::uint64_t> done) = 0;

    // Bids and the weekly summary. Each fails with errc::not_paired without a pair.
    virtual void load_settings(user_id user, store_handler<pair_settings_view> done) = 0;
    virtual void update_settings(user_id user, setting_change change,
                                 store_handler<pair_settings_view> done) = 0;
    // Ends the user's running pause at `start_ms`, then, when end > start,
    // records a new one.
    virtual void start_pause(user_id user, std::int64_t start_ms, std::int64_t end_ms,
                             store_handler<pause_outcome> done) = 0;
    // When the user's pause that began at `start_ms` ends as it stands now:
    // sooner than first asked if it was ended or replaced. errc::not_found
    // when there is no such pause.
    virtual void load_pause_end(user_id user, std::int64_t start_ms,
                                store_handler<std::int64_t> done) = 0;
    // errc::not_found unless `seq` is the user's own message in the pair (and
    // a response's bid is the partner's); errc::invalid_argument while
    // tracking is off. The retag takes the pair's next retag number.
    virtual void retag_message(user_id user, retag_draft draft,
                               store_handler<retag_outcome> done) = 0;
    // The messages of the user's pair (both partners') whose latest retag
    // number is above `after_retag_seq`, in that number's order, at most
    // `limit`. errc::not_paired without a pair.
    virtual void fetch_retags(user_id user, std::uint64_t after_retag_seq, std::uint32_t limit,
                              store_handler<std::vector<stored_retag>> done) = 0;
    virtual void load_activity(user_id user, std::int64_t since_ms,
                               store_handler<activity_view> done) = 0;

    // Succeeds when a write transaction can be opened (for /healthz).
    virtual void check_writable(store_handler<void> done) = 0;

    // Finishes every queued job (committing what is pending), then stops the
    // store's thread. Later calls fail with errc::unavailable. Blocks.
    virtual void stop() = 0;
};

}  // namespace toward::server
