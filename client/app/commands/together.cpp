// breathe and help-resources: the together features (SPEC §7) and the
// operator's text about professional help.
#include <unistd.h>

#include <ostream>

#include "breathe_format.hpp"
#include "breathe_keys.hpp"
#include "breathe_run.hpp"
#include "commands/commands.hpp"
#include "terminal_text.hpp"

namespace toward::app {
namespace {

// How a run looks: an animated line on a terminal, else one line (or JSON
// object) per phase.
class breathe_screen {
  public:
    breathe_screen(command_context& ctx, bool animated, bool utf8, bool json)
        : ctx_(ctx), animated_(animated), utf8_(utf8), json_(json) {}

    void show(const together::breath_moment& moment) {
        using together::session_state;
        if (animated_) {
            if (moment.state == session_state::finished) return;
            ctx_.out() << "\r\033[K" << format_breath_bar(moment, utf8_) << std::flush;
            drawn_ = true;
            return;
        }
        if (moment.state != session_state::running) return;
        if (shown_ && moment.cycle == last_cycle_ && moment.index == last_index_) return;
        shown_ = true;
        last_cycle_ = moment.cycle;
        last_index_ = moment.index;
        if (json_) {
            ctx_.out() << phase_json(moment).dump() << '\n' << std::flush;
        } else {
            ctx_.out() << format_phase_line(moment) << '\n' << std::flush;
        }
    }

    // Leaves the animated line, so what follows starts on its own line.
    void finish() {
        if (drawn_) ctx_.out() << "\r\033[K" << std::flush;
        drawn_ = false;
    }

  private:
    command_context& ctx_;
    bool animated_;
    bool utf8_;
    bool json_;
    bool drawn_ = false;
    bool shown_ = false;
    std::int64_t last_cycle_ = 0;
    std::size_t last_index_ = 0;
};

std::string end_words(const breathing_end& end, const std::string& user, std::uint32_t minutes) {
    if (end.finished) {
        return "Well done: " + std::to_string(minutes) + " minute" + (minutes == 1 ? "" : "s") +
               " of breathing together.";
    }
    if (end.stopped_by == user)
        return "You ended the session, for both of you. Thank you for breathing together.";
    return safe_for_terminal(end.stopped_by) +
           " ended the session. Thank you for breathing together.";
}

app_status stop_breathing(command_context& ctx, session_client& client, const std::string& user,
                          bool json) {
    v1::ClientFrame frame;
    frame.mutable_breathe_stop();
    auto reply = client.request(std::move(frame));
    if (!reply) return reply.error();
    if (json) {
        ctx.out() << nlohmann::json{{"event", "end"}, {"reason", "stopped"}, {"by", user}}.dump()
                  << '\n';
    } else {
        ctx.out() << "Breathing session ended, for both of you.\n";
    }
    return {};
}

}  // namespace

app_status run_breathe(command_context& ctx, const breathe_request& request) {
    auto pattern = together::parse_pattern(request.pattern);
    if (!pattern) return fail("the pattern is box or 4-7-8, not '" + request.pattern + "'");
    if (request.minutes > 30) return fail("a breathing session lasts 1 to 30 minutes");
    auto user = ctx.user_name();
    if (!user) return user.error();
    auto client = ctx.connect_and_resume();
    if (!client) return client.error();
    if (request.stop) return stop_breathing(ctx, **client, *user, request.json);

    auto start = start_breathing(**client, *user, *pattern, request.minutes);
    if (!start) return start.error();
    const auto& session = start->session;
    const auto interactive = ctx.run().input_fd == STDIN_FILENO && isatty(STDIN_FILENO) == 1 &&
                             isatty(STDOUT_FILENO) == 1;
    if (request.json) {
        ctx.out() << session_json(session, start->joined, start->clock.offset_ms,
                                  start->clock.round_trip_ms)
                         .dump()
                  << '\n'
                  << std::flush;
    } else {
        const auto what = describe_pattern(pattern_of(session.pattern())) + ", " +
                          std::to_string(session.minutes()) + " min";
        ctx.out() << (start->joined
                          ? "Joining " + safe_for_terminal(session.started_by()) + "'s breathing: "
                          : "Breathing together: ")
                  << what << ". "
                  << (interactive ? "Press q or Ctrl-C to stop." : "Starting in a few seconds.")
                  << '\n'
                  << std::flush;
    }

    breathe_screen screen(ctx, interactive && !request.json, locale_is_utf8(ctx.run().env),
                          request.json);
    breathe_keys keys(ctx.run().input_fd);
    breathe_io io;
    io.show = [&](const together::breath_moment& moment) { screen.show(moment); };
    io.wants_stop = [&](std::chrono::milliseconds timeout) { return keys.wants_stop(timeout); };
    auto end = follow_breathing(**client, *start, *user, io);
    screen.finish();
    if (!end) return end.error();
    if (request.json) {
        ctx.out() << nlohmann::json{{"event", "end"},
                                    {"reason", end->finished ? "finished" : "stopped"},
                                    {"by", end->finished ? nlohmann::json(nullptr)
                                                         : nlohmann::json(end->stopped_by)}}
                         .dump()
                  << '\n';
    } else {
        ctx.out() << end_words(*end, *user, session.minutes()) << '\n';
    }
    return {};
}

app_status run_help_resources(command_context& ctx, bool json) {
    auto client = ctx.connect_and_resume();
    if (!client) return client.error();
    v1::ClientFrame frame;
    frame.mutable_get_help_resources();
    auto reply = (*client)->request(std::move(frame));
    if (!reply) return reply.error();
    if (!reply->has_help_resources()) return fail("the server sent no help resources");
    const auto& text = reply->help_resources().text();
    if (json) {
        ctx.print_json({{"text", text}});
    } else {
        // The operator's document: its lines stay lines, nothing else acts.
        const auto shown = safe_terminal_lines(text);
        ctx.out() << shown << (shown.empty() || shown.back() == '\n' ? "" : "\n");
    }
    return {};
}

}  // namespace toward::app
