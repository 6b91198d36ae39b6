// One asynchronous WebSocket client connection for the benchmarks: TCP, an
// optional TLS handshake (verified against the bench's CA), the WebSocket
// upgrade, then a read loop that hands every message to a handler and a write
// queue with one write in flight. Thousands of them share one io_context.
//
// Threads: each connection runs on its own strand. Handlers run on it; send()
// and close() may be called from any thread (they dispatch to the strand).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/system/error_code.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "net/server_url.hpp"

namespace toward::bench {

namespace net = boost::asio;

// Where and how to connect; resolved once, shared by every connection.
struct ws_target {
    client::server_url url;
    net::ip::tcp::resolver::results_type endpoints;
    net::ssl::context* tls = nullptr;  // null for ws://
    std::string subprotocol;           // offered in the upgrade when not empty
};

// Resolves `url_text` and, for wss://, makes a client TLS context that trusts
// `ca_file` (the system's roots when empty). Throws std::runtime_error with a
// readable reason.
ws_target make_ws_target(const std::string& url_text, const std::string& ca_file,
                         std::unique_ptr<net::ssl::context>& tls_storage);

class ws_client : public std::enable_shared_from_this<ws_client> {
  public:
    using executor_type = net::strand<net::io_context::executor_type>;
    using message_handler = std::function<void(std::string_view)>;
    using close_handler = std::function<void(const std::string& reason)>;

    static std::shared_ptr<ws_client> create(net::io_context& ioc, const ws_target& target);
    ~ws_client();
    ws_client(const ws_client&) = delete;
    ws_client& operator=(const ws_client&) = delete;

    executor_type get_executor() const { return strand_; }

    // Set before connecting. on_message sees each received message (valid only
    // during the call); on_close runs once when the connection ends.
    void set_handlers(message_handler on_message, close_handler on_close);

    // Connects, completes the TLS and WebSocket handshakes and starts reading.
    // Completes with an error code (signature void(error_code)) on the
    // handler's own executor.
    template <class Token>
    auto async_connect(Token&& token) {
        return net::async_initiate<Token, void(boost::system::error_code)>(
            [self = shared_from_this()](auto handler) {
                auto ex = net::get_associated_executor(handler, self->get_executor());
                auto shared = std::make_shared<decltype(handler)>(std::move(handler));
                self->start_connect([ex, shared](boost::system::error_code ec) {
                    net::post(ex, [shared, ec]() mutable { std::move (*shared)(ec); });
                });
            },
            token);
    }

    // Queues one binary message.
    void send(std::string message);
    // Closes the socket at once (no closing handshake); on_close follows.
    void close();

    bool open() const { return open_; }
    // Bytes queued and not yet written (strand only).
    std::size_t queued_bytes() const { return queued_bytes_; }

  private:
    struct streams;
    ws_client(net::io_context& ioc, const ws_target& target);
    void start_connect(std::function<void(boost::system::error_code)> done);
    void complete_connect(boost::system::error_code ec);
    void on_connected(boost::system::error_code ec);
    void on_tls_handshake(boost::system::error_code ec);
    void on_ws_handshake(boost::system::error_code ec);
    void do_read();
    void on_read(boost::system::error_code ec, std::size_t bytes);
    void do_write();
    void on_write(boost::system::error_code ec, std::size_t bytes);
    void finish(const std::string& reason);

    template <class F>
    void with_ws(F&& f);

    executor_type strand_;
    const ws_target& target_;
    std::unique_ptr<streams> streams_;
    message_handler on_message_;
    close_handler on_close_;
    std::function<void(boost::system::error_code)> connect_done_;
    std::deque<std::string> queue_;
    std::size_t queued_bytes_ = 0;
    bool writing_ = false;
    bool open_ = false;
    bool finished_ = false;
};

}  // namespace toward::bench
