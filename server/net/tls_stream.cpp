#include "net/tls_stream.hpp"

#include <sys/socket.h>

#include <cerrno>

namespace toward::server {

namespace net = boost::asio;

namespace {

// OpenSSL's write side: records are appended to the stream's output, which
// the stream sends (tls_stream::send_buffered).
int append_output(BIO* bio, const char* data, std::size_t size, std::size_t* written) {
    static_cast<tls_stream::output*>(BIO_get_data(bio))->bytes.append(data, size);
    *written = size;
    return 1;
}

long control_output(BIO*, int command, long, void*) {
    return command == BIO_CTRL_FLUSH ? 1 : 0;  // sending is the stream's business
}

int create_output(BIO* bio) {
    BIO_set_init(bio, 1);
    return 1;
}

const BIO_METHOD* output_method() {
    static BIO_METHOD* const method = [] {
        BIO_METHOD* created =
            BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "toward tls output");
        if (!created || BIO_meth_set_write_ex(created, append_output) != 1 ||
            BIO_meth_set_ctrl(created, control_output) != 1 ||
            BIO_meth_set_create(created, create_output) != 1)
            throw std::runtime_error("TLS: cannot create the output BIO method");
        return created;
    }();
    return method;
}

}  // namespace

tls_stream::tls_stream(net::ip::tcp::socket socket, net::ssl::context& context)
    : next_(std::move(socket)),
      out_(std::make_unique<output>()),
      ssl_(SSL_new(context.native_handle())) {
    if (!ssl_) throw std::bad_alloc();
    SSL_set_accept_state(ssl_.get());
    // Partial writes: one record at a time, so a write never waits for the
    // whole of a large frame. The buffer may move between retries because
    // each retry passes the same bytes again from a fresh operation.
    SSL_set_mode(ssl_.get(), SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                                 SSL_MODE_RELEASE_BUFFERS);
    // Read whatever the socket holds, several records in one recv().
    SSL_set_read_ahead(ssl_.get(), 1);
    boost::beast::error_code ec;
    next_.socket().non_blocking(true, ec);
    if (ec || SSL_set_fd(ssl_.get(), static_cast<int>(next_.socket().native_handle())) != 1)
        throw std::runtime_error("TLS: cannot attach the socket");
    BIO* write_side = BIO_new(output_method());
    if (!write_side) throw std::bad_alloc();
    BIO_set_data(write_side, out_.get());
    SSL_set0_wbio(ssl_.get(), write_side);  // the socket BIO stays for reading
    deadline_ = std::make_shared<deadline_state>(next_.get_executor());
    deadline_->next = &next_;
}

tls_stream::tls_stream(tls_stream&& other) noexcept
    : next_(std::move(other.next_)),
      out_(std::move(other.out_)),
      ssl_(std::move(other.ssl_)),
      deadline_(std::move(other.deadline_)) {
    if (deadline_) deadline_->next = &next_;
}

tls_stream::send_result tls_stream::send_buffered(boost::beast::error_code& ec) {
    auto& out = *out_;
    const int fd = static_cast<int>(next_.socket().native_handle());
    while (out.waiting() > 0) {
        const ssize_t sent = ::send(fd, out.bytes.data() + out.sent, out.waiting(), MSG_NOSIGNAL);
        if (sent >= 0) {
            out.sent += static_cast<std::size_t>(sent);
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return send_result::would_block;
        } else if (errno != EINTR) {
            ec = boost::beast::error_code(errno, boost::system::system_category());
            return send_result::failed;
        }
    }
    // All sent: give the memory back, so an idle connection holds none.
    std::string().swap(out.bytes);
    out.sent = 0;
    return send_result::sent;
}

bool tls_stream::try_send_buffered() {
    boost::beast::error_code ignored;
    return send_buffered(ignored) == send_result::sent;
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
    stream.try_send_buffered();  // close_notify, if the socket takes it now
    stream.next_layer().socket().close(ec);
}

}  // namespace toward::server
