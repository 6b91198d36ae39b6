#include "message_load.hpp"

#include <algorithm>
#include <boost/asio/dispatch.hpp>

namespace toward::bench {

message_load::message_load(std::shared_ptr<protocol_client> client, const load_plan& plan,
                           std::string id_prefix, load_sender sender)
    : client_(std::move(client)),
      plan_(plan),
      template_(plan.payload_bytes, plan.run_id, id_prefix),
      timer_(client_->get_executor()),
      sender_(std::move(sender)),
      id_prefix_(std::move(id_prefix)) {
    pending_.reserve(plan.open_loop ? 1024 : plan.window * 2);
}

void message_load::start() {
    boost::asio::dispatch(client_->get_executor(), [self = shared_from_this()] {
        std::weak_ptr<message_load> weak = self;
        self->client_->set_frame_handler([weak](const v1::ServerFrame& frame) {
            if (auto load = weak.lock()) load->on_frame(frame);
        });
        self->client_->set_close_handler([weak](const std::string& reason) {
            if (auto load = weak.lock()) load->on_close(reason);
        });
        if (self->plan_.open_loop) {
            self->next_scheduled_ = self->plan_.first_send;
            self->schedule_next();
        } else {
            const auto now = bench_clock::now();
            for (std::size_t i = 0; i < self->plan_.window; ++i) self->send_one(now);
        }
    });
}

void message_load::send_one(bench_clock::time_point scheduled) {
    const auto request_id = client_->next_request_id();
    const auto start_ns = to_ns(scheduled);
    const auto n = next_message_++;
    pending_.emplace(request_id, pending_send{start_ns, n});
    in_flight_.fetch_add(1, std::memory_order_relaxed);
    ++stats_.sent;
    if (measured(scheduled)) ++stats_.measured_sent;
    client_->send_serialized(template_.make(request_id, n, start_ns));
}

void message_load::schedule_next() {
    // Sends everything due (after a late wake-up there may be several), then
    // sleeps until the next scheduled time.
    const auto now = bench_clock::now();
    while (next_scheduled_ <= now && next_scheduled_ < plan_.measure_end && may_send()) {
        send_one(next_scheduled_);
        next_scheduled_ += plan_.interval;
    }
    if (next_scheduled_ >= plan_.measure_end || !may_send()) return;
    timer_.expires_at(next_scheduled_);
    timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
        if (ec) return;
        if (auto self = weak.lock()) self->schedule_next();
    });
}

void message_load::on_frame(const v1::ServerFrame& frame) {
    if (frame.has_deliver()) return on_deliver(frame.deliver().message());
    if (frame.request_id() != 0) on_reply(frame);
}

void message_load::on_reply(const v1::ServerFrame& frame) {
    const auto it = pending_.find(frame.request_id());
    if (it == pending_.end()) return;
    const std::int64_t start_ns = it->second.start_ns;
    pending_.erase(it);
    in_flight_.fetch_sub(1, std::memory_order_relaxed);
    const auto now = bench_clock::now();
    if (frame.status() != v1::STATUS_OK || !frame.has_send_ack() || frame.send_ack().duplicate()) {
        if (stats_.errors++ == 0) {
            stats_.first_error = frame.status() != v1::STATUS_OK
                                     ? v1::Status_Name(frame.status()) + " " + frame.error()
                                     : "unexpected reply to send";
        }
    } else {
        const auto& ack = frame.send_ack();
        ++stats_.acked;
        if (plan_.log)
            plan_.log->ack(sender_.pair_id, sender_.user_name, ack.client_message_id(), ack.seq());
        const bool counted =
            plan_.open_loop ? measured(bench_clock::time_point(std::chrono::nanoseconds(start_ns)))
                            : measured(now);
        if (counted) {
            measured_acks_.fetch_add(1, std::memory_order_relaxed);
            stats_.ack_ns.push_back(to_ns(now) - start_ns);
        }
        const auto seq = ack.seq();
        if (seq > highest_seq_.load(std::memory_order_relaxed)) {
            highest_seq_.store(seq, std::memory_order_relaxed);
        }
    }
    if (!plan_.open_loop && now < plan_.measure_end && may_send()) send_one(now);
}

void message_load::on_close(const std::string& reason) {
    stats_.lost_reason = reason;
    lost_.store(true, std::memory_order_release);
}

void message_load::log_unacked() {
    if (!plan_.log) return;
    std::vector<std::uint64_t> numbers;
    numbers.reserve(pending_.size());
    for (const auto& [request_id, send] : pending_) numbers.push_back(send.message);
    std::sort(numbers.begin(), numbers.end());
    for (const auto n : numbers) {
        plan_.log->unacked(sender_.pair_id, sender_.user_name, id_prefix_ + std::to_string(n));
    }
}

void message_load::on_deliver(const v1::Envelope& envelope) {
    const auto now = bench_clock::now();
    if (envelope.seq() > highest_seq_.load(std::memory_order_relaxed)) {
        highest_seq_.store(envelope.seq(), std::memory_order_relaxed);
    }
    const auto s = read_stamp(envelope.ciphertext());
    if (!s || s->run_id != plan_.run_id) return;
    const auto sent_at = bench_clock::time_point(std::chrono::nanoseconds(s->scheduled_ns));
    if (plan_.open_loop ? measured(sent_at) : measured(now)) {
        measured_deliveries_.fetch_add(1, std::memory_order_relaxed);
        stats_.deliver_ns.push_back(to_ns(now) - s->scheduled_ns);
    }
}

}  // namespace toward::bench
