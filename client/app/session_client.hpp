// One authenticated conversation with the server on behalf of the local
// store: connect and authenticate, reconcile the partner the server reports,
// resend the outbox, receive, decrypt and store the partner's messages, and
// acknowledge them with delivered receipts.
//
// Not thread-safe; one thread drives a session_client and its store.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app_result.hpp"
#include "local_store.hpp"
#include "net/connection.hpp"
#include "together/clock_offset.hpp"
#include "toward/v1/toward.pb.h"
#include "util/clock.hpp"

namespace toward::app {

// Something the user should be told that is not the command's output.
struct notice {
    bool warning = false;
    std::string text;
};
using notice_sink = std::function<void(const notice&)>;

// Hooks for tests: `inbound` sees (and may alter) every frame from the server
// before the client acts on it, e.g. to play a server that swaps keys;
// `time` replaces the system clock (e.g. one that runs seconds off), and
// must outlive the sessions that use it.
struct client_hooks {
    std::function<void(v1::ServerFrame&)> inbound;
    const toward::clock* time = nullptr;
};

// Where to connect.
struct server_endpoint {
    std::string url;
    std::string ca_file;  // empty: the system's roots
};

// Events that a pushed frame can carry, for the interactive chat.
struct received_message {
    history_entry entry;
};
struct receipt_event {
    v1::ReceiptKind kind = v1::RECEIPT_UNSPECIFIED;
    std::uint64_t up_to_seq = 0;
};
struct typing_event {
    std::string user_name;
    bool typing = false;
};
struct presence_event {
    std::string user_name;
    bool online = false;
};
// A breathing session started, was joined on login, or stopped (ended).
struct breathe_event {
    v1::BreatheSession session;
};
using push_event = std::variant<received_message, receipt_event, typing_event, presence_event,
                                notice, breathe_event>;

class session_client {
  public:
    // Connects to endpoint (TLS verified against its CA file). Fails with
    // "cannot connect to URL: <why>".
    static app_result<std::unique_ptr<session_client>> connect(local_store& store,
                                                               const server_endpoint& endpoint,
                                                               notice_sink notices,
                                                               client_hooks hooks = {});
    ~session_client();

    // Authentication; each stores the user name (and a new session token) and
    // reconciles the partner from AuthOk.
    // `registration_code` is for servers whose registration is invite-only.
    app_status register_user(const std::string& user_name, const std::string& password,
                             const std::string& registration_code = {});
    app_status login(const std::string& user_name, const std::string& password);
    // Resumes with the stored session token; fails asking to log in when
    // there is none or the server refuses it (then forgets it).
    app_status resume();

    // Sends a request and waits for its reply; fails with the server's reason
    // for any status but OK, or when the connection closes or times out.
    app_result<v1::ServerFrame> request(v1::ClientFrame frame);

    // What a flush of the outbox did.
    struct flush_report {
        std::vector<history_entry> acknowledged;  // stored by the server, in order
        // Refused by the server for good (marked rejected, out of the outbox),
        // with the server's reason.
        std::vector<std::pair<history_entry, std::string>> refused;
    };

    // Resends every outbox message in order and records each acknowledgement.
    // A transient failure (connection lost, rate limit, server unavailable)
    // stops the flush with an error; what was not acknowledged stays queued.
    app_result<flush_report> flush_outbox();

    // Fetches everything after the last stored seq, decrypts and stores it,
    // sends a delivered receipt, then applies pushes already queued. Returns
    // the partner's messages newly stored, in order; the other events those
    // pushes made wait for poll().
    app_result<std::vector<history_entry>> fetch_new();

    // Returns an event fetch_new kept, else waits up to `timeout` for a
    // pushed frame and applies it. nullopt when none came (check closed()).
    app_result<std::optional<push_event>> poll(std::chrono::milliseconds timeout);

    // Stores one envelope (ours: records its seq; the partner's: decrypts it).
    // Returns the new history entry for a partner's message, nullopt for a
    // duplicate, our own, or sealed content (check-in answers, triggers:
    // stored in their own tables and told through the notice sink).
    app_result<std::optional<history_entry>> accept_envelope(const v1::Envelope& envelope);

    // Whether bid tracking is on for the pair (both partners consented); the
    // server drops bid metadata while it is off. True when the server cannot say.
    bool bid_tracking_on();
    // The pair's settings, also kept in the store; nullopt when the server
    // cannot say (e.g. not paired).
    std::optional<v1::PairSettings> pair_settings();

    // This machine's time in Unix ms (the hooks' clock, else the system's).
    std::int64_t now_ms() const;
    // Asks the server's clock `samples` times and keeps the exchange with the
    // shortest round trip (together/clock_offset.hpp): server time ≈
    // now_ms() + offset_ms.
    app_result<together::clock_estimate> estimate_clock_offset(int samples = 5);

    // Tells the server every message up to the stored seq is delivered (or read).
    app_status send_receipt(v1::ReceiptKind kind);

    // Applies a retag the server confirmed (ours) or relayed (the partner's)
    // to the local history. The home's retag number moves on when this is the
    // next one; after a gap, the missing retags are fetched first.
    app_result<retag_effect> apply_retag_update(const v1::RetagUpdate& update);

    bool closed() const;
    std::string close_reason() const;
    const std::string& url() const { return endpoint_.url; }

  private:
    static constexpr std::chrono::milliseconds request_timeout{15000};

    session_client(local_store& store, server_endpoint endpoint,
                   std::unique_ptr<client::connection> connection, notice_sink notices,
                   client_hooks hooks);
    app_status authenticate(v1::ClientFrame frame);
    // The end of register and resume: the reply's AuthOk applied, or why not.
    app_status finish_auth(const std::optional<v1::ServerFrame>& reply);
    app_status apply_auth(const v1::AuthOk& auth);
    app_status apply_partner(const v1::PartnerInfo* info);
    app_result<std::optional<push_event>> apply_push(v1::ServerFrame& frame);
    app_result<std::optional<push_event>> apply_retag(const v1::RetagUpdate& update);
    // Fetches and applies the pair's retags after the last number applied
    // here (from the start when the server's newest is below it: a restored
    // server), with a notice for each message whose tags changed.
    app_status catch_up_retags(std::uint64_t server_newest);
    // Stores one retag's tags in the pair's history.
    app_result<retag_effect> store_retag(const v1::RetagUpdate& update);
    app_result<std::uint64_t> applied_retag_seq();
    notice retag_notice(const v1::RetagUpdate& update, retag_effect effect) const;
    app_result<std::optional<push_event>> apply_settings(const v1::PairSettings& settings);
    notice pause_notice(const v1::PauseUpdate& update) const;
    std::optional<v1::ServerFrame> inbound(std::optional<v1::ServerFrame> frame);
    app_result<std::uint64_t> delivered_seq();

    local_store& store_;
    server_endpoint endpoint_;
    std::unique_ptr<client::connection> connection_;
    notice_sink notices_;
    client_hooks hooks_;
    std::string user_name_;
    std::deque<push_event> pending_events_;  // applied by fetch_new, not yet polled
};

// A readable reason for a reply's status (its error text, or the status's default).
std::string describe_status(v1::Status status, const std::string& error);

}  // namespace toward::app
