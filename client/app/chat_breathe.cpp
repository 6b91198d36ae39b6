#include "chat_breathe.hpp"

#include <sstream>

#include "breathe_format.hpp"
#include "breathe_run.hpp"
#include "terminal_text.hpp"

namespace toward::app {

app_status breathe_in_chat(session_client& client, const std::string& user_name,
                           const std::string& args, chat_terminal& terminal,
                           const std::function<void(const push_event&)>& other) {
    auto pattern = together::breath_pattern::box;
    std::uint32_t minutes = 0;
    std::istringstream words(args);
    for (std::string word; words >> word;) {
        if (auto named = together::parse_pattern(word)) {
            pattern = *named;
        } else if (word.find_first_not_of("0123456789") == std::string::npos && word.size() < 3 &&
                   std::stoul(word) <= 30) {
            minutes = static_cast<std::uint32_t>(std::stoul(word));
        } else {
            return fail("usage: /breathe [box|4-7-8] [MINUTES, 1 to 30]");
        }
    }
    auto start = start_breathing(client, user_name, pattern, minutes);
    if (!start) return start.error();
    const auto& session = start->session;
    terminal.print((start->joined
                        ? "Joining " + safe_for_terminal(session.started_by()) + "'s breathing: "
                        : std::string("Breathing together: ")) +
                   describe_pattern(pattern_of(session.pattern())) + ", " +
                   std::to_string(session.minutes()) + " min. Type q to stop.");

    std::int64_t last_cycle = -1;
    std::size_t last_index = 0;
    breathe_io io;
    io.show = [&](const together::breath_moment& moment) {
        if (moment.state != together::session_state::running) return;
        if (moment.cycle == last_cycle && moment.index == last_index) return;
        last_cycle = moment.cycle;
        last_index = moment.index;
        terminal.print(format_phase_line(moment));
    };
    io.wants_stop = [&](std::chrono::milliseconds timeout) {
        auto typed = terminal.wait(timeout);
        for (const auto& line : typed.lines) {
            if (line == "q" || line == "/stop" || line == "/quit") return true;
            terminal.print("(breathing together: type q to stop)");
        }
        return typed.end;
    };
    io.other = other;
    auto end = follow_breathing(client, *start, user_name, io);
    if (!end) return end.error();
    if (end->finished) {
        terminal.print("Well done: " + std::to_string(session.minutes()) +
                       " min of breathing together.");
    } else {
        terminal.print((end->stopped_by == user_name ? std::string("You")
                                                     : safe_for_terminal(end->stopped_by)) +
                       " ended the breathing session.");
    }
    return {};
}

std::string describe_breathe_event(const v1::BreatheSession& session,
                                   const std::string& user_name) {
    if (session.ended()) {
        return "* " +
               (session.ended_by() == user_name ? std::string("you")
                                                : safe_for_terminal(session.ended_by())) +
               " ended breathing together";
    }
    if (session.started_by() == user_name) return {};
    return "* " + safe_for_terminal(session.started_by()) + " started breathing together (" +
           std::string(together::pattern_name(pattern_of(session.pattern()))) + ", " +
           std::to_string(session.minutes()) + " min) — /breathe to join";
}

}  // namespace toward::app
