// The server's TLS stream: OpenSSL reads and writes the non-blocking socket
// itself (SSL_set_fd), and this class only waits for the socket when OpenSSL
// asks to. It keeps no buffers of its own, and with SSL_MODE_RELEASE_BUFFERS
// (set on the server's context) OpenSSL gives its record buffers back while a
// connection is idle — and partners stay connected all day. Asio's
// ssl::stream holds four 17 KiB buffers for every connection's whole life,
// which made 10,000 idle connections cost 720 MiB (docs/BENCHMARKS.md §3.3).
//
// OpenSSL writes its records into the stream's own output buffer, which the
// stream sends itself. A writer with more to come can ask it to gather
// (gather_writes): the records of several WebSocket frames then leave in one
// send() instead of one each, the biggest cost of relaying on loopback
// (docs/BENCHMARKS.md §3.1). The buffer is given back once sent.
//
// It is an AsyncStream for Beast's HTTP and WebSocket code, with one read and
// one write in flight at a time, both on the connection's strand. Its own
// deadline (expires_after) stands in for beast::tcp_stream's timeouts, which
// only cover the tcp_stream's own operations.
#pragma once

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <boost/asio/compose.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <cerrno>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace toward::server {

class tls_stream {
  public:
    using executor_type = boost::beast::tcp_stream::executor_type;
    using next_layer_type = boost::beast::tcp_stream;

    // A server-side connection on an accepted socket.
    tls_stream(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& context);
    tls_stream(tls_stream&&) noexcept;
    tls_stream& operator=(tls_stream&&) = delete;
    ~tls_stream();

    executor_type get_executor() noexcept { return next_.get_executor(); }
    next_layer_type& next_layer() noexcept { return next_; }
    SSL* native_handle() noexcept { return ssl_.get(); }

    // Closes the socket (so pending operations end with an error) unless the
    // deadline is moved or cleared first.
    void expires_after(std::chrono::steady_clock::duration timeout);
    void expires_never();

    // While on, a write completes once its records are buffered, and they
    // leave with the next write made with it off (or once 64 KiB are
    // waiting). The writer must end every burst with such a write.
    void gather_writes(bool on) noexcept { out_->gathering = on; }

    // Sends what is buffered without waiting; false if some is left.
    bool try_send_buffered();

    template <class Handler>
    auto async_handshake(Handler&& handler) {
        return run([](SSL* ssl, std::size_t&) { return SSL_do_handshake(ssl); }, false,
                   std::forward<Handler>(handler));
    }

    template <class MutableBuffers, class Handler>
    auto async_read_some(const MutableBuffers& buffers, Handler&& handler) {
        boost::asio::mutable_buffer target;
        for (auto it = boost::asio::buffer_sequence_begin(buffers);
             it != boost::asio::buffer_sequence_end(buffers); ++it) {
            if (boost::asio::mutable_buffer(*it).size() != 0) {
                target = *it;
                break;
            }
        }
        return run(
            [target](SSL* ssl, std::size_t& done) {
                if (target.size() == 0) return 1;
                return SSL_read_ex(ssl, target.data(), target.size(), &done);
            },
            false, std::forward<Handler>(handler));
    }

    // Writes one TLS record's worth at most. Beast hands a WebSocket frame as a
    // small header and a payload: both go into one record when they fit.
    template <class ConstBuffers, class Handler>
    auto async_write_some(const ConstBuffers& buffers, Handler&& handler) {
        std::shared_ptr<std::vector<char>> staged;
        boost::asio::const_buffer source = first_buffer(buffers);
        const std::size_t total = boost::asio::buffer_size(buffers);
        if (source.size() < total && source.size() < coalesce_limit) {
            staged = std::make_shared<std::vector<char>>(std::min(total, coalesce_limit));
            boost::asio::buffer_copy(boost::asio::buffer(*staged), buffers);
            source = boost::asio::buffer(*staged);
        }
        return run(
            [source, staged](SSL* ssl, std::size_t& done) {
                if (source.size() == 0) return 1;
                return SSL_write_ex(ssl, source.data(), source.size(), &done);
            },
            true, std::forward<Handler>(handler));
    }

    // Sends close_notify; does not wait for the peer's (the caller closes).
    template <class Handler>
    auto async_shutdown(Handler&& handler) {
        return run(
            [](SSL* ssl, std::size_t&) {
                const int ret = SSL_shutdown(ssl);
                return ret == 0 ? 1 : ret;
            },
            false, std::forward<Handler>(handler));
    }

    // What OpenSSL has written and the socket has not yet taken. Shared
    // with the output BIO, so it stays put when the stream moves.
    struct output {
        std::string bytes;
        std::size_t sent = 0;
        bool gathering = false;
        std::size_t waiting() const noexcept { return bytes.size() - sent; }
    };

  private:
    static constexpr std::size_t coalesce_limit = 16 * 1024;
    static constexpr std::size_t gather_limit = 64 * 1024;

    template <class ConstBuffers>
    static boost::asio::const_buffer first_buffer(const ConstBuffers& buffers) {
        auto it = boost::asio::buffer_sequence_begin(buffers);
        if (it == boost::asio::buffer_sequence_end(buffers)) return {};
        return boost::asio::const_buffer(*it);
    }

    // What OpenSSL's last call asks of us, as an error code or a wait.
    enum class next_step { done, wait_read, wait_write, failed };
    static next_step classify(SSL* ssl, int ret, boost::beast::error_code& ec);

    // Whether an operation must send the buffered output before it goes on:
    // a write unless gathering, any other call only if it wrote something
    // (handshake messages, alerts, close_notify).
    bool must_send(bool is_write, bool wrote) const noexcept {
        if (out_->waiting() == 0) return false;
        if (is_write) return !out_->gathering || out_->waiting() >= gather_limit;
        return wrote;
    }
    enum class send_result { sent, would_block, failed };
    send_result send_buffered(boost::beast::error_code& ec);

    // One OpenSSL call, retried each time the socket is ready as it asks.
    // One OpenSSL call, retried each time the socket is ready as it asks,
    // then the output it buffered sent when it must be.
    template <class Attempt>
    struct io_op {
        io_op(tls_stream& owner, Attempt action, bool writes)
            : stream(owner), attempt(std::move(action)), is_write(writes) {}

        tls_stream& stream;
        Attempt attempt;
        bool is_write;
        bool waited = false;  // completion is deferred through a wait or a post
        bool finished = false;
        bool sending = false;  // sending the buffered output, then `after`
        next_step after = next_step::done;
        boost::beast::error_code result;
        std::size_t transferred = 0;

        template <class Self>
        void operator()(Self& self, boost::beast::error_code ec = {}) {
            using socket = boost::asio::ip::tcp::socket;
            if (finished) return self.complete(result, transferred);
            if (ec) return finish(self, ec);
            if (!sending) {
                const auto buffered = stream.out_->bytes.size();
                ERR_clear_error();
                errno = 0;
                const int ret = attempt(stream.ssl_.get(), transferred);
                boost::beast::error_code failure;
                after = classify(stream.ssl_.get(), ret, failure);
                if (after == next_step::failed) {
                    transferred = 0;
                    return finish(self, failure);
                }
                sending = stream.must_send(is_write, stream.out_->bytes.size() > buffered);
            }
            if (sending) {
                boost::beast::error_code failure;
                switch (stream.send_buffered(failure)) {
                    case send_result::sent:
                        sending = false;
                        break;
                    case send_result::would_block:
                        waited = true;
                        return stream.next_.socket().async_wait(socket::wait_write,
                                                                std::move(self));
                    case send_result::failed:
                        transferred = 0;
                        return finish(self, failure);
                }
            }
            switch (after) {
                case next_step::done:
                case next_step::failed:
                    return finish(self, {});
                case next_step::wait_read:
                    waited = true;
                    return stream.next_.socket().async_wait(socket::wait_read, std::move(self));
                case next_step::wait_write:
                    waited = true;
                    return stream.next_.socket().async_wait(socket::wait_write, std::move(self));
            }
        }

        template <class Self>
        void finish(Self& self, boost::beast::error_code ec) {
            if (ec && stream.deadline_->expired) ec = boost::beast::error::timeout;
            if (waited) return self.complete(ec, transferred);
            // Never call the handler from inside the initiating function.
            finished = true;
            result = ec;
            boost::asio::post(stream.get_executor(), std::move(self));
        }
    };

    template <class Attempt, class Handler>
    auto run(Attempt attempt, bool is_write, Handler&& handler) {
        return boost::asio::async_compose<Handler, void(boost::beast::error_code, std::size_t)>(
            io_op<Attempt>(*this, std::move(attempt), is_write), handler, next_.socket());
    }

    struct ssl_free {
        void operator()(SSL* ssl) const noexcept { SSL_free(ssl); }
    };

    // The deadline's state is shared with its pending wait, which may outlive
    // the stream or see it moved.
    struct deadline_state {
        explicit deadline_state(const executor_type& executor) : timer(executor) {}
        boost::asio::steady_timer timer;
        boost::beast::tcp_stream* next = nullptr;
        bool expired = false;
    };

    boost::beast::tcp_stream next_;
    std::unique_ptr<output> out_;
    std::unique_ptr<SSL, ssl_free> ssl_;
    std::shared_ptr<deadline_state> deadline_;
};

// WebSocket closing over this stream (found by Beast through ADL).
void teardown(boost::beast::role_type role, tls_stream& stream, boost::beast::error_code& ec);

template <class Handler>
void async_teardown(boost::beast::role_type, tls_stream& stream, Handler&& handler) {
    stream.async_shutdown([&stream, handler = std::forward<Handler>(handler)](
                              boost::beast::error_code ec, std::size_t) mutable {
        boost::beast::error_code ignored;
        stream.next_layer().socket().close(ignored);
        handler(ec);
    });
}

}  // namespace toward::server
