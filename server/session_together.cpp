// The together features over the wire (SPEC §7): the server's clock for the
// clients' offset estimates, the pair's breathing session, and the operator's
// text about professional help.
#include "help_resources.hpp"
#include "protocol_session_impl.hpp"

namespace toward::server {
namespace {

constexpr std::uint32_t default_breathe_minutes = 3;
constexpr std::uint32_t max_breathe_minutes = 30;
// The start lies this far ahead, so both partners can get ready and their
// clients can fetch it before the first breath.
constexpr std::int64_t breathe_lead_ms = 3000;

void fill_breathe(v1::BreatheSession& out, const breathing_session& session, std::int64_t now_ms) {
    out.set_session_id(session.id);
    out.set_started_by(session.started_by);
    out.set_pattern(session.pattern);
    out.set_minutes(session.minutes);
    out.set_start_at_ms(session.start_at_ms);
    out.set_ended(session.ended);
    out.set_ended_by(session.ended_by);
    out.set_server_time_ms(now_ms);
}

}  // namespace

void protocol_session::handle_clock(std::uint64_t request_id) {
    v1::ServerFrame frame;
    frame.mutable_clock()->set_server_time_ms(ctx_.time.now_ms());
    reply(request_id, frame);
}

void protocol_session::handle_breathe_start(std::uint64_t request_id,
                                            const v1::BreatheStartRequest& request) {
    if (partner_ == 0) return reply_error(request_id, errc::not_paired);
    auto pattern = request.pattern();
    if (pattern == v1::BREATH_UNSPECIFIED) pattern = v1::BREATH_BOX;
    if (pattern != v1::BREATH_BOX && pattern != v1::BREATH_4_7_8) {
        return reply_error(request_id, errc::invalid_argument, "the pattern is box or 4-7-8");
    }
    const auto minutes = request.minutes() == 0 ? default_breathe_minutes : request.minutes();
    if (minutes > max_breathe_minutes) {
        return reply_error(request_id, errc::invalid_argument,
                           "a breathing session lasts 1 to 30 minutes");
    }
    const auto now = ctx_.time.now_ms();
    breathing_session proposal;
    proposal.started_by = user_name_;
    proposal.pattern = pattern;
    proposal.minutes = minutes;
    proposal.start_at_ms = now + breathe_lead_ms;
    const auto started = ctx_.breathing.start_or_join(user_, partner_, std::move(proposal), now);
    v1::ServerFrame frame;
    fill_breathe(*frame.mutable_breathe(), started.session, now);
    reply(request_id, frame);
    if (!started.joined) tell_pair_except_self(frame);
}

void protocol_session::handle_breathe_stop(std::uint64_t request_id) {
    if (partner_ == 0) return reply_error(request_id, errc::not_paired);
    const auto now = ctx_.time.now_ms();
    const auto stopped = ctx_.breathing.stop(user_, partner_, user_name_, now);
    if (!stopped) {
        return reply_error(request_id, errc::not_found, "no breathing session is running");
    }
    v1::ServerFrame frame;
    fill_breathe(*frame.mutable_breathe(), *stopped, now);
    reply(request_id, frame);
    tell_pair_except_self(frame);
}

void protocol_session::push_running_breathing() {
    if (partner_ == 0) return;
    const auto now = ctx_.time.now_ms();
    const auto running = ctx_.breathing.running(user_, partner_, now);
    if (!running) return;
    v1::ServerFrame frame;
    fill_breathe(*frame.mutable_breathe(), *running, now);
    send(serialize(frame));
}

void protocol_session::tell_pair_except_self(const v1::ServerFrame& frame) {
    tell_partner(frame);
    // The user's other connections too: a `breathe` running in another
    // terminal must learn that this one stopped it.
    auto bytes = serialize_push(frame);
    ctx_.online.for_each_session(user_, [&](const auto& session) {
        if (session.get() != this) session->notify_frame(bytes);
    });
}

void protocol_session::handle_get_help_resources(std::uint64_t request_id) {
    // A small local file: read here, at each request, so edits apply at once.
    auto text = read_help_resources(help_resources_path(ctx_.config));
    if (!text) {
        return reply_error(request_id, errc::not_found,
                           "this server has no help resources text yet (its operator can add "
                           "one: help.resources_file)");
    }
    v1::ServerFrame frame;
    frame.mutable_help_resources()->set_text(std::move(*text));
    reply(request_id, frame);
}

}  // namespace toward::server
