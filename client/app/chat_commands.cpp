// chat's slash commands (/bid, /reply, /summary, /breathe, ...) and
// sending a typed line, tagged by a command or by the classifier.
#include "chat_breathe.hpp"
#include "chat_session.hpp"
#include "message_format.hpp"

namespace toward::app {
namespace {

constexpr const char* help_text =
    "Type a message and press Enter to send it, tagged by the classifier (a paste of\n"
    "several lines is one message). Commands:\n"
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
    "  /quit                         leave (Ctrl-D on an empty line too)\n"
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

}  // namespace

void chat_session::handle_line(const std::string& line) {
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
        if (!done) print_failure(done.error().message);
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
        report(run_triggers_list(ctx_, false, shared_view::as_stored));
    } else if (command == "/checkins") {
        report(run_checkin_history(ctx_, false, shared_view::as_stored));
    } else if (command == "/safety-number") {
        report(run_safety_number(ctx_, false));
    } else if (command == "/accept-key") {
        report(run_accept_key(ctx_));
    } else {
        print("unknown command " + command + " (/help lists them)");
    }
}

void chat_session::reply(const std::string& args) {
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

void chat_session::report(const app_status& status) {
    flush_captured();
    if (!status) print_failure(status.error().message);
}

void chat_session::send_typed(const std::string& text) {
    if (!next_tags_) return send(text, {}, true);
    auto tags = *next_tags_;
    next_tags_.reset();
    send(text, tags);
}

void chat_session::tag_or_send(const std::string& text, const message_tags& tags,
                               const std::string& what) {
    if (!text.empty()) return send(text, tags);
    next_tags_ = tags;
    print("the next line goes out as " + what);
}

void chat_session::answer_open_bid(const std::string& turn, const std::string& text) {
    std::optional<v1::PairSettings> settings;
    if (client_) settings = client_->pair_settings();
    const auto window = settings && settings->response_window_minutes() != 0
                            ? settings->response_window_minutes()
                            : default_response_window_minutes;
    auto open = open_partner_bid(ctx_.store(), window);
    if (!open) return print_failure(open.error().message);
    if (!*open) return print(partner_ + " has no open bid to answer (use /reply SEQ)");
    message_tags tags;
    tags.reply_to = *(*open)->seq;
    tags.turn = turn;
    tag_or_send(text, tags, "a " + turn + " answer to #" + std::to_string(*tags.reply_to));
}

void chat_session::send(const std::string& text, const message_tags& tags, bool automatic) {
    if (text.empty()) return print("nothing to send");
    auto partner = sendable_partner(ctx_.store());
    if (!partner) return print_failure(partner.error().message);
    std::optional<v1::PairSettings> settings;
    if (client_) settings = client_->pair_settings();
    auto chosen = choose_meta(ctx_.store(), text, tags, automatic, settings);
    if (!chosen) return print_failure(chosen.error().message);
    if (!chosen->notice.empty()) print(chosen->notice);
    if (automatic && chosen->meta.kind != v1::KIND_CHAT) {
        print("(" + describe_choice(*chosen) + ")");
    }
    auto queued = queue_message(ctx_.store(), user_, *partner, chosen->meta, text);
    if (!queued) return print_failure(queued.error().message);
    if (!client_) return print(format_message_line(*queued) + " - will be sent once reconnected");
    flush_outbox();
}

}  // namespace toward::app
