// `toward chat`: the interactive mode. Live messages in both directions,
// line editing (chat_terminal), typing and presence, and reconnection with
// exponential backoff when the server goes away. The slash commands are in
// chat_commands.cpp.
#include "chat_breathe.hpp"
#include "chat_session.hpp"
#include "message_format.hpp"

namespace toward::app {

using namespace std::chrono_literals;

app_status chat_session::run() {
    auto& out = ctx_.out();
    auto& err = ctx_.err();
    ctx_.redirect(captured_, captured_);
    print("Chatting with " + partner_ + " as " + safe_for_terminal(user_) +
          ". /help lists the commands.");
    app_status outcome;
    while (!quit_ && outcome) {
        outcome = step();
        flush_captured();
    }
    ctx_.redirect(out, err);
    return outcome;
}

void chat_session::flush_captured() {
    auto text = captured_.str();
    if (text.empty()) return;
    captured_.str("");
    if (text.back() == '\n') text.pop_back();
    print(text);
}

app_status chat_session::step() {
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

app_status chat_session::connect() {
    auto client = ctx_.connect_and_resume();
    if (!client) {
        auto token = ctx_.store().setting(setting::session_token);
        if (!token || !*token) return client.error();  // logged out: retrying cannot help
        print("offline: " + safe_for_terminal(client.error().message) + "; retrying in " +
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

void chat_session::offer_checkin_when_due() {
    if (auto offer = checkin_offer_.due(ctx_.store(), ctx_.now_ms())) print(*offer);
}

void chat_session::lost(const std::string& reason) {
    print("connection lost: " + safe_for_terminal(reason) + "; reconnecting in " +
          std::to_string(backoff_.count()) + " s");
    client_.reset();
    typing_sent_ = false;
    next_attempt_ = steady::now() + backoff_;
    backoff_ = std::min(backoff_ * 2, std::chrono::seconds(max_backoff));
}

void chat_session::flush_outbox() {
    auto report = client_->flush_outbox();
    if (!report) return lost(report.error().message);
    for (const auto& entry : report->acknowledged) {
        if (!entry.sealed) print(format_message_line(entry));
    }
    for (const auto& [entry, reason] : report->refused) {
        print("WARNING: the server refused \"" + safe_for_terminal(entry.text) +
              "\": " + safe_for_terminal(reason));
    }
}

void chat_session::drain() {
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

bool chat_session::show(const push_event& event) {
    if (const auto* message = std::get_if<received_message>(&event)) {
        partner_typing_ = false;
        terminal_.set_prompt(prompt());
        print(format_message_line(message->entry));
        return true;
    }
    if (const auto* presence = std::get_if<presence_event>(&event)) {
        print("* " + safe_for_terminal(presence->user_name) +
              (presence->online ? " is online" : " is offline"));
    } else if (const auto* typing = std::get_if<typing_event>(&event)) {
        partner_typing_ = typing->typing;
        partner_typing_until_ = steady::now() + partner_typing_expiry;
        terminal_.set_prompt(prompt());
    } else if (const auto* receipt = std::get_if<receipt_event>(&event)) {
        if (receipt->kind == v1::RECEIPT_READ) {
            print("(" + partner_ + " has read up to #" + std::to_string(receipt->up_to_seq) + ")");
        }
    } else if (const auto* note = std::get_if<notice>(&event)) {
        print((note->warning ? "WARNING: " : "") + safe_for_terminal(note->text));
        plan_checkin_offer();  // the pair's settings may have changed
    } else if (const auto* breathe = std::get_if<breathe_event>(&event)) {
        if (auto line = describe_breathe_event(breathe->session, user_); !line.empty()) {
            print(line);
        }
    }
    return false;
}

void chat_session::update_own_typing(bool keystrokes) {
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

app_status run_chat(command_context& ctx) {
    auto user = ctx.user_name();
    if (!user) return user.error();
    ctx.finish_pending_pairing();
    auto partner = ctx.store().partner();
    if (!partner) return partner.error();
    if (!*partner) return fail("not paired: run `toward invite` or `toward pair CODE` first");
    chat_session session(ctx, *user, (*partner)->user_name);
    return session.run();
}

}  // namespace toward::app
