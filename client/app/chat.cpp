// `toward chat`: the interactive mode. Live messages in both directions,
// line editing (chat_terminal), /commands, typing and presence, and
// reconnection with exponential backoff when the server goes away.
#include <sstream>

#include "chat_breathe.hpp"
#include "chat_terminal.hpp"
#include "checkin_due.hpp"
#include "commands/commands.hpp"
#include "message_format.hpp"
#include "outgoing.hpp"

namespace toward::app {
namespace {

using steady = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr auto first_backoff = 1s;
constexpr auto max_backoff = 30s;
constexpr auto typing_refresh = 4s;  // resend "typing" this often while typing
constexpr auto typing_idle = 5s;     // no keystroke for this long: stopped typing
constexpr auto partner_typing_expiry = 8s;

constexpr const char* help_text =
    "Type a message and press Enter to send it, tagged by the classifier. Commands:\n"
    "  /bid[=CATEGORY] [TEXT]        send a bid (categories: attention, interest, affection,\n"
    "                                humor, support, help, conversation, play, plan);\n"
    "                                without TEXT the next line is the bid\n"
    "  /chat [TEXT]                  send as plain chat (without TEXT: the next line)\n"
    "  /toward, /away, /against [TEXT]  answer the partner's open bid with that turn\n"
    "  /reply SEQ [--turn T] TEXT    answer bid #SEQ (T: toward, away, against)\n"
    "  /react SEQ EMOJI              answer bid #SEQ with an emoji (toward)\n"
    "  /summary [YYYY-Www]           the weekly summary\n"
    "  /pause N                      take N minutes off (0 ends the pause)\n"
    "  /triggers                     your triggers and your partner's\n"
    "  /checkins                     past check-ins (answer with `toward checkin`)\n"
    "  /breathe [box|4-7-8] [N]      breathe together for N minutes (joins a running one)\n"
    "  /history [N]                  the last N messages (default 20)\n"
    "  /sync                         fetch what the server holds for you\n"
    "  /safety-number                the number to compare with your partner\n"
    "  /accept-key                   trust your partner's changed key\n"
    "  /help                         this text\n"
    "  /quit                         leave (Ctrl-D too)\n"
    "  //TEXT                        send TEXT starting with a slash";

// The first word of text, and the rest after one run of spaces.
std::pair<std::string, std::string> split_word(const std::string& text) {
    const auto space = text.find(' ');
    if (space == std::string::npos) return {text, ""};
    const auto rest = text.find_first_not_of(' ', space);
    return {text.substr(0, space), rest == std::string::npos ? "" : text.substr(rest)};
}

std::optional<std::uint64_t> parse_seq(std::string text) {
    if (!text.empty() && text.front() == '#') text.erase(0, 1);
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
        return std::nullopt;
    }
    return std::stoull(text);
}

class chat_session {
  public:
    chat_session(command_context& ctx, std::string user_name, std::string partner_name)
        : ctx_(ctx),
          user_(std::move(user_name)),
          partner_(std::move(partner_name)),
          terminal_(ctx.run().input_fd, ctx.out(), "> ") {}

    app_status run() {
        auto& out = ctx_.out();
        auto& err = ctx_.err();
        ctx_.redirect(captured_, captured_);
        print("Chatting with " + partner_ + " as " + user_ + ". /help lists the commands.");
        app_status outcome;
        while (!quit_ && outcome) {
            outcome = step();
            flush_captured();
        }
        ctx_.redirect(out, err);
        return outcome;
    }

  private:
    std::string prompt() const {
        return partner_typing_ ? "(" + partner_ + " is typing) > " : "> ";
    }

    void print(const std::string& text) { terminal_.print(text); }

    // What commands and notices wrote meanwhile, printed above the input line.
    void flush_captured() {
        auto text = captured_.str();
        if (text.empty()) return;
        captured_.str("");
        if (text.back() == '\n') text.pop_back();
        print(text);
    }

