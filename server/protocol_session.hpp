// The protocol of one connection: reads ClientFrames, answers them, and
// pushes the partner's messages, receipts and presence. It knows nothing of
// sockets: the transport hands it frames and gives it a frame_sink to write to.
//
// Threading: every member function runs on the connection's strand, except
// the notify_* functions, which any thread may call (they post to the strand).
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "server_context.hpp"
#include "toward/v1/toward.pb.h"
#include "util/token_bucket.hpp"

namespace toward::server {

// Implemented by the transport. Called on the connection's strand only.
class frame_sink {
  public:
    virtual ~frame_sink() = default;
    // Queues one binary frame. A reader too slow for the bounded queue is
    // disconnected by the transport.
    virtual void send_frame(std::shared_ptr<const std::string> frame) = 0;
    // Sends what is queued, then `last_frame` (if any), then closes with `reason`.
    virtual void close_after(std::shared_ptr<const std::string> last_frame, std::string reason) = 0;
    // Frames queued or being written.
    virtual std::size_t queued_frames() const = 0;
};

class protocol_session : public std::enable_shared_from_this<protocol_session> {
  public:
    // The connection's strand (as the transport's any_io_executor).
    using executor_type = boost::asio::any_io_executor;

    protocol_session(server_context& context, executor_type strand, std::weak_ptr<frame_sink> sink,
                     std::string remote_address);
    protocol_session(const protocol_session&) = delete;
    protocol_session& operator=(const protocol_session&) = delete;

    // Starts the authentication deadline.
    void start();
    // One binary WebSocket message from the client.
    void on_frame(std::string_view bytes);
    // The transport has closed; leaves the hub and tells the partner.
    void on_closed();
    // The transport has written everything it had queued.
    void on_queue_drained();

    // Thread-safe pushes from the hub.
    void notify_message(std::shared_ptr<const stored_message> message);
    void notify_frame(std::shared_ptr<const std::string> frame);
    void notify_paired(partner_view partner);
    void notify_unpaired(std::string partner_name, bool account_deleted = false);
    // The user deleted the account on another connection: closes this one.
    void notify_account_deleted();
    // The session token with this hash was revoked (logout on another
    // connection): closes this connection if it authenticated with it, and
    // makes an authentication with it that is still running fail.
    void notify_token_revoked(std::string token_hash);

  private:
    using frame_ptr = std::shared_ptr<const std::string>;

    // Frame plumbing (protocol_session.cpp).
    void dispatch(v1::ClientFrame& frame);  // handlers may take the frame's bytes
    void reply(std::uint64_t request_id, v1::ServerFrame& frame);
    void reply_ok(std::uint64_t request_id);
    void reply_error(std::uint64_t request_id, errc code, std::string_view detail = {});
    void send(frame_ptr frame);
    void close_with_error(errc code, const std::string& reason);
    static frame_ptr serialize(const v1::ServerFrame& frame);
    // As serialize, with request_id 0 (a push).
    static frame_ptr serialize_push(const v1::ServerFrame& frame);
    // Wraps a handler so that it runs on this session's strand, and only
    // while the connection is open.
    template <class T, class Handler>
    store_handler<T> on_strand(Handler handler);

    // Authentication (session_auth.cpp).
    void handle_register(std::uint64_t request_id, const v1::RegisterRequest& request);
    void handle_login(std::uint64_t request_id, const v1::LoginRequest& request);
    void handle_resume(std::uint64_t request_id, const v1::ResumeRequest& request);
    void handle_logout(std::uint64_t request_id);
    void become_authenticated(std::uint64_t request_id, user_id user, std::string token,
                              std::string token_hash);
    // Tracks this connection in the hub under the token it authenticates with.
    void track_token(const std::string& token_hash);
    // Charges a password check (login, delete_account) to the address, then
    // to `user_name`; false after answering LOGIN_THROTTLED.
    bool take_password_attempt(std::uint64_t request_id, const std::string& user_name);
    // A place in the hashing queue, or null after answering UNAVAILABLE.
    std::shared_ptr<hashing_queue::place> reserve_hashing(std::uint64_t request_id);
    // Answers a frame that cannot be read; closes the connection at the
    // max_bad_frames-th.
    void refuse_bad_frame(bool within_rate, errc code, const std::string& detail);
    void count_auth_failure(std::uint64_t request_id, errc code);
    // After AuthOk: the partner's delivered and read receipts, which the
    // user may have missed while offline.
    void push_partner_receipts(const account_view& account);

