// The message side of session_client: the outbox, incoming envelopes,
// fetching, receipts and pushed frames.
#include "checkin_due.hpp"
#include "e2e.hpp"
#include "key_bundle_codec.hpp"
#include "message_format.hpp"
#include "partner_sync.hpp"
#include "sealed_content.hpp"
#include "sealed_inbox.hpp"
#include "session_client.hpp"

namespace toward::app {
namespace {

// Statuses after which the same request may succeed later.
bool is_transient(v1::Status status) {
    switch (status) {
        case v1::STATUS_RATE_LIMITED:
        case v1::STATUS_UNAVAILABLE:
        case v1::STATUS_INTERNAL:
        case v1::STATUS_SLOW_CONSUMER:
        case v1::STATUS_TOO_MANY_CONNECTIONS:
        case v1::STATUS_NOT_AUTHENTICATED:
        case v1::STATUS_QUOTA_EXCEEDED:  // space frees as the partner fetches
            return true;
        default:
            return false;
    }
}

v1::ClientFrame send_frame_of(const outbox_entry& entry) {
    v1::ClientFrame frame;
    auto* send = frame.mutable_send();
    const auto& message = entry.message;
    send->set_client_message_id(message.client_message_id);
    send->set_kind(message.kind);
    send->set_bid_category(message.bid_category);
    if (message.kind == v1::KIND_RESPONSE) {
        send->mutable_response()->set_bid_seq(message.reply_to);
        send->mutable_response()->set_turn(message.turn);
    }
    send->set_ratchet_header(entry.ratchet_header);
    send->set_ciphertext(entry.ciphertext);
    return frame;
}

}  // namespace

app_result<session_client::flush_report> session_client::flush_outbox() {
    auto entries = store_.outbox();
    if (!entries) return entries.error();
    flush_report report;
    for (auto& entry : *entries) {
        auto reply = inbound(connection_->request(send_frame_of(entry), request_timeout));
        if (!reply) {
            return fail(connection_->closed()
                            ? "the server closed the connection: " + connection_->close_reason()
                            : "the server did not acknowledge in time");
        }
        if (reply->status() == v1::STATUS_OK && reply->has_send_ack()) {
            const auto& ack = reply->send_ack();
            if (auto marked = store_.mark_sent(entry.message.id, ack.seq(), ack.server_time_ms());
                !marked) {
                return marked.error();
            }
            entry.message.seq = ack.seq();
            entry.message.time_ms = ack.server_time_ms();
            entry.message.status = message_status::sent;
            report.acknowledged.push_back(std::move(entry.message));
            continue;
        }
        const auto reason = describe_status(reply->status(), reply->error());
        if (is_transient(reply->status())) return fail("the server did not take it: " + reason);
        auto dropped = store_.transaction([&]() -> app_status {
            if (auto set = store_.set_status(entry.message.id, message_status::rejected); !set) {
                return set;
            }
            return store_.remove_outbox(entry.message.id);
        });
        if (!dropped) return dropped.error();
        entry.message.status = message_status::rejected;
        report.refused.emplace_back(std::move(entry.message), reason);
    }
    return report;
}

app_result<std::optional<history_entry>> session_client::accept_envelope(
    const v1::Envelope& envelope) {
    const std::uint64_t seq = envelope.seq();
    if (seq == 0) return std::optional<history_entry>{};
    auto partner = store_.partner();
    if (!partner) return partner.error();
    const std::uint64_t pair_id = *partner ? (*partner)->pair_id : 0;
    auto advance = [&]() -> app_status {
        auto current = delivered_seq();
        if (!current) return current.error();
        if (seq <= *current) return {};
        return store_.set_setting(setting::delivered_seq, std::to_string(seq));
    };
    auto known = store_.has_message(pair_id, seq, envelope.client_message_id());
    if (!known) return known.error();
    if (*known || envelope.sender() == user_name_) {
        auto recorded = store_.transaction([&]() -> app_status {
            if (!*known) {
                // Our own message whose acknowledgement we missed.
                auto ours = store_.find_outgoing(envelope.client_message_id());
                if (!ours) return ours.error();
                if (*ours && !(*ours)->seq) {
                    if (auto marked = store_.mark_sent((*ours)->id, seq, envelope.server_time_ms());
                        !marked) {
                        return marked;
                    }
                }
            }
            return advance();
        });
        if (!recorded) return recorded.error();
        return std::optional<history_entry>{};
    }

    if (!*partner) {
        return fail("a message arrived from " + envelope.sender() +
                    ", but this home has no partner");
    }
    if ((*partner)->trust == partner_trust::rejected) return fail((*partner)->problem);
    auto keys = store_.keys();
    if (!keys) return keys.error();
    if (!*keys) return fail("this home has no keys to decrypt with");
    auto bundle = decode_key_bundle((*partner)->bundle, "the partner's");
    if (!bundle) return bundle.error();

    history_entry entry;
    entry.pair_id = pair_id;
    entry.seq = seq;
    entry.sender = envelope.sender();
    entry.outgoing = false;
    const auto meta = meta_of(envelope);
    entry.kind = meta.kind;
    entry.bid_category = meta.bid_category;
    entry.reply_to = meta.reply_to;
    entry.turn = meta.turn;
    entry.time_ms = envelope.server_time_ms();
    entry.client_message_id = envelope.client_message_id();
    std::optional<notice> sealed_note;
    auto stored = store_.transaction([&]() -> app_status {
        if (envelope.ciphertext().empty()) {
            // Retention emptied it before we fetched it: nothing to decrypt,
            // and the ratchet is left alone.
            entry.text = expired_message_text;
            entry.status = message_status::expired;
        } else if (auto text = open_message(store_, **keys, *bundle, envelope);
                   text && is_sealed(*text)) {
            // Check-in answers or triggers: to their own tables, not the history.
            auto receipt = receive_sealed(store_, **partner, *text);
            if (!receipt) return receipt.error();
            sealed_note = receipt->note;
            entry.text = receipt->label;
            entry.sealed = true;
            entry.status = message_status::received;
        } else if (text) {
            entry.text = std::move(*text);
            entry.status = message_status::received;
        } else {
            entry.text = text.error().message;
            entry.status = message_status::undecryptable;
        }
        auto id = store_.add_message(entry);
        if (!id) return id.error();
        entry.id = *id;
        return advance();
    });
    if (!stored) return stored.error();
    if (entry.sealed) {
        if (sealed_note && !sealed_note->text.empty() && notices_) notices_(*sealed_note);
        return std::optional<history_entry>{};
    }
    return std::optional<history_entry>(std::move(entry));
}

app_result<std::vector<history_entry>> session_client::fetch_new() {
    std::vector<history_entry> received;
    for (;;) {
        auto after = delivered_seq();
        if (!after) return after.error();
        v1::ClientFrame frame;
        frame.mutable_fetch()->set_after_seq(*after);
        auto reply = request(std::move(frame));
        if (!reply) return reply.error();
        const auto& page = reply->fetch_result();
        for (const auto& envelope : page.messages()) {
            auto accepted = accept_envelope(envelope);
            if (!accepted) return accepted.error();
            if (*accepted) received.push_back(std::move(**accepted));
        }
        if (!page.more() || page.messages().empty()) break;
    }
    if (auto receipt = send_receipt(v1::RECEIPT_DELIVERED); !receipt) return receipt.error();
    // Pushes that came meanwhile: mostly the same messages again, maybe a Paired.
    for (;;) {
        auto frame = inbound(connection_->next_frame(std::chrono::milliseconds(0)));
        if (!frame) break;
        auto event = apply_push(*frame);
        if (!event) return event.error();
        if (*event) {
            if (auto* message = std::get_if<received_message>(&**event)) {
                received.push_back(std::move(message->entry));
            } else {
                pending_events_.push_back(std::move(**event));  // for the next poll
            }
        }
    }
    return received;
}

app_result<std::optional<push_event>> session_client::poll(std::chrono::milliseconds timeout) {
    if (!pending_events_.empty()) {
        auto event = std::move(pending_events_.front());
        pending_events_.pop_front();
        return std::optional<push_event>(std::move(event));
    }
    auto frame = inbound(connection_->next_frame(timeout));
    if (!frame) return std::optional<push_event>{};
    return apply_push(*frame);
}

app_result<std::optional<push_event>> session_client::apply_push(v1::ServerFrame& frame) {
    using event = std::optional<push_event>;
    if (frame.request_id() != 0) return event{};  // a reply nobody waits for any more
    if (frame.has_deliver()) {
        auto accepted = accept_envelope(frame.deliver().message());
        if (!accepted) return accepted.error();
        if (!*accepted) return event{};
        return event{received_message{std::move(**accepted)}};
    }
    if (frame.has_receipt_update()) {
        const auto& update = frame.receipt_update();
        if (update.user_name() == user_name_) return event{};
        const auto status =
            update.kind() == v1::RECEIPT_READ ? message_status::read : message_status::delivered;
        auto partner = store_.partner();
        if (!partner) return partner.error();
        if (*partner) {
            auto marked = store_.mark_receipt((*partner)->pair_id, update.up_to_seq(), status);
            if (!marked) return marked.error();
        }
        return event{receipt_event{update.kind(), update.up_to_seq()}};
    }
    if (frame.has_typing_update()) {
        return event{
            typing_event{frame.typing_update().user_name(), frame.typing_update().typing()}};
    }
    if (frame.has_presence_update()) {
        return event{
            presence_event{frame.presence_update().user_name(), frame.presence_update().online()}};
    }
    if (frame.has_retag_update()) return apply_retag(frame.retag_update());
    if (frame.has_pause_update()) return event{pause_notice(frame.pause_update())};
    if (frame.has_settings()) return apply_settings(frame.settings());
    if (frame.has_breathe()) return event{breathe_event{frame.breathe()}};
    if (frame.has_paired()) {
        if (auto applied = apply_partner(&frame.paired().partner()); !applied)
            return applied.error();
        return event{};
    }
    if (frame.has_unpaired()) {
        if (frame.unpaired().account_deleted()) {
            auto ended = reconcile_partner_deleted(store_, frame.unpaired().partner_user_name());
            if (!ended) return ended.error();
            if (notices_) notices_({false, ended->message});
            return event{};
        }
        if (auto applied = apply_partner(nullptr); !applied) return applied.error();
        return event{};
    }
    return event{};
}

app_result<std::optional<push_event>> session_client::apply_settings(
    const v1::PairSettings& settings) {
    auto before = store_.cached_pair_settings();
    if (!before) return before.error();
    if (auto cached = store_.cache_pair_settings(settings); !cached) return cached.error();
    // Tell what the partner changed; with nothing to compare, the consent.
    std::vector<std::string> changes;
    if (!*before || (*before)->partner_tracking() != settings.partner_tracking()) {
        changes.push_back(std::string("turned bid tracking ") +
                          (settings.partner_tracking() ? "on" : "off") +
                          (settings.tracking() ? " (tracking is on for both of you)" : ""));
    }
    if (*before &&
        (*before)->checkin().SerializeAsString() != settings.checkin().SerializeAsString()) {
        changes.push_back(settings.has_checkin()
                              ? "set the check-in to " + describe_schedule(settings)
                              : std::string("turned the check-in off"));
    }
    if (*before && (*before)->time_zone() != settings.time_zone()) {
        changes.push_back("set the time zone to " + settings.time_zone());
    }
    if (*before && (*before)->response_window_minutes() != settings.response_window_minutes()) {
        changes.push_back("set the response window to " +
                          std::to_string(settings.response_window_minutes()) + " minutes");
    }
    if (changes.empty()) return std::optional<push_event>{};
    std::string text = "your partner ";
    for (std::size_t i = 0; i < changes.size(); ++i) {
        if (i > 0) text += i + 1 == changes.size() ? " and " : ", ";
        text += changes[i];
    }
    return std::optional<push_event>(notice{false, text});
}

notice session_client::pause_notice(const v1::PauseUpdate& update) const {
    const bool mine = update.user_name() == user_name_;
    const std::string who = mine ? "you" : update.user_name();
    if (update.ended()) {
        return notice{false, mine ? "your pause is over: a good moment to come back to each other"
                                  : who + "'s pause is over: " + who + " is coming back"};
    }
    return notice{false, (mine ? std::string("you asked") : who + " asked") +
                             " for a pause until " + format_time(update.end_ms()) +
                             " and will come back; bids are not missed meanwhile"};
}

}  // namespace toward::app