    app_status step() {
        if (!client_ && steady::now() >= next_attempt_) {
            if (auto connected = connect(); !connected) return connected;
        }
        auto typed = terminal_.wait(client_ ? 50ms : 200ms);
        for (const auto& line : typed.lines) {
            handle_line(line);
            if (quit_) return {};
        }
        if (typed.end) {
            quit_ = true;
            return {};
        }
        update_own_typing(typed.keystrokes);
        if (client_) drain();
        offer_checkin_when_due();
        if (partner_typing_ && steady::now() >= partner_typing_until_) {
            partner_typing_ = false;
            terminal_.set_prompt(prompt());
        }
        return {};
    }

    // Connects (or schedules the next try); fails only when retrying is pointless.
    app_status connect() {
        auto client = ctx_.connect_and_resume();
        if (!client) {
            auto token = ctx_.store().setting(setting::session_token);
            if (!token || !*token) return client.error();  // logged out: retrying cannot help
            print("offline: " + client.error().message + "; retrying in " +
                  std::to_string(backoff_.count()) + " s");
            next_attempt_ = steady::now() + backoff_;
            backoff_ = std::min(backoff_ * 2, std::chrono::seconds(max_backoff));
            return {};
        }
        client_ = std::move(*client);
        backoff_ = first_backoff;
        print("connected to " + client_->url());
        v1::ClientFrame ask;
        ask.mutable_get_partner();
        if (auto reply = client_->request(std::move(ask)); reply && reply->has_partner()) {
            print("* " + partner_ + (reply->partner().online() ? " is online" : " is offline"));
        }
        flush_outbox();
        if (!client_) return {};
        auto received = client_->fetch_new();
        if (!received) {
            lost(received.error().message);
            return {};
        }
        for (const auto& entry : *received) print(format_message_line(entry));
        if (!received->empty()) (void)client_->send_receipt(v1::RECEIPT_READ);
        plan_checkin_offer();
        return {};
    }

    // connect_and_resume offers a check-in already due; this offers the next
    // one when it comes round. Replanned whenever the settings may change.
    void plan_checkin_offer() { checkin_offer_.plan(ctx_.store(), ctx_.now_ms()); }

    void offer_checkin_when_due() {
        if (auto offer = checkin_offer_.due(ctx_.store(), ctx_.now_ms())) print(*offer);
    }

    void lost(const std::string& reason) {
        print("connection lost: " + reason + "; reconnecting in " +
              std::to_string(backoff_.count()) + " s");
        client_.reset();
        typing_sent_ = false;
        next_attempt_ = steady::now() + backoff_;
        backoff_ = std::min(backoff_ * 2, std::chrono::seconds(max_backoff));
    }

    void flush_outbox() {
        auto report = client_->flush_outbox();
        if (!report) return lost(report.error().message);
        for (const auto& entry : report->acknowledged) {
            if (!entry.sealed) print(format_message_line(entry));
        }
        for (const auto& [entry, reason] : report->refused) {
            print("WARNING: the server refused \"" + entry.text + "\": " + reason);
        }
    }

    void drain() {
        bool received = false;
        for (;;) {
            auto event = client_->poll(1ms);
            if (!event) return lost(event.error().message);
            if (!*event) break;
            received = show(**event) || received;
        }
        if (client_->closed()) return lost(client_->close_reason());
        if (received) {
            (void)client_->send_receipt(v1::RECEIPT_DELIVERED);
            (void)client_->send_receipt(v1::RECEIPT_READ);
        }
    }

