#include "breathe_run.hpp"

#include "breathe_format.hpp"

namespace toward::app {
namespace {

using namespace std::chrono_literals;

// Half of each ~100 ms frame waits for the user, half for the server.
constexpr auto input_wait = 50ms;
constexpr auto network_wait = 50ms;

}  // namespace

app_result<breathing_start> start_breathing(session_client& client, const std::string& user_name,
                                            together::breath_pattern pattern,
                                            std::uint32_t minutes) {
    auto clock = client.estimate_clock_offset();
    if (!clock) return clock.error();
    v1::ClientFrame frame;
    frame.mutable_breathe_start()->set_pattern(wire_pattern(pattern));
    frame.mutable_breathe_start()->set_minutes(minutes);
    auto reply = client.request(std::move(frame));
    if (!reply) return reply.error();
    if (!reply->has_breathe()) return fail("the server sent no breathing session");
    breathing_start start;
    start.session = reply->breathe();
    start.clock = *clock;
    start.joined = start.session.started_by() != user_name;
    return start;
}

together::breath_moment moment_of(const v1::BreatheSession& session, std::int64_t server_now_ms) {
    return together::phase_at(pattern_of(session.pattern()), session.minutes(),
                              server_now_ms - session.start_at_ms());
}

app_result<breathing_end> follow_breathing(session_client& client, const breathing_start& start,
                                           const std::string& user_name, const breathe_io& io) {
    for (;;) {
        const auto moment = moment_of(start.session, client.now_ms() + start.clock.offset_ms);
        io.show(moment);
        if (moment.state == together::session_state::finished) return breathing_end{true, {}};
        if (io.wants_stop(input_wait)) {
            v1::ClientFrame frame;
            frame.mutable_breathe_stop();
            // NOT_FOUND: it ended meanwhile (the partner stopped it, or time
            // ran out); either way it is over, as the user wished.
            (void)client.request(std::move(frame));
            if (client.closed()) return fail("connection lost: " + client.close_reason());
            return breathing_end{false, user_name};
        }
        auto event = client.poll(network_wait);
        if (!event) return event.error();
        if (*event) {
            const auto* breathe = std::get_if<breathe_event>(&**event);
            if (breathe && breathe->session.session_id() == start.session.session_id() &&
                breathe->session.ended()) {
                return breathing_end{false, breathe->session.ended_by()};
            }
            if (!breathe && io.other) io.other(**event);
        }
        if (client.closed()) return fail("connection lost: " + client.close_reason());
    }
}

}  // namespace toward::app
