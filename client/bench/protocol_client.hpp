// The toward protocol over a ws_client: ServerFrames parsed once, replies
// matched to async_request() by request id, and everything else (pushes, and
// replies to frames sent with send()) handed to a frame handler.
//
// Threads: like ws_client, one strand per connection. async_request() may be
// called from any thread and completes on the caller's executor; the frame
// handler and send() belong to the strand.
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "toward/v1/toward.pb.h"
#include "ws_client.hpp"

namespace toward::bench {

// A reply that is not STATUS_OK, or no reply because the connection closed.
class protocol_error : public std::runtime_error {
  public:
    protocol_error(v1::Status status, const std::string& what)
        : std::runtime_error(what), status_(status) {}
    v1::Status status() const { return status_; }

  private:
    v1::Status status_;
};

class protocol_client : public std::enable_shared_from_this<protocol_client> {
  public:
    using frame_handler = std::function<void(const v1::ServerFrame&)>;
    using close_handler = std::function<void(const std::string& reason)>;
    using request_handler = std::function<void(boost::system::error_code, v1::ServerFrame)>;
    using executor_type = ws_client::executor_type;

    static std::shared_ptr<protocol_client> create(net::io_context& ioc, const ws_target& target);

    executor_type get_executor() const { return ws_->get_executor(); }

    // Signature void(error_code).
    template <class Token>
    auto async_connect(Token&& token) {
        return ws_->async_connect(std::forward<Token>(token));
    }

    // Sends `frame` with a fresh request id and completes with the reply that
    // echoes it (signature void(error_code, ServerFrame)); the error is set
    // only when the connection closed first. The reply's status is the
    // caller's to check.
    template <class Token>
    auto async_request(v1::ClientFrame frame, Token&& token) {
        return net::async_initiate<Token, void(boost::system::error_code, v1::ServerFrame)>(
            [self = shared_from_this()](auto handler, v1::ClientFrame request) {
                auto ex = net::get_associated_executor(handler, self->get_executor());
                auto shared = std::make_shared<decltype(handler)>(std::move(handler));
                self->start_request(std::move(request), [ex, shared](boost::system::error_code ec,
                                                                     v1::ServerFrame reply) {
                    net::post(ex, [shared, ec, reply = std::move(reply)]() mutable {
                        std::move (*shared)(ec, std::move(reply));
                    });
                });
            },
            token, std::move(frame));
    }

    // Completes with the first frame not claimed by a request (a push, or a
    // reply to send()) for which `wanted` is true, including frames that
    // arrived before the call while no frame handler was set (the last 256
    // are kept). Signature void(error_code, ServerFrame).
    template <class Token>
    auto async_wait_for(std::function<bool(const v1::ServerFrame&)> wanted, Token&& token) {
        return net::async_initiate<Token, void(boost::system::error_code, v1::ServerFrame)>(
            [self = shared_from_this()](auto handler,
                                        std::function<bool(const v1::ServerFrame&)> predicate) {
                auto ex = net::get_associated_executor(handler, self->get_executor());
                auto shared = std::make_shared<decltype(handler)>(std::move(handler));
                self->start_wait(std::move(predicate), [ex, shared](boost::system::error_code ec,
                                                                    v1::ServerFrame frame) {
                    net::post(ex, [shared, ec, frame = std::move(frame)]() mutable {
                        std::move (*shared)(ec, std::move(frame));
                    });
                });
            },
            token, std::move(wanted));
    }

    // Strand only: frames no request claims go to `handler` from now on.
    void set_frame_handler(frame_handler handler);
    // Strand only: `handler` runs once when the connection ends, after the
    // pending requests have failed (at once when it already has).
    void set_close_handler(close_handler handler);
    // Strand only: a request id that async_request will not use.
    std::uint64_t next_request_id() { return next_request_id_++; }
    // Sends a frame as is (strand only; the caller sets its request id).
    void send(const v1::ClientFrame& frame);
    // Sends bytes already serialized (strand only).
    void send_serialized(std::string bytes) { ws_->send(std::move(bytes)); }
    // Closes the connection now.
    void close() { ws_->close(); }
    bool open() const { return ws_->open(); }

  private:
    struct waiter {
        std::function<bool(const v1::ServerFrame&)> wanted;
        request_handler done;
    };

    explicit protocol_client(std::shared_ptr<ws_client> ws);
    void start_request(v1::ClientFrame frame, request_handler done);
    void start_wait(std::function<bool(const v1::ServerFrame&)> wanted, request_handler done);
    void on_message(std::string_view bytes);
    void on_close(const std::string& reason);

    std::shared_ptr<ws_client> ws_;
    v1::ServerFrame frame_;  // reused for every received frame
    std::unordered_map<std::uint64_t, request_handler> pending_;
    std::deque<v1::ServerFrame> inbox_;
    std::deque<waiter> waiters_;
    frame_handler frame_handler_;
    close_handler close_handler_;
    std::uint64_t next_request_id_ = 1;
    bool closed_ = false;
    std::string close_reason_;
};

}  // namespace toward::bench