    // Shows one event; true for a new message.
    bool show(const push_event& event) {
        if (const auto* message = std::get_if<received_message>(&event)) {
            partner_typing_ = false;
            terminal_.set_prompt(prompt());
            print(format_message_line(message->entry));
            return true;
        }
        if (const auto* presence = std::get_if<presence_event>(&event)) {
            print("* " + presence->user_name + (presence->online ? " is online" : " is offline"));
        } else if (const auto* typing = std::get_if<typing_event>(&event)) {
            partner_typing_ = typing->typing;
            partner_typing_until_ = steady::now() + partner_typing_expiry;
            terminal_.set_prompt(prompt());
        } else if (const auto* receipt = std::get_if<receipt_event>(&event)) {
            if (receipt->kind == v1::RECEIPT_READ) {
                print("(" + partner_ + " has read up to #" + std::to_string(receipt->up_to_seq) +
                      ")");
            }
        } else if (const auto* note = std::get_if<notice>(&event)) {
            print((note->warning ? "WARNING: " : "") + note->text);
            plan_checkin_offer();  // the pair's settings may have changed
        } else if (const auto* breathe = std::get_if<breathe_event>(&event)) {
            if (auto line = describe_breathe_event(breathe->session, user_); !line.empty()) {
                print(line);
            }
        }
        return false;
    }

    // Tells the partner whether we are typing: while the line holds text and
    // a key was pressed recently, refreshed every few seconds.
    void update_own_typing(bool keystrokes) {
        if (!client_ || !terminal_.interactive()) return;
        const auto now = steady::now();
        if (keystrokes) last_keystroke_ = now;
        const bool typing = terminal_.has_partial_input() && now - last_keystroke_ < typing_idle;
        const bool refresh = typing && now - last_typing_sent_ >= typing_refresh;
        if (typing == typing_sent_ && !refresh) return;
        v1::ClientFrame frame;
        frame.mutable_typing()->set_typing(typing);
        typing_sent_ = typing;
        last_typing_sent_ = now;
        if (auto reply = client_->request(std::move(frame)); !reply && client_->closed()) {
            lost(client_->close_reason());
        }
    }

    void handle_line(const std::string& line) {
        if (line.empty()) return;
        if (line.rfind("//", 0) == 0) return send_typed(line.substr(1));
        if (line.front() != '/') return send_typed(line);
        auto [command, rest] = split_word(line);
        if (command == "/quit" || command == "/exit" || command == "/q") {
            quit_ = true;
        } else if (command == "/help") {
            print(help_text);
        } else if (command == "/chat") {
            tag_or_send(rest, message_tags{}, "chat");
        } else if (command == "/bid" || command.rfind("/bid=", 0) == 0) {
            message_tags tags;
            tags.bid = true;
            if (command.size() > 5) tags.bid_category = command.substr(5);
            tag_or_send(rest, tags, "a bid");
        } else if (command == "/toward" || command == "/away" || command == "/against") {
            answer_open_bid(command.substr(1), rest);
        } else if (command == "/react") {
            auto [seq_text, emoji] = split_word(rest);
            message_tags tags;
            tags.reply_to = parse_seq(seq_text);
            tags.turn = "toward";
            if (!tags.reply_to || emoji.empty()) return print("usage: /react SEQ EMOJI");
            send(emoji, tags);
        } else if (command == "/summary") {
            report(run_summary(ctx_, rest, false));
        } else if (command == "/pause") {
            const auto minutes = parse_seq(rest);
            if (!minutes || *minutes > 24 * 60) return print("usage: /pause MINUTES (0 to 1440)");
            report(run_pause(ctx_, static_cast<std::uint32_t>(*minutes), false));
        } else if (command == "/breathe") {
            if (!client_) return print("offline: breathing together needs the server");
            auto done = breathe_in_chat(*client_, user_, rest, terminal_,
                                        [this](const push_event& event) { show(event); });
            if (!done) print("toward: " + done.error().message);
            if (client_->closed()) lost(client_->close_reason());
        } else if (command == "/reply") {
            reply(rest);
        } else if (command == "/history") {
            const auto count = parse_seq(rest);
            report(run_history(ctx_, count.value_or(20), false));
        } else if (command == "/sync") {
            if (!client_) return print("offline: messages arrive once reconnected");
            auto received = client_->fetch_new();
            if (!received) return lost(received.error().message);
            for (const auto& entry : *received) print(format_message_line(entry));
            if (received->empty()) print("no new messages");
        } else if (command == "/triggers") {
            report(run_triggers_list(ctx_, false));
        } else if (command == "/checkins") {
            report(run_checkin_history(ctx_, false));
        } else if (command == "/safety-number") {
            report(run_safety_number(ctx_, false));
        } else if (command == "/accept-key") {
            report(run_accept_key(ctx_));
        } else {
            print("unknown command " + command + " (/help lists them)");
        }
    }