    // Account deletion (session_account.cpp).
    void handle_delete_account(std::uint64_t request_id, const v1::DeleteAccountRequest& request);
    void delete_account(std::uint64_t request_id);

    // Keys and pairing (session_pairing.cpp).
    void handle_publish_keys(std::uint64_t request_id, const v1::PublishKeysRequest& request);
    void handle_create_invite(std::uint64_t request_id, const v1::CreateInviteRequest& request);
    void handle_lookup_invite(std::uint64_t request_id, const v1::LookupInviteRequest& request);
    bool take_redeem_attempt(std::uint64_t request_id);
    void handle_redeem_invite(std::uint64_t request_id, const v1::RedeemInviteRequest& request);
    void handle_unpair(std::uint64_t request_id);
    void handle_get_partner(std::uint64_t request_id);
    void set_partner(user_id partner);
    void fill_partner(v1::PartnerInfo& info, const partner_view& view) const;

    // Bid tracking and the weekly summary (session_bids.cpp).
    void handle_get_settings(std::uint64_t request_id);
    void handle_set_setting(std::uint64_t request_id, const v1::SetSettingRequest& request);
    void handle_pause(std::uint64_t request_id, const v1::PauseRequest& request);
    void remind_when_pause_ends(const pause_outcome& paused, std::uint32_t minutes);
    void handle_retag(std::uint64_t request_id, const v1::RetagRequest& request);
    void handle_fetch_retags(std::uint64_t request_id, const v1::FetchRetagsRequest& request);
    void handle_summary(std::uint64_t request_id, const v1::SummaryRequest& request);

    // Together features: clock, breathing, help resources (session_together.cpp).
    void handle_clock(std::uint64_t request_id);
    void handle_breathe_start(std::uint64_t request_id, const v1::BreatheStartRequest& request);
    void handle_breathe_stop(std::uint64_t request_id);
    // Right after authenticating: the pair's running breathing session, if any.
    void push_running_breathing();
    // To the partner's connections and this user's other ones.
    void tell_pair_except_self(const v1::ServerFrame& frame);
    void handle_get_help_resources(std::uint64_t request_id);

    // Messages (session_messages.cpp).
    void handle_send(std::uint64_t request_id, v1::SendMessageRequest& request);
    void acknowledge_send(std::uint64_t request_id, const stored_message& message, bool duplicate);
    void handle_receipt(std::uint64_t request_id, const v1::ReceiptRequest& request);
    void handle_fetch(std::uint64_t request_id, const v1::FetchRequest& request);
    void handle_typing(std::uint64_t request_id, const v1::TypingRequest& request);
    void deliver(const stored_message& message);
    void catch_up();
    void tell_partner(const v1::ServerFrame& frame);
    void announce_presence(bool online);

    server_context& ctx_;
    executor_type strand_;
    std::weak_ptr<frame_sink> sink_;
    std::string remote_address_;
    boost::asio::steady_timer auth_deadline_;
    token_bucket frame_rate_;
    bool closed_ = false;
    static constexpr int max_bad_frames = 10;  // then the connection is closed
    int bad_frames_ = 0;
    // closed_ as the hashing threads see it: their queued jobs for a
    // connection that has gone are skipped.
    std::atomic<bool> gone_{false};

    // Authentication state.
    bool authenticating_ = false;
    user_id user_ = 0;
    std::string user_name_;
    std::string token_hash_;
    // The token this connection authenticates with as the hub knows it (set
    // before a resume is checked), and whether it was revoked meanwhile.
    std::string tracked_token_;
    bool token_revoked_ = false;
    user_id partner_ = 0;

    // Delivery state: the highest seq of the pair this connection has seen
    // (pushed to it, or sent by it), and whether a catch-up fetch is running.
    std::uint64_t seen_up_to_ = 0;
    bool catching_up_ = false;
    bool catch_up_again_ = false;     // a live message arrived during the catch-up
    bool waiting_for_drain_ = false;  // the next catch-up page waits for the queue
};

}  // namespace toward::server
