#include "protocol_client.hpp"

#include <boost/asio/dispatch.hpp>
#include <utility>

namespace toward::bench {

namespace {
constexpr std::size_t max_inbox = 256;
}  // namespace

std::shared_ptr<protocol_client> protocol_client::create(net::io_context& ioc,
                                                         const ws_target& target) {
    auto client =
        std::shared_ptr<protocol_client>(new protocol_client(ws_client::create(ioc, target)));
    std::weak_ptr<protocol_client> weak = client;
    client->ws_->set_handlers(
        [weak](std::string_view bytes) {
            if (auto self = weak.lock()) self->on_message(bytes);
        },
        [weak](const std::string& reason) {
            if (auto self = weak.lock()) self->on_close(reason);
        });
    return client;
}

protocol_client::protocol_client(std::shared_ptr<ws_client> ws) : ws_(std::move(ws)) {}

void protocol_client::set_frame_handler(frame_handler handler) {
    frame_handler_ = std::move(handler);
    inbox_.clear();
}

void protocol_client::set_close_handler(close_handler handler) {
    if (closed_) return handler(close_reason_);
    close_handler_ = std::move(handler);
}

void protocol_client::send(const v1::ClientFrame& frame) {
    ws_->send(frame.SerializeAsString());
}

void protocol_client::start_request(v1::ClientFrame frame, request_handler done) {
    net::dispatch(get_executor(), [self = shared_from_this(), frame = std::move(frame),
                                   done = std::move(done)]() mutable {
        if (self->closed_) return done(net::error::not_connected, {});
        const auto id = self->next_request_id();
        frame.set_request_id(id);
        self->pending_.emplace(id, std::move(done));
        self->send(frame);
    });
}

void protocol_client::start_wait(std::function<bool(const v1::ServerFrame&)> wanted,
                                 request_handler done) {
    net::dispatch(get_executor(), [self = shared_from_this(), wanted = std::move(wanted),
                                   done = std::move(done)]() mutable {
        for (auto it = self->inbox_.begin(); it != self->inbox_.end(); ++it) {
            if (wanted(*it)) {
                auto frame = std::move(*it);
                self->inbox_.erase(it);
                return done({}, std::move(frame));
            }
        }
        if (self->closed_) return done(net::error::not_connected, {});
        self->waiters_.push_back({std::move(wanted), std::move(done)});
    });
}

void protocol_client::on_message(std::string_view bytes) {
    frame_.Clear();
    if (!frame_.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return;
    if (frame_.request_id() != 0) {
        if (auto it = pending_.find(frame_.request_id()); it != pending_.end()) {
            auto done = std::move(it->second);
            pending_.erase(it);
            return done({}, frame_);
        }
    }
    for (auto it = waiters_.begin(); it != waiters_.end(); ++it) {
        if (it->wanted(frame_)) {
            auto done = std::move(it->done);
            waiters_.erase(it);
            return done({}, frame_);
        }
    }
    if (frame_handler_) return frame_handler_(frame_);
    inbox_.push_back(frame_);
    if (inbox_.size() > max_inbox) inbox_.pop_front();
}

void protocol_client::on_close(const std::string& reason) {
    closed_ = true;
    close_reason_ = reason;
    auto pending = std::move(pending_);
    pending_.clear();
    for (auto& [id, done] : pending) done(net::error::connection_reset, {});
    auto waiters = std::move(waiters_);
    waiters_.clear();
    for (auto& w : waiters) w.done(net::error::connection_reset, {});
    if (auto handler = std::exchange(close_handler_, nullptr)) handler(reason);
}

}  // namespace toward::bench
