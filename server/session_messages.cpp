// Sending, delivering, fetching, receipts and typing.
#include <algorithm>

#include "message_tags.hpp"
#include "protocol_session_impl.hpp"
#include "util/log.hpp"

namespace toward::server {
namespace {

constexpr std::uint32_t fetch_page = 500;
constexpr std::size_t max_client_message_id = 64;
constexpr std::size_t max_ratchet_header = 1024;

// Why a draft is not acceptable, or empty when it is.
std::string check_draft(const v1::SendMessageRequest& request) {
    if (request.client_message_id().empty() ||
        request.client_message_id().size() > max_client_message_id)
        return "client_message_id must be 1-64 bytes";
    if (request.ciphertext().empty()) return "ciphertext is empty";
    if (request.ratchet_header().size() > max_ratchet_header) return "ratchet header too long";
    return check_tags(request.kind(), request.bid_category(), request.has_response(),
                      request.response());
}

// What the sender's ack needs: the stored message, shared with the
// partner's pushes, and whether it had been stored before.
struct stored_send {
    std::shared_ptr<const stored_message> message;
    bool duplicate = false;
};

void fill_envelope(v1::Envelope& envelope, const stored_message& message) {
    envelope.set_seq(message.seq);
    envelope.set_sender(message.sender_name);
    envelope.set_client_message_id(message.content.client_message_id);
    envelope.set_kind(static_cast<v1::MessageKind>(message.content.kind));
    envelope.set_bid_category(static_cast<v1::BidCategory>(message.content.bid_category));
    if (message.content.kind == v1::KIND_RESPONSE) {
        envelope.mutable_response()->set_bid_seq(message.content.response_bid_seq);
        envelope.mutable_response()->set_turn(static_cast<v1::Turn>(message.content.turn));
    }
    envelope.set_ratchet_header(message.content.ratchet_header);
    envelope.set_ciphertext(message.content.ciphertext);
    envelope.set_server_time_ms(message.server_time_ms);
}

}  // namespace

void protocol_session::handle_send(std::uint64_t request_id, v1::SendMessageRequest& request) {
    if (partner_ == 0) return reply_error(request_id, errc::not_paired);
    if (auto problem = check_draft(request); !problem.empty()) {
        return reply_error(request_id, errc::invalid_argument, problem);
    }
    message_draft draft;
    // The frame is done with once read: its bytes move into the draft.
    draft.client_message_id = std::move(*request.mutable_client_message_id());
    draft.kind = request.kind() == v1::KIND_UNSPECIFIED ? v1::KIND_CHAT : request.kind();
    draft.bid_category = request.bid_category();
    draft.response_bid_seq = request.response().bid_seq();
    draft.turn = request.response().turn();
    draft.ratchet_header = std::move(*request.mutable_ratchet_header());
    draft.ciphertext = std::move(*request.mutable_ciphertext());

    auto acknowledge =
        on_strand<stored_send>([self = shared_from_this(), request_id](result<stored_send> stored) {
            if (!stored) return self->reply_error(request_id, error_of(stored));
            self->acknowledge_send(request_id, *stored->message, stored->duplicate);
        });
    ctx_.db.append_message(
        user_, std::move(draft), ctx_.time.now_ms(),
        [self = shared_from_this(),
         acknowledge = std::move(acknowledge)](result<append_outcome> stored) {
            if (!stored) return acknowledge(stored.error());
            // One copy of the message serves the partner's sessions and the ack.
            auto message = std::make_shared<const stored_message>(std::move(stored->message));
            // Right after the commit, and in commit order (the store's
            // completions run one after another): telling the recipient from
            // here keeps every session's pushes in seq order.
            if (!stored->duplicate) {
                ++self->ctx_.stats.messages_stored;
                self->ctx_.online.for_each_session(stored->recipient, [&](const auto& session) {
                    session->notify_message(message);
                });
            }
            acknowledge(stored_send{std::move(message), stored->duplicate});
        });
}

void protocol_session::acknowledge_send(std::uint64_t request_id, const stored_message& message,
                                        bool duplicate) {
    if (message.seq == seen_up_to_ + 1) seen_up_to_ = message.seq;
    v1::ServerFrame frame;
    auto* ack = frame.mutable_send_ack();
    ack->set_client_message_id(message.content.client_message_id);
    ack->set_seq(message.seq);
    ack->set_server_time_ms(message.server_time_ms);
    ack->set_duplicate(duplicate);
    reply(request_id, frame);
}

void protocol_session::notify_message(std::shared_ptr<const stored_message> message) {
    boost::asio::post(strand_, [self = shared_from_this(), message = std::move(message)] {
        if (self->closed_ || self->user_ == 0 || self->partner_ == 0) return;
        if (self->catching_up_) {
            self->catch_up_again_ = true;
        } else if (message->seq == self->seen_up_to_ + 1) {
            self->deliver(*message);
        } else if (message->seq > self->seen_up_to_) {
            self->catch_up();  // a gap: fetch what is missing, in order
        }
    });
}

void protocol_session::deliver(const stored_message& message) {
    v1::ServerFrame frame;
    fill_envelope(*frame.mutable_deliver()->mutable_message(), message);
    seen_up_to_ = std::max(seen_up_to_, message.seq);
    ++ctx_.stats.messages_delivered;
    send(serialize(frame));
}

void protocol_session::catch_up() {
    catching_up_ = true;
    catch_up_again_ = false;
    waiting_for_drain_ = false;
    // A page never fills more than half the write queue, and the next page
    // waits until the queue has drained: a long backlog reaches a slow
    // reader at its own pace instead of overflowing its queue.
    const auto& limits = ctx_.config.limits;
    const auto page_size = static_cast<std::uint32_t>(std::clamp<std::int64_t>(
        limits.write_queue_bytes / (2 * limits.max_frame_bytes), 1, fetch_page));
    ctx_.db.fetch_messages(
        user_, seen_up_to_, page_size, true,
        on_strand<std::vector<stored_message>>(
            [self = shared_from_this(), page_size](result<std::vector<stored_message>> page) {
                if (!page) {
                    self->catching_up_ = false;
                    return;
                }
                for (const auto& message : *page) {
                    if (message.seq > self->seen_up_to_) self->deliver(message);
                }
                if (page->size() < page_size && !self->catch_up_again_) {
                    self->catching_up_ = false;
                    return;
                }
                auto sink = self->sink_.lock();
                if (sink && sink->queued_frames() > 0) {
                    self->waiting_for_drain_ = true;
                } else {
                    self->catch_up();
                }
            }));
}

void protocol_session::on_queue_drained() {
    if (waiting_for_drain_ && !closed_) catch_up();
}

void protocol_session::handle_fetch(std::uint64_t request_id, const v1::FetchRequest& request) {
    const std::uint32_t limit =
        request.limit() == 0 ? fetch_page : std::min(request.limit(), fetch_page);
    // A reply never takes more than half the write queue, whatever the
    // messages weigh: a page of large ones must not get its own reader
    // dropped as slow. It always holds one message, so a fetch moves on.
    const auto reply_budget = static_cast<std::size_t>(ctx_.config.limits.write_queue_bytes / 2);
    ctx_.db.fetch_messages(user_, request.after_seq(), limit + 1, false,
                           on_strand<std::vector<stored_message>>(
                               [self = shared_from_this(), request_id, limit,
                                reply_budget](result<std::vector<stored_message>> page) {
                                   if (!page) return self->reply_error(request_id, error_of(page));
                                   v1::ServerFrame frame;
                                   auto* fetched = frame.mutable_fetch_result();
                                   std::size_t bytes = 0;
                                   std::size_t count = 0;
                                   for (; count < page->size() && count < limit; ++count) {
                                       v1::Envelope envelope;
                                       fill_envelope(envelope, (*page)[count]);
                                       bytes +=
                                           envelope.ByteSizeLong() + 8;  // and its tag and length
                                       if (count > 0 && bytes > reply_budget) break;
                                       *fetched->add_messages() = std::move(envelope);
                                   }
                                   fetched->set_more(page->size() > count);
                                   self->reply(request_id, frame);
                               }));
}

void protocol_session::handle_receipt(std::uint64_t request_id, const v1::ReceiptRequest& request) {
    if (request.kind() != v1::RECEIPT_DELIVERED && request.kind() != v1::RECEIPT_READ) {
        return reply_error(request_id, errc::invalid_argument,
                           "receipt kind must be delivered or read");
    }
    const auto kind =
        request.kind() == v1::RECEIPT_DELIVERED ? receipt_kind::delivered : receipt_kind::read;
    ctx_.db.record_receipt(
        user_, kind, request.up_to_seq(),
        on_strand<receipt_outcome>([self = shared_from_this(), request_id,
                                    wire_kind = request.kind()](result<receipt_outcome> recorded) {
            if (!recorded) return self->reply_error(request_id, error_of(recorded));
            self->reply_ok(request_id);
            if (!recorded->changed) return;
            v1::ServerFrame update;
            update.mutable_receipt_update()->set_user_name(self->user_name_);
            update.mutable_receipt_update()->set_kind(wire_kind);
            update.mutable_receipt_update()->set_up_to_seq(recorded->up_to_seq);
            self->tell_partner(update);
        }));
}

void protocol_session::handle_typing(std::uint64_t request_id, const v1::TypingRequest& request) {
    if (partner_ == 0) return reply_error(request_id, errc::not_paired);
    v1::ServerFrame update;
    update.mutable_typing_update()->set_user_name(user_name_);
    update.mutable_typing_update()->set_typing(request.typing());
    tell_partner(update);
    reply_ok(request_id);
}

void protocol_session::tell_partner(const v1::ServerFrame& frame) {
    if (partner_ == 0) return;
    auto bytes = serialize_push(frame);
    ctx_.online.for_each_session(partner_,
                                 [&](const auto& session) { session->notify_frame(bytes); });
}

void protocol_session::announce_presence(bool online) {
    v1::ServerFrame update;
    update.mutable_presence_update()->set_user_name(user_name_);
    update.mutable_presence_update()->set_online(online);
    tell_partner(update);
}

}  // namespace toward::server
