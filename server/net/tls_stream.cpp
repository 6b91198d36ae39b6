#include "net/tls_stream.hpp"

#include <cerrno>

namespace toward::server {

namespace net = boost::asio;

tls_stream::tls_stream(net::ip::tcp::socket socket, net::ssl::context& context)
    : next_(std::move(socket)), ssl_(SSL_new(context.native_handle())) {
    if (!ssl_) throw std::bad_alloc();
    SSL_set_accept_state(ssl_.get());
    // Partial writes: one record at a time, so a write never waits for the
    // whole of a large frame. The buffer may move between retries because
    // each retry passes the same bytes again from a fresh operation.
    SSL_set_mode(ssl_.get(), SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                                 SSL_MODE_RELEASE_BUFFERS);
    boost::beast::error_code ec;
    next_.socket().non_blocking(true, ec);
    if (ec || SSL_set_fd(ssl_.get(), static_cast<int>(next_.socket().native_handle())) != 1)
        throw std::runtime_error("TLS: cannot attach the socket");
    deadline_ = std::make_shared<deadline_state>(next_.get_executor());
    deadline_->next = &next_;
}

tls_stream::tls_stream(tls_stream&& other) noexcept
    : next_(std::move(other.next_)),
      ssl_(std::move(other.ssl_)),
      deadline_(std::move(other.deadline_)) {
    if (deadline_) deadline_->next = &next_;
}

tls_stream::~tls_stream() {
    if (!deadline_) return;
    deadline_->next = nullptr;
    deadline_->timer.cancel();
}

void tls_stream::expires_after(std::chrono::steady_clock::duration timeout) {
    deadline_->expired = false;
    deadline_->timer.expires_after(timeout);
    deadline_->timer.async_wait([state = deadline_](boost::beast::error_code ec) {
        if (ec || state->next == nullptr) return;
        state->expired = true;
        boost::beast::error_code ignored;
        state->next->socket().close(ignored);
    });
}

void tls_stream::expires_never() {
    deadline_->expired = false;
    deadline_->timer.cancel();
}

tls_stream::next_step tls_stream::classify(SSL* ssl, int ret, boost::beast::error_code& ec) {
    if (ret > 0) return next_step::done;
    switch (SSL_get_error(ssl, ret)) {
        case SSL_ERROR_WANT_READ:
            return next_step::wait_read;
        case SSL_ERROR_WANT_WRITE:
            return next_step::wait_write;
        case SSL_ERROR_ZERO_RETURN:
            ec = net::error::eof;  // the peer sent close_notify
            return next_step::failed;
        case SSL_ERROR_SYSCALL:
            // errno 0: the peer closed without close_notify.
            ec = errno != 0 ? boost::beast::error_code(errno, boost::system::system_category())
                            : boost::beast::error_code(net::ssl::error::stream_truncated);
            return next_step::failed;
        default: {
            const auto reason = ERR_get_error();
            ec = reason != 0 ? boost::beast::error_code(static_cast<int>(reason),
                                                        net::error::get_ssl_category())
                             : boost::beast::error_code(net::ssl::error::unspecified_system_error);
            return next_step::failed;
        }
    }
}

void teardown(boost::beast::role_type, tls_stream& stream, boost::beast::error_code& ec) {
    SSL_shutdown(stream.native_handle());
    stream.next_layer().socket().close(ec);
}

}  // namespace toward::server