    void reply(const std::string& args) {
        auto [seq_text, rest] = split_word(args);
        message_tags tags;
        tags.reply_to = parse_seq(seq_text);
        if (!tags.reply_to) return print("usage: /reply SEQ [--turn toward|away|against] TEXT");
        if (rest.rfind("--turn", 0) == 0) {
            auto [flag, after_flag] = split_word(rest);
            auto [turn, text] = split_word(after_flag);
            tags.turn = flag.size() > 7 && flag[6] == '=' ? flag.substr(7) : turn;
            rest = flag.size() > 7 ? after_flag : text;
        }
        send(rest, tags);
    }

    void report(const app_status& status) {
        flush_captured();
        if (!status) print("toward: " + status.error().message);
    }

    // A typed line: with the tag of a preceding /bid, /chat, /toward... or
    // the classifier's.
    void send_typed(const std::string& text) {
        if (!next_tags_) return send(text, {}, true);
        auto tags = *next_tags_;
        next_tags_.reset();
        send(text, tags);
    }

    void tag_or_send(const std::string& text, const message_tags& tags, const std::string& what) {
        if (!text.empty()) return send(text, tags);
        next_tags_ = tags;
        print("the next line goes out as " + what);
    }

    void answer_open_bid(const std::string& turn, const std::string& text) {
        std::optional<v1::PairSettings> settings;
        if (client_) settings = client_->pair_settings();
        const auto window = settings && settings->response_window_minutes() != 0
                                ? settings->response_window_minutes()
                                : default_response_window_minutes;
        auto open = open_partner_bid(ctx_.store(), window);
        if (!open) return print("toward: " + open.error().message);
        if (!*open) return print(partner_ + " has no open bid to answer (use /reply SEQ)");
        message_tags tags;
        tags.reply_to = *(*open)->seq;
        tags.turn = turn;
        tag_or_send(text, tags, "a " + turn + " answer to #" + std::to_string(*tags.reply_to));
    }

    void send(const std::string& text, const message_tags& tags, bool automatic = false) {
        if (text.empty()) return print("nothing to send");
        auto partner = sendable_partner(ctx_.store());
        if (!partner) return print("toward: " + partner.error().message);
        std::optional<v1::PairSettings> settings;
        if (client_) settings = client_->pair_settings();
        auto chosen = choose_meta(ctx_.store(), text, tags, automatic, settings);
        if (!chosen) return print("toward: " + chosen.error().message);
        if (!chosen->notice.empty()) print(chosen->notice);
        if (automatic && chosen->meta.kind != v1::KIND_CHAT) {
            print("(" + describe_choice(*chosen) + ")");
        }
        auto queued = queue_message(ctx_.store(), user_, *partner, chosen->meta, text);
        if (!queued) return print("toward: " + queued.error().message);
        if (!client_)
            return print(format_message_line(*queued) + " - will be sent once reconnected");
        flush_outbox();
    }

    command_context& ctx_;
    std::string user_;
    std::string partner_;
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

}  // namespace

app_status run_chat(command_context& ctx) {
    auto user = ctx.user_name();
    if (!user) return user.error();
    auto partner = ctx.store().partner();
    if (!partner) return partner.error();
    if (!*partner) return fail("not paired: run `toward invite` or `toward pair CODE` first");
    chat_session session(ctx, *user, (*partner)->user_name);
    return session.run();
}

}  // namespace toward::app
