#include "protocol_session.hpp"

#include <boost/asio/bind_executor.hpp>

#include "protocol_session_impl.hpp"
#include "util/log.hpp"

namespace toward::server {

protocol_session::protocol_session(server_context& context, executor_type strand,
                                   std::weak_ptr<frame_sink> sink, std::string remote_address)
    : ctx_(context),
      strand_(std::move(strand)),
      sink_(std::move(sink)),
      remote_address_(std::move(remote_address)),
      auth_deadline_(strand_),
      frame_rate_(static_cast<double>(context.config.limits.messages_per_second),
                  static_cast<double>(context.config.limits.message_burst), context.time.now_ms()) {
}

void protocol_session::start() {
    auth_deadline_.expires_after(std::chrono::seconds(ctx_.config.limits.auth_timeout_s));
    auth_deadline_.async_wait(boost::asio::bind_executor(
        strand_, [self = shared_from_this()](boost::system::error_code ec) {
            if (ec || self->closed_ || self->user_ != 0) return;
            self->ctx_.stats.count_limit_hit(errc::auth_timeout);
            self->close_with_error(errc::auth_timeout,
                                   "authentication timeout: log in within " +
                                       std::to_string(self->ctx_.config.limits.auth_timeout_s) +
                                       " s of connecting");
        }));
}

void protocol_session::on_frame(std::string_view bytes) {
    if (closed_) return;
    ++ctx_.stats.frames_received;
    // Every frame is charged, garbage included: answering it costs the
    // server as much as answering a good one.
    const bool within_rate = frame_rate_.try_take(ctx_.time.now_ms());
    if (bytes.size() > static_cast<std::size_t>(ctx_.config.limits.max_frame_bytes)) {
        ctx_.stats.count_limit_hit(errc::frame_too_large);
        return refuse_bad_frame(within_rate, errc::frame_too_large,
                                "frames are limited to " +
                                    std::to_string(ctx_.config.limits.max_frame_bytes) + " bytes");
    }
    v1::ClientFrame frame;
    if (!frame.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
        return refuse_bad_frame(within_rate, errc::malformed_frame, "");
    }
    if (!within_rate) {
        ctx_.stats.count_limit_hit(errc::rate_limited);
        return reply_error(frame.request_id(), errc::rate_limited);
    }
    dispatch(frame);
}

void protocol_session::refuse_bad_frame(bool within_rate, errc code, const std::string& detail) {
    // A client with a bug sends one bad frame and is told; one that keeps
    // sending them is not a client.
    if (++bad_frames_ >= max_bad_frames) {
        return close_with_error(code, "too many malformed or oversized frames");
    }
    if (!within_rate) {
        ctx_.stats.count_limit_hit(errc::rate_limited);
        return reply_error(0, errc::rate_limited);
    }
    reply_error(0, code, detail);
}

void protocol_session::dispatch(v1::ClientFrame& frame) {
    using body = v1::ClientFrame::BodyCase;
    const auto id = frame.request_id();
    const auto kind = frame.body_case();

    const bool is_auth = kind == body::kRegister || kind == body::kLogin || kind == body::kResume;
    if (kind == body::BODY_NOT_SET) return reply_error(id, errc::unknown_frame);
    if (is_auth && (user_ != 0 || authenticating_))
        return reply_error(id, errc::already_authenticated);
    if (!is_auth && user_ == 0) return reply_error(id, errc::not_authenticated);

    switch (kind) {
        case body::kRegister:
            return handle_register(id, frame.register_());
        case body::kLogin:
            return handle_login(id, frame.login());
        case body::kResume:
            return handle_resume(id, frame.resume());
        case body::kLogout:
            return handle_logout(id);
        case body::kPublishKeys:
            return handle_publish_keys(id, frame.publish_keys());
        case body::kCreateInvite:
            return handle_create_invite(id, frame.create_invite());
        case body::kRedeemInvite:
            return handle_redeem_invite(id, frame.redeem_invite());
        case body::kUnpair:
            return handle_unpair(id);
        case body::kGetPartner:
            return handle_get_partner(id);
        case body::kSend:
            return handle_send(id, *frame.mutable_send());
        case body::kReceipt:
            return handle_receipt(id, frame.receipt());
        case body::kFetch:
            return handle_fetch(id, frame.fetch());
        case body::kTyping:
            return handle_typing(id, frame.typing());
        case body::kGetSettings:
            return handle_get_settings(id);
        case body::kSetSetting:
            return handle_set_setting(id, frame.set_setting());
        case body::kPause:
            return handle_pause(id, frame.pause());
        case body::kRetag:
            return handle_retag(id, frame.retag());
        case body::kSummary:
            return handle_summary(id, frame.summary());
        case body::kLookupInvite:
            return handle_lookup_invite(id, frame.lookup_invite());
        case body::kDeleteAccount:
            return handle_delete_account(id, frame.delete_account());
        case body::kClock:
            return handle_clock(id);
        case body::kBreatheStart:
            return handle_breathe_start(id, frame.breathe_start());
        case body::kBreatheStop:
            return handle_breathe_stop(id);
        case body::kGetHelpResources:
            return handle_get_help_resources(id);
        case body::kFetchRetags:
            return handle_fetch_retags(id, frame.fetch_retags());
        case body::BODY_NOT_SET:
            break;
    }
    reply_error(id, errc::unknown_frame);
}

void protocol_session::on_closed() {
    if (closed_) return;
    closed_ = true;
    gone_ = true;
    auth_deadline_.cancel();
    if (!tracked_token_.empty()) ctx_.online.untrack_token(tracked_token_, this);
    if (user_ != 0 && ctx_.online.detach(user_, this)) announce_presence(false);
}

protocol_session::frame_ptr protocol_session::serialize(const v1::ServerFrame& frame) {
    return std::make_shared<const std::string>(frame.SerializeAsString());
}

protocol_session::frame_ptr protocol_session::serialize_push(const v1::ServerFrame& frame) {
    if (frame.request_id() == 0) return serialize(frame);
    // Often the reply just sent: as a push it must not look like an answer
    // to one of the receiver's own requests.
    auto push = frame;
    push.set_request_id(0);
    return serialize(push);
}

void protocol_session::send(frame_ptr frame) {
    if (closed_) return;
    if (auto sink = sink_.lock()) {
        ++ctx_.stats.frames_sent;
        sink->send_frame(std::move(frame));
    }
}

void protocol_session::reply(std::uint64_t request_id, v1::ServerFrame& frame) {
    frame.set_request_id(request_id);
    send(serialize(frame));
}

void protocol_session::reply_ok(std::uint64_t request_id) {
    v1::ServerFrame frame;
    frame.mutable_ok();
    reply(request_id, frame);
}

void protocol_session::reply_error(std::uint64_t request_id, errc code, std::string_view detail) {
    v1::ServerFrame frame;
    frame.set_status(static_cast<v1::Status>(code));
    frame.set_error(detail.empty() ? make_error_code(code).message() : std::string(detail));
    reply(request_id, frame);
}

void protocol_session::close_with_error(errc code, const std::string& reason) {
    v1::ServerFrame frame;
    frame.set_status(static_cast<v1::Status>(code));
    frame.set_error(reason);
    if (auto sink = sink_.lock()) sink->close_after(serialize(frame), reason);
}

void protocol_session::notify_frame(frame_ptr frame) {
    boost::asio::post(strand_, [self = shared_from_this(), frame = std::move(frame)]() mutable {
        if (self->user_ != 0) self->send(std::move(frame));
    });
}

}  // namespace toward::server
