// `toward chat`'s session: the state of one interactive chat, between
// chat.cpp (the connection, pushes, typing, reconnecting) and
// chat_commands.cpp (slash commands and sending). Internal to the app.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "chat_terminal.hpp"
#include "checkin_due.hpp"
#include "commands/commands.hpp"
#include "outgoing.hpp"
#include "session_client.hpp"
#include "terminal_text.hpp"

namespace toward::app {

class chat_session {
  public:
    chat_session(command_context& ctx, std::string user_name, std::string partner_name)
        : ctx_(ctx),
          user_(std::move(user_name)),
          partner_(safe_for_terminal(partner_name)),
          terminal_(ctx.run().input_fd, ctx.out(), "> ") {}

    app_status run();

  private:
    using steady = std::chrono::steady_clock;
    static constexpr std::chrono::seconds first_backoff{1};
    static constexpr std::chrono::seconds max_backoff{30};
    static constexpr std::chrono::seconds typing_refresh{4};  // resend "typing" this often
    static constexpr std::chrono::seconds typing_idle{5};     // no keystroke this long: stopped
    static constexpr std::chrono::seconds partner_typing_expiry{8};

    // The connection, pushes and typing (chat.cpp).
    std::string prompt() const {
        return partner_typing_ ? "(" + partner_ + " is typing) > " : "> ";
    }

    // Everything chat prints: outside words in it are already made harmless
    // where the line is put together (safe_for_terminal, so they cannot
    // start a line); this keeps any control character that slipped through
    // from acting.
    void print(const std::string& text) { terminal_.print(safe_terminal_lines(text)); }
    // "toward: MESSAGE": failures often quote the server.
    void print_failure(const std::string& message) {
        print("toward: " + safe_for_terminal(message));
    }

    // What commands and notices wrote meanwhile, printed above the input line.
    void flush_captured();

    app_status step();

    // Connects (or schedules the next try); fails only when retrying is pointless.
    app_status connect();

    // connect_and_resume offers a check-in already due; this offers the next
    // one when it comes round. Replanned whenever the settings may change.
    void plan_checkin_offer() { checkin_offer_.plan(ctx_.store(), ctx_.now_ms()); }

    void offer_checkin_when_due();
    void lost(const std::string& reason);
    void flush_outbox();
    void drain();

    // Shows one event; true for a new message.
    bool show(const push_event& event);

    // Tells the partner whether we are typing: while the line holds text and
    // a key was pressed recently, refreshed every few seconds.
    void update_own_typing(bool keystrokes);

    // The slash commands and sending (chat_commands.cpp).
    void handle_line(const std::string& line);
    void reply(const std::string& args);
    void report(const app_status& status);

    // A typed line: with the tag of a preceding /bid, /chat, /toward... or
    // the classifier's.
    void send_typed(const std::string& text);

    void tag_or_send(const std::string& text, const message_tags& tags, const std::string& what);
    void answer_open_bid(const std::string& turn, const std::string& text);
    void send(const std::string& text, const message_tags& tags, bool automatic = false);

    command_context& ctx_;
    std::string user_;
    std::string partner_;  // only ever shown: made harmless once
    chat_terminal terminal_;
    std::ostringstream captured_;
    std::unique_ptr<session_client> client_;
    steady::time_point next_attempt_{};
    std::chrono::seconds backoff_{first_backoff};
    bool typing_sent_ = false;
    steady::time_point last_typing_sent_{};
    steady::time_point last_keystroke_{};
    bool partner_typing_ = false;
    steady::time_point partner_typing_until_{};
    bool quit_ = false;
    std::optional<message_tags> next_tags_;
    checkin_offer_clock checkin_offer_;
};

}  // namespace toward::app
